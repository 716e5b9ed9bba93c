"""One process's connection to Calendly: the API client and the event types booked, each
resolved once (a slug through GET /users/me and GET /event_types?user=) and kept.

Every service books CALENDLY_EVENT_TYPE unless business.toml names its own
`calendly_event_type`."""
from __future__ import annotations

import threading
from dataclasses import dataclass

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.budget import Budget
from smsbot.calendars.calendly.api import CalendlyApi, CalendlyError
from smsbot.scheduling.business import Service, business_of


@dataclass(frozen=True)
class EventType:
    uri: str
    name: str
    duration: int  # minutes


class CalendlyLink:
    def __init__(self, settings, api: CalendlyApi | None = None):
        self.settings, self.business = settings, business_of(settings)
        self.api = api or CalendlyApi(settings.calendly_api_base, settings.calendly_token,
                                      settings.calendly_call_timeout_seconds)
        self._lock, self._user = threading.Lock(), None
        self._event_types: dict[str, EventType] = {}  # by what the settings say (URI or slug)

    def user(self, budget: Budget) -> dict:
        if self._user is None:
            self._user = self.api.get("users/me", "/users/me", budget).get("resource") or {}
        return self._user

    def wanted_for(self, service: Service) -> tuple[str, str]:
        """(the URI or slug the service books, where that is set)."""
        if service.calendly_event_type:
            return service.calendly_event_type, f"{self.business_file()} service {service.name!r} calendly_event_type"
        return self.settings.calendly_event_type, "CALENDLY_EVENT_TYPE"

    def business_file(self) -> str:
        return str(getattr(self.settings, "business_file", None) or "business.toml")

    def event_type(self, budget: Budget, service_name: str | None = None) -> EventType:
        """The event type a service books (by its stored name; None and '': the default)."""
        service = self.business.service(service_name) or self.business.default_service
        wanted, where = self.wanted_for(service)
        with self._lock:
            if wanted not in self._event_types:
                self._event_types[wanted] = self._resolve(wanted, where, budget)
            return self._event_types[wanted]

    def in_use(self, budget: Budget) -> dict[str, list[Service]]:
        """Each event type's URI in use, and the services that book it (the default's first)."""
        found: dict[str, list[Service]] = {}
        for service in self.business.services:
            found.setdefault(self.event_type(budget, service.name).uri, []).append(service)
        return found

    def service_of(self, event_type_uri: str, budget: Budget) -> Service | None:
        """The service a booking of that event type is (the first that books it), None for an
        event type we do not book."""
        return next(iter(self.in_use(budget).get(event_type_uri, [])), None)

    def _resolve(self, wanted: str, where: str, budget: Budget) -> EventType:
        try:
            if wanted.startswith(("http://", "https://")):
                found = self.api.get("event type", wanted, budget).get("resource") or {}
            else:
                user = self.user(budget)
                listed = self.api.get("event types", "/event_types", budget, user=user.get("uri", ""),
                                      count=100).get("collection", [])
                found = next((t for t in listed if t.get("slug") == wanted), {})
        except CalendlyError as error:
            raise CalendarUnavailable(f"{where} {wanted!r} cannot be read: {error}") from None
        if not found.get("uri") or not found.get("duration"):
            raise CalendarUnavailable(f"{where} {wanted!r} is not an event type of this account")
        return EventType(found["uri"], found.get("name", ""), int(found["duration"]))
