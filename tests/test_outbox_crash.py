"""A send whose outcome never got recorded (the worker was killed, or Twilio's answer never
came) is looked up at Twilio before it is sent again, so a crash mid-send costs no
duplicate SMS; and the lease a killed worker leaves behind is short, renewed while a send
is in flight. The real twilio SDK against tests/fakes/twilio_api.py on 127.0.0.1; one test
SIGKILLs a real `smsbot worker` process. Every wait is bounded."""
from __future__ import annotations

import signal
import threading
import time as _time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from smsbot.clock import FrozenClock, SystemClock
from smsbot.config import Settings
from smsbot.messaging.policy import RateLimiter
from smsbot.messaging.twilio_sender import TwilioSender
from smsbot.messaging.worker import Worker
from smsbot.store import outbox
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade
from smsbot.store.models import OutboxMessage
from tests.fakes.twilio_api import Reply
from tests.support import start_worker_process

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 4, 10, 15, tzinfo=NY)
TO, FROM = "+15551230001", "+15550009999"


@pytest.fixture
def clock(fake_twilio):
    frozen = FrozenClock(START)
    fake_twilio.clock = frozen.now  # Twilio's dates and ours agree, as NTP makes them
    return frozen


def twilio(fake, timeout: float = 2.0) -> TwilioSender:
    return TwilioSender(fake.account_sid, fake.auth_token, from_number=FROM,
                        base_url=fake.base_url, timeout=timeout)


def worker(db, sender, clock, **kwargs) -> Worker:
    config = Settings().with_overrides(send_max_attempts=4, sms_segments_per_second=0)
    return Worker(db, sender, config, clock, limiter=RateLimiter(0), rng=lambda: 1.0, **kwargs)


def put(db, key: str = "k", *, due: datetime = START, body: str = "See you Friday at 10:00 AM.",
        now: datetime = START) -> None:
    with db.transaction() as session:
        outbox.enqueue(session, key=key, to=TO, body=body, due_at=due, now=now, kind="reminder")


def the_row(db, key: str = "k") -> OutboxMessage:
    with db.transaction() as session:
        return session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one()


class DiesAfterTwilioAccepts:
    """Sends through Twilio, then the process "dies" before the worker hears the sid."""

    name = "dies-after"

    def __init__(self, inner):
        self.inner = inner

    def send(self, to, body, now):
        self.inner.send(to, body, now)
        raise SystemExit("killed after Twilio accepted the message")


class DiesBeforeSending:
    name = "dies-before"

    def send(self, to, body, now):
        raise SystemExit("killed before the request left")


def crash_after_twilio_accepted(db, fake, clock) -> OutboxMessage:
    put(db)
    with pytest.raises(SystemExit):
        worker(db, DiesAfterTwilioAccepts(twilio(fake)), clock).run_once()
    row = the_row(db)
    assert (row.status, row.attempt_started_at, row.provider_sid) == ("sending", START, None)
    assert len(fake.messages) == 1
    return row


# the lost answer ----------------------------------------------------------------------------


def test_a_message_twilio_took_before_the_worker_died_is_adopted_not_sent_again(any_db, fake_twilio, clock):
    row = crash_after_twilio_accepted(any_db, fake_twilio, clock)
    assert row.lease_until == START + outbox.LEASE <= START + timedelta(seconds=30)

    clock.set(row.lease_until + timedelta(seconds=1))
    assert worker(any_db, twilio(fake_twilio), clock).run_once() == {"adopted": 1}
    [message] = fake_twilio.messages
    row = the_row(any_db)
    assert (row.status, row.provider_sid, row.sent_at, row.attempt_started_at, row.lease_until) == \
        ("sent", message["sid"], START, None, None)
    [lookup] = [r for r in fake_twilio.requests if r.method == "GET"]
    assert (lookup.get("To"), lookup.get("DateSent>")) == (TO, "2026-03-04")


def test_an_answer_that_timed_out_is_looked_up_before_the_retry(any_db, fake_twilio, clock):
    put(any_db)
    fake_twilio.script(Reply.answer_late(5.0))  # Twilio created it; the answer comes too late
    work = worker(any_db, twilio(fake_twilio, timeout=0.3), clock)
    assert work.run_once() == {"retry": 1}
    row = the_row(any_db)
    assert (row.status, row.last_error, row.attempt_started_at) == ("pending", "network: ReadTimeout", START)

    clock.set(row.due_at)
    assert work.run_once() == {"adopted": 1}
    assert len(fake_twilio.messages) == 1 and len(fake_twilio.posts) == 1
    assert the_row(any_db).provider_sid == fake_twilio.messages[0]["sid"]


def test_a_message_still_queued_at_twilio_is_found_too(db_file, fake_twilio, clock):
    fake_twilio.hand_off = False  # no DateSent yet: only the unfiltered read finds it
    row = crash_after_twilio_accepted(db_file, fake_twilio, clock)
    clock.set(row.lease_until + timedelta(seconds=1))
    assert worker(db_file, twilio(fake_twilio), clock).run_once() == {"adopted": 1}
    assert len(fake_twilio.messages) == 1


