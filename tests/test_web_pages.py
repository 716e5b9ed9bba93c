"""The dashboard's pages with Flask's test client: the agenda and its changes through the
staff service (confirmation first, the customer's notice in the outbox, the audit), the
outbox and its retry, settings with secrets masked, conversations with reply and takeover."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from smsbot.messaging.worker import Worker
from smsbot.messaging.console import ConsoleSender
from smsbot.store import customers, outbox as outbox_rows
from smsbot.store.models import AuditEntry, BusyBlock, OutboxMessage
from smsbot.store.web_tables import LoggedMessage, LoginCode, LoginThrottle
from tests.bots import CUSTOMER, NY, START
from tests.web_support import add_staff, log_in_with_code, post_form

STAFF, OWNER = "+15550001111", "+15550002222"
AT_TWO = START.replace(hour=14, minute=0)  # Wednesday March 4, 2 PM New York


@pytest.fixture
def bot(make_bot):
    made = make_bot(secret_key="test-secret-key", twilio_auth_token="s3cret-token-value-0123456789")
    add_staff(made, STAFF, "staff", "Sam")
    add_staff(made, OWNER, "owner", "Olga")
    return made


@pytest.fixture
def staff(bot):
    client = bot.app().test_client()
    log_in_with_code(client, bot, STAFF)
    return client


def form(client, path, data, page="/today"):
    return post_form(client, path, data, page=page)


def audit(bot) -> list[str]:
    return [row.command for row in bot.rows(AuditEntry)]


def notices(bot) -> list[OutboxMessage]:
    return [row for row in bot.outbox() if row.kind == "notice"]


def test_today_lists_appointments_unmasked_with_status_and_blocks_in_the_business_zone(bot, staff):
    bot.book(CUSTOMER, AT_TWO)
    bot.block(START.replace(hour=16, minute=0), START.replace(hour=17, minute=0))
    page = staff.get("/today").get_data(as_text=True)
    assert CUSTOMER in page and "2:00 PM" in page and "booked" in page
    assert "4:00 PM" in page and "Unblock" in page and "America/New_York" in page


def test_moving_asks_first_then_moves_tells_the_customer_and_audits(bot, staff):
    bot.book(CUSTOMER, AT_TWO)
    [appointment] = bot.booked()
    bot.clock.advance(timedelta(minutes=1))
    asked = form(staff, f"/appointments/{appointment.id}/move", {"date": "2026-03-05", "time": "11:00"})
    assert asked.status_code == 200 and "Move #" in asked.get_data(as_text=True)
    assert bot.bookings(CUSTOMER) == [AT_TWO] and not notices(bot)
    done = form(staff, f"/appointments/{appointment.id}/move", {"date": "2026-03-05", "time": "11:00",
                                                                 "confirm": "yes"})
    assert done.status_code == 302 and done.headers["Location"] == "/agenda?day=2026-03-05"
    assert bot.bookings(CUSTOMER) == [datetime(2026, 3, 5, 11, 0, tzinfo=NY)]
    [notice] = notices(bot)
    assert notice.to == CUSTOMER and "moved" in notice.body
    assert audit(bot)[-1].startswith(f"web: MOVE #{appointment.id}")
    page = staff.get(done.headers["Location"]).get_data(as_text=True)
    assert "Moved #" in page and "<td>moved</td>" in page


def test_moving_onto_a_taken_time_is_refused(bot, staff):
    bot.book(CUSTOMER, AT_TWO)
    bot.book("+15551239999", AT_TWO + timedelta(hours=1))
    [mine, _] = bot.booked()
    answer = form(staff, f"/appointments/{mine.id}/move", {"date": "2026-03-04", "time": "15:00", "confirm": "yes"})
    assert answer.status_code == 409 and bot.bookings(CUSTOMER) == [AT_TWO]


def test_cancelling_asks_first_then_tells_the_customer(bot, staff):
    bot.book(CUSTOMER, AT_TWO)
    [appointment] = bot.booked()
    form(staff, f"/appointments/{appointment.id}/cancel", {})
    assert bot.booked()
    form(staff, f"/appointments/{appointment.id}/cancel", {"confirm": "yes"})
    assert not bot.booked()
    assert "cancelled" in notices(bot)[0].body
    assert form(staff, f"/appointments/{appointment.id}/cancel", {"confirm": "yes"}).status_code == 409


def test_booking_for_a_customer_queues_their_reminders(bot, staff):
    data = {"phone": "+1 555 123 0001", "date": "2026-03-06", "time": "10:30"}
    assert "Book +15551230001" in form(staff, "/appointments", data).get_data(as_text=True)
    form(staff, "/appointments", {**data, "confirm": "yes"})
    assert bot.bookings(CUSTOMER) == [datetime(2026, 3, 6, 10, 30, tzinfo=NY)]
    assert {row.kind for row in bot.outbox() if row.to == CUSTOMER} == {"reminder"}
    assert form(staff, "/appointments", {**data, "confirm": "yes"}).status_code == 409


def test_a_no_show_only_once_the_appointment_began(bot, staff):
    bot.book(CUSTOMER, AT_TWO)
    [appointment] = bot.booked()
    form(staff, f"/appointments/{appointment.id}/no-show", {})
    assert bot.appointments()[0].status == "booked"
    bot.clock.set(AT_TWO + timedelta(minutes=20))
    form(staff, f"/appointments/{appointment.id}/no-show", {})
    assert bot.appointments()[0].status == "no_show"
    assert "no-show" in staff.get("/today").get_data(as_text=True)


def test_blocking_and_unblocking_time(bot, staff):
    form(staff, "/blocks", {"date": "2026-03-05", "from": "12:00", "to": "13:00"})
    [block] = bot.rows(BusyBlock)
    assert block.starts_at == datetime(2026, 3, 5, 12, tzinfo=NY) and "Sam" in block.reason
    form(staff, "/blocks", {"date": "2026-03-06"})
    assert len(bot.rows(BusyBlock)) == 2
    form(staff, "/blocks/remove", {"start": block.starts_at.isoformat(), "end": block.ends_at.isoformat()})
    assert len(bot.rows(BusyBlock)) == 1
    assert [c.split()[1] for c in audit(bot)] == ["BLOCK", "BLOCK", "UNBLOCK"]


@pytest.mark.parametrize("path, data", [
    ("/appointments/1/move", {"date": "tomorrow", "time": "11:00"}),
    ("/appointments/1/move", {"date": "2026-03-05", "time": "25:99"}),
    ("/appointments/1/move", {"date": "2026-03-05", "time": "11:07"}),
    ("/appointments", {"phone": "call me", "date": "2026-03-05", "time": "11:00"}),
    ("/blocks", {"date": "2026-03-05", "from": "13:00", "to": "12:00"}),
    ("/blocks/remove", {"start": "yesterday", "end": ""}),
    ("/blocks/remove", {"start": "0001-01-01T00:00:00+05:00", "end": "9999-12-31T23:59:00-05:00"}),
    ("/blocks", {"date": "9999-12-31"}),
    ("/appointments", {"phone": "+15551230001", "date": "9999-12-31", "time": "23:55"}),
    ("/appointments/1/move", {"date": "2026-03-05", "time": "24:00"}),
    ("/staff", {"phone": "+15550004444", "role": "boss"}),
])
def test_bad_input_gets_a_clear_answer_not_a_500(bot, make_bot, path, data):
    client = bot.app().test_client()
    log_in_with_code(client, bot, OWNER)
    bot.book(CUSTOMER, AT_TWO)
    answer = form(client, path, data)
    assert answer.status_code == 400 and 'class="error"' in answer.get_data(as_text=True)


def test_bad_addresses_get_a_clear_answer(staff):
    assert staff.get("/agenda?day=someday").status_code == 400
    assert staff.get("/agenda?day=9999-12-31").status_code == 400
    assert staff.get("/week?start=0001-01-01").status_code == 400
    assert staff.get("/week?start=2026-02-30").status_code == 400
    assert staff.get("/appointments/999").status_code == 404
    assert staff.get("/appointments/99999999999999999999999").status_code == 404
    assert staff.get("/conversations/nobody").status_code == 404


def test_the_outbox_shows_twilios_error_and_retries_a_failed_message(bot, staff):
    now = bot.clock.now()
    with bot.db.transaction() as session:
        outbox_rows.enqueue(session, key="k1", to=CUSTOMER, body="hello there", due_at=now, now=now)
        row = session.scalars(select(OutboxMessage).where(OutboxMessage.key == "k1")).one()
        row.status, row.attempts, row.last_error = "failed", 8, "21610: Attempt to send to unsubscribed recipient"
    page = staff.get("/outbox?status=failed").get_data(as_text=True)
    assert "21610" in page and "hello there" in page
    form(staff, f"/outbox/{row.id}/retry", {}, page="/outbox")
    [retried] = [r for r in bot.outbox() if r.key == "k1"]
    assert (retried.status, retried.attempts) == ("pending", 0)
    assert "has not failed" in staff.get(form(staff, f"/outbox/{row.id}/retry", {}, page="/outbox")
                                         .headers["Location"]).get_data(as_text=True)


def test_login_codes_are_not_shown_on_the_outbox_page(bot, staff):
    page = staff.get("/outbox").get_data(as_text=True)
    assert "(login code)" in page and "login code is" not in page


def test_the_owner_manages_staff(bot):
    owner = bot.app().test_client()
    log_in_with_code(owner, bot, OWNER)
    form(owner, "/staff", {"phone": "+15550004444", "name": "Pat", "role": "staff"}, page="/staff")
    assert "+15550004444" in owner.get("/staff").get_data(as_text=True)
    assert "cannot remove yourself" in owner.get(
        form(owner, "/staff/remove", {"phone": OWNER}, page="/staff").headers["Location"]).get_data(as_text=True)
    assert audit(bot)[-2:] == ["web: STAFF ADD +15550004444 Pat staff", f"web: STAFF REMOVE {OWNER}"]


def test_settings_mask_secrets_and_show_health(bot, staff):
    page = staff.get("/settings").get_data(as_text=True)
    assert "TWILIO_AUTH_TOKEN" in page and "s3cret-token-value" not in page and "test-secret-key" not in page
    assert "***" in page and "Database" in page and "Worker" in page


def test_the_health_panel_notices_a_worker_that_is_not_sending(bot, staff):
    now = bot.clock.now()
    with bot.db.transaction() as session:
        outbox_rows.enqueue(session, key="late", to=CUSTOMER, body="x", due_at=now - timedelta(minutes=30), now=now)
    assert "is `smsbot worker` running?" in staff.get("/settings").get_data(as_text=True)


def test_conversations_log_every_message_and_are_searchable(bot, staff):
    bot.text("hi, can I book thursday at 2pm?")
    bot.text("hello", phone="+15557770000")
    listing = staff.get("/conversations").get_data(as_text=True)
    assert listing.index("+15557770000") < listing.index(CUSTOMER)  # newest first
    assert CUSTOMER not in staff.get("/conversations?q=777").get_data(as_text=True)
    page = staff.get(f"/conversations/{CUSTOMER}").get_data(as_text=True)
    assert "can I book thursday at 2pm?" in page and "customer" in page
    logged = bot.rows(LoggedMessage)
    assert [m.direction for m in logged if m.phone == CUSTOMER][:2] == ["in", "out"]


def test_the_log_says_which_messages_were_spoken_on_a_call(bot, staff):
    from smsbot.bot import Inbound

    bot.handle(Inbound("CA1-turn-1", CUSTOMER, "thursday at two", channel="voice"))
    assert {m.channel for m in bot.rows(LoggedMessage)} == {"voice"}
    assert "customer (voice)" in staff.get(f"/conversations/{CUSTOMER}").get_data(as_text=True)


def test_customers_are_named_and_found_by_the_name_they_gave(bot, staff):
    bot.text("hello", phone="+15557770000")
    bot.text("hi")
    bot.book(CUSTOMER, AT_TWO)
    with bot.db.transaction() as session:
        customers.remember(session, CUSTOMER, customers.Details("Maria 100% Lopez", "m@example.com"),
                           bot.clock.now())
    found = staff.get("/conversations?q=maria 100%").get_data(as_text=True)
    assert CUSTOMER in found and "+15557770000" not in found
    assert "+15557770000" not in staff.get("/conversations?q=ria_1").get_data(as_text=True)
    assert "Maria 100% Lopez" in staff.get("/today").get_data(as_text=True)
    assert "Maria 100% Lopez" in staff.get(f"/conversations/{CUSTOMER}").get_data(as_text=True)


def test_a_staff_reply_goes_through_the_outbox_unless_the_customer_opted_out(bot, staff):
    bot.text("hi")
    form(staff, f"/conversations/{CUSTOMER}/reply", {"body": "Hi, this is Sam from the front desk."})
    [reply] = [row for row in bot.outbox() if row.kind == "reply"]
    assert reply.to == CUSTOMER and "Sam" in reply.body
    assert "Sam" in staff.get(f"/conversations/{CUSTOMER}").get_data(as_text=True)
    assert form(staff, f"/conversations/{CUSTOMER}/reply", {"body": ""}).status_code == 400
    bot.text("STOP")
    answer = form(staff, f"/conversations/{CUSTOMER}/reply", {"body": "Are you there?"})
    assert answer.status_code == 409 and len([r for r in bot.outbox() if r.kind == "reply"]) == 1


def test_taking_over_keeps_the_bot_quiet_until_handed_back(bot, staff):
    assert bot.text("hi")
    form(staff, f"/conversations/{CUSTOMER}/takeover", {})
    assert bot.text("can I come thursday at 2pm?") == []
    assert "(staff answering)" in staff.get("/conversations").get_data(as_text=True)
    assert "can I come thursday at 2pm?" in staff.get(f"/conversations/{CUSTOMER}").get_data(as_text=True)
    assert bot.text("STOP") == [] and "Opted out (STOP)" in staff.get(f"/conversations/{CUSTOMER}").get_data(
        as_text=True)  # carrier keywords still count while staff have the conversation
    bot.text("START")
    form(staff, f"/conversations/{CUSTOMER}/handback", {})
    assert bot.text("thursday at 2pm?")
    assert [c.split()[1] for c in audit(bot)] == ["TAKE", "HAND"]


def test_the_worker_prunes_the_message_log_and_sends_codes_in_quiet_hours(make_bot):
    bot = make_bot(secret_key="k", quiet_hours=_quiet_all_day(), message_log_retention_days=7)
    add_staff(bot, STAFF)
    bot.text("hi")
    client = bot.app().test_client()
    post_form(client, "/login/code", {"phone": STAFF})
    bot.clock.advance(timedelta(days=8))
    sender = ConsoleSender()
    Worker(bot.db, sender, bot.settings, bot.clock).run_once()
    assert bot.rows(LoggedMessage) == []
    assert bot.rows(LoginCode) == [] and bot.rows(LoginThrottle) == []
    assert sender.sent == []  # that code's 10 minutes are long gone: skipped as stale
    post_form(client, "/login/code", {"phone": STAFF})
    Worker(bot.db, sender, bot.settings, bot.clock).run_once()
    assert [m.to for m in sender.sent] == [STAFF]


def _quiet_all_day():
    from datetime import time

    return (time(0, 0), time(23, 59))


def test_the_dashboard_on_a_migrated_database(make_bot, db_url):
    """Login throttling, the message log's search and a move, on SQLite and PostgreSQL."""
    bot = make_bot(db_url, secret_key="k", login_limit_per_account=2)
    add_staff(bot, STAFF, "staff", "Sam")
    client = bot.app().test_client()
    assert [post_form(client, "/login/code", {"phone": STAFF}).status_code for _ in range(3)] == [200, 200, 429]
    bot.clock.advance(timedelta(minutes=16))
    log_in_with_code(client, bot, STAFF)
    bot.text("hi, can I come in today at 2pm?")
    bot.text("yes")
    assert CUSTOMER in client.get("/conversations?q=230001").get_data(as_text=True)
    assert CUSTOMER not in client.get("/conversations?q=nobody").get_data(as_text=True)
    [appointment] = bot.booked()
    form(client, f"/appointments/{appointment.id}/move", {"date": "2026-03-05", "time": "11:00", "confirm": "yes"})
    assert bot.bookings(CUSTOMER) == [datetime(2026, 3, 5, 11, 0, tzinfo=NY)]
    assert "moved" in notices(bot)[0].body


