"""GET .../Messages.json for the fake Twilio: the Messages list, filtered as Twilio's API
filters it (To, From, DateSent, DateSent<, DateSent>; PageSize), newest first, one page.

A DateSent value is a GMT day, "YYYY-MM-DD" (what Twilio documents), or a full
"YYYY-MM-DDTHH:MM:SSZ" (what the SDK sends for a datetime). "DateSent>" keeps messages
sent on or after it, "DateSent<" on or before it, "DateSent" on that day. A message Twilio
has not handed on yet has no date_sent, so no DateSent filter keeps it.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime


class BadFilter(ValueError):
    pass


def _moment(value: str) -> tuple[datetime, bool]:
    """(the instant, whether only a day was given)."""
    try:
        if len(value) == 10:
            day = datetime.strptime(value, "%Y-%m-%d").date()
            return datetime.combine(day, time(), tzinfo=timezone.utc), True
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc), False
    except ValueError:
        raise BadFilter(f"DateSent must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got {value!r}") from None


def _sent_at(message: dict) -> datetime | None:
    return parsedate_to_datetime(message["date_sent"]) if message.get("date_sent") else None


def _keeps(query: dict[str, str], message: dict) -> bool:
    if "To" in query and message["to"] != query["To"]:
        return False
    if "From" in query and message["from"] != query["From"]:
        return False
    sent = _sent_at(message)
    for name in ("DateSent", "DateSent>", "DateSent<"):
        if name not in query:
            continue
        start, whole_day = _moment(query[name])
        if sent is None:
            return False
        if name == "DateSent>" and sent < start:
            return False
        if name == "DateSent<" and (sent >= start + timedelta(days=1) if whole_day else sent > start):
            return False
        if name == "DateSent" and not start <= sent < start + timedelta(days=1):
            return False
    return True


def page(messages: list[dict], query: dict[str, str], uri: str) -> dict:
    """The page body Twilio answers; raises BadFilter for a filter it would refuse."""
    try:
        size = max(1, min(int(query.get("PageSize", "50")), 1000))
    except ValueError:
        raise BadFilter(f"PageSize must be a number, got {query['PageSize']!r}") from None
    kept = [m for m in reversed(messages) if _keeps(query, m)][:size]  # newest first
    return {"messages": kept, "page": 0, "page_size": size, "start": 0, "end": max(len(kept) - 1, 0),
            "uri": uri, "first_page_uri": uri, "next_page_uri": None, "previous_page_uri": None}
