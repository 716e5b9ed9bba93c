"""POST /calendly/webhook: signed deliveries from the fake Calendly, over real HTTP to the
app on loopback, keep our appointments in step with bookings, reschedules and
cancellations made on Calendly's own pages; anything unsigned or stale is 403."""
from __future__ import annotations

import json
import threading
from datetime import datetime

import pytest
import requests
from werkzeug.serving import make_server

from smsbot.calendars.calendly.models import CalendlyBooking
from smsbot.calendars.calendly.signature import signature_for, verified
from smsbot.store.models import Customer
from tests.bots import CUSTOMER, NY
from tests.calendly_support import known_customers

THU_1430 = datetime(2026, 3, 5, 14, 30, tzinfo=NY)
FRI_1100 = datetime(2026, 3, 6, 11, 0, tzinfo=NY)
KEY = "whsec-test-key"


def test_the_signature_is_hmac_sha256_of_t_dot_body_fresh_and_exact():
    body, at = b'{"event": "invitee.created"}', 1_800_000_000
    header = signature_for(KEY, body, at)

    assert verified(header, body, KEY, at + 10)
    assert not verified(header, body + b" ", KEY, at)  # body changed
    assert not verified(header, body, "another-key", at)
    assert not verified(header, body, KEY, at + 301)  # stale
    assert not verified(header, body, KEY, at - 301)  # from the future
    assert not verified(None, body, KEY, at) and not verified("t=x,v1=00", body, KEY, at)
    assert not verified(header, body, "", at)  # no key set: nothing is believed


