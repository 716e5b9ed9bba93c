"""The pieces the grammar finds in a text, before they are combined."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Day:
    """A calendar day named outright ("tomorrow", "March 12", "in 3 days")."""
    day: date


@dataclass(frozen=True)
class Weekday:
    """A weekday, resolved late because "friday" on a Friday depends on the time."""
    index: int  # 0 = Monday
    mode: str = "coming"  # coming this next last
    extra_days: int = 0  # "a week from friday"

    def shifted(self, days: int) -> "Weekday":
        return replace(self, extra_days=self.extra_days + days)


@dataclass(frozen=True)
class Week:
    offset: int  # 0 this week, 1 next week, -1 last week
    weekend: bool = False


@dataclass(frozen=True)
class Month:
    """A calendar month: "next month" (offset 1), "this month" (0)."""
    offset: int


@dataclass(frozen=True)
class Clock:
    """A time as written: the meridiem may still be unknown."""
    hour: int
    minute: int = 0
    meridiem: str | None = None  # "am" "pm"
    minutes_written: bool = False
    written_24h: bool = False  # "07:30", "0930", "15:00"
    weak: bool = False  # a bare number: a time only next to a day or part of day
    vague: bool = False  # a meal ("lunch"): any written time says more
    zone: str | None = None  # the zone the customer named ("3pm PST")

    @property
    def grain(self) -> str:
        return "minute" if self.minutes_written else "hour"

    @property
    def rank(self) -> int:
        """How clearly this is a time: a written "4 pm" beats "one" in "I'd like one for friday"."""
        if self.weak:
            return 0
        if self.vague:
            return 1
        clear = self.meridiem or self.minutes_written or self.written_24h or self.zone
        return 3 if clear else 2


@dataclass(frozen=True)
class Span:
    first: Clock
    last: Clock

    @property
    def weak(self) -> bool:
        return self.first.weak and self.last.weak

    @property
    def rank(self) -> int:
        return 0 if self.weak else max(self.first.rank, self.last.rank, 2)

    @property
    def zone(self) -> str | None:
        return self.last.zone or self.first.zone


@dataclass(frozen=True)
class Bound:
    kind: str  # "after" "before"
    clock: Clock

    @property
    def weak(self) -> bool:
        return False

    @property
    def rank(self) -> int:
        return max(self.clock.rank, 1)

    @property
    def zone(self) -> str | None:
        return self.clock.zone


@dataclass(frozen=True)
class PartOfDay:
    name: str  # morning afternoon evening night


@dataclass(frozen=True)
class Elapsed:
    """"in 2 hours": measured from now, not from a wall clock."""
    delta: timedelta


DAY_PARTS = (Day, Weekday, Week, Month)
TIME_PARTS = (Clock, Span, Bound)
