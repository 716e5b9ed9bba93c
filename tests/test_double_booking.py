"""No double booking, ever: customers racing for the same slot through the whole bot
(Bot.handle, one thread each, released together), on a SQLite file and on PostgreSQL;
the calendar layer racing directly; and the same MessageSid delivered concurrently."""
from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from smsbot.bot import Inbound
from smsbot.calendars.base import SlotTaken
from smsbot.calendars.local import LocalCalendar
from smsbot.store.models import Appointment, AppointmentCell, Conversation, InboundMessage

NY = ZoneInfo("America/New_York")
SLOT = datetime(2026, 3, 5, 14, 30, tzinfo=NY)  # "thursday at 2:30pm" seen from Wed 2026-03-04 10:15
SLOT_MINUTES = 30
CELLS_PER_SLOT = SLOT_MINUTES // 5
JOIN_TIMEOUT = 60


def phone(i: int) -> str:
    return f"+1555010{i:04d}"


def run_together(n: int, work) -> list:
    """Run work(i) in n threads released at the same instant; every result, or re-raise."""
    barrier = threading.Barrier(n)
    results: list = [None] * n
    errors: list = []

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=JOIN_TIMEOUT)
            results[i] = work(i)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append((i, error))

    threads = [threading.Thread(target=worker, args=(i,), name=f"racer-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(t.is_alive() for t in threads), "a racing thread hung (deadlock?)"
    if errors:
        raise AssertionError(f"{len(errors)} thread(s) failed: {errors!r}") from errors[0][1]
    return results


def say(bot, who: str, sid: str, body: str) -> list[str]:
    return bot.handle(Inbound(sid=sid, phone=who, body=body))


def drive_to_confirmation(bot, who: str) -> None:
    """BOOK, then ask for Thursday 2:30pm: the bot must ask to confirm exactly that slot."""
    assert "What day and time" in " ".join(say(bot, who, f"SM{who[1:]}a", "BOOK"))
    question = " ".join(say(bot, who, f"SM{who[1:]}b", "thursday at 2:30pm"))
    assert question.startswith("Book Thursday, March 5 at 2:30 PM EST?"), question


def scalar(bot, statement):
    with bot.db.transaction() as session:
        return session.scalar(statement)


def assert_exactly_one_clean_booking(bot, start: datetime, owners: set[str]) -> Appointment:
    """One booked appointment at `start`, owned by one of `owners`, holding exactly its
    cells; no other appointment, no cell belonging to anything else."""
    with bot.db.transaction() as session:
        appts = session.scalars(select(Appointment)).all()
        assert len(appts) == 1, [(a.id, a.phone, a.starts_at, a.status) for a in appts]
        (appt,) = appts
        assert appt.status == "booked" and appt.phone in owners
        assert appt.starts_at == start.astimezone(timezone.utc)
        assert appt.ends_at - appt.starts_at == timedelta(minutes=SLOT_MINUTES)
        cells = session.scalars(select(AppointmentCell).order_by(AppointmentCell.starts_at)).all()
        assert [c.appointment_id for c in cells] == [appt.id] * CELLS_PER_SLOT
        assert [c.starts_at for c in cells] == [
            appt.starts_at + timedelta(minutes=5 * k) for k in range(CELLS_PER_SLOT)
        ]
        return appt


@pytest.mark.parametrize("customers", [2, 8])
def test_customers_confirming_the_same_slot_at_once_get_exactly_one_booking(
        make_bot, db_url, customers):
    bot = make_bot(db_url)
    phones = [phone(i) for i in range(customers)]
    for who in phones:
        drive_to_confirmation(bot, who)

    replies = run_together(customers, lambda i: say(bot, phones[i], f"SM{phones[i][1:]}yes", "yes"))

    texts = [" ".join(r) for r in replies]
    winners = [phones[i] for i, t in enumerate(texts) if t.startswith("Booked:")]
    assert len(winners) == 1, texts
    assert texts[phones.index(winners[0])].startswith("Booked: Thursday, March 5 at 2:30 PM EST.")
    for who, text in zip(phones, texts):
        if who == winners[0]:
            continue
        assert "just taken" in text, text
        assert "Free:" in text and "Reply 1-3" in text, text  # other times on offer
        assert not re.search(r"\b2:30 PM", text.split("Free:", 1)[1]), text  # not the taken one

    appt = assert_exactly_one_clean_booking(bot, SLOT, set(phones))
    assert appt.phone == winners[0]
    with bot.db.transaction() as session:
        states = dict(session.execute(select(Conversation.phone, Conversation.state)).all())
        recorded = session.scalar(select(func.count()).select_from(InboundMessage))
    assert states == {who: "idle" if who == winners[0] else "offering" for who in phones}
    assert recorded == 3 * customers  # every message processed and recorded exactly once

    # A loser can still book one of the times it was offered: the race left nothing stuck.
    loser = next(who for who in phones if who != winners[0])
    question = " ".join(say(bot, loser, f"SM{loser[1:]}pick", "1"))
    assert question.startswith("Book "), question
    assert " ".join(say(bot, loser, f"SM{loser[1:]}yes2", "yes")).startswith("Booked:")
    assert scalar(bot, select(func.count()).select_from(Appointment)) == 2
    assert scalar(bot, select(func.count()).select_from(AppointmentCell)) == 2 * CELLS_PER_SLOT


def _race_calendar(bot, spans: list[tuple[datetime, datetime]]) -> list:
    """Each span booked by its own phone, in its own thread and its own session."""
    now = bot.clock.now()

    def book(i: int):
        start, end = spans[i]
        with bot.db.transaction() as session:
            try:
                return LocalCalendar(session).book(phone(i), start, end, now)
            except SlotTaken:
                return None

    return run_together(len(spans), book)


def test_calendar_layer_race_on_one_slot_books_once(make_bot, postgres_url):
    bot = make_bot(postgres_url)
    n = 8
    outcomes = _race_calendar(bot, [(SLOT, SLOT + timedelta(minutes=SLOT_MINUTES))] * n)

    won = [b for b in outcomes if b is not None]
    assert len(won) == 1, outcomes
    appt = assert_exactly_one_clean_booking(bot, SLOT, {phone(i) for i in range(n)})
    assert appt.id == won[0].id and appt.phone == won[0].phone


@pytest.mark.parametrize("backend", ["sqlite_file", "postgres"])
def test_calendar_layer_race_on_overlapping_spans_never_overlaps(make_bot, request, backend):
    """Spans staggered by 10 minutes, each overlapping its neighbours: whatever wins,
    the booked appointments never overlap and each holds exactly its own cells."""
    bot = make_bot(request.getfixturevalue(f"{backend}_url"))
    spans = [(SLOT + timedelta(minutes=10 * k), SLOT + timedelta(minutes=10 * k + SLOT_MINUTES))
             for k in range(8)]
    outcomes = _race_calendar(bot, spans)

    won = sorted((b for b in outcomes if b is not None), key=lambda b: b.start)
    assert won, "somebody must get a time"
    for earlier, later in zip(won, won[1:]):
        assert earlier.end <= later.start, won
    with bot.db.transaction() as session:
        appts = session.scalars(select(Appointment)).all()
        cells = session.scalars(select(AppointmentCell)).all()
    assert sorted(a.id for a in appts) == sorted(b.id for b in won)  # no orphan appointments
    by_owner = Counter(c.appointment_id for c in cells)
    assert by_owner == {b.id: CELLS_PER_SLOT for b in won}


@pytest.mark.parametrize("deliveries", [8])
def test_same_message_sid_delivered_concurrently_is_processed_once(make_bot, db_url, deliveries):
    bot = make_bot(db_url)
    who = phone(1)
    drive_to_confirmation(bot, who)

    sid = "SM" + "7" * 32
    replies = run_together(deliveries, lambda _i: say(bot, who, sid, "yes"))

    assert all(r == replies[0] for r in replies), replies
    assert " ".join(replies[0]).startswith("Booked: Thursday, March 5 at 2:30 PM EST."), replies[0]
    assert_exactly_one_clean_booking(bot, SLOT, {who})
    assert scalar(bot, select(func.count()).select_from(InboundMessage)
                  .where(InboundMessage.sid == sid)) == 1
    assert scalar(bot, select(func.count()).select_from(InboundMessage)) == 3

    # A later retry of that id still gets the very same reply and changes nothing.
    assert say(bot, who, sid, "yes") == replies[0]
    assert scalar(bot, select(func.count()).select_from(Appointment)) == 1


def test_same_sid_from_different_phones_concurrently_is_each_phones_own_message(make_bot, db_url):
    """Idempotency is keyed on the id and the phone: another phone reusing an id is
    answered for itself, never handed the first phone's stored reply."""
    bot = make_bot(db_url)
    n = 4
    sid = "SM" + "8" * 32
    replies = run_together(n, lambda i: say(bot, phone(i), sid, "BOOK" if i % 2 else "HELP"))

    assert all("What day and time" in " ".join(replies[i]) for i in range(1, n, 2)), replies
    assert all("What day and time" not in " ".join(replies[i]) for i in range(0, n, 2)), replies
    with bot.db.transaction() as session:
        rows = session.scalars(select(InboundMessage)).all()
        moved = session.scalars(select(Conversation).where(Conversation.state != "idle")).all()
    assert sorted((r.sid, r.phone) for r in rows) == [(sid, phone(i)) for i in range(n)]
    assert sorted(c.phone for c in moved) == [phone(i) for i in range(1, n, 2)]


@pytest.mark.parametrize("backend", ["sqlite_file", "postgres"])
def test_a_refused_booking_leaves_its_transaction_going_and_nothing_of_itself(make_bot, request, backend):
    """The database refuses the cells; the savepoint undoes the appointment row, and what the
    same transaction does next (another time, here) is kept."""
    bot = make_bot(request.getfixturevalue(f"{backend}_url"))
    now, end = bot.clock.now(), SLOT + timedelta(minutes=SLOT_MINUTES)
    with bot.db.transaction() as session:
        calendar = LocalCalendar(session)
        first = calendar.book(phone(1), SLOT, end, now)
        with pytest.raises(SlotTaken):
            calendar.book(phone(2), SLOT + timedelta(minutes=10), end + timedelta(minutes=10), now)
        later = calendar.book(phone(2), end, end + timedelta(minutes=SLOT_MINUTES), now)
    with bot.db.transaction() as session:
        appts = session.scalars(select(Appointment).order_by(Appointment.starts_at)).all()
        cells = Counter(c.appointment_id for c in session.scalars(select(AppointmentCell)))
    assert [(a.id, a.phone) for a in appts] == [(first.id, phone(1)), (later.id, phone(2))]
    assert cells == {first.id: CELLS_PER_SLOT, later.id: CELLS_PER_SLOT}
