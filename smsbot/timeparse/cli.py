"""`smsbot when`: print how a text's day and time are understood, as JSON."""
from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import TextIO

from smsbot.timeparse.wall import local_now, zone
from smsbot.timeparse.parser import parse_when
from smsbot.timeparse.types import When


def parse_now(raw: str | None, tz_name: str) -> datetime:
    """`--now`: '2026-03-04T10:15' or '2026-03-04 10:15', seconds and offset optional;
    None is the current time in tz."""
    tz = zone(tz_name)
    if raw is None:
        return datetime.now(tz)
    return local_now(datetime.fromisoformat(raw.strip()), tz)


def as_json(found: When) -> dict:
    """The JSON contract (start, end, grain), plus "stated_tz" when the text named a
    zone and "alternatives" when it offered other options."""
    data = found.to_json()
    if found.stated_tz:
        data["stated_tz"] = found.stated_tz
    if found.alternatives:
        data["alternatives"] = [other.to_json() for other in found.alternatives]
    return data


def _line(text: str, now: datetime, tz_name: str) -> str:
    return json.dumps(as_json(parse_when(text, now, tz_name))) + "\n"


def run_when(text: str, now: str | None, tz: str, stdin: TextIO, stdout: TextIO) -> int:
    """TEXT prints one JSON object; TEXT '-' prints one JSON line per line of stdin."""
    try:
        moment = parse_now(now, tz)
    except (ValueError, KeyError) as problem:  # a bad --now, or an unknown --tz
        print(f"smsbot when: {problem}", file=sys.stderr)
        return 2
    if text != "-":
        stdout.write(_line(text, moment, tz))
        return 0
    write = stdout.write
    for raw in stdin:
        write(_line(raw.rstrip("\r\n"), moment, tz))
    stdout.flush()
    return 0
