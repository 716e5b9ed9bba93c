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
        'Upcoming appointments: Thursday, March 5 at 10:00 AM EST (appointment "2026-03-05T10:00:00-05:00").']


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



# one of several appointments: "appointment" (its start, or the caller's words) and cancel's "all" ------------------

THURSDAY, TUESDAY = START.replace(day=5, hour=13, minute=0), START.replace(day=10, hour=10, minute=0)
THURSDAY_ISO, TUESDAY_ISO = "2026-03-05T13:00:00-05:00", "2026-03-10T10:00:00-04:00"
THURSDAY_SAID, TUESDAY_SAID = "Thursday, March 5 at 1:00 PM EST", "Tuesday, March 10 at 10:00 AM EDT"
FRIDAY_11 = "2026-03-06T11:00:00-05:00"


@pytest.fixture
def two_held(bot):
    bot.book(CALLER, THURSDAY)  # at 1 PM: 'the tuesday one' must not read as Tuesday at one
    bot.book(CALLER, TUESDAY)
    return bot


def calls(client, flat, as_string):
    """Tool calls in one argument shape: nested or flat, arguments an object or a JSON string."""
    ids = iter(range(1, 100))

    def call(name: str, **arguments) -> str:
        sent = json.dumps(arguments) if as_string else arguments
        return results(client, vapi_call(f"c{next(ids)}", name, sent, flat))[0]
    return call


SHAPES = pytest.mark.parametrize("flat, as_string", [(False, False), (False, True), (True, False), (True, True)])


def test_list_appointments_names_each_one_by_the_value_the_tools_take(two_held, client):
    assert results(client, vapi_call("c1", "list_appointments", {})) == [
        f'Upcoming appointments: {THURSDAY_SAID} (appointment "{THURSDAY_ISO}"); '
        f'{TUESDAY_SAID} (appointment "{TUESDAY_ISO}").']


@pytest.mark.parametrize("tool, arguments", [("reschedule_appointment", {"start": FRIDAY_11}),
                                             ("cancel_appointment", {})])
@pytest.mark.parametrize("confirmed", [False, True])
def test_several_held_and_none_named_asks_which_listing_them(two_held, client, tool, arguments, confirmed):
    [result] = results(client, vapi_call("c1", tool, {**arguments, "confirmed": confirmed}))
    assert (f'Which appointment? Ask the caller which of these they mean: {THURSDAY_SAID} (appointment '
            f'"{THURSDAY_ISO}"); {TUESDAY_SAID} (appointment "{TUESDAY_ISO}"); then call {tool} again with that '
            "one's appointment value") in result
    assert "staff" not in result and ("all true" in result) == (tool == "cancel_appointment")
    assert two_held.bookings() == [THURSDAY, TUESDAY] and two_held.outbox() == []


@SHAPES
@pytest.mark.parametrize("named", [TUESDAY_ISO, "the tuesday one", "tuesday at 10am", "2026-03-10", "Tuesday"])
def test_reschedule_moves_the_one_named_after_the_question(two_held, client, flat, as_string, named):
    call = calls(client, flat, as_string)
    asked = call("reschedule_appointment", start="friday 11am", confirmed=False, appointment=named)
    assert asked.startswith(f"Not moved yet. Read back 'move the appointment on {TUESDAY_SAID} "
                            "to Friday, March 6 at 11:00 AM EST'")
    assert f'start "{FRIDAY_11}" and appointment "{TUESDAY_ISO}" and confirmed true' in asked
    assert two_held.bookings() == [THURSDAY, TUESDAY]
    done = call("reschedule_appointment", start=FRIDAY_11, confirmed=True, appointment=TUESDAY_ISO)
    assert done == "Moved: the appointment is now Friday, March 6 at 11:00 AM EST."
    assert two_held.bookings() == [THURSDAY, START.replace(day=6, hour=11, minute=0)]


@SHAPES
@pytest.mark.parametrize("named", [THURSDAY_ISO, "the thursday one", "my 1pm", "thursday at one"])
def test_cancel_cancels_the_one_named_after_the_question(two_held, client, flat, as_string, named):
    call = calls(client, flat, as_string)
    asked = call("cancel_appointment", confirmed=False, appointment=named)
    assert asked.startswith(f"Not cancelled yet. Read back 'cancel the appointment on {THURSDAY_SAID}'")
    assert f'appointment "{THURSDAY_ISO}" and confirmed true' in asked and two_held.bookings() == [THURSDAY, TUESDAY]
    assert call("cancel_appointment", confirmed=True, appointment=named) == f"Cancelled: {THURSDAY_SAID}."
    assert two_held.bookings() == [TUESDAY]


@SHAPES
def test_cancel_all_is_confirmed_like_everything_else(two_held, client, flat, as_string):
    call = calls(client, flat, as_string)
    unasked = call("cancel_appointment", confirmed=True, all=True)
    assert unasked.startswith("Nothing changed: the caller has not been asked to confirm this yet. Not cancelled yet. "
                              f"Read back 'cancel the appointments on {THURSDAY_SAID}; {TUESDAY_SAID}'")
    assert "all true and confirmed true" in unasked and two_held.bookings() == [THURSDAY, TUESDAY]
    assert call("cancel_appointment", confirmed=True, all=True) == f"Cancelled: {THURSDAY_SAID}; {TUESDAY_SAID}."
    assert two_held.bookings() == []


