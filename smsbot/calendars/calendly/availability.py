"""Calendly's side of availability: the start times it offers for a service's event type, read in
pages of at most PAGE (its per-call range limit) and kept for the rest of the message, so
one conversation turn asks at most once per range. Busy is whatever an offered booking
does not cover; times before `now` are never asked about (Calendly refuses the past)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from smsbot.calendars.spans import Span, subtract

PAGE = timedelta(days=7)  # Calendly's limit per call was 7 days (31 since July 2026): 7 fits both
READ_AHEAD = timedelta(days=7)  # one read answers a week of availability questions


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def _future(now: datetime) -> datetime:
    """The first whole minute after `now`."""
    return now.replace(second=0, microsecond=0) + timedelta(minutes=1)


class CalendlyBusy:
    """`event_type(service name)` is the EventType that service books; each is read apart."""

    def __init__(self, api, event_type, budget, clock):
        self.api, self.event_type, self.budget, self.clock = api, event_type, budget, clock
        self._windows: dict[str, list[tuple[datetime, datetime, list[datetime]]]] = {}

    def forget(self) -> None:
        self._windows.clear()

    def between(self, start: datetime, end: datetime, ours: list[Span], service: str | None = None) -> list[Span]:
        """Busy time in [start, end) that Calendly will not book for that service, less our own
        bookings (our rows count them already, and a move must see its own time as free)."""
        start, end = start.astimezone(timezone.utc), end.astimezone(timezone.utc)  # pages of real days
        first = max(start, _future(self.clock.now()))
        busy = [(start, min(first, end))] if first > start else []
        if first < end:
            kind = self.event_type(service)
            length = timedelta(minutes=kind.duration)
            offered = [(at, at + length) for at in self._offered(kind.uri, first, end)]
            busy += subtract([(first, end)], offered)
        return [(s, e) for s, e in subtract(busy, ours) if s < e]

    def _offered(self, uri: str, start: datetime, end: datetime) -> list[datetime]:
        windows = self._windows.setdefault(uri, [])
        for w_start, w_end, times in windows:
            if w_start <= start and end <= w_end:
                return [t for t in times if start <= t < end]
        w_end = max(end, start + READ_AHEAD)
        times, at = [], start
        while at < w_end:
            page_end = min(at + PAGE, w_end)
            answer = self.api.get("availability", "/event_type_available_times", self.budget,
                                  event_type=uri, start_time=stamp(at), end_time=stamp(page_end))
            times += [parse_time(t["start_time"]) for t in answer.get("collection", [])
                      if t.get("status", "available") == "available"]
            at = page_end
        windows.append((start, w_end, sorted(times)))
        return [t for t in times if start <= t < end]
