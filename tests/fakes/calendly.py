"""A local fake of the Calendly API v2 endpoints smsbot uses, served over real HTTP on 127.0.0.1:

- GET /users/me, GET /event_types?user=, GET /event_types/{uuid}
- GET /event_type_available_times (start_time in the future, at most `max_range` apart: 7 days)
- POST /invitees (the Scheduling API; a taken or unoffered time is a 400 naming start_time)
- GET /scheduled_events/{uuid}, POST /scheduled_events/{uuid}/cancellation
- GET and POST /webhook_subscriptions (409 when that URL is already subscribed)
Every call needs `Authorization: Bearer <token>`. Availability: every `increment` from
`open_from` to `open_until` (UTC hours) of every day, minus active events and `host_busy`.
Faults: fail(op, status, times, retry_after), slow(op, seconds). The page side: book_on_page()
and cancel_on_page() change things as Calendly's own pages do and deliver signed webhooks.
"""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import requests
from flask import Flask, Response, request
from werkzeug.serving import make_server

from tests.fakes.calendly_routes import install


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def problem(status: int, title: str, message: str, details: list | None = None, headers=None) -> Response:
    body = {"title": title, "message": message, **({"details": details} if details else {})}
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})


def sign(key: str, body: bytes, at: int) -> str:
    digest = hmac.new(key.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


@dataclass
class Fault:
    op: str
    status: int | None = None
    delay: float = 0.0
    times: int = 1
    retry_after: float | None = None


class FakeCalendly:
    def __init__(self, token: str = "fake-calendly-pat", duration: int = 30):
        self.lock = threading.RLock()
        self.clock = lambda: datetime.now(timezone.utc)
        self.tokens = {token}
        self.token = token
        self.max_range = timedelta(days=7)
        self.increment = timedelta(minutes=5)
        self.open_from, self.open_until = 0, 24
        self.host_busy: list[tuple[datetime, datetime]] = []
        self.events: dict[str, dict] = {}  # scheduled events by uuid
        self.invitees: dict[str, dict] = {}  # invitees by uuid
        self.subscriptions: list[dict] = []
        self.faults: list[Fault] = []
        self.calls: list[dict] = []
        self.deliveries: list[int] = []
        self._ids = itertools.count(1)
        self.app = Flask("fake-calendly")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.user = {"uri": f"{self.base}/users/USER1", "name": "Dr. Owner", "slug": "owner",
                     "email": "owner@biz.example", "timezone": "America/New_York",
                     "scheduling_url": "https://calendly.com/owner",
                     "current_organization": f"{self.base}/organizations/ORG1"}
        self.event_types = {"ET1": self._event_type("ET1", "Appointment", "appointment", duration)}
        install(self, self.app)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _event_type(self, key: str, name: str, slug: str, duration: int) -> dict:
        return {"uri": f"{self.base}/event_types/{key}", "name": name, "slug": slug, "active": True,
                "duration": duration, "kind": "solo", "type": "StandardEventType",
                "scheduling_url": f"https://calendly.com/owner/{slug}", "profile": {"owner": self.user["uri"]}}

    def add_event_type(self, name: str, slug: str, duration: int) -> dict:
        """Another event type of the same host (one calendar: an event of any type takes its time)."""
        key = f"ET{len(self.event_types) + 1}"
        self.event_types[key] = self._event_type(key, name, slug, duration)
        return self.event_types[key]

    @property
    def event_type_uri(self) -> str:
        return self.event_types["ET1"]["uri"]

    # test-side controls ---------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.events.clear(), self.invitees.clear(), self.subscriptions.clear()
            self.faults.clear(), self.calls.clear(), self.host_busy.clear(), self.deliveries.clear()
            self.max_range = timedelta(days=7)
            for key in [k for k in self.event_types if k != "ET1"]:
                del self.event_types[key]

    def fail(self, op: str, status: int, times: int = 1, retry_after: float | None = None) -> None:
        self.faults.append(Fault(op, status, 0.0, times, retry_after))

    def slow(self, op: str, seconds: float, times: int = 1) -> None:
        self.faults.append(Fault(op, None, seconds, times))

    def count(self, op: str) -> int:
        return sum(1 for c in self.calls if c["op"] == op)

    def active_events(self) -> list[dict]:
        with self.lock:
            return [dict(e) for e in self.events.values() if e["status"] == "active"]

    def invitee_of(self, event: dict) -> dict:
        return next(i for i in self.invitees.values() if i["event"] == event["uri"])

    # availability and booking -----------------------------------------------------------

    def taken(self, start: datetime, end: datetime, ignore: str | None = None) -> bool:
        spans = [(parse(e["start_time"]), parse(e["end_time"])) for e in self.events.values()
                 if e["status"] == "active" and e["uri"] != ignore] + self.host_busy
        return any(s < end and start < e for s, e in spans)

    def available(self, event_type: dict, start: datetime, end: datetime) -> list[datetime]:
        length, out = timedelta(minutes=event_type["duration"]), []
        day = start.replace(hour=0, minute=0, second=0, microsecond=0)
        while day < end:
            at = day + timedelta(hours=self.open_from)
            while at + length <= day + timedelta(hours=self.open_until):
                if start <= at < end and at > self.clock() and not self.taken(at, at + length):
                    out.append(at)
                at += self.increment
            day += timedelta(days=1)
        return out

    def create_invitee(self, event_type: dict, start: datetime, invitee: dict, tracking: dict | None) -> dict:
        event_id, invitee_id = f"EV{next(self._ids):04d}", f"IN{next(self._ids):04d}"
        now = stamp(self.clock())
        event = {"uri": f"{self.base}/scheduled_events/{event_id}", "name": event_type["name"],
                 "status": "active", "start_time": stamp(start),
                 "end_time": stamp(start + timedelta(minutes=event_type["duration"])),
                 "event_type": event_type["uri"], "created_at": now, "updated_at": now,
                 "event_memberships": [{"user": self.user["uri"]}], "cancellation": None}
        person = {"uri": f"{event['uri']}/invitees/{invitee_id}", "event": event["uri"], "status": "active",
                  "name": invitee.get("name") or " ".join(filter(None, [invitee.get("first_name"),
                                                                        invitee.get("last_name")])),
                  "email": invitee["email"], "timezone": invitee["timezone"],
                  "text_reminder_number": invitee.get("text_reminder_number"), "tracking": tracking or {},
                  "rescheduled": False, "old_invitee": None, "new_invitee": None,
                  "cancel_url": f"https://calendly.com/cancellations/{invitee_id}",
                  "reschedule_url": f"https://calendly.com/reschedulings/{invitee_id}",
                  "created_at": now, "updated_at": now, "cancellation": None}
        self.events[event_id], self.invitees[invitee_id] = event, person
        return person

    def cancel_event(self, event_id: str, reason: str, by: str = "host") -> dict:
        event = self.events[event_id]
        cancellation = {"canceled_by": self.user["name"] if by == "host" else "Invitee", "reason": reason,
                        "canceler_type": by, "created_at": stamp(self.clock())}
        event.update(status="canceled", cancellation=cancellation, updated_at=stamp(self.clock()))
        for person in self.invitees.values():
            if person["event"] == event["uri"]:
                person.update(status="canceled", cancellation=cancellation)
        return cancellation

    # Calendly's own pages, and its webhooks ------------------------------------------------

    def book_on_page(self, start: datetime, name: str, email: str, phone: str | None = None,
                     event_type: str = "ET1") -> dict:
        with self.lock:
            person = self.create_invitee(self.event_types[event_type], start,
                                         {"name": name, "email": email, "timezone": "America/New_York",
                                          "text_reminder_number": phone}, None)
        self.deliver("invitee.created", person)
        return person

    def cancel_on_page(self, event_uri: str, reason: str = "Can't make it") -> None:
        with self.lock:
            self.cancel_event(event_uri.rsplit("/", 1)[1], reason, by="invitee")
            person = next(i for i in self.invitees.values() if i["event"] == event_uri)
        self.deliver("invitee.canceled", person)

    def reschedule_on_page(self, event_uri: str, start: datetime) -> dict:
        """The invitee picks another time on Calendly: the old invitee is canceled as
        rescheduled, a new one is created pointing back at it; both webhooks go out."""
        with self.lock:
            old = next(i for i in self.invitees.values() if i["event"] == event_uri)
            self.cancel_event(event_uri.rsplit("/", 1)[1], "Rescheduled", by="invitee")
            kind = next(t for t in self.event_types.values()
                        if t["uri"] == self.events[event_uri.rsplit("/", 1)[1]]["event_type"])
            new = self.create_invitee(kind, start, old, old["tracking"])
            old.update(rescheduled=True, new_invitee=new["uri"])
            new["old_invitee"] = old["uri"]
        self.deliver("invitee.canceled", old)
        self.deliver("invitee.created", new)
        return new

    def subscribe(self, url: str, key: str) -> None:
        """A subscription made directly (the bot's own `subscribe` needs an https URL)."""
        self.subscriptions.append({"uri": f"{self.base}/webhook_subscriptions/{new_id()}", "callback_url": url,
                                   "events": ["invitee.created", "invitee.canceled"], "state": "active",
                                   "scope": "user", "signing_key": key})

    def payload(self, kind: str, person: dict) -> dict:
        event = self.events[person["event"].rsplit("/", 1)[1]]
        return {"event": kind, "created_at": stamp(self.clock()), "created_by": self.user["uri"],
                "payload": {**person, "scheduled_event": dict(event)}}

    def deliver(self, kind: str, person: dict, at: int | None = None, key: str | None = None) -> list[int]:
        """POST the webhook to every subscription that wants it, signed as Calendly signs."""
        answers = []
        for sub in [s for s in self.subscriptions if kind in s["events"]]:
            body = json.dumps(self.payload(kind, person)).encode()
            signature = sign(key or sub["signing_key"], body, at if at is not None else int(self.clock().timestamp()))
            answers.append(requests.post(sub["callback_url"], data=body, timeout=30, headers={
                "Content-Type": "application/json", "Calendly-Webhook-Signature": signature}).status_code)
        self.deliveries += answers
        return answers

    # HTTP plumbing ------------------------------------------------------------------------

    def serve(self, op: str, handler):
        body = request.get_json(silent=True) if request.data else None
        self.calls.append({"op": op, "args": request.args.to_dict(), "json": body})
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return problem(401, "Unauthenticated", "The access token is invalid")
        fault = self._fault(op)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.status:
            headers = {"Retry-After": f"{fault.retry_after:g}"} if fault.retry_after is not None else {}
            title = "Too Many Requests" if fault.status == 429 else "Internal Server Error"
            return problem(fault.status, title, "injected", headers=headers)
        with self.lock:
            return handler(body or {})

    def _fault(self, op: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.op in (op, "*"):
                    fault.times -= 1
                    return fault
        return None


def new_id() -> str:
    return uuid.uuid4().hex[:16].upper()
