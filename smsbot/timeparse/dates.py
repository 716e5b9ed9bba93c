"""Matchers for calendar dates: '3/12', '4 / 15', '4-15', '2026-03-12', 'March 12',
'12th of march', 'the 12th', 'on the first'.  Each takes (scan, i) and returns (index after the match, [parts]) or None."""
from __future__ import annotations

from datetime import date

from smsbot.timeparse.parts import Day
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import MONTH_INDEX

_NOT_A_DATE_AFTER = frozenset({"one", "ones", "option", "choice", "slot", "time", "times", "floor",
                               "place", "person", "try", "appointment", "opening", "spot"})
_HOUR_SIGNS = frozenset({"am", "pm", "oclock"})
_NOT_A_SPOKEN_DATE_AFTER = _NOT_A_DATE_AFTER | {"available", "thing", "day", "week", "free", "open"}


def calendar_date(year: int, month: int, day: int) -> date | None:
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def upcoming_date(today: date, month: int, day: int) -> date | None:
    """The first month/day on or after today (a passed date means next year)."""
    for year in range(today.year, today.year + 9):
        found = calendar_date(year, month, day)
        if found and found >= today:
            return found
    return None


def upcoming_day_of_month(today: date, day: int, months_ahead: int = 0) -> date | None:
    for step in range(months_ahead, months_ahead + 13):
        total = today.month - 1 + step
        found = calendar_date(today.year + total // 12, total % 12 + 1, day)
        if found and (found >= today or months_ahead):
            return found
    return None


def _full_year(value: int) -> int:
    return value + 2000 if value < 100 else value


def iso_date(s: Scan, i: int):
    token = s.at(i)
    if token.kind == "iso":
        found = calendar_date(*token.value)
        return (i + 1, [Day(found)]) if found else None
    if token.kind != "date":
        return None
    first, second, year = token.value
    readings = [(first, second), (second, first)] if s.month_first else [(second, first), (first, second)]
    for month, day in readings:
        found = calendar_date(_full_year(year), month, day) if year else upcoming_date(s.today, month, day)
        if found:
            return i + 1, [Day(found)]
    return None


def dashed_date(s: Scan, i: int):
    """'4-15' (or '15-4'): a date when one side can only be a day of the month;
    '2-4' and '9-11' stay spans of hours."""
    first, second = s.at(i), s.at(i + 2)
    if s.at(i + 1).kind != "dash" or second.kind != "num" or first.spoken or second.spoken:
        return None
    if len(first.text) > 2 or len(second.text) > 2 or s.at(i + 3).kind in ("dash", "num"):
        return None
    if s.at(i + 3).text in _HOUR_SIGNS or s.at(i - 1).kind == "dash":
        return None
    a, b = first.value, second.value
    if 1 <= a <= 12 < b <= 31:
        found = upcoming_date(s.today, a, b)
    elif 1 <= b <= 12 < a <= 31:
        found = upcoming_date(s.today, b, a)
    else:
        return None
    return (i + 3, [Day(found)]) if found else None


def _day_number(s: Scan, i: int) -> int | None:
    token = s.at(i)
    if token.kind == "ord" and 1 <= token.value <= 31:
        return token.value
    if token.kind == "num" and not token.spoken and len(token.text) <= 2 and 1 <= token.value <= 31:
        if s.at(i + 1).text not in _HOUR_SIGNS:
            return token.value
    return None


def _with_year(s: Scan, i: int, month: int, day: int):
    token = s.at(i)
    if token.kind == "num" and len(token.text) == 4 and 1900 < token.value < 2200:
        found = calendar_date(token.value, month, day)
        return (i + 1, [Day(found)]) if found else None
    found = upcoming_date(s.today, month, day)
    return (i, [Day(found)]) if found else None


def month_and_day(s: Scan, i: int):
    """'march 12', 'mar 12th 2027', 'march the 12th', '12 march', '12th of march'."""
    token = s.at(i)
    if token.kind == "word" and token.text in MONTH_INDEX:
        j = s.skip(i + 1, "the")
        day = _day_number(s, j)
        if day is None or (token.text == "may" and s.at(j).spoken):
            return None
        return _with_year(s, j + 1, MONTH_INDEX[token.text], day)
    day = _day_number(s, i)
    if day is not None:
        j = s.skip(i + 1, "of")
        month = s.at(j)
        if month.kind == "word" and month.text in MONTH_INDEX:
            return _with_year(s, j + 1, MONTH_INDEX[month.text], day)
    return None


def _ordinal_reads_as_date(s: Scan, i: int) -> bool:
    """'the 2nd', 'on the 2nd', '2nd at 3' are dates; '2nd works' and '1st available'
    answer a numbered list, and so do the small ordinals standing alone."""
    following = s.at(i + 1)
    if following.text in _NOT_A_DATE_AFTER:
        return False
    if s.word(i - 1, "the", "on") and not (following.text == "available" and not s.word(i - 2, "on", "is")):
        return True
    if s.at(i).value > 3:
        return True
    return following.text in _HOUR_SIGNS or following.kind == "clock" or following.is_word("at")


def _spoken_ordinal_reads_as_date(s: Scan, i: int) -> bool:
    """'on the first', 'on the third at 2'; 'the first one', 'the first available' are a list."""
    return s.phrase(i - 2, "on", "the") is not None and s.at(i + 1).text not in _NOT_A_SPOKEN_DATE_AFTER


def ordinal_day(s: Scan, i: int):
    """'the 12th' is the next 12th to come; 'the 5th of next month'."""
    token = s.at(i)
    if token.kind != "ord" or not 1 <= token.value <= 31:
        return None
    j = i + 1
    if s.phrase(j, "of", "next", "month"):
        return j + 3, [Day(upcoming_day_of_month(s.today, token.value, 1))]
    end = s.phrase(j, "of", "the", "month") or s.phrase(j, "of", "this", "month")
    reads_as_date = _spoken_ordinal_reads_as_date if token.spoken else _ordinal_reads_as_date
    if end is None and not reads_as_date(s, i):
        return None
    found = upcoming_day_of_month(s.today, token.value)
    return (end or j, [Day(found)]) if found else None