def test_the_health_panel_checks_calendly_against_its_api(make_bot, fake_calendly):
    from tests.calendly_support import calendly_settings

    bot = make_bot(settings=calendly_settings(fake_calendly), secret_key="k")
    add_staff(bot, STAFF)
    client = bot.app().test_client()
    log_in_with_code(client, bot, STAFF)
    page = client.get("/settings").get_data(as_text=True)
    assert "token: works" in page and fake_calendly.token not in page


ROUTES = [("/appointments/1/move", ("date", "time", "confirm")), ("/appointments/1/cancel", ("confirm",)),
          ("/appointments/1/no-show", ()), ("/appointments", ("phone", "date", "time", "confirm")),
          ("/blocks", ("date", "from", "to")), ("/blocks/remove", ("start", "end")),
          ("/outbox/1/retry", ()), ("/staff", ("phone", "name", "role")), ("/staff/remove", ("phone",)),
          (f"/conversations/{CUSTOMER}/reply", ("body",)), (f"/conversations/{CUSTOMER}/takeover", ())]


def test_no_form_input_gets_a_500(make_bot):
    from hypothesis import HealthCheck, given, settings, strategies as st

    bot = make_bot(secret_key="k")
    add_staff(bot, OWNER, "owner")
    bot.book(CUSTOMER, AT_TWO)
    client = bot.app().test_client()
    log_in_with_code(client, bot, OWNER)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/today").get_data(as_text=True)).group(1)
    field = st.one_of(st.text(max_size=40), st.sampled_from(["2026-03-05", "11:00", "yes", "+15550001111",
                                                             "2026-03-05T11:00:00-05:00", "owner"]))

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(ROUTES), st.data())
    def post(route, data):
        path, names = route
        form_data = {name: data.draw(field, label=name) for name in names}
        answer = client.post(path, data={"csrf_token": token, **form_data})
        assert answer.status_code < 500, (path, form_data, answer.get_data(as_text=True)[:300])

    post()


