#!/usr/bin/env python
"""Password guessers against the dashboard's login while customers text: the SMS webhook's
latency with and without them (issue 15: 16 guessers at 15 guesses/s pushed its p50 from
9 ms to 311 ms when failed logins slept in the worker thread).

    .venv/bin/python bench/bench_login_guessing.py                 # PostgreSQL, 16 guessers at 15/s
    .venv/bin/python bench/bench_login_guessing.py --guessers 32 --rate 30 --target sqlite

The server is `smsbot serve` as bench_webhook.py starts it (gunicorn gthread, production
settings), with OWNER_PASSWORD and SECRET_KEY set. Each guesser keeps one connection, loads
the login form once (cookie and CSRF token), then posts wrong passwords at its pace; the
webhook load is bench_webhook.py's booking conversations, the same both runs.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_webhook as wb  # noqa: E402


def guess(port: int, rate: float, stop: threading.Event, outcomes: Counter, lock: threading.Lock) -> None:
    conn = http.client.HTTPConnection(wb.HOST, port, timeout=30)
    conn.request("GET", "/login")
    page = conn.getresponse()
    cookie = page.getheader("Set-Cookie", "").split(";", 1)[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.read().decode()).group(1)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    n, began = 0, time.monotonic()
    while not stop.is_set():
        body = urlencode({"csrf_token": token, "password": f"wrong guess {n}"})
        conn.request("POST", "/login/password", body=body, headers=headers)
        answer = conn.getresponse()
        answer.read()
        with lock:
            outcomes[answer.status] += 1
        n += 1
        pause = began + n / rate - time.monotonic()
        if pause > 0:
            stop.wait(pause)
    conn.close()


def measure(port: int, args, guessers: int, convos) -> tuple[wb.Result, Counter]:
    stop, outcomes, lock = threading.Event(), Counter(), threading.Lock()
    threads = [threading.Thread(target=guess, args=(port, args.rate, stop, outcomes, lock)) for _ in range(guessers)]
    for thread in threads:
        thread.start()
    time.sleep(1 if guessers else 0)
    result = wb.drive(f"{guessers} guessers", port, convos, args.clients, check_replies=True)
    stop.set()
    for thread in threads:
        thread.join()
    return result, outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guessers", type=int, default=16)
    parser.add_argument("--rate", type=float, default=15.0, help="guesses per second per guesser")
    parser.add_argument("--conversations", type=int, default=100)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--target", choices=["postgres", "sqlite"], default="postgres")
    args = parser.parse_args()
    os.environ.update(OWNER_PASSWORD="the real owner password", SECRET_KEY="bench-secret-key")
    with tempfile.TemporaryDirectory(prefix="smsbot-bench-") as tmp, wb.FreshPostgres() as pg_url:
        url = pg_url if args.target == "postgres" else f"sqlite:///{Path(tmp) / 'bench.db'}"
        proc, port, log = wb.start(args.target, url, args.workers, args.threads, Path(tmp))
        try:
            warm = [wb.Conversation(f"+1556001{i:04d}", ["HELP", "BOOK"]) for i in range(args.clients)]
            wb.drive("warm-up", port, warm, args.clients, check_replies=False)
            convos = wb.conversations(2 * args.conversations, 2)  # each run books its own slots
            rows = [measure(port, args, 0, convos[::2]), measure(port, args, args.guessers, convos[1::2])]
        finally:
            wb.stop(proc)
    print(f"{'run':<14} {'msg/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'booked':>7}  login answers")
    for result, outcomes in rows:
        print(f"{result.name:<14} {result.rate:>7.1f} {result.pct(50):>7.1f} {result.pct(99):>7.1f} "
              f"{result.booked:>4}/{result.conversations:<3} {dict(sorted(outcomes.items()))}")
        if result.errors:
            print(f"  problems: {result.errors[:3]}; log: {log}", file=sys.stderr)


if __name__ == "__main__":
    main()
