"""Opening hours, booking rules and availability."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest

from smsbot.calendars.local import LocalCalendar
from smsbot.config import Settings
from smsbot.dialog.requests import spread
from smsbot.scheduling.availability import Availability
from smsbot.scheduling.hours import parse_hours
from smsbot.scheduling.rules import CLOSED, PAST, TAKEN, TOO_FAR, TOO_SOON, BookingRules
from smsbot.store.db import Database
from tests.support import NY

NOW = datetime(2026, 3, 4, 10, 15, tzinfo=NY)  # a Wednesday
RULES = BookingRules.from_settings(Settings())  # mon-fri 09:00-17:00, 30-minute slots


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=NY)


@pytest.mark.parametrize("lines, weekday, expected", [
    (["mon-fri 09:00-17:00"], 0, [(time(9), time(17))]),
    (["mon-fri 09:00-17:00"], 5, []),
    (["mon-fri 09:00-12:00,13:00-17:00"], 2, [(time(9), time(12)), (time(13), time(17))]),
    (["sat 10:00-14:00", "sat 15:00-16:00"], 5, [(time(10), time(14)), (time(15), time(16))]),
    (["fri-mon 08:00-09:00"], 6, [(time(8), time(9))]),
    (["mon,wed 09:00-10:00"], 2, [(time(9), time(10))]),
    (["Tuesday 09:00-10:00"], 1, [(time(9), time(10))]),
    (["sun closed"], 6, []),
])
def test_hours(lines, weekday, expected):
    assert list(parse_hours(lines).on(weekday)) == expected


@pytest.mark.parametrize("line", ["mon 9-5", "xyz 09:00-10:00", "mon 17:00-09:00", "09:00-10:00", "mon-fri"])
def test_bad_hours_are_refused_with_a_reason(line):
    with pytest.raises(ValueError):
        parse_hours([line])


@pytest.mark.parametrize("start, problem", [
    (at(4, 10), PAST),
    (at(4, 10, 45), TOO_SOON),
    (at(4, 11, 15), None),
    (at(4, 16, 30), None),
    (at(4, 16, 45), CLOSED),  # would run past closing
    (at(4, 8, 30) + timedelta(days=1), CLOSED),
    (at(7, 10), CLOSED),  # Saturday
    (at(5, 14, 32), CLOSED),  # not on a 5-minute boundary
    (NOW + timedelta(days=91), TOO_FAR),
])
def test_rules(start, problem):
    assert RULES.problem_with(start, NOW) == problem


def test_grid_follows_wall_time_across_dst():
    monday = RULES.grid(at(9, 0).date())  # first weekday after the clocks change
    assert monday[0] == at(9, 9) and monday[0].utcoffset() == timedelta(hours=-4)
    assert len(monday) == 16


@pytest.fixture
def availability():
    db = Database("sqlite://")
    db.create_all()
    with db.transaction() as session:
        calendar = LocalCalendar(session)
        calendar.book("+15551230002", at(5, 14, 30), at(5, 15), NOW)
        calendar.add_busy(at(5, 15), at(5, 17), "test", NOW)
        yield Availability(calendar, RULES, NOW)


def test_taken_and_blocked(availability):
    assert availability.problem_with(at(5, 14, 30)) == TAKEN
    assert availability.problem_with(at(5, 14, 15)) == TAKEN  # overlaps the booking
    assert availability.problem_with(at(5, 15, 30)) == TAKEN  # inside the block
    assert availability.problem_with(at(5, 14)) is None


def test_nearest_free_is_same_day_first_then_following_days(availability):
    assert availability.nearest_free(at(5, 14, 30)) == [at(5, 13), at(5, 13, 30), at(5, 14)]
    assert availability.nearest_free(at(5, 16, 30)) == [at(5, 13), at(5, 13, 30), at(5, 14)]
    assert availability.nearest_free(at(5, 16, 30), limit=6)[0] == at(5, 11, 30)


def test_nearest_free_when_day_is_full(availability):
    assert availability.nearest_free(at(7, 10)) == [at(9, 9), at(9, 9, 30), at(9, 10)]


def test_free_between_window(availability):
    assert availability.free_between(at(5, 12), at(5, 17), limit=10) == [at(5, 12), at(5, 12, 30), at(5, 13),
                                                                        at(5, 13, 30), at(5, 14)]


def test_spread_picks_first_middle_last():
    slots = [at(5, 9) + timedelta(minutes=30 * i) for i in range(16)]
    assert spread(slots) == [slots[0], slots[8], slots[15]]
    assert spread(slots[:2]) == slots[:2]
