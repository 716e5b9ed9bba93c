"""Pytest fixtures for the Google tests (import them into a test module):

- `fake`: one FakeGoogle server for the whole session; faults and the call log are
  cleared for each test.
- `gbot`: gbot(**settings) -> GBot, the bot on in-memory SQLite with the Google provider
  against the fake (a fresh calendar each time), frozen at Wed 2026-03-04 10:15 New York.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from smsbot.bot import Bot, Inbound
from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.clock import FrozenClock
from smsbot.store.db import Database
from smsbot.store.models import Appointment, OutboxMessage
from tests.fakes.google_accounts import google_settings
from tests.fakes.google_calendar import FakeGoogle

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 4, 10, 15, tzinfo=NY)  # a Wednesday


@pytest.fixture(scope="session")
def fake():
    server = FakeGoogle()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _fresh_faults(request):
    """Each test starts with no faults pending and an empty call log."""
    server = request.getfixturevalue("fake") if "fake" in request.fixturenames else None
    if server is not None:
        server.faults.clear()
        server.calls.clear()
    yield
    if server is not None:
        server.faults.clear()


@dataclass
class GBot:
    bot: Bot
    db: Database
    clock: FrozenClock
    calendars: GoogleCalendars
    settings: object
    fake: FakeGoogle
    sids: int = 0

    @property
    def cid(self) -> str:
        return self.settings.google_calendar_id

    def text(self, body: str, phone: str = "+15551230001") -> list[str]:
        self.sids += 1
        return self.bot.handle(Inbound(f"SMg{self.sids:030d}", phone, body))

    def appointments(self) -> list[Appointment]:
        with self.db.transaction() as session:
            return list(session.scalars(select(Appointment).order_by(Appointment.id)))

    def booked(self) -> list[Appointment]:
        return [a for a in self.appointments() if a.status == "booked"]

    def outbox(self) -> list[OutboxMessage]:
        with self.db.transaction() as session:
            return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    def events(self, include_cancelled: bool = False) -> list[dict]:
        return self.fake.events(self.cid, include_cancelled)


@pytest.fixture
def gbot(fake):
    built = []

    def build(**overrides) -> GBot:
        clock = FrozenClock(START)
        fake.clock = clock.now
        settings = google_settings(fake, **overrides)
        db = Database("sqlite://")
        db.create_all()
        calendars = GoogleCalendars(settings)
        made = GBot(Bot(db, settings, clock, calendars), db, clock, calendars, settings, fake)
        built.append(made)
        return made

    yield build
    for made in built:
        made.db.dispose()
