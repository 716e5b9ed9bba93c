"""Free slots: the rules' grid minus what the calendar says is busy."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from smsbot.calendars.base import Booking, Calendar
from smsbot.clock import start_of_day
from smsbot.scheduling.rules import TAKEN, BookingRules


def _overlaps(start: datetime, end: datetime, busy: list[tuple[datetime, datetime]]) -> bool:
    return any(s < end and start < e for s, e in busy)


class Availability:
    def __init__(self, calendar: Calendar, rules: BookingRules, now: datetime,
                 ignore: Booking | None = None):
        self.calendar, self.rules, self.now = calendar, rules, now
        self.ignored = (ignore.start, ignore.end) if ignore else None
        self._busy_by_day: dict[date, list[tuple[datetime, datetime]]] = {}

    def forget(self) -> None:
        """Drop what was read from the calendar: it changed under us."""
        self._busy_by_day.clear()

    def busy_on(self, day: date) -> list[tuple[datetime, datetime]]:
        if day not in self._busy_by_day:
            start = start_of_day(day, self.rules.tz).astimezone(timezone.utc)
            end = start_of_day(day + timedelta(days=1), self.rules.tz).astimezone(timezone.utc)
            busy = self.calendar.busy_between(start, end)
            self._busy_by_day[day] = [span for span in busy if span != self.ignored]
        return self._busy_by_day[day]

    def problem_with(self, start: datetime) -> str | None:
        problem = self.rules.problem_with(start, self.now)
        if problem:
            return problem
        day = self.rules.local(start).date()
        if _overlaps(start, start + self.rules.slot, self.busy_on(day)):
            return TAKEN
        return None

    def free_on(self, day: date) -> list[datetime]:
        return [s for s in self.rules.grid(day) if self.problem_with(s) is None]

    def free_between(self, start: datetime, end: datetime, limit: int = 3) -> list[datetime]:
        """Free slots starting in [start, end), earliest first."""
        found: list[datetime] = []
        day = self.rules.local(max(start, self.now)).date()
        last = min(self.rules.local(end), self.rules.local(self.now + self.rules.horizon)).date()
        while day <= last and len(found) < limit:
            found += [s for s in self.free_on(day) if start <= s < end][: limit - len(found)]
            day += timedelta(days=1)
        return found

    def nearest_free(self, wanted: datetime, limit: int = 3) -> list[datetime]:
        """Up to `limit` free slots: that day's closest to the wanted time first,
        then the earliest ones of the following days."""
        day = self.rules.local(wanted).date()
        same_day = sorted(self.free_on(day), key=lambda s: (abs(s - wanted), s))[:limit]
        if len(same_day) < limit:
            next_day = start_of_day(day + timedelta(days=1), self.rules.tz)
            later = max(next_day, self.rules.local(self.now))
            same_day += self.free_between(later, later + self.rules.horizon, limit - len(same_day))
        return sorted(same_day)
