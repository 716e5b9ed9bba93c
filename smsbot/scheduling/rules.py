"""Booking rules: when a customer may book, independent of who else has booked."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from smsbot.clock import wall_time
from smsbot.scheduling.business import Business, business_of, single
from smsbot.scheduling.hours import OpeningHours
from smsbot.scheduling.public_holidays import PublicHolidays

PAST, TOO_SOON, TOO_FAR, CLOSED, TAKEN = "past", "too_soon", "too_far", "closed", "taken"


@dataclass(frozen=True)
class BookingRules:
    tz: ZoneInfo
    hours: OpeningHours
    slot: timedelta
    min_notice: timedelta
    horizon: timedelta
    closed_days: frozenset[date] = field(default_factory=frozenset)  # holidays
    business: Business | None = None  # None: one service of `slot`, one provider
    public_holidays: PublicHolidays | None = None  # HOLIDAYS, less OPEN_ON_HOLIDAYS

    @property
    def services_and_providers(self) -> Business:
        return self.business or single(self.slot)

    @classmethod
    def from_settings(cls, settings) -> "BookingRules":
        business = business_of(settings)
        return cls(tz=settings.business_tz, hours=settings.opening_hours, slot=settings.slot,
                   min_notice=settings.min_notice, horizon=settings.horizon,
                   closed_days=business.holidays, business=business,
                   public_holidays=settings.holidays and PublicHolidays(settings.holidays, settings.open_on_holidays))

    @property
    def holiday_names(self) -> tuple[str, str | None] | None:
        """Whose holiday names a customer's text is read with (parse_when's `holidays`); with
        none closed, still the US ones: 'thanksgiving' then books Thanksgiving, never drops the day."""
        return self.public_holidays.calendar.pair if self.public_holidays else ("US", None)

    def holiday_on(self, day: date) -> str | None:
        """Why the business is closed that day: the public holiday's name, '' for a date the
        business file closes; None on an ordinary day."""
        if day in self.closed_days:
            return ""
        return self.public_holidays.closed_for(day) if self.public_holidays else None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def open_intervals(self, day: date, hours: OpeningHours | None = None) -> list[tuple[datetime, datetime]]:
        """That day's opening intervals (the business's, or a provider's own `hours`) as
        aware datetimes in the business zone; none on a holiday."""
        if self.holiday_on(day) is not None:
            return []
        return [(wall_time(day, a, self.tz), wall_time(day, b, self.tz))
                for a, b in (hours or self.hours).on(day.weekday())]

    def grid(self, day: date, length: timedelta | None = None,
             hours: OpeningHours | None = None) -> list[datetime]:
        """Slot starts that day: every slot length from each opening, `length` (default one
        slot) fitting before closing."""
        starts, length = [], length or self.slot
        for opens, closes in self.open_intervals(day, hours):
            at = opens
            while at + length <= closes:
                starts.append(at)
                at += self.slot
        return starts

    def problem_with(self, start: datetime, now: datetime, length: timedelta | None = None,
                     hours: OpeningHours | None = None) -> str | None:
        """Why a customer may not book `length` (default one slot) starting then, within
        `hours` (default the business hours), ignoring other bookings."""
        if start <= now:
            return PAST
        if start < now + self.min_notice:
            return TOO_SOON
        if start > now + self.horizon:
            return TOO_FAR
        local = self.local(start)
        if local.minute % 5 or local.second or local.microsecond:
            return CLOSED
        end = local + (length or self.slot)
        if not any(a <= local and end <= b for a, b in self.open_intervals(local.date(), hours)):
            return CLOSED
        return None
