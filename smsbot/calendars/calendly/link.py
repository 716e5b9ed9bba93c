"""One process's connection to Calendly: the API client and the event type booked, resolved
once (a slug through GET /users/me and GET /event_types?user=) and kept."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.budget import Budget
from smsbot.calendars.calendly.api import CalendlyApi, CalendlyError


@dataclass(frozen=True)
class EventType:
    uri: str
    name: str
    duration: int  # minutes


class CalendlyLink:
    def __init__(self, settings, api: CalendlyApi | None = None):
        self.settings = settings
        self.api = api or CalendlyApi(settings.calendly_api_base, settings.calendly_token,
                                      settings.calendly_call_timeout_seconds)
        self._lock, self._event_type, self._user = threading.Lock(), None, None

    def user(self, budget: Budget) -> dict:
        if self._user is None:
            self._user = self.api.get("users/me", "/users/me", budget).get("resource") or {}
        return self._user

    def event_type(self, budget: Budget) -> EventType:
        with self._lock:
            if self._event_type is None:
                self._event_type = self._resolve(self.settings.calendly_event_type, budget)
            return self._event_type

    def _resolve(self, wanted: str, budget: Budget) -> EventType:
        try:
            if wanted.startswith(("http://", "https://")):
                found = self.api.get("event type", wanted, budget).get("resource") or {}
            else:
                user = self.user(budget)
                listed = self.api.get("event types", "/event_types", budget, user=user.get("uri", ""),
                                      count=100).get("collection", [])
                found = next((t for t in listed if t.get("slug") == wanted), {})
        except CalendlyError as error:
            raise CalendarUnavailable(f"CALENDLY_EVENT_TYPE {wanted!r} cannot be read: {error}") from None
        if not found.get("uri") or not found.get("duration"):
            raise CalendarUnavailable(f"CALENDLY_EVENT_TYPE {wanted!r} is not an event type of this account")
        return EventType(found["uri"], found.get("name", ""), int(found["duration"]))
