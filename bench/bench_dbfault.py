#!/usr/bin/env python
"""What customers get while PostgreSQL is away or frozen. Run by hand (it is not a test):

    .venv/bin/python bench/bench_dbfault.py [--messages 200] [--down 3] [--stop-mode immediate]

A private cluster (tests/fakes/pg_cluster.py: initdb/pg_ctl, its own port, never the
shared server) behind the real Flask app (create_app, signed webhooks, Flask's test
client, 4 client threads). Three scenarios:
- stopped: N webhooks at an even pace; PostgreSQL is stopped a little after the start and
  started again --down seconds later. Counts 200 with the polite reply, 200 with a normal
  reply, 500 and other, and the log lines (traceback headers, lines, full phone numbers).
- frozen: every server process SIGSTOPped; 8 webhooks at once; their answer times.
- locked: another connection holds an ACCESS EXCLUSIVE lock on `conversations`; 4 webhooks.
A request not answered within --hang-limit seconds counts as hung.
"""
from __future__ import annotations

import argparse
import io
import logging
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path.cwd()))  # the checkout under test: run from its top folder

from twilio.request_validator import RequestValidator  # noqa: E402

from tests.fakes.pg_cluster import PrivateCluster, postgres_bin_dir  # noqa: E402

TOKEN = "bench-auth-token-0123456789abcdef"
URL = "http://localhost/twilio/sms"
FULL_PHONE = re.compile(r"\+1555\d{7}")
POLITE = "try again in a few minutes"


def build_app(url: str):
    from smsbot.app import create_app
    from smsbot.clock import FrozenClock
    from smsbot.config import Settings
    from smsbot.store.migrate import upgrade

    upgrade(url)
    settings = Settings().with_overrides(database_url=url, twilio_auth_token=TOKEN,
                                         environment="production", public_base_url="http://localhost")
    clock = FrozenClock(datetime(2026, 3, 4, 10, 15, tzinfo=ZoneInfo("America/New_York")))
    app = create_app(settings, clock=clock)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def capture_logs() -> io.StringIO:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    import smsbot

    # The tree under test's own log set-up, when it has one (an older checkout has none; an
    # editable install elsewhere must not lend it its smsbot/logs.py).
    if (Path(smsbot.__file__).parent / "logs.py").exists():
        from smsbot.logs import install_logging

        install_logging()
    return out


def send(app, n: int, body: str = "book thursday 3pm") -> tuple[str, float]:
    form = {"MessageSid": f"SM{n:032d}", "AccountSid": "AC" + "1" * 32,
            "From": f"+1555{n:07d}", "To": "+15550009999", "Body": body}
    signature = RequestValidator(TOKEN).compute_signature(URL, form)
    started = time.monotonic()
    response = app.test_client().post("/twilio/sms", data=urlencode(form),
                                      content_type="application/x-www-form-urlencoded",
                                      headers={"X-Twilio-Signature": signature})
    elapsed = time.monotonic() - started
    text = response.get_data(as_text=True)
    if response.status_code != 200:
        return f"{response.status_code}", elapsed
    return ("200 polite" if POLITE in text else "200 reply"), elapsed


def tally(outcomes) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome] = counts.get(outcome, 0) + 1
    return dict(sorted(counts.items()))


def stopped(app, cluster, messages: int, down: float, logs: io.StringIO, mode: str) -> None:
    pace = (down + 2.0) / messages  # the outage sits in the middle of the run
    outcomes: list[str] = []

    def outage():
        time.sleep(0.5)
        cluster.stop(mode)
        time.sleep(down)
        cluster.start()

    switch = threading.Thread(target=outage)
    start = time.monotonic()
    switch.start()
    with ThreadPoolExecutor(4) as pool:
        futures = []
        for n in range(messages):
            time.sleep(max(0.0, start + n * pace - time.monotonic()))
            futures.append(pool.submit(send, app, 1000 + n))
        outcomes = [future.result()[0] for future in futures]
    switch.join()
    text = logs.getvalue()
    print(f"stopped ({mode}) {down:.0f} s, {messages} webhooks: {tally(outcomes)}")
    print(f"  log: {text.count('Traceback (most recent call last)')} tracebacks, "
          f"{len(text.splitlines())} lines, {len(FULL_PHONE.findall(text))} full phone numbers")


def hung_or_answered(app, numbers, limit: float, body: str = "book thursday 3pm") -> None:
    results: dict[int, tuple[str, float]] = {}

    def one(n):
        results[n] = send(app, n, body)

    threads = [threading.Thread(target=one, args=(n,), daemon=True) for n in numbers]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + limit
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    answered = [results[n] for n in numbers if n in results]
    slowest = max((elapsed for _, elapsed in answered), default=0.0)
    print(f"  {len(answered)}/{len(numbers)} answered within {limit:.0f} s "
          f"({tally(outcome for outcome, _ in answered)}), slowest {slowest:.1f} s")
    return threads


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--down", type=float, default=3.0)
    parser.add_argument("--hang-limit", type=float, default=15.0)
    parser.add_argument("--stop-mode", choices=("fast", "immediate"), default="fast",
                        help="pg_ctl stop -m: immediate kills statements in flight")
    args = parser.parse_args()
    cluster = PrivateCluster(postgres_bin_dir())
    try:
        cluster.start()
        logs = capture_logs()
        app = build_app(cluster.url)
        send(app, 1)  # warm: the pool holds a live connection
        stopped(app, cluster, args.messages, args.down, logs, args.stop_mode)

        print("frozen (SIGSTOP on every server process):")
        cluster.freeze()
        threads = hung_or_answered(app, range(5000, 5008), args.hang_limit)
        cluster.thaw()
        for thread in threads:
            thread.join()

        print("locked (ACCESS EXCLUSIVE on conversations held by another connection):")
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=cluster.port, user="postgres",
                             dbname="postgres") as holder:
            holder.execute("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE")
            threads = hung_or_answered(app, range(6000, 6004), args.hang_limit)
            holder.rollback()
        for thread in threads:
            thread.join()
        app.extensions["smsbot"].db.dispose()
    finally:
        cluster.close()


if __name__ == "__main__":
    main()
