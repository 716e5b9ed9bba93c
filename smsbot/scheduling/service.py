"""The booking service the dialog talks to: availability, suggestions, book/move/cancel.

The no-double-booking guarantee lives in the calendar provider (a database constraint
for the local one); this layer re-checks the rules at the moment of the yes.
"""
from __future__ import annotations

from datetime import datetime

from smsbot.calendars.base import AppointmentGone, Booking, Calendar, SlotTaken
from smsbot.scheduling.availability import Availability
from smsbot.scheduling.rules import TAKEN, BookingRules


class SlotUnavailable(Exception):
    def __init__(self, problem: str):
        super().__init__(problem)
        self.problem = problem


class Scheduler:
    """`listener` hears of every change (reminders and notices follow from them)."""

    def __init__(self, calendar: Calendar, rules: BookingRules, now: datetime, listener=None):
        self.calendar, self.rules, self.now = calendar, rules, now
        self.listener = listener or _Silent()
        self.availability = Availability(calendar, rules, now)

    def moving(self, booking: Booking) -> "Scheduler":
        """The same service, but seeing that booking's own time as free."""
        other = Scheduler(self.calendar, self.rules, self.now, self.listener)
        other.availability = Availability(self.calendar, self.rules, self.now, ignore=booking)
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
        if check:
            self._check(start)
        booking = self._taking(lambda: self.calendar.book(phone, start, start + self.rules.slot, self.now))
        self.listener.booked(booking)
        return booking

    def move(self, appointment_id: int, start: datetime, *, by_staff: bool = False) -> Booking:
        old = self.calendar.get(appointment_id)
        if old is None:
            raise AppointmentGone(appointment_id)
        if not by_staff:
            self._check(start)
        new = self._taking(
            lambda: self.calendar.move(appointment_id, start, start + self.rules.slot, self.now)
        )
        self.listener.moved(old, new, by_staff)
        return new

    def cancel(self, appointment_id: int, *, by_staff: bool = False) -> Booking:
        booking = self.calendar.cancel(appointment_id, self.now)
        self.listener.cancelled(booking, by_staff)
        return booking

    def confirm_attendance(self, appointment_id: int) -> Booking:
        return self.calendar.confirm_attendance(appointment_id, self.now)

    def _check(self, start: datetime) -> None:
        problem = self.rules.problem_with(start, self.now)
        if problem:
            raise SlotUnavailable(problem)

    def _taking(self, change) -> Booking:
        try:
            return change()
        except SlotTaken:
            self.availability.forget()
            raise SlotUnavailable(TAKEN) from None


class _Silent:
    def booked(self, *args) -> None: ...
    def moved(self, *args) -> None: ...
    def cancelled(self, *args) -> None: ...


__all__ = ["Scheduler", "SlotUnavailable", "AppointmentGone", "TAKEN"]
