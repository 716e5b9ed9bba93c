"""Booking rules: when a customer may book, independent of who else has booked."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from smsbot.clock import wall_time
from smsbot.scheduling.hours import OpeningHours

PAST, TOO_SOON, TOO_FAR, CLOSED, TAKEN = "past", "too_soon", "too_far", "closed", "taken"


@dataclass(frozen=True)
class BookingRules:
    tz: ZoneInfo
    hours: OpeningHours
    slot: timedelta
    min_notice: timedelta
    horizon: timedelta

    @classmethod
    def from_settings(cls, settings) -> "BookingRules":
        return cls(tz=settings.business_tz, hours=settings.opening_hours, slot=settings.slot,
                   min_notice=settings.min_notice, horizon=settings.horizon)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """That day's opening intervals as aware datetimes in the business zone."""
        return [(wall_time(day, a, self.tz), wall_time(day, b, self.tz))
                for a, b in self.hours.on(day.weekday())]

    def grid(self, day: date) -> list[datetime]:
        """Slot starts that day: every slot length from each opening, fitting before closing."""
        starts = []
        for opens, closes in self.open_intervals(day):
            at = opens
            while at + self.slot <= closes:
                starts.append(at)
                at += self.slot
        return starts

    def problem_with(self, start: datetime, now: datetime) -> str | None:
        """Why a customer may not book a slot starting then, ignoring other bookings."""
        if start <= now:
            return PAST
        if start < now + self.min_notice:
            return TOO_SOON
        if start > now + self.horizon:
            return TOO_FAR
        local = self.local(start)
        if local.minute % 5 or local.second or local.microsecond:
            return CLOSED
        end = local + self.slot
        if not any(a <= local and end <= b for a, b in self.open_intervals(local.date())):
            return CLOSED
        return None
