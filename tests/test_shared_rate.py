"""The per-sender rate holds across workers: they book send times on one shared row."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from smsbot.messaging.shared_rate import SharedRateLimiter
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade

T0 = datetime(2026, 3, 4, 15, 0, tzinfo=timezone.utc)


class StoppedClock:
    """Time that does not move: each wait is recorded instead of slept."""

    def __init__(self):
        self.at, self.waits = T0, []

    def now(self):
        return self.at

    def sleep(self, seconds):
        self.waits.append(round(seconds, 3))


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'rate.db'}" if request.param == "sqlite" \
        else request.getfixturevalue("postgres_url")
    upgrade(url)
    database = Database(url)
    yield database
    database.dispose()


def test_two_workers_share_one_senders_rate(db):
    clock = StoppedClock()
    first, second = (SharedRateLimiter(db, "twilio:+15550009999", 1.0, clock.now, clock.sleep) for _ in range(2))
    first.acquire(1)
    second.acquire(1)
    first.acquire(2)
    second.acquire(1)
    assert clock.waits == [1.0, 2.0, 4.0]


def test_each_sender_has_its_own_rate(db):
    clock = StoppedClock()
    SharedRateLimiter(db, "twilio:+15550000001", 1.0, clock.now, clock.sleep).acquire(1)
    SharedRateLimiter(db, "twilio:+15550000002", 1.0, clock.now, clock.sleep).acquire(1)
    assert clock.waits == []


def test_idle_time_does_not_bank_a_burst(db):
    clock = StoppedClock()
    limiter = SharedRateLimiter(db, "s", 3.0, clock.now, clock.sleep)
    limiter.acquire(1)
    clock.at += timedelta(minutes=10)
    limiter.acquire(1)
    limiter.acquire(1)
    assert clock.waits == [0.333]


def test_rate_zero_means_no_limit(db):
    clock = StoppedClock()
    limiter = SharedRateLimiter(db, "s", 0, clock.now, clock.sleep)
    for _ in range(5):
        limiter.acquire(3)
    assert clock.waits == []