def test_an_attempt_that_never_reached_twilio_is_sent_and_an_older_same_text_is_not_taken_for_it(
        db_file, fake_twilio, clock):
    body = "See you Friday at 10:00 AM."
    yesterday = START - timedelta(hours=22)  # the 24h reminder: the same words, to the same number
    clock.set(yesterday)
    put(db_file, "24h", due=yesterday, now=yesterday, body=body)
    assert worker(db_file, twilio(fake_twilio), clock).run_once() == {"sent": 1}

    clock.set(START)
    put(db_file, "2h", body=body)
    with pytest.raises(SystemExit):
        worker(db_file, DiesBeforeSending(), clock).run_once()
    clock.advance(outbox.LEASE + timedelta(seconds=1))
    assert worker(db_file, twilio(fake_twilio), clock).run_once() == {"sent": 1}
    assert [m["body"] for m in fake_twilio.messages] == [body, body]
    assert the_row(db_file, "2h").provider_sid == fake_twilio.messages[1]["sid"]


def test_when_twilio_cannot_be_asked_the_row_waits_instead_of_sending_again(db_file, fake_twilio, clock):
    row = crash_after_twilio_accepted(db_file, fake_twilio, clock)
    clock.set(row.lease_until + timedelta(seconds=1))
    fake_twilio.list_reply = Reply.server_error(503)
    work = worker(db_file, twilio(fake_twilio), clock)
    assert work.run_once() == {"retry": 1}
    row = the_row(db_file)
    assert (row.status, row.last_error, row.attempt_started_at) == ("pending", "lookup: twilio 503", START)

    fake_twilio.list_reply = Reply.dropped()
    clock.set(row.due_at)
    assert work.run_once() == {"retry": 1}
    assert the_row(db_file).last_error == "lookup: network: ConnectionError"

    fake_twilio.list_reply = None
    clock.set(the_row(db_file).due_at)
    assert work.run_once() == {"adopted": 1}
    assert len(fake_twilio.messages) == 1


def test_an_error_answer_settles_the_attempt_and_an_ordinary_send_asks_nothing(db_file, fake_twilio, clock):
    put(db_file)
    fake_twilio.script(Reply.rate_limited())
    work = worker(db_file, twilio(fake_twilio), clock)
    assert work.run_once() == {"retry": 1}
    assert the_row(db_file).attempt_started_at is None  # Twilio said no: nothing was created
    clock.set(the_row(db_file).due_at)
    assert work.run_once() == {"sent": 1}
    assert [r.method for r in fake_twilio.requests] == ["POST", "POST"]


# the lease -----------------------------------------------------------------------------------


@pytest.fixture
def db_file(sqlite_file_url):
    upgrade(sqlite_file_url)
    database = Database(sqlite_file_url)
    yield database
    database.dispose()


def test_the_lease_is_renewed_while_a_slow_send_is_in_flight(sqlite_file_url, fake_twilio):
    """A lease of 1.2 s, a send that takes 3 s: another worker polling meanwhile never
    gets the row (without the heartbeat it would take it over after 1.2 s). The lease leaves
    0.8 s of slack per beat, so a loaded machine's late thread does not fail the test."""
    upgrade(sqlite_file_url)
    lease, now = timedelta(seconds=1.2), datetime.now(timezone.utc)
    setup = Database(sqlite_file_url)
    put(setup, due=now - timedelta(seconds=1), now=now)
    fake_twilio.script(Reply.answer_late(3))
    done, outcome = threading.Event(), {}

    def slow() -> None:
        database = Database(sqlite_file_url)
        try:
            outcome.update(worker(database, twilio(fake_twilio, timeout=6), SystemClock(), lease=lease).run_once())
        finally:
            database.dispose()
            done.set()

    thread = threading.Thread(target=slow)
    thread.start()
    other, taken = Database(sqlite_file_url), []
    try:
        rival = worker(other, twilio(fake_twilio), SystemClock(), lease=lease)
        while not done.wait(0.1):
            taken.append(rival.run_once())
    finally:
        thread.join(timeout=10)
        other.dispose()
    assert outcome == {"sent": 1} and all(t == {} for t in taken) and len(taken) >= 5
    assert len(fake_twilio.messages) == 1 and the_row(setup).status == "sent"
    setup.dispose()


def test_a_killed_worker_process_leaves_a_short_lease_and_its_message_is_not_sent_twice(
        tmp_path, sqlite_file_url, fake_twilio):
    """`smsbot worker` is SIGKILLed after Twilio created the message and before it answered:
    the row comes back after a lease of 30 s at most, and the next worker adopts the message."""
    upgrade(sqlite_file_url)
    database = Database(sqlite_file_url)
    now = datetime.now(timezone.utc)
    put(database, due=now - timedelta(seconds=1), now=now)
    fake_twilio.default = Reply.answer_late(30)
    process = start_worker_process(tmp_path, sqlite_file_url, fake_twilio, FROM)
    try:
        deadline = _time.monotonic() + 30
        while not fake_twilio.messages and _time.monotonic() < deadline and process.poll() is None:
            _time.sleep(0.02)
        assert fake_twilio.messages, "the worker never reached the fake"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    killed_at = datetime.now(timezone.utc)
    row = the_row(database)
    assert (row.status, row.provider_sid) == ("sending", None)
    assert now <= row.attempt_started_at <= killed_at and row.lease_until <= killed_at + outbox.LEASE

    later = FrozenClock(row.lease_until + timedelta(seconds=1))
    assert worker(database, twilio(fake_twilio), later).run_once() == {"adopted": 1}
    [message] = fake_twilio.messages
    assert (the_row(database).status, the_row(database).provider_sid) == ("sent", message["sid"])
    database.dispose()
