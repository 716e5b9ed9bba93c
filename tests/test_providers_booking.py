"""Services and providers in storage and availability: the cells are claimed per provider
for the service's whole length plus its buffer; a time is free if some provider who offers
the service is free then, inside their own hours; and racing bookings of different lengths
never put two appointments on one provider's overlapping time (SQLite file, PostgreSQL)."""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, text

from smsbot.scheduling.business import Provider, Service
from smsbot.scheduling.business_file import BusinessFile
from smsbot.scheduling.hours import parse_hours
from smsbot.scheduling.rules import CLOSED, TAKEN
from smsbot.scheduling.service import SlotUnavailable
from smsbot.store.migrate import upgrade
from smsbot.store.models import Appointment, AppointmentCell
from tests.bots import NY
from tests.test_double_booking import phone, run_together

CLEANING = Service("Cleaning", timedelta(minutes=30), timedelta(minutes=10))
COLOUR = Service("Colour", timedelta(minutes=90), aliases=("color",))
TRIM = Service("Trim", timedelta(minutes=45))
PROFILE = BusinessFile("business.toml", services=(CLEANING, COLOUR, TRIM), providers=(
    Provider("Anna", services=frozenset({"cleaning", "colour", "trim"})),
    Provider("Ben", hours=parse_hours(["mon-fri 12:00-17:00"]), services=frozenset({"cleaning", "trim"})),
    Provider("Cara", services=frozenset({"colour", "trim"})),
))
THURSDAY = datetime(2026, 3, 5, 9, 0, tzinfo=NY)  # the bots' clock: Wednesday 10:15


def at(hour: int, minute: int = 0) -> datetime:
    return THURSDAY.replace(hour=hour, minute=minute)


@pytest.fixture
def bot(make_bot):
    return make_bot(business_file=PROFILE)


def book(bot, who: str, start: datetime, service: Service, provider: str | None = None):
    with bot.db.transaction() as session:
        scheduler = bot.scheduler(session, bot.clock.now()).for_(service, provider)
        return scheduler.book(who, start)


def problem(bot, start: datetime, service: Service, provider: str | None = None):
    with bot.db.transaction() as session:
        return bot.scheduler(session, bot.clock.now()).for_(service, provider).problem_with(start)


def test_a_booking_holds_its_providers_cells_for_length_plus_buffer(bot):
    made = book(bot, phone(1), at(10), CLEANING, "Anna")

    assert (made.provider, made.service, made.end, made.held_end) == (
        "Anna", "Cleaning", at(10, 30), at(10, 40))
    with bot.db.transaction() as session:
        cells = session.scalars(select(AppointmentCell)).all()
    assert {c.provider for c in cells} == {"Anna"} and len(cells) == 8  # 40 minutes


def test_another_provider_is_free_at_the_same_time(bot):
    book(bot, phone(1), at(13), CLEANING, "Anna")

    assert problem(bot, at(13), CLEANING, "Anna") == TAKEN
    assert problem(bot, at(13, 30), CLEANING, "Anna") == TAKEN  # the buffer
    assert problem(bot, at(13, 40), CLEANING, "Anna") is None
    assert problem(bot, at(13), CLEANING, "Ben") is None
    assert problem(bot, at(13), CLEANING) is None  # someone (Ben) can
    made = book(bot, phone(2), at(13), CLEANING)
    assert made.provider == "Ben"


def test_anyone_takes_the_first_free_provider_who_offers_the_service(bot):
    assert book(bot, phone(1), at(10), COLOUR).provider == "Anna"
    assert book(bot, phone(2), at(10), COLOUR).provider == "Cara"
    assert problem(bot, at(10), COLOUR) == TAKEN  # Ben does no colour
    with pytest.raises(SlotUnavailable) as refused:
        book(bot, phone(3), at(11), COLOUR)  # both colourists still busy until 11:30
    assert refused.value.problem == TAKEN


def test_a_providers_own_hours_and_services_bound_them(bot):
    assert problem(bot, at(10), CLEANING, "Ben") == CLOSED  # Ben starts at noon
    assert problem(bot, at(16, 30), TRIM, "Ben") == CLOSED  # 45 minutes do not fit before 17:00
    assert problem(bot, at(10), COLOUR, "Ben") == CLOSED  # not a service Ben does
    assert problem(bot, at(15, 30), COLOUR) is None and problem(bot, at(15, 45), COLOUR) == CLOSED


def test_free_slots_for_a_long_service_fit_its_whole_length(bot):
    with bot.db.transaction() as session:
        scheduler = bot.scheduler(session, bot.clock.now())
        starts = scheduler.for_(COLOUR).availability.free_on(THURSDAY.date())
    assert starts[0] == at(9) and starts[-1] == at(15, 30)
    assert all(s + COLOUR.length <= at(17) for s in starts)


