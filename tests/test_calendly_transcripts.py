"""The transcripts in conversations/, unchanged, against the Calendly provider with the fake
Calendly behind it: every booking, move and cancel also goes through Calendly. Their
customers gave their name and email before (asking for them is tested on its own). With
@service lines each service books its own event type (of its length), named by URI or slug."""
from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest

from smsbot.calendars.calendly.provider import CalendlyCalendars
from smsbot.calendars.calendly.models import CalendlyBooking
from smsbot.cli.replay.runner import report, run_transcript
from smsbot.cli.replay.world import World
from smsbot.store.models import Appointment
from tests.calendly_support import calendly_settings, known_customers

CONVERSATIONS = Path(__file__).resolve().parents[1] / "conversations"
FILES = sorted(CONVERSATIONS.glob("*.txt"))
PHONE = re.compile(r"\+\d{11}\b")


def calendly_world(fake, path: Path, worlds: list):
    phones = set(PHONE.findall(path.read_text()))

    def build(setup, start):
        settings = calendly_settings(fake, base=each_service_its_event_type(fake, setup.settings()))
        holder = {}
        world = World(setup, start, calendar_for=lambda session: holder["calendars"](session))
        holder["calendars"] = CalendlyCalendars(settings, clock=world.clock)
        fake.clock = world.clock.now
        fake.event_types["ET1"]["duration"] = setup.slot
        known_customers(world.db, phones, world.clock.now())
        worlds.append(world)
        return world
    return build


def each_service_its_event_type(fake, settings):
    """The transcript's services, each with an event type of its own length in the fake:
    the first named by URI, the others by slug."""
    loaded = settings.business_file
    if loaded is None or not loaded.services:
        return settings
    services = []
    for i, service in enumerate(loaded.services):
        slug = re.sub(r"[^a-z0-9]+", "-", service.name.lower())
        kind = fake.add_event_type(service.name, slug, int(service.length.total_seconds() // 60))
        services.append(dataclasses.replace(service, calendly_event_type=kind["uri"] if i == 0 else slug))
    return settings.with_overrides(business_file=dataclasses.replace(loaded, services=tuple(services)))


def several_providers(path: Path) -> bool:
    """Calendly's event types here are one host's: one booking at a time, whoever the provider."""
    return len({name.lower() for name in re.findall(r"^@provider\s+(\S+)", path.read_text(), re.M)}) > 1


def about_names(path: Path) -> bool:
    """The name question, or the staff agenda of 50: the customers here gave Calendly their
    names before, so the bot never asks and the agenda shows them."""
    return path.name == "50_admin_agenda_and_next.txt" or "What name should we put it under" in path.read_text()


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_transcript_on_calendly(path, fake_calendly):
    if several_providers(path):
        pytest.skip("one Calendly host takes one booking at a time: several providers need the local or Google "
                    "calendar")
    if about_names(path):
        pytest.skip("these customers gave Calendly their names before: never asked, and the agenda shows them")
    worlds: list = []
    _, error = run_transcript(path, world_factory=calendly_world(fake_calendly, path, worlds))
    if error:
        out = io.StringIO()
        report(path, error, out)
        pytest.fail(out.getvalue(), pytrace=False)
    with worlds[0].db.transaction() as session:
        held = Appointment.status.in_(("booked", "no_show"))  # a no-show's event stays, in the past
        booked = {(a.phone, a.starts_at) for a in session.query(Appointment).filter(held)}
        linked = {link.event_uri for link in session.query(CalendlyBooking)
                  .join(Appointment, Appointment.id == CalendlyBooking.appointment_id)
                  .filter(held)}
    from tests.fakes.calendly import parse

    held = {(fake_calendly.invitee_of(e)["text_reminder_number"], parse(e["start_time"]))
            for e in fake_calendly.active_events()}
    assert held == booked  # Calendly holds exactly our booked appointments, no more, no fewer
    assert linked == {e["uri"] for e in fake_calendly.active_events()}
