"""The fake Calendly's routes (tests/fakes/calendly.py holds its state)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from flask import request


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def _time(text: str | None) -> datetime | None:
    from tests.fakes.calendly import parse

    try:
        return parse(text) if text and text.endswith("Z") else None
    except ValueError:
        return None


def install(fake, app) -> None:
    from tests.fakes.calendly import new_id, problem, stamp

    def collection(items: list[dict]) -> dict:
        return {"collection": items, "pagination": {"count": len(items), "next_page": None,
                                                    "previous_page": None, "next_page_token": None,
                                                    "previous_page_token": None}}

    @app.get("/users/me")
    def users_me():
        return fake.serve("users.me", lambda _: {"resource": fake.user})

    @app.get("/event_types")
    def event_types():
        def answer(_):
            if request.args.get("user") != fake.user["uri"] and request.args.get("organization") != \
                    fake.user["current_organization"]:
                return problem(400, "Invalid Argument", "user or organization is required")
            return collection(list(fake.event_types.values()))
        return fake.serve("event_types.list", answer)

    @app.get("/event_types/<key>")
    def event_type(key):
        def answer(_):
            found = fake.event_types.get(key)
            return {"resource": found} if found else problem(404, "Resource Not Found", "no such event type")
        return fake.serve("event_types.get", answer)

    @app.get("/event_type_available_times")
    def available_times():
        def answer(_):
            kind = next((t for t in fake.event_types.values() if t["uri"] == request.args.get("event_type")), None)
            start, end = _time(request.args.get("start_time")), _time(request.args.get("end_time"))
            if kind is None or start is None or end is None or end <= start:
                return problem(400, "Invalid Argument", "event_type, start_time and end_time are required")
            if start < fake.clock():
                return problem(400, "Invalid Argument", "start_time must be in the future",
                               [{"parameter": "start_time", "message": "must be in the future"}])
            if end - start > fake.max_range:
                return problem(400, "Invalid Argument", "date range can be no greater than 1 week (7 days)",
                               [{"parameter": "end_time", "message": "date range too long"}])
            times = [{"status": "available", "invitees_remaining": 1, "start_time": stamp(at),
                      "scheduling_url": f"{kind['scheduling_url']}/{stamp(at)}"}
                     for at in fake.available(kind, start, end)]
            return {"collection": times}
        return fake.serve("available_times", answer)

    @app.post("/invitees")
    def create_invitee():
        def answer(body):
            kind = next((t for t in fake.event_types.values() if t["uri"] == body.get("event_type")), None)
            start, invitee = _time(body.get("start_time")), body.get("invitee") or {}
            missing = [name for name, ok in (("event_type", kind), ("start_time", start),
                                             ("invitee.email", EMAIL.fullmatch(str(invitee.get("email", "")))),
                                             ("invitee.timezone", invitee.get("timezone")),
                                             ("invitee.name", invitee.get("name") or invitee.get("first_name")))
                       if not ok]
            if missing:
                return problem(400, "Invalid Argument", "The supplied parameters are invalid.",
                               [{"parameter": name, "message": "is invalid"} for name in missing])
            if start not in fake.available(kind, start, start.replace(second=59)):
                return problem(400, "Invalid Argument", "The supplied parameters are invalid.",
                               [{"parameter": "start_time", "message": "The selected time is no longer available."}])
            return {"resource": fake.create_invitee(kind, start, invitee, body.get("tracking"))}, 201
        return fake.serve("invitees.create", answer)

    @app.get("/scheduled_events/<key>")
    def scheduled_event(key):
        def answer(_):
            found = fake.events.get(key)
            return {"resource": found} if found else problem(404, "Resource Not Found", "no such event")
        return fake.serve("events.get", answer)

    @app.post("/scheduled_events/<key>/cancellation")
    def cancel(key):
        def answer(body):
            event = fake.events.get(key)
            if event is None:
                return problem(404, "Resource Not Found", "The server could not find the requested resource.")
            if event["status"] == "canceled":
                return problem(403, "Permission Denied", "Event in the past or already canceled")
            return {"resource": fake.cancel_event(key, body.get("reason", ""))}, 201
        return fake.serve("events.cancel", answer)

    @app.get("/webhook_subscriptions")
    def list_subscriptions():
        def answer(_):
            if not request.args.get("organization") or request.args.get("scope") not in ("user", "organization"):
                return problem(400, "Invalid Argument", "organization and scope are required")
            return collection([{k: v for k, v in s.items() if k != "signing_key"} for s in fake.subscriptions])
        return fake.serve("webhooks.list", answer)

    @app.post("/webhook_subscriptions")
    def subscribe():
        def answer(body):
            events, scope = body.get("events") or [], body.get("scope")
            if not str(body.get("url", "")).startswith("https://") and not str(body.get("url", "")).startswith(
                    "http://127.0.0.1") or not events or scope not in ("user", "organization") \
                    or not body.get("organization") or (scope == "user" and not body.get("user")):
                return problem(400, "Invalid Argument", "The supplied parameters are invalid.")
            if any(s["callback_url"] == body["url"] for s in fake.subscriptions):
                return problem(409, "Already Exists", "Hook with this url already exists")
            now = stamp(datetime.now(timezone.utc))
            sub = {"uri": f"{fake.base}/webhook_subscriptions/{new_id()}", "callback_url": body["url"],
                   "created_at": now, "updated_at": now, "retry_started_at": None, "state": "active",
                   "events": events, "scope": scope, "organization": body["organization"],
                   "user": body.get("user"), "creator": fake.user["uri"],
                   "signing_key": body.get("signing_key") or new_id()}
            fake.subscriptions.append(sub)
            return {"resource": {k: v for k, v in sub.items() if k != "signing_key"}}, 201
        return fake.serve("webhooks.create", answer)
