"""What a customer's words name: a service (by name, alias or plural), a provider ("with
Anna", or the name as written), anyone, or someone who does not work here; and names."""
from __future__ import annotations

from datetime import timedelta

import pytest

from smsbot.dialog.names import a_name, named_self
from smsbot.dialog.staffing import Mention, mentions
from smsbot.scheduling.business import Business, Provider, Service, single

SALON = Business(
    services=(Service("Haircut", timedelta(minutes=30), aliases=("trim", "cut")),
              Service("Colour", timedelta(minutes=90), aliases=("color",)),
              Service("Deep Cleaning", timedelta(minutes=60))),
    providers=(Provider("Anna"), Provider("Ben"), Provider("May")),
)


@pytest.mark.parametrize("text, expected", [
    ("a trim with Anna on friday", Mention("Haircut", "Anna")),
    ("colour at 10", Mention("Colour")),
    ("can I get a color tomorrow", Mention("Colour")),
    ("two haircuts please", Mention("Haircut")),
    ("deep cleaning at 3", Mention("Deep Cleaning")),
    ("anyone is fine", Mention(anyone=True)),
    ("doesn't matter who", Mention(anyone=True)),
    ("friday at 3 with ben", Mention(provider="Ben")),
    ("Ben at 3", Mention(provider="Ben")),
    ("may 5 at 3pm", Mention()),  # 'may' in lower case is the month, not May
    ("with May on friday", Mention(provider="May")),
    ("friday at 3 with Zoe", Mention(unknown_provider="Zoe")),
    ("friday at 3 with my husband", Mention()),
    ("thursday at 2pm", Mention()),
])
def test_what_the_words_name(text, expected):
    assert mentions(text, SALON) == expected


def test_one_service_and_one_provider_name_nothing():
    plain = single(timedelta(minutes=30))
    assert mentions("a trim with Anna at 3", plain) == Mention()


@pytest.mark.parametrize("text, name", [
    ("jane smith", "Jane Smith"), ("Ana-Lucia Reyes", "Ana-Lucia Reyes"), ("McKenzie", "McKenzie"),
    ("yes", None), ("thanks", None), ("friday 3pm", None), ("see you then ok", None), ("", None),
])
def test_a_name(text, name):
    assert a_name(text) == name


@pytest.mark.parametrize("text, name", [
    ("my name is jane", "Jane"), ("Actually, my name is Ana Reyes.", "Ana Reyes"), ("call me Bo", "Bo"),
    ("I'm running late", None), ("my name is on the list at 3pm", None), ("jane", None),
])
def test_named_self(text, name):
    assert named_self(text) == name
