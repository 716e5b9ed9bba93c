"""Reading one time of day as written: '3', '3pm', '3:30', 'half past two',
'quarter to 3', 'two thirty', '930am', 'noon', '3 oclock'."""
from __future__ import annotations

from smsbot.timeparse.parts import Clock
from smsbot.timeparse.scan import Scan

_MERIDIEMS = ("am", "pm")
_PAST = ("past", "after")
_TO = ("to", "of", "til", "until", "before")
_MINUTE_UNITS = ("minute", "minutes")


def _meridiem(s: Scan, j: int) -> tuple[str | None, int]:
    if s.word(j, *_MERIDIEMS):
        return s.at(j).text, j + 1
    return None, j


def _plain_hour(s: Scan, j: int) -> int | None:
    token = s.at(j)
    if token.kind == "num" and (token.spoken or len(token.text) <= 2) and 1 <= token.value <= 12:
        return token.value
    if token.is_word("noon"):
        return 12
    return None


def _finish(s: Scan, j: int, hour: int, minute: int, minutes_written: bool) -> tuple[int, Clock]:
    j = s.skip(j, "oclock")
    meridiem, j = _meridiem(s, j)
    return j, Clock(hour, minute, meridiem, minutes_written)


def _relative_to_hour(s: Scan, i: int):
    """'half past 2', 'quarter to 3', '20 past 4', '10 minutes to 3'."""
    token = s.at(i)
    if token.is_word("half", "quarter"):
        minutes, j = (30 if token.text == "half" else 15), i + 1
    elif token.kind == "num" and 1 <= token.value <= 30:
        minutes, j = token.value, s.skip(i + 1, *_MINUTE_UNITS)
    else:
        return None
    counting_down = s.word(j, *_TO) and (token.text == "quarter" or j > i + 1)
    if not (s.word(j, *_PAST) or counting_down) or (token.text == "half" and counting_down):
        return None
    hour = _plain_hour(s, j + 1)
    if hour is None:
        return None
    if counting_down:
        hour, minutes = (hour - 1) or 12, 60 - minutes
    return _finish(s, j + 2, hour, minutes, True)


def _spoken_minutes(s: Scan, j: int) -> int | None:
    token = s.at(j)
    if token.kind == "num" and token.spoken and 10 <= token.value <= 59:
        return token.value
    if token.kind == "num" and not token.spoken and len(token.text) == 2 and token.value < 60:
        if s.word(j + 1, *_MERIDIEMS):  # "2 30 pm"
            return token.value
    return None


def _run_together(s: Scan, i: int, marked: bool) -> tuple[int, Clock] | None:
    """'930am', 'at 1030', 'mon 1530': hour and minutes without a colon."""
    token = s.at(i)
    hour, minute = divmod(token.value, 100)
    meridiem, j = _meridiem(s, i + 1)
    if minute >= 60 or hour > 24:
        return None
    if s.at(i + 1).kind in ("dash", "num") or s.at(i - 1).kind in ("dash", "num"):
        return None  # part of a phone number
    weak = meridiem is None and not marked
    if weak and (1900 <= token.value <= 2100 or hour == 0):
        return None  # more likely a year
    return j, Clock(hour, minute, meridiem, True, written_24h=token.text[0] == "0" or hour >= 13, weak=weak)


def read_time(s: Scan, i: int, marked: bool = False) -> tuple[int, Clock] | None:
    """The time written at i; a bare hour comes back weak unless `marked`."""
    token = s.at(i)
    if token.kind == "word":
        if token.text in ("noon", "lunch"):
            return i + 1, Clock(12, 0, written_24h=True)
        if token.text == "midnight":
            return i + 1, Clock(24, 0, written_24h=True)
        return _relative_to_hour(s, i)
    if token.kind == "clock":
        hour, minute = token.value
        if hour > 24:
            return None
        meridiem, j = _meridiem(s, s.skip(i + 1, "oclock"))
        written_24h = hour >= 13 or (token.text[0] == "0" and token.text[1].isdigit())
        dotted = "." in token.text and meridiem is None and not marked
        return j, Clock(hour, minute, meridiem, True, written_24h, weak=dotted)
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
    minute = _spoken_minutes(s, i + 1) if token.value <= 12 else None
    if minute is not None:
        j, clock = _finish(s, i + 2, token.value, minute, True)
        return j, clock
    j, clock = _finish(s, i + 1, token.value, 0, False)
    written_24h = token.value >= 13 or (token.text.startswith("0") and len(token.text) == 2)
    strong = marked or clock.meridiem is not None or s.word(i + 1, "oclock")
    if not strong and not 1 <= token.value <= 12:
        return None
    return j, Clock(token.value, 0, clock.meridiem, False, written_24h, weak=not strong)
