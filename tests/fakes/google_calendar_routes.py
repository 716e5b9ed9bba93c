"""The HTTP routes of FakeGoogle (tests/fakes/google_calendar.py): Calendar v3 as the
real client library calls it, with Google's error shapes."""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, Response, request

from tests.fakes.google_calendar import (EVENT_ID, NOT_WITH_SYNC_TOKEN, error, in_window, merged, parse,
                                         stamp)

PAGE = 250
V3 = "/calendar/v3"


def install(fake, app: Flask) -> None:
    def calendar(cid):
        return fake.calendars.get(cid)

    @app.post(f"{V3}/freeBusy")
    def freebusy():
        def answer():
            body = request.get_json()
            start, end = parse(body["timeMin"]), parse(body["timeMax"])
            result = {}
            for item in body.get("items", []):
                events = calendar(item["id"])
                if events is None:
                    result[item["id"]] = {"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}
                    continue
                spans = [(max(parse(e["start"]["dateTime"]), start), min(parse(e["end"]["dateTime"]), end))
                         for e in events.values()
                         if e["status"] != "cancelled" and e.get("transparency") != "transparent"
                         and "dateTime" in e["start"] and in_window(e, start, end)]
                result[item["id"]] = {"busy": [{"start": stamp(s), "end": stamp(e)} for s, e in merged(spans)]}
            return {"kind": "calendar#freeBusy", "timeMin": body["timeMin"], "timeMax": body["timeMax"],
                    "calendars": result}
        return fake._serve("freebusy", answer)

    @app.post(f"{V3}/calendars/<cid>/events")
    def insert(cid):
        def answer():
            events, body = calendar(cid), request.get_json()
            if events is None:
                return error(404)
            eid = body.get("id") or secrets.token_hex(10)
            if not EVENT_ID.match(eid):
                return error(400, "Invalid resource id value.", "invalid")
            if eid in events:
                return error(409, "The requested identifier already exists.", "duplicate")
            if "dateTime" not in body.get("start", {}) or "dateTime" not in body.get("end", {}):
                return error(400, "Missing time.", "required")
            return fake._public(fake._store(cid, {**body, "id": eid}))
        return fake._serve("events.insert", answer)

    @app.route(f"{V3}/calendars/<cid>/events/<eid>", methods=["GET", "PATCH", "DELETE"])
    def one(cid, eid):
        def answer():
            events = calendar(cid)
            event = (events or {}).get(eid)
            if event is None:
                return error(404)
            if request.method == "GET":
                return fake._public(event)
            if request.method == "PATCH":
                return fake._public(fake._touch(event, request.get_json()))
            if event["status"] == "cancelled":
                return error(410, "Resource has been deleted", "deleted")
            fake._touch(event, {"status": "cancelled"})
            return Response(status=204)
        op = {"GET": "events.get", "PATCH": "events.patch", "DELETE": "events.delete"}[request.method]
        return fake._serve(op, answer)

    @app.get(f"{V3}/calendars/<cid>/events")
    def listing(cid):
        def answer():
            events, args = calendar(cid), request.args
            if events is None:
                return error(404)
            token, page = args.get("syncToken"), args.get("pageToken")
            if page:
                offset, as_of, since, incremental = (int(x) for x in page.split(":")[1:])
            else:
                offset, as_of, since, incremental = 0, fake.current, -1, 0
            if token and not page:
                if any(k in args for k in NOT_WITH_SYNC_TOKEN):
                    return error(400, "Sync token cannot be used with these parameters.", "invalid")
                t_cid, t_generation, t_version = token.rsplit(":", 2)
                if t_cid != f"sync:{cid}" or int(t_generation) != fake.generation.get(cid, 0):
                    return error(410, "Sync token is no longer valid, a full sync is required.",
                                 "fullSyncRequired")
                since, incremental = int(t_version), 1
            chosen = [e for e in events.values() if since < e["_v"] <= as_of]
            if not incremental:
                chosen = [e for e in chosen if keep(e, args)]
            chosen.sort(key=lambda e: (e["_v"], e["id"]))
            size = min(int(args.get("maxResults", PAGE)), 2500)
            items = chosen[offset:offset + size]
            out = {"kind": "calendar#events", "updated": stamp(fake.clock()), "items": [fake._public(e) for e in items]}
            if offset + size < len(chosen):
                out["nextPageToken"] = f"p:{offset + size}:{as_of}:{since}:{incremental}"
            elif not any(k in args for k in NOT_WITH_SYNC_TOKEN):
                out["nextSyncToken"] = f"sync:{cid}:{fake.generation.get(cid, 0)}:{as_of}"
            return out
        return fake._serve("events.list", answer)

    def keep(event: dict, args) -> bool:
        if event["status"] == "cancelled" and args.get("showDeleted") != "true":
            return False
        private = (event.get("extendedProperties") or {}).get("private") or {}
        for wanted in args.getlist("privateExtendedProperty"):
            key, _, value = wanted.partition("=")
            if private.get(key) != value:
                return False
        if "updatedMin" in args and parse(event["updated"]) < parse(args["updatedMin"]):
            return False
        if "timeMin" in args and parse(event["end"]["dateTime"]) <= parse(args["timeMin"]):
            return False
        if "timeMax" in args and parse(event["start"]["dateTime"]) >= parse(args["timeMax"]):
            return False
        return True

    @app.post(f"{V3}/calendars/<cid>/events/watch")
    def watch(cid):
        def answer():
            body = request.get_json()
            if calendar(cid) is None:
                return error(404)
            if body.get("type") != "web_hook" or not body.get("address") or body.get("id") in fake.channels:
                return error(400, "bad channel", "invalid")
            ttl = int((body.get("params") or {}).get("ttl", 604800))
            expires = fake.clock() + timedelta(seconds=ttl)
            channel = {"id": body["id"], "calendar": cid, "address": body["address"], "token": body.get("token", ""),
                       "resourceId": "res-" + secrets.token_hex(6), "expiration": expires, "stopped": False,
                       "messages": 0}
            fake.channels[body["id"]] = channel
            return {"kind": "api#channel", "id": channel["id"], "resourceId": channel["resourceId"],
                    "resourceUri": f"{fake.api_endpoint}calendars/{cid}/events", "token": channel["token"],
                    "expiration": str(int(expires.timestamp() * 1000))}
        return fake._serve("events.watch", answer)

    @app.post(f"{V3}/channels/stop")
    def stop():
        def answer():
            body = request.get_json()
            channel = fake.channels.get(body.get("id"))
            if channel is None or channel["resourceId"] != body.get("resourceId"):
                return error(404)
            channel["stopped"] = True
            return Response(status=204)
        return fake._serve("channels.stop", answer)

    @app.post("/token")
    def token():
        return fake._serve("token", fake.token, authenticated=False)

    @app.get("/o/oauth2/auth")
    def consent():
        return fake._serve("consent", fake.consent, authenticated=False)

