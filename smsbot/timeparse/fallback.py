"""dateparser, for the rare date the grammar cannot read.

It runs only when the grammar found nothing and the text names a month next
to a number, and only its date is kept: times are the grammar's job, and
dateparser turns bare numbers into dates ("mon 9" becomes September 4th).
"""
from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from smsbot.clock import start_of_day
from smsbot.timeparse.normalize import Token
from smsbot.timeparse.types import NOTHING, When
from smsbot.timeparse.vocabulary import MONTH_INDEX

_MAX_YEARS_AHEAD = 3


def worth_trying(tokens: list[Token]) -> bool:
    has_month = any(t.kind == "word" and t.text in MONTH_INDEX for t in tokens)
    has_number = any(t.kind in ("num", "ord") for t in tokens)
    return has_month and has_number


@lru_cache(maxsize=1)
def _dateparser():
    import dateparser  # slow to import: only when first needed

    return dateparser


def _settings(now: datetime, tz: ZoneInfo, month_first: bool) -> dict:
    return {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "TIMEZONE": tz.key,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "DATE_ORDER": "MDY" if month_first else "DMY",
        "REQUIRE_PARTS": ["day", "month"],  # a month alone is not a day
    }


def parse(text: str, now: datetime, tz: ZoneInfo, month_first: bool = True) -> When:
    try:
        found = _dateparser().parse(text, languages=["en"], settings=_settings(now, tz, month_first))
    except (ValueError, OverflowError, TypeError):
        return NOTHING
    if found is None:
        return NOTHING
    day: date = found.date()
    if not now.year - 1 <= day.year <= now.year + _MAX_YEARS_AHEAD:
        return NOTHING
    return When(start_of_day(day, tz), None, "day")
