"""The outbox and its worker: idempotent enqueue, sending due rows through the real Twilio
SDK against the local fake, retries and backoff, permanent errors, opt-outs checked at send
time, quiet hours, leases, the rate limit, and several workers on PostgreSQL at once."""
from __future__ import annotations

import threading
import time as _time
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from smsbot.bot import Inbound
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.messaging.policy import RateLimiter, backoff, parse_quiet_hours, quiet_until, segments
from smsbot.messaging.twilio_sender import TwilioSender
from smsbot.messaging.worker import Worker
from smsbot.store import outbox
from smsbot.store.conversations import is_opted_out, open_conversation, opt_out
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade
from smsbot.store.models import Conversation, OptOut, OutboxMessage
from tests.fakes.timing import FakeTime
from tests.fakes.twilio_api import Reply
from tests.support import start_worker_process

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 4, 10, 15, tzinfo=NY)  # a Wednesday
TO, OTHER = "+15551230001", "+15551230002"
FROM = "+15550009999"


@pytest.fixture
def db():
    database = Database("sqlite://")
    database.create_all()
    yield database
    database.dispose()


@pytest.fixture
def clock():
    return FrozenClock(START)


def settings(**overrides) -> Settings:
    return Settings().with_overrides(**{"send_max_attempts": 4, "sms_segments_per_second": 0, **overrides})


def twilio(fake, timeout: float = 2.0) -> TwilioSender:
    return TwilioSender(fake.account_sid, fake.auth_token, from_number=FROM,
                        base_url=fake.base_url, timeout=timeout)


def worker(db, sender, clock, config: Settings | None = None, **kwargs) -> Worker:
    kwargs.setdefault("limiter", RateLimiter(0))
    kwargs.setdefault("rng", lambda: 1.0)  # backoff takes its whole ceiling: exact due times
    return Worker(db, sender, config or settings(), clock, **kwargs)


def put(db, key: str, *, due: datetime, now: datetime = START, to: str = TO, body: str | None = None,
        **kwargs) -> None:
    with db.transaction() as session:
        outbox.enqueue(session, key=key, to=to, body=body or f"message {key}", due_at=due, now=now,
                       **kwargs)


def rows(db) -> list[OutboxMessage]:
    with db.transaction() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def row(db, key: str) -> OutboxMessage:
    [found] = [r for r in rows(db) if r.key == key]
    return found


class Hooked:
    """A sender that runs `hook(n)` before its n-th send, then sends through `inner`."""

    def __init__(self, inner, hook):
        self.inner, self.hook, self.calls, self.name = inner, hook, 0, "hooked"

    def send(self, to, body, now):
        self.calls += 1
        self.hook(self.calls)
        return self.inner.send(to, body, now)


# enqueue -------------------------------------------------------------------------------


def test_a_second_enqueue_with_the_same_key_is_a_no_op(any_db, fake_twilio, clock):
    put(any_db, "reminder:1:24h", due=START, body="first")
    put(any_db, "reminder:1:24h", due=START + timedelta(hours=1), body="second")
    [only] = rows(any_db)
    assert (only.body, only.due_at, only.status, only.attempts) == ("first", START, "pending", 0)

    assert worker(any_db, twilio(fake_twilio), clock).run_once() == {"sent": 1}
    put(any_db, "reminder:1:24h", due=START, body="third")  # even once sent
    assert worker(any_db, twilio(fake_twilio), clock).run_once() == {}
    assert [m["body"] for m in fake_twilio.messages] == ["first"]
    assert len(rows(any_db)) == 1


def test_several_enqueued_at_once_leave_out_only_the_keys_already_queued(any_db):
    put(any_db, "reminder:1:24h", due=START, body="first")
    with any_db.transaction() as session:
        outbox.enqueue_all(session, [
            outbox.message(key=key, to=TO, body=body, due_at=START + timedelta(hours=n), kind="reminder")
            for n, (key, body) in enumerate([("reminder:1:24h", "again"), ("reminder:1:2h", "new"),
                                             ("reminder:1:1h", "newer")])], START)
        outbox.enqueue_all(session, [], START)
    assert [(r.key, r.body, r.kind, r.status) for r in rows(any_db)] == [
        ("reminder:1:24h", "first", "notice", "pending"), ("reminder:1:2h", "new", "reminder", "pending"),
        ("reminder:1:1h", "newer", "reminder", "pending")]


