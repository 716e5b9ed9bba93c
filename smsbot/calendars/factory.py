"""Which calendar the settings ask for. `calendar_for(session)` gives the provider for one
transaction."""
from __future__ import annotations

from smsbot.calendars.local import LocalCalendar


def calendar_factory(settings):
    if getattr(settings, "calendly_enabled", False):
        from smsbot.calendars.calendly.provider import CalendlyCalendars

        return CalendlyCalendars(settings)
    if getattr(settings, "google_enabled", False):
        from smsbot.calendars.google.provider import GoogleCalendars

        return GoogleCalendars(settings)
    return LocalCalendar