def test_a_yes_counts_only_for_the_appointment_the_question_was_about(two_held, client):
    call = calls(client, False, False)
    call("reschedule_appointment", start=FRIDAY_11, confirmed=False, appointment=TUESDAY_ISO)
    other = call("reschedule_appointment", start=FRIDAY_11, confirmed=True, appointment=THURSDAY_ISO)
    assert other.startswith("Nothing changed: the caller has not been asked to confirm this yet. Not moved yet. "
                            f"Read back 'move the appointment on {THURSDAY_SAID}")
    call("cancel_appointment", confirmed=False, appointment=TUESDAY_ISO)
    assert call("cancel_appointment", confirmed=True, all=True).startswith("Nothing changed")
    call("cancel_appointment", confirmed=False, all=True)
    assert call("cancel_appointment", confirmed=True, appointment=TUESDAY_ISO).startswith("Nothing changed")
    assert two_held.bookings() == [THURSDAY, TUESDAY] and two_held.outbox() == []


def test_a_yes_that_names_no_appointment_answers_the_question_open(two_held, client):
    """The question read back named the appointment; a confirmed call naming no other one is its yes."""
    call = calls(client, False, False)
    call("reschedule_appointment", start=FRIDAY_11, confirmed=False, appointment="the thursday one")
    assert call("reschedule_appointment", start=FRIDAY_11, confirmed=True).startswith("Moved")
    assert two_held.bookings() == [START.replace(day=6, hour=11, minute=0), TUESDAY]


@pytest.mark.parametrize("named, note, listed", [
    ("monday", 'No appointment of the caller\'s matches "monday".', [THURSDAY_ISO, TUESDAY_ISO]),
    ("at 5pm", 'No appointment of the caller\'s matches "at 5pm".', [THURSDAY_ISO, TUESDAY_ISO]),
    ("this month", 'Several appointments match "this month".', [THURSDAY_ISO, TUESDAY_ISO]),
])
def test_an_appointment_naming_none_or_several_asks_which(two_held, client, named, note, listed):
    [result] = results(client, vapi_call("c1", "cancel_appointment", {"confirmed": True, "appointment": named}))
    assert result.startswith(note + " Which appointment?")
    assert [iso for iso in (THURSDAY_ISO, TUESDAY_ISO) if iso in result] == listed
    assert two_held.bookings() == [THURSDAY, TUESDAY]


def test_with_one_appointment_held_naming_another_day_does_not_pick_it(bot, client):
    bot.book(CALLER, TUESDAY)
    [result] = results(client, vapi_call("c1", "cancel_appointment", {"confirmed": False, "appointment": "friday"}))
    assert result.startswith('No appointment of the caller\'s matches "friday". Which appointment?')
    assert TUESDAY_ISO in result and "Not cancelled yet" not in result


@pytest.mark.parametrize("arguments, error", [
    ({"appointment": 5}, 'Error: "appointment" is the start of one of the caller\'s appointments'),
    ({"appointment": "the blue one"}, 'Error: no day or time could be read in appointment "the blue one"'),
    ({"appointment": "2026-02-30"}, 'Error: no day or time could be read in appointment "2026-02-30"'),
    ({"appointment": TUESDAY_ISO, "all": True}, 'Error: give "appointment" (one of them) or "all": true'),
    ({"all": "maybe"}, 'Error: "all" must be true or false'),
])
def test_bad_appointment_arguments_are_clear_errors(two_held, client, arguments, error):
    [result] = results(client, vapi_call("c1", "cancel_appointment", {"confirmed": True, **arguments}))
    assert result.startswith(error)
    assert two_held.bookings() == [THURSDAY, TUESDAY]


@pytest.mark.parametrize("empty", ["", "  ", None])
def test_an_empty_appointment_is_as_if_not_given(bot, client, empty):
    bot.book(CALLER, TUESDAY)
    [result] = results(client, vapi_call("c1", "cancel_appointment", {"confirmed": False, "appointment": empty}))
    assert result.startswith(f"Not cancelled yet. Read back 'cancel the appointment on {TUESDAY_SAID}'")


def test_the_assistant_describes_the_optional_appointment_and_all_arguments(client):
    definition = post(client, {"message": {"type": "assistant-request"}}).get_json()["assistant"]
    tools = {t["function"]["name"]: t["function"]["parameters"] for t in definition["model"]["tools"]}
    assert tools["reschedule_appointment"]["required"] == ["start", "confirmed"]
    assert tools["cancel_appointment"]["required"] == ["confirmed"]
    assert set(tools["reschedule_appointment"]["properties"]) == {"start", "confirmed", "appointment"}
    assert set(tools["cancel_appointment"]["properties"]) == {"confirmed", "appointment", "all"}
    assert tools["cancel_appointment"]["properties"]["all"]["type"] == "boolean"
    prompt = definition["model"]["messages"][0]["content"]
    assert '"appointment"' in prompt and '"all": true' in prompt
