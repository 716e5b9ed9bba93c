"""The bot on its embedded defaults for one transcript: in-memory SQLite, local
calendar, captured messages, a frozen clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from smsbot.bot import Bot, Inbound
from smsbot.calendars.local import LocalCalendar
from smsbot.clock import FrozenClock
from smsbot.cli.replay.parser import TranscriptError
from smsbot.cli.replay.profile import Focus, Staffing, resolve
from smsbot.config import SETTINGS, Settings
from smsbot.messaging.console import ConsoleSender
from smsbot.messaging.policy import RateLimiter
from smsbot.messaging.worker import Worker
from smsbot.scheduling.hours import parse_hours, parse_hours_line
from smsbot.store import staff as staff_store
from smsbot.store.db import Database
from smsbot.store.outbox import next_due


@dataclass
class Sent:
    to: str
    body: str
    line: int  # the transcript line whose step caused it
    reply: bool  # an answer to an inbound text, not a message the bot started
    matched: bool = False
    spoken: bool = False  # said on a call (or a voice agent's tool result), not texted


@dataclass
class Setup:
    tz: str = "America/New_York"
    hour_lines: list[str] = field(default_factory=list)
    slot: int = 30
    overrides: dict = field(default_factory=dict)  # @set: Settings field name -> parsed value
    staffing: Staffing = field(default_factory=Staffing)  # @service, @provider

    def set(self, line: int, env: str, text: str) -> None:
        """`@set NAME value`: the setting NAME, parsed and checked as at start-up."""
        declared = SETTINGS.get(env.upper())
        if declared is None:
            raise TranscriptError(line, f"{env} is not a setting")
        try:
            self.overrides[declared.name] = declared.metadata["kind"].parse(text.strip())
        except ValueError as why:
            raise TranscriptError(line, f"{env}={text.strip()!r} {why}") from None

    def settings(self) -> Settings:
        settings = Settings(business_tz=ZoneInfo(self.tz), slot=timedelta(minutes=self.slot))
        settings = settings.with_overrides(**self.overrides)
        if self.staffing.business_file() is not None:
            settings = settings.with_overrides(business_file=self.staffing.business_file())
        if not self.hour_lines:
            return settings
        named = {d for line in self.hour_lines for d in parse_hours_line(line)[0]}
        hours = settings.opening_hours.overridden_by(parse_hours(self.hour_lines), named)
        return settings.with_overrides(opening_hours=hours)


class World:
    def __init__(self, setup: Setup, start: datetime | None, calendar_for=LocalCalendar):
        self.settings = setup.settings()
        self.tz = self.settings.business_tz
        self.clock = FrozenClock(start or datetime.now(self.tz).replace(second=0, microsecond=0))
        self.db = Database("sqlite://")
        self.db.create_all()
        self.calendar_for = calendar_for
        self.bot = Bot(self.db, self.settings, self.clock, calendar_for)
        self.sender = ConsoleSender(keep=100_000)
        self.worker = Worker(self.db, self.sender, self.settings, self.clock, limiter=RateLimiter(0))
        self.sent: list[Sent] = []
        self._sids = 0
        self._calls = None

    def on_call(self, kind: str, line: int, phone: str, *args) -> None:
        """`> call`, `> voice`, `> keys`, `> hangup`, `> tool`: through the real voice and Vapi routes."""
        if self._calls is None:
            from smsbot.cli.replay.calls import Calls

            self._calls = Calls(self.bot, self.settings)
        said = getattr(self._calls, kind[1:])(phone, *args, line)
        if said:
            self.sent.append(Sent(phone, said, line, reply=True, spoken=True))
        self.run_due(line)  # the text that confirms a change made on the call

    def local(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.tz)

    def text(self, phone: str, body: str, line: int) -> list[Sent]:
        self._sids += 1
        replies = self.bot.handle(Inbound(f"SMreplay{self._sids:026d}", phone, body))
        new = [Sent(phone, reply, line, reply=True) for reply in replies]
        self.sent += new
        self.run_due(line)  # notices a text caused (e.g. to a customer a staff member moved)
        return new

    def move_clock(self, to: datetime, line: int = 0) -> None:
        """Run everything that falls due on the way, each at its own due time."""
        target = max(to, self.clock.now())
        for _ in range(10_000):
            with self.db.transaction() as session:
                due = next_due(session)
            if due is None or due > target:
                break
            self.clock.set(max(due, self.clock.now()))
            self.run_due(line)
        self.clock.set(target)
        self.run_due(line)

    def run_due(self, line: int) -> None:
        already = len(self.sender.sent)
        self.worker.run_once()
        self.sent += [Sent(m.to, m.body, line, reply=False) for m in self.sender.sent[already:]]

    def add_busy(self, start: datetime, end: datetime) -> None:
        with self.db.transaction() as session:
            self.calendar_for(session).add_busy(self.local(start), self.local(end), "transcript", self.clock.now())

    def add_booking(self, phone: str, start: datetime, focus: Focus = Focus(), line: int = 0) -> None:
        with self.db.transaction() as session:
            self._scheduler(session, focus, line).book(phone, self.local(start), check=False)

    def _scheduler(self, session, focus: Focus, line: int):
        scheduler = self.bot.scheduler(session, self.clock.now())
        return scheduler.for_(*resolve(scheduler.business, focus, line))

    def matches(self, booking, focus: Focus) -> bool:
        return ((focus.provider or booking.provider).lower() == booking.provider.lower()
                and (focus.service or booking.service).lower() == booking.service.lower())

    def describe(self, booking) -> str:
        return f"{booking.start.astimezone(self.tz):%Y-%m-%d %H:%M}" + str(Focus(booking.service, booking.provider))

    def add_staff(self, phone: str, role: str) -> None:
        with self.db.transaction() as session:
            staff_store.add(session, phone, "", role, self.clock.now())

    def upcoming(self, phone: str) -> list:
        with self.db.transaction() as session:
            return [b for b in self.calendar_for(session).upcoming_for(phone, self.clock.now())
                    if b.start > self.clock.now()]

    def bookable(self, start: datetime, focus: Focus = Focus(), line: int = 0) -> bool:
        with self.db.transaction() as session:
            return self._scheduler(session, focus, line).problem_with(self.local(start)) is None
