"""Expected answers, worked out from `now` the way a receptionist would.

Each helper returns a function of the local `now` so one table row can be
checked at many reference times.  The arithmetic here is deliberately plain
(calendar dates plus wall times) and does not share code with the parser.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Callable
from zoneinfo import ZoneInfo

NY = ZoneInfo("America/New_York")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)

# Wall times in America/New_York, chosen for the edges they exercise.
NOWS = {
    "wed-contract": datetime(2026, 3, 4, 10, 15),
    "wed-late-evening": datetime(2026, 6, 10, 22, 45),
    "fri-afternoon": datetime(2026, 5, 15, 14, 0),
    "fri-early": datetime(2026, 5, 15, 7, 5),
    "sat-before-spring-dst": datetime(2026, 3, 7, 21, 0),
    "sun-spring-dst-night": datetime(2026, 3, 8, 0, 30),
    "sun-spring-dst-noon": datetime(2026, 3, 8, 12, 0),
    "sat-before-fall-dst": datetime(2026, 10, 31, 18, 0),
    "sun-fall-dst-ambiguous": datetime(2026, 11, 1, 1, 30),
    "mon-after-fall-dst": datetime(2026, 11, 2, 9, 0),
    "new-years-eve": datetime(2026, 12, 31, 23, 30),
}

DayRule = Callable[[datetime], date]


def wall(day: date, hour: int, minute: int = 0) -> datetime:
    if hour == 24:
        day, hour = day + timedelta(days=1), 0
    naive = datetime.combine(day, time(hour, minute))
    # Through UTC so a wall time in the spring-forward gap becomes a real instant.
    return naive.replace(tzinfo=NY).astimezone(timezone.utc).astimezone(NY)


def local(now: datetime) -> datetime:
    return now.replace(tzinfo=NY).astimezone(timezone.utc).astimezone(NY)


def today(now: datetime) -> date:
    return now.date()


def in_days(n: int) -> DayRule:
    return lambda now: now.date() + timedelta(days=n)


def coming(weekday: int, at: tuple[int, int] | None = None, window_end: int | None = None) -> DayRule:
    """A plain weekday: today only if the time (or window) asked for is still ahead."""
    def rule(now: datetime) -> date:
        ahead = (weekday - now.weekday()) % 7
        if ahead == 0:
            still_ahead = (at is not None and wall(now.date(), *at) >= local(now)) or (
                window_end is not None and wall(now.date(), window_end) > local(now))
            if not still_ahead:
                ahead = 7
        return now.date() + timedelta(days=ahead)
    return rule


def this(weekday: int) -> DayRule:
    return lambda now: now.date() + timedelta(days=(weekday - now.weekday()) % 7)


def next_week_day(weekday: int) -> DayRule:
    return lambda now: now.date() - timedelta(days=now.weekday()) + timedelta(days=7 + weekday)


def last(weekday: int) -> DayRule:
    return lambda now: now.date() - timedelta(days=(now.weekday() - weekday) % 7 or 7)


def upcoming(month: int, day: int) -> DayRule:
    def rule(now: datetime) -> date:
        year = now.year
        while True:
            try:
                found = date(year, month, day)
            except ValueError:
                year += 1
                continue
            if found >= now.date():
                return found
            year += 1
    return rule


def day_of_month(dom: int) -> DayRule:
    def rule(now: datetime) -> date:
        year, month = now.year, now.month
        while True:
            try:
                found = date(year, month, dom)
                if found >= now.date():
                    return found
            except ValueError:
                pass
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rule


def rolled(hour: int, minute: int = 0) -> DayRule:
    """No day named: today if hour:minute is still ahead, else tomorrow."""
    return lambda now: now.date() + timedelta(days=0 if wall(now.date(), hour, minute) >= local(now) else 1)


def rolled_window(end_hour: int) -> DayRule:
    return lambda now: now.date() + timedelta(days=0 if wall(now.date(), end_hour) > local(now) else 1)


def monday(weeks_ahead: int) -> DayRule:
    return lambda now: now.date() - timedelta(days=now.weekday()) + timedelta(weeks=weeks_ahead)


def day_of_week(weeks_ahead: int, weekday: int) -> DayRule:
    return lambda now: monday(weeks_ahead)(now) + timedelta(days=weekday)


def shifted(rule: DayRule, days: int) -> DayRule:
    return lambda now: rule(now) + timedelta(days=days)


@dataclass(frozen=True)
class Expect:
    day: DayRule
    at: tuple[int, int] | None = None  # start wall time, else the day's 00:00
    until: tuple[int, int] | None = None  # end wall time on the same day
    grain: str = "day"
    bound: str | None = None
    end_days: int | None = None  # end is midnight this many days after start (weeks)

    def json_for(self, now: datetime) -> dict:
        day = self.day(now)
        if self.bound == "before":
            start, end = wall(day, 0), wall(day, *self.at)
        else:
            start = wall(day, *self.at) if self.at else wall(day, 0)
            end = wall(day, *self.until) if self.until else None
            if end is not None and end <= start:
                end = wall(day + timedelta(days=1), *self.until)
        if self.end_days is not None:
            end = wall(day + timedelta(days=self.end_days), 0)
        return {"start": start.isoformat(), "end": end.isoformat() if end else None, "grain": self.grain}


def point(day: DayRule, hour: int, minute: int = 0, grain: str | None = None) -> Expect:
    return Expect(day, (hour, minute), grain=grain or ("minute" if minute else "hour"))


def window(day: DayRule, first: int, last_hour: int) -> Expect:
    return Expect(day, (first, 0), (last_hour, 0), "part_of_day")


def span(day: DayRule, first: tuple[int, int], last_: tuple[int, int], grain: str = "hour") -> Expect:
    return Expect(day, first, last_, grain)


def after(day: DayRule, hour: int, minute: int = 0) -> Expect:
    return Expect(day, (hour, minute), grain="minute" if minute else "hour", bound="after")


def before(day: DayRule, hour: int, minute: int = 0) -> Expect:
    return Expect(day, (hour, minute), grain="minute" if minute else "hour", bound="before")


def whole_day(day: DayRule) -> Expect:
    return Expect(day)


def week(weeks_ahead: int) -> Expect:
    return Expect(monday(weeks_ahead), grain="week", end_days=7)


def _month_start(now: datetime, months_ahead: int) -> date:
    year, month = now.year, now.month + months_ahead
    while month > 12:
        year, month = year + 1, month - 12
    return date(year, month, 1)


def _weekdays_of(first: date, weekday: int) -> list[date]:
    days, day = [], first
    while day.month == first.month:
        if day.weekday() == weekday:
            days.append(day)
        day += timedelta(days=1)
    return days


def _nth(first: date, weekday: int, nth: int) -> date | None:
    found = _weekdays_of(first, weekday)
    return found[-1] if nth == -1 else (found[nth - 1] if nth <= len(found) else None)


def nth_weekday_of(month: int, weekday: int, nth: int) -> DayRule:
    """'first tuesday of october': this year's, or next year's once it has gone."""
    def rule(now: datetime) -> date:
        for year in range(now.year, now.year + 3):
            found = _nth(date(year, month, 1), weekday, nth)
            if found and found >= now.date():
                return found
        raise AssertionError("none ahead")
    return rule


def nth_weekday_in_month(weekday: int, nth: int, months_ahead: int = 0) -> DayRule:
    """'last friday of the month': this month's, or the next month's once it has gone."""
    def rule(now: datetime) -> date:
        for step in range(months_ahead, months_ahead + 24):
            found = _nth(_month_start(now, step), weekday, nth)
            if found and found >= now.date():
                return found
        raise AssertionError("none ahead")
    return rule


def nth_coming(weekday: int, count: int) -> DayRule:
    """'3 fridays from now': the third one after today."""
    return lambda now: now.date() + timedelta(days=((weekday - now.weekday()) % 7 or 7) + 7 * (count - 1))


def in_months(count: int) -> DayRule:
    def rule(now: datetime) -> date:
        first = _month_start(now, count)
        day = now.day
        while True:
            try:
                return first.replace(day=day)
            except ValueError:
                day -= 1
    return rule


@dataclass(frozen=True)
class Elapsed:
    """'in 2.5 hours': from the start of the current minute, in real (UTC) time."""
    minutes: int

    def json_for(self, now: datetime) -> dict:
        start = local(now).replace(second=0, microsecond=0).astimezone(timezone.utc)
        moment = (start + timedelta(minutes=self.minutes)).astimezone(NY)
        return {"start": moment.isoformat(), "end": None, "grain": "minute"}


@dataclass(frozen=True)
class MonthWindow:
    """'next month' is the whole month; 'this month' is what is left of it."""
    months_ahead: int

    def json_for(self, now: datetime) -> dict:
        first = _month_start(now, self.months_ahead)
        start = max(first, now.date())
        return {"start": wall(start, 0).isoformat(), "end": wall(_month_start(now, self.months_ahead + 1), 0).isoformat(),
                "grain": "month"}


EASTER = {2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2028: date(2028, 4, 16)}


def yearly(day_in_year: Callable[[int], date], shift: int = 0) -> DayRule:
    """The next day_in_year(year) + shift to come, today included."""
    def rule(now: datetime) -> date:
        for year in range(now.year - 1, now.year + 3):
            found = day_in_year(year) + timedelta(days=shift)
            if found >= now.date():
                return found
        raise AssertionError("none ahead")
    return rule


def nth_weekday_in(month: int, weekday: int, nth: int) -> Callable[[int], date]:
    return lambda year: _nth(date(year, month, 1), weekday, nth)


@dataclass(frozen=True)
class Zoned:
    """'3pm PST': 15:00 wall time in the named zone (today there if still ahead, else
    the next day, unless a day is named), told in New York time."""
    zone: str
    hour: int
    minute: int = 0
    day: DayRule | None = None
    grain: str | None = None

    def json_for(self, now: datetime) -> dict:
        there = ZoneInfo(self.zone)

        def at(day: date) -> datetime:
            naive = datetime.combine(day, time(self.hour, self.minute))
            return naive.replace(tzinfo=there).astimezone(timezone.utc).astimezone(NY)

        if self.day is not None:
            start = at(self.day(now))
        else:
            day = local(now).astimezone(there).date()
            start = at(day) if at(day) >= local(now) else at(day + timedelta(days=1))
        return {"start": start.isoformat(), "end": None, "grain": self.grain or ("minute" if self.minute else "hour")}
