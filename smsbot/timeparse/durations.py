"""'in 2 hours', 'in 3 days', '2 weeks from now', '3 days ago', 'a week from friday'."""
from __future__ import annotations

from datetime import timedelta

from smsbot.timeparse import dates, days
from smsbot.timeparse.parts import Day, Elapsed, Weekday
from smsbot.timeparse.scan import Scan

_UNIT_MINUTES = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60}
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_ANCHORS = (days.relative_day, dates.iso_date, dates.month_and_day, dates.ordinal_day, days.weekday)


def _quantity(s: Scan, i: int) -> tuple[float, int] | None:
    token = s.at(i)
    if token.kind == "num" and 0 < token.value < 1000 and not s.word(i - 1, "option", "number"):
        return token.value, i + 1
    if token.is_word("a", "an") and s.word(i + 1, "couple"):
        return 2, s.skip(i + 2, "of")
    if token.is_word("couple"):
        return 2, s.skip(i + 1, "of")
    if token.is_word("half") and s.word(i + 1, "a", "an"):
        return 0.5, i + 2
    if token.is_word("a", "an"):
        return 1, i + 1
    return None


def _unit(s: Scan, i: int, amount: float) -> tuple[timedelta, int, bool] | None:
    """The length named at i, the index after it, and whether it counts whole days."""
    token = s.at(i)
    if token.kind != "word":
        return None
    end = s.phrase(i + 1, "and", "a", "half")
    if end:
        amount += 0.5
    if token.text in _UNIT_MINUTES:
        return timedelta(minutes=amount * _UNIT_MINUTES[token.text]), end or i + 1, False
    if token.text in _UNIT_DAYS and amount == int(amount):
        return timedelta(days=amount * _UNIT_DAYS[token.text]), i + 1, True
    return None


def _shifted(s: Scan, delta: timedelta, j: int):
    """'... from friday': the anchor day moved by delta (whole days only)."""
    for anchor in _ANCHORS:
        found = anchor(s, j)
        if found:
            end, parts = found
            day = next((p for p in parts if isinstance(p, (Day, Weekday))), None)
            if isinstance(day, Day):
                return end, [Day(day.day + delta)]
            if isinstance(day, Weekday):
                return end, [day.shifted(delta.days)]
    return None


def duration(s: Scan, i: int):
    start = i + 1 if s.word(i, "in", "within") else i
    quantity = _quantity(s, start)
    if quantity is None:
        if start == i and s.word(i, "week") and s.word(i + 1, "from"):
            quantity = (1, i)  # "week from friday"
        else:
            return None
    unit = _unit(s, quantity[1], quantity[0])
    if unit is None:
        return None
    delta, j, whole_days = unit
    if start == i:
        if s.word(j, "ago"):
            delta, j = -delta, j + 1
        elif s.phrase(j, "from", "now") or s.phrase(j, "from", "today"):
            j += 2
        elif s.word(j, "later"):
            j += 1
        elif s.word(j, "from", "after") and whole_days:
            return _shifted(s, delta, j + 1)
        else:
            return None
    if whole_days:
        return j, [Day(s.today + timedelta(days=delta.days))]
    return j, [Elapsed(delta)]
