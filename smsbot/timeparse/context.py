"""Reading a reply in the context of the conversation (conventions.py, "In context").

The conversation hands in a Reference (the day, time and window under discussion);
a partial reply is completed from it. Pure, like the rest of timeparse.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from smsbot.clock import start_of_day
from smsbot.timeparse.parts import DAY_PARTS, TIME_PARTS, Clock, Day, Elapsed, PartOfDay, Weekday
from smsbot.timeparse.resolve import resolve
from smsbot.timeparse.types import When
from smsbot.timeparse.wall import wall


@dataclass(frozen=True)
class Reference:
    """What is under discussion: a day, maybe a time on it, maybe the stretch of the
    times on offer (first and last)."""
    day: date | None = None
    time: time | None = None
    window: tuple[datetime, datetime] | None = None


NO_REFERENCE = Reference()

_SAME_TIME = re.compile(r"\bsame (?:time|hour)\b")
_DAY_AFTER = re.compile(r"\b(?:the )?(?:day after|next day|following day)\b(?! tomorrow| tmrw| tmr| next| thanksgiving)")
_WEEK_AFTER = re.compile(r"\b(?:the )?(?:week after|following week|a week later|week later|same day next week)\b"
                         r"|\bnext week\b")
_AMOUNT = r"(?P<n>an?|one|1|two|2|three|3|half an?|\d{1,3})\s*(?P<unit>hours?|hrs?|minutes?|mins?)"
_SHIFT = re.compile(r"\b" + _AMOUNT + r"\b")
_LATER = re.compile(r"\b(?:later|back|after|pushed)\b")
_EARLIER = re.compile(r"\b(?:earlier|sooner|before|forward|up)\b")
_SOONER = re.compile(r"\b(?:sooner|earlier (?:day|date)|anything earlier|before then)\b")
_BARE_EARLIER = re.compile(r"\bearlier\b")
_BARE_LATER = re.compile(r"\blater\b")
_SET_ASIDE = re.compile(r"\b(?:can'?t|cannot|won'?t|wont|unable to|not able to) (?:make it|make|do|come)\b"
                        r"|\b(?:already (?:have|got|booked)|have already)\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}


def read(text: str, parts: list, reference: Reference, now: datetime, tz: ZoneInfo) -> When | None:
    """The When the reply means given the reference, or None to read it as it stands."""
    words = re.sub(r"\s+", " ", text.lower().replace("\u2019", "'"))
    kept = _without_set_aside(words, parts)
    days = [p for p in kept if isinstance(p, (Day, Weekday))]
    clocks = [p for p in kept if isinstance(p, TIME_PARTS) and not p.weak]
    has_window = any(isinstance(p, PartOfDay) for p in kept)
    anchor = reference.time or _window_edge(reference, words)
    on_reference_day = all(resolve([d], now, tz).start.date() == reference.day for d in days)
    if reference.day and anchor and not clocks and on_reference_day:
        shifted = _shift(words, reference.day, anchor, tz)
        if shifted is not None:
            return shifted
    if any(isinstance(p, Elapsed) for p in kept):
        return None
    moved = _shifted_day(words, reference) if not days else None
    if _SAME_TIME.search(words) and reference.time:
        day = resolve(days[:1], now, tz).start.date() if days else moved or reference.day
        return When(wall(day, reference.time.hour, reference.time.minute, tz), None, "minute")
    if moved is not None:
        said = _without_days(kept) if clocks or has_window else _as_clock(reference.time)
        return resolve([Day(moved), *said], now, tz)
    if reference.day and anchor and not clocks and not has_window and not days:
        relative = _earlier_or_later(words, reference.day, anchor, now, tz)
        if relative is not None:
            return relative
    if (clocks or has_window) and not any(isinstance(p, DAY_PARTS) for p in kept) and reference.day:
        return resolve([Day(reference.day), *kept], now, tz)
    if days and not clocks and not has_window and reference.time:
        return resolve([days[0], *_as_clock(reference.time)], now, tz)
    if kept is not parts:
        return resolve(kept, now, tz)
    return None


def _without_set_aside(words: str, parts: list) -> list:
    """'can't make it tomorrow, does monday work' / 'I already have monday, can I also get
    wednesday': the first of two days is the one set aside."""
    days = [p for p in parts if isinstance(p, (Day, Weekday))]
    if len(days) < 2 or not _SET_ASIDE.search(words):
        return parts
    return [p for p in parts if p is not days[0]]


def _without_days(parts: list) -> list:
    return [p for p in parts if not isinstance(p, DAY_PARTS)]


def _as_clock(moment: time | None) -> list:
    if moment is None:
        return []
    return [Clock(moment.hour, moment.minute, minutes_written=True, written_24h=True)]


def _shifted_day(words: str, reference: Reference) -> date | None:
    if reference.day is None:
        return None
    if _DAY_AFTER.search(words):
        return reference.day + timedelta(days=1)
    if _WEEK_AFTER.search(words) and (_SAME_TIME.search(words) or "after" in words or "later" in words
                                      or "same day" in words):
        return reference.day + timedelta(days=7)
    return None


def _window_edge(reference: Reference, words: str) -> time | None:
    """With times on offer and none chosen, 'earlier' is before the first, 'later' after the last."""
    if reference.window is None:
        return None
    first, last = reference.window
    return (last if _BARE_LATER.search(words) else first).timetz().replace(tzinfo=None)


def _shift(words: str, day: date, anchor: time, tz: ZoneInfo) -> When | None:
    found = _SHIFT.search(words)
    if not found or re.search(r"\bin\s*$", words[:found.start()]):  # "in an hour" is from now
        return None
    rest = words[:found.start()] + " " + words[found.end():]
    later, earlier = bool(_LATER.search(rest)), bool(_EARLIER.search(rest))
    if later == earlier:
        return None
    n = found.group("n")
    amount = 0.5 if n.startswith("half") else _NUMBERS.get(n) or int(n)
    unit = timedelta(hours=1) if found.group("unit").startswith("h") else timedelta(minutes=1)
    start = wall(day, anchor.hour, anchor.minute, tz) + (amount * unit if later else -amount * unit)
    return When(start, None, "minute")


def _earlier_or_later(words: str, day: date, anchor: time, now: datetime, tz: ZoneInfo) -> When | None:
    point = wall(day, anchor.hour, anchor.minute, tz)
    if _SOONER.search(words):
        return When(now, point, "day", "before")
    if _BARE_EARLIER.search(words):
        return When(start_of_day(day, tz), point, "hour", "before")
    if _BARE_LATER.search(words) or re.search(r"\bpush(?:ed)? (?:it )?back\b", words):
        return When(point + timedelta(minutes=1), None, "hour", "after")
    return None
