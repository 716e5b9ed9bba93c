"""Wall-clock arithmetic in a time zone.

Datetimes are always built from a wall date and time with zoneinfo, never by
adding timedeltas to aware datetimes across days, so a time after a DST change
carries the offset of its own day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from smsbot.clock import wall_time


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def as_zone(tz: str | ZoneInfo) -> ZoneInfo:
    return zone(tz) if isinstance(tz, str) else tz


def real(moment: datetime) -> datetime:
    """Move a wall time that falls in a DST gap to the instant it names."""
    tz = moment.tzinfo
    return moment.astimezone(timezone.utc).astimezone(tz)


def local_now(now: datetime, tz: ZoneInfo) -> datetime:
    if now.tzinfo is None:
        return real(now.replace(tzinfo=tz))
    return now.astimezone(tz)


def wall(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime:
    """`day` at hour:minute local time; hour 24 is the next day's midnight."""
    if hour >= 24:
        day, hour = day + timedelta(days=1), hour - 24
    return wall_time(day, time(hour, minute), tz)


def after_elapsed(now: datetime, delta: timedelta) -> datetime:
    start = now.replace(second=0, microsecond=0).astimezone(timezone.utc)
    return (start + delta).astimezone(now.tzinfo)


def is_before(a: datetime, b: datetime) -> bool:
    # Same-zone aware comparisons ignore fold; timestamps do not.
    return a.timestamp() < b.timestamp()


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
