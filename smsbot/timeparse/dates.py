"""Matchers for the day part of a text: each takes (scan, i) and returns
(index after the match, [parts]) or None."""
from __future__ import annotations

from datetime import date, timedelta

from smsbot.timeparse.parts import Day, PartOfDay, Week, Weekday
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import MONTH_INDEX, WEEKDAY_INDEX

_NOT_A_DATE_AFTER = frozenset({"one", "ones", "option", "choice", "slot", "time", "times", "floor",
                               "place", "person", "try", "appointment", "opening", "spot"})
_HOUR_SIGNS = frozenset({"am", "pm", "oclock"})
_POD_WORDS = frozenset({"morning", "afternoon", "evening", "night"})
_WORDS_TOO = frozenset({"sun", "sat", "wed", "mon"})  # "the sun", "I sat", "we wed"
_NOT_A_WEEKDAY_AFTER = frozenset({"the", "a", "i", "we", "they", "he", "she", "you", "just", "got"})
_MODES = {"this": "this", "coming": "coming", "upcoming": "coming", "next": "next",
          "following": "next", "last": "last"}


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
    return s.at(i).value > 3 or following.text in _HOUR_SIGNS or following.kind == "clock" or following.is_word("at")


def ordinal_day(s: Scan, i: int):
    """'the 12th' is the next 12th to come; 'the 5th of next month'."""
    token = s.at(i)
    if token.kind != "ord" or not 1 <= token.value <= 31:
        return None
    j = i + 1
    if s.phrase(j, "of", "next", "month"):
        return j + 3, [Day(upcoming_day_of_month(s.today, token.value, 1))]
    end = s.phrase(j, "of", "the", "month") or s.phrase(j, "of", "this", "month")
    if end is None and (token.spoken or not _ordinal_reads_as_date(s, i)):
        return None
    found = upcoming_day_of_month(s.today, token.value)
    return (end or j, [Day(found)]) if found else None


def relative_day(s: Scan, i: int):
    token = s.at(i)
    if token.kind != "word":
        return None
    today = s.today
    word = token.text
    if word == "today":
        return i + 1, [Day(today)]
    if word == "tomorrow":
        return i + 1, [Day(today + timedelta(days=1))]
    if word == "yesterday":
        return i + 1, [Day(today - timedelta(days=1))]
    if word == "tonight":
        return i + 1, [Day(today), PartOfDay("night")]
    if word == "this" and s.at(i + 1).text in _POD_WORDS:
        return i + 2, [Day(today), PartOfDay(s.at(i + 1).text)]
    end = s.phrase(i, "day", "after", "tomorrow")
    if end:
        return end, [Day(today + timedelta(days=2))]
    end = s.phrase(i, "day", "before", "yesterday")
    if end:
        return end, [Day(today - timedelta(days=2))]
    return None


def weekday(s: Scan, i: int):
    """'thu', 'this friday', 'this coming fri', 'next monday', 'friday after next'."""
    mode, j = "coming", i
    if s.word(j, *_MODES):
        mode = _MODES[s.at(j).text]
        j = s.skip(j + 1, "coming", "upcoming")
    name = s.at(j)
    if name.kind != "word" or name.text not in WEEKDAY_INDEX:
        return None
    if name.value in _WORDS_TOO and s.word(j - 1, *_NOT_A_WEEKDAY_AFTER):
        return None
    found = Weekday(WEEKDAY_INDEX[name.text], mode)
    end = s.phrase(j + 1, "after", "next")
    if end:
        return end, [Weekday(found.index, "next", 7)]
    return j + 1, [found]


def week(s: Scan, i: int):
    """'this week', 'next week', 'the week after next', '(this|next) weekend'."""
    offset, j = 0, i
    if s.word(j, *_MODES):
        offset = {"this": 0, "coming": 1, "next": 1, "last": -1}.get(_MODES[s.at(j).text], 1)
        j += 1
    token = s.at(j)
    if not token.is_word("week", "weekend"):
        return None
    if token.text == "week" and j == i:
        end = s.phrase(j + 1, "after", "next")
        return (end, [Week(2)]) if end else None
    end = s.phrase(j + 1, "after", "next")
    if end:
        return end, [Week(offset + 1, token.text == "weekend")]
    return j + 1, [Week(offset, token.text == "weekend")]
