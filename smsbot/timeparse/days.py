"""Matchers for days named relative to today: 'tomorrow', 'tonight', 'day after
tomorrow', 'thu', 'next monday', 'friday after next', 'next week', 'this weekend',
'next month'."""
from __future__ import annotations

from datetime import timedelta

from smsbot.timeparse.parts import Day, Month, PartOfDay, Week, Weekday
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import WEEKDAY_INDEX

_POD_WORDS = frozenset({"morning", "afternoon", "evening", "night"})
_WORDS_TOO = frozenset({"sun", "sat", "wed", "mon"})  # "the sun", "I sat", "we wed"
_NOT_A_WEEKDAY_AFTER = frozenset({"the", "a", "i", "we", "they", "he", "she", "you", "just", "got"})
MODES = {"this": "this", "coming": "coming", "upcoming": "coming", "next": "next",
         "following": "next", "last": "last"}


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
    if s.word(j, *MODES):
        mode = MODES[s.at(j).text]
        if s.word(j + 1, "coming", "upcoming"):
            mode, j = "coming", j + 1  # "this coming friday"
        j += 1
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
    if s.word(j, *MODES):
        mode = MODES[s.at(j).text]
        j = s.skip(j + 1, "coming", "upcoming")
        offset = {"this": 0, "next": 1, "last": -1}.get(mode, 1)
    token = s.at(j)
    if not token.is_word("week", "weekend"):
        return None
    if s.word(j - 1, "coming", "upcoming"):  # the next one to come
        offset = 0 if token.text == "weekend" else 1
    if token.text == "week" and j == i:
        end = s.phrase(j + 1, "after", "next")
        return (end, [Week(2)]) if end else None
    end = s.phrase(j + 1, "after", "next")
    if end:
        return end, [Week(offset + 1, token.text == "weekend")]
    return j + 1, [Week(offset, token.text == "weekend")]


def month(s: Scan, i: int):
    """'next month', 'this month', 'the following month'."""
    if not s.word(i, *MODES):
        return None
    j = s.skip(i + 1, "coming", "upcoming")
    if not s.word(j, "month"):
        return None
    offset = {"this": 0, "last": -1}.get(MODES[s.at(i).text], 1)
    return j + 1, [Month(offset)]
