"""Google's side of availability: freebusy of the booking calendar and the other busy
calendars, read a week at a time, with our own appointments taken out of it."""
from __future__ import annotations

from datetime import datetime, timedelta

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.google.events import parse_time
from smsbot.calendars.spans import Span, subtract

WINDOW = timedelta(days=7)  # one freebusy query answers a week of availability questions


class GoogleBusy:
    """Busy time per calendar, from freebusy.query. The booking calendar's busy blocks
    contain our own appointments' events, merged with whatever touches them, so those are
    subtracted (our rows already count them, and a move must see its own time as free)."""

    def __init__(self, link, events):
        self.link, self.events = link, events
        self._windows: list[tuple[datetime, datetime, dict[str, list[Span]]]] = []

    def forget(self) -> None:
        self._windows.clear()

    def between(self, start: datetime, end: datetime, ours: list[Span], fresh: bool = False,
                provider: str | None = None) -> list[Span]:
        """Busy time in Google overlapping [start, end) that `ours` doesn't account for;
        `fresh` asks Google again, for just that span. `provider`: their own calendar counts,
        the other providers' do not (None: every calendar, as for a business of one)."""
        spans = self._read(start, end, fresh)
        own = self.link.provider_calendars.values() if provider is None else \
            [self.link.provider_calendars[provider]] if provider in self.link.provider_calendars else []
        held = spans[self.link.calendar_id] + [span for cid in dict.fromkeys(own) for span in spans[cid]]
        shared = [span for cid in self.link.shared_ids for span in spans[cid]]
        return [(s, e) for s, e in subtract(sorted(held), ours) + shared if s < end and e > start]

    def _read(self, start: datetime, end: datetime, fresh: bool) -> dict[str, list[Span]]:
        if not fresh:
            for w_start, w_end, spans in self._windows:
                if w_start <= start and end <= w_end:
                    return spans
        w_end = end if fresh else max(end, start + WINDOW)
        answer = self.events().freebusy(self.link.busy_ids, start, w_end)
        spans = {}
        for cid in self.link.busy_ids:
            entry = answer.get(cid) or {"errors": [{"reason": "missing"}]}
            if entry.get("errors"):
                reasons = ", ".join(e.get("reason", "?") for e in entry["errors"])
                raise CalendarUnavailable(f"Google freebusy cannot read calendar {cid!r}: {reasons}")
            spans[cid] = [(parse_time(b["start"]), parse_time(b["end"])) for b in entry.get("busy", [])]
        if not fresh:
            self._windows.append((start, w_end, spans))
        return spans
