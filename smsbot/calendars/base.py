"""The calendar interface every provider implements (local today, Google and Calendly later)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


class SlotTaken(Exception):
    """Somebody else holds (part of) that time."""


class CalendarUnavailable(Exception):
    """The calendar service cannot be reached now; nothing was changed."""


class DetailsNeeded(Exception):
    """The calendar books only under the customer's name and email, and we don't know them yet."""


class AppointmentGone(Exception):
    """The appointment no longer exists or is no longer booked."""


@dataclass(frozen=True)
class Booking:
    id: int
    phone: str
    start: datetime  # aware UTC
    end: datetime
    provider: str = ""  # '' : the one provider / service of a business without a profile
    service: str = ""
    held_until: datetime | None = None  # the end plus the service's buffer; None: the end

    @property
    def held_end(self) -> datetime:
        return self.held_until or self.end


class Calendar(Protocol):
    def busy_between(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        """Busy intervals (appointments and blocks) that overlap [start, end). A calendar that
        keeps providers apart also takes `provider=` (that provider's appointments only)."""

    def upcoming_for(self, phone: str, after: datetime) -> list[Booking]:
        """That phone's booked appointments that end after `after`, soonest first."""

    def bookings_between(self, start: datetime, end: datetime) -> list[Booking]:
        """Booked appointments overlapping [start, end), soonest first."""

    def get(self, appointment_id: int) -> Booking | None: ...

    def book(self, phone: str, start: datetime, end: datetime, now: datetime) -> Booking:
        """Raises SlotTaken. A calendar that keeps providers apart also takes `provider=`,
        `service=` and `held_until=` (and `move` the same, None keeping what it was)."""

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime) -> Booking:
        """Raises SlotTaken or AppointmentGone."""

    def cancel(self, appointment_id: int, now: datetime) -> Booking:
        """Raises AppointmentGone."""

    def confirm_attendance(self, appointment_id: int, now: datetime) -> Booking:
        """The customer said they will come. Raises AppointmentGone."""

    def add_busy(self, start: datetime, end: datetime, reason: str, now: datetime) -> None:
        """Block that span. Blocks and bookings take turns: a booking after it is refused,
        and bookings_between after it, in the same transaction, sees every booking before it."""

    def remove_busy(self, start: datetime, end: datetime) -> int:
        """Free that span of busy blocks; how many blocks it touched."""
