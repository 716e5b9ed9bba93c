"""The bot on its embedded defaults for one transcript: in-memory SQLite, local
calendar, captured messages, a frozen clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from smsbot.bot import Bot, Inbound
from smsbot.calendars.local import LocalCalendar
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.scheduling.hours import parse_hours, parse_hours_line
from smsbot.store.db import Database


@dataclass
class Sent:
    to: str
    body: str
    line: int  # the transcript line whose step caused it
    reply: bool  # an answer to an inbound text, not a message the bot started
    matched: bool = False


@dataclass
class Setup:
    tz: str = "America/New_York"
    hour_lines: list[str] = field(default_factory=list)
    slot: int = 30

    def settings(self) -> Settings:
        settings = Settings(business_tz=self.tz, slot_minutes=self.slot)
        if not self.hour_lines:
            return settings
        named = {d for line in self.hour_lines for d in parse_hours_line(line)[0]}
        hours = settings.opening_hours.overridden_by(parse_hours(self.hour_lines), named)
        return settings.with_overrides(opening_hours=hours)


class World:
    def __init__(self, setup: Setup, start: datetime | None):
        self.tz = ZoneInfo(setup.tz)
        self.settings = setup.settings()
        self.clock = FrozenClock(start or datetime.now(self.tz).replace(second=0, microsecond=0))
        self.db = Database("sqlite://")
        self.db.create_all()
        self.bot = Bot(self.db, self.settings, self.clock)
        self.sent: list[Sent] = []
        self.staff: set[str] = set()
        self._sids = 0

    def local(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.tz)

    def text(self, phone: str, body: str, line: int) -> list[Sent]:
        self._sids += 1
        replies = self.bot.handle(Inbound(f"SMreplay{self._sids:026d}", phone, body))
        new = [Sent(phone, reply, line, reply=True) for reply in replies]
        self.sent += new
        return new

    def move_clock(self, to: datetime) -> None:
        """Later issues run what falls due on the way (reminders, outbox) here."""
        self.clock.set(max(to, self.clock.now()))

    def add_busy(self, start: datetime, end: datetime) -> None:
        with self.db.transaction() as session:
            LocalCalendar(session).add_busy(self.local(start), self.local(end), "transcript", self.clock.now())

    def add_booking(self, phone: str, start: datetime) -> None:
        begin = self.local(start)
        with self.db.transaction() as session:
            LocalCalendar(session).book(phone, begin, begin + self.bot.rules.slot, self.clock.now())

    def upcoming(self, phone: str) -> list:
        with self.db.transaction() as session:
            return [b for b in LocalCalendar(session).upcoming_for(phone, self.clock.now())
                    if b.start > self.clock.now()]

    def bookable(self, start: datetime) -> bool:
        with self.db.transaction() as session:
            return self.bot.scheduler(session, self.clock.now()).problem_with(self.local(start)) is None
