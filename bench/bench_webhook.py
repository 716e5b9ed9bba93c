#!/usr/bin/env python
"""Webhook throughput benchmark: the full bot path against a bare Flask endpoint.

Run by hand (it is not a test):

    .venv/bin/python bench/bench_webhook.py                      # bare, floor, sqlite, postgres
    .venv/bin/python bench/bench_webhook.py --conversations 300 --clients 16
    .venv/bin/python bench/bench_webhook.py --targets bare,sqlite
    .venv/bin/python bench/bench_webhook.py --targets voice      # server-side time of voice turns
    .venv/bin/python bench/bench_webhook.py --profile sqlite      # cProfile, one worker

Every target is a real HTTP server on loopback, started the way production starts it:
- the bot: `smsbot serve` (create_app(migrate=True) + smsbot.cli.server.run_server, i.e.
  gunicorn gthread) with SMSBOT_ENV=production and TWILIO_AUTH_TOKEN set, on a fresh
  SQLite file or a fresh PostgreSQL database (created here, dropped afterwards);
- the baseline: a trivial Flask app answering POST /twilio/sms with a fixed TwiML string,
  served by the same smsbot.cli.server.run_server (same gunicorn settings, same worker count);
- the floor (`webhook_floor.py`): the least any durable, idempotent webhook does per message
  (the SDK's signature check, one PostgreSQL transaction recording the message id and
  upserting the phone's row, TwiML), served the same way on its own fresh PostgreSQL database.
  The bot's rate over the floor's ("x floor") is the figure to watch.

The load is whole booking conversations ("BOOK" / "<date> at <time>" / "yes"), each from
its own phone and for its own slot (the server uses the real clock, so the slots are
future weekday slots inside the booking horizon), every message signed with
X-Twilio-Signature as Twilio signs it. A bounded pool of client threads (one keep-alive
http.client connection each) runs the conversations; every target gets the very same
requests. The run stops by itself and prints messages/s, p50 and p99 latency, and the
rate relative to the bare endpoint (the team's target: the bot at >= 0.5x).

--profile KIND serves the bot in ONE process with the single-threaded Werkzeug server
under cProfile, drives the same load through it with one client, and prints the top
functions by cumulative and by own time.
"""
from __future__ import annotations

import argparse
import http.client
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time as dtime, timedelta
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TOKEN = "bench-auth-token-0123456789abcdef"
PATH = "/twilio/sms"
BUSINESS_TZ = ZoneInfo("America/New_York")
BARE_TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
              "What day and time would you like? E.g. 'thu 3pm' or 'tomorrow morning'."
              "</Message></Response>")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BASELINES = ("bare", "floor")  # targets that do not book


# ---------------------------------------------------------------- the servers (subprocesses)

def bare_app():
    from flask import Flask, Response

    app = Flask("bare")

    @app.post(PATH)
    def sms():
        return Response(BARE_TWIML, mimetype="application/xml")

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    # run_server's post_fork hook disposes of the bot's engine: give it a no-op one, so
    # the bare app goes through exactly the same run_server / gunicorn configuration.
    class _Engine:
        def dispose(self, close=True):
            pass

    class _Db:
        engine = _Engine()

    class _Bot:
        db = _Db()

    app.extensions["smsbot"] = _Bot()
    return app


def serve_bare(port: int, workers: int, threads: int) -> None:
    from smsbot.cli.server import run_server

    run_server(bare_app(), HOST, port, workers, threads)


def serve_floor(port: int, workers: int, threads: int) -> None:
    from smsbot.cli.server import run_server
    from webhook_floor import floor_app

    app = floor_app(os.environ["DATABASE_URL"], os.environ["PUBLIC_BASE_URL"], TOKEN, threads)
    run_server(app, HOST, port, workers, threads)


def serve_profiled(port: int, out: str) -> None:
    """The bot app on Werkzeug's single-threaded server, under cProfile, until SIGTERM."""
    import cProfile

    from werkzeug.serving import make_server

    from smsbot.app import create_app

    app = create_app(migrate=True)
    server = make_server(HOST, port, app, threaded=False)
    server.timeout = 0.2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    profiler = cProfile.Profile()
    profiler.enable()
    while not stop.is_set():
        server.handle_request()
    profiler.disable()
    profiler.dump_stats(out)


