"""Time is injected: logic takes `now`, the edges read it from a clock. And where a
local day starts and ends, right on the days a zone moves its clock at midnight."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo


def wall_time(day: date, at: time, tz: tzinfo) -> datetime:
    """`day` at the wall time `at` in `tz`, as an instant whose wall time exists: a time
    the clock skips is read with the offset from before the jump (02:30 on the day New
    York jumps from 02:00 to 03:00 is 03:30), a repeated time is its first occurrence."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(timezone.utc).astimezone(tz)


def start_of_day(day: date, tz: tzinfo) -> datetime:
    """The first instant of `day` in `tz`: 00:00, or 01:00 where the clock jumps from
    00:00 to 01:00 (America/Santiago 2023-09-03), and the first of two 00:00s where it
    falls back from 01:00 (America/Havana 2023-11-05). A day a zone skipped entirely
    (Pacific/Apia 2011-12-30) starts, and ends, where the next one starts."""
    # Read with the offset from before the jump, a skipped 00:00 is the instant the gap
    # starts: its first instant. Every gap in tzdata starts or ends at a midnight.
    return wall_time(day, time(0), tz)


def next_midnight(moment: datetime, tz: tzinfo) -> datetime:
    """The start of the calendar day after the one `moment` falls on in `tz`: not the
    second 00:00 of a repeated hour, and not `moment + 24 hours` (a day may last 23 or 25)."""
    return start_of_day(moment.astimezone(tz).date() + timedelta(days=1), tz)


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FrozenClock:
    """A clock that only moves when told to (transcripts, tests)."""

    def __init__(self, at: datetime):
        self.at = at.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at.astimezone(timezone.utc)

    def advance(self, delta: timedelta) -> None:
        self.at += delta
