"""Events and freebusy of the booking calendar as the Calendar API v3 sees them: the ids
we choose, the bodies we send, the times we read back, one method per API call."""
from __future__ import annotations

import base64
import secrets
from datetime import datetime, timezone

from googleapiclient.errors import HttpError

from smsbot.calendars.base import Booking, CalendarUnavailable
from smsbot.calendars.google.api import Api, Budget

MARK = "smsbot"  # extendedProperties.private[MARK] == APPOINTMENT on every event we create
APPOINTMENT = "appointment"
BASE32HEX = "0123456789abcdefghijklmnopqrstuv"  # the characters Google allows in event ids


def new_event_prefix() -> str:
    return "".join(secrets.choice(BASE32HEX) for _ in range(6))


def event_id(prefix: str, appointment_id: int) -> str:
    """The client-chosen id of an appointment's event: a retried insert reuses it, so Google
    answers 409 instead of creating a second event."""
    encoded = base64.b32hexencode(str(appointment_id).encode("ascii")).decode("ascii")
    return prefix + encoded.rstrip("=").lower()


def rfc3339(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def event_span(event: dict) -> tuple[datetime, datetime] | None:
    """Start and end of a timed event, None for all-day ones."""
    start, end = event.get("start", {}), event.get("end", {})
    if "dateTime" not in start or "dateTime" not in end:
        return None
    return parse_time(start["dateTime"]), parse_time(end["dateTime"])


def updated_at(event: dict) -> datetime | None:
    return parse_time(event["updated"]) if event.get("updated") else None


def private(event: dict) -> dict:
    return (event.get("extendedProperties") or {}).get("private") or {}


def times(booking: Booking, tz: str) -> dict:
    return {"start": {"dateTime": rfc3339(booking.start), "timeZone": tz},
            "end": {"dateTime": rfc3339(booking.end), "timeZone": tz}}


def event_body(settings, booking: Booking, event_id_: str) -> dict:
    fields = {"phone": booking.phone, "business": settings.business_name, "id": booking.id}
    body = {
        "id": event_id_,
        "summary": settings.google_event_summary.format(**fields),
        "description": settings.google_event_description.format(**fields),
        "status": "confirmed",
        "transparency": "opaque",
        "extendedProperties": {"private": {MARK: APPOINTMENT, "appointmentId": str(booking.id),
                                           "phone": booking.phone}},
        **times(booking, settings.business_tz.key),
    }
    if settings.google_event_attendees:
        body["attendees"] = [{"email": email} for email in settings.google_event_attendees]
    return body


def matches(event: dict, body: dict) -> bool:
    """Is this existing event the one the body describes (a retry of our own insert)?"""
    return (event.get("status") != "cancelled" and private(event) == body["extendedProperties"]["private"]
            and event_span(event) == (parse_time(body["start"]["dateTime"]), parse_time(body["end"]["dateTime"])))


class Events:
    """The Calendar API calls the provider and the sync make, for one calendar."""

    def __init__(self, api: Api, calendar_id: str, send_updates: str, budget: Budget):
        self.api, self.calendar_id, self.send_updates, self.budget = api, calendar_id, send_updates, budget

    def _call(self, what, make, budget=None, tries=None):
        kwargs = {"tries": tries} if tries else {}
        return self.api.call(what, make, budget or self.budget, **kwargs)

    def freebusy(self, ids: list[str], start: datetime, end: datetime) -> dict:
        body = {"timeMin": rfc3339(start), "timeMax": rfc3339(end), "items": [{"id": i} for i in ids]}
        try:
            answer = self._call("freebusy", lambda s: s.freebusy().query(body=body))
        except HttpError as error:
            raise unavailable("freebusy", error) from None
        return answer.get("calendars", {})

    def insert(self, body: dict) -> dict:
        return self._call("insert", lambda s: s.events().insert(
            calendarId=self.calendar_id, body=body, sendUpdates=self.send_updates))

    def get(self, eid: str) -> dict:
        return self._call("get", lambda s: s.events().get(calendarId=self.calendar_id, eventId=eid))

    def patch(self, eid: str, body: dict, budget: Budget | None = None, tries: int | None = None) -> dict:
        return self._call("patch", lambda s: s.events().patch(
            calendarId=self.calendar_id, eventId=eid, body=body, sendUpdates=self.send_updates),
            budget, tries)

    def delete(self, eid: str, budget: Budget | None = None, tries: int | None = None) -> None:
        self._call("delete", lambda s: s.events().delete(
            calendarId=self.calendar_id, eventId=eid, sendUpdates=self.send_updates), budget, tries)

    def list_page(self, **params) -> dict:
        return self._call("list", lambda s: s.events().list(calendarId=self.calendar_id, **params))

    def watch(self, body: dict) -> dict:
        return self._call("watch", lambda s: s.events().watch(calendarId=self.calendar_id, body=body))

    def stop_channel(self, channel_id: str, resource_id: str) -> None:
        self._call("channels.stop", lambda s: s.channels().stop(body={"id": channel_id, "resourceId": resource_id}))


def gone(error: HttpError) -> bool:
    return int(error.resp.status) in (404, 410)


def unavailable(what: str, error: HttpError) -> CalendarUnavailable:
    return CalendarUnavailable(f"Google refused {what}: HTTP {error.resp.status}")
