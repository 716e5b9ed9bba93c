"""Staff commands: allow-list, roles, confirmations, notices and the audit log."""
from __future__ import annotations

from datetime import timedelta

import pytest

from smsbot.store import staff as staff_store
from smsbot.store.models import AuditEntry, BusyBlock, OutboxMessage
from tests.bots import NY
from tests.cli_runner import smsbot

OWNER, STAFF, CUSTOMER = "+15550000001", "+15550000002", "+15551230001"


@pytest.fixture
def office(make_bot):
    """The bot with an owner (Olive) and a staff member (Sam); texts come from Sam unless said."""
    bot = make_bot(phone=STAFF)
    with bot.db.transaction() as session:
        staff_store.add(session, OWNER, "Olive", "owner", bot.clock.now())
        staff_store.add(session, STAFF, "Sam", "staff", bot.clock.now())
    return bot


def book(office, when: str = "thursday at 2:30pm") -> None:
    office.say(when, CUSTOMER)
    assert "Booked" in office.say("yes", CUSTOMER)


def test_every_command_is_audited_with_its_outcome(office):
    book(office)
    office.say("agenda thu")
    office.say("staff list")
    office.say("move #1 whenever")
    entries = office.rows(AuditEntry)
    assert [(e.name, e.command) for e in entries] == [
        ("Sam", "agenda thu"), ("Sam", "staff list"), ("Sam", "move #1 whenever")]
    assert "2:30 PM #1" in entries[0].outcome
    assert entries[1].outcome == "Only an owner can manage staff."
    assert entries[2].outcome.startswith("Usage: MOVE")


def test_customer_texts_are_not_audited(office):
    office.say("agenda", CUSTOMER)
    assert office.rows(AuditEntry) == []


def test_staff_move_queues_one_change_notice(office):
    book(office)
    office.say("move #1 fri 11am")
    assert not [r for r in office.rows(OutboxMessage) if r.kind == "notice"]
    assert "Moved #1" in office.say("yes")
    notices = [r for r in office.rows(OutboxMessage) if r.kind == "notice"]
    assert len(notices) == 1 and notices[0].to == CUSTOMER
    assert "Friday, March 6 at 11:00 AM EST" in notices[0].body
    reminders = [r for r in office.rows(OutboxMessage) if r.kind == "reminder"]
    assert reminders and all("Friday, March 6" in r.body for r in reminders)


def test_staff_may_move_outside_booking_rules_but_are_told(office):
    book(office)
    assert "(outside booking rules)" in office.say("move #1 saturday at 10am")
    assert "Moved" in office.say("yes")


def test_move_onto_a_taken_slot_found_at_yes_changes_nothing(office):
    book(office)
    office.say("move #1 fri 11am")
    office.say("friday at 11am", "+15551230002")
    office.say("yes", "+15551230002")
    assert office.say("yes") == "That time was just taken; nothing changed."


def test_cancel_of_an_appointment_cancelled_meanwhile(office):
    book(office)
    office.say("cancel #1")
    office.say("cancel appt", CUSTOMER)
    office.say("yes", CUSTOMER)
    assert office.say("yes").startswith("That appointment is no longer booked")


def test_block_is_a_busy_block_named_for_its_author(office):
    office.say("block fri 2-4pm")
    (block,) = office.rows(BusyBlock)
    assert block.reason == "blocked by Sam"
    assert block.ends_at - block.starts_at == timedelta(hours=2)


def test_unblock_trims_a_longer_block(office):
    office.say("block friday")
    office.say("unblock fri 12-1pm")
    spans = sorted((b.starts_at.astimezone(NY).hour, b.ends_at.astimezone(NY).hour) for b in office.rows(BusyBlock))
    assert spans == [(0, 12), (13, 0)]


@pytest.mark.parametrize("text", ["AGENDA", "agenda", "  Agenda   tomorrow ", "NEXT", "next"])
def test_commands_are_case_and_space_forgiving(office, text):
    assert not office.say(text).startswith(("Usage", "AGENDA ["))


def test_owner_adds_an_owner(office):
    assert office.say("staff add +15550000005 Pat Lee owner", OWNER) == "Pat Lee (+15550000005) is now owner."
    assert "STAFF ADD" in office.say("help", "+15550000005")


def test_staff_add_normalises_a_typed_number_and_refuses_letters(office):
    assert office.say("staff add +1(555)000-0006 Kim", OWNER) == "Kim (+15550000006) is now staff."
    assert office.say("help", "+15550000006").startswith("AGENDA")
    assert office.say("staff add +1555abc0007 Lee", OWNER).startswith("Usage")


def test_staff_cli_and_audit_cli(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}
    assert smsbot("staff", "add", "+15550000001", "--name", "Olive", "--role", "owner", env=env).returncode == 0
    listed = smsbot("staff", "list", env=env)
    assert "+15550000001  owner  Olive" in listed.stdout
    assert smsbot("staff", "add", "5550000001", env=env).returncode != 0
    chat = smsbot("chat", "--phone", "+15550000001", stdin="agenda\nstaff list\n", env=env)
    assert "no appointments" in chat.stdout
    audit = smsbot("audit", env=env)
    assert "Olive +1******0001  'agenda'" in audit.stdout and "'staff list'" in audit.stdout
    assert smsbot("staff", "remove", "+15550000001", env=env).returncode == 0
    assert smsbot("staff", "remove", "+15550000001", env=env).returncode == 1