# ---------------------------------------------------------------- the load

@dataclass
class Conversation:
    phone: str
    messages: list[str]


@dataclass
class Result:
    name: str
    messages: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    booked: int = 0
    conversations: int = 0

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def closed_days_rule():
    """The served bot's own rules (the environment server_env gives it): which days it is closed."""
    from smsbot.config import load_settings
    from smsbot.scheduling.rules import BookingRules

    return BookingRules.from_settings(load_settings(server_env("sqlite://", 0))).holiday_on


def future_slots(count: int, slot_minutes: int = 30) -> list[datetime]:
    """Distinct weekday slots (09:00-17:00) from the day after tomorrow, inside 85 days,
    on days the business is open (no public holiday), interleaved across days so that
    neighbouring conversations hit different days."""
    today, holiday_on = datetime.now(BUSINESS_TZ).date(), closed_days_rule()
    days = [today + timedelta(days=d) for d in range(2, 86)]
    days = [d for d in days if d.weekday() < 5 and holiday_on(d) is None]
    per_day = (17 - 9) * 60 // slot_minutes
    slots = [datetime.combine(d, dtime(9), tzinfo=BUSINESS_TZ) + timedelta(minutes=slot_minutes * k)
             for k in range(per_day) for d in days]
    if count > len(slots):
        raise SystemExit(f"only {len(slots)} distinct slots in the horizon; ask for fewer conversations")
    return slots[:count]


def say_when(slot: datetime) -> str:
    """'December 3 2026 at 10:30am'."""
    clock = f"{slot.hour % 12 or 12}:{slot:%M}{'am' if slot.hour < 12 else 'pm'}"
    return f"{slot:%B} {slot.day} {slot.year} at {clock}"


def conversations(count: int, run_tag: int) -> list[Conversation]:
    return [Conversation(f"+1555{run_tag:03d}{i:04d}", ["BOOK", say_when(slot), "yes"])
            for i, slot in enumerate(future_slots(count))]


def signed(url: str, phone: str, body: str) -> tuple[bytes, dict]:
    from twilio.request_validator import RequestValidator

    form = {"ToCountry": "US", "SmsMessageSid": "", "NumMedia": "0",
            "SmsSid": "", "SmsStatus": "received", "Body": body, "To": "+15550009999",
            "NumSegments": "1", "MessageSid": "", "AccountSid": "AC" + "1" * 32,
            "From": phone, "ApiVersion": "2010-04-01"}
    sid = "SM" + uuid.uuid4().hex
    form.update(SmsMessageSid=sid, SmsSid=sid, MessageSid=sid)
    headers = {"Content-Type": "application/x-www-form-urlencoded",
               "X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, form),
               "User-Agent": "TwilioProxy/1.1"}
    return urlencode(form).encode(), headers


