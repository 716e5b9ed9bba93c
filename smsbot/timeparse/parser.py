"""parse_when: the grammar first, dateparser only for what the grammar cannot read."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from smsbot.timeparse import fallback
from smsbot.timeparse.wall import as_zone, local_now
from smsbot.timeparse.grammar import find_parts
from smsbot.timeparse.normalize import tokenize
from smsbot.timeparse.resolve import resolve
from smsbot.timeparse.types import NOTHING, When


def parse_when(text: str, now: datetime, tz: str | ZoneInfo, *, month_first: bool = True) -> When:
    """The day and time a scheduling text asks for, read as conventions.py describes.

    Pure: `now` (aware, or naive wall time in tz) is the only clock it reads.
    """
    if not text or not text.strip():
        return NOTHING
    zone = as_zone(tz)
    now = local_now(now, zone)
    tokens = tokenize(text)
    parts = find_parts(tokens, now.date(), month_first)
    if parts:
        found = resolve(parts, now, zone)
        if found.start is not None:
            return found
    if fallback.worth_trying(tokens):
        return fallback.parse(text, now, zone, month_first)
    return NOTHING
