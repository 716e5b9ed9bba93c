"""Replies read against what the conversation has under discussion (conventions.py, "In context")."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from smsbot.timeparse import parse_when
from smsbot.timeparse.context import NO_REFERENCE, Reference
from tests.support import NY

NOW = datetime(2026, 3, 4, 10, 15, tzinfo=NY)  # a Wednesday
FRIDAY_11 = Reference(date(2026, 3, 6), time(11))
TUESDAY_OFFERS = Reference(date(2026, 3, 10), None, (datetime(2026, 3, 10, 13, tzinfo=NY),
                                                     datetime(2026, 3, 10, 15, tzinfo=NY)))


def read(text, reference):
    when = parse_when(text, NOW, NY, reference=reference)
    return when.start.strftime("%a %d %H:%M"), when.end and when.end.strftime("%a %d %H:%M"), when.bound


@pytest.mark.parametrize("text, reference, expected", [
    ("how about 2:30?", TUESDAY_OFFERS, ("Tue 10 14:30", None, None)),
    ("make it 2 instead", FRIDAY_11, ("Fri 06 14:00", None, None)),
    ("oops, I meant tuesday", FRIDAY_11, ("Tue 10 11:00", None, None)),
    ("the day after?", FRIDAY_11, ("Sat 07 11:00", None, None)),
    ("same time next week", FRIDAY_11, ("Fri 13 11:00", None, None)),
    ("the week after", FRIDAY_11, ("Fri 13 11:00", None, None)),
    ("won't make it tomorrow, does monday work, same time?", FRIDAY_11, ("Mon 09 11:00", None, None)),
    ("move it an hour later", FRIDAY_11, ("Fri 06 12:00", None, None)),
    ("push it back an hour", FRIDAY_11, ("Fri 06 12:00", None, None)),
    ("30 min earlier", FRIDAY_11, ("Fri 06 10:30", None, None)),
    ("a bit later?", FRIDAY_11, ("Fri 06 11:01", None, "after")),
    ("earlier", TUESDAY_OFFERS, ("Tue 10 00:00", "Tue 10 13:00", "before")),
    ("later?", TUESDAY_OFFERS, ("Tue 10 15:01", None, "after")),
    ("anything sooner?", FRIDAY_11, ("Wed 04 10:15", "Fri 06 11:00", "before")),
    ("in an hour", FRIDAY_11, ("Wed 04 11:15", None, None)),
    ("tomorrow at 3", FRIDAY_11, ("Thu 05 15:00", None, None)),
    ("I already have monday, can I also get wednesday at 10?", NO_REFERENCE, ("Wed 11 10:00", None, None)),
])
def test_in_context(text, reference, expected):
    assert read(text, reference) == expected


def test_without_a_reference_nothing_changes():
    assert parse_when("2:30", NOW, NY, reference=NO_REFERENCE) == parse_when("2:30", NOW, NY)
    assert parse_when("a bit later", NOW, NY, reference=NO_REFERENCE).start is None
