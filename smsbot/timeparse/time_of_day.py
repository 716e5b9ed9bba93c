"""Reading one time of day as written: '3', '3pm', '3:30', 'half past two',
'quarter to 3', 'ten to four', 'half 3', 'two thirty', 'at 4 20', '930am', '15h30',
'18:00 hours', 'noon', '3 oclock', '3 in the am', '3pm PST'."""
from __future__ import annotations

from dataclasses import replace

from smsbot.timeparse.conventions import hour_24
from smsbot.timeparse.parts import Clock
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.zones import ZONE_WORDS, stated_zone

_MERIDIEMS = ("am", "pm")
_PAST = ("past", "after")
_TO = ("to", "of", "until", "before")
_MINUTE_UNITS = ("minute", "minutes")
_COUNTED = frozenset({5, 10, 20, 25})  # "10 to 4": minutes people count down by
_LONGEST_SPAN_HOURS = 4  # "10 to 2" is a window; "10 to 4" is 3:50
_UNITS_AFTER = frozenset({"hour", "hours", "minute", "minutes", "min", "mins"})
_SPAN_OPENERS = ("from", "between")
_MILITARY = ("hours", "hrs")


def _meridiem(s: Scan, j: int) -> tuple[str | None, int]:
    text = s.at(j).text
    if text in _MERIDIEMS:
        return text, j + 1
    if text == "in" and s.word(j + 1, "the") and s.word(j + 2, *_MERIDIEMS):  # "3 in the am"
        return s.at(j + 2).text, j + 3
    return None, j


def _plain_hour(s: Scan, j: int) -> int | None:
    token = s.at(j)
    if token.kind == "num" and (token.spoken or len(token.text) <= 2) and 1 <= token.value <= 12:
        return token.value
    if token.is_word("noon"):
        return 12
    return None


def _finish(s: Scan, j: int, clock: Clock) -> tuple[int, Clock]:
    """What may follow a time: o'clock, am/pm, a time zone."""
    j = s.skip(j, "oclock")
    meridiem, j = _meridiem(s, j)
    zone, j = stated_zone(s, j) if s.at(j).text in ZONE_WORDS else (None, j)
    if meridiem is None and zone is None:
        return j, clock
    return j, replace(clock, meridiem=meridiem or clock.meridiem, zone=zone,
                      weak=clock.weak and zone is None and meridiem is None)


def _long_as_span(s: Scan, i: int, minutes: int, hour: int, j: int) -> bool:
    """Whether 'N to H' reads better as N minutes to H than as the window N-H."""
    if s.word(i - 1, *_SPAN_OPENERS):
        return False
    if s.word(i - 1, "at", "around") or s.word(j, "of"):
        return True
    start = hour_24(minutes, None)
    meridiem, _ = _meridiem(s, j + 2)
    end = hour_24(hour, meridiem) if meridiem else hour_24(hour, None)
    return start is None or end is None or not 0 < end - start <= _LONGEST_SPAN_HOURS


def _relative_to_hour(s: Scan, i: int):
    """'half past 2', 'quarter to 3', '20 past 4', '10 minutes to 3', 'ten to four', 'half 3'."""
    token = s.at(i)
    if token.is_word("half", "quarter"):
        minutes, j = (30 if token.text == "half" else 15), i + 1
    elif token.kind == "num" and 1 <= token.value <= 30:
        minutes, j = token.value, s.skip(i + 1, *_MINUTE_UNITS)
    else:
        return None
    if token.text == "half" and _plain_hour(s, j) and not s.word(j + 1, *_UNITS_AFTER):
        return _finish(s, j + 1, Clock(_plain_hour(s, j), 30, minutes_written=True))  # British "half 3"
    if not s.word(j, *_PAST, *_TO):
        return None
    hour = _plain_hour(s, j + 1)
    counting_down = s.word(j, *_TO) and hour is not None and (
        token.text == "quarter" or j > i + 1
        or (minutes in _COUNTED and s.word(j, "to", "of", "until") and _long_as_span(s, i, minutes, hour, j)))
    if not (s.word(j, *_PAST) or counting_down) or (token.text == "half" and counting_down) or hour is None:
        return None
    if counting_down:
        hour, minutes = (hour - 1) or 12, 60 - minutes
    return _finish(s, j + 2, Clock(hour, minutes, minutes_written=True))


