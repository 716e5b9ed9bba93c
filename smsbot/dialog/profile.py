"""What the dialog knows about the business to answer questions: name, phone,
address, opening hours and appointment length. Built from settings by the caller."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from smsbot.scheduling.hours import OpeningHours

UNNAMED = "us"  # BUSINESS_NAME's default: no name was set


@dataclass(frozen=True)
class Profile:
    name: str
    phone: str
    address: str
    hours: OpeningHours
    slot: timedelta

    @classmethod
    def from_settings(cls, settings) -> "Profile":
        name = "" if settings.business_name == UNNAMED else settings.business_name
        return cls(name, settings.business_phone, settings.business_address, settings.opening_hours,
                   settings.slot)

    def week(self) -> tuple:
        """Each weekday (0 = Monday) with its opening intervals; a closed day has none."""
        return tuple((day, tuple(self.hours.on(day))) for day in range(7))
