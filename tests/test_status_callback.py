"""POST /twilio/status: Twilio's delivery callbacks, signature-checked, recorded per message."""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from smsbot.store import outbox
from smsbot.store.models import OutboxMessage
from tests.support import TOKEN, make_app, sign

URL = "http://localhost/twilio/status"
SID = "SM" + "ab" * 16
NOW = datetime(2026, 3, 4, 15, 15, tzinfo=timezone.utc)


@pytest.fixture
def app():
    app = make_app(twilio_auth_token=TOKEN)
    with app.extensions["smsbot"].db.transaction() as session:
        outbox.enqueue(session, key="reminder:1:24h", to="+15551230001", body="Reminder", due_at=NOW, now=NOW)
        outbox.enqueue(session, key="other", to="+15551230002", body="Other", due_at=NOW, now=NOW)
        session.flush()
        for row, sid in zip(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)),
                            (SID, "SM" + "cd" * 16)):
            row.status, row.provider_sid, row.sent_at = "sent", sid, NOW
    return app


def callback(status: str | None = "delivered", sid: str | None = SID, **extra) -> dict:
    form = {"AccountSid": "AC" + "1" * 32, "From": "+15550009999", "To": "+15551230001",
            "SmsStatus": status, "MessageStatus": status, "MessageSid": sid, "SmsSid": sid,
            "ApiVersion": "2010-04-01", **extra}
    return {k: v for k, v in form.items() if v is not None}


def post(client, form: dict, signature: str | None = "sign", url: str = URL, token: str = TOKEN, **kwargs):
    headers = {}
    if signature == "sign":
        headers["X-Twilio-Signature"] = sign(url, form, token)
    elif signature is not None:
        headers["X-Twilio-Signature"] = signature
    return client.post("/twilio/status", data=urlencode(form), headers=headers,
                       content_type="application/x-www-form-urlencoded", **kwargs)


def stored(app, sid: str = SID) -> OutboxMessage:
    with app.extensions["smsbot"].db.transaction() as session:
        return session.scalars(select(OutboxMessage).where(OutboxMessage.provider_sid == sid)).one()


def test_no_signature_is_refused(app):
    response = post(app.test_client(), callback(), signature=None)
    assert response.status_code == 403
    assert stored(app).delivery == ""


def test_a_wrong_signature_is_refused(app):
    assert post(app.test_client(), callback(), signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    assert post(app.test_client(), callback(), token="another-token").status_code == 403
    assert stored(app).delivery == ""


def test_a_signature_for_other_fields_is_refused(app):
    form = callback("delivered")
    headers = {"X-Twilio-Signature": sign(URL, form)}
    tampered = dict(form, MessageStatus="failed")
    response = app.test_client().post("/twilio/status", data=urlencode(tampered), headers=headers,
                                      content_type="application/x-www-form-urlencoded")
    assert response.status_code == 403 and stored(app).delivery == ""


@pytest.mark.parametrize("form", [
    callback(sid=None), callback(status=None), callback(status="exploded"), callback(sid=""),
], ids=["no sid", "no status", "unknown status", "empty sid"])
def test_missing_or_unknown_fields_are_a_400(app, form):
    assert post(app.test_client(), form).status_code == 400
    assert stored(app).delivery == ""


@pytest.mark.parametrize("status", ["delivered", "undelivered", "failed"])
def test_a_delivery_status_is_recorded_for_that_message(app, status):
    response = post(app.test_client(), callback(status))
    assert response.status_code == 204 and response.data == b""
    assert stored(app).delivery == status
    assert stored(app, "SM" + "cd" * 16).delivery == ""  # the other message is untouched


def test_an_error_code_is_kept_as_the_reason(app):
    assert post(app.test_client(), callback("undelivered", ErrorCode="30003")).status_code == 204
    row = stored(app)
    assert (row.delivery, row.last_error, row.status) == ("undelivered", "error 30003", "sent")


def test_the_status_case_does_not_matter(app):
    assert post(app.test_client(), callback("Delivered")).status_code == 204
    assert stored(app).delivery == "delivered"


def test_an_unknown_message_is_acknowledged_and_changes_nothing(app):
    assert post(app.test_client(), callback(sid="SM" + "ef" * 16)).status_code == 204
    assert stored(app).delivery == ""


def test_callbacks_that_arrive_out_of_order_do_not_go_back(app):
    client = app.test_client()
    for status in ("sent", "delivered", "sent", "queued"):
        assert post(client, callback(status)).status_code == 204
    assert stored(app).delivery == "delivered"
    assert post(client, callback("read")).status_code == 204
    assert stored(app).delivery == "read"


def test_progress_is_recorded_step_by_step(app):
    client = app.test_client()
    seen = []
    for status in ("queued", "sending", "sent", "undelivered"):
        post(client, callback(status))
        seen.append(stored(app).delivery)
    assert seen == ["queued", "sending", "sent", "undelivered"]


def test_the_signature_covers_the_public_url_when_one_is_set():
    app = make_app(twilio_auth_token=TOKEN, public_base_url="https://bot.example")
    client = app.test_client()
    assert post(client, callback(), url=URL).status_code == 403
    assert post(client, callback(), url="https://bot.example/twilio/status").status_code == 204


def test_a_form_that_is_not_url_encoded_is_refused(app):
    response = app.test_client().post("/twilio/status", json=callback(),
                                      headers={"X-Twilio-Signature": sign(URL, callback())})
    assert response.status_code == 415


@pytest.mark.parametrize("form", [
    callback(sid=SID + "\x00"), callback(ErrorCode="30003\x00"), callback(sid="SM" + "a" * 63),
], ids=["NUL in the sid", "NUL in another field", "sid over 64 characters"])
def test_nul_bytes_and_overlong_sids_are_a_400(app, form):
    response = post(app.test_client(), form)
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True) or "64" in response.get_data(as_text=True)
    assert stored(app).delivery == ""
