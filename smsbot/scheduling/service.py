"""The booking service the dialog talks to: availability, suggestions, book/move/cancel.

The no-double-booking guarantee lives in the calendar provider (a database constraint
per provider for the local one); this layer re-checks the rules at the moment of the yes.
A Scheduler looks at one service (default: the business's first) and one provider or
anyone who offers it; `for_` and `moving` give another view.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from smsbot.calendars.base import AppointmentGone, Booking, Calendar, SlotTaken
from smsbot.scheduling.availability import Availability
from smsbot.scheduling.business import Provider, Service
from smsbot.scheduling.rules import TAKEN, BookingRules


class SlotUnavailable(Exception):
    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


class Scheduler:
    """`listener` hears of every change (reminders and notices follow from them)."""

    def __init__(self, calendar: Calendar, rules: BookingRules, now: datetime, listener=None,
                 service: Service | None = None, provider: str | None = None):
        self.calendar, self.rules, self.now = calendar, rules, now
        self.listener = listener or _Silent()
        self.availability = Availability(calendar, rules, now, service=service, provider=provider)

    @property
    def business(self):
        return self.availability.business

    @property
    def service(self) -> Service:
        return self.availability.service

    @property
    def provider(self) -> str | None:
        return self.availability.provider

    def for_(self, service: Service | None = None, provider: str | None = None) -> "Scheduler":
        """The same calendar, looking at that service (default this one's) with that provider
        (a name; None: anyone who offers it)."""
        return Scheduler(self.calendar, self.rules, self.now, self.listener,
                         service or self.service, provider)

    def moving(self, booking: Booking) -> "Scheduler":
        """The booking's service and provider, seeing its own time as free."""
        service = self.business.service(booking.service) or self.service
        provider = booking.provider if self.business.provider(booking.provider) else self.provider
        other = Scheduler(self.calendar, self.rules, self.now, self.listener, service, provider)
        other.availability = Availability(self.calendar, self.rules, self.now, ignore=booking,
                                          service=service, provider=provider)
        return other

    @property
    def tz(self):
        return self.rules.tz

    def problem_with(self, start: datetime) -> str | None:
        return self.availability.problem_with(start)

    def suggest_near(self, wanted: datetime, limit: int = 3) -> list[datetime]:
        return self.availability.nearest_free(wanted, limit)

    def free_between(self, start: datetime, end: datetime, limit: int = 3) -> list[datetime]:
        return self.availability.free_between(start, end, limit)

    def upcoming(self, phone: str) -> list[Booking]:
        return self.calendar.upcoming_for(phone, self.now)

    def get(self, appointment_id: int) -> Booking | None:
        return self.calendar.get(appointment_id)

    def book(self, phone: str, start: datetime, *, check: bool = True) -> Booking:
        """With someone free then (the provider of this view, else the first who is)."""
        if check:
            self._check(start)
        booking = self._with_someone(start, lambda extra: self.calendar.book(
            phone, start, start + self.service.length, self.now, **extra), check)
        self.listener.booked(booking)
        return booking

    def move(self, appointment_id: int, start: datetime, *, by_staff: bool = False) -> Booking:
        """Keeps the service, and the provider unless this view names another."""
        old = self.calendar.get(appointment_id)
        if old is None:
            raise AppointmentGone(appointment_id)
        view = self.moving(old) if self.provider is None else self
        if not by_staff:
            view._check(start)
        new = view._with_someone(start, lambda extra: self.calendar.move(
            appointment_id, start, start + view.service.length, self.now, **extra), not by_staff)
        self.listener.moved(old, new, by_staff)
        return new

    def cancel(self, appointment_id: int, *, by_staff: bool = False) -> Booking:
        booking = self.calendar.cancel(appointment_id, self.now)
        self.listener.cancelled(booking, by_staff)
        return booking

    def confirm_attendance(self, appointment_id: int) -> Booking:
        return self.calendar.confirm_attendance(appointment_id, self.now)

    def _check(self, start: datetime) -> None:
        problem = self.rules.problem_with(start, self.now, self.service.held)
        if problem:
            raise SlotUnavailable(problem)

    def _with_someone(self, start: datetime, change, check: bool) -> Booking:
        """Try each provider who could take it, in the business's order, until one's cells
        are claimed; the calendar's refusal (a race lost) moves on to the next."""
        providers = self.availability.free_providers(start) if check else self.availability.candidates
        for provider in providers:
            try:
                return change(self._extra(provider, start))
            except SlotTaken:
                self.availability.forget()
        raise SlotUnavailable(TAKEN)

    def _extra(self, provider: Provider, start: datetime) -> dict:
        """What a calendar that keeps providers apart is told; nothing for the plain business
        of one service and one provider, which every calendar handles."""
        held = self.service.held != self.service.length
        if not (provider.name or self.service.name or held):
            return {}
        return {"provider": provider.name, "service": self.service.name,
                "held_until": start + self.service.held if held else None}


class _Silent:
    def booked(self, *args) -> None: ...
    def moved(self, *args) -> None: ...
    def cancelled(self, *args) -> None: ...


__all__ = ["Scheduler", "SlotUnavailable", "AppointmentGone", "TAKEN"]
