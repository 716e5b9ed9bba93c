"""Normalising: shorthand, typo repair and number words."""
from __future__ import annotations

import pytest

from smsbot.timeparse.normalize import tokenize
from smsbot.timeparse.vocabulary import canonical


@pytest.mark.parametrize("written, meant", [
    ("tmrw", "tomorrow"), ("tmr", "tomorrow"), ("tomorow", "tomorrow"), ("tommorow", "tomorrow"),
    ("tommorrow", "tomorrow"), ("tomrrow", "tomorrow"), ("firday", "friday"), ("fryday", "friday"),
    ("wensday", "wednesday"), ("wendsday", "wednesday"), ("wednsday", "wednesday"),
    ("thrusday", "thursday"), ("thurs", "thursday"), ("thu", "thursday"), ("tues", "tuesday"),
    ("tuseday", "tuesday"), ("satruday", "saturday"), ("saterday", "saturday"), ("mondy", "monday"),
    ("sundya", "sunday"), ("afternon", "afternoon"), ("evning", "evening"), ("mornin", "morning"),
    ("tonite", "tonight"), ("yesturday", "yesterday"), ("febuary", "february"), ("septmber", "september"),
    ("betwen", "between"), ("todya", "today"),
])
def test_shorthand_and_typos_are_repaired(written, meant):
    assert canonical(written) == meant


@pytest.mark.parametrize("word", [
    "soon", "noon", "match", "money", "monkey", "friend", "fridge", "sundae", "weekday", "wedding",
    "thirsty", "forth", "mourning", "months", "the", "book", "cancel", "reschedule", "thanks",
    "appointment", "available", "please", "tomato",
])
def test_ordinary_words_are_left_alone(word):
    assert canonical(word) == word


@pytest.mark.parametrize("text, kinds", [
    ("3pm", [("num", 3), ("word", "pm")]),
    ("3 p.m.", [("num", 3), ("word", "pm")]),
    ("9a", [("num", 9), ("word", "am")]),
    ("2:45", [("clock", (2, 45))]),
    ("3/12", [("date", (3, 12, None))]),
    ("12-03-2026", [("date", (12, 3, 2026))]),
    ("2026-03-12", [("iso", (2026, 3, 12))]),
    ("the 12th", [("word", "the"), ("ord", 12)]),
    ("twenty-five", [("num", 25)]),
    ("twenty first", [("ord", 21)]),
    ("3 o'clock", [("num", 3), ("word", "oclock")]),
    ("2moro", [("word", "tomorrow")]),
    ("@3", [("word", "at"), ("num", 3)]),
    ("2-4", [("num", 2), ("dash", None), ("num", 4)]),
])
def test_tokens(text, kinds):
    found = [(t.kind, t.value if t.kind != "word" else t.text) for t in tokenize(text)]
    assert found == kinds
