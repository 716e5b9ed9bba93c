"""Google Calendar with providers who have their own calendar (business.toml's
google_calendar_id): their busy times count for them only, and their appointments are
written there; moves and cancels follow the event to its calendar."""
from __future__ import annotations

from datetime import datetime, timedelta

from smsbot.calendars.google.events import parse_time
from smsbot.calendars.google.models import GoogleEvent
from smsbot.scheduling.business import Provider, Service
from smsbot.scheduling.business_file import BusinessFile
from tests.bots import NY
from tests.fakes.google_accounts import new_calendar

THU_10 = datetime(2026, 3, 5, 10, 0, tzinfo=NY)


def salon(fake, make_bot):
    """A bot whose Anna has her own (fresh) calendar; Ben uses the business's."""
    anna = new_calendar(fake)
    profile = BusinessFile("business.toml", services=(Service("Cut", timedelta(minutes=30)),),
                           providers=(Provider("Anna", google_calendar_id=anna), Provider("Ben")))
    return make_bot(google=fake, business_file=profile, ask_names="no"), anna


def test_a_providers_own_busy_time_keeps_only_them_busy(make_bot, fake):
    g, anna = salon(fake, make_bot)
    fake.staff_add(anna, THU_10, THU_10 + timedelta(hours=1), "Anna's dentist")

    assert g.text("thursday at 10am with Anna")[0].startswith("Sorry, that time is taken. Anna is free")
    g.text("no")
    assert g.text("thursday at 10am with Ben")[0].startswith("Book with Ben on Thursday, March 5 at 10:00 AM")
    assert g.text("yes")[0].startswith("Booked with Ben")
    assert [parse_time(e["start"]["dateTime"]) for e in fake.events(g.cid)] == [THU_10]


def test_a_providers_appointment_is_written_moved_and_cancelled_in_their_calendar(make_bot, fake):
    g, anna = salon(fake, make_bot)
    g.text("thursday at 11am with Anna")
    assert g.text("yes")[0].startswith("Booked with Anna")
    [event] = fake.events(anna)
    assert fake.events(g.cid) == []
    with g.db.transaction() as session:
        assert [r.calendar_id for r in session.query(GoogleEvent)] == [anna]

    g.text("can I move it to 2pm")
    assert g.text("yes")[0].startswith("Done: your appointment is now Thursday, March 5 at 2:00 PM")
    [moved] = fake.events(anna)
    assert moved["id"] == event["id"] and parse_time(moved["start"]["dateTime"]) == THU_10.replace(hour=14)

    g.text("cancel my appointment")
    assert g.text("yes")[0].startswith("Cancelled")
    assert fake.events(anna) == []
