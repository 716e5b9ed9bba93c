#!/usr/bin/env python
"""The bot's own cost per message, without HTTP: whole booking conversations driven
through Bot.handle on a fresh database (run by hand; it is not a test).

    .venv/bin/python bench/bench_inprocess.py                      # SQLite file
    .venv/bin/python bench/bench_inprocess.py --url postgresql+psycopg://postgres@127.0.0.1/DB
    .venv/bin/python bench/bench_inprocess.py --profile            # cProfile, top by own time
"""
from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from smsbot.bot import Bot, Inbound
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade

NY = ZoneInfo("America/New_York")
DAYS = ["march 5", "march 6", "march 9", "march 10", "march 11", "march 12", "march 13", "march 16"]
TIMES = [f"{h}:{m:02d}{ap}" for h, ap in [(9, "am"), (10, "am"), (11, "am"), (1, "pm"), (2, "pm"), (3, "pm")]
         for m in (0, 30)]


def conversations(bot: Bot, count: int, prefix: str, skip: int = 0) -> int:
    """`count` booking conversations, each for its own slot (after the first `skip` slots)."""
    sent, ids = 0, itertools.count()
    slots = itertools.islice(itertools.product(DAYS, TIMES), skip, skip + count)
    for i, (day, at) in enumerate(slots):
        phone = f"+1555{prefix}{i:06d}"
        for text in ("BOOK", f"{day} at {at}", "yes"):
            replies = bot.handle(Inbound(f"SM{prefix}{next(ids):030d}", phone, text))
            sent += 1
        assert replies[0].startswith("Booked"), replies
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="", help="a fresh database (default: a temp SQLite file)")
    parser.add_argument("--conversations", type=int, default=90, help="at most 90")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    url = args.url or f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    upgrade(url)
    bot = Bot(Database(url), Settings(), FrozenClock(datetime(2026, 3, 4, 10, 15, tzinfo=NY)))
    conversations(bot, 5, "9", skip=len(DAYS) * len(TIMES) - 5)  # warm up: statement caches, imports
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    started = time.perf_counter()
    messages = conversations(bot, args.conversations, "1")
    elapsed = time.perf_counter() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    print(f"{messages} messages in {elapsed:.2f} s: {elapsed / messages * 1000:.2f} ms a message, "
          f"{messages / elapsed:.0f} messages/s on one thread ({url.split(':')[0]})")


if __name__ == "__main__":
    main()
