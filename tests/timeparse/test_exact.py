"""Exact answers written out by hand: the contract example, DST edges, New Year."""
from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from smsbot.timeparse import parse_when

NY = ZoneInfo("America/New_York")
WED = datetime(2026, 3, 4, 10, 15)  # the contract's --now


def json_of(text, now, tz="America/New_York", **options):
    return parse_when(text, now, tz, **options).to_json()


def answer(start, end=None, grain="hour"):
    return {"start": start, "end": end, "grain": grain}


EXACT = [
    # (now, text, start, end, grain)
    (WED, "thursday at 3", "2026-03-05T15:00:00-05:00", None, "hour"),
    (WED, "book another one thursday 10am", "2026-03-05T10:00:00-05:00", None, "hour"),
    (WED, "one more for friday at 2:30", "2026-03-06T14:30:00-05:00", None, "minute"),
    (WED, "can we do 12 March", "2026-03-12T00:00:00-04:00", None, "day"),
    (WED, "at 3 march 12", "2026-03-12T15:00:00-04:00", None, "hour"),
    (WED, "tomorrow at 3", "2026-03-05T15:00:00-05:00", None, "hour"),
    (WED, "mon 9", "2026-03-09T09:00:00-04:00", None, "hour"),
    (WED, "9am", "2026-03-05T09:00:00-05:00", None, "hour"),
    (WED, "at 3", "2026-03-04T15:00:00-05:00", None, "hour"),
    (WED, "2:45", "2026-03-04T14:45:00-05:00", None, "minute"),
    (WED, "wednesday at 9", "2026-03-11T09:00:00-04:00", None, "hour"),
    (WED, "wednesday at 2", "2026-03-04T14:00:00-05:00", None, "hour"),
    (WED, "wednesday", "2026-03-11T00:00:00-04:00", None, "day"),
    (WED, "this wednesday", "2026-03-04T00:00:00-05:00", None, "day"),
    (WED, "next friday", "2026-03-13T00:00:00-04:00", None, "day"),
    (WED, "friday", "2026-03-06T00:00:00-05:00", None, "day"),
    (WED, "next week", "2026-03-09T00:00:00-04:00", "2026-03-16T00:00:00-04:00", "week"),
    (WED, "this week", "2026-03-02T00:00:00-05:00", "2026-03-09T00:00:00-04:00", "week"),
    (WED, "tomorrow morning", "2026-03-05T08:00:00-05:00", "2026-03-05T12:00:00-05:00", "part_of_day"),
    (WED, "between 2 and 4", "2026-03-04T14:00:00-05:00", "2026-03-04T16:00:00-05:00", "hour"),
    (WED, "after 3", "2026-03-04T15:00:00-05:00", None, "hour"),
    (WED, "before noon", "2026-03-04T00:00:00-05:00", "2026-03-04T12:00:00-05:00", "hour"),
    (WED, "in 2 hours", "2026-03-04T12:15:00-05:00", None, "minute"),
    (WED, "the 12th", "2026-03-12T00:00:00-04:00", None, "day"),
    (WED, "the 3rd", "2026-04-03T00:00:00-04:00", None, "day"),
    (WED, "March 1", "2027-03-01T00:00:00-05:00", None, "day"),
    (WED, "March 4", "2026-03-04T00:00:00-05:00", None, "day"),
    (WED, "3/12/2025", "2025-03-12T00:00:00-04:00", None, "day"),
    (WED, "2026-03-12", "2026-03-12T00:00:00-04:00", None, "day"),
    (WED, "2026-03-12T15:00", "2026-03-12T15:00:00-04:00", None, "minute"),
    (WED, "yesterday at 3", "2026-03-03T15:00:00-05:00", None, "hour"),
    (WED, "today at 9", "2026-03-04T09:00:00-05:00", None, "hour"),
    # The clocks spring forward at 2:00 on Sunday 2026-03-08.
    (datetime(2026, 3, 7, 21, 0), "tomorrow at 9", "2026-03-08T09:00:00-04:00", None, "hour"),
    (datetime(2026, 3, 7, 21, 0), "in 2 hours", "2026-03-07T23:00:00-05:00", None, "minute"),
    (datetime(2026, 3, 8, 1, 30), "in 1 hour", "2026-03-08T03:30:00-04:00", None, "minute"),
    (datetime(2026, 3, 8, 0, 30), "2:30am", "2026-03-08T03:30:00-04:00", None, "minute"),
    (datetime(2026, 3, 6, 12, 0), "next monday at 9", "2026-03-09T09:00:00-04:00", None, "hour"),
    (datetime(2026, 3, 6, 12, 0), "this weekend", "2026-03-07T00:00:00-05:00", "2026-03-09T00:00:00-04:00", "day"),
    # The clocks fall back at 2:00 on Sunday 2026-11-01.
    (datetime(2026, 10, 31, 18, 0), "tomorrow at 9", "2026-11-01T09:00:00-05:00", None, "hour"),
    (datetime(2026, 10, 31, 18, 0), "tomorrow", "2026-11-01T00:00:00-04:00", None, "day"),
    (datetime(2026, 11, 1, 0, 30), "in 1 hour", "2026-11-01T01:30:00-04:00", None, "minute"),
    (datetime(2026, 11, 1, 0, 30), "in 2 hours", "2026-11-01T01:30:00-05:00", None, "minute"),
    (datetime(2026, 10, 28, 9, 0), "next week", "2026-11-02T00:00:00-05:00", "2026-11-09T00:00:00-05:00", "week"),
    (datetime(2026, 11, 1, 12, 0), "this week", "2026-10-26T00:00:00-04:00", "2026-11-02T00:00:00-05:00", "week"),
    (datetime(2026, 10, 30, 12, 0), "monday at 10", "2026-11-02T10:00:00-05:00", None, "hour"),
    # New Year's Eve, a Thursday, late.
    (datetime(2026, 12, 31, 23, 30), "tomorrow", "2027-01-01T00:00:00-05:00", None, "day"),
    (datetime(2026, 12, 31, 23, 30), "at 3", "2027-01-01T15:00:00-05:00", None, "hour"),
    (datetime(2026, 12, 31, 23, 30), "3/12", "2027-03-12T00:00:00-05:00", None, "day"),
    (datetime(2026, 12, 31, 23, 30), "the 12th", "2027-01-12T00:00:00-05:00", None, "day"),
    (datetime(2026, 12, 31, 23, 30), "thursday", "2027-01-07T00:00:00-05:00", None, "day"),
    (datetime(2026, 12, 31, 23, 30), "friday at 10", "2027-01-01T10:00:00-05:00", None, "hour"),
    (datetime(2026, 12, 31, 23, 30), "next week", "2027-01-04T00:00:00-05:00", "2027-01-11T00:00:00-05:00", "week"),
    (datetime(2026, 12, 31, 23, 30), "dec 31", "2026-12-31T00:00:00-05:00", None, "day"),
    (datetime(2026, 12, 31, 23, 30), "jan 2 at 11", "2027-01-02T11:00:00-05:00", None, "hour"),
]


