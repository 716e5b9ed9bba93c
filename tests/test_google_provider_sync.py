"""Two-way sync of providers' own Google calendars (business.toml google_calendar_id): staff
changes made there reach our appointments and the customer, each calendar with its own sync
token and push channel; `smsbot google sync` and `status` cover every calendar in use."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests
from werkzeug.serving import make_server

from smsbot.calendars.google.api import MAX_TRIES, Budget
from smsbot.calendars.google.events import event_id
from smsbot.calendars.google.models import GoogleChannel, GoogleEvent, GoogleSyncState
from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.calendars.google.sync import sync_calendar
from smsbot.calendars.google.watch import ensure_channel, stop_unused_channels
from smsbot.scheduling.business import Provider, Service
from smsbot.scheduling.business_file import BusinessFile
from tests.bots import NY
from tests.cli_runner import smsbot
from tests.fakes.google_accounts import new_calendar, service_account_json

THU_11 = datetime(2026, 3, 5, 11, 0, tzinfo=NY)
FRI_15 = datetime(2026, 3, 6, 15, 0, tzinfo=NY)


def salon(anna: str) -> BusinessFile:
    return BusinessFile("business.toml", services=(Service("Cut", timedelta(minutes=30)),),
                        providers=(Provider("Anna", google_calendar_id=anna), Provider("Ben")))


def anna_books(g, phone="+15551230001"):
    g.text("thursday at 11am with Anna", phone)
    assert g.text("yes", phone)[0].startswith("Booked with Anna")


def sync(g, calendar_id=None):
    return sync_calendar(g.db, g.calendars, g.settings, g.clock.now(), Budget(20), calendar_id)


def notices(g):
    return [(m.to, m.body) for m in g.outbox() if m.kind == "notice"]


@pytest.fixture
def salon_bot(make_bot, fake):
    anna = new_calendar(fake)
    return make_bot(google=fake, business_file=salon(anna), ask_names="no"), anna


def test_every_calendar_in_use_is_synced(salon_bot):
    g, anna = salon_bot
    assert g.calendars.link.synced_ids == [g.cid, anna]


def test_staff_moving_an_event_in_a_providers_calendar_moves_the_appointment(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    [event] = fake.events(anna)
    fake.staff_move(anna, event["id"], FRI_15, FRI_15 + timedelta(minutes=30))

    assert sync(g).changes == 0  # the business calendar saw nothing
    report = sync(g, anna)

    assert report.calendar_id == anna and report.moved == 1
    [appointment] = g.booked()
    assert appointment.starts_at == FRI_15 and appointment.provider == "Anna"
    [(to, body)] = notices(g)
    assert to == "+15551230001" and "Friday, March 6 at 3:00 PM" in body
    assert sync(g, anna).moved == 0  # followed once


def test_staff_deleting_an_event_in_a_providers_calendar_cancels_the_appointment(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    fake.staff_delete(anna, fake.events(anna)[0]["id"])

    assert sync(g, anna).cancelled == 1
    assert g.booked() == []
    [(to, body)] = notices(g)
    assert to == "+15551230001" and "cancelled" in body


def test_each_calendar_keeps_its_own_sync_token(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    assert sync(g).full and sync(g, anna).full
    with g.db.transaction() as session:
        states = {s.calendar_id: s for s in session.query(GoogleSyncState)}
        assert set(states) == {g.cid, anna}
        assert states[g.cid].event_prefix and states[anna].event_prefix is None
        assert states[anna].sync_token and states[anna].sync_token != states[g.cid].sync_token
    fake.staff_move(anna, fake.events(anna)[0]["id"], FRI_15, FRI_15 + timedelta(minutes=30))
    fake.expire_sync_tokens(anna)

    assert not sync(g).full  # the business calendar's token still holds
    report = sync(g, anna)
    assert report.full and report.moved == 1
    assert not sync(g, anna).full


def test_a_full_resync_of_a_providers_calendar_cancels_only_its_vanished_appointments(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    g.text("thursday at 11am with Ben", "+15551230002")
    assert g.text("yes", "+15551230002")[0].startswith("Booked with Ben")
    sync(g, anna)
    del fake.calendars[anna][fake.events(anna)[0]["id"]]  # purged: not even listed as deleted
    fake.expire_sync_tokens(anna)

    assert sync(g, anna).cancelled == 1
    assert [(a.phone, a.provider) for a in g.booked()] == [("+15551230002", "Ben")]


def test_a_stray_event_in_a_providers_calendar_is_removed(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    with g.db.transaction() as session:
        prefix = g.calendars.link.event_prefix(session)
    stray = event_id(prefix, 99)
    fake._store(anna, {"id": stray, "start": {"dateTime": "2026-03-06T15:00:00Z"},
                       "end": {"dateTime": "2026-03-06T15:30:00Z"},
                       "extendedProperties": {"private": {"smsbot": "appointment", "appointmentId": "99"}}})
    g.clock.advance(timedelta(minutes=11))

    assert sync(g, anna).orphans_removed == 1
    assert [e["id"] for e in fake.events(anna)] != [stray] and len(fake.events(anna)) == 1
    assert len(g.booked()) == 1


def test_a_move_to_another_provider_takes_the_event_to_their_calendar_and_syncs_there(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    [event] = fake.events(anna)
    g.text("move it to friday at 3pm with Ben")
    assert g.text("yes")[0].startswith("Done")
    assert fake.events(anna) == []
    [moved] = g.events()  # Ben's appointments are in the business calendar
    assert moved["id"] == event["id"] and moved["start"]["dateTime"] == "2026-03-06T20:00:00Z"
    with g.db.transaction() as session:
        assert [r.calendar_id for r in session.query(GoogleEvent)] == [g.cid]
    assert (sync(g).moved, sync(g, anna).cancelled) == (0, 0)  # our own writes, in both calendars

    fake.staff_move(g.cid, moved["id"], THU_11, THU_11 + timedelta(minutes=30))
    assert sync(g).moved == 1 and g.booked()[0].starts_at == THU_11
    assert len(notices(g)) == 1

    g.text("move it to friday at 3pm with Anna")
    assert g.text("yes")[0].startswith("Done")
    [back] = fake.events(anna)  # the id Anna's calendar had before, restored
    assert back["id"] == event["id"] and g.events() == []
    assert g.booked()[0].provider == "Anna" and sync(g, anna).moved == 0


def test_a_move_to_another_provider_that_google_refuses_halfway_is_undone(salon_bot, fake):
    g, anna = salon_bot
    anna_books(g)
    [event] = fake.events(anna)
    g.text("move it to friday at 3pm with Ben")
    fake.fail("events.delete", 500, times=MAX_TRIES)  # the event reached Ben's calendar, never left Anna's

    assert not g.text("yes")[0].startswith("Done")

    [kept] = fake.events(anna)
    assert (kept["id"], kept["start"]) == (event["id"], event["start"]) and g.events() == []
    [appointment] = g.booked()
    assert (appointment.provider, appointment.starts_at) == ("Anna", THU_11)


# push channels ------------------------------------------------------------------------

@pytest.fixture
def served_salon(fake, make_bot):
    """The salon's bot as deployed: its app served over HTTP on a real port."""
    server = make_server("127.0.0.1", 0, None, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    anna = new_calendar(fake)
    server.app = make_bot(google=fake, business_file=salon(anna), ask_names="no", public_base_url=base).app()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.app.extensions["smsbot"], base, anna
    server.shutdown()
    server.server_close()


def sms(base, body, sid, phone="+15551230001"):
    form = {"MessageSid": sid, "From": phone, "To": "+15550009999", "Body": body}
    return requests.post(f"{base}/twilio/sms", data=form, timeout=20).text


def test_a_push_from_a_providers_calendar_syncs_that_calendar(served_salon, fake):
    bot, base, anna = served_salon
    sms(base, "thursday at 11am with Anna", "SM1")
    assert "Booked with Anna" in sms(base, "yes", "SM2")
    now = bot.clock.now()
    business, _ = ensure_channel(bot.db, bot.calendar_for, bot.settings, now, Budget(10))
    own, new = ensure_channel(bot.db, bot.calendar_for, bot.settings, now, Budget(10), calendar_id=anna)
    assert new and own.id != business.id and own.calendar_id == anna
    assert fake.channels[own.id]["calendar"] == anna

    [event] = fake.events(anna)
    fake.staff_move(anna, event["id"], FRI_15, FRI_15 + timedelta(minutes=30))
    lists = fake.count("events.list")
    assert fake.push(anna) == [200]

    with bot.db.transaction() as session:
        from smsbot.store.models import Appointment, OutboxMessage

        assert session.query(Appointment).one().starts_at == FRI_15
        assert any("3:00 PM" in m.body for m in session.query(OutboxMessage).filter_by(kind="notice"))
        assert session.get(GoogleSyncState, anna).last_sync_at is not None
        assert session.get(GoogleSyncState, bot.settings.google_calendar_id).last_sync_at is None
    assert fake.count("events.list") > lists


def test_a_channel_of_a_calendar_no_longer_in_use_is_refused_and_stopped(served_salon, fake):
    bot, base, anna = served_salon
    gone = new_calendar(fake)  # the calendar of a provider who has left
    leftover, _ = ensure_channel(bot.db, bot.calendar_for, bot.settings, bot.clock.now(), Budget(10),
                                 calendar_id=gone)
    lists = fake.count("events.list")

    assert fake.push(gone) == [403]
    assert fake.count("events.list") == lists

    assert stop_unused_channels(bot.db, bot.calendar_for, bot.clock.now(), Budget(10)) == 1
    assert fake.channels[leftover.id]["stopped"]
    with bot.db.transaction() as session:
        assert session.get(GoogleChannel, leftover.id).stopped_at is not None
    assert stop_unused_channels(bot.db, bot.calendar_for, bot.clock.now(), Budget(10)) == 0


# the operator's commands --------------------------------------------------------------

@pytest.fixture
def salon_env(fake, tmp_path):
    fake.clock = lambda: datetime.now(timezone.utc)
    key_file = tmp_path / "key.json"
    key_file.write_text(service_account_json(fake))
    anna = new_calendar(fake)
    profile = tmp_path / "business.toml"
    profile.write_text(f'[[services]]\nname = "Cut"\nminutes = 30\n\n[[providers]]\nname = "Anna"\n'
                       f'google_calendar_id = "{anna}"\n\n[[providers]]\nname = "Ben"\n', encoding="utf-8")
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "GOOGLE_CALENDAR_ID": new_calendar(fake),
           "GOOGLE_SERVICE_ACCOUNT_JSON": str(key_file), "GOOGLE_CALENDAR_API_ENDPOINT": fake.base,
           "SMSBOT_DOTENV": str(tmp_path / "none.env"), "BUSINESS_FILE": str(profile),
           "PUBLIC_BASE_URL": "https://bot.example"}
    return env, anna


