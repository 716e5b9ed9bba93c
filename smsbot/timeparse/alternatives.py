"""Options joined by 'or': 'tues or wed afternoon', '3 or 4 tomorrow', 'friday at 2 or
monday at 10'.  Each option keeps its own words and borrows what it lacks (the day,
or the time) from the others, so both sides of 'tues or wed afternoon' are afternoons."""
from __future__ import annotations

from smsbot.timeparse.parts import DAY_PARTS
from smsbot.timeparse.scan import Scan

Group = tuple[int, int, list]


def _kinds(parts: list) -> set[str]:
    return {"day" if isinstance(p, DAY_PARTS) else "time" for p in parts}


def _segments(scan: Scan, groups: list[Group]) -> list[list]:
    """The parts between each 'or' that joins two options of the same kind."""
    segments: list[list] = [[]]
    previous_end = None
    for start, end, parts in groups:
        joined = previous_end is not None and any(
            scan.word(k, "or") and not scan.word(k + 1, "rather") for k in range(previous_end, start))
        if joined and segments[-1] and _kinds(segments[-1]) & _kinds(parts):
            segments.append([])
        segments[-1].extend(parts)
        previous_end = end
    return segments


def options(scan: Scan, groups: list[Group], words: set[str]) -> list[list]:
    """The parts of each option the text offers, in order; a single option when there is no 'or'."""
    everything = [part for _, _, parts in groups for part in parts]
    if "or" not in words or len(groups) < 2:
        return [everything]
    segments = _segments(scan, groups)
    if len(segments) == 1:
        return [everything]
    found = []
    for segment in segments:
        lacking = {"day", "time"} - _kinds(segment)
        borrowed = [p for other in segments if other is not segment for p in other if _kinds([p]) <= lacking]
        found.append(segment + borrowed)
    return found
