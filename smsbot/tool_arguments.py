"""What a voice agent's tool call carries, read strictly: a bad argument is a ToolError,
whose message is the tool's result (never a crash)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from smsbot.bot import MAX_SID_CHARS
from smsbot.timeparse.types import When

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ToolError(ValueError):
    """A call the tool cannot run (bad arguments, unknown caller): its message is the result."""


@dataclass(frozen=True)
class ToolCall:
    id: str
    name: str
    arguments: dict
    phone: str | None  # E.164, None when the call did not say who is calling


def record_id(call_id: str) -> str:
    key = f"vapi:{call_id}"
    return key if len(key) <= MAX_SID_CHARS else "vapi:" + hashlib.sha256(call_id.encode()).hexdigest()[:48]


def confirmed(arguments: dict) -> bool:
    return flag(arguments, "confirmed")


def flag(arguments: dict, name: str) -> bool:
    value = arguments.get(name, False)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if not isinstance(value, bool):
        raise ToolError(f'"{name}" must be true or false')
    return value


def staffing(arguments: dict) -> str:
    """'Cleaning with Anna' from the optional service and provider arguments."""
    service, provider = arguments.get("service") or "", arguments.get("provider") or ""
    if not isinstance(service, str) or not isinstance(provider, str):
        raise ToolError('"service" and "provider" are names (text)')
    return " ".join([service, f"with {provider}" if provider else ""]).strip()


def read_when(dialog, arguments: dict, name: str) -> When:
    """The day and time in argument `name`: ISO 8601 (a date alone: that day), or the caller's words."""
    text = arguments.get(name)
    if not isinstance(text, str) or not text.strip():
        raise ToolError(f'"{name}" is required: a day and time (ISO 8601, or the caller\'s words)')
    when = read_moment(dialog, text.strip())
    if when is None:
        raise ToolError(f"no day or time could be read in {text!r}; ask the caller for a day and time")
    return when


def read_moment(dialog, text: str) -> When | None:
    try:
        if _DAY.fullmatch(text):  # a date alone: that whole day
            day = datetime.combine(date.fromisoformat(text), time(0), dialog.tz)
            return When(start=day, end=day + timedelta(days=1), grain="day")
        moment = datetime.fromisoformat(text)
    except ValueError:  # "2026-02-30", or words
        when = dialog.read(text).when
        return when if when is not None and when.start is not None else None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dialog.tz)
    return When(start=moment.astimezone(dialog.tz), grain="minute")
