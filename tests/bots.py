"""The one way tests build a bot: `build_bot(...)`, which the `make_bot` fixture
(tests/conftest.py) wraps so the bot's database is disposed of after the test.

    make_bot()                                   in-memory SQLite, frozen at START, local calendar
    make_bot(sqlite_file_url) / make_bot(postgres_url)           a real database, migrated
    make_bot(confirm_timeout=timedelta(minutes=5))  settings overrides (on Settings(), or on settings=)
    make_bot(clock=FrozenClock(...))             another clock
    make_bot(google=fake)                        the Google provider against the fake Google,
                                                 a fresh calendar, the fake on the bot's clock
    make_bot(calendly=fake_calendly)             the Calendly provider against the fake Calendly,
                                                 on the bot's clock
    make_bot(phone=STAFF)                        who `text`/`say` send as by default
"""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from smsbot.app import create_app
from smsbot.bot import Bot, Inbound
from smsbot.calendars.factory import calendar_factory
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade
from smsbot.store.models import Appointment, OutboxMessage

NY = ZoneInfo("America/New_York")
START = datetime(2026, 3, 4, 10, 15, tzinfo=NY)  # a Wednesday
CUSTOMER = "+15551230001"
IN_MEMORY = ("sqlite://", "sqlite:///:memory:")


def build_bot(url: str = "sqlite://", *, settings: Settings | None = None, clock: FrozenClock | None = None,
              google=None, calendly=None, phone: str = CUSTOMER, **overrides) -> "BotUnderTest":
    clock = clock or FrozenClock(START)
    settings = (settings or Settings()).with_overrides(database_url=url, **overrides)
    if google is not None:
        from smsbot.calendars.google.provider import GoogleCalendars
        from tests.fakes.google_accounts import google_settings

        settings = google_settings(google, base=settings)
        google.clock = clock.now
        calendar_for = GoogleCalendars(settings)
    elif calendly is not None:
        from smsbot.calendars.calendly.provider import CalendlyCalendars
        from tests.calendly_support import calendly_settings

        settings = calendly_settings(calendly, base=settings)
        calendly.clock = clock.now
        calendar_for = CalendlyCalendars(settings, clock=clock)
    else:
        calendar_for = calendar_factory(settings)
    if url in IN_MEMORY:
        db = Database(url)
        db.create_all()
    else:
        upgrade(url)
        db = Database(url)
    return BotUnderTest(db, settings, clock, calendar_for, phone=phone, google=google)


class BotUnderTest(Bot):
    """The bot, and ways to text it and to look at what it keeps."""

    def __init__(self, db: Database, settings, clock, calendar_for, *, phone: str, google=None):
        super().__init__(db, settings, clock, calendar_for)
        self.phone, self.fake = phone, google
        self._sids = itertools.count(1)

    @property
    def calendars(self):
        return self.calendar_for

    @property
    def cid(self) -> str:
        return self.settings.google_calendar_id

    def text(self, body: str, phone: str | None = None) -> list[str]:
        return self.handle(Inbound(f"SM{next(self._sids):032d}", phone or self.phone, body))

    def say(self, body: str, phone: str | None = None) -> str:
        return "\n".join(self.text(body, phone))

    def app(self):
        """The Flask app on this bot's database, settings and clock."""
        return create_app(self.settings, clock=self.clock, db=self.db)

    # what it keeps ---------------------------------------------------------------------

    def rows(self, model, order_by=None) -> list:
        """Every row of `model`, in primary-key order unless told otherwise."""
        order = order_by if order_by is not None else model.__mapper__.primary_key
        with self.db.transaction() as session:
            return list(session.scalars(select(model).order_by(*_as_tuple(order))))

    def appointments(self) -> list[Appointment]:
        return self.rows(Appointment)

    def booked(self) -> list[Appointment]:
        return [a for a in self.appointments() if a.status == "booked"]

    def outbox(self) -> list[OutboxMessage]:
        return self.rows(OutboxMessage)

    def events(self, include_cancelled: bool = False) -> list[dict]:
        """The events in the fake Google's calendar for this bot."""
        return self.fake.events(self.cid, include_cancelled)

    # the calendar, behind the conversation's back ----------------------------------------

    def bookings(self, phone: str | None = None) -> list[datetime]:
        """Start times of `phone`'s upcoming appointments, in the business time zone."""
        with self.db.transaction() as session:
            upcoming = self.calendar_for(session).upcoming_for(phone or self.phone, self.clock.now())
            return [b.start.astimezone(self.rules.tz) for b in upcoming]

    def book(self, phone: str, start: datetime, length: timedelta = timedelta(minutes=30)) -> None:
        with self.db.transaction() as session:
            self.calendar_for(session).book(phone, start, start + length, self.clock.now())

    def block(self, start: datetime, end: datetime) -> None:
        with self.db.transaction() as session:
            self.calendar_for(session).add_busy(start, end, "test", self.clock.now())


def _as_tuple(order) -> tuple:
    return tuple(order) if isinstance(order, (list, tuple)) else (order,)
