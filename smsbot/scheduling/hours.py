"""Opening hours per weekday: "mon-fri 09:00-17:00", "sat 10:00-14:00", "sun closed"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LINE = re.compile(r"^\s*(?P<days>[a-z,\-\s]+?)\s+(?P<spans>closed|[\d:,\-\s]+)\s*$", re.I)
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")

Interval = tuple[time, time]


@dataclass(frozen=True)
class OpeningHours:
    """Open intervals for each weekday (0 = Monday), sorted, non-overlapping."""

    by_weekday: tuple[tuple[Interval, ...], ...]

    def on(self, weekday: int) -> tuple[Interval, ...]:
        return self.by_weekday[weekday]

    def overridden_by(self, other: "OpeningHours", days: set[int]) -> "OpeningHours":
        """These hours with the named days taken from `other`."""
        return OpeningHours(
            tuple(other.on(d) if d in days else self.on(d) for d in range(7))
        )


def parse_days(text: str) -> list[int]:
    days: list[int] = []
    for part in re.split(r"\s*,\s*", text.strip().lower()):
        ends = [p.strip()[:3] for p in part.split("-")]
        if not all(e in DAY_NAMES for e in ends) or len(ends) > 2:
            raise ValueError(f"unknown day {part!r}: use mon tue wed thu fri sat sun")
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.extend(d for d in span if d not in days)
    return days


def parse_spans(text: str) -> list[Interval]:
    if text.strip().lower() == "closed":
        return []
    spans = []
    for part in re.split(r"\s*,\s*", text.strip()):
        m = _SPAN.match(part.replace(" ", ""))
        if not m:
            raise ValueError(f"bad hours {part!r}: use HH:MM-HH:MM")
        h1, m1, h2, m2 = map(int, m.groups())
        start, end = time(h1, m1), (time(23, 59, 59) if (h2, m2) == (24, 0) else time(h2, m2))
        if not start < end:
            raise ValueError(f"bad hours {part!r}: closing must be after opening")
        spans.append((start, end))
    return sorted(spans)


def parse_hours_line(line: str) -> tuple[list[int], list[Interval]]:
    m = _LINE.match(line)
    if not m:
        raise ValueError(f"bad opening hours {line!r}: use e.g. 'mon-fri 09:00-17:00'")
    return parse_days(m["days"]), parse_spans(m["spans"])


def parse_hours(lines: list[str]) -> OpeningHours:
    """Lines add up: a day named twice gets both intervals; unnamed days are closed."""
    by_day: list[list[Interval]] = [[] for _ in range(7)]
    for line in lines:
        if not line.strip():
            continue
        days, spans = parse_hours_line(line)
        for d in days:
            by_day[d] = sorted(by_day[d] + spans)
    return OpeningHours(tuple(tuple(s) for s in by_day))


def format_hours(hours: OpeningHours) -> str:
    """The text parse_hours reads back: 'mon-fri 09:00-17:00;sat 10:00-14:00'."""
    def clock(t: time) -> str:
        return "24:00" if t == time(23, 59, 59) else f"{t:%H:%M}"

    lines, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and hours.on(last + 1) == hours.on(day):
            last += 1
        if hours.on(day):
            days = DAY_NAMES[day] if last == day else f"{DAY_NAMES[day]}-{DAY_NAMES[last]}"
            lines.append(f"{days} " + ",".join(f"{clock(a)}-{clock(b)}" for a, b in hours.on(day)))
        day = last + 1
    return ";".join(lines)
