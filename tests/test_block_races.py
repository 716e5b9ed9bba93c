"""A staff BLOCK and a customer's booking of the same time, sent at the same instant:
exactly one of them wins the time, on a SQLite file and on PostgreSQL. Either the block
went first (the customer hears "just taken", with other times, and nothing is booked) or
the booking did (the block still goes in, and its reply names that appointment)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from smsbot.store import staff as staff_store
from smsbot.store.models import Appointment, BusyBlock
from tests.test_double_booking import NY, phone, run_together, say

STAFF, OTHER_STAFF = "+15550000002", "+15550000003"
THURSDAY = datetime(2026, 3, 5, tzinfo=NY).date()
# Where each block sits against the customer's 30-minute slot, in minutes from its start:
# the same span, over its end, inside it, covering it and more.
SHAPES = [(0, 30), (15, 45), (10, 20), (0, 45)]
ROUNDS = 8  # one a slot, 9 AM to 4 PM; today's code loses about 3 rounds in 4 on PostgreSQL


def spoken(moment: datetime) -> str:
    return moment.strftime("%I:%M%p").lstrip("0").lower()


def label(moment: datetime) -> str:
    return moment.strftime("%I:%M %p").lstrip("0")


def race_round(bot, k: int) -> tuple[str, str]:
    """Round k: a customer confirms Thursday at (9 + k):00 while staff block part of it."""
    customer, slot = phone(k), datetime.combine(THURSDAY, datetime.min.time(), tzinfo=NY) + timedelta(hours=9 + k)
    assert say(bot, customer, f"SMq{k}", f"thursday at {spoken(slot)}")[0].startswith("Book Thursday")
    a, b = SHAPES[k % len(SHAPES)]
    block = f"block thu {spoken(slot + timedelta(minutes=a))}-{spoken(slot + timedelta(minutes=b))}"
    staff_reply, customer_reply = run_together(2, lambda i: say(
        bot, *((STAFF, f"SMb{k}", block) if i == 0 else (customer, f"SMy{k}", "yes"))))
    return " ".join(staff_reply), " ".join(customer_reply)


def add_staff(bot) -> None:
    with bot.db.transaction() as session:
        staff_store.add(session, STAFF, "Sam", "staff", bot.clock.now())
        staff_store.add(session, OTHER_STAFF, "Kim", "staff", bot.clock.now())


def booked_at(bot, customer: str) -> list[Appointment]:
    with bot.db.transaction() as session:
        return list(session.scalars(select(Appointment).where(
            Appointment.phone == customer, Appointment.status == "booked")))


def test_a_block_and_a_booking_of_the_same_time_never_both_win_unnoticed(make_bot, db_url):
    bot = make_bot(db_url)
    add_staff(bot)
    for k in range(ROUNDS):
        staff_text, customer_text = race_round(bot, k)
        slot = datetime.combine(THURSDAY, datetime.min.time(), tzinfo=NY) + timedelta(hours=9 + k)
        assert staff_text.startswith("Blocked Thu Mar 5"), staff_text
        appointments = booked_at(bot, phone(k))
        if customer_text.startswith("Booked:"):
            (appt,) = appointments
            assert appt.starts_at == slot
            # the booking committed first: the block's reply must name it
            assert f"Still booked inside: {label(slot)} #{appt.id} x{phone(k)[-4:]}" in staff_text, \
                (k, staff_text, customer_text)
        else:
            assert "just taken" in customer_text and "Free:" in customer_text, (k, customer_text)
            assert not appointments, (k, customer_text)
            assert "Still booked inside" not in staff_text, (k, staff_text)

    with bot.db.transaction() as session:
        blocks = session.scalars(select(BusyBlock)).all()
    assert len(blocks) == ROUNDS  # every block went in, whoever won the time


def test_two_staff_unblocking_parts_of_one_block_at_once_free_both_parts(make_bot, db_url):
    """Each UNBLOCK trims the block the other is trimming: neither may undo the other."""
    bot = make_bot(db_url)
    add_staff(bot)
    days = ["march 6", "march 9", "march 10", "march 11"]
    for k, day in enumerate(days):
        assert say(bot, STAFF, f"SMd{k}", f"block {day}")[0].startswith("Blocked")
        replies = run_together(2, lambda i: say(
            bot, *((STAFF, f"SMn{k}", f"unblock {day} 12-1pm") if i == 0
                   else (OTHER_STAFF, f"SMa{k}", f"unblock {day} 3-4pm"))))
        assert [r[0].split(" ", 1)[0] for r in replies] == ["Unblocked", "Unblocked"], replies

    with bot.db.transaction() as session:
        blocks = session.scalars(select(BusyBlock)).all()
    spans = sorted((b.starts_at.astimezone(NY).strftime("%d %H"), b.ends_at.astimezone(NY).strftime("%d %H"))
                   for b in blocks)
    expected = sorted(piece for day in (6, 9, 10, 11) for piece in [
        (f"{day:02d} 00", f"{day:02d} 12"), (f"{day:02d} 13", f"{day:02d} 15"),
        (f"{day:02d} 16", f"{day + 1:02d} 00")])
    assert spans == expected
