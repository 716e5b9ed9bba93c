"""parse_when: the grammar first, dateparser only for what the grammar cannot read."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from smsbot.timeparse import context, fallback
from smsbot.timeparse.wall import as_zone, local_now
from smsbot.timeparse.grammar import find_parts
from smsbot.timeparse.normalize import tokenize
from smsbot.timeparse.resolve import resolve
from smsbot.timeparse.types import NOTHING, When


def parse_when(text: str, now: datetime, tz: str | ZoneInfo, *, month_first: bool = True,
               holidays: tuple[str, str | None] | None = ("US", None),
               reference: context.Reference | None = None) -> When:
    """The day and time a scheduling text asks for, read as conventions.py describes.

    Pure: `now` (aware, or naive wall time in tz) is the only clock it reads.
    `holidays` is the (country, subdivision) whose holiday names are read as dates,
    e.g. ("US", "NY"); None reads only the few fixed-date ones (christmas, new year).
    `reference` is what the conversation has under discussion (context.py): a partial
    reply is completed from it.
    """
    if not text or not text.strip():
        return NOTHING
    zone = as_zone(tz)
    now = local_now(now, zone)
    tokens = tokenize(text)
    reading = find_parts(tokens, now.date(), month_first, holidays)
    if reference is not None and len(reading.options) == 1:
        in_context = context.read(text, reading.options[0], reference, now, zone)
        if in_context is not None:
            return in_context
    if len(reading.options) == 1:
        found = [resolve(reading.options[0], now, zone)] if reading.options[0] else []
    else:
        found = [resolve(parts, now, zone) for parts in reading.options if parts]
    found = [when for when in found if when.start is not None]
    if len(found) > 1:
        others = tuple(dict.fromkeys(when for when in found[1:] if when != found[0]))
        return replace(found[0], alternatives=others) if others else found[0]
    if found:
        return found[0]
    if fallback.worth_trying(tokens) and not reading.ruled_out:  # "not march 3" is never march 3
        return fallback.parse(text, now, zone, month_first)
    return NOTHING
