"""The Twilio sender: the real `twilio` SDK against a local fake of the Messages endpoint."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from smsbot.config import Settings
from smsbot.messaging.base import SendError
from smsbot.messaging.console import ConsoleSender
from smsbot.messaging.senders import sender_from_settings
from smsbot.messaging.twilio_sender import TwilioSender, is_loopback
from tests.fakes.twilio_api import FakeTwilio, Reply, count_segments

NOW = datetime(2026, 3, 4, 15, 15, tzinfo=timezone.utc)
FROM = "+15550009999"
TO = "+15551230001"
SERVICE = "MG" + "ab" * 16


@pytest.fixture(autouse=True)
def clean_twilio_env(monkeypatch):
    """Whatever the machine has set, these tests decide the SDK's environment."""
    for name in ("TWILIO_REGION", "TWILIO_EDGE", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
                 "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def sender_for(fake: FakeTwilio, **kwargs) -> TwilioSender:
    kwargs.setdefault("from_number", FROM)
    return TwilioSender(fake.account_sid, fake.auth_token, base_url=fake.base_url, **kwargs)


def send_error(sender: TwilioSender, to: str = TO, body: str = "hello") -> SendError:
    with pytest.raises(SendError) as caught:
        sender.send(to, body, NOW)
    return caught.value


def test_send_posts_the_form_with_basic_auth_and_returns_twilios_sid(fake_twilio):
    sent = sender_for(fake_twilio, status_callback="https://bot.example/twilio/status").send(
        TO, "Reminder: your appointment is tomorrow.", NOW)

    [request] = fake_twilio.requests
    assert request.method == "POST"
    assert request.path == f"/2010-04-01/Accounts/{fake_twilio.account_sid}/Messages.json"
    assert request.authorized
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert request.form == {"To": [TO], "From": [FROM], "Body": ["Reminder: your appointment is tomorrow."],
                            "StatusCallback": ["https://bot.example/twilio/status"]}
    assert request.status == 201
    assert re.fullmatch(r"SM[0-9a-f]{32}", sent.sid) and sent.sid == request.sid
    assert (sent.to, sent.body, sent.sent_at) == (TO, "Reminder: your appointment is tomorrow.", NOW)
    [message] = fake_twilio.messages
    assert message["status"] == "queued" and message["from"] == FROM and message["num_segments"] == "1"


def test_without_a_status_callback_none_is_sent(fake_twilio):
    sender_for(fake_twilio).send(TO, "hi", NOW)
    assert "StatusCallback" not in fake_twilio.requests[0].form


def test_a_messaging_service_replaces_the_from_number(fake_twilio):
    sender = sender_for(fake_twilio, from_number="", messaging_service_sid=SERVICE)
    sender.send(TO, "hi", NOW)
    form = fake_twilio.requests[0].form
    assert form["MessagingServiceSid"] == [SERVICE] and "From" not in form
    assert fake_twilio.messages[0]["status"] == "accepted"
    assert sender.name == f"twilio:{SERVICE}"


def test_a_sender_needs_a_from_number_or_a_messaging_service():
    with pytest.raises(ValueError, match="TWILIO_FROM_NUMBER"):
        TwilioSender("AC" + "0" * 32, "token")


def test_unicode_bodies_arrive_intact_and_are_counted_as_ucs2(fake_twilio):
    body = "Zoë says see you at 3 \U0001f44d " + "ł" * 60
    sender_for(fake_twilio).send(TO, body, NOW)
    assert fake_twilio.requests[0].get("Body") == body
    assert fake_twilio.messages[0]["num_segments"] == str(count_segments(body)) == "2"


def test_settings_choose_the_sender_and_the_callback_url(fake_twilio):
    assert isinstance(sender_from_settings(Settings()), ConsoleSender)
    half = Settings(twilio_account_sid=fake_twilio.account_sid, twilio_auth_token=fake_twilio.auth_token)
    assert isinstance(sender_from_settings(half), ConsoleSender)  # no From nor service: console
    settings = half.with_overrides(twilio_from_number=FROM, twilio_api_base_url=fake_twilio.base_url,
                                   public_base_url="https://bot.example")
    sender = sender_from_settings(settings)
    assert isinstance(sender, TwilioSender)
    sender.send(TO, "hi", NOW)
    assert fake_twilio.requests[0].get("StatusCallback") == "https://bot.example/twilio/status"


def test_region_edge_and_a_proxy_in_the_environment_do_not_redirect_it(fake_twilio, monkeypatch):
    # A "proxy" that would record anything sent its way: it must get nothing.
    with FakeTwilio() as proxy:
        monkeypatch.setenv("TWILIO_REGION", "au1")
        monkeypatch.setenv("TWILIO_EDGE", "sydney")
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.setenv(name, proxy.base_url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
        sender = sender_for(fake_twilio)
        assert sender.client.region is None and sender.client.edge is None
        sent = sender.send(TO, "hi", NOW)
        assert proxy.requests == []
    assert [r.sid for r in fake_twilio.requests] == [sent.sid]


def test_a_proxy_without_no_proxy_is_still_not_used_for_a_loopback_api(fake_twilio, monkeypatch):
    with FakeTwilio() as proxy:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.base_url)
        sender_for(fake_twilio).send(TO, "hi", NOW)
        assert proxy.requests == []
    assert len(fake_twilio.messages) == 1


def test_loopback_detection():
    assert is_loopback("http://127.0.0.1:8080") and is_loopback("http://localhost:1")
    assert is_loopback("http://[::1]:9") and is_loopback("http://127.5.0.1")
    assert not is_loopback("https://api.twilio.com") and not is_loopback("http://10.0.0.1")


@pytest.mark.parametrize("code", [21211, 21610, 21614])
def test_permanent_errors_carry_the_code_and_twilios_message(fake_twilio, code):
    fake_twilio.script(Reply.error(code))
    error = send_error(sender_for(fake_twilio))
    assert error.permanent and error.code == code and error.status == 400
    assert str(code) in error.reason and "twilio 400" in error.reason


def test_the_reason_says_what_twilio_said_with_the_number_masked(fake_twilio):
    fake_twilio.script(Reply.error(21211))
    reason = send_error(sender_for(fake_twilio)).reason
    assert reason == "twilio 400 21211: Unable to create record: The 'To' number +1******0001 " \
                     "is not a valid phone number."
    assert TO not in reason


def test_other_client_errors_are_permanent_too(fake_twilio):
    fake_twilio.script(Reply.error(21602))
    error = send_error(sender_for(fake_twilio))
    assert error.permanent and error.code == 21602


def test_a_wrong_auth_token_is_a_401_the_fake_refuses(fake_twilio):
    sender = TwilioSender(fake_twilio.account_sid, "not-the-token", from_number=FROM,
                          base_url=fake_twilio.base_url)
    error = send_error(sender)
    assert (error.status, error.code, error.permanent) == (401, 20003, True)
    assert fake_twilio.requests[0].authorized is False and fake_twilio.messages == []


def test_rate_limited_is_retryable(fake_twilio):
    fake_twilio.script(Reply.rate_limited())
    error = send_error(sender_for(fake_twilio))
    assert (error.status, error.code, error.permanent) == (429, 20429, False)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_with_plain_bodies_are_retryable(fake_twilio, status):
    fake_twilio.script(Reply.server_error(status))
    error = send_error(sender_for(fake_twilio))
    assert error.status == status and not error.permanent


def test_a_server_error_with_a_twilio_body_is_retryable(fake_twilio):
    fake_twilio.script(Reply.error(20500, status=500, message="Internal Server Error"))
    error = send_error(sender_for(fake_twilio))
    assert (error.status, error.code, error.permanent) == (500, 20500, False)


def test_a_dropped_connection_is_a_retryable_network_error(fake_twilio):
    fake_twilio.script(Reply.dropped())
    sender = sender_for(fake_twilio)
    error = send_error(sender)
    assert error.reason.startswith("network:") and not error.permanent and error.code is None
    assert sender.send(TO, "again", NOW).sid  # the next request goes through on a new connection


def test_a_slow_answer_times_out_as_a_retryable_network_error(fake_twilio):
    fake_twilio.script(Reply.slow(5.0))
    error = send_error(sender_for(fake_twilio, timeout=0.3))
    assert error.reason == "network: ReadTimeout" and not error.permanent


def test_an_unreachable_api_is_a_network_error():
    with FakeTwilio() as gone:
        url = gone.base_url
    sender = TwilioSender("AC" + "0" * 32, "token", from_number=FROM, base_url=url, timeout=2)
    error = send_error(sender)
    assert error.reason == "network: ConnectionError" and not error.permanent


def test_an_rfc9457_problem_answer_is_mapped_too(fake_twilio):
    problem = {"type": "https://www.twilio.com/docs/errors/21211", "title": "Invalid 'To' number",
               "status": 400, "code": 21211}
    fake_twilio.script(Reply(400, problem))
    error = send_error(sender_for(fake_twilio))
    assert (error.code, error.status, error.permanent) == (21211, 400, True)
    assert "Invalid 'To' number" in error.reason