def test_an_enqueue_belongs_to_the_callers_transaction(db):
    with pytest.raises(RuntimeError):
        with db.transaction() as session:
            outbox.enqueue(session, key="k", to=TO, body="b", due_at=START, now=START)
            raise RuntimeError("the change that caused it failed")
    assert rows(db) == []


# sending -------------------------------------------------------------------------------


def test_the_worker_sends_due_rows_in_due_order_and_leaves_later_ones(any_db, fake_twilio, clock):
    put(any_db, "b", due=START - timedelta(minutes=1))
    put(any_db, "a", due=START - timedelta(minutes=5))
    put(any_db, "now", due=START)
    put(any_db, "later", due=START + timedelta(minutes=10))

    assert worker(any_db, twilio(fake_twilio), clock).run_once() == {"sent": 3}
    assert [m["body"] for m in fake_twilio.messages] == ["message a", "message b", "message now"]
    sent = {m["body"]: m["sid"] for m in fake_twilio.messages}
    for key in ("a", "b", "now"):
        r = row(any_db, key)
        assert (r.status, r.provider_sid, r.sent_at, r.lease_until, r.attempts) == \
            ("sent", sent[f"message {key}"], START, None, 0)
    assert row(any_db, "later").status == "pending"

    clock.advance(timedelta(minutes=10))
    assert worker(any_db, twilio(fake_twilio), clock).run_once() == {"sent": 1}
    assert row(any_db, "later").status == "sent" and len(fake_twilio.messages) == 4


def test_the_worker_goes_on_past_one_batch(db, fake_twilio, clock):
    for n in range(11):
        put(db, f"n{n}", due=START)
    assert worker(db, twilio(fake_twilio), clock, batch=3).run_once() == {"sent": 11}
    assert sorted(m["body"] for m in fake_twilio.messages) == sorted(f"message n{n}" for n in range(11))


def test_nothing_due_sends_nothing(db, fake_twilio, clock):
    put(db, "later", due=START + timedelta(seconds=1))
    assert worker(db, twilio(fake_twilio), clock).run_once() == {}
    assert fake_twilio.requests == []


# retries -------------------------------------------------------------------------------


def test_rate_limited_is_retried_after_a_backoff(db, fake_twilio, clock):
    put(db, "k", due=START)
    fake_twilio.script(Reply.rate_limited())
    work = worker(db, twilio(fake_twilio), clock)

    assert work.run_once() == {"retry": 1}
    r = row(db, "k")
    assert (r.status, r.attempts, r.due_at, r.lease_until) == ("pending", 1, START + timedelta(seconds=30), None)
    assert "429" in r.last_error and "20429" in r.last_error

    clock.advance(timedelta(seconds=29))
    assert work.run_once() == {}
    clock.advance(timedelta(seconds=1))
    assert work.run_once() == {"sent": 1}
    r = row(db, "k")
    assert (r.status, r.attempts, r.last_error) == ("sent", 1, "")
    assert len(fake_twilio.requests) == 2 and len(fake_twilio.messages) == 1


def test_server_and_network_errors_back_off_exponentially(db, fake_twilio, clock):
    put(db, "k", due=START)
    fake_twilio.script(Reply.server_error(503), Reply.dropped(), Reply.server_error(500))
    work = worker(db, twilio(fake_twilio), clock, config=settings(send_max_attempts=8))
    waits, reasons = [], []
    for _ in range(3):
        before = clock.now()
        assert work.run_once() == {"retry": 1}
        r = row(db, "k")
        waits.append(r.due_at - before)
        reasons.append(r.last_error)
        clock.set(r.due_at)
    assert waits == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert "503" in reasons[0] and reasons[1] == "network: ConnectionError" and "500" in reasons[2]
    assert work.run_once() == {"sent": 1}
    assert row(db, "k").attempts == 3


def test_a_slow_answer_times_out_and_is_retried(db, fake_twilio, clock):
    put(db, "k", due=START)
    fake_twilio.script(Reply.slow(5.0))
    assert worker(db, twilio(fake_twilio, timeout=0.3), clock).run_once() == {"retry": 1}
    assert row(db, "k").last_error == "network: ReadTimeout"


def test_backoff_has_jitter_between_half_and_all_of_its_ceiling_and_a_cap():
    assert backoff(1, rng=lambda: 0.0) == timedelta(seconds=15)
    assert backoff(1, rng=lambda: 1.0) == timedelta(seconds=30)
    assert backoff(2, rng=lambda: 0.5) == timedelta(seconds=45)
    assert backoff(4, rng=lambda: 1.0) == timedelta(seconds=240)
    assert backoff(30, rng=lambda: 1.0) == timedelta(hours=1)
    assert backoff(30, rng=lambda: 0.0) == timedelta(minutes=30)
    spread = {backoff(3) for _ in range(50)}  # the real random source
    assert len(spread) > 1 and all(timedelta(seconds=60) <= d <= timedelta(seconds=120) for d in spread)