@pytest.mark.parametrize("now, text, start, end, grain", EXACT, ids=[f"{row[0]:%m%d-%H%M}-{row[1]}" for row in EXACT])
def test_exact_answer(now, text, start, end, grain):
    assert json_of(text, now) == answer(start, end, grain)


def test_bounds_are_marked():
    assert parse_when("after 3", WED, NY).bound == "after"
    assert parse_when("before noon", WED, NY).bound == "before"
    assert parse_when("at 3", WED, NY).bound is None
    assert parse_when("between 2 and 4", WED, NY).bound is None


@pytest.mark.parametrize("text, day_first, month_first", [
    ("3/12", "2026-12-03T00:00:00-05:00", "2026-03-12T00:00:00-04:00"),
    ("4/5 at 2", "2026-05-04T14:00:00-04:00", "2026-04-05T14:00:00-04:00"),
    ("25/12", "2026-12-25T00:00:00-05:00", "2026-12-25T00:00:00-05:00"),
    ("12-03-2026", "2026-03-12T00:00:00-04:00", "2026-12-03T00:00:00-05:00"),
])
def test_month_first_flips_numeric_dates(text, day_first, month_first):
    assert json_of(text, WED)["start"] == month_first
    assert json_of(text, WED, month_first=False)["start"] == day_first


def test_aware_now_is_converted_to_the_business_zone():
    utc_now = datetime(2026, 3, 4, 15, 15, tzinfo=timezone.utc)  # 10:15 in New York
    assert json_of("at 3", utc_now) == answer("2026-03-04T15:00:00-05:00")
    assert json_of("9am", utc_now) == answer("2026-03-05T09:00:00-05:00")


def test_zoneinfo_and_name_agree():
    assert parse_when("thursday at 3", WED, NY) == parse_when("thursday at 3", WED, "America/New_York")


def test_other_zones_use_their_own_dst_dates():
    friday = datetime(2026, 3, 27, 12, 0)  # Europe changes on Sunday 2026-03-29
    assert json_of("monday at 9", friday, "Europe/London") == answer("2026-03-30T09:00:00+01:00")
    assert json_of("tomorrow at 9", friday, "Europe/London") == answer("2026-03-28T09:00:00+00:00")
    assert json_of("at 3", friday, "Asia/Tokyo") == answer("2026-03-27T15:00:00+09:00")


def test_parse_is_pure():
    first = parse_when("in 2 hours", WED, NY)
    assert parse_when("in 2 hours", WED, NY) == first
