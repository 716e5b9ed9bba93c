"""Weekdays counted within a month: 'first tuesday of october', 'the 2nd monday in
november', 'last friday of the month', 'third thursday of next month'.  Never a past
date: when this year's (or this month's) has gone, the next one is meant."""
from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta

from smsbot.timeparse.parts import Day
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import MONTH_INDEX, WEEKDAY_INDEX

_LONGEST_LOOK_AHEAD = 24  # months


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The nth (1..5, or -1 for the last) weekday of a month, or None if there is none."""
    days_in_month = monthrange(year, month)[1]
    if nth == -1:
        last = date(year, month, days_in_month)
        return last - timedelta(days=(last.weekday() - weekday) % 7)
    day = 1 + (weekday - date(year, month, 1).weekday()) % 7 + 7 * (nth - 1)
    return date(year, month, day) if day <= days_in_month else None


def _which_months(s: Scan, j: int) -> tuple[int, list[tuple[int, int]]] | None:
    """The index after 'of october' / 'in the month' / 'of next month', and the (year, month)s to try."""
    if not s.word(j, "of", "in"):
        return None
    j, today = j + 1, s.today
    if s.word(j, *MONTH_INDEX):
        month = MONTH_INDEX[s.at(j).text]
        return j + 1, [(year, month) for year in range(today.year, today.year + 3)]
    first = today.year * 12 + today.month - 1
    end = s.phrase(j, "the", "month") or s.phrase(j, "this", "month")
    if end is None:
        end = s.phrase(j, "next", "month") or s.phrase(j, "the", "next", "month")
        first += 1
    if end is None:
        return None
    return end, [(total // 12, total % 12 + 1) for total in range(first, first + _LONGEST_LOOK_AHEAD)]


def month_weekday(s: Scan, i: int):
    token = s.at(i)
    if token.is_word("last"):
        nth = -1
    elif token.kind == "ord" and 1 <= token.value <= 5:
        nth = token.value
    else:
        return None
    name = s.at(i + 1)
    if name.kind != "word" or name.text not in WEEKDAY_INDEX:
        return None
    found = _which_months(s, i + 2)
    if found is None:
        return None
    end, months = found
    for year, month in months:
        day = nth_weekday(year, month, WEEKDAY_INDEX[name.text], nth)
        if day is not None and day >= s.today:
            return end, [Day(day)]
    return None
