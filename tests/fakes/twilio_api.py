"""A local fake of Twilio's Messages endpoint, for driving the real `twilio` SDK.

A real HTTP/1.1 server on 127.0.0.1 (random port) in a background thread. It answers
POST /2010-04-01/Accounts/{AccountSid}/Messages.json the way Twilio does: Basic auth with
the account SID and auth token, a form with To, From or MessagingServiceSid, Body and
optionally StatusCallback, and a 201 JSON message resource (sid "SM" + 32 hex, status
"queued", num_segments...). Failures use Twilio's JSON error bodies
({"code", "message", "more_info", "status"}).

Every request is recorded (even ones it answers with an error or drops). Answers can be
scripted: `script(...)` queues replies for the next message requests, `for_number(...)`
answers every message to one number the same way, `default` applies when nothing else
does. A reply may be an error, a bare status with a plain-text body, a slow answer, an
answer that comes late after the message was already created, or a dropped connection.

GET .../Messages.json lists the messages created, with Twilio's filters (To, From,
DateSent, DateSent<, DateSent>; see twilio_listing.py), so `client.messages.list(to=...,
date_sent_after=...)` works; `list_reply` answers those requests instead (an error, a
drop). `clock` gives the fake's time (date_created, date_sent); `hand_off` False keeps
new messages queued at Twilio, without a date_sent.

    with FakeTwilio() as fake:
        fake.script(Reply.error(21211), Reply.rate_limited())
        client = Client(fake.account_sid, fake.auth_token)
        client.api.base_url = fake.base_url
"""
from __future__ import annotations

import base64
import json
import re
import secrets
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs

from tests.fakes.twilio_listing import BadFilter, page

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "fake-twilio-auth-token-00000000"
API = "2010-04-01"
_MESSAGES = re.compile(rf"^/{API}/Accounts/(?P<sid>[^/]+)/Messages\.json$")

ERROR_MESSAGES = {
    20003: "Authenticate",
    20404: "The requested resource was not found",
    20429: "Too Many Requests",
    21211: "The 'To' number {to} is not a valid phone number.",
    21602: "Message body is required.",
    21603: "A 'From' or 'MessagingServiceSid' parameter is required to send a message.",
    21604: "A 'To' phone number is required.",
    21610: "Attempt to send to unsubscribed recipient",
    21614: "'To' number is not a valid mobile number",
    20001: "Invalid parameter",
    30001: "Queue overflow",
}