def test_retries_stop_at_the_maximum_and_the_row_fails_with_the_reason(db, fake_twilio, clock):
    put(db, "k", due=START)
    fake_twilio.default = Reply.server_error(503)
    work = worker(db, twilio(fake_twilio), clock, config=settings(send_max_attempts=3))
    outcomes = []
    for _ in range(5):
        outcomes.append(work.run_once())
        clock.advance(timedelta(hours=2))
    assert outcomes == [{"retry": 1}, {"retry": 1}, {"failed": 1}, {}, {}]
    r = row(db, "k")
    assert (r.status, r.attempts) == ("failed", 3) and "503" in r.last_error
    assert len(fake_twilio.requests) == 3


@pytest.mark.parametrize("code", [21211, 21614])
def test_permanent_errors_fail_at_once_with_the_reason(db, fake_twilio, clock, code):
    put(db, "k", due=START)
    fake_twilio.script(Reply.error(code))
    work = worker(db, twilio(fake_twilio), clock)
    assert work.run_once() == {"failed": 1}
    clock.advance(timedelta(days=1))
    assert work.run_once() == {}
    r = row(db, "k")
    assert (r.status, r.attempts) == ("failed", 1) and str(code) in r.last_error
    assert len(fake_twilio.requests) == 1
    with db.transaction() as session:
        assert not is_opted_out(session, TO)


def test_21610_fails_the_row_and_records_the_opt_out(db, fake_twilio, clock):
    put(db, "first", due=START)
    put(db, "second", due=START + timedelta(minutes=1))
    fake_twilio.for_number(TO, Reply.error(21610))
    work = worker(db, twilio(fake_twilio), clock)
    assert work.run_once() == {"failed": 1}
    assert "21610" in row(db, "first").last_error
    with db.transaction() as session:
        assert session.get(OptOut, TO).keyword == "CARRIER"

    clock.advance(timedelta(minutes=1))
    assert work.run_once() == {"skipped": 1}
    assert (row(db, "second").status, row(db, "second").last_error) == ("skipped", "opted out")
    assert len(fake_twilio.requests) == 1


def test_a_number_that_opted_out_after_the_enqueue_gets_nothing(make_bot, fake_twilio, clock):
    config = settings()
    bot = make_bot(settings=config, clock=clock)
    db = bot.db
    put(db, "reminder", due=START + timedelta(hours=1))
    put(db, "other", due=START + timedelta(hours=1), to=OTHER)
    assert bot.handle(Inbound("SM" + "1" * 32, TO, "STOP")) == []

    clock.advance(timedelta(hours=1))
    assert worker(db, twilio(fake_twilio), clock, config=config).run_once() == {"skipped": 1, "sent": 1}
    assert (row(db, "reminder").status, row(db, "reminder").last_error) == ("skipped", "opted out")
    assert [m["to"] for m in fake_twilio.messages] == [OTHER]


def test_a_stop_in_flight_when_the_worker_checks_stops_the_message(postgres_url, fake_twilio, clock):
    """The customer's STOP is being handled (its transaction holds the phone's lock and has
    written the opt-out) when the worker comes to the row: the worker waits for it and sends
    nothing, instead of reading past it and sending just after the STOP was answered."""
    upgrade(postgres_url)
    database = Database(postgres_url)
    put(database, "k", due=START)
    with database.transaction() as session:  # the customer booked by text earlier
        open_conversation(session, TO, "SM" + "4" * 32, START, START)
    written, answered = threading.Event(), threading.Event()

    def customer_texts_stop() -> None:
        with database.transaction() as session:  # what the bot does with an inbound STOP
            open_conversation(session, TO, "SM" + "5" * 32, START, START)
            opt_out(session, TO, "STOP", START)
            written.set()
            answered.wait(10)

    stop = threading.Thread(target=customer_texts_stop)
    stop.start()
    outcome: dict = {}
    sending = threading.Thread(
        target=lambda: outcome.update(worker(database, twilio(fake_twilio), clock).run_once()))
    try:
        assert written.wait(10)
        sending.start()
        sending.join(timeout=1.0)  # a worker that does not wait has sent by now
    finally:
        answered.set()
        stop.join(10)
        sending.join(10)
    assert outcome == {"skipped": 1} and fake_twilio.messages == []
    assert (row(database, "k").status, row(database, "k").last_error) == ("skipped", "opted out")
    database.dispose()


