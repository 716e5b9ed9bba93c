"""A database fault never leaves the customer in silence: stopped, frozen, locked,
unreachable or full, the webhook answers "try again in a few minutes" in time, keeps
nothing of the message, logs the outage once (no traceback) and /healthz says 503.

Stopping and freezing happen to a private cluster (the `private_postgres` fixture),
never to the shared server. Everything is on loopback and bounded in time.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlencode

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url

from smsbot.app import create_app
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.dialog import texts
from smsbot.store.db import Database, DatabaseTimeouts
from smsbot.store.migrate import upgrade
from smsbot.store.models import Conversation, InboundMessage
from smsbot.store.postgres import HangWatch
from tests.bots import START
from tests.fakes.pg_cluster import free_port
from tests.support import TOKEN, count, inbound, post_signed, sign

FAST = DatabaseTimeouts(connect_seconds=2, statement_seconds=1, lock_seconds=1)
POLITE = texts.TRY_LATER


@contextmanager
def app_with_timeouts(url: str, migrate: bool = True) -> Iterator:
    if migrate:
        upgrade(url)
    db = Database(url, FAST)
    settings = Settings().with_overrides(database_url=url, twilio_auth_token=TOKEN)
    app = create_app(settings, clock=FrozenClock(START), db=db)
    try:
        yield app
    finally:
        db.dispose()


def ask(app, n: int, body: str = "book thursday 3pm") -> tuple[int, str, float]:
    """Status, body and seconds taken of one signed webhook from phone number n."""
    started = time.monotonic()
    response = post_signed(app.test_client(), inbound(body, phone=f"+1555123{n:04d}",
                                                      sid=f"SM{n:032d}"))
    return response.status_code, response.get_data(as_text=True), time.monotonic() - started


def no_tracebacks(caplog) -> bool:
    return all(record.exc_info is None for record in caplog.records)


def outage_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "unavailable" in r.getMessage()]


def test_a_stopped_postgres_gets_the_polite_reply_and_service_resumes(private_postgres, caplog):
    caplog.set_level(logging.INFO)
    with app_with_timeouts(private_postgres.url) as app:
        status, body, _ = ask(app, 1)
        assert status == 200 and POLITE not in body

        private_postgres.stop()
        answers = [ask(app, n) for n in range(2, 7)]
        assert [(status, POLITE in body) for status, body, _ in answers] == [(200, True)] * 5
        assert max(seconds for *_, seconds in answers) < 2 * FAST.connect_seconds
        health = app.test_client().get("/healthz")
        assert health.status_code == 503 and health.json["down"] == ["database"]
        status_form = {"MessageSid": "SM" + "9" * 32, "MessageStatus": "delivered"}
        delivery = app.test_client().post(
            "/twilio/status", data=urlencode(status_form), content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": sign("http://localhost/twilio/status", status_form)})
        assert delivery.status_code == 503 and "database is not answering" in delivery.get_data(as_text=True)
        assert [line.split(":")[0] for line in outage_lines(caplog)] == [
            "database unavailable", "database (healthz) unavailable"]  # the callback: no new line
        assert no_tracebacks(caplog)

        private_postgres.start()
        status, body, _ = ask(app, 7)
        assert status == 200 and POLITE not in body
        assert app.test_client().get("/healthz").status_code == 200
        assert any("database is back" in r.getMessage() for r in caplog.records)
        assert count(app, InboundMessage) == 2 and count(app, Conversation) == 2  # nothing half-kept


def test_a_frozen_postgres_is_answered_within_the_timeouts(private_postgres, caplog):
    with app_with_timeouts(private_postgres.url) as app:
        assert ask(app, 1)[0] == 200  # a pooled connection whose server is about to freeze
        private_postgres.freeze()
        status, body, seconds = ask(app, 2)
        # the pool's ping gives up after the connect timeout, then a new connection does too
        assert status == 200 and POLITE in body
        assert seconds < 2 * FAST.connect_seconds + 1.5
        started = time.monotonic()
        assert app.test_client().get("/healthz").status_code == 503
        assert time.monotonic() - started < 3.0  # the probe's own 2 s, not the database's
        private_postgres.thaw()
        status, body, _ = ask(app, 3)
        assert status == 200 and POLITE not in body
        assert no_tracebacks(caplog)


def test_a_table_locked_elsewhere_is_answered_within_the_lock_timeout(postgres_url, caplog):
    import psycopg

    with app_with_timeouts(postgres_url) as app:
        url = make_url(postgres_url)
        with psycopg.connect(host=url.host, port=url.port, user=url.username,
                             dbname=url.database) as holder:
            holder.execute("LOCK TABLE conversations IN ACCESS EXCLUSIVE MODE")
            status, body, seconds = ask(app, 1)
            holder.rollback()
        assert status == 200 and POLITE in body
        assert seconds < FAST.lock_seconds + 1.0
        assert ask(app, 2)[:2] != (200, POLITE) and count(app, InboundMessage) == 1
        assert no_tracebacks(caplog)


def test_nothing_listening_on_the_port_gets_the_polite_reply_at_once(caplog):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/smsbot"
    with app_with_timeouts(url, migrate=False) as app:
        status, body, seconds = ask(app, 1)
        assert status == 200 and POLITE in body and seconds < FAST.connect_seconds  # refused: no wait
        assert app.test_client().get("/healthz").status_code == 503
    assert no_tracebacks(caplog)


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_server_that_never_answers_is_given_up_on_after_the_connect_timeout(silent_server):
    url = f"postgresql+psycopg://postgres@127.0.0.1:{silent_server}/smsbot"
    with app_with_timeouts(url, migrate=False) as app:
        status, body, seconds = ask(app, 1)
    assert status == 200 and POLITE in body
    assert FAST.connect_seconds - 0.5 < seconds < FAST.connect_seconds + 1.0


def test_a_full_sqlite_disk_gets_the_polite_reply_and_keeps_nothing(sqlite_file_url, caplog):
    upgrade(sqlite_file_url)
    with app_with_timeouts(sqlite_file_url, migrate=False) as app:
        engine = app.extensions["smsbot"].db.engine
        with engine.connect() as conn:
            pages = conn.execute(text("PRAGMA page_count")).scalar()
        engine.dispose()  # connections made from now on cannot grow the file: a full disk

        @event.listens_for(engine, "connect")
        def _full(dbapi_conn, _record):
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

        answers = []
        for n in range(1, 200):  # the pages the file has fill up after a few messages
            answers.append(ask(app, n))
            if POLITE in answers[-1][1]:
                break
        status, body, _ = answers[-1]
        assert status == 200 and POLITE in body, "the database never filled up"
        assert all(POLITE not in body for _, body, _ in answers[:-1])
        kept = count(app, InboundMessage)
        assert kept == len(answers) - 1 == count(app, Conversation)  # the failed one left no row
        assert [ask(app, 500 + n)[1] for n in range(3)] == [answers[-1][1]] * 3
        assert len(outage_lines(caplog)) == 1 and no_tracebacks(caplog)

        event.remove(engine, "connect", _full)
        engine.dispose()  # room again
        status, body, _ = ask(app, 900)
        assert status == 200 and POLITE not in body


def test_the_hang_watch_cuts_a_socket_stuck_past_its_deadline():
    now = [100.0]
    watch = HangWatch(tick=3600, clock=lambda: now[0])  # its thread stays asleep: we drive it
    stuck, server = socket.socketpair()
    answered, other = socket.socketpair()
    try:
        watch.disarm(watch.arm(answered.fileno(), 5.0))  # a wait that ended in time
        watch.arm(stuck.fileno(), 5.0)
        now[0] = 104.0
        assert watch.cut_expired() == 0
        now[0] = 105.5
        assert watch.cut_expired() == 1
        stuck.settimeout(1.0)
        assert stuck.recv(1) == b""  # end of file at once: libpq reports the connection closed
        other.send(b"x")
        assert answered.recv(1) == b"x"  # never touched
    finally:
        for sock in (stuck, server, answered, other):
            sock.close()


def test_the_outbox_worker_logs_a_database_outage_once_not_a_traceback_a_round(caplog):
    from smsbot.messaging.console import ConsoleSender
    from smsbot.messaging.policy import RateLimiter
    from smsbot.messaging.worker import Worker

    db = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/smsbot", FAST)
    rounds, pauses = iter(range(4)), []
    worker = Worker(db, ConsoleSender(), Settings(), FrozenClock(START), limiter=RateLimiter(0))
    worker.run_forever(should_stop=lambda: next(rounds, None) is None, sleep=pauses.append)
    db.dispose()
    assert pauses == [5.0] * 4
    assert [r.getMessage().split(":")[0] for r in caplog.records if r.levelno >= logging.WARNING] == [
        "database (outbox worker) unavailable"]
    assert no_tracebacks(caplog)
