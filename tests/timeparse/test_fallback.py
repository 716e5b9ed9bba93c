"""dateparser is a guarded fallback: called rarely, trusted only for a date."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from smsbot.timeparse import fallback, parse_when

NY = ZoneInfo("America/New_York")
WED = datetime(2026, 3, 4, 10, 15)


@pytest.mark.parametrize("text, start", [
    ("apr-5", "2026-04-05T00:00:00-04:00"),
    ("5-apr-2027", "2027-04-05T00:00:00-04:00"),
    ("april five", "2026-04-05T00:00:00-04:00"),
])
def test_dates_the_grammar_misses_come_from_dateparser_as_days(text, start):
    assert parse_when(text, WED, NY).to_json() == {"start": start, "end": None, "grain": "day"}


@pytest.mark.parametrize("text", [
    "thursday at 3", "mon 9", "3", "1234567", "yes", "tomorrow morning", "3/12", "march 12",
    "next week", "in 2 hours", "cancel my appointment", "\U0001F600", "2 people",
])
def test_common_texts_never_reach_dateparser(text, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"dateparser called for {text!r}")

    monkeypatch.setattr(fallback, "parse", refuse)
    parse_when(text, WED, NY)


@pytest.mark.parametrize("text", ["march 2027", "in march", "may I", "april fools"])
def test_a_month_without_a_day_is_not_a_date(text):
    assert parse_when(text, WED, NY).start is None


def test_dateparser_answers_far_from_now_are_dropped(monkeypatch):
    class FarFuture:
        @staticmethod
        def parse(*args, **kwargs):
            return datetime(2999, 1, 1)

    monkeypatch.setattr(fallback, "_dateparser", lambda: FarFuture)
    assert fallback.parse("jan 1 2999", datetime(2026, 3, 4, 10, 15, tzinfo=NY), NY).start is None
