"""Calendly books under a name and email: the bot asks for them the first time, remembers
them for the number, then books; nothing reaches Calendly before."""
from __future__ import annotations

import pytest

from smsbot.details import ASK, ASK_AGAIN, read_details
from smsbot.store.customers import Details, remember
from smsbot.store.models import Customer


@pytest.mark.parametrize("text, expected", [
    ("Pat Smith pat@example.com", Details("Pat Smith", "pat@example.com")),
    ("name: Pat Smith, email: pat.smith+x@mail.example.co.uk", Details("Pat Smith", "pat.smith+x@mail.example.co.uk")),
    ("It's José Núñez and jose@example.com please", Details("José Núñez", "jose@example.com")),
    ("pat@example.com Pat", Details("Pat", "pat@example.com")),
    ("pat@example.com", None),  # no name
    ("Pat Smith", None),  # no email
    ("Pat pat@example.com or p2@example.com", None),  # which one?
    ("Pat pat@example", None),
    ("123 pat@example.com", None),
])
def test_a_name_and_an_email_are_read_from_a_text(text, expected):
    assert read_details(text) == expected


def test_a_new_customer_is_asked_then_booked_under_what_they_gave(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly)
    assert bot.text("thursday at 2:30pm")[0].startswith("Book Thursday, March 5 at 2:30 PM")

    assert bot.text("yes") == [ASK]
    assert bot.booked() == [] and fake_calendly.count("invitees.create") == 0

    assert bot.text("Pat Smith pat@example.com")[0].startswith("Booked: Thursday, March 5 at 2:30 PM EST")
    [create] = [c["json"] for c in fake_calendly.calls if c["op"] == "invitees.create"]
    assert (create["invitee"]["name"], create["invitee"]["email"]) == ("Pat Smith", "pat@example.com")
    [customer] = bot.rows(Customer)
    assert (customer.name, customer.email, customer.held_text) == ("Pat Smith", "pat@example.com", None)

    bot.text("book another one friday at 11am")
    assert bot.text("yes")[0].startswith("Booked: Friday")  # remembered: not asked again


def test_an_email_without_a_name_is_asked_again(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly)
    bot.text("thursday at 2:30pm")
    bot.text("yes")

    assert bot.text("pat@example.com") == [ASK_AGAIN]
    assert bot.text("Pat pat@example.com")[0].startswith("Booked")


def test_a_reply_on_another_subject_drops_the_question(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly)
    bot.text("thursday at 2:30pm")
    bot.text("yes")

    reply = bot.text("no")[0]

    assert reply != ASK and bot.booked() == []
    assert [c.held_text for c in bot.rows(Customer)] == [None]


def test_the_local_calendar_never_asks(make_bot):
    bot = make_bot()
    bot.text("thursday at 2:30pm")

    assert bot.text("yes")[0].startswith("Booked")
    # a row only for the name the confirmation asks for (ASK_NAMES), never an email or a held text
    assert [(c.name, c.email, c.held_text) for c in bot.rows(Customer)] == [(None, None, None)]


def test_an_email_calendly_refuses_is_forgotten_and_asked_for_again(make_bot, fake_calendly):
    bot = make_bot(calendly=fake_calendly)
    with bot.db.transaction() as session:
        remember(session, bot.phone, Details("Pat", "pat@localhost"), bot.clock.now())
    bot.text("thursday at 2:30pm")

    assert bot.text("yes") == [ASK]
    assert bot.booked() == [] and fake_calendly.active_events() == []
    assert bot.text("Pat pat@example.com")[0].startswith("Booked")
