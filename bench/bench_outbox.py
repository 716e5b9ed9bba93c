#!/usr/bin/env python
"""Outbox throughput benchmark: the worker and the real Twilio SDK against a local fake.

Run by hand (it is not a test):

    .venv/bin/python bench/bench_outbox.py                       # 1000 messages, then 3 seg/s for ~10 s
    .venv/bin/python bench/bench_outbox.py --messages 3000 --rate 1 --seconds 5

Two runs, each on a fresh temporary SQLite file migrated the way production migrates it:
1. rate limit off: N due reminder-sized rows, one `Worker.run_once()` with the real
   TwilioSender posting to tests/fakes/twilio_api.FakeTwilio (HTTP on 127.0.0.1, random
   port, Basic auth, JSON answers): messages/s, end to end (claim, checks, HTTPS-less POST,
   JSON parse, row update).
2. rate limit on (default 3 segments/s, Twilio's toll-free rate): enough rows for about
   --seconds of sending; the achieved rate is measured from the arrival times the fake
   recorded (segments after the first / time from first to last arrival), next to the
   configured one.

Every row must have been sent exactly once (checked against the fake's records). Loopback
only, bounded by --messages and --seconds; the fake stops itself at the end.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from smsbot.clock import SystemClock  # noqa: E402
from smsbot.config import Settings  # noqa: E402
from smsbot.dialog import texts  # noqa: E402
from smsbot.messaging.policy import segments  # noqa: E402
from smsbot.messaging.twilio_sender import TwilioSender  # noqa: E402
from smsbot.messaging.worker import Worker  # noqa: E402
from smsbot.store import outbox  # noqa: E402
from smsbot.store.db import Database  # noqa: E402
from smsbot.store.migrate import upgrade  # noqa: E402
from smsbot.store.models import OutboxMessage  # noqa: E402
from tests.fakes.twilio_api import FakeTwilio  # noqa: E402

NY = ZoneInfo("America/New_York")
FROM = "+15550009999"


def fresh_db(folder: str, name: str) -> Database:
    url = f"sqlite:///{folder}/{name}.db"
    upgrade(url)
    return Database(url)


def fill(db: Database, count: int) -> int:
    """`count` due reminders to distinct numbers; returns their total segments."""
    now = datetime.now(timezone.utc)
    start = datetime(2026, 3, 6, 10, 0, tzinfo=NY)
    total = 0
    with db.transaction() as session:
        for n in range(count):
            body = texts.reminder(start + timedelta(minutes=30 * (n % 16)))
            total += segments(body)
            outbox.enqueue(session, key=f"bench:{n}", to=f"+1555{n:07d}", body=body,
                           due_at=now - timedelta(seconds=1), now=now, kind="reminder")
    return total


def check_all_sent(db: Database, fake: FakeTwilio, count: int) -> None:
    with db.transaction() as session:
        sent = session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.status == "sent"))
    tos = [m["to"] for m in fake.messages]
    if sent != count or len(tos) != count or len(set(tos)) != count:
        raise SystemExit(f"FAILED: {count} rows, {sent} marked sent, {len(tos)} requests "
                         f"({len(set(tos))} distinct numbers)")


def run(fake: FakeTwilio, db: Database, rate: float, batch: int) -> tuple[dict, float]:
    settings = Settings().with_overrides(sms_segments_per_second=rate)
    sender = TwilioSender(fake.account_sid, fake.auth_token, from_number=FROM, base_url=fake.base_url)
    worker = Worker(db, sender, settings, SystemClock(), batch=batch)
    started = time.perf_counter()
    counts = worker.run_once()
    return counts, time.perf_counter() - started


def unlimited(folder: str, messages: int, batch: int) -> None:
    db = fresh_db(folder, "unlimited")
    fill(db, messages)
    with FakeTwilio() as fake:
        counts, elapsed = run(fake, db, 0, batch)
        check_all_sent(db, fake, messages)
    db.dispose()
    print(f"rate limit off : {messages} messages in {elapsed:.2f} s = {messages / elapsed:,.0f} messages/s "
          f"({counts})")


def limited(folder: str, rate: float, seconds: float, batch: int) -> None:
    db = fresh_db(folder, "limited")
    # one-segment reminders: the first goes at once (burst 1), then one every 1/rate s
    count = int(rate * seconds) + 1
    total = fill(db, count)
    with FakeTwilio() as fake:
        counts, elapsed = run(fake, db, rate, batch)
        check_all_sent(db, fake, count)
        arrivals = sorted(r.at for r in fake.requests)
    db.dispose()
    span = arrivals[-1] - arrivals[0]
    achieved = (total - segments(texts.reminder(datetime(2026, 3, 6, 10, 0, tzinfo=NY)))) / span
    print(f"rate limit {rate:g}/s: {count} messages ({total} segments) in {elapsed:.2f} s; "
          f"achieved {achieved:.3f} segments/s between first and last send "
          f"({achieved / rate:.1%} of the limit) ({counts})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="rows for the unlimited run")
    parser.add_argument("--rate", type=float, default=3.0, help="segments per second for the limited run")
    parser.add_argument("--seconds", type=float, default=10.0, help="about how long the limited run sends")
    parser.add_argument("--batch", type=int, default=20, help="rows a worker claims at a time")
    args = parser.parse_args()
    if not (0 < args.messages <= 100_000 and 0 < args.rate and 0 < args.seconds <= 120):
        parser.error("keep it bounded: 1-100000 messages, a positive rate, at most 120 s")
    for name in ("TWILIO_REGION", "TWILIO_EDGE"):
        os.environ.pop(name, None)  # harmless anyway: the sender ignores them for a custom base URL
    os.environ["NO_PROXY"] = os.environ["no_proxy"] = "127.0.0.1,localhost"
    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as folder:
        print(f"outbox benchmark: worker + TwilioSender (twilio SDK) -> fake Messages endpoint on "
              f"127.0.0.1, SQLite file, batch {args.batch}")
        unlimited(folder, args.messages, args.batch)
        limited(folder, args.rate, args.seconds, args.batch)


if __name__ == "__main__":
    main()