def test_with_several_providers_the_day_is_per_provider_and_staff_book_a_service_with_one(make_bot):
    from tests.test_providers_booking import PROFILE

    bot = make_bot(business_file=PROFILE, secret_key="k")
    add_staff(bot, STAFF)
    client = bot.app().test_client()
    log_in_with_code(client, bot, STAFF)
    data = {"phone": CUSTOMER, "date": "2026-03-05", "time": "13:00", "service": "colour", "provider": "cara"}
    assert "for Colour with Cara" in form(client, "/appointments", data).get_data(as_text=True)
    form(client, "/appointments", {**data, "confirm": "yes"})
    form(client, "/appointments", {**data, "phone": "+15557770000", "service": "Trim", "provider": "",
                                   "confirm": "yes"})
    assert sorted((a.service, a.provider) for a in bot.booked()) == [("Colour", "Cara"), ("Trim", "Anna")]
    page = client.get("/agenda?day=2026-03-05").get_data(as_text=True)
    assert page.index("<h3>Anna</h3>") < page.index("<h3>Cara</h3>") and "Colour" in page
    assert form(client, "/appointments", {**data, "provider": "Zed"}).status_code == 400
    assert form(client, "/appointments", {**data, "service": "massage"}).status_code == 400


def test_the_health_panel_shows_when_the_worker_last_ran(bot, staff):
    assert "not running: is `smsbot worker` running? (never ran" in staff.get("/settings").get_data(as_text=True)
    Worker(bot.db, ConsoleSender(), bot.settings, bot.clock).run_once()
    page = staff.get("/settings").get_data(as_text=True)
    assert "last run 2026-03-04 15:15 UTC" in page and "not running" not in page
    bot.clock.advance(timedelta(minutes=6))
    assert "not running" in staff.get("/settings").get_data(as_text=True)


class _Fields(HTMLParser):
    """Form fields on a page, and whether a label names each one."""

    def __init__(self):
        super().__init__()
        self.labelled_ids, self.unlabelled, self.in_label = set(), [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.in_label += 1
            if attrs.get("for"):
                self.labelled_ids.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") != "hidden" and not self.in_label:
            self.unlabelled.append(attrs.get("id") or attrs.get("name"))

    def handle_endtag(self, tag):
        if tag == "label":
            self.in_label -= 1


@pytest.mark.parametrize("path", ["/login", "/today", "/week", "/outbox", "/staff", "/settings",
                                  "/conversations", f"/conversations/{CUSTOMER}", "/appointments/1"])
def test_every_form_field_has_a_label(bot, path):
    bot.book(CUSTOMER, AT_TWO)
    client = bot.app().test_client()
    if path != "/login":
        log_in_with_code(client, bot, OWNER)
    answer = client.get(path)
    assert answer.status_code == 200
    fields = _Fields()
    fields.feed(answer.get_data(as_text=True))
    assert [f for f in fields.unlabelled if f not in fields.labelled_ids] == []
    assert '<html lang="en">' in answer.get_data(as_text=True)
