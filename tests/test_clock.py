"""Where a local day starts and ends, in real zones that move their clocks at midnight."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from smsbot.calendars.local import LocalCalendar
from smsbot.clock import next_midnight, start_of_day, wall_time
from smsbot.messaging.policy import quiet_until
from smsbot.scheduling.availability import Availability
from smsbot.scheduling.hours import parse_hours
from smsbot.scheduling.rules import BookingRules
from smsbot.store.db import Database

SANTIAGO, HAVANA, BEIRUT = ZoneInfo("America/Santiago"), ZoneInfo("America/Havana"), ZoneInfo("Asia/Beirut")
SAO_PAULO, NEW_YORK, APIA = ZoneInfo("America/Sao_Paulo"), ZoneInfo("America/New_York"), ZoneInfo("Pacific/Apia")

# zone, day, its first instant, its length in hours
DAYS = [
    (SANTIAGO, date(2023, 9, 3), "2023-09-03T01:00:00-03:00", 23),  # 00:00 jumps to 01:00
    (SANTIAGO, date(2023, 4, 1), "2023-04-01T00:00:00-03:00", 25),  # 24:00 falls back to 23:00
    (SANTIAGO, date(2023, 4, 2), "2023-04-02T00:00:00-04:00", 24),
    (HAVANA, date(2023, 3, 12), "2023-03-12T01:00:00-04:00", 23),  # 00:00 jumps to 01:00
    (HAVANA, date(2023, 11, 5), "2023-11-05T00:00:00-04:00", 25),  # 01:00 falls back to 00:00: the first one
    (BEIRUT, date(2023, 3, 26), "2023-03-26T01:00:00+03:00", 23),
    (BEIRUT, date(2023, 10, 28), "2023-10-28T00:00:00+03:00", 25),
    (SAO_PAULO, date(2018, 11, 4), "2018-11-04T01:00:00-02:00", 23),
    (NEW_YORK, date(2023, 3, 12), "2023-03-12T00:00:00-05:00", 23),  # changes at 02:00, midnight untouched
    (NEW_YORK, date(2023, 6, 1), "2023-06-01T00:00:00-04:00", 24),
]
IDS = [f"{tz.key}-{day}" for tz, day, _, _ in DAYS]


def utc(moment: datetime) -> datetime:
    # Aware datetimes of one zone compare and subtract as wall times; UTC ones do not.
    return moment.astimezone(timezone.utc)


@pytest.mark.parametrize("tz, day, first, hours", DAYS, ids=IDS)
def test_a_day_starts_at_its_first_instant(tz, day, first, hours):
    start = start_of_day(day, tz)
    assert start.isoformat() == first
    assert utc(start).astimezone(tz).isoformat() == first  # a wall time that exists
    assert (utc(start) - timedelta(microseconds=1)).astimezone(tz).date() == day - timedelta(days=1)
    assert utc(start_of_day(day + timedelta(days=1), tz)) - utc(start) == timedelta(hours=hours)


@pytest.mark.parametrize("tz, day, first, hours", DAYS, ids=IDS)
def test_next_midnight_from_every_minute_of_the_day_is_the_next_days_start(tz, day, first, hours):
    start, end = utc(start_of_day(day, tz)), utc(start_of_day(day + timedelta(days=1), tz))
    moments = [start + timedelta(minutes=m) for m in range(hours * 60)]
    assert moments[-1] < end
    for moment in moments:
        local = moment.astimezone(tz)  # the second 00:30 of Havana's 2023-11-05 has fold=1
        assert utc(next_midnight(local, tz)) == end
        assert utc(next_midnight(moment, tz)) == end  # any zone in, the business zone decides


def test_the_second_of_two_midnights_is_not_a_next_midnight():
    second = datetime(2023, 11, 5, 0, 0, fold=1, tzinfo=HAVANA)
    assert utc(second) - utc(start_of_day(date(2023, 11, 5), HAVANA)) == timedelta(hours=1)
    assert next_midnight(start_of_day(date(2023, 11, 5), HAVANA), HAVANA).isoformat() == "2023-11-06T00:00:00-05:00"


@pytest.mark.parametrize("tz", [SANTIAGO, HAVANA, BEIRUT, SAO_PAULO, NEW_YORK], ids=lambda tz: tz.key)
def test_walking_midnights_visits_every_date_once(tz):
    moment, day = start_of_day(date(2017, 12, 31), tz), date(2017, 12, 31)
    for _ in range(2 * 366):
        following = next_midnight(moment, tz)
        day += timedelta(days=1)
        assert following.date() == day and utc(following) > utc(moment)
        assert following.time() == time(0) or utc(following) - timedelta(hours=1) < utc(start_of_day(day, tz))
        moment = following


def test_a_day_the_zone_skipped_is_empty():
    # Samoa crossed the date line: 2011-12-29 23:59:59 was followed by 2011-12-31 00:00.
    skipped = start_of_day(date(2011, 12, 30), APIA)
    assert utc(skipped) == utc(start_of_day(date(2011, 12, 31), APIA))
    assert skipped.isoformat() == "2011-12-31T00:00:00+14:00"
    assert next_midnight(datetime(2011, 12, 29, 12, tzinfo=APIA), APIA) == skipped


def test_a_wall_time_in_a_gap_is_read_with_the_offset_before_the_jump():
    assert wall_time(date(2023, 3, 12), time(2, 30), NEW_YORK).isoformat() == "2023-03-12T03:30:00-04:00"
    assert wall_time(date(2023, 11, 5), time(1, 30), NEW_YORK).isoformat() == "2023-11-05T01:30:00-04:00"


def rules_in(tz: ZoneInfo) -> BookingRules:
    return BookingRules(tz=tz, hours=parse_hours(["mon-sun 00:00-02:00"]), slot=timedelta(minutes=30),
                        min_notice=timedelta(0), horizon=timedelta(days=30))


@pytest.fixture
def calendar():
    db = Database("sqlite://")
    db.create_all()
    with db.transaction() as session:
        yield LocalCalendar(session)


def test_business_night_where_midnight_is_skipped(calendar):
    now = datetime(2023, 9, 1, 12, tzinfo=SANTIAGO)
    availability = Availability(calendar, rules_in(SANTIAGO), now)
    sunday = availability.free_on(date(2023, 9, 3))  # 00:00 to 01:00 does not exist that night
    assert [s.isoformat() for s in sunday] == ["2023-09-03T01:00:00-03:00", "2023-09-03T01:30:00-03:00"]
    whole_day = (start_of_day(date(2023, 9, 3), SANTIAGO), next_midnight(sunday[0], SANTIAGO))
    assert availability.free_between(*whole_day, limit=10) == sunday


def test_nearest_free_carries_over_a_skipped_midnight(calendar):
    now = datetime(2023, 9, 1, 12, tzinfo=SANTIAGO)
    saturday = start_of_day(date(2023, 9, 2), SANTIAGO)
    calendar.add_busy(saturday, saturday + timedelta(hours=2), "full", now)
    offers = Availability(calendar, rules_in(SANTIAGO), now).nearest_free(saturday + timedelta(hours=1))
    assert [s.isoformat() for s in offers] == ["2023-09-03T01:00:00-03:00", "2023-09-03T01:30:00-03:00",
                                               "2023-09-04T00:00:00-03:00"]


def test_business_night_where_midnight_is_repeated_offers_each_wall_time_once(calendar):
    now = datetime(2023, 11, 1, 12, tzinfo=HAVANA)
    night = Availability(calendar, rules_in(HAVANA), now).free_on(date(2023, 11, 5))
    assert [s.isoformat() for s in night] == ["2023-11-05T00:00:00-04:00", "2023-11-05T00:30:00-04:00",
                                              "2023-11-05T01:00:00-05:00", "2023-11-05T01:30:00-05:00"]


def test_quiet_hours_ending_at_a_skipped_midnight_end_when_the_day_starts():
    late = datetime(2023, 9, 2, 22, tzinfo=SANTIAGO)
    assert quiet_until(late, (time(21), time(0)), SANTIAGO).isoformat() == "2023-09-03T01:00:00-03:00"
