"""Time zones a customer names after a time: '3pm PST', '2 central', '10am eastern time'.

The time is read as wall time in the named zone and converted to the business
zone; the named zone travels along (When.stated_tz) so a reply can say both.
Daylight saving follows the zone, not the letters: 'PST' in July is Pacific time.
"""
from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

from smsbot.timeparse.scan import Scan
from smsbot.timeparse.types import When

_PACIFIC, _MOUNTAIN, _CENTRAL, _EASTERN = (
    "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York")
ZONE_WORDS = {
    "pst": _PACIFIC, "pdt": _PACIFIC, "pt": _PACIFIC, "pacific": _PACIFIC,
    "mst": _MOUNTAIN, "mdt": _MOUNTAIN, "mt": _MOUNTAIN, "mountain": _MOUNTAIN,
    "cst": _CENTRAL, "cdt": _CENTRAL, "ct": _CENTRAL, "central": _CENTRAL,
    "est": _EASTERN, "edt": _EASTERN, "et": _EASTERN, "eastern": _EASTERN,
    "akst": "America/Anchorage", "akdt": "America/Anchorage", "alaska": "America/Anchorage",
    "hst": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu", "arizona": "America/Phoenix",
    "gmt": "Europe/London", "bst": "Europe/London", "uk": "Europe/London", "london": "Europe/London",
    "utc": "UTC", "cet": "Europe/Paris", "cest": "Europe/Paris",
}
_ONLY_WITH_TIME = frozenset({"pacific", "mountain", "central", "eastern", "alaska", "hawaii", "arizona",
                             "uk", "london"})  # "central park", "london": a zone only with "time"
_AFTER_A_ZONE = frozenset({"on", "please", "pls", "plz", "tomorrow", "today", "tonight", "ok", "okay", "works",
                           "if", "or", "and", "thx", "thanks", "thank", "ty", "then", "is", "would", "for",
                           "work", "good", "fine", "next", "this"})


def stated_zone(s: Scan, j: int) -> tuple[str | None, int]:
    """The zone named at j ('PST', 'pacific time', '(EST)') and the index after it."""
    token = s.at(j)
    if token.kind != "word" or token.text not in ZONE_WORDS:
        return None, j
    end = j + 1 + s.word(j + 1, "time")
    if token.text in _ONLY_WITH_TIME and end == j + 1 and s.at(end).kind == "word" and not s.word(
            end, *_AFTER_A_ZONE):
        return None, j
    return ZONE_WORDS[token.text], end


def in_zone(found: When, tz: ZoneInfo, stated_tz: str) -> When:
    """A When read in the zone the customer named, told in the business zone."""
    if found.start is None:
        return found
    end = found.end.astimezone(tz) if found.end else None
    return replace(found, start=found.start.astimezone(tz), end=end, stated_tz=stated_tz)