def test_sending_to_a_number_that_never_texted_us_opens_no_conversation(any_db, fake_twilio, clock):
    put(any_db, "k", due=START)
    assert worker(any_db, twilio(fake_twilio), clock).run_once() == {"sent": 1}
    with any_db.transaction() as session:
        assert session.get(Conversation, TO) is None  # a conversation row means "texted us"


def test_a_sender_that_raises_something_unexpected_gets_a_retry_not_a_stuck_row(db, clock):
    class Broken:
        name = "broken"

        def send(self, to, body, now):
            raise KeyError("a bug")

    put(db, "k", due=START)
    assert worker(db, Broken(), clock).run_once() == {"retry": 1}
    r = row(db, "k")
    assert (r.status, r.attempts) == ("pending", 1) and r.last_error.startswith("unexpected: KeyError")


# quiet hours -----------------------------------------------------------------------------


def test_quiet_hours_defer_until_they_end_in_the_business_time_zone(db, fake_twilio):
    clock = FrozenClock(datetime(2026, 3, 4, 22, 30, tzinfo=NY))
    config = settings(quiet_hours=(time(21), time(8)))
    put(db, "k", due=clock.now(), now=clock.now())
    work = worker(db, twilio(fake_twilio), clock, config=config)

    assert work.run_once() == {"deferred": 1}
    r = row(db, "k")
    assert (r.status, r.attempts, r.due_at) == ("pending", 0, datetime(2026, 3, 5, 8, 0, tzinfo=NY))
    clock.set(datetime(2026, 3, 5, 7, 59, tzinfo=NY))
    assert work.run_once() == {}
    clock.set(datetime(2026, 3, 5, 8, 0, tzinfo=NY))
    assert work.run_once() == {"sent": 1}
    assert fake_twilio.messages[0]["to"] == TO


def test_quiet_until():
    window = parse_quiet_hours("21:00-08:00")
    assert window == (time(21), time(8)) and parse_quiet_hours("  ") is None
    at = lambda *args: datetime(2026, 3, *args, tzinfo=NY)  # noqa: E731
    assert quiet_until(at(4, 21, 0), window, NY) == at(5, 8, 0)
    assert quiet_until(at(5, 2, 0), window, NY) == at(5, 8, 0)
    assert quiet_until(at(5, 8, 0), window, NY) is None
    assert quiet_until(at(5, 20, 59), window, NY) is None
    lunch = parse_quiet_hours("12:00-13:00")
    assert quiet_until(at(5, 12, 30), lunch, NY) == at(5, 13, 0)
    assert quiet_until(at(5, 13, 0), lunch, NY) is None and quiet_until(at(5, 11, 59), lunch, NY) is None
    assert quiet_until(at(5, 2, 0), None, NY) is None
    # the business zone decides, whatever zone `now` is given in
    assert quiet_until(datetime(2026, 3, 5, 3, 0, tzinfo=timezone.utc), window, NY) == at(5, 8, 0)


# leases ----------------------------------------------------------------------------------


def test_a_row_whose_worker_died_mid_send_is_sent_after_its_lease_runs_out(any_db, fake_twilio, clock):
    put(any_db, "k", due=START)

    def die(_n):
        raise SystemExit("killed mid-send")  # not a SendError: the process goes away

    with pytest.raises(SystemExit):
        worker(any_db, Hooked(twilio(fake_twilio), die), clock).run_once()
    r = row(any_db, "k")
    assert (r.status, r.lease_until) == ("sending", START + outbox.LEASE)

    survivor = worker(any_db, twilio(fake_twilio), clock)
    assert survivor.run_once() == {}  # still leased
    clock.set(START + outbox.LEASE)
    assert survivor.run_once() == {}
    clock.advance(timedelta(seconds=1))
    assert survivor.run_once() == {"sent": 1}
    assert row(any_db, "k").status == "sent" and len(fake_twilio.messages) == 1


