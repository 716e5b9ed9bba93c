"""The transcripts in conversations/, unchanged, against the Google Calendar provider with
the fake Google behind it: every booking, move and cancel also goes through Google."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.cli.replay.runner import report, run_transcript
from smsbot.cli.replay.world import World
from tests.fakes.google_accounts import google_settings

CONVERSATIONS = Path(__file__).resolve().parents[1] / "conversations"
BOOKING = ["01", "02", "03", "04", "05", "11", "12", "13", "14", "15", "16", "17", "18", "31", "32"]
FILES = sorted(CONVERSATIONS.glob("*.txt"))


def google_world(fake_google, worlds: list):
    def build(setup, start):
        settings = google_settings(fake_google, base=setup.settings())
        world = World(setup, start, calendar_for=GoogleCalendars(settings))
        fake_google.clock = world.clock.now
        worlds.append((world, settings.google_calendar_id))
        return world
    return build


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_transcript_on_google(path, fake):
    worlds: list = []
    _, error = run_transcript(path, world_factory=google_world(fake, worlds))
    if error:
        out = io.StringIO()
        report(path, error, out)
        pytest.fail(out.getvalue(), pytrace=False)
    world, cid = worlds[0]
    with world.db.transaction() as session:
        from smsbot.store.models import Appointment

        held = session.query(Appointment).filter(Appointment.status.in_(("booked", "no_show")))
        booked = {(a.phone, a.starts_at) for a in held}
    mirrored = {(e["extendedProperties"]["private"]["phone"], _start(e)) for e in fake.events(cid)}
    # Google holds exactly our booked appointments (and the past ones nobody came to), no more, no fewer
    assert mirrored == booked


def test_the_booking_transcripts_are_all_there():
    names = {f.name[:2] for f in FILES}
    assert set(BOOKING) <= names


def _start(event):
    from smsbot.calendars.google.events import parse_time

    return parse_time(event["start"]["dateTime"])
