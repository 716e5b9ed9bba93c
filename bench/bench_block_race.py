#!/usr/bin/env python
"""A staff BLOCK and a customer's "yes" for the same slot, released together, round after
round through Bot.handle: how often both win with the block's reply unaware of the booking
(run by hand; it is not a test; tests/test_block_races.py is).

    .venv/bin/python bench/bench_block_race.py --url postgresql+psycopg://postgres@127.0.0.1/DB
    .venv/bin/python bench/bench_block_race.py                     # SQLite file
"""
from __future__ import annotations

import argparse
import tempfile
import threading
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from smsbot.bot import Bot, Inbound
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.store import staff as staff_store
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade
from smsbot.store.models import Appointment, AppointmentCell, BusyBlock

NY = ZoneInfo("America/New_York")
STAFF = "+15550000002"


def together(*calls):
    barrier, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i):
        barrier.wait()
        results[i] = " ".join(calls[i]())

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def one_round(bot: Bot, k: int) -> str:
    with bot.db.transaction() as session:  # the same slot, free and unblocked, every round
        for model in (AppointmentCell, Appointment, BusyBlock):
            session.execute(delete(model))
    customer = f"+1555020{k:04d}"
    assert bot.handle(Inbound(f"SMq{k:030d}", customer, "thursday at 2:30pm"))[0].startswith("Book")
    staff, answer = together(
        lambda: bot.handle(Inbound(f"SMb{k:030d}", STAFF, "block thu 2:30-3pm")),
        lambda: bot.handle(Inbound(f"SMy{k:030d}", customer, "yes")))
    if not answer.startswith("Booked"):
        return "block first: customer told just taken"
    if "Still booked inside" in staff:
        return "booking first: block reply names it"
    return "BOTH WON, block reply silent"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="", help="a fresh database (default: a temp SQLite file)")
    parser.add_argument("--rounds", type=int, default=80)
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    upgrade(url)
    clock = FrozenClock(datetime(2026, 3, 4, 10, 15, tzinfo=NY))
    bot = Bot(Database(url), Settings(), clock)
    with bot.db.transaction() as session:
        staff_store.add(session, STAFF, "Sam", "staff", clock.now())
    tally = Counter(one_round(bot, k) for k in range(args.rounds))
    for outcome, count in sorted(tally.items()):
        print(f"{count:4d}/{args.rounds}  {outcome}")


if __name__ == "__main__":
    main()