def test_a_slow_worker_does_not_resend_rows_another_took_over_after_its_lease(db, fake_twilio, clock):
    for key in ("a", "b", "c"):
        put(db, key, due=START)
    rescuer = worker(db, twilio(fake_twilio), clock)
    fake, taken = FakeTime(), []

    def stalled_sleep(seconds):  # the first wait for the rate limit takes longer than a lease
        fake.sleep(seconds)
        if len(fake.sleeps) == 1:
            clock.advance(outbox.LEASE + timedelta(minutes=1))
            taken.append(rescuer.run_once())

    limiter = RateLimiter(1.0, clock=fake.monotonic, sleep=stalled_sleep)
    slow = worker(db, twilio(fake_twilio), clock, limiter=limiter)
    assert slow.run_once() == {"sent": 1, "lost": 2}
    assert taken == [{"sent": 2}]
    assert sorted(m["body"] for m in fake_twilio.messages) == ["message a", "message b", "message c"]
    assert {r.status for r in rows(db)} == {"sent"}


def test_claimed_rows_are_not_claimed_again_while_leased(db, clock):
    put(db, "k", due=START)
    with db.transaction() as session:
        assert [r.key for r in outbox.claim_due(session, START, 10)] == ["k"]
    with db.transaction() as session:
        assert outbox.claim_due(session, START + outbox.LEASE - timedelta(seconds=1), 10) == []
    with db.transaction() as session:
        assert [r.key for r in outbox.claim_due(session, START + outbox.LEASE + timedelta(seconds=1), 10)] == ["k"]


# rate limit and segments -----------------------------------------------------------------


def test_the_rate_limiter_spaces_segments():
    fake = FakeTime()
    limiter = RateLimiter(1.0, clock=fake.monotonic, sleep=fake.sleep)
    for _ in range(5):
        limiter.acquire(1)
    assert fake.sleeps == [1.0, 1.0, 1.0, 1.0]

    fake = FakeTime()
    limiter = RateLimiter(3.0, clock=fake.monotonic, sleep=fake.sleep)
    for _ in range(10):
        limiter.acquire(1)
    assert fake.slept == pytest.approx(3.0)  # 10 segments at 3/s: the first is free


def test_the_rate_limiter_charges_every_segment_and_does_not_hoard_idle_time():
    fake = FakeTime()
    limiter = RateLimiter(1.0, clock=fake.monotonic, sleep=fake.sleep)
    limiter.acquire(3)
    limiter.acquire(3)
    assert fake.sleeps == [2.0, 3.0]
    fake.now += 100  # idle: the bucket refills to its burst of 1, no more
    limiter.acquire(1)
    limiter.acquire(1)
    assert fake.sleeps == [2.0, 3.0, 1.0]


def test_a_rate_of_zero_is_no_limit():
    fake = FakeTime()
    limiter = RateLimiter(0, clock=fake.monotonic, sleep=fake.sleep)
    for _ in range(100):
        limiter.acquire(5)
    assert fake.sleeps == []


def test_the_worker_sends_at_the_configured_segment_rate(db, fake_twilio, clock):
    fake = FakeTime()
    bodies = ["one segment", "x" * 200, "another", "ł" * 71]  # 1, 2, 1 and 2 segments
    for n, body in enumerate(bodies):
        put(db, f"k{n}", due=START, body=body)
    times: list[float] = []
    sender = Hooked(twilio(fake_twilio), lambda _n: times.append(fake.now))
    limiter = RateLimiter(1.0, clock=fake.monotonic, sleep=fake.sleep)
    assert worker(db, sender, clock, limiter=limiter).run_once() == {"sent": 4}
    assert [t - times[0] for t in times] == [0.0, 2.0, 3.0, 5.0]
    assert [m["num_segments"] for m in fake_twilio.messages] == ["1", "2", "1", "2"]


def test_toll_free_rate_of_three_per_second(db, fake_twilio, clock):
    fake = FakeTime()
    for n in range(31):
        put(db, f"k{n}", due=START)
    limiter = RateLimiter(3.0, clock=fake.monotonic, sleep=fake.sleep)
    assert worker(db, twilio(fake_twilio), clock, limiter=limiter).run_once() == {"sent": 31}
    assert fake.slept == pytest.approx(10.0)


def test_the_worker_takes_its_rate_from_the_settings(db, clock):
    assert worker(db, None, clock, config=settings(sms_segments_per_second=3), limiter=None).limiter.rate == 3


@pytest.mark.parametrize("body, count", [
    ("", 1), ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("€" * 80, 1), ("€" * 81, 2), ("[]" * 40, 1), ("é" * 160, 1), ("Ç" * 161, 2),
    ("ł" * 70, 1), ("ł" * 71, 2), ("ł" * 134, 2), ("ł" * 135, 3),
    ("\U0001f600" * 35, 1), ("\U0001f600" * 36, 2), ("a" * 159 + "ł", 3),
])
def test_segments(body, count):
    assert segments(body) == count


