"""Twilio voice: the real routes, signed with the SDK's RequestValidator, the same dialog."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from urllib.parse import urlencode

import pytest

from smsbot.calendars.base import CalendarUnavailable
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.store.db import Database, DatabaseTimeouts
from smsbot.store.models import Conversation, InboundMessage, OptOut
from tests.bots import START, build_bot
from tests.fakes.pg_cluster import free_port
from tests.support import TOKEN, inbound, post_signed
from tests.voice_calls import CALLER, Call

PRODUCTION = {"environment": "production", "twilio_auth_token": TOKEN, "public_base_url": "http://localhost"}


@pytest.fixture
def bot():
    bot = build_bot(**PRODUCTION)
    yield bot
    bot.db.dispose()


@pytest.fixture
def call(bot):
    return Call(bot.app().test_client())


def rows(bot, model) -> int:
    return len(bot.rows(model))


def outbox_bodies(bot) -> list[str]:
    return [m.body for m in bot.outbox() if m.to == CALLER and m.kind == "confirmation"]


def test_the_greeting_names_the_business_and_gathers_speech_and_keys(bot):
    call = Call(build_bot(**PRODUCTION, business_name="Bright Smiles", voice_language="en-GB").app().test_client())
    assert call.start().startswith("Thanks for calling Bright Smiles.")
    gather = ElementTree.fromstring(call.twiml).find("Gather")
    assert gather.get("input") == "speech dtmf" and gather.get("speechTimeout") == "auto"
    assert gather.get("speechModel") is None  # Twilio refuses "auto" with an explicit model
    assert "Thursday" in gather.get("hints") and "yes" in gather.get("hints")
    assert gather.get("language") == "en-GB" and gather.get("actionOnEmptyResult") == "true"
    assert gather.get("action") == "/twilio/voice/gather?turn=1&miss=0"


def test_booking_by_voice_reads_the_time_asks_yes_or_1_and_texts_a_confirmation(bot, call):
    call.start()
    question = call.say("Tomorrow at 3 p.m.")
    assert question == ("Shall I book Thursday, March fifth at three PM? "
                        "Say yes or press 1, or say no or press 2.")
    assert bot.bookings() == []
    assert call.say("Yes.").startswith("You're booked for Thursday, March fifth at three PM.")
    assert [b.hour for b in bot.bookings()] == [15]
    assert outbox_bodies(bot) == ["Booked: Thursday, March 5 at 3:00 PM EST. To change it text RESCHEDULE, "
                                  "or 'cancel appt' to cancel."]


def test_offers_are_read_with_keys_and_a_key_picks_one_then_1_confirms(bot, call):
    call.start()
    offers = call.say("tomorrow morning")
    assert "press 1 for nine AM, 2 for" in offers
    assert call.press("2").startswith("Shall I book Thursday, March fifth at")
    assert call.press("1").startswith("You're booked")
    assert len(bot.bookings()) == 1


def test_a_spoken_stop_or_cancel_never_opts_out_of_texts(bot, call):
    call.start()
    call.say("Stop.")
    call.say("Cancel.")
    assert rows(bot, OptOut) == 0
    call.say("Friday at 10 a.m.")
    call.say("yes")
    assert len(outbox_bodies(bot)) == 1


def test_low_confidence_or_silence_asks_again_then_offers_keys_or_a_person_then_ends(bot, call):
    call.start()
    assert call.say("tomorrow at three", confidence="0.1") == "Sorry, I didn't catch that. Could you say it again?"
    assert "press 0 to talk to someone" in call.silence()
    assert call.silence().endswith("Goodbye.") and "<Hangup" in call.twiml
    assert rows(bot, InboundMessage) == 0  # nothing reached the dialog


def test_a_good_answer_after_a_miss_starts_counting_again(bot, call):
    call.start()
    call.silence()
    assert call.say("Thursday at 2 p.m.").startswith("Shall I book")
    assert call.action.endswith("miss=0")


@pytest.mark.parametrize("words", ["That's all, thanks.", "Goodbye.", "No thanks.", "Bye bye"])
def test_goodbye_ends_politely_and_drops_the_open_question(bot, call, words):
    call.start()
    call.say("tomorrow at 3pm")
    assert call.say(words) == "Thanks for calling. Goodbye!" and "<Hangup" in call.twiml
    assert bot.rows(Conversation)[0].state == "idle"
    assert bot.say("yes").startswith("There's nothing waiting")
    assert bot.bookings() == []


def test_a_hang_up_books_nothing_unconfirmed(bot, call):
    call.start()
    call.say("tomorrow at 3pm")
    assert call.hang_up().status_code == 204
    assert not bot.say("yes").startswith("Booked") and bot.bookings() == []


def test_talk_to_someone_dials_the_business_phone_when_set():
    call = Call(build_bot(**PRODUCTION, business_phone="(555) 010-2030").app().test_client())
    call.start()
    assert call.say("Can I talk to someone?") == "Connecting you now. +15550102030"
    assert ElementTree.fromstring(call.twiml).find("Dial").text == "+15550102030"


def test_talk_to_someone_without_a_business_phone_tells_the_team(bot, call):
    call.start()
    assert "someone will call you back" in call.say("talk to a person")


def test_a_retried_turn_gets_the_same_answer_and_books_once(bot, call):
    call.start()
    call.say("tomorrow at 3pm")
    action = call.action
    first = call.post(action, call.form(SpeechResult="yes", Confidence="0.9")).get_data(as_text=True)
    again = call.post(action, call.form(SpeechResult="yes", Confidence="0.9")).get_data(as_text=True)
    assert first == again and len(bot.booked()) == 1 and len(outbox_bodies(bot)) == 1


def test_a_customer_who_texted_continues_by_voice(bot, call):
    client = call.client
    post_signed(client, inbound("tomorrow at 3pm"), url="http://localhost/twilio/sms")
    call.start()
    assert call.press("1").startswith("You're booked for Thursday, March fifth at three PM")


def test_an_opted_out_caller_is_served_but_not_texted(bot, call):
    post_signed(call.client, inbound("STOP"), url="http://localhost/twilio/sms")
    call.start()
    call.say("tomorrow at 3pm")
    assert call.say("yes").startswith("You're booked")
    assert outbox_bodies(bot) == []


def test_moving_and_cancelling_by_voice_are_confirmed_by_text(bot, call):
    bot.book(CALLER, START.replace(day=5, hour=10, minute=0))
    call.start()
    assert call.say("Can I move it to Friday at 11 a.m.?").startswith(
        "Move your appointment on Thursday, March fifth at ten AM to Friday, March sixth at eleven AM?")
    assert call.press("1").startswith("Done. Your appointment is now Friday, March sixth at eleven AM")
    assert call.say("I need to cancel my appointment").startswith("Cancel your appointment on Friday")
    assert call.say("yes").startswith("Cancelled")
    assert [b[:10] for b in outbox_bodies(bot)] == ["Done: your", "Cancelled "]


@pytest.mark.parametrize("headers", [{}, {"X-Twilio-Signature": "bm90LWEtc2lnbmF0dXJl"}])
def test_unsigned_voice_requests_are_403(bot, call, headers):
    for path in ("/twilio/voice", "/twilio/voice/gather?turn=1&miss=0", "/twilio/voice/status"):
        response = call.client.post(path, data=urlencode(call.form(SpeechResult="yes")), headers=headers,
                                    content_type="application/x-www-form-urlencoded")
        assert response.status_code == 403
    assert call.post("/twilio/voice", call.form(), token="another-token").status_code == 403
    assert rows(bot, InboundMessage) == 0


@pytest.mark.parametrize("path, fields", [
    ("/twilio/voice/gather?turn=x", {"SpeechResult": "yes"}),
    ("/twilio/voice/gather?turn=0&miss=0", {"SpeechResult": "yes"}),
    ("/twilio/voice/gather?turn=1&miss=9", {"SpeechResult": "yes"}),
    ("/twilio/voice/gather?turn=1", {"Digits": "12abc"}),
    ("/twilio/voice/gather?turn=1", {"SpeechResult": "yes", "Confidence": "high"}),
    ("/twilio/voice/gather?turn=1", {"SpeechResult": "yes", "CallSid": ""}),
    ("/twilio/voice/gather?turn=1", {"SpeechResult": "yes", "From": "anonymous"}),
    ("/twilio/voice/gather?turn=1", {"SpeechResult": "ye\x00s"}),
])
def test_bad_voice_forms_are_4xx(call, path, fields):
    assert call.post(path, call.form(**fields)).status_code == 400


def test_a_hidden_number_is_told_politely_and_the_call_ends(call):
    call.phone = "anonymous"
    assert call.start().startswith("Sorry, I can only book when your number is shown")
    assert "<Hangup" in call.twiml


class DownCalendar:
    def __init__(self, session):
        pass

    def __getattr__(self, name):
        raise CalendarUnavailable("the calendar is down")


def test_a_calendar_fault_says_sorry_and_hangs_up(bot):
    app = bot.app()
    app.extensions["smsbot"].calendar_for = DownCalendar
    call = Call(app.test_client())
    call.start()
    assert call.say("tomorrow at 3pm").startswith("Sorry, our calendar is not answering")
    assert "<Hangup" in call.twiml and rows(bot, InboundMessage) == 0


def test_a_database_outage_says_sorry_and_hangs_up():
    from smsbot.app import create_app

    settings = Settings().with_overrides(**PRODUCTION)
    db = Database(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/smsbot",
                  DatabaseTimeouts(connect_seconds=2, statement_seconds=1, lock_seconds=1))
    call = Call(create_app(settings, clock=FrozenClock(START), db=db).test_client())
    call.start()
    assert call.say("tomorrow at 3pm").startswith("Sorry, our calendar is not answering")
    assert "<Hangup" in call.twiml


def test_the_hints_name_the_services_and_providers_of_the_business_file(tmp_path):
    from smsbot.scheduling.business_file import read_business_file

    path = tmp_path / "business.toml"
    path.write_text('[[services]]\nname = "Whitening"\nminutes = 60\naliases = ["bleaching"]\n\n'
                    '[[providers]]\nname = "Anna"\n')
    call = Call(build_bot(**PRODUCTION, business_file=read_business_file(str(path))).app().test_client())
    call.start()
    hints = ElementTree.fromstring(call.twiml).find("Gather").get("hints")
    assert hints.endswith(", Whitening, bleaching, Anna") and hints.startswith("Monday")


def test_a_staff_member_calling_gets_the_staff_commands_spoken(bot):
    from smsbot.store import staff as staff_store

    with bot.db.transaction() as session:
        staff_store.add(session, "+15550000001", "Ann", "owner", START)
    call = Call(bot.app().test_client(), phone="+15550000001")
    call.start()
    said = call.say("help")
    assert said and "<Gather" in call.twiml and rows(bot, OptOut) == 0
