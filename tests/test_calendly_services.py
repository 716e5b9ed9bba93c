"""Calendly with several services: each service in business.toml may book its own Calendly
event type (`calendly_event_type`, URI or slug), else CALENDLY_EVENT_TYPE. Availability and
bookings use the service's event type; webhooks of any event type in use are followed;
`smsbot calendly status` lists them and warns when a service's length is not its event type's."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from werkzeug.serving import make_server

from smsbot.config import SettingsError, load_settings
from smsbot.store.models import Appointment
from tests.bots import CUSTOMER, NY
from tests.calendly_support import known_customers
from tests.cli_runner import smsbot
from tests.fakes.calendly import parse

THU_1430 = datetime(2026, 3, 5, 14, 30, tzinfo=NY)
FRI_1100 = datetime(2026, 3, 6, 11, 0, tzinfo=NY)
OTHER = "+15551239876"
KEY = "whsec-test-key"


def business_toml(colour: str, beard: str) -> str:
    return f'''\
[[services]]
name = "Haircut"
minutes = 30
aliases = ["trim"]

[[services]]
name = "Colour"
minutes = 90
calendly_event_type = "{colour}"

[[services]]
name = "Beard"
minutes = 15
calendly_event_type = "{beard}"
'''


@pytest.fixture
def salon(tmp_path, fake_calendly):
    """Haircut books CALENDLY_EVENT_TYPE; Colour its own event type by slug, Beard by URI
    (20 minutes on Calendly against the file's 15)."""
    colour = fake_calendly.add_event_type("Colour", "colour-90", 90)
    beard = fake_calendly.add_event_type("Beard trim", "beard", 20)
    path = tmp_path / "business.toml"
    path.write_text(business_toml("colour-90", beard["uri"]), encoding="utf-8")
    return path, colour, beard


@pytest.fixture
def bot(make_bot, fake_calendly, salon):
    made = make_bot(calendly=fake_calendly, settings=load_settings({"BUSINESS_FILE": str(salon[0])}))
    known_customers(made.db, [CUSTOMER], made.clock.now())
    return made


def asked_event_types(fake) -> set[str]:
    return {c["args"]["event_type"] for c in fake.calls if c["op"] == "available_times"}


def test_a_service_books_its_own_event_type_and_a_service_without_one_the_default(bot, fake_calendly, salon):
    _, colour, _ = salon
    bot.text("colour thursday at 2:30pm")
    assert asked_event_types(fake_calendly) == {colour["uri"]}
    assert bot.text("yes")[0].startswith("Booked: Colour on Thursday, March 5 at 2:30 PM EST")

    bot.text("a trim friday at 11am")
    bot.text("new")  # a second booking: after NEW the bot asks the service again
    bot.text("trim")
    assert bot.text("yes")[0].startswith("Booked: Haircut on Friday, March 6 at 11:00 AM EST")

    creates = [c["json"]["event_type"] for c in fake_calendly.calls if c["op"] == "invitees.create"]
    assert creates == [colour["uri"], fake_calendly.event_type_uri]
    events = sorted(fake_calendly.active_events(), key=lambda e: e["start_time"])
    assert [(parse(e["start_time"]), parse(e["end_time"]) - parse(e["start_time"])) for e in events] == [
        (THU_1430, timedelta(minutes=90)), (FRI_1100, timedelta(minutes=30))]
    assert sorted((a.service, a.starts_at) for a in bot.rows(Appointment)) == [
        ("Colour", THU_1430), ("Haircut", FRI_1100)]
    assert fake_calendly.count("event_types.list") == 1  # the slugs were looked up once


def test_a_service_is_free_only_when_its_event_type_is_offered(bot, fake_calendly):
    # a 90-minute colour at 2:30 runs into a booking at 3:30; a 30-minute haircut does not
    fake_calendly.host_busy.append((THU_1430 + timedelta(hours=1), THU_1430 + timedelta(hours=2)))

    assert "taken" in bot.text("colour thursday at 2:30pm")[0]
    assert bot.text("no")  # leave that offer
    assert "taken" not in bot.text("a haircut thursday at 2:30pm")[0]


def test_moving_a_colour_books_its_event_type_again(bot, fake_calendly, salon):
    _, colour, _ = salon
    bot.text("colour thursday at 2:30pm")
    bot.text("yes")
    bot.text("move it to friday at 11am")
    assert bot.text("yes")[0]

    [event] = fake_calendly.active_events()
    assert (event["event_type"], parse(event["start_time"])) == (colour["uri"], FRI_1100)


def test_a_bad_event_type_in_the_file_names_file_line_and_field(tmp_path):
    path = tmp_path / "business.toml"
    path.write_text(business_toml("colour 90", "beard"), encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_settings({"BUSINESS_FILE": str(path)})
    [message] = caught.value.problems
    assert f"{path} line 9, services[2].calendly_event_type: must be the event type's URI" in message


def test_an_event_type_that_is_not_the_accounts_is_named_with_its_service(bot, fake_calendly, tmp_path, make_bot):
    path = tmp_path / "other.toml"
    path.write_text(business_toml("no-such-type", "beard"), encoding="utf-8")
    other = make_bot(calendly=fake_calendly, settings=load_settings({"BUSINESS_FILE": str(path)}), phone=OTHER)
    known_customers(other.db, [OTHER], other.clock.now())

    reply = other.text("colour thursday at 2:30pm")[0]

    assert "try again" in reply.lower()
    assert fake_calendly.count("invitees.create") == 0


@pytest.fixture
def served(bot, fake_calendly):
    server = make_server("127.0.0.1", 0, bot.app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fake_calendly.subscribe(f"http://127.0.0.1:{server.server_port}/calendly/webhook", KEY)
    yield bot
    server.shutdown()
    server.server_close()


def test_a_page_booking_of_any_event_type_in_use_is_recorded_as_its_service(served, fake_calendly, salon):
    _, colour, _ = salon
    fake_calendly.book_on_page(THU_1430, "Pat Page", "pat@example.com", OTHER, event_type=colour["uri"].rsplit("/")[-1])
    unused = fake_calendly.add_event_type("Staff meeting", "meeting", 60)
    fake_calendly.book_on_page(FRI_1100, "Pat Page", "pat@example.com", OTHER, event_type=unused["uri"].rsplit("/")[-1])

    assert fake_calendly.deliveries == [200, 200]
    [appointment] = served.rows(Appointment)
    assert (appointment.service, appointment.starts_at, appointment.ends_at) == (
        "Colour", THU_1430, THU_1430 + timedelta(minutes=90))


def test_status_lists_each_event_type_and_warns_of_a_length_that_differs(fake_calendly, salon):
    path, colour, beard = salon
    result = smsbot("calendly", "status", env={
        "CALENDLY_TOKEN": fake_calendly.token, "CALENDLY_EVENT_TYPE": "appointment",
        "CALENDLY_API_BASE": fake_calendly.base, "BUSINESS_FILE": str(path)})

    assert result.returncode == 0, result.stderr
    assert f"event type: Appointment (30 min) {fake_calendly.event_type_uri} for service 'Haircut'" in result.stdout
    assert f"event type: Colour (90 min) {colour['uri']} for service 'Colour'" in result.stdout
    assert f"event type: Beard trim (20 min) {beard['uri']} for service 'Beard'" in result.stdout
    assert "WARNING: service 'Beard' is 15 min but its event type 'Beard trim' is 20 min" in result.stdout
    assert "Colour' is 90 min" not in result.stdout


def test_with_two_providers_a_solo_event_types_taken_time_is_taken_for_both(tmp_path, make_bot, fake_calendly):
    """Our rows keep Anna and Ben apart, but Calendly's event type is one host's time: Ben is
    not offered 2:30 once Anna holds it (offering it would end in 'just taken' at the yes)."""
    path = tmp_path / "business.toml"
    path.write_text('[[services]]\nname = "Haircut"\nminutes = 30\n\n[[providers]]\nname = "Anna"\n\n'
                    '[[providers]]\nname = "Ben"\n', encoding="utf-8")
    first = make_bot(calendly=fake_calendly, settings=load_settings({"BUSINESS_FILE": str(path)}))
    known_customers(first.db, [CUSTOMER, OTHER], first.clock.now())
    first.text("thursday at 2:30pm")
    assert "with Anna" in first.text("yes")[0]

    reply = first.text("thursday at 2:30pm", phone=OTHER)[0]

    assert "taken" in reply and fake_calendly.count("invitees.create") == 1


def test_a_page_booking_while_event_types_cannot_be_looked_up_is_refused_to_be_delivered_again(
        served, fake_calendly, salon):
    _, colour, _ = salon
    fake_calendly.fail("event_types.list", 503, times=20)

    fake_calendly.book_on_page(THU_1430, "Pat Page", "pat@example.com", OTHER, event_type=colour["uri"].rsplit("/")[-1])

    assert fake_calendly.deliveries == [503]  # Calendly retries the delivery later
    assert served.rows(Appointment) == []
