"""POST /twilio/sms: signatures, bad input, retries."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from smsbot.config import SettingsError
from smsbot.store import staff as staff_store
from smsbot.store.models import Appointment, AuditEntry, Conversation, InboundMessage
from tests.support import TOKEN, WEBHOOK, app_on, count, inbound, make_app, post_signed, sign


PRODUCTION = {"environment": "production", "twilio_auth_token": TOKEN, "public_base_url": "http://localhost"}


@pytest.fixture
def app():
    return make_app(**PRODUCTION)


@pytest.fixture
def client(app):
    return app.test_client()


def test_signed_message_gets_twiml_reply(client):
    response = post_signed(client, inbound("BOOK"))
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    body = response.get_data(as_text=True)
    assert body.startswith("<?xml") and "<Response><Message>" in body
    assert "What day and time" in body


@pytest.mark.parametrize("headers", [{}, {"X-Twilio-Signature": "bm90LWEtc2lnbmF0dXJl"}])
def test_missing_or_wrong_signature_is_403_and_stores_nothing(app, client, headers):
    response = client.post("/twilio/sms", data=inbound("BOOK"), headers=headers)
    assert response.status_code == 403
    assert count(app, InboundMessage) == 0 and count(app, Conversation) == 0


def test_signature_over_other_params_is_rejected(app, client):
    form = inbound("BOOK")
    signature = sign(WEBHOOK, {**form, "Body": "something else"})
    response = client.post("/twilio/sms", data=form, headers={"X-Twilio-Signature": signature})
    assert response.status_code == 403


def test_signature_with_wrong_token_is_rejected(client):
    response = post_signed(client, inbound("BOOK"), token="another-token")
    assert response.status_code == 403


def test_forwarded_headers_ignored_without_trusted_proxies():
    client = make_app(twilio_auth_token=TOKEN).test_client()  # the URL comes from the Host header
    public = "https://bot.example.com/twilio/sms"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example.com"}
    assert post_signed(client, inbound("BOOK"), url=public, headers=headers).status_code == 403


def test_forwarded_headers_honoured_from_a_trusted_proxy():
    client = make_app(twilio_auth_token=TOKEN, trusted_proxies=1).test_client()
    public = "https://bot.example.com/twilio/sms"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "bot.example.com"}
    assert post_signed(client, inbound("BOOK"), url=public, headers=headers).status_code == 200


def test_public_base_url_setting_is_the_signed_url():
    client = make_app(twilio_auth_token=TOKEN, public_base_url="https://bot.example.com").test_client()
    public = "https://bot.example.com/twilio/sms"
    assert post_signed(client, inbound("BOOK"), url=public).status_code == 200
    assert post_signed(client, inbound("BOOK", sid="SM" + "9" * 32)).status_code == 403


def test_query_string_is_part_of_the_signed_url(client):
    form = inbound("BOOK")
    url = WEBHOOK + "?tenant=clinic"
    response = client.post("/twilio/sms?tenant=clinic", data=form,
                           headers={"X-Twilio-Signature": sign(url, form)})
    assert response.status_code == 200


def test_production_without_token_refuses_to_start():
    with pytest.raises(SettingsError, match="^TWILIO_AUTH_TOKEN is not set"):
        make_app(environment="production", public_base_url="https://bot.example.com")


def test_development_without_token_accepts_unsigned_and_warns(caplog):
    with caplog.at_level("WARNING"):
        client = make_app(environment="development").test_client()
    assert "UNSIGNED" in caplog.text
    assert client.post("/twilio/sms", data=inbound("HELP")).status_code == 200


@pytest.mark.parametrize("missing", ["From", "Body"])
def test_form_without_from_or_body_is_400(app, client, missing):
    form = inbound("BOOK")
    del form[missing]
    response = post_signed(client, form)
    assert response.status_code == 400
    assert missing in response.get_data(as_text=True) or "required" in response.get_data(as_text=True)
    assert count(app, InboundMessage) == 0


@pytest.mark.parametrize("phone", ["5551230001", "+0123", "whatsapp:+15551230001", "", "+1555abc0001"])
def test_non_e164_from_is_400(app, client, phone):
    assert post_signed(client, inbound("BOOK", phone=phone)).status_code == 400
    assert count(app, Conversation) == 0


@pytest.mark.parametrize("phone", ["+15551230001\n", " +15551230001", "+1 555 123 0001"])
def test_from_that_only_contains_an_e164_number_is_400_not_a_second_identity(app, client, phone):
    assert post_signed(client, inbound("BOOK", phone=phone)).status_code == 400
    assert count(app, Conversation) == 0 and count(app, InboundMessage) == 0


def test_oversized_request_is_413(app, client):
    response = post_signed(client, inbound("x" * 100_000))
    assert response.status_code == 413
    assert count(app, InboundMessage) == 0


def test_invalid_utf8_is_400(app, client):
    raw = b"MessageSid=SM1&From=%2B15551230001&Body=%FF%FE"
    response = client.post("/twilio/sms", data=raw, content_type="application/x-www-form-urlencoded",
                           headers={"X-Twilio-Signature": "x"})
    assert response.status_code in (400, 403)
    dev = make_app().test_client()
    response = dev.post("/twilio/sms", data=raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400


def test_json_body_is_415():
    dev = make_app().test_client()
    assert dev.post("/twilio/sms", json={"From": "+15551230001", "Body": "hi"}).status_code == 415


def test_ten_kilobytes_of_emoji_gets_a_polite_reply(app, client):
    response = post_signed(client, inbound("\U0001F600" * 2500))
    assert response.status_code == 200
    assert "too long" in response.get_data(as_text=True)
    assert count(app, Appointment) == 0


def test_empty_body_gets_a_polite_reply(client):
    response = post_signed(client, inbound(""))
    assert response.status_code == 200 and "<Message>" in response.get_data(as_text=True)


def test_retry_with_same_sid_gets_identical_bytes_and_changes_nothing(app, client):
    post_signed(client, inbound("thursday at 2:30pm", sid="SM" + "a" * 32))
    first = post_signed(client, inbound("yes", sid="SM" + "b" * 32))
    again = post_signed(client, inbound("yes", sid="SM" + "b" * 32))
    assert first.status_code == again.status_code == 200
    assert first.get_data() == again.get_data()
    assert "Booked" in first.get_data(as_text=True)
    assert count(app, Appointment) == 1 and count(app, InboundMessage) == 2


def test_stop_gets_empty_twiml(client):
    response = post_signed(client, inbound("STOP"))
    assert response.status_code == 200
    assert "<Message>" not in response.get_data(as_text=True)


def test_unknown_route_and_method():
    client = make_app().test_client()
    assert client.get("/twilio/sms").status_code == 405
    assert client.get("/nope").status_code == 404
    assert client.get("/healthz").get_json() == {"status": "ok"}


@pytest.fixture(params=["sqlite", "postgres"])
def any_app(request):
    """The production-mode app on in-memory SQLite and on a fresh, migrated PostgreSQL."""
    if request.param == "sqlite":
        yield make_app(**PRODUCTION)
        return
    with app_on(request.getfixturevalue("postgres_url"), **PRODUCTION) as app:
        yield app


@pytest.mark.parametrize("field", ["Body", "From", "MessageSid", "To", "AccountSid"])
def test_nul_in_any_signed_field_is_400_and_stores_nothing(any_app, field):
    form = inbound("BOOK")
    form[field] += "\x00"
    response = post_signed(any_app.test_client(), form)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True)
    assert count(any_app, InboundMessage) == 0 and count(any_app, Conversation) == 0


def test_staff_agenda_with_a_nul_is_400_and_audits_nothing(any_app):
    with any_app.extensions["smsbot"].db.transaction() as session:
        staff_store.add(session, "+15551239999", "Dana", "owner", datetime(2026, 3, 4, tzinfo=timezone.utc))
    response = post_signed(any_app.test_client(), inbound("AGENDA \x00", phone="+15551239999"))
    assert response.status_code == 400
    assert count(any_app, AuditEntry) == 0


def test_the_same_sid_from_another_phone_gets_its_own_reply(any_app):
    client, sid = any_app.test_client(), "SM" + "c" * 32
    first = post_signed(client, inbound("thursday at 2:30pm", phone="+15551230001", sid=sid))
    other = post_signed(client, inbound("HELP", phone="+15551230002", sid=sid))
    assert "Thursday" in first.get_data(as_text=True)
    assert other.status_code == 200 and "Thursday" not in other.get_data(as_text=True)
    assert other.get_data() != first.get_data()
    assert count(any_app, InboundMessage) == 2
    retried = post_signed(client, inbound("HELP", phone="+15551230002", sid=sid))
    assert retried.get_data() == other.get_data() and count(any_app, InboundMessage) == 2


def test_a_64_character_sid_is_stored_whole(any_app):
    sid = "SM" + "d" * 62
    assert post_signed(any_app.test_client(), inbound("BOOK", sid=sid)).status_code == 200
    with any_app.extensions["smsbot"].db.transaction() as session:
        assert session.scalars(select(InboundMessage.sid)).all() == [sid]


@pytest.mark.parametrize("length", [65, 200])
def test_a_sid_longer_than_64_characters_is_400_and_stores_nothing(any_app, length):
    response = post_signed(any_app.test_client(), inbound("BOOK", sid="SM" + "e" * (length - 2)))
    assert response.status_code == 400
    assert "64" in response.get_data(as_text=True)
    assert count(any_app, InboundMessage) == 0 and count(any_app, Conversation) == 0
