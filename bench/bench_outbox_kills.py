#!/usr/bin/env python
"""Duplicate SMS after a crash: real `smsbot worker` processes SIGKILLed mid-send.

Run by hand (it is not a test; tests/test_outbox_crash.py holds the bounded CI checks):

    .venv/bin/python bench/bench_outbox_kills.py                         # this checkout, 8 kills
    .venv/bin/python bench/bench_outbox_kills.py --code /tmp/outbox_before --kills 8

Each trial: a fresh SQLite file migrated and filled (by the measured code) with --rows due
reminders to distinct numbers; tests/fakes/twilio_api.FakeTwilio on 127.0.0.1 takes each
message request, creates the message halfway through --latency and answers at its end;
`python -m smsbot worker` (the code under --code, via PYTHONPATH) starts sending, and at a
random moment (seeded) while its messages are in flight it is SIGKILLed. Once the fake has
finished what it was given, the killed worker's leases are moved into the past (what
waiting them out would do) and `smsbot worker --once` finishes the job. A trial "produced
a duplicate" when some number got its message twice; "lost" counts rows never sent.
--wait-lease waits the leases out instead: a second `smsbot worker` polls from the kill
on, and the seconds until every row is sent are reported.
Loopback only; bounded by --kills and a deadline on every wait.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakes.twilio_api import FakeTwilio, Reply  # noqa: E402

FROM = "+15550009999"
SETUP = """
import sys
from datetime import datetime, timedelta, timezone
from smsbot.store import outbox
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade
url, rows = sys.argv[1], int(sys.argv[2])
upgrade(url)
db, now = Database(url), datetime.now(timezone.utc)
with db.transaction() as session:
    for n in range(rows):
        outbox.enqueue(session, key=f"kill:{n}", to=f"+1555{n:07d}", body=f"Reminder {n}: see you soon.",
                       due_at=now - timedelta(seconds=1), now=now, kind="reminder")
db.dispose()
"""


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def unsent(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT count(*) FROM outbox WHERE status != 'sent'").fetchone()[0]


def wait_out_leases(env: dict, folder: Path, path: Path) -> float:
    """Seconds from now until a polling worker has sent every row (at most 300)."""
    started = time.monotonic()
    rescuer = subprocess.Popen([sys.executable, "-m", "smsbot", "worker", "--poll", "0.5"], env=env,
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not wait_for(lambda: unsent(path) == 0, 300):
            raise SystemExit("rows still unsent after 300 s")
        return time.monotonic() - started
    finally:
        rescuer.kill()
        rescuer.wait(timeout=10)


def trial(code: Path, folder: Path, rows: int, latency: float, rng: random.Random,
          wait_lease: bool) -> tuple[int, int, float | None]:
    """(numbers that got their message more than once, rows never sent, seconds until
    all were sent when the leases were waited out)."""
    path = folder / "outbox.db"
    url = f"sqlite:///{path}"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMSBOT_"))}
    env.update(PYTHONPATH=str(code), DATABASE_URL=url, SMSBOT_DOTENV=str(folder / "no.env"),
               SMS_SEGMENTS_PER_SECOND="0", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    subprocess.run([sys.executable, "-c", SETUP, url, str(rows)], env=env, cwd=folder, check=True)
    with FakeTwilio() as fake:
        fake.default = Reply(delay=latency / 2, linger=latency / 2)
        env.update(TWILIO_ACCOUNT_SID=fake.account_sid, TWILIO_AUTH_TOKEN=fake.auth_token,
                   TWILIO_FROM_NUMBER=FROM, TWILIO_API_BASE_URL=fake.base_url)
        worker = subprocess.Popen([sys.executable, "-m", "smsbot", "worker", "--poll", "0.2"], env=env,
                                  cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if not wait_for(lambda: fake.posts, 30):
                raise SystemExit("the worker never reached the fake")
            time.sleep(rng.uniform(0, rows * latency))
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        recovery = wait_out_leases(env, folder, path) if wait_lease else None
        time.sleep(latency + 0.2)  # the fake finishes what it was given, as Twilio would
        if not wait_lease:
            with sqlite3.connect(path) as db:
                db.execute("UPDATE outbox SET lease_until = '2000-01-01 00:00:00.000000' WHERE status = 'sending'")
            subprocess.run([sys.executable, "-m", "smsbot", "worker", "--once"], env=env, cwd=folder,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        copies = Counter(m["to"] for m in fake.messages)
    return sum(1 for n in copies.values() if n > 1), unsent(path), recovery


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="root of the smsbot code to measure")
    parser.add_argument("--kills", type=int, default=8)
    parser.add_argument("--rows", type=int, default=4, help="due messages in each trial")
    parser.add_argument("--latency", type=float, default=0.3, help="seconds Twilio takes to answer")
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--wait-lease", action="store_true", help="wait the leases out (slow)")
    args = parser.parse_args()
    if not (0 < args.kills <= 50 and 0 < args.rows <= 50 and 0 < args.latency <= 5):
        parser.error("keep it bounded: 1-50 kills, 1-50 rows, latency up to 5 s")
    rng = random.Random(args.seed)
    duplicated = lost = 0
    for n in range(args.kills):
        with tempfile.TemporaryDirectory(prefix="bench-kills-") as folder:
            twice, left, recovery = trial(args.code.resolve(), Path(folder), args.rows, args.latency, rng,
                                          args.wait_lease)
        duplicated += twice > 0
        lost += left
        waited = "" if recovery is None else f", all sent {recovery:.1f} s after the kill"
        print(f"kill {n + 1}: {twice} number(s) got a duplicate, {left} row(s) unsent{waited}", flush=True)
    print(f"{args.code}: {duplicated} of {args.kills} kills produced a duplicate; {lost} rows lost")


if __name__ == "__main__":
    main()
