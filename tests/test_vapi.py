"""POST /vapi/tools: Vapi's tool calls (arguments as an object or a JSON string), its other
messages, authentication; `smsbot vapi assistant [--create]` against a local fake Vapi API."""
from __future__ import annotations

import json
import logging
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from smsbot.channels.vapi_auth import signature_of
from smsbot.store.models import Conversation, InboundMessage, OutboxMessage
from tests.bots import START, build_bot
from tests.cli_runner import smsbot
from tests.support import TOKEN

SECRET = "vapi-test-secret"
PRODUCTION = {"environment": "production", "twilio_auth_token": TOKEN, "public_base_url": "https://bot.example.com"}
CALLER = "+15551230001"


@pytest.fixture
def bot():
    bot = build_bot(**PRODUCTION, vapi_secret=SECRET)
    yield bot
    bot.db.dispose()


@pytest.fixture
def client(bot):
    return bot.app().test_client()


def tool_calls(*calls, number=CALLER) -> dict:
    customer = {} if number is None else {"number": number}
    return {"message": {"type": "tool-calls", "call": {"id": "call-1", "customer": customer},
                        "toolCallList": list(calls)}}


def vapi_call(call_id: str, name: str, arguments, flat: bool = False) -> dict:
    if flat:
        return {"id": call_id, "name": name, "arguments": arguments}
    return {"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}


def post(client, payload, headers=None):
    return client.post("/vapi/tools", json=payload, headers={"X-Vapi-Secret": SECRET} if headers is None else headers)


def results(client, *calls, number=CALLER) -> list[str]:
    response = post(client, tool_calls(*calls, number=number))
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["result"] for item in response.get_json()["results"]]


BOOK = {"start": "2026-03-05T15:00:00-05:00"}


@pytest.mark.parametrize("as_string", [False, True])
@pytest.mark.parametrize("flat", [False, True])
def test_booking_takes_a_question_then_confirmed_true_in_either_argument_shape(bot, client, as_string, flat):
    def args(**extra):
        value = {**BOOK, **extra}
        return json.dumps(value) if as_string else value

    first = results(client, vapi_call("c1", "book_appointment", args(confirmed=False), flat))[0]
    assert first.startswith("Not booked yet: Thursday, March 5 at 3:00 PM EST is free.") and "\n" not in first
    assert bot.bookings() == []
    response = post(client, tool_calls(vapi_call("c2", "book_appointment", args(confirmed=True), flat)))
    assert response.get_json() == {"results": [{"toolCallId": "c2", "name": "book_appointment",
                                                "result": "Booked: Thursday, March 5 at 3:00 PM EST."}]}
    assert [b.hour for b in bot.bookings()] == [15]


def test_confirmed_true_without_a_question_open_changes_nothing(bot, client):
    result = results(client, vapi_call("c1", "book_appointment", {**BOOK, "confirmed": True}))[0]
    assert result.startswith("Nothing changed: the caller has not been asked to confirm this yet.")
    assert bot.bookings() == [] and bot.outbox() == []


def test_a_retried_tool_call_gets_the_same_result_and_no_second_effect(bot, client):
    results(client, vapi_call("c1", "book_appointment", {**BOOK, "confirmed": False}))
    once = results(client, vapi_call("c2", "book_appointment", {**BOOK, "confirmed": True}))
    again = results(client, vapi_call("c2", "book_appointment", {**BOOK, "confirmed": True}))
    assert once == again == ["Booked: Thursday, March 5 at 3:00 PM EST."]
    assert len(bot.booked()) == 1
    assert [m.kind for m in bot.rows(OutboxMessage) if m.to == CALLER].count("confirmation") == 1


def test_the_confirmation_expires_as_on_sms(bot, client):
    results(client, vapi_call("c1", "book_appointment", {**BOOK, "confirmed": False}))
    bot.clock.advance(bot.settings.confirm_timeout + timedelta(minutes=1))
    app_bot_clock = client.application.extensions["smsbot"].clock
    assert app_bot_clock is bot.clock
    result = results(client, vapi_call("c2", "book_appointment", {**BOOK, "confirmed": True}))[0]
    assert result.startswith("The earlier question expired, so nothing was changed. Not booked yet")
    assert bot.bookings() == []


def test_several_calls_in_one_message_are_answered_in_order(client):
    answers = results(client, vapi_call("a", "list_appointments", {}),
                      vapi_call("b", "check_availability", '{"when": "thursday 3pm"}'))
    assert answers[0] == "The caller has no upcoming appointment."
    assert answers[1].startswith("Not booked yet: Thursday, March 5 at 3:00 PM EST is free.")