@pytest.fixture
def served(make_bot, sqlite_file_url, fake_calendly):
    """The bot's app on a loopback port, subscribed at the fake Calendly."""
    bot = make_bot(sqlite_file_url, calendly=fake_calendly)
    server = make_server("127.0.0.1", 0, bot.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/calendly/webhook"
    fake_calendly.subscribe(url, KEY)
    fake_calendly.clock = lambda: bot.clock.now()
    yield bot, url
    server.shutdown()
    server.server_close()


def _deliver(fake, kind, person, at=None):
    return fake.deliver(kind, person, at=at)


def _now(bot) -> int:
    return int(bot.clock.now().timestamp())


def test_a_booking_made_on_calendlys_page_becomes_an_appointment_and_texts_a_known_customer(served, fake_calendly):
    bot, _ = served
    bot.text("hi")  # a customer of ours: has texted before

    person = fake_calendly.book_on_page(THU_1430, "Pat Smith", "pat@example.com", phone="+1 555-123-0001")

    assert fake_calendly.deliveries == [200]
    [appointment] = bot.booked()
    assert (appointment.phone, appointment.starts_at) == (CUSTOMER, THU_1430)
    [link] = bot.rows(CalendlyBooking)
    assert (link.invitee_uri, link.event_uri) == (person["uri"], person["event"])
    assert [(c.name, c.email) for c in bot.rows(Customer)] == [("Pat Smith", "pat@example.com")]
    [told] = [m for m in bot.outbox() if m.kind == "notice"]
    assert told.to == CUSTOMER and told.body.startswith("Booked: Thursday, March 5 at 2:30 PM EST")


def test_a_page_booking_by_a_stranger_is_recorded_but_not_texted(served, fake_calendly):
    bot, _ = served
    fake_calendly.book_on_page(THU_1430, "Sam Stranger", "sam@example.com", phone="+15559870000")

    assert [a.phone for a in bot.booked()] == ["+15559870000"]
    assert [m for m in bot.outbox() if m.kind == "notice"] == []


def test_a_page_booking_without_a_phone_changes_nothing(served, fake_calendly):
    bot, _ = served
    fake_calendly.book_on_page(THU_1430, "No Phone", "np@example.com")

    assert fake_calendly.deliveries == [200] and bot.booked() == []


def test_our_own_bookings_webhook_is_not_a_second_appointment(served, fake_calendly):
    bot, _ = served
    known_customers(bot.db, [CUSTOMER])
    bot.text("thursday at 2:30pm")
    bot.text("yes")
    [event] = fake_calendly.active_events()

    assert _deliver(fake_calendly, "invitee.created", fake_calendly.invitee_of(event)) == [200]
    assert len(bot.booked()) == 1 and len(bot.rows(CalendlyBooking)) == 1


def test_a_cancellation_on_calendlys_page_cancels_ours_and_tells_the_customer(served, fake_calendly):
    bot, _ = served
    known_customers(bot.db, [CUSTOMER])
    bot.text("thursday at 2:30pm")
    bot.text("yes")
    [event] = fake_calendly.active_events()

    fake_calendly.cancel_on_page(event["uri"])

    assert fake_calendly.deliveries == [200] and bot.booked() == []
    [told] = [m for m in bot.outbox() if m.kind == "notice"]
    assert told.to == CUSTOMER and "cancelled" in told.body


def test_a_reschedule_on_calendlys_page_moves_ours(served, fake_calendly):
    bot, _ = served
    known_customers(bot.db, [CUSTOMER])
    bot.text("thursday at 2:30pm")
    bot.text("yes")
    [event] = fake_calendly.active_events()

    new = fake_calendly.reschedule_on_page(event["uri"], FRI_1100)

    assert fake_calendly.deliveries == [200, 200]
    [appointment] = bot.booked()
    assert appointment.starts_at == FRI_1100
    [link] = bot.rows(CalendlyBooking)
    assert link.invitee_uri == new["uri"]
    [told] = [m for m in bot.outbox() if m.kind == "notice"]
    assert "moved" in told.body


@pytest.mark.parametrize("tamper", ["stale", "other key", "no header", "changed body"])
def test_anything_not_signed_now_with_our_key_is_403_and_changes_nothing(served, fake_calendly, tamper):
    bot, url = served
    person = fake_calendly.book_on_page(THU_1430, "Pat", "pat@example.com", phone=CUSTOMER)  # delivered: booked
    fake_calendly.cancel_event(person["event"].rsplit("/", 1)[1], "test")
    body = json.dumps(fake_calendly.payload("invitee.canceled", person)).encode()
    at = _now(bot)
    header = {"stale": signature_for(KEY, body, at - 600), "other key": signature_for("nope", body, at),
              "no header": None, "changed body": signature_for(KEY, body[:-1] + b" }", at)}[tamper]
    headers = {"Content-Type": "application/json", **({"Calendly-Webhook-Signature": header} if header else {})}

    answer = requests.post(url, data=body, headers=headers, timeout=10)

    assert answer.status_code == 403 and len(bot.booked()) == 1


def test_a_signed_body_that_is_not_an_invitee_event_is_400(served):
    bot, url = served
    for body in (b"not json", b"[1, 2]", b'{"event": "invitee.created", "payload": {}}'):
        answer = requests.post(url, data=body, timeout=10, headers={
            "Calendly-Webhook-Signature": signature_for(KEY, body, _now(bot))})
        assert answer.status_code == 400, body


def test_without_calendly_the_route_is_404(make_bot):
    app = make_bot().app()
    assert app.test_client().post("/calendly/webhook", data=b"{}").status_code == 404


def test_a_stale_delivery_from_the_fake_is_refused(served, fake_calendly):
    bot, _ = served
    fake_calendly.subscriptions[0]["events"] = []  # book quietly, then deliver by hand
    person = fake_calendly.book_on_page(THU_1430, "Pat", "pat@example.com", phone=CUSTOMER)
    fake_calendly.subscriptions[0]["events"] = ["invitee.created"]

    assert _deliver(fake_calendly, "invitee.created", person, at=_now(bot) - 3600) == [403]
    assert _deliver(fake_calendly, "invitee.created", person) == [200]
    assert len(bot.booked()) == 1
