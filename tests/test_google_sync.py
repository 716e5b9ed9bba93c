"""Two-way sync: staff changes in Google Calendar reach our appointments and the customer
(by SMS through the outbox), by hand, after a 410, and through push channels."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
import requests
from sqlalchemy import select
from werkzeug.serving import make_server

from smsbot.calendars.google.api import Budget
from smsbot.calendars.google.events import event_id, parse_time
from smsbot.calendars.google.sync import sync_calendar
from smsbot.calendars.google.watch import ensure_channel
from smsbot.calendars.google.models import GoogleChannel
from smsbot.store.models import AppointmentCell
from tests.bots import NY

THU_1430 = datetime(2026, 3, 5, 14, 30, tzinfo=NY)
FRI_1100 = datetime(2026, 3, 6, 11, 0, tzinfo=NY)


def book(g, when="thursday at 2:30pm", phone="+15551230001"):
    g.text(when, phone)
    assert g.text("yes", phone)[0].startswith("Booked")


def sync(g):
    return sync_calendar(g.db, g.calendars, g.settings, g.clock.now(), Budget(20))


def notices(g):
    return [(m.to, m.body) for m in g.outbox() if m.kind == "notice"]


def test_an_event_staff_move_moves_the_appointment_and_texts_the_customer(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    [event] = g.events()

    fake.staff_move(g.cid, event["id"], FRI_1100, FRI_1100 + timedelta(minutes=30))
    report = sync(g)

    assert report.moved == 1
    [appointment] = g.booked()
    assert appointment.starts_at == FRI_1100
    [(to, body)] = notices(g)
    assert to == "+15551230001" and "Friday, March 6 at 11:00 AM" in body
    reminders = [m for m in g.outbox() if m.kind == "reminder" and m.status == "pending"]
    assert sorted(m.due_at for m in reminders) == [FRI_1100 - timedelta(hours=24), FRI_1100 - timedelta(hours=2)]


def test_an_event_staff_delete_cancels_the_appointment_and_texts_the_customer(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    fake.staff_delete(g.cid, g.events()[0]["id"])

    assert sync(g).cancelled == 1
    assert g.booked() == []
    [(to, body)] = notices(g)
    assert to == "+15551230001" and "cancelled" in body
    assert "Thursday, March 5" in g.text("thursday at 2:30pm")[0]  # the time is free again


def test_our_own_writes_are_not_mistaken_for_staff_changes(make_bot, fake):
    g = make_bot(google=fake)
    sync(g)
    book(g)
    g.text("move my appointment to friday 11am")
    g.text("yes")
    book(g, "thursday at 9am", "+15551230002")
    g.text("cancel my appointment", "+15551230002")
    g.text("yes", "+15551230002")

    report = sync(g)

    assert report.changes >= 2 and (report.moved, report.cancelled) == (0, 0)
    assert notices(g) == []


def test_a_new_busy_event_frees_nothing_and_blocks_booking(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    fake.staff_add(g.cid, THU_1430, THU_1430 + timedelta(hours=2), "Team meeting")

    report = sync(g)

    assert (report.moved, report.cancelled) == (0, 0) and len(g.booked()) == 1
    assert "taken" in g.text("thursday at 3pm", "+15551230002")[0]


def test_a_stale_sync_token_means_a_full_resync(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    assert sync(g).full  # the first one lists everything
    assert not sync(g).full
    fake.staff_move(g.cid, g.events()[0]["id"], FRI_1100, FRI_1100 + timedelta(minutes=30))
    fake.expire_sync_tokens(g.cid)

    report = sync(g)

    assert report.full and report.moved == 1
    assert not sync(g).full  # and incremental again afterwards


def test_a_full_resync_cancels_appointments_whose_event_is_gone_altogether(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    sync(g)
    del fake.calendars[g.cid][g.events()[0]["id"]]  # purged: not even listed as deleted
    fake.expire_sync_tokens(g.cid)

    assert sync(g).cancelled == 1 and g.booked() == []


def test_a_full_resync_reads_every_page(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    for i in range(300):
        start = datetime(2026, 4, 1, 9, tzinfo=NY) + timedelta(hours=i)
        fake.staff_add(g.cid, start, start + timedelta(minutes=30))
    fake.staff_move(g.cid, g.events()[0]["id"], FRI_1100, FRI_1100 + timedelta(minutes=30))

    report = sync(g)

    assert report.changes == 301 and report.moved == 1
    assert fake.count("events.list") >= 2


def test_staff_may_move_an_appointment_onto_another_one(make_bot, fake):
    """Google has the last word: both stay booked, the moved one without claiming cells."""
    g = make_bot(google=fake)
    book(g, "thursday at 2:30pm", "+15551230001")
    book(g, "friday at 11am", "+15551230002")
    first = next(e for e in g.events() if e["extendedProperties"]["private"]["phone"] == "+15551230001")
    fake.staff_move(g.cid, first["id"], FRI_1100, FRI_1100 + timedelta(minutes=30))

    assert sync(g).moved == 1

    assert sorted((a.phone, a.starts_at) for a in g.booked()) == \
        [("+15551230001", FRI_1100), ("+15551230002", FRI_1100)]
    with g.db.transaction() as session:
        holders = set(session.scalars(select(AppointmentCell.appointment_id)))
    assert len(holders) == 1


def test_staff_may_move_an_appointment_off_the_five_minute_grid(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    odd = datetime(2026, 3, 5, 15, 7, tzinfo=NY)
    fake.staff_move(g.cid, g.events()[0]["id"], odd, odd + timedelta(minutes=30))

    assert sync(g).moved == 1 and g.booked()[0].starts_at == odd


def test_an_event_left_by_a_booking_that_never_committed_is_removed(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    with g.db.transaction() as session:
        prefix = g.calendars.link.event_prefix(session)
    stray = event_id(prefix, 99)
    fake._store(g.cid, {"id": stray, "start": {"dateTime": "2026-03-06T15:00:00Z"},
                        "end": {"dateTime": "2026-03-06T15:30:00Z"},
                        "extendedProperties": {"private": {"smsbot": "appointment", "appointmentId": "99"}}})
    foreign = "vvvvvv" + stray[6:]  # the same appointment id under another installation's prefix
    fake._store(g.cid, {**fake.calendars[g.cid][stray], "id": foreign})

    assert sync(g).orphans_removed == 0  # too young: its transaction may still be running
    g.clock.advance(timedelta(minutes=11))
    assert sync(g).orphans_removed == 1

    remaining = {e["id"] for e in g.events()}
    assert stray not in remaining and foreign in remaining and len(g.booked()) == 1


# push channels ------------------------------------------------------------------------

@pytest.fixture
def served(fake, make_bot):
    """The bot as deployed: its app with Google settings, served over HTTP on a real port."""
    running = []

    def serve(**overrides):
        server = make_server("127.0.0.1", 0, None, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        app = make_bot(google=fake, public_base_url=base, **overrides).app()
        server.app = app
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
        return app, base

    yield serve
    for server in running:
        server.shutdown()
        server.server_close()


def sms(base, body, phone="+15551230001", sid="SM1"):
    form = {"MessageSid": sid, "From": phone, "To": "+15550009999", "Body": body}
    return requests.post(f"{base}/twilio/sms", data=form, timeout=20).text


def test_a_push_from_google_syncs_the_running_bot(served, fake):
    app, base = served()
    bot = app.extensions["smsbot"]
    sms(base, "thursday at 2:30pm", sid="SM1")
    assert "Booked" in sms(base, "yes", sid="SM2")
    channel, new = ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10))
    assert new and channel.address == f"{base}/google/push"
    cid = bot.settings.google_calendar_id

    [event] = fake.events(cid)
    fake.staff_move(cid, event["id"], FRI_1100, FRI_1100 + timedelta(minutes=30))
    assert fake.push(cid) == [200]

    with bot.db.transaction() as session:
        from smsbot.store.models import Appointment, OutboxMessage

        assert session.scalar(select(Appointment.starts_at)) == FRI_1100
        assert any("11:00 AM" in m.body for m in session.scalars(select(OutboxMessage).filter_by(kind="notice")))
    assert fake.push(cid, state="sync") == [200]


def test_a_push_without_the_channel_token_is_refused(served, fake):
    app, base = served()
    bot = app.extensions["smsbot"]
    channel, _ = ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10))
    headers = {"X-Goog-Channel-ID": channel.id, "X-Goog-Resource-ID": channel.resource_id,
               "X-Goog-Resource-State": "exists", "X-Goog-Channel-Token": "guessed"}

    assert requests.post(f"{base}/google/push", headers=headers, timeout=10).status_code == 403
    del headers["X-Goog-Channel-Token"]
    assert requests.post(f"{base}/google/push", headers=headers, timeout=10).status_code == 403
    assert fake.count("events.list") == 0


def test_a_push_while_google_is_down_asks_google_to_retry(served, fake):
    app, base = served(google_deadline_seconds=1.0)
    bot = app.extensions["smsbot"]
    ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10))
    fake.fail("events.list", 500, times=100)

    assert fake.push(bot.settings.google_calendar_id) == [503]


def test_channels_are_renewed_a_day_before_they_expire(served, fake):
    app, _ = served(google_watch_ttl_seconds=3 * 24 * 3600)
    bot = app.extensions["smsbot"]
    first, new = ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10))
    assert new and not ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10))[1]

    bot.clock.advance(timedelta(days=2, hours=1))
    second, new = ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10))

    assert new and second.id != first.id
    assert fake.channels[first.id]["stopped"] and not fake.channels[second.id]["stopped"]
    with bot.db.transaction() as session:
        assert session.get(GoogleChannel, first.id).stopped_at is not None
    assert parse_time(fake.channels[second.id]["expiration"].isoformat()) == second.expires_at


def test_an_injected_410_on_the_incremental_listing_means_a_full_resync(make_bot, fake):
    g = make_bot(google=fake)
    book(g)
    sync(g)
    fake.staff_delete(g.cid, g.events()[0]["id"])
    fake.fail("events.list", 410, reason="fullSyncRequired")

    report = sync(g)

    assert report.full and report.cancelled == 1
