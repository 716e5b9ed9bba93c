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
    def __init__(self, calendar: Calendar, rules: BookingRules, now: datetime):
        self.calendar, self.rules, self.now = calendar, rules, now
        self.availability = Availability(calendar, rules, now)

    def moving(self, booking: Booking) -> "Scheduler":
        """The same service, but seeing that booking's own time as free."""
        other = Scheduler(self.calendar, self.rules, self.now)
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

    def book(self, phone: str, start: datetime) -> Booking:
        self._check(start)
        return self._taking(lambda: self.calendar.book(phone, start, start + self.rules.slot, self.now))

    def move(self, appointment_id: int, start: datetime) -> Booking:
        self._check(start)
        return self._taking(
            lambda: self.calendar.move(appointment_id, start, start + self.rules.slot, self.now)
        )

    def cancel(self, appointment_id: int) -> Booking:
        return self.calendar.cancel(appointment_id, self.now)

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


__all__ = ["Scheduler", "SlotUnavailable", "AppointmentGone", "TAKEN"]