@pytest.mark.parametrize("number", [None, "not a number", "12"])
def test_a_missing_or_invalid_caller_number_is_a_clear_tool_error(bot, client, number):
    assert results(client, vapi_call("c1", "list_appointments", {}), number=number) == [
        "Error: the caller's phone number is missing or invalid, so nothing can be looked up or booked."]


def test_the_caller_number_is_normalised_to_e164(bot, client):
    bot.book(CALLER, START.replace(day=5, hour=10, minute=0))
    assert results(client, vapi_call("c1", "list_appointments", {}), number="+1 (555) 123-0001") == [
        "Upcoming appointments: Thursday, March 5 at 10:00 AM EST."]


@pytest.mark.parametrize("arguments", ["{not json", "[1, 2]", 42])
def test_arguments_that_are_not_an_object_get_an_error_result(client, arguments):
    [result] = results(client, vapi_call("c1", "book_appointment", arguments))
    assert result == "Error: a tool call needs a name and arguments as a JSON object."


@pytest.mark.parametrize("kind", ["status-update", "end-of-call-report", "transcript", "hang", None])
def test_other_messages_get_200_and_are_logged(client, kind, caplog):
    caplog.set_level(logging.INFO, "smsbot.channels.vapi")
    response = post(client, {"message": {"type": kind, "status": "ended"}})
    assert response.status_code == 200 and response.get_json() == {}
    assert f"vapi {kind or 'untyped'} message" in caplog.text


def test_assistant_request_is_answered_with_the_assistant(client):
    response = post(client, {"message": {"type": "assistant-request", "call": {}}})
    definition = response.get_json()["assistant"]
    assert definition["server"]["url"] == "https://bot.example.com/vapi/tools"
    assert "secret" not in definition["server"]
    assert [t["function"]["name"] for t in definition["model"]["tools"]] == [
        "check_availability", "book_appointment", "reschedule_appointment", "cancel_appointment", "list_appointments"]


@pytest.mark.parametrize("body", [b"not json", b"[]", b'{"message": "hi"}', b'{"message": {"type": "tool-calls"}}',
                                  b'{"message": {"type": "tool-calls", "toolCallList": [{"name": "x"}]}}',
                                  b'{"message": {"type": "x\\u0000"}}', b"\xff\xfe"])
def test_malformed_bodies_are_400(client, body):
    response = client.post("/vapi/tools", data=body, content_type="application/json", headers={"X-Vapi-Secret": SECRET})
    assert response.status_code == 400


@pytest.mark.parametrize("headers", [{}, {"X-Vapi-Secret": "wrong"}, {"X-Vapi-Secret": SECRET + "x"}])
def test_a_missing_or_wrong_secret_is_401_and_does_nothing(bot, client, headers):
    payload = tool_calls(vapi_call("c1", "check_availability", {"when": "thursday 3pm"}))
    assert post(client, payload, headers=headers).status_code == 401
    assert bot.rows(Conversation) == [] and bot.rows(InboundMessage) == [] and bot.rows(OutboxMessage) == []


class TestHmac:
    HMAC = "vapi-hmac-secret"

    @pytest.fixture
    def client(self):
        bot = build_bot(**PRODUCTION, vapi_hmac_secret=self.HMAC, vapi_signature_header="X-Sig",
                        vapi_timestamp_header="x-when")
        yield bot.app().test_client()
        bot.db.dispose()

    def signed(self, client, payload, *, at=None, secret=None, tamper=False):
        body = json.dumps(payload).encode()
        stamp = str(int((at or START).timestamp()))
        signature = signature_of(secret or self.HMAC, stamp, body)
        sent = body.replace(b"thursday", b"friday") if tamper else body
        return client.post("/vapi/tools", data=sent, content_type="application/json",
                           headers={"X-Sig": signature, "X-When": stamp})

    PAYLOAD = tool_calls(vapi_call("c1", "check_availability", {"when": "thursday 3pm"}))

    def test_a_good_signature_is_accepted(self, client):
        assert self.signed(client, self.PAYLOAD).status_code == 200
        assert self.signed(client, self.PAYLOAD, at=START - timedelta(minutes=4)).status_code == 200

    @pytest.mark.parametrize("how", ["old", "future", "secret", "tamper"])
    def test_a_stale_wrong_or_tampered_signature_is_401(self, client, how):
        kwargs = {"old": {"at": START - timedelta(minutes=6)}, "future": {"at": START + timedelta(minutes=6)},
                  "secret": {"secret": "another"}, "tamper": {"tamper": True}}[how]
        assert self.signed(client, self.PAYLOAD, **kwargs).status_code == 401

    def test_the_static_secret_is_not_enough_when_hmac_is_set(self, client):
        assert post(client, self.PAYLOAD, headers={"X-Vapi-Secret": self.HMAC}).status_code == 401


