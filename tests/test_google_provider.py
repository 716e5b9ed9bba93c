"""The Google Calendar provider through the whole bot, with the real client library talking
HTTP to the fake Google: bookings become events, freebusy shapes availability, and faults
are retried, bounded, or end in 'try again' with nothing half-booked."""
from __future__ import annotations

import base64
import re
import time
from datetime import datetime, timedelta

import pytest

from smsbot.calendars.google.api import Budget
from smsbot.calendars.google.events import event_id, parse_time
from smsbot.calendars.google.sync import sync_calendar
from smsbot.dialog.say import sms as texts
from smsbot.calendars.google.models import GoogleEvent
from tests.bots import NY

THU_1430 = datetime(2026, 3, 5, 14, 30, tzinfo=NY)


def book(g, when: str = "thursday at 2:30pm", phone: str = "+15551230001") -> list[str]:
    g.text(when, phone)
    return g.text("yes", phone)


def test_a_booking_is_one_event_with_our_id_properties_and_settings(make_bot, fake):
    g = make_bot(google=fake, google_event_attendees=("frontdesk@biz.example",), google_send_updates="all",
             google_event_summary="{business}: {phone}", business_name="Cuts")

    assert book(g)[0].startswith("Booked: Thursday, March 5 at 2:30 PM EST")

    [event] = g.events()
    [appointment] = g.booked()
    assert re.fullmatch(r"[a-v0-9]{6}" + base64.b32hexencode(b"1").decode().rstrip("=").lower(), event["id"])
    assert event["extendedProperties"]["private"] == {"smsbot": "appointment", "appointmentId": str(appointment.id),
                                                      "phone": "+15551230001"}
    assert event["summary"] == "Cuts: +15551230001"
    assert event["attendees"] == [{"email": "frontdesk@biz.example"}]
    assert (parse_time(event["start"]["dateTime"]), parse_time(event["end"]["dateTime"])) == \
        (THU_1430, THU_1430 + timedelta(minutes=30))
    [insert] = [c for c in fake.calls if c["op"] == "events.insert" and c["json"]["id"] == event["id"]]
    assert insert["args"]["sendUpdates"] == ["all"]
    assert insert["auth"].startswith("Bearer ya29.fake-")