def test_a_move_keeps_service_and_provider(bot):
    made = book(bot, phone(1), at(13), TRIM, "Ben")
    with bot.db.transaction() as session:
        moved = bot.scheduler(session, bot.clock.now()).move(made.id, at(14))
    assert (moved.provider, moved.service, moved.start, moved.end) == ("Ben", "Trim", at(14), at(14, 45))
    with bot.db.transaction() as session:
        cells = session.scalars(select(AppointmentCell.starts_at)).all()
    assert sorted(cells) == [at(14, 5 * k).astimezone(timezone.utc) for k in range(9)]


RACERS = 12


@pytest.mark.parametrize("backend", ["sqlite_file", "postgres"])
def test_racing_bookings_of_different_lengths_never_overlap_on_one_provider(make_bot, request, backend):
    bot = make_bot(request.getfixturevalue(f"{backend}_url"), business_file=PROFILE)
    rng = random.Random(16)
    services = (CLEANING, COLOUR, TRIM)
    wishes = [(rng.choice(services), rng.choice(["Anna", "Ben", "Cara", None]), at(13, 10 * rng.randrange(6)))
              for _ in range(RACERS)]

    def attempt(i: int):
        service, provider, start = wishes[i]
        try:
            return book(bot, phone(i), start, service, provider)
        except SlotUnavailable:
            return None

    won = [b for b in run_together(RACERS, attempt) if b is not None]

    assert won, "somebody must get a time"
    by_provider = defaultdict(list)
    for b in won:
        by_provider[b.provider].append(b)
        service = {s.name: s for s in services}[b.service]
        assert b.end - b.start == service.length and b.held_end - b.start == service.held
    for booked in by_provider.values():
        booked.sort(key=lambda b: b.start)
        for earlier, later in zip(booked, booked[1:]):
            assert earlier.held_end <= later.start, booked
    with bot.db.transaction() as session:
        appts = session.scalars(select(Appointment)).all()
        cells = session.scalars(select(AppointmentCell)).all()
    assert sorted(a.id for a in appts) == sorted(b.id for b in won)  # no orphans
    expected = {b.id: (b.held_end - b.start) // timedelta(minutes=5) for b in won}
    assert Counter(c.appointment_id for c in cells) == expected
    assert all(c.provider == next(b.provider for b in won if b.id == c.appointment_id) for c in cells)


def test_existing_appointments_become_the_default_provider_and_service(db_url):
    upgrade(db_url, "0008")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO appointments (id, phone, starts_at, ends_at, status, created_at, updated_at) "
                "VALUES (1, '+15551230001', '2026-03-05 15:00:00', '2026-03-05 15:30:00', 'booked', "
                "'2026-03-04 10:00:00', '2026-03-04 10:00:00')"))
            connection.execute(text("INSERT INTO appointment_cells (starts_at, appointment_id) "
                                    "VALUES ('2026-03-05 15:00:00', 1)"))
        upgrade(db_url)
        with engine.begin() as connection:
            row = connection.execute(text("SELECT provider, service, held_until FROM appointments")).one()
            cell = connection.execute(text("SELECT provider, appointment_id FROM appointment_cells")).one()
            connection.execute(text("INSERT INTO appointment_cells (provider, starts_at, appointment_id) "
                                    "VALUES ('Anna', '2026-03-05 15:00:00', 1)"))  # per provider now
    finally:
        engine.dispose()

    assert tuple(row) == ("", "", None)
    assert tuple(cell) == ("", 1)


@pytest.mark.parametrize("backend", ["sqlite_file", "postgres"])
def test_customers_saying_yes_at_once_fill_each_provider_once(make_bot, request, backend):
    """Through the whole bot: four customers confirm Thursday 1pm at the same instant with
    two providers free; exactly two are booked, one with each, the others get other times."""
    from smsbot.bot import Inbound

    two = BusinessFile("business.toml", providers=(Provider("Anna"), Provider("Ben")))
    bot = make_bot(request.getfixturevalue(f"{backend}_url"), business_file=two, ask_names="no")
    racers = 4
    for i in range(racers):
        [question] = bot.handle(Inbound(f"SMq{i:030d}", phone(i), "thursday at 1pm"))
        assert question.startswith("Book Thursday, March 5 at 1:00 PM EST?"), question

    answers = run_together(racers, lambda i: bot.handle(Inbound(f"SMy{i:030d}", phone(i), "yes"))[0])

    booked = sorted(a.split(" To change")[0] for a in answers if a.startswith("Booked"))
    assert booked == ["Booked with Anna: Thursday, March 5 at 1:00 PM EST.",
                      "Booked with Ben: Thursday, March 5 at 1:00 PM EST."], answers
    assert all("just taken" in a for a in answers if not a.startswith("Booked")), answers
    with bot.db.transaction() as session:
        held = sorted((a.provider, a.starts_at) for a in session.scalars(select(Appointment)))
    assert held == [("Anna", at(13).astimezone(timezone.utc)), ("Ben", at(13).astimezone(timezone.utc))]
