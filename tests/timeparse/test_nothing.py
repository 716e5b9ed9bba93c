"""Texts with no day or time give null: the parser never invents one."""
from __future__ import annotations

import pytest

from smsbot.timeparse import When, parse_when
from smsbot.timeparse.types import NOTHING

from .expect import NOWS, NY

NO_DAY_OR_TIME = [
    "", " ", "\n", "yes", "Yes!", "y", "no", "no thanks", "nope", "BOOK", "book", "book appointment",
    "I'd like to book an appointment", "cancel", "cancel my appointment", "CANCEL", "RESCHEDULE",
    "reschedule please", "I need to reschedule", "HELP", "help", "start over", "STOP",
    "unsubscribe", "hi", "hello", "hey there", "good morning", "Good afternoon!", "good evening",
    "good night", "thanks!", "thank you", "ok", "okay great", "sounds good", "see you then",
    "perfect", "sure", "that works", "confirm", "Who is this?", "wrong number", "on my way",
    "running late", "I'll be 10 minutes late", "running 5 min late", "be there in 5",
    "what time do you open?", "how much is it?", "where are you located",
    "1", "2", "3", "4", "10", "12", " 2 ", "2.", "#3", "option 2", "Option 3 please", "1 please", "3 please",
    "ok 2", "the second one", "the first one", "I'd like the 2nd option", "1st available",
    "the 1st available", "2nd works", "the 2nd one", "2 works", "I have three", "three of us",
    "1234567", "555-123-4567", "(555) 123-4567", "555 123 4567", "+1 555 123 4567",
    "my number is 555 1234", "call me at 555-1234", "5558675309", "zip 10001", "room 12",
    "$50", "50%", "I'm 25", "2 people", "table for 4", "3 of us", "I have 2 kids",
    "\U0001F600", "\U0001F44D\U0001F44D", "???", "...", "-", "a", "next", "this", "week",
    "end of the month", "in march", "march", "may I ask something", "asap",
    "I cannot make it on thursday", "not tomorrow", "soon", "as soon as possible",
    "match", "the sun is out", "lol", "k", "thx", "x", "2-4", "9-11", "3.50",
    "quarter to 13", "half past 25", "quarter past 0", "not the 1st", "not march 3rd",
    "anything but march 3rd",
]


@pytest.mark.parametrize("now_name", ["wed-contract", "sun-fall-dst-ambiguous", "new-years-eve"])
@pytest.mark.parametrize("text", NO_DAY_OR_TIME)
def test_gives_null(text, now_name):
    found = parse_when(text, NOWS[now_name], NY)
    assert found == NOTHING
    assert found.to_json() == {"start": None, "end": None, "grain": None}


@pytest.mark.parametrize("text", ["no, tomorrow", "yes tomorrow", "cancel my appointment tomorrow"])
def test_a_day_next_to_dialog_words_is_still_read(text):
    found = parse_when(text, NOWS["wed-contract"], NY)
    assert found.grain == "day" and found.start.date().isoformat() == "2026-03-05"


def test_nothing_is_the_shared_empty_answer():
    assert NOTHING == When(None, None, None)
