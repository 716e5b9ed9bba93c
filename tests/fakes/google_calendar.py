"""A local fake of the Google endpoints smsbot uses, served over real HTTP on 127.0.0.1:

- Calendar API v3 (under /calendar/v3/): events insert/get/patch/delete/list (syncToken,
  pageToken, privateExtendedProperty, showDeleted, updatedMin, timeMin/timeMax), freeBusy
  (merged busy blocks, per-calendar notFound errors), events.watch and channels.stop;
  every call needs `Authorization: Bearer <a token this fake issued>`.
- OAuth 2.0: /token (service-account JWT grant verified against the registered public key,
  authorization_code with PKCE S256, refresh_token) and /o/oauth2/auth (consents at once).
- Faults: fail(op, status, times, after=True to apply the change and still fail), slow(op,
  seconds), expire_access_tokens(), expire_sync_tokens(calendar).
- Staff: add/move/delete events "in the Google UI", then push() to the watch channels.
"""
from __future__ import annotations

import base64
import hashlib
import itertools
import json
import logging
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode

import requests
from flask import Flask, Response, redirect, request
from google.auth import jwt as google_jwt
from werkzeug.serving import make_server

GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
EVENT_ID = re.compile(r"^[a-v0-9]{5,1024}$")
NOT_WITH_SYNC_TOKEN = ("privateExtendedProperty", "sharedExtendedProperty", "timeMin", "timeMax",
                       "updatedMin", "orderBy", "q", "iCalUID")
REASONS = {400: "invalid", 401: "authError", 403: "rateLimitExceeded", 404: "notFound", 409: "duplicate",
           410: "fullSyncRequired", 429: "rateLimitExceeded", 500: "backendError", 503: "backendError"}


def stamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{moment.microsecond // 1000:03d}Z"


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def error(status: int, message: str = "", reason: str = "") -> Response:
    reason = reason or REASONS.get(status, "error")
    body = {"error": {"code": status, "message": message or reason,
                      "errors": [{"domain": "global", "reason": reason, "message": message or reason}]}}
    return Response(json.dumps(body), status=status, mimetype="application/json")


def merge(into: dict, patch: dict) -> None:
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict) and key not in ("start", "end"):
            merge(into[key], value)
        else:
            into[key] = value


@dataclass
class Fault:
    op: str
    status: int | None = None
    reason: str = ""
    delay: float = 0.0
    times: int = 1
    after: bool = False