def drive(name: str, port: int, convos: list[Conversation], clients: int,
          check_replies: bool) -> Result:
    url = f"http://{HOST}:{port}{PATH}"
    work: queue.Queue = queue.Queue()
    for convo in convos:
        work.put(convo)
    result = Result(name, conversations=len(convos))
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        latencies, errors, booked = [], [], 0
        while True:
            try:
                convo = work.get_nowait()
            except queue.Empty:
                break
            reply = ""
            for text in convo.messages:
                body, headers = signed(url, convo.phone, text)
                started = time.perf_counter()
                try:
                    conn.request("POST", PATH, body=body, headers=headers)
                    response = conn.getresponse()
                    reply = response.read().decode("utf-8", "replace")
                except (OSError, http.client.HTTPException) as error:
                    conn.close()
                    conn = http.client.HTTPConnection(HOST, port, timeout=60)
                    errors.append(f"{type(error).__name__}: {error}")
                    break
                latencies.append(time.perf_counter() - started)
                if response.status != 200:
                    errors.append(f"HTTP {response.status}: {reply[:120]}")
                    break
            else:
                if check_replies and "Booked:" in reply:
                    booked += 1
                elif check_replies and len(errors) < 5:
                    errors.append(f"no booking for {convo.phone}: {reply[-160:]}")
        conn.close()
        with lock:
            result.latencies += latencies
            result.errors += errors
            result.booked += booked

    threads = [threading.Thread(target=client, name=f"client-{i}") for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.messages = len(result.latencies)
    return result


# ---------------------------------------------------------------- running the targets

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_ready(port: int, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited ({proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # gunicorn: graceful shutdown of the arbiter
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # our own process group (start_new_session)
            proc.wait(10)


def server_env(database_url: str, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXIES"}
    env.update(SMSBOT_ENV="production", TWILIO_AUTH_TOKEN=TOKEN, DATABASE_URL=database_url,
               PUBLIC_BASE_URL=f"http://{HOST}:{port}",
               SMSBOT_DOTENV=os.devnull, BUSINESS_TZ=str(BUSINESS_TZ), SLOT_MINUTES="30",
               PYTHONPATH=str(ROOT))
    env.pop("OPENING_HOURS", None)
    env.pop("BOOKING_HORIZON_DAYS", None)
    env.pop("MIN_NOTICE_MINUTES", None)
    return env


def start(kind: str, database_url: str, workers: int, threads: int, workdir: Path, profile_out: str = ""):
    port = free_port()
    python = sys.executable
    if kind in ("bare", "floor"):
        argv = [python, __file__, f"--_serve-{kind}", str(port), "--workers", str(workers),
                "--threads", str(threads)]
    elif profile_out:
        argv = [python, __file__, "--_serve-profiled", str(port), "--_profile-out", profile_out]
    else:  # exactly `smsbot serve` (the console script beside this interpreter if present)
        script = Path(python).with_name("smsbot")
        cli = [str(script)] if script.exists() else [python, "-c", "from smsbot.cli import main; main()"]
        argv = [*cli, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers),
                "--threads", str(threads)]
    log = workdir / f"server-{kind}-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, env=server_env(database_url, port), cwd=workdir, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    wait_ready(port, proc, log)
    return proc, port, log


class FreshPostgres:
    """CREATE DATABASE smsbot_bench_<random> on the server DATABASE_URL (or the default)
    names; DROP it on exit."""

    def __init__(self):
        from sqlalchemy.engine import make_url

        from smsbot.config import normalize_database_url

        base = normalize_database_url(os.environ.get("DATABASE_URL", "").strip())
        self.base = make_url(base if base.startswith("postgresql") else DEFAULT_PG)
        self.name = f"smsbot_bench_{uuid.uuid4().hex[:12]}"

    def _admin(self):
        import psycopg

        u = self.base
        return psycopg.connect(host=u.host, port=u.port or 5432, user=u.username,
                               password=u.password, dbname=u.database or "postgres",
                               autocommit=True, connect_timeout=5)

    def __enter__(self) -> str:
        with self._admin() as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        return self.base.set(database=self.name).render_as_string(hide_password=False)

    def __exit__(self, *_exc):
        with self._admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def run_voice_target(args, workdir: Path, run_tag: int) -> Result:
    """Phone calls (bench/voice_turns.py): the same slots, said on a call, then 1 and goodbye."""
    from voice_turns import print_turns, run_voice

    calls = [(c.phone, [c.messages[1], "1", "goodbye"]) for c in conversations(args.conversations, run_tag)]
    result = Result("voice", conversations=len(calls))
    print_turns(run_voice(result, calls, f"sqlite:///{workdir / 'voice.db'}", TOKEN, BUSINESS_TZ))
    return result


def run_target(kind: str, args, workdir: Path, run_tag: int) -> Result:
    if kind == "voice":
        return run_voice_target(args, workdir, run_tag)
    convos = conversations(args.conversations, run_tag)
    warmup = [Conversation(f"+1556{run_tag:03d}{i:04d}", ["HELP", "BOOK"]) for i in range(args.clients)]

    def measure(database_url: str) -> Result:
        proc, port, log = start(kind, database_url, args.workers, args.threads, workdir)
        try:
            drive("warm-up", port, warmup, args.clients, check_replies=False)
            result = drive(kind, port, convos, args.clients, check_replies=kind not in BASELINES)
        finally:
            stop(proc)
        if result.errors:
            print(f"  [{kind}] {len(result.errors)} problem(s), e.g. {result.errors[:3]}; log: {log}",
                  file=sys.stderr)
        return result

    if kind in ("postgres", "floor"):
        with FreshPostgres() as url:
            return measure(url)
    database_url = f"sqlite:///{workdir / f'bench-{run_tag}.db'}" if kind == "sqlite" else "sqlite://"
    return measure(database_url)


def print_table(results: list[Result], args) -> None:
    bare = next((r for r in results if r.name == "bare"), None)
    floor = next((r for r in results if r.name == "floor"), None)
    print()
    print(f"{args.conversations} conversations x 3 signed messages, {args.clients} client threads, "
          f"gunicorn gthread, {args.workers} workers x {args.threads} threads, loopback, {os.cpu_count()} CPUs")
    header = f"{'target':<10} {'msgs':>6} {'msg/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'x bare':>7} {'x floor':>7} {'booked':>9} {'errors':>6}"
    print(header)
    print("-" * len(header))
    for r in results:
        ratio = f"{r.rate / bare.rate:.2f}" if bare and bare.rate else "-"
        over_floor = f"{r.rate / floor.rate:.2f}" if floor and floor.rate else "-"
        booked = "-" if r.name in BASELINES else f"{r.booked}/{r.conversations}"
        print(f"{r.name:<10} {r.messages:>6} {r.rate:>8.1f} {r.pct(50):>8.1f} {r.pct(99):>8.1f} "
              f"{ratio:>7} {over_floor:>7} {booked:>9} {len(r.errors):>6}")
    print()


def run_profile(kind: str, args, workdir: Path) -> None:
    import pstats

    out = args.save_profile or str(workdir / f"profile-{kind}.prof")
    convos = conversations(args.conversations, 900)

    def measure(database_url: str) -> Result:
        proc, port, _log = start(kind, database_url, 1, 1, workdir, profile_out=out)
        try:
            return drive(kind, port, convos, 1, check_replies=True)
        finally:
            stop(proc)

    if kind == "postgres":
        with FreshPostgres() as url:
            result = measure(url)
    else:
        result = measure(f"sqlite:///{workdir / 'profile.db'}")
    print(f"\nprofiled {kind}: {result.messages} messages, {result.rate:.1f} msg/s on ONE "
          f"single-threaded Werkzeug worker under cProfile, booked {result.booked}/{result.conversations}")
    stats = pstats.Stats(out)
    stats.strip_dirs()
    print("\n=== top by cumulative time ===")
    stats.sort_stats("cumulative").print_stats(args.top)
    print("=== top by own time ===")
    stats.sort_stats("tottime").print_stats(args.top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=300,
                        help="booking conversations per target (3 messages each)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (smsbot serve's default)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker (smsbot serve's default)")
    parser.add_argument("--targets", default="bare,floor,sqlite,postgres")
    parser.add_argument("--profile", choices=["sqlite", "postgres"])
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--save-profile", metavar="PATH", help="keep the cProfile data (pstats file)")
    parser.add_argument("--_serve-bare", dest="serve_bare", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_serve-floor", dest="serve_floor", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_serve-profiled", dest="serve_profiled", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--_profile-out", dest="profile_out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve_bare:
        return serve_bare(args.serve_bare, args.workers, args.threads)
    if args.serve_floor:
        return serve_floor(args.serve_floor, args.workers, args.threads)
    if args.serve_profiled:
        return serve_profiled(args.serve_profiled, args.profile_out)

    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="smsbot-bench-") as tmp:
        workdir = Path(tmp)
        if args.profile:
            return run_profile(args.profile, args, workdir)
        results = []
        for n, kind in enumerate(t.strip() for t in args.targets.split(",") if t.strip()):
            if kind not in ("bare", "floor", "sqlite", "postgres", "voice"):
                raise SystemExit(f"unknown target {kind!r}")
            print(f"running {kind} ...", file=sys.stderr, flush=True)
            results.append(run_target(kind, args, workdir, run_tag=100 + n))
        print_table(results, args)


if __name__ == "__main__":
    main()
