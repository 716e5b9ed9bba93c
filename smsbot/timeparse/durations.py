"""'in 2 hours', 'in 2.5 hours', 'in 1/2 hour', 'in a quarter of an hour', 'in a few hours',
'in 3 days', 'in a month', '2 weeks from now', '3 fridays from now', '3 days ago',
'a week from friday'."""
from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from smsbot.timeparse import dates, days
from smsbot.timeparse.parts import Day, Elapsed, Weekday
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import WEEKDAY_INDEX

_UNIT_MINUTES = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60}
_UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_UNIT_MONTHS = ("month", "months")
_ANCHORS = (days.relative_day, dates.iso_date, dates.month_and_day, dates.ordinal_day, days.weekday)
_FRACTIONS = {(1, 2): 0.5, (1, 4): 0.25, (3, 4): 0.75, (1, 3): 1 / 3, (2, 3): 2 / 3}
_A_FEW = 3  # "in a few hours": a receptionist would offer about three


def _quarters(s: Scan, i: int, count: int) -> tuple[float, int] | None:
    """'quarter of an hour', 'quarter hour', 'three quarters of an hour'."""
    end = s.phrase(i, "of", "an") or s.phrase(i, "of", "a") or (i if s.word(i, "hour") else None)
    return (count / 4, end) if end is not None else None


def _quantity(s: Scan, i: int) -> tuple[float, int] | None:
    token = s.at(i)
    if token.kind in ("num", "decimal") and 0 < token.value < 1000 and not s.word(i - 1, "option", "number"):
        if token.kind == "num" and s.word(i + 1, "quarters"):
            return _quarters(s, i + 2, token.value)
        return token.value, i + 1
    if token.kind == "date" and token.value[2] is None and token.value[:2] in _FRACTIONS:
        return _FRACTIONS[token.value[:2]], i + 1  # "in 1/2 hour"
    if token.is_word("a", "an") and s.word(i + 1, "couple"):
        return 2, s.skip(i + 2, "of")
    if token.is_word("couple"):
        return 2, s.skip(i + 1, "of")
    if token.is_word("a", "few") and s.word(i + int(token.text == "a"), "few"):
        return _A_FEW, i + 1 + int(token.text == "a")
    if token.is_word("half") and s.word(i + 1, "a", "an"):
        return 0.5, i + 2
    if token.is_word("a", "quarter"):
        at = i + 1 if token.text == "a" else i
        if s.word(at, "quarter"):
            return _quarters(s, at + 1, 1)
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


def _months_ahead(today: date, count: int) -> date:
    total = today.year * 12 + today.month - 1 + count
    year, month = divmod(total, 12)
    return date(year, month + 1, min(today.day, monthrange(year, month + 1)[1]))


def _counted_days(s: Scan, i: int, start: int, count: float, j: int):
    """'3 fridays from now' is the third Friday after today; 'in 2 months' the same day of the month."""
    if count != int(count) or not 0 < count < 100:
        return None
    token = s.at(j)
    if token.kind != "word" or not (token.text in WEEKDAY_INDEX or token.text in _UNIT_MONTHS):
        return None
    since_now = s.phrase(j + 1, "from", "now") or s.phrase(j + 1, "from", "today")
    if token.text in WEEKDAY_INDEX and since_now and start == i:
        ahead = (WEEKDAY_INDEX[token.text] - s.today.weekday()) % 7 or 7
        return since_now, [Day(s.today + timedelta(days=ahead + 7 * (int(count) - 1)))]
    if token.is_word(*_UNIT_MONTHS) and (since_now or start > i):
        return since_now or j + 1, [Day(_months_ahead(s.today, int(count)))]
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
        return _counted_days(s, i, start, quantity[0], quantity[1])
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