class FakeGoogle:
    def __init__(self, port: int = 0):
        self.lock = threading.RLock()
        self.clock = lambda: datetime.now(timezone.utc)
        self.calendars: dict[str, dict[str, dict]] = {}
        self.version = itertools.count(1)
        self.current = 0
        self.generation: dict[str, int] = {}  # bumped to make every sync token stale
        self.faults: list[Fault] = []
        self.calls: list[dict] = []
        self.access_tokens: set[str] = set()
        self.service_accounts: dict[str, str] = {}  # client_email -> public key PEM
        self.subjects: list[str | None] = []  # `sub` of each service-account grant
        self.clients: dict[str, str] = {}  # OAuth client id -> secret
        self.codes: dict[str, dict] = {}
        self.refresh_tokens: dict[str, str] = {}
        self.auth_requests: list[dict] = []
        self.token_grants: list[str] = []
        self.channels: dict[str, dict] = {}
        self.in_flight = 0
        self.app = self._make_app()
        self.server = make_server("127.0.0.1", port, self.app, threaded=True)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        self.api_endpoint, self.token_uri = self.base + "/calendar/v3/", self.base + "/token"
        self.auth_uri = self.base + "/o/oauth2/auth"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # test-side controls ---------------------------------------------------------------

    def add_calendar(self, cid: str) -> None:
        with self.lock:
            self.calendars.setdefault(cid, {})

    def fail(self, op: str, status: int, times: int = 1, reason: str = "", after: bool = False) -> None:
        self.faults.append(Fault(op, status, reason, 0.0, times, after))

    def slow(self, op: str, seconds: float, times: int = 1, after: bool = False) -> None:
        """Answer late: before doing the work, or (after=True) having done it."""
        self.faults.append(Fault(op, None, "", seconds, times, after))

    def wait_idle(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.02)

    def expire_access_tokens(self) -> None:
        self.access_tokens.clear()

    def expire_sync_tokens(self, cid: str) -> None:
        self.generation[cid] = self.generation.get(cid, 0) + 1

    def register_service_account(self, email: str, public_pem: str) -> None:
        self.service_accounts[email] = public_pem

    def register_client(self, client_id: str, secret: str) -> None:
        self.clients[client_id] = secret

    def events(self, cid: str, include_cancelled: bool = False) -> list[dict]:
        with self.lock:
            return [dict(e) for e in self.calendars[cid].values()
                    if include_cancelled or e["status"] != "cancelled"]

    def count(self, op: str) -> int:
        return sum(1 for c in self.calls if c["op"] == op)

    def staff_add(self, cid: str, start: datetime, end: datetime, summary: str = "Staff busy",
                  transparency: str = "opaque") -> str:
        eid = secrets.token_hex(8)
        with self.lock:
            self._store(cid, {"id": eid, "summary": summary, "transparency": transparency,
                              "start": {"dateTime": stamp(start)}, "end": {"dateTime": stamp(end)}})
        return eid

    def staff_move(self, cid: str, eid: str, start: datetime, end: datetime) -> None:
        with self.lock:
            self._touch(self.calendars[cid][eid], {"start": {"dateTime": stamp(start)},
                                                   "end": {"dateTime": stamp(end)}})

    def staff_delete(self, cid: str, eid: str) -> None:
        with self.lock:
            self._touch(self.calendars[cid][eid], {"status": "cancelled"})

    def push(self, cid: str, state: str = "exists") -> list[int]:
        """Tell every live channel on the calendar, as Google does after a change."""
        answers = []
        for channel in [c for c in self.channels.values() if c["calendar"] == cid and not c["stopped"]]:
            channel["messages"] += 1
            headers = {"X-Goog-Channel-ID": channel["id"], "X-Goog-Channel-Token": channel["token"],
                       "X-Goog-Resource-ID": channel["resourceId"], "X-Goog-Resource-State": state,
                       "X-Goog-Message-Number": str(channel["messages"]),
                       "X-Goog-Resource-URI": f"{self.api_endpoint}calendars/{cid}/events"}
            answers.append(requests.post(channel["address"], headers=headers, timeout=30).status_code)
        return answers

    # storage ----------------------------------------------------------------------------

    def _bump(self) -> int:
        self.current = next(self.version)
        return self.current

    def _store(self, cid: str, body: dict) -> dict:
        now = stamp(self.clock())
        event = {"kind": "calendar#event", "status": "confirmed", "created": now, "sequence": 0,
                 "iCalUID": f"{body['id']}@google.com", **body}
        event.update(updated=now, etag=f'"{self._bump()}"', _v=self.current)
        self.calendars[cid][body["id"]] = event
        return event

    def _touch(self, event: dict, patch: dict) -> dict:
        merge(event, patch)
        event.update(updated=stamp(self.clock()), etag=f'"{self._bump()}"', _v=self.current)
        event["sequence"] += 1
        return event

    @staticmethod
    def _public(event: dict) -> dict:
        return {k: v for k, v in event.items() if not k.startswith("_")}

    # HTTP -------------------------------------------------------------------------------

    def _fault(self, op: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times > 0 and fault.op in (op, "*"):
                    fault.times -= 1
                    return fault
        return None

    def _serve(self, op: str, handler, authenticated: bool = True):
        body = request.get_json(silent=True) if request.data else None
        self.calls.append({"op": op, "args": request.args.to_dict(flat=False), "json": body,
                           "auth": request.headers.get("Authorization", "")})
        if authenticated:
            token = request.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.access_tokens:
                return error(401, "Invalid Credentials")
        fault = self._fault(op)
        with self.lock:
            self.in_flight += 1
        try:
            if fault and fault.delay and not fault.after:
                time.sleep(fault.delay)
            if fault and fault.status and not fault.after:
                return error(fault.status, reason=fault.reason)
            with self.lock:
                answer = handler()
            if fault and fault.delay and fault.after:
                time.sleep(fault.delay)
            if fault and fault.status:
                return error(fault.status, reason=fault.reason)
            return answer
        finally:
            with self.lock:
                self.in_flight -= 1

    def _make_app(self) -> Flask:
        app = Flask("fake-google")
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        from tests.fakes import google_calendar_routes

        google_calendar_routes.install(self, app)
        return app

    def issue_access_token(self) -> str:
        token = "ya29.fake-" + secrets.token_urlsafe(12)
        self.access_tokens.add(token)
        return token

    def consent(self):
        """The Google consent screen, agreeing at once: back to redirect_uri with a code."""
        args = request.args.to_dict()
        self.auth_requests.append(args)
        if args.get("client_id") not in self.clients or args.get("response_type") != "code":
            return error(400, "bad authorization request")
        code = secrets.token_urlsafe(16)
        self.codes[code] = args
        query = urlencode({"code": code, "state": args.get("state", ""), "scope": args.get("scope", "")})
        return redirect(f"{args['redirect_uri']}?{query}")

    def token(self):
        form = request.form.to_dict()
        if request.authorization and request.authorization.username:  # client_secret_basic
            form.update(client_id=request.authorization.username, client_secret=request.authorization.password)
        self.token_grants.append(form.get("grant_type"))
        grant = form.get("grant_type")
        if grant == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            claims = google_jwt.decode(form["assertion"], verify=False)
            key = self.service_accounts.get(claims.get("iss"))
            try:
                # google-auth always signs for Google's own token endpoint, as Google expects
                google_jwt.decode(form["assertion"], certs=key, audience=GOOGLE_TOKEN_AUDIENCE)
            except Exception as bad:  # noqa: BLE001
                return {"error": "invalid_grant", "error_description": str(bad)}, 400
            self.subjects.append(claims.get("sub"))
        elif grant == "authorization_code":
            asked = self.codes.pop(form.get("code", ""), None)
            verifier = form.get("code_verifier", "")
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if (asked is None or self.clients.get(form.get("client_id")) != form.get("client_secret")
                    or asked.get("code_challenge") != challenge or asked["redirect_uri"] != form.get("redirect_uri")):
                return {"error": "invalid_grant", "error_description": "bad code, verifier or client"}, 400
            refresh = "1//fake-refresh-" + secrets.token_urlsafe(12)
            self.refresh_tokens[refresh] = form["client_id"]
            return {"access_token": self.issue_access_token(), "expires_in": 3599, "token_type": "Bearer",
                    "refresh_token": refresh, "scope": asked.get("scope", "")}
        elif grant == "refresh_token":
            if self.refresh_tokens.get(form.get("refresh_token")) != form.get("client_id") or \
                    self.clients.get(form.get("client_id")) != form.get("client_secret"):
                return {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}, 400
        else:
            return {"error": "unsupported_grant_type"}, 400
        return {"access_token": self.issue_access_token(), "expires_in": 3599, "token_type": "Bearer"}


def in_window(event: dict, start: datetime, end: datetime) -> bool:
    return parse(event["start"]["dateTime"]) < end and parse(event["end"]["dateTime"]) > start


def merged(spans: list[tuple[datetime, datetime]]) -> list[tuple[datetime, datetime]]:
    out: list[list[datetime]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]