# PostgreSQL: several workers -----------------------------------------------------------


def test_skip_locked_gives_concurrent_claims_different_rows(postgres_url):
    upgrade(postgres_url)
    database = Database(postgres_url)
    try:
        for n in range(6):
            put(database, f"k{n}", due=START)
        with database.sessions() as first, first.begin():
            mine = [r.key for r in outbox.claim_due(first, START, 3)]  # not committed yet
            with database.sessions() as second, second.begin():
                theirs = [r.key for r in outbox.claim_due(second, START, 10)]
        assert mine == ["k0", "k1", "k2"] and theirs == ["k3", "k4", "k5"]
    finally:
        database.dispose()


def test_several_workers_on_postgres_never_send_a_row_twice(postgres_url, fake_twilio):
    upgrade(postgres_url)
    setup = Database(postgres_url)
    total, threads = 240, 4
    clock = FrozenClock(START)
    with setup.transaction() as session:
        for n in range(total):
            outbox.enqueue(session, key=f"k{n}", to=f"+1555{n:07d}", body=f"message {n}",
                           due_at=START - timedelta(seconds=n % 7), now=START)
    barrier = threading.Barrier(threads)
    results: list[dict] = [{} for _ in range(threads)]
    errors: list[BaseException] = []

    def run(index: int) -> None:
        database = Database(postgres_url)  # each worker its own engine, as separate processes
        try:
            work = worker(database, twilio(fake_twilio), clock, batch=5)
            barrier.wait()
            results[index] = work.run_once()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            database.dispose()

    pool = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=60)
    assert not errors
    bodies = [m["body"] for m in fake_twilio.messages]
    assert len(bodies) == total and len(set(bodies)) == total
    assert sum(r.get("sent", 0) for r in results) == total
    assert sum(1 for r in results if r.get("sent")) >= 2, results  # they really shared the work
    stored = rows(setup)
    assert {r.status for r in stored} == {"sent"}
    assert len({r.provider_sid for r in stored}) == total
    assert {r.provider_sid for r in stored} == {m["sid"] for m in fake_twilio.messages}
    setup.dispose()


# the long-running worker -----------------------------------------------------------------


class FlakyDatabase:
    """The real database, except that its first `failures` transactions fail to start."""

    def __init__(self, db, failures: int):
        self.db, self.failures = db, failures

    def transaction(self):
        if self.failures:
            self.failures -= 1
            raise OperationalError("BEGIN", {}, ConnectionError("the database is away"))
        return self.db.transaction()


def test_run_forever_survives_a_failing_round_and_polls_when_idle(db, fake_twilio, clock):
    put(db, "k", due=START)
    rounds, sleeps = iter(range(4)), []
    work = worker(FlakyDatabase(db, 1), twilio(fake_twilio), clock)
    work.run_forever(poll_seconds=1.0, should_stop=lambda: next(rounds) == 3, sleep=sleeps.append)
    assert sleeps == [5.0, 1.0]  # the failed round waits longer; the busy one not at all
    assert row(db, "k").status == "sent" and len(fake_twilio.messages) == 1


def test_a_worker_process_killed_mid_send_loses_nothing(tmp_path, sqlite_file_url, fake_twilio):
    """`smsbot worker` is SIGKILLed while Twilio has not answered yet: the row stays leased,
    and once the lease runs out another worker sends it. (Had Twilio already accepted it,
    the next worker would find it there: tests/test_outbox_crash.py.)"""
    upgrade(sqlite_file_url)
    database = Database(sqlite_file_url)
    now = datetime.now(timezone.utc)
    put(database, "k", due=now - timedelta(seconds=1), now=now)
    fake_twilio.script(Reply.slow(30))
    process = start_worker_process(tmp_path, sqlite_file_url, fake_twilio, FROM)
    try:
        deadline = _time.monotonic() + 30
        while not fake_twilio.requests and _time.monotonic() < deadline and process.poll() is None:
            _time.sleep(0.05)
        assert fake_twilio.requests, "the worker never reached the fake"
    finally:
        process.kill()
        process.wait(timeout=10)
    r = row(database, "k")
    assert r.status == "sending" and r.lease_until > now

    later = FrozenClock(r.lease_until + timedelta(seconds=1))
    assert worker(database, twilio(fake_twilio), later).run_once() == {"sent": 1}
    assert row(database, "k").status == "sent" and len(fake_twilio.messages) == 1
    database.dispose()