def test_sync_and_status_cover_every_calendar_in_use(salon_env, fake):
    env, anna = salon_env
    business = env["GOOGLE_CALENDAR_ID"]
    first = smsbot("google", "sync", env=env)
    assert first.returncode == 0, first.stderr
    assert f"{business}: full sync" in first.stdout and f"{anna}: full sync" in first.stdout
    assert sorted(c["calendar"] for c in fake.channels.values() if c["calendar"] in (business, anna)) == \
        sorted([business, anna])
    now = datetime.now(timezone.utc).replace(microsecond=0)
    fake.staff_add(anna, now + timedelta(days=1), now + timedelta(days=1, hours=1))

    again = smsbot("google", "sync", env=env)
    assert again.returncode == 0, again.stderr
    assert f"{business}: incremental sync: 0 change(s)" in again.stdout
    assert f"{anna}: incremental sync: 1 change(s)" in again.stdout
    assert again.stdout.count("kept") == 2

    status = smsbot("google", "status", env=env)
    assert status.returncode == 0, status.stderr
    assert f"synced calendar: {business} (the business's)" in status.stdout
    assert f"synced calendar: {anna} (Anna's)" in status.stdout
    assert status.stdout.count("last sync: 20") == 2 and status.stdout.count("to https://bot.example/google/push") == 2


def test_sync_goes_on_with_the_other_calendars_when_one_fails(salon_env, fake):
    env, anna = salon_env
    del fake.calendars[anna]  # Anna's calendar was deleted, or never shared with us

    result = smsbot("google", "sync", "--no-watch", env=env)

    assert result.returncode == 1
    assert f"{env['GOOGLE_CALENDAR_ID']}: full sync" in result.stdout
    assert f"did not answer for {anna}" in result.stderr


def test_providers_sharing_a_calendar_sync_it_once(make_bot, fake):
    shared = new_calendar(fake)
    profile = BusinessFile("business.toml", services=(Service("Cut", timedelta(minutes=30)),),
                           providers=(Provider("Anna", google_calendar_id=shared),
                                      Provider("Ben", google_calendar_id=shared)))
    g = make_bot(google=fake, business_file=profile, ask_names="no")

    assert g.calendars.link.synced_ids == [g.cid, shared]
    assert isinstance(g.calendars, GoogleCalendars)
