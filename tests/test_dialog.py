"""The conversation through the service layer, on in-memory SQLite with a frozen clock."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.bots import NY

ALICE, BOB = "+15551230001", "+15551230002"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=NY)


@pytest.fixture
def chat(make_bot):
    """The bot, texted as ALICE, the clock at Wed 2026-03-04 10:15 New York."""
    return make_bot(phone=ALICE)


@pytest.mark.parametrize("yes", ["yes", "Y", "yeah", "yep", "sure", "ok", "OK!", "confirm", "\U0001F44D", "\U0001F44D\U0001F3FD", " Yes. "])
def test_yes_forms_book(chat, yes):
    assert "Book Thursday, March 5 at 2:30 PM EST?" in chat.say("thursday at 2:30pm")
    assert "Booked: Thursday, March 5 at 2:30 PM EST" in chat.say(yes)
    assert chat.bookings() == [at(5, 14, 30)]


@pytest.mark.parametrize("no", ["no", "N", "nope", "nah", "No thanks"])
def test_no_forms_book_nothing(chat, no):
    chat.say("thursday at 2:30pm")
    assert "nothing changed" in chat.say(no)
    assert chat.bookings() == []
    assert "nothing waiting" in chat.say("yes")


def test_bare_book_asks_for_day_and_time(chat):
    assert "What day and time" in chat.say("BOOK")
    assert "Thursday, March 5 at 2:30 PM EST" in chat.say("thursday at 2:30pm")


def test_a_new_time_replaces_the_pending_proposal(chat):
    chat.say("thursday at 2:30pm")
    assert "Friday, March 6 at 11:00 AM EST" in chat.say("sorry, I meant friday at 11am")
    chat.say("yes")
    assert chat.bookings() == [at(6, 11)]


def test_pending_confirmation_expires_after_silence(chat):
    chat.say("thursday at 2:30pm")
    chat.clock.advance(timedelta(minutes=31))
    assert "expired" in chat.say("yes")
    assert chat.bookings() == []


def test_confirmation_within_timeout_still_books(chat):
    chat.say("thursday at 2:30pm")
    chat.clock.advance(timedelta(minutes=29))
    assert "Booked" in chat.say("yes")


def test_timeout_is_configurable(make_bot):
    chat = make_bot(confirm_timeout=timedelta(minutes=5))
    chat.say("thursday at 2:30pm")
    chat.clock.advance(timedelta(minutes=6))
    assert "expired" in chat.say("yes")


def test_taken_time_offers_nearest_free_same_day_first(chat):
    chat.book(BOB, at(5, 14, 30))
    reply = chat.say("thursday at 2:30pm")
    assert "taken" in reply
    assert "1) 2:00 PM 2) 3:00 PM" in reply or "1) 1:30 PM 2) 2:00 PM 3) 3:00 PM" in reply
    assert "Thursday, March 5" in reply
    assert "Book Thursday, March 5 at 3:00 PM EST?" in chat.say("3pm")
    assert "Booked" in chat.say("yes")


def test_pick_an_offer_by_number(chat):
    chat.book(BOB, at(5, 14, 30))
    chat.say("thursday at 2:30pm")
    assert "Book Thursday, March 5 at 2:00 PM EST?" in chat.say("2")
    chat.say("yes")
    assert chat.bookings() == [at(5, 14)]


def test_closed_time_offers_open_times(chat):
    reply = chat.say("saturday at 10am")
    assert "not open" in reply and "Monday, March 9" in reply


def test_day_without_time_offers_times_that_day(chat):
    reply = chat.say("friday")
    assert "Free: Friday, March 6:" in reply and "1)" in reply and "3)" in reply


def test_day_fully_busy_offers_next_days(chat):
    chat.block(at(6, 0), at(7, 0))
    reply = chat.say("friday")
    assert "nothing is free on Friday, March 6" in reply and "Monday, March 9" in reply


def test_past_and_too_soon_are_refused(chat):
    assert "passed" in chat.say("yesterday") or "passed" in chat.say("march 3 at 2pm")
    assert "too soon" in chat.say("today at 10:30am").lower() or "passed" in chat.say("today at 10:30am")


def test_beyond_horizon_is_refused(make_bot):
    chat = make_bot(horizon=timedelta(days=7))
    assert "7 days ahead" in chat.say("march 20 at 10am")


def test_minimum_notice_is_configurable(make_bot):
    chat = make_bot(min_notice=timedelta(0))
    assert "Book Wednesday, March 4 at 10:30 AM EST?" in chat.say("today at 10:30am")


def test_slot_taken_between_offer_and_yes(chat):
    chat.say("thursday at 2:30pm")
    chat.book(BOB, at(5, 14, 30))
    reply = chat.say("yes")
    assert "just taken" in reply and "1)" in reply
    assert chat.bookings() == []


def test_reschedule_single_appointment(chat):
    chat.book(ALICE, at(5, 14, 30))
    assert "When would you like to move your Thursday, March 5 at 2:30 PM EST" in chat.say("RESCHEDULE")
    assert "to Friday, March 6 at 11:00 AM EST?" in chat.say("friday 11am")
    assert "now Friday, March 6 at 11:00 AM EST" in chat.say("yes")
    assert chat.bookings() == [at(6, 11)]


def test_move_in_one_message(chat):
    chat.book(ALICE, at(5, 14, 30))
    assert "Move your" in chat.say("move my appointment to friday 11am")
    chat.say("y")
    assert chat.bookings() == [at(6, 11)]


def test_move_to_overlapping_time_of_own_appointment(chat):
    chat.book(ALICE, at(5, 14, 30))
    chat.say("move my appointment to thursday at 2:45pm")
    assert "now Thursday, March 5 at 2:45 PM" in chat.say("yes")


def test_move_declined_keeps_appointment(chat):
    chat.book(ALICE, at(5, 14, 30))
    chat.say("move my appointment to friday 11am")
    chat.say("no")
    assert chat.bookings() == [at(5, 14, 30)]


def test_choose_which_appointment_when_several(chat):
    chat.book(ALICE, at(5, 14, 30))
    chat.book(ALICE, at(6, 9))
    reply = chat.say("cancel my appointment")
    assert "1) Thu Mar 5 2:30 PM EST 2) Fri Mar 6 9:00 AM EST" in reply
    assert "Cancel your appointment on Friday, March 6 at 9:00 AM EST?" in chat.say("2")
    assert "Cancelled" in chat.say("yes")
    assert chat.bookings() == [at(5, 14, 30)]


def test_move_with_several_keeps_the_requested_time(chat):
    chat.book(ALICE, at(5, 14, 30))
    chat.book(ALICE, at(6, 9))
    chat.say("move my appointment to monday 10am")
    assert "to Monday, March 9 at 10:00 AM EDT?" in chat.say("1")
    chat.say("yes")
    assert chat.bookings() == [at(6, 9), at(9, 10)]


def test_cancel_declined_keeps_it(chat):
    chat.book(ALICE, at(5, 14, 30))
    chat.say("cancel appt")
    assert "stays" in chat.say("no")
    assert chat.bookings() == [at(5, 14, 30)]


def test_cancel_without_appointment(chat):
    assert "no upcoming appointment" in chat.say("cancel my appointment")


def test_bare_cancel_is_an_opt_out_not_an_appointment_cancel(chat):
    chat.book(ALICE, at(5, 14, 30))
    assert chat.say("CANCEL") == ""
    assert chat.bookings() == [at(5, 14, 30)]
    assert chat.say("book") == ""
    assert "Welcome back" in chat.say("start")
    assert "What day" in chat.say("book")


@pytest.mark.parametrize("word", ["STOP", "stopall", "Unsubscribe", "END", "quit", "REVOKE", "OPTOUT", "stop."])
def test_carrier_keywords_opt_out(chat, word):
    assert chat.say(word) == ""
    assert chat.say("thursday at 2pm") == ""
    assert "Welcome back" in chat.say("UNSTOP")


def test_help_mentions_the_cancel_phrase(chat):
    reply = chat.say("HELP")
    assert "cancel appt" in reply and "STOP" in reply


def test_start_over_resets(chat):
    chat.say("thursday at 2:30pm")
    assert "starting over" in chat.say("start over")
    assert "nothing waiting" in chat.say("yes")


def test_unknown_text_gets_help(chat):
    assert "didn't get that" in chat.say("asdfgh")


def test_stop_while_confirming_then_yes_does_not_book(chat):
    chat.say("thursday at 2:30pm")
    chat.say("STOP")
    assert chat.say("YES") == "Welcome back! Text a day and time to book, or HELP."
    assert chat.bookings() == []
