"""The no-double-booking guarantee holds with Google behind the bot, on a SQLite file and
on PostgreSQL: customers racing for one slot get one appointment and one event; a sync
racing with customers changes nothing it shouldn't."""
from __future__ import annotations

import threading
from datetime import datetime

import pytest

from smsbot.bot import Inbound
from smsbot.calendars.google.api import Budget
from smsbot.calendars.google.events import parse_time
from smsbot.calendars.google.sync import sync_calendar
from smsbot.store.models import Appointment
from tests.bots import NY

RACERS = 4
HOURS = [9, 10, 11, 13]


@pytest.fixture(params=["sqlite_file", "postgres"])
def google_bot(request, fake, make_bot):
    bot = make_bot(request.getfixturevalue(f"{request.param}_url"), google=fake)
    return bot, bot.calendars


def together(n, work):
    barrier, results = threading.Barrier(n), [None] * n

    def run(i):
        barrier.wait(timeout=30)
        results[i] = work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    return results


def test_racing_customers_get_one_appointment_and_one_event(google_bot, fake):
    bot, calendars = google_bot
    phones = [f"+1555020{i:04d}" for i in range(RACERS)]
    for who in phones:
        assert "2:30 PM" in bot.handle(Inbound(f"SM{who[1:]}a", who, "thursday at 2:30pm"))[0]

    replies = together(RACERS, lambda i: bot.handle(Inbound(f"SM{phones[i][1:]}b", phones[i], "yes"))[0])

    assert sum(r.startswith("Booked") for r in replies) == 1, replies
    assert sum("just taken" in r for r in replies) == RACERS - 1, replies
    [event] = fake.events(calendars.settings.google_calendar_id)
    with bot.db.transaction() as session:
        [appointment] = session.query(Appointment).all()
    assert event["extendedProperties"]["private"]["appointmentId"] == str(appointment.id)


def test_a_sync_racing_with_moves_takes_no_move_for_a_staff_change(google_bot, fake):
    bot, calendars = google_bot
    cid = calendars.settings.google_calendar_id
    phones = [f"+1555030{i:04d}" for i in range(RACERS)]
    for i, who in enumerate(phones):
        bot.handle(Inbound(f"SM{who[1:]}a", who, f"thursday at {HOURS[i]}:00"))
        assert bot.handle(Inbound(f"SM{who[1:]}b", who, "yes"))[0].startswith("Booked")
        bot.handle(Inbound(f"SM{who[1:]}c", who, f"move my appointment to friday at {HOURS[i]}:00"))

    def work(i):
        if i == RACERS:
            return sync_calendar(bot.db, calendars, bot.settings, bot.clock.now(), Budget(20))
        return bot.handle(Inbound(f"SM{phones[i][1:]}d", phones[i], "yes"))[0]

    results = together(RACERS + 1, work)

    assert all(r.startswith("Done") for r in results[:RACERS]), results
    report = sync_calendar(bot.db, calendars, bot.settings, bot.clock.now(), Budget(20))
    assert (results[RACERS].moved, report.moved, report.cancelled) == (0, 0, 0)
    with bot.db.transaction() as session:
        starts = sorted(a.starts_at for a in session.query(Appointment).filter_by(status="booked"))
    friday = [datetime(2026, 3, 6, hour, tzinfo=NY) for hour in HOURS]
    assert starts == friday
    assert sorted(parse_time(e["start"]["dateTime"]) for e in fake.events(cid)) == friday