def test_a_move_patches_the_same_event_and_a_cancel_deletes_it(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    [before] = g.events()

    g.text("move my appointment to friday 11am")
    assert g.text("yes")[0].startswith("Done")
    [after] = g.events()
    assert after["id"] == before["id"]
    assert parse_time(after["start"]["dateTime"]) == datetime(2026, 3, 6, 11, 0, tzinfo=NY)

    g.text("cancel my appointment")
    assert g.text("yes")[0].startswith("Cancelled")
    assert g.events() == []
    assert [e["status"] for e in g.events(include_cancelled=True)] == ["cancelled"]


def test_a_staff_event_in_google_makes_that_time_busy(make_bot, fake):
    g = make_bot(google=fake)
    fake.staff_add(g.cid, datetime(2026, 3, 5, 14, 0, tzinfo=NY), datetime(2026, 3, 5, 15, 0, tzinfo=NY))

    reply = g.text("thursday at 2:30pm")[0]

    assert "taken" in reply and "1:30 PM" in reply and "3:00 PM" in reply and "2:00 PM" not in reply


def test_a_busy_event_added_after_the_offer_refuses_the_yes(make_bot, fake):
    g = make_bot(google=fake)
    g.text("thursday at 2:30pm")
    fake.staff_add(g.cid, THU_1430, THU_1430 + timedelta(hours=1), summary="Dentist")

    reply = g.text("yes")[0]

    assert "just taken" in reply.lower()
    assert g.appointments() == [] and g.events() == [fake.events(g.cid)[0]]


def test_other_calendars_count_as_busy(make_bot, fake):
    fake.add_calendar("owner-personal@example.com")
    g = make_bot(google=fake, google_busy_calendar_ids=("owner-personal@example.com",))
    fake.staff_add("owner-personal@example.com", THU_1430, THU_1430 + timedelta(minutes=30), "School run")

    assert "taken" in g.text("thursday at 2:30pm")[0]
    [query] = [c for c in fake.calls if c["op"] == "freebusy"][-1:]
    assert {i["id"] for i in query["json"]["items"]} == {g.cid, "owner-personal@example.com"}


def test_a_busy_calendar_google_cannot_read_means_try_later(make_bot, fake):
    g = make_bot(google=fake, google_busy_calendar_ids=("nobody-shared-this@example.com",))

    assert g.text("thursday at 2:30pm") == [texts.TRY_LATER]


def test_moving_next_to_a_back_to_back_booking_sees_its_own_time_as_free(make_bot, fake):
    """freebusy merges adjacent busy blocks (14:00-15:00 for two bookings); our own
    appointments are taken out of Google's busy time, so the merge doesn't trap a move."""
    g = make_bot(google=fake)
    book(g, "thursday at 2pm", "+15551230001")
    book(g, "thursday at 2:30pm", "+15551230002")

    g.text("move my appointment to thursday 1:45pm")
    assert g.text("yes")[0].startswith("Done")

    starts = sorted(parse_time(e["start"]["dateTime"]) for e in g.events())
    assert starts == [datetime(2026, 3, 5, 13, 45, tzinfo=NY), THU_1430]


def test_an_insert_that_reached_google_but_failed_is_not_booked_twice(make_bot, fake):
    g = make_bot(google=fake)
    fake.fail("events.insert", 500, after=True)  # Google stores it, then answers 500

    assert book(g)[0].startswith("Booked")

    assert len(g.events()) == 1 and len(g.booked()) == 1
    assert fake.count("events.insert") == 2 and fake.count("events.get") == 1


def test_an_insert_that_timed_out_after_reaching_google_is_not_booked_twice(make_bot, fake):
    g = make_bot(google=fake, google_call_timeout_seconds=0.5)
    g.text("thursday at 2:30pm")
    fake.slow("events.insert", 1.0, after=True)

    assert g.text("yes")[0].startswith("Booked")

    fake.wait_idle()
    assert len(g.events()) == 1 and len(g.booked()) == 1


def test_a_leftover_event_under_our_id_is_taken_over(make_bot, fake):
    """SQLite hands out a rolled-back appointment id again: its event id then exists already."""
    g = make_bot(google=fake)
    book(g, "thursday at 9am", "+15551230009")
    with g.db.transaction() as session:
        prefix = g.calendars.link.event_prefix(session)
    fake._store(g.cid, {"id": event_id(prefix, 2), "summary": "left over",
                        "start": {"dateTime": "2026-03-06T15:00:00Z"}, "end": {"dateTime": "2026-03-06T15:30:00Z"},
                        "extendedProperties": {"private": {"smsbot": "appointment", "appointmentId": "2",
                                                           "phone": "+15550000000"}}})

    assert book(g)[0].startswith("Booked")

    [event] = [e for e in g.events() if e["id"] == event_id(prefix, 2)]
    assert event["extendedProperties"]["private"]["phone"] == "+15551230001"
    assert parse_time(event["start"]["dateTime"]) == THU_1430 and len(g.events()) == 2


def test_rate_limits_and_server_errors_are_retried(make_bot, fake):
    g = make_bot(google=fake)
    fake.fail("freebusy", 429)
    fake.fail("events.insert", 503)
    fake.fail("events.insert", 403, reason="rateLimitExceeded")

    assert book(g)[0].startswith("Booked")
    assert fake.count("events.insert") == 3 and len(g.events()) == 1


def test_a_refusal_is_not_retried_and_books_nothing(make_bot, fake):
    g = make_bot(google=fake)
    g.text("thursday at 2:30pm")
    fake.fail("events.insert", 403, reason="forbiddenForServiceAccounts")

    assert g.text("yes") == [texts.TRY_LATER]
    assert fake.count("events.insert") == 1 and g.appointments() == [] and g.events() == []


def test_when_google_stays_down_the_customer_can_simply_say_yes_again(make_bot, fake):
    g = make_bot(google=fake)
    g.text("thursday at 2:30pm")
    fake.fail("*", 500, times=1000)

    assert g.text("yes") == [texts.TRY_LATER]
    assert g.appointments() == [] and g.events() == []

    fake.faults.clear()
    assert g.text("yes")[0].startswith("Booked")  # the offer was rolled back, not lost
    assert len(g.booked()) == 1 and len(g.events()) == 1


def test_slow_google_gets_an_answer_well_inside_twilios_15_seconds(make_bot, fake):
    g = make_bot(google=fake)  # the production defaults: 2.5 s a call, 6 s a message
    g.text("thursday at 2:30pm")
    fake.slow("events.insert", 4.0, times=100)

    started = time.monotonic()
    replies = g.text("yes")
    elapsed = time.monotonic() - started

    assert replies == [texts.TRY_LATER] and elapsed < 8.0, elapsed
    assert g.appointments() == []
    fake.wait_idle()  # the late inserts land in Google after we gave up on them
    g.clock.advance(timedelta(minutes=11))
    sync_calendar(g.db, g.calendars, g.settings, g.clock.now(), Budget(20))
    assert g.events() == []  # whatever landed late was reconciled away
    with g.db.transaction() as session:
        assert session.query(GoogleEvent).count() == 0


def test_a_rolled_back_booking_is_taken_back_out_of_google(make_bot, fake):
    g = make_bot(google=fake)
    start = THU_1430
    with pytest.raises(RuntimeError):
        with g.db.transaction() as session:
            g.calendars(session).book("+15551230001", start, start + timedelta(minutes=30), g.clock.now())
            assert len(g.events()) == 1
            raise RuntimeError("the commit failed")

    assert g.events() == [] and g.appointments() == []


def test_an_expired_access_token_is_refreshed(make_bot, fake):
    g = make_bot(google=fake)
    book(g, "thursday at 9am")
    grants = len(fake.token_grants)
    fake.expire_access_tokens()

    assert book(g, "also friday at 9am")[0].startswith("Booked")  # a second one, not a move
    assert len(fake.token_grants) == grants + 1


def test_domain_wide_delegation_acts_as_the_configured_user(make_bot, fake):
    g = make_bot(google=fake, google_delegated_user="owner@biz.example")

    assert book(g)[0].startswith("Booked")
    assert fake.subjects[-1] == "owner@biz.example"


def test_a_conflict_google_cannot_explain_books_nothing(make_bot, fake):
    g = make_bot(google=fake)
    g.text("thursday at 2:30pm")
    fake.fail("events.insert", 409)  # "already exists", yet there is no such event

    assert g.text("yes") == [texts.TRY_LATER]
    assert g.appointments() == [] and g.events() == []
    assert fake.count("events.get") == 1


def test_a_refused_freebusy_query_means_try_later(make_bot, fake):
    g = make_bot(google=fake)
    fake.fail("freebusy", 400, reason="timeRangeEmpty")

    assert g.text("thursday at 2:30pm") == [texts.TRY_LATER]
