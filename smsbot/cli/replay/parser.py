"""Reading transcript files (docs/transcripts.md) into steps."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from smsbot.phones import is_e164


class TranscriptError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass(frozen=True)
class Step:
    line: int
    kind: str  # a directive ("@now"), ">", "<", "<+", or an assertion ("=booked")
    args: tuple


PHONE = r"\+\d+"  # checked with is_e164 once the line is read
_DATE = r"(\d{4}-\d{2}-\d{2})"
_HHMM = r"(\d{1,2}:\d{2})"
_PATTERNS = [
    ("@tz", r"^@tz\s+(\S+)$"),
    ("@now", rf"^@now\s+{_DATE}[ T]{_HHMM}$"),
    ("@advance", r"^@advance\s+(\d+)\s*([mhd])$"),
    ("@hours", r"^@hours\s+(.+)$"),
    ("@set", r"^@set\s+([A-Za-z][A-Za-z0-9_]*)\s+(.+)$"),
    ("@slot", r"^@slot\s+(\d+)$"),
    ("@service", r"^@service\s+(.+?)\s+(\d+)$"),
    ("@provider", r"^@provider\s+(.+)$"),
    ("@busy", rf"^@busy\s+{_DATE}\s+{_HHMM}\s*-\s*{_HHMM}$"),
    ("@staff", rf"^@staff\s+({PHONE})$"),
    ("@owner", rf"^@owner\s+({PHONE})$"),
    ("@booked", rf"^@booked\s+({PHONE})\s+{_DATE}[ T]{_HHMM}(?:\s+(.+))?$"),  # [Service] [with P]
    (">call", rf"^>\s*call\s+({PHONE})$"),
    (">voice", rf"^>\s*voice\s+({PHONE})\s*:\s?(.*)$"),
    (">keys", rf"^>\s*keys\s+({PHONE})\s*:\s*([0-9*#]+)$"),
    (">hangup", rf"^>\s*hangup\s+({PHONE})$"),
    (">tool", rf"^>\s*tool\s+({PHONE})\s*:\s*([a-z_]+)\s*(\{{.*\}})?$"),
    (">", rf"^>\s*({PHONE})\s*:\s?(.*)$"),
    ("<+", rf"^<({PHONE})\s+(.*)$"),
    ("<", r"^<\s+(.*)$"),
    ("=booked", rf"^=\s*booked\s+({PHONE})\s+{_DATE}[ T]{_HHMM}(?:\s+(.+))?$"),  # [with P] [for S]
    ("=none", rf"^=\s*none\s+({PHONE})$"),
    ("=free", rf"^=\s*free\s+{_DATE}[ T]{_HHMM}(?:\s+(.+))?$"),
    ("=busy", rf"^=\s*busy\s+{_DATE}[ T]{_HHMM}(?:\s+(.+))?$"),
    ("=silent", rf"^=\s*silent\s+({PHONE})$"),
]
_COMPILED = [(kind, re.compile(rx, re.I)) for kind, rx in _PATTERNS]
CONFIG = {"@set", "@hours", "@slot", "@service", "@provider", "@busy", "@staff", "@owner", "@booked"}
ON_CALLS = {">call", ">voice", ">keys", ">hangup", ">tool"}  # format 2: a phone call, or a voice agent's tool
WITH_PHONE = {"@staff", "@owner", "@booked", ">", "<+", "=booked", "=none", "=silent"} | ON_CALLS
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def parse_time(text: str) -> time:
    hour, minute = map(int, text.split(":"))
    return time(hour, minute)


def wall_time(day: str, hhmm: str) -> datetime:
    """A naive wall time; the runner puts it in the transcript's zone."""
    return datetime.combine(parse_date(day), parse_time(hhmm))


def parse_line(number: int, raw: str) -> Step | None:
    line = raw.rstrip("\r\n")
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return None
    for kind, rx in _COMPILED:
        m = rx.match(stripped if kind not in (">",) else line.lstrip())
        if m:
            if kind in WITH_PHONE and not is_e164(m.group(1)):
                raise TranscriptError(number, f"{m.group(1)} is not an E.164 phone number")
            return Step(number, kind, _convert(kind, m.groups(), number))
    raise TranscriptError(number, f"cannot read {stripped!r}")


def _convert(kind: str, groups: tuple, number: int) -> tuple:
    try:
        if kind in ("@now",):
            return (wall_time(*groups),)
        if kind == "@advance":
            return (timedelta(**{UNITS[groups[1].lower()]: int(groups[0])}),)
        if kind == "@busy":
            day = parse_date(groups[0])
            return (datetime.combine(day, parse_time(groups[1])), datetime.combine(day, parse_time(groups[2])))
        if kind in ("@booked", "=booked"):  # the tail ('Whitening with Anna') is read by replay/profile.py
            return (groups[0], wall_time(groups[1], groups[2]), groups[3])
        if kind in ("=free", "=busy"):
            return (wall_time(groups[0], groups[1]), groups[2])
        if kind == "@service":
            return (groups[0], int(groups[1]))
        if kind == "@slot":
            return (int(groups[0]),)
        if kind == ">tool":
            return (groups[0], groups[1], _tool_arguments(groups[2] or "{}"))
        return groups
    except ValueError as error:
        raise TranscriptError(number, str(error)) from None


def _tool_arguments(text: str) -> dict:
    arguments = json.loads(text)  # a JSONDecodeError is a ValueError: the line is named
    if not isinstance(arguments, dict):
        raise ValueError("a tool's arguments are a JSON object")
    return arguments


def parse_transcript(text: str) -> list[Step]:
    steps, seen_inbound = [], False
    for number, raw in enumerate(text.splitlines(), 1):
        step = parse_line(number, raw)
        if step is None:
            continue
        if step.kind in CONFIG and seen_inbound:
            raise TranscriptError(number, f"{step.kind} must come before the first '>' line")
        seen_inbound = seen_inbound or step.kind.startswith(">")
        steps.append(step)
    return steps
