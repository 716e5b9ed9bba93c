"""Every reply is plain GSM-7 and fits one SMS segment."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from smsbot.dialog import machine
from smsbot.dialog import replies as r
from smsbot.dialog.engine import MAX_CHOICES
from smsbot.dialog.intents import Kind
from smsbot.dialog.say import sms as texts
from tests.support import NY

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
LONGEST = datetime(2026, 9, 23, 12, 30, tzinfo=NY)  # Wednesday, September 23: longest names
NEXT = LONGEST + timedelta(days=1)
_SPLIT = ((time(9), time(12)), (time(13), time(17, 30)))
BUSY_WEEK = ((0, _SPLIT), (1, _SPLIT), (2, _SPLIT), (3, _SPLIT), (4, ((time(9), time(13)),)),
             (5, ((time(10), time(14)),)), (6, ()))


def every_reply() -> list[r.Reply]:
    """One of each reply value the dialog can return, with the longest names."""
    slots = tuple(LONGEST + timedelta(minutes=30 * i) for i in range(3))
    across = (LONGEST, NEXT, LONGEST + timedelta(days=2))
    return [*r.Notice] + [
        r.Offers(slots, "taken"), r.Offers(across, "just_taken"), r.Offers(slots[:1], "closed"),
        r.Offers(slots, "past"), r.Offers(slots, "too_soon"), r.Offers(slots, "day"),
        r.Offers(across, "nothing_on", LONGEST), r.Proposal(LONGEST), r.Proposal(NEXT, LONGEST),
        r.Offers(across, "holiday", LONGEST, holiday="Juneteenth National Independence Day"),
        r.Offers(slots, "holiday", LONGEST), r.Proposal(LONGEST, stated_tz="Pacific/Honolulu"),
        r.Proposal(NEXT, LONGEST, stated_tz="Pacific/Honolulu"), r.Booked(LONGEST, stated_tz="Pacific/Honolulu"),
        r.CancelQuestion((LONGEST,)), r.CancelQuestion(across[:2]), r.CancelQuestion((across * 3)[:MAX_CHOICES]),
        r.Again(r.Proposal(LONGEST)), r.Again(r.Proposal(NEXT, LONGEST)), r.Again(r.CancelQuestion((LONGEST,))),
        r.Again(r.CancelQuestion((across * 3)[:MAX_CHOICES])), r.MoveOrBook(LONGEST), r.Booked(LONGEST),
        r.Moved(LONGEST), r.Cancelled((LONGEST,)), r.Cancelled((across * 3)[:MAX_CHOICES]),
        r.Kept((LONGEST,)), r.Kept(across), r.AskMoveTime(LONGEST), r.SameTime(LONGEST),
        r.ChooseAppointment("move", across), r.ChooseAppointment("cancel", (across * 3)[:MAX_CHOICES]),
        r.PickAppointment(9), r.Refusal("past_day", day=LONGEST), r.Refusal("too_far", days=365),
        r.Appointments((LONGEST,)), r.Appointments(across), r.Appointments(across * 3),
        r.AttendanceConfirmed(LONGEST), r.Help("", ""), r.Help("Bright Smiles Family Dental", "(555) 010-2030"),
        r.Help("Bright Smiles Family Dental", ""), r.OpeningTimes(BUSY_WEEK), r.OpeningTimes(BUSY_WEEK, 6),
        r.OpeningTimes(BUSY_WEEK, 2), r.OpeningTimes(BUSY_WEEK, 5), r.Length(45), r.Length(120),
        r.Address("1234 Long Avenue North, Suite 500, Springfield, IL 62701", ""), r.Address("", "(555) 010-2030"),
        r.Address("", ""), r.Handoff("(555) 010-2030"), r.Handoff(""),
        # services and providers (issue 16), with long names
        r.Proposal(LONGEST, None, "Whitening Deluxe", "Alexandra"), r.Proposal(LONGEST, None, "", "Alexandra"),
        r.Booked(LONGEST, "Whitening Deluxe", "Alexandra"), r.Booked(LONGEST, "", "Alexandra"),
        r.Booked(LONGEST, ask_name=True), r.Booked(LONGEST, "Whitening Deluxe", "Alexandra", True),
        r.Offers(across, "taken", None, "Alexandra"), r.ChooseService(("Cleaning", "Whitening", "Filling", "Crown")),
        r.NoSuchProvider("Zoe", ("Anna", "Ben", "Cara")), r.NameNoted("Alexandra Smith"),
        r.NoSuchProvider("Alexandra", ("Anna", "Ben"), "Whitening Deluxe"), r.Length(60, (("Whitening Deluxe", 60),)),
        r.Length(30, (("Cleaning", 30), ("Whitening Deluxe", 60), ("Filling", 45), ("Crown", 90))),
    ]


def test_hours_read_as_a_receptionist_says_them():
    assert texts.render(r.OpeningTimes(BUSY_WEEK, 6)) == (
        "Sorry, we're closed on Sundays. We're open Mon-Thu 9am-12pm, 1pm-5:30pm; Fri 9am-1pm; Sat 10am-2pm.")
    assert texts.render(r.OpeningTimes(BUSY_WEEK, 4)).startswith("On Fridays we're open 9am-1pm.")


def test_a_staff_alert_names_the_customer_and_fits_one_message():
    alert = texts.staff_alert(r.TellStaff("+15551230001", "can I talk to someone " * 20))
    assert alert.startswith('+15551230001 asks for a person: "can I talk to someone') and len(alert) <= texts.SEGMENT


def every_text() -> list[str]:
    constants = [v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str) and "{" not in v]
    return constants + [texts.render(reply) for reply in every_reply()] + [
        texts.reminder(LONGEST), texts.moved_by_staff(LONGEST, LONGEST), texts.cancelled_by_staff(LONGEST),
    ]


def test_every_kind_of_reply_is_rendered():
    kinds = {type(reply) for reply in every_reply()}
    assert kinds == set(r.Reply.__args__)


@pytest.mark.parametrize("text", every_text())
def test_text_is_one_gsm7_segment(text):
    assert set(text) <= GSM7, f"non GSM-7 characters: {set(text) - GSM7}"
    assert len(text) <= texts.SEGMENT, f"{len(text)} characters: {text}"


def test_times_name_weekday_date_time_and_zone():
    assert texts.confirm_booking(LONGEST) == "Book Wednesday, September 23 at 12:30 PM EDT? Reply YES to confirm or NO."
    assert texts.when_label(datetime(2026, 1, 2, 9, 5, tzinfo=NY), short=True) == "Fri Jan 2 9:05 AM EST"


def test_offer_groups_times_by_day():
    across = [LONGEST, LONGEST + timedelta(hours=1), LONGEST + timedelta(days=1)]
    assert "Wednesday, September 23: 1) 12:30 PM 2) 1:30 PM; Thursday, September 24: 3) 12:30 PM EDT" in texts.offer(across, "taken")


def test_machine_picture_is_up_to_date():
    committed = Path(machine.__file__).with_name("machine.md").read_text()
    assert committed == machine.document(), "run: python -m smsbot.dialog.machine"


def test_every_intent_has_a_route_in_every_state():
    for state in machine.State:
        for kind in Kind:
            route = machine.route_for(state, kind)
            assert route.leads_to <= set(machine.State) | {machine.STAY}


def test_the_table_has_no_catch_all_but_not_understood():
    for routes in [*machine.STATES.values(), machine.FALLBACKS]:
        for route in routes:
            assert len(route.intents) <= 3, route


def test_dialog_says_nothing_sms_specific():
    """The wording belongs to the channel: no 'Reply YES', no carrier keywords in the dialog."""
    dialog = Path(machine.__file__).parent
    for module in ["engine.py", "requests.py", "machine.py", "intents.py", "pending.py", "replies.py"]:
        source = (dialog / module).read_text()
        for word in ["Reply YES", "STOP", "UNSTOP", "SMS"]:
            assert word not in source, f"{word!r} in dialog/{module}"


def test_the_table_constrains_what_each_state_takes():
    S = machine.State
    assert machine.route_for(S.IDLE, Kind.CHOICE) is machine.NOT_UNDERSTOOD  # a bare "2" books nothing
    assert machine.route_for(S.CHOOSING_APPOINTMENT, Kind.YES) is machine.NOT_UNDERSTOOD
    assert machine.route_for(S.OFFERING, Kind.YES).handler == "accept_single_offer"
    assert machine.route_for(S.CONFIRMING_BOOK, Kind.YES).handler == "commit_booking"
    # Only a yes to a question naming the time leads to booking, moving or cancelling.
    committing = {"commit_booking", "commit_move", "commit_cancel"}
    for state, routes in machine.STATES.items():
        for route in routes:
            if route.handler in committing:
                assert route.intents <= {Kind.YES, Kind.OK_THANKS}
                assert state in (S.CONFIRMING_BOOK, S.CONFIRMING_MOVE, S.CONFIRMING_CANCEL)