def impossible_relative(s: Scan, i: int) -> int | None:
    """'quarter to 13': a counted time with no such hour; the index after it, so it is not misread."""
    if s.word(i, "half", "quarter") and s.word(i + 1, *_PAST, *_TO) and s.at(i + 2).kind == "num":
        return i + 3 if _plain_hour(s, i + 2) is None else None
    return None


def _minutes_apart(s: Scan, j: int, marked: bool) -> int | None:
    """'two thirty', '2 30 pm', 'at 4 20'."""
    token = s.at(j)
    if token.kind == "num" and token.spoken and 10 <= token.value <= 59:
        return token.value
    if token.kind == "num" and not token.spoken and len(token.text) == 2 and 10 <= token.value < 60:
        if marked or s.word(j + 1, *_MERIDIEMS):
            return token.value
    return None


def _run_together(s: Scan, i: int, marked: bool) -> tuple[int, Clock] | None:
    """'930am', 'at 1030', 'mon 1530', '0900 hours': hour and minutes without a colon."""
    token = s.at(i)
    hour, minute = divmod(token.value, 100)
    military = len(token.text) == 4 and s.word(i + 1, *_MILITARY)
    if minute >= 60 or hour > 24:
        return None
    if s.at(i + 1).kind in ("dash", "num") or s.at(i - 1).kind in ("dash", "num"):
        return None  # part of a phone number
    weak = not (marked or military or s.word(i + 1, *_MERIDIEMS))
    if weak and (1900 <= token.value <= 2100 or hour == 0):
        return None  # more likely a year
    written_24h = token.text[0] == "0" or hour >= 13 or military
    return _finish(s, i + 1 + military, Clock(hour, minute, None, True, written_24h, weak=weak))


def _written_clock(s: Scan, i: int, marked: bool):
    """'3:30', '07:30', '18:00 hours', '15h30' (rewritten to 15:30 on the way in)."""
    token = s.at(i)
    hour, minute = token.value
    if hour > 24:
        return None
    military = len(token.text) == 5 and s.word(i + 1, *_MILITARY)
    written_24h = hour >= 13 or military or (token.text[0] == "0" and token.text[1].isdigit())
    j, clock = _finish(s, i + 1 + military, Clock(hour, minute, None, True, written_24h))
    dotted = "." in token.text and clock.meridiem is None and clock.zone is None and not marked
    return j, Clock(hour, minute, clock.meridiem, True, written_24h, weak=dotted, zone=clock.zone)


def read_time(s: Scan, i: int, marked: bool = False) -> tuple[int, Clock] | None:
    """The time written at i; a bare hour comes back weak unless `marked`."""
    token = s.at(i)
    if token.kind == "word":
        if token.text in ("noon", "lunch"):
            return _finish(s, i + 1, Clock(12, 0, written_24h=True, vague=token.text == "lunch"))
        if token.text == "midnight":
            return i + 1, Clock(24, 0, written_24h=True)
        return _relative_to_hour(s, i)
    if token.kind == "clock":
        return _written_clock(s, i, marked)
    if token.kind != "num":
        return None
    relative = _relative_to_hour(s, i)
    if relative:
        return relative
    if token.value == 12 and s.word(i + 1, "noon", "midnight"):
        return read_time(s, i + 1, marked)
    if not token.spoken and len(token.text) in (3, 4):
        return _run_together(s, i, marked)
    if len(token.text) > 2 and not token.spoken or token.value > 24:
        return None
    minute = _minutes_apart(s, i + 1, marked) if token.value <= 12 else None
    if minute is not None:
        return _finish(s, i + 2, Clock(token.value, minute, minutes_written=True))
    written_24h = token.value >= 13 or (token.text.startswith("0") and len(token.text) == 2)
    strong = marked or s.word(i + 1, "oclock")
    j, clock = _finish(s, i + 1, Clock(token.value, 0, None, False, written_24h, weak=not strong))
    if clock.weak and not 1 <= token.value <= 12:
        return None
    return j, clock