_GSM7 = ("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
         "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
_GSM7_EXT = "^{}\\[~]|€\f"


def count_segments(body: str) -> int:
    """Twilio's count: GSM-7 160/153 (extension characters take two), else UCS-2 70/67."""
    if all(ch in _GSM7 or ch in _GSM7_EXT for ch in body):
        units, single, multi = len(body) + sum(ch in _GSM7_EXT for ch in body), 160, 153
    else:
        units, single, multi = len(body.encode("utf-16-le")) // 2, 70, 67
    return 1 if units <= single else (units + multi - 1) // multi


def error_body(code: int, status: int, message: str | None = None) -> dict:
    return {"code": code, "message": message or ERROR_MESSAGES.get(code, "Error"),
            "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status}


@dataclass(frozen=True)
class Reply:
    """How to answer one request. `body` None means: the created message resource."""

    status: int = 201
    body: dict | str | None = None
    delay: float = 0.0
    drop: bool = False
    linger: float = 0.0  # after creating the message, wait this long before answering
    headers: tuple[tuple[str, str], ...] = ()

    @classmethod
    def ok(cls, delay: float = 0.0) -> "Reply":
        return cls(delay=delay)

    @classmethod
    def error(cls, code: int, status: int = 400, message: str | None = None) -> "Reply":
        return cls(status, error_body(code, status, message))

    @classmethod
    def rate_limited(cls, retry_after: int = 1) -> "Reply":
        return cls(429, error_body(20429, 429), headers=(("Retry-After", str(retry_after)),))

    @classmethod
    def server_error(cls, status: int = 500) -> "Reply":
        """A bare 5xx with a plain-text body, as a load balancer in front answers."""
        return cls(status, f"{status} Server Error")

    @classmethod
    def slow(cls, seconds: float) -> "Reply":
        """Succeeds, but only after `seconds` (a client with a shorter timeout gives up)."""
        return cls(delay=seconds)

    @classmethod
    def answer_late(cls, seconds: float) -> "Reply":
        """Creates the message at once (Twilio has it and will send it), but answers only
        `seconds` later: a client that dies or gives up meanwhile never learns its sid."""
        return cls(linger=seconds)

    @classmethod
    def dropped(cls) -> "Reply":
        """Reads the request, then closes the connection without a word."""
        return cls(0, drop=True)


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    form: dict[str, list[str]]
    authorized: bool
    at: float  # time.monotonic() on arrival
    status: int = 0  # what it was answered (0: dropped or not answered yet)
    sid: str | None = None  # the message created, if any

    def get(self, name: str) -> str | None:
        values = self.form.get(name)
        return values[0] if values else None


@dataclass
class _State:
    account_sid: str
    auth_token: str
    requests: list[Recorded] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)
    queue: deque = field(default_factory=deque)
    per_number: dict[str, Reply] = field(default_factory=dict)
    default: Reply | None = None
    list_reply: Reply | None = None
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)
    hand_off: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK's requests session expects
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart
    wbufsize = -1  # ...written whole, flushed once per answer
    server_version = "FakeTwilio/1.0"
    state: _State  # set on the subclass each server makes

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._record_and_answer(b"")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._record_and_answer(self.rfile.read(length) if length else b"")

    def _record_and_answer(self, raw: bytes) -> None:
        state = self.state
        path, _, query = self.path.partition("?")
        form = parse_qs(raw.decode("utf-8") if raw else query, keep_blank_values=True)
        match = _MESSAGES.match(path)
        authorized = self._authorized() and bool(match) and match["sid"] == state.account_sid
        record = Recorded(self.command, self.path, dict(self.headers.items()), form, authorized,
                          time.monotonic())
        with state.lock:
            state.requests.append(record)
        if not self._authorized():
            return self._answer(record, Reply.error(20003, 401))
        if not match or self.command not in ("POST", "GET"):
            return self._answer(record, Reply.error(20404, 404))
        if match["sid"] != state.account_sid:
            return self._answer(record, Reply.error(20003, 401))
        if self.command == "GET":
            return self._answer(record, state.list_reply or self._listing(record))
        self._answer(record, self._choose(record))

    def _listing(self, record: Recorded) -> Reply:
        query = {name: values[0] for name, values in record.form.items()}
        try:
            with self.state.lock:
                return Reply(200, page(list(self.state.messages), query, record.path))
        except BadFilter as error:
            return Reply.error(20001, 400, str(error))

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except ValueError:
            return False
        return (user, password) == (self.state.account_sid, self.state.auth_token)

    def _choose(self, record: Recorded) -> Reply:
        state = self.state
        with state.lock:
            if record.get("To") in state.per_number:
                return state.per_number[record.get("To")]
            if state.queue:
                return state.queue.popleft()
            return state.default or Reply()

    def _answer(self, record: Recorded, reply: Reply) -> None:
        if reply.delay and self.state.stopping.wait(reply.delay):
            reply = Reply.dropped()
        if reply.drop:
            self.close_connection = True  # the handler returns: the socket closes, unanswered
            return
        status, body = reply.status, reply.body
        if isinstance(body, dict) and isinstance(body.get("message"), str):  # "{to}" as Twilio words it
            body = dict(body, message=body["message"].replace("{to}", record.get("To") or ""))
        if status == 201 and body is None:
            status, body = self._create(record)
            if reply.linger and self.state.stopping.wait(reply.linger):
                self.close_connection = True
                return
        data = (json.dumps(body) if isinstance(body, dict) else str(body)).encode("utf-8")
        record.status = status
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if isinstance(body, dict)
                             else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            self.close_connection = True

    def _create(self, record: Recorded) -> tuple[int, dict]:
        to, sender, service = record.get("To"), record.get("From"), record.get("MessagingServiceSid")
        body = record.get("Body")
        if not to:
            return 400, error_body(21604, 400)
        if not (sender or service):
            return 400, error_body(21603, 400)
        if body is None or body == "":
            return 400, error_body(21602, 400)
        sid = "SM" + secrets.token_hex(16)
        now = format_datetime(self.state.clock(), usegmt=True)
        account = self.state.account_sid
        message = {
            "account_sid": account, "api_version": API, "body": body,
            "date_created": now, "date_sent": None, "date_updated": now,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": sender, "messaging_service_sid": service, "num_media": "0",
            "num_segments": str(count_segments(body)), "price": None, "price_unit": "USD",
            "sid": sid, "status": "accepted" if service and not sender else "queued",
            "subresource_uris": {"media": f"/{API}/Accounts/{account}/Messages/{sid}/Media.json"},
            "to": to, "uri": f"/{API}/Accounts/{account}/Messages/{sid}.json",
        }
        record.sid = sid
        with self.state.lock:  # what later reads see: handed on to the carrier at once, or queued
            self.state.messages.append(dict(message, date_sent=now) if self.state.hand_off else message)
        return 201, message


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client killed mid-request
            super().handle_error(request, client_address)


class FakeTwilio:
    """The fake endpoint. Use as a context manager, or start() and stop()."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN):
        self.account_sid, self.auth_token = account_sid, auth_token
        self._state = _State(account_sid, auth_token)
        handler = type("Handler", (_Handler,), {"state": self._state})
        self._server = _Server(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "FakeTwilio":
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"fake-twilio-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> "FakeTwilio":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # scripting ------------------------------------------------------------

    def script(self, *replies: Reply) -> None:
        """Answer the next message requests with these, in order (then as usual)."""
        with self._state.lock:
            self._state.queue.extend(replies)

    def for_number(self, to: str, reply: Reply) -> None:
        """Answer every message to `to` with `reply`."""
        with self._state.lock:
            self._state.per_number[to] = reply

    @property
    def default(self) -> Reply | None:
        return self._state.default

    @default.setter
    def default(self, reply: Reply | None) -> None:
        self._state.default = reply

    @property
    def list_reply(self) -> Reply | None:
        return self._state.list_reply

    @list_reply.setter
    def list_reply(self, reply: Reply | None) -> None:
        self._state.list_reply = reply

    @property
    def clock(self) -> Callable[[], datetime]:
        return self._state.clock

    @clock.setter
    def clock(self, now: Callable[[], datetime]) -> None:
        self._state.clock = now

    @property
    def hand_off(self) -> bool:
        return self._state.hand_off

    @hand_off.setter
    def hand_off(self, value: bool) -> None:
        self._state.hand_off = value

    # what happened ---------------------------------------------------------

    @property
    def requests(self) -> list[Recorded]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def posts(self) -> list[Recorded]:
        """The requests to create a message (not the list requests)."""
        return [r for r in self.requests if r.method == "POST"]

    @property
    def messages(self) -> list[dict]:
        """The message resources created (what Twilio accepted for sending)."""
        with self._state.lock:
            return list(self._state.messages)
