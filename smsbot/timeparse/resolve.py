"""Combine the parts found in a text into one When (see conventions.py)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from smsbot.clock import start_of_day
from smsbot.timeparse.wall import after_elapsed, is_before, monday_of, wall, zone
from smsbot.timeparse.zones import in_zone
from smsbot.timeparse.conventions import WINDOWS, hour_24
from smsbot.timeparse.parts import (
    TIME_PARTS, Bound, Clock, Day, Elapsed, Month, PartOfDay, Span, Week, Weekday,
)
from smsbot.timeparse.types import NOTHING, When

_OTHER_MERIDIEM = {"am": "pm", "pm": "am"}


def _span_hours(span: Span, pod: str | None) -> tuple[int, int] | None:
    first, last = span.first, span.last
    if first.meridiem is None and last.meridiem is not None and not first.written_24h:
        end = hour_24(last.hour, last.meridiem)
        start = hour_24(first.hour, last.meridiem)
        if end is None or start is None or start * 60 + first.minute >= end * 60 + last.minute:
            start = hour_24(first.hour, _OTHER_MERIDIEM[last.meridiem])
    else:
        start = hour_24(first.hour, first.meridiem, pod, first.written_24h)
    if start is None:
        return None
    if last.meridiem is None and not last.written_24h and last.hour < 12:
        later = [h for h in (last.hour, last.hour + 12) if h * 60 + last.minute > start * 60 + first.minute]
        end = later[0] if later else last.hour
    else:
        end = hour_24(last.hour, last.meridiem, pod, last.written_24h)
    return None if end is None else (start, end)


def _on_day(day: date, time, pod: str | None, tz: ZoneInfo) -> tuple[When, datetime] | None:
    """The When for `day`, and the instant that decides whether it has passed."""
    if isinstance(time, Clock):
        hour = hour_24(time.hour, time.meridiem, pod, time.written_24h)
        if hour is None:
            return None
        start = wall(day, hour, time.minute, tz)
        return When(start, None, time.grain), start
    if isinstance(time, Span):
        hours = _span_hours(time, pod)
        if hours is None:
            return None
        start = wall(day, hours[0], time.first.minute, tz)
        end = wall(day, hours[1], time.last.minute, tz)
        if not is_before(start, end):
            end = wall(day + timedelta(days=1), hours[1], time.last.minute, tz)
        grain = "minute" if "minute" in (time.first.grain, time.last.grain) else "hour"
        return When(start, end, grain), start
    if isinstance(time, Bound):
        found = _on_day(day, time.clock, pod, tz)
        if found is None:
            return None
        point = found[0]
        if time.kind == "after":
            return When(point.start, None, point.grain, "after"), point.start
        day_start, limit = start_of_day(day, tz), point.start
        if not is_before(day_start, limit):  # "before 12am" means before the day ends
            limit = start_of_day(day + timedelta(days=1), tz)
        return When(day_start, limit, point.grain, "before"), limit
    if pod is not None:
        first, last = WINDOWS[pod]
        end = wall(day, last, 0, tz)
        return When(wall(day, first, 0, tz), end, "part_of_day"), end - timedelta(seconds=1)
    return When(start_of_day(day, tz), None, "day"), start_of_day(day, tz)


def _weekday_date(weekday: Weekday, now: datetime, time, pod, tz) -> date:
    today = now.date()
    if weekday.mode == "next":
        return monday_of(today) + timedelta(days=7 + weekday.index + weekday.extra_days)
    ahead = (weekday.index - today.weekday()) % 7
    if weekday.mode == "last":
        ahead = -((today.weekday() - weekday.index) % 7 or 7)
    elif weekday.mode == "coming" and ahead == 0 and not weekday.extra_days:
        found = _on_day(today, time, pod, tz) if (time or pod) else None
        if found is None or is_before(found[1], now):
            ahead = 7
    return today + timedelta(days=ahead + weekday.extra_days)


def _week(week: Week, today: date, tz: ZoneInfo) -> When:
    monday = monday_of(today) + timedelta(weeks=week.offset)
    if week.weekend:
        return When(start_of_day(monday + timedelta(days=5), tz), start_of_day(monday + timedelta(days=7), tz),
                    "day")
    return When(start_of_day(monday, tz), start_of_day(monday + timedelta(days=7), tz), "week")


def _month(month: Month, today: date, tz: ZoneInfo) -> When:
    total = today.year * 12 + today.month - 1 + month.offset
    first = date(total // 12, total % 12 + 1, 1)
    after = date((total + 1) // 12, (total + 1) % 12 + 1, 1)
    # "this month": what is left of it
    return When(start_of_day(max(first, today), tz), start_of_day(after, tz), "month")


def _clearest_time(parts: list, has_context: bool):
    """The clearest time wins, the first of equals: "10am" beats "one" in "book another one
    thursday 10am", "12:45" beats "lunch"; a weak one counts only next to a day or part of day."""
    time, best = None, -1
    for part in parts:
        if isinstance(part, TIME_PARTS):
            rank = part.rank
            if rank > best:
                time, best = part, rank
    return None if time is not None and time.weak and not has_context else time


def resolve(parts: list, now: datetime, tz: ZoneInfo) -> When:
    """`now` is aware and already in tz.  A time in a zone the customer named is read
    in that zone and converted to tz (conventions.py)."""
    kinds: dict[type, list] = {}
    for part in parts:
        kinds.setdefault(type(part), []).append(part)
    if Elapsed in kinds:
        return When(after_elapsed(now, kinds[Elapsed][0].delta), None, "minute")
    days, weekdays, weeks = kinds.get(Day), kinds.get(Weekday), kinds.get(Week)
    pod = kinds[PartOfDay][0].name if PartOfDay in kinds else None
    time = _clearest_time(parts, bool(days or weekdays or weeks or pod))
    if time is not None and time.zone:
        stated = zone(time.zone)
        found = _resolve_in(kinds, time, pod, now.astimezone(stated), stated)
        return in_zone(found, tz, time.zone)
    return _resolve_in(kinds, time, pod, now, tz)


def _resolve_in(kinds: dict, time, pod: str | None, now: datetime, tz: ZoneInfo) -> When:
    days, weekdays, weeks = kinds.get(Day), kinds.get(Weekday), kinds.get(Week)
    today = now.date()
    if days:
        day = days[0].day
    elif weekdays and weeks and not weeks[0].weekend:
        day = monday_of(today) + timedelta(weeks=weeks[0].offset, days=weekdays[0].index)
    elif weekdays:
        day = _weekday_date(weekdays[0], now, time, pod, tz)
    elif weeks:
        return _week(weeks[0], today, tz)
    elif Month in kinds:
        return _month(kinds[Month][0], today, tz)
    elif time is None and pod is None:
        return NOTHING
    else:
        found = _on_day(today, time, pod, tz)
        if found is None or is_before(found[1], now):
            found = _on_day(today + timedelta(days=1), time, pod, tz)
        return found[0] if found else NOTHING
    found = _on_day(day, time, pod, tz) or _on_day(day, None, pod, tz)
    return found[0]
