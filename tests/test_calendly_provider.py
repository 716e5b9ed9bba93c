"""The Calendly provider through the whole bot, `requests` talking HTTP to the fake Calendly:
availability is what Calendly offers, bookings are invitees, moves and cancels follow, and
faults are waited out, retried, or end in 'try again' with nothing half-done."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from smsbot.calendars.base import CalendarUnavailable, DetailsNeeded
from smsbot.calendars.calendly.models import CalendlyBooking
from smsbot.dialog.say import sms as texts
from tests.bots import CUSTOMER, NY
from tests.calendly_support import known_customers
from tests.fakes.calendly import parse

THU_1430 = datetime(2026, 3, 5, 14, 30, tzinfo=NY)
FRI_1100 = datetime(2026, 3, 6, 11, 0, tzinfo=NY)


@pytest.fixture
def bot(make_bot, fake_calendly):
    made = make_bot(calendly=fake_calendly)
    known_customers(made.db, [CUSTOMER], made.clock.now())
    return made


def book(bot, when: str = "thursday at 2:30pm") -> list[str]:
    bot.text(when)
    return bot.text("yes")


def test_a_booking_is_an_invitee_under_the_customers_name_email_and_phone(bot, fake_calendly):
    assert book(bot)[0].startswith("Booked: Thursday, March 5 at 2:30 PM EST")

    [event] = fake_calendly.active_events()
    assert parse(event["start_time"]) == THU_1430 and parse(event["end_time"]) == THU_1430 + timedelta(minutes=30)
    [create] = [c["json"] for c in fake_calendly.calls if c["op"] == "invitees.create"]
    assert create["event_type"] == fake_calendly.event_type_uri
    assert create["start_time"] == "2026-03-05T19:30:00.000000Z"  # UTC
    assert create["invitee"] == {"name": "Customer 0001", "email": "c0001@example.com",
                                 "timezone": "America/New_York", "text_reminder_number": CUSTOMER}
    [link] = bot.rows(CalendlyBooking)
    assert link.event_uri == event["uri"] and link.invitee_uri == fake_calendly.invitee_of(event)["uri"]


def test_availability_is_read_in_7_day_pages_once_per_message(bot, fake_calendly):
    bot.text("thursday at 2:30pm")
    asked = [c["args"] for c in fake_calendly.calls if c["op"] == "available_times"]
    assert asked  # the fake refuses any range over 7 days, so each page fits
    assert all(parse(a["end_time"]) - parse(a["start_time"]) <= timedelta(days=7) for a in asked)
    starts = [a["start_time"] for a in asked]
    assert len(starts) == len(set(starts))  # no range asked twice in one message

    fake_calendly.calls.clear()
    bot.text("what do you have in the next two weeks")
    asked = [c["args"] for c in fake_calendly.calls if c["op"] == "available_times"]
    assert all(parse(a["end_time"]) - parse(a["start_time"]) <= timedelta(days=7) for a in asked)


def test_a_time_calendly_does_not_offer_is_not_offered(bot, fake_calendly):
    fake_calendly.host_busy.append((THU_1430 - timedelta(minutes=30), THU_1430 + timedelta(minutes=30)))

    reply = bot.text("thursday at 2:30pm")[0]

    assert "taken" in reply and "1:30 PM" in reply and "3:00 PM" in reply and "2:00 PM" not in reply


def test_a_time_taken_on_calendly_after_the_offer_is_just_taken_with_alternatives(bot, fake_calendly):
    bot.text("thursday at 2:30pm")
    fake_calendly.book_on_page(THU_1430, "Someone Else", "else@example.com")

    reply = bot.text("yes")[0]

    assert "taken" in reply.lower()
    assert bot.booked() == [] and bot.rows(CalendlyBooking) == []
    assert len(fake_calendly.active_events()) == 1  # only the page's booking


def test_a_cancel_cancels_the_scheduled_event_with_a_reason(bot, fake_calendly):
    book(bot)
    bot.text("cancel my appointment")
    assert bot.text("yes")[0].startswith("Cancelled")

    assert fake_calendly.active_events() == []
    [cancel] = [c for c in fake_calendly.calls if c["op"] == "events.cancel"]
    assert cancel["json"] == {"reason": "Cancelled by the customer by text message"}


def test_a_move_books_the_new_time_then_cancels_the_old(bot, fake_calendly):
    book(bot)
    [old] = fake_calendly.active_events()

    bot.text("move my appointment to friday 11am")
    assert bot.text("yes")[0].startswith("Done")

    [new] = fake_calendly.active_events()
    assert parse(new["start_time"]) == FRI_1100 and fake_calendly.events[old["uri"].rsplit("/", 1)[1]]["status"] == \
        "canceled"
    [link] = bot.rows(CalendlyBooking)
    assert link.event_uri == new["uri"]


def test_a_move_whose_old_booking_cannot_be_cancelled_cancels_the_new_one_and_says_so(bot, fake_calendly):
    book(bot)
    [old] = fake_calendly.active_events()
    bot.text("move my appointment to friday 11am")
    fake_calendly.fail("events.cancel", 500, times=1)  # the old one's cancel; the new one's goes through

    assert bot.text("yes") == [texts.TRY_LATER]

    assert [e["uri"] for e in fake_calendly.active_events()] == [old["uri"]]  # never two, never none
    assert [a.starts_at for a in bot.booked()] == [THU_1430]
    assert [link.event_uri for link in bot.rows(CalendlyBooking)] == [old["uri"]]


def test_a_429_is_waited_out_when_calendly_says_how_long(bot, fake_calendly):
    bot.text("thursday at 2:30pm")
    fake_calendly.fail("invitees.create", 429, times=1, retry_after=0.3)

    started = time.monotonic()
    assert bot.text("yes")[0].startswith("Booked")
    assert time.monotonic() - started >= 0.3
    assert fake_calendly.count("invitees.create") == 2 and len(fake_calendly.active_events()) == 1


def test_a_429_longer_than_the_deadline_is_try_again_with_nothing_booked(bot, fake_calendly):
    bot.text("thursday at 2:30pm")
    fake_calendly.fail("invitees.create", 429, times=1, retry_after=60)

    started = time.monotonic()
    assert bot.text("yes") == [texts.TRY_LATER]
    assert time.monotonic() - started < 2
    assert bot.booked() == [] and fake_calendly.active_events() == []


def test_5xx_on_availability_is_retried(bot, fake_calendly):
    fake_calendly.fail("available_times", 503, times=2)

    assert bot.text("thursday at 2:30pm")[0].startswith("Book Thursday, March 5 at 2:30 PM")


def test_a_calendly_that_keeps_failing_is_try_again_within_the_deadline(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly, calendly_deadline_seconds=1.5, calendly_call_timeout_seconds=0.5)
    known_customers(bot.db, [CUSTOMER])
    fake_calendly.slow("available_times", 0.8, times=10)

    started = time.monotonic()
    assert bot.text("thursday at 2:30pm") == [texts.TRY_LATER]
    assert time.monotonic() - started < 2.5


def test_a_booking_whose_transaction_rolls_back_is_cancelled_on_calendly(bot, fake_calendly):
    with pytest.raises(RuntimeError):
        with bot.db.transaction() as session:
            bot.calendar_for(session).book(CUSTOMER, THU_1430, THU_1430 + timedelta(minutes=30), bot.clock.now())
            assert len(fake_calendly.active_events()) == 1
            raise RuntimeError("the commit failed")

    assert fake_calendly.active_events() == [] and bot.booked() == []


def test_a_booking_for_a_phone_without_name_and_email_asks_for_them_first(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly)
    with pytest.raises(DetailsNeeded):
        with bot.db.transaction() as session:
            bot.calendar_for(session).book(CUSTOMER, THU_1430, THU_1430 + timedelta(minutes=30), bot.clock.now())
    assert fake_calendly.count("invitees.create") == 0


def test_the_event_type_may_be_given_by_its_slug(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly, calendly_event_type="appointment")
    known_customers(bot.db, [CUSTOMER])

    assert book(bot)[0].startswith("Booked")
    assert fake_calendly.count("users.me") == 1 and fake_calendly.count("event_types.list") == 1


def test_a_bad_token_is_try_again_not_a_crash(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly, calendly_token="not-the-token")

    assert bot.text("thursday at 2:30pm") == [texts.TRY_LATER]


def test_an_unknown_event_type_is_calendar_unavailable(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly, calendly_event_type="no-such-slug")
    with pytest.raises(CalendarUnavailable):
        with bot.db.transaction() as session:
            bot.calendar_for(session).busy_between(THU_1430, THU_1430 + timedelta(hours=1))


def test_a_range_longer_than_a_week_is_read_in_pages_and_kept(bot, fake_calendly):
    start = THU_1430.replace(hour=0, minute=0).astimezone(timezone.utc)  # DST begins 3 days later
    with bot.db.transaction() as session:
        calendar = bot.calendar_for(session)
        calendar.busy_between(start, start + timedelta(days=10))
        pages = [(parse(c["args"]["start_time"]), parse(c["args"]["end_time"]))
                 for c in fake_calendly.calls if c["op"] == "available_times"]
        calendar.busy_between(start + timedelta(days=2), start + timedelta(days=3))  # inside what was read

    assert [end - begin for begin, end in pages] == [timedelta(days=7), timedelta(days=3)]
    assert pages[0][1] == pages[1][0] and fake_calendly.count("available_times") == 2