def test_outside_development_the_route_is_off_without_a_secret():
    bot = build_bot(**PRODUCTION)
    assert bot.app().test_client().post("/vapi/tools", json={"message": {}}).status_code == 404


def test_in_development_the_route_runs_without_a_secret():
    bot = build_bot()
    assert post(bot.app().test_client(), {"message": {"type": "status-update"}}, headers={}).status_code == 200


# smsbot vapi assistant ---------------------------------------------------------------------

class FakeVapi(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeVapi.received.append((self.path, self.headers["Authorization"], body))
        good = self.headers["Authorization"] == "Bearer vapi-key"
        answer = json.dumps({"id": "asst_123"} if good else {"message": "Invalid Key"}).encode()
        self.send_response(201 if good else 401)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_vapi(loopback_direct):
    FakeVapi.received = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeVapi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_the_assistant_is_printed_without_its_secret():
    result = smsbot("vapi", "assistant", env={"BUSINESS_NAME": "Bright Smiles", "VAPI_SECRET": SECRET,
                                              "PUBLIC_BASE_URL": "https://bot.example.com"})
    assert result.returncode == 0, result.stderr
    definition = json.loads(result.stdout)
    assert "Bright Smiles" in definition["model"]["messages"][0]["content"]
    assert definition["server"]["url"] == "https://bot.example.com/vapi/tools" and SECRET not in result.stdout
    book = next(t for t in definition["model"]["tools"] if t["function"]["name"] == "book_appointment")
    assert book["function"]["parameters"]["required"] == ["start", "confirmed"]


def test_create_posts_the_assistant_with_the_key_and_secret(fake_vapi):
    env = {"VAPI_API_BASE": fake_vapi, "VAPI_API_KEY": "vapi-key", "VAPI_SECRET": SECRET,
           "PUBLIC_BASE_URL": "https://bot.example.com"}
    result = smsbot("vapi", "assistant", "--create", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "created assistant asst_123"
    [(path, authorization, body)] = FakeVapi.received
    assert path == "/assistant" and authorization == "Bearer vapi-key"
    assert body["server"]["secret"] == SECRET and "vapi-key" not in result.stdout + result.stderr


def test_create_says_why_vapi_refused(fake_vapi):
    result = smsbot("vapi", "assistant", "--create", env={"VAPI_API_BASE": fake_vapi, "VAPI_API_KEY": "wrong",
                                                          "PUBLIC_BASE_URL": "https://bot.example.com"})
    assert result.returncode == 1 and "HTTP 401" in result.stderr and "Traceback" not in result.stderr


def test_create_without_a_key_says_so():
    result = smsbot("vapi", "assistant", "--create")
    assert result.returncode == 1 and "VAPI_API_KEY is not set" in result.stderr


def test_create_against_nothing_listening_says_so(loopback_direct):
    result = smsbot("vapi", "assistant", "--create", env={"VAPI_API_BASE": "http://127.0.0.1:9", "VAPI_API_KEY": "k",
                                                          "PUBLIC_BASE_URL": "https://bot.example.com"})
    assert result.returncode == 1 and "Vapi did not answer" in result.stderr


def test_create_without_a_public_url_says_so(fake_vapi):
    result = smsbot("vapi", "assistant", "--create", env={"VAPI_API_BASE": fake_vapi, "VAPI_API_KEY": "vapi-key"})
    assert result.returncode == 1 and "PUBLIC_BASE_URL is not set" in result.stderr and FakeVapi.received == []


def test_the_name_given_with_a_booking_is_remembered_for_the_number(bot, client):
    from smsbot.store import customers

    results(client, vapi_call("c1", "book_appointment", {**BOOK, "confirmed": False, "name": "jane smith"}))
    with bot.db.transaction() as session:
        assert customers.name_of(session, CALLER) is None  # nothing booked yet, nothing kept
    results(client, vapi_call("c2", "book_appointment", {**BOOK, "confirmed": True, "name": "jane smith"}))
    with bot.db.transaction() as session:
        assert customers.name_of(session, CALLER) == "Jane Smith"
