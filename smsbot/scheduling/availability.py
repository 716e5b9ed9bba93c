"""Free slots: the rules' grid minus what the calendar says is busy, per provider.

An Availability looks at one service and one provider, or at anyone who offers the service:
a time is free if some such provider is free for the service's whole length plus its
buffer, inside that provider's hours."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from smsbot.calendars.base import Booking, Calendar
from smsbot.clock import start_of_day
from smsbot.scheduling.business import Provider, Service
from smsbot.scheduling.rules import CLOSED, TAKEN, BookingRules

Span = tuple[datetime, datetime]


def _overlaps(start: datetime, end: datetime, busy: list[Span]) -> bool:
    return any(s < end and start < e for s, e in busy)


class Availability:
    def __init__(self, calendar: Calendar, rules: BookingRules, now: datetime,
                 ignore: Booking | None = None, service: Service | None = None,
                 provider: str | None = None):
        self.calendar, self.rules, self.now = calendar, rules, now
        self.business = rules.services_and_providers
        self.service = service or self.business.default_service
        self.provider = provider  # a name, or None: anyone who offers the service
        self.ignored = ignore
        self._busy: dict[tuple[date, str | None], list[Span]] = {}

    @property
    def candidates(self) -> list[Provider]:
        return self.business.providers_for(self.service, self.provider)

    def forget(self) -> None:
        """Drop what was read from the calendar: it changed under us."""
        self._busy.clear()

    def busy_on(self, day: date, provider: str | None = None) -> list[Span]:
        """That day's busy spans for the provider (None: anyone's, as with one provider)."""
        key = (day, provider if self.business.several_providers else None)
        if key not in self._busy:
            start = start_of_day(day, self.rules.tz).astimezone(timezone.utc)
            end = start_of_day(day + timedelta(days=1), self.rules.tz).astimezone(timezone.utc)
            view = {"provider": key[1]} if key[1] is not None else {}
            if getattr(self.calendar, "busy_per_service", False):  # Calendly: each service's event type
                view["service"] = self.service.name
            busy = self.calendar.busy_between(start, end, **view)
            self._busy[key] = [span for span in busy if not self._is_ignored(span, key[1])]
        return self._busy[key]

    def _is_ignored(self, span: Span, provider: str | None) -> bool:
        booking = self.ignored
        return (booking is not None and span == (booking.start, booking.held_end)
                and provider in (None, booking.provider))

    def problem_for(self, provider: Provider, start: datetime) -> str | None:
        problem = self.rules.problem_with(start, self.now, self.service.held, provider.hours)
        if problem:
            return problem
        day = self.rules.local(start).date()
        if _overlaps(start, start + self.service.held, self.busy_on(day, provider.name)):
            return TAKEN
        return None

    def free_providers(self, start: datetime) -> list[Provider]:
        return [p for p in self.candidates if self.problem_for(p, start) is None]

    def problem_with(self, start: datetime) -> str | None:
        """None if someone can take it; else the reason, TAKEN before CLOSED (someone
        works then, but is busy)."""
        problems = [self.problem_for(p, start) for p in self.candidates]
        if not problems:
            return CLOSED
        if None in problems:
            return None
        return TAKEN if TAKEN in problems else problems[0]

    def free_on(self, day: date) -> list[datetime]:
        starts = sorted({s for p in self.candidates
                         for s in self.rules.grid(day, self.service.held, p.hours)})
        return [s for s in starts if self.problem_with(s) is None]

    def free_between(self, start: datetime, end: datetime, limit: int = 3) -> list[datetime]:
        """Free slots starting in [start, end), earliest first."""
        found: list[datetime] = []
        day = self.rules.local(max(start, self.now)).date()
        last = min(self.rules.local(end), self.rules.local(self.now + self.rules.horizon)).date()
        while day <= last and len(found) < limit:
            found += [s for s in self.free_on(day) if start <= s < end][: limit - len(found)]
            day += timedelta(days=1)
        return found

    def nearest_free(self, wanted: datetime, limit: int = 3) -> list[datetime]:
        """Up to `limit` free slots: that day's closest to the wanted time first,
        then the earliest ones of the following days."""
        day = self.rules.local(wanted).date()
        same_day = sorted(self.free_on(day), key=lambda s: (abs(s - wanted), s))[:limit]
        if len(same_day) < limit:
            next_day = start_of_day(day + timedelta(days=1), self.rules.tz)
            later = max(next_day, self.rules.local(self.now))
            same_day += self.free_between(later, later + self.rules.horizon, limit - len(same_day))
        return sorted(same_day)
