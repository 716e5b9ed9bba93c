"""Public holidays the business is closed on: every day the `holidays` package lists for
the country (and state) of the HOLIDAYS setting, observed days included, except those
OPEN_ON_HOLIDAYS names (a holiday's name, or the start of it, in any case; or a date)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

_CODE = re.compile(r"([A-Za-z]{2,3})(?:-([A-Za-z0-9]{1,5}))?")
_NAME_CHECK_YEARS = range(2020, 2041)  # a name in OPEN_ON_HOLIDAYS must be a holiday within these


@dataclass(frozen=True)
class HolidayCalendar:
    """A country and, optionally, one of its subdivisions: US, US-NY, GB-SCT."""
    country: str
    subdivision: str | None = None

    def __str__(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country

    @property
    def pair(self) -> tuple[str, str | None]:
        """As parse_when takes it (`holidays=`)."""
        return self.country, self.subdivision


def parse_calendar(text: str) -> HolidayCalendar | None:
    """HOLIDAYS: 'US', 'US-NY' or 'none'. Checked against the countries and subdivisions
    the `holidays` package knows (the default, US, without importing it: it is slow)."""
    if text.strip().lower() in ("", "none"):
        return None
    match = _CODE.fullmatch(text.strip())
    if not match:
        raise ValueError("is not a country code, optionally with a state: e.g. US, US-NY, GB-SCT, or none")
    calendar = HolidayCalendar(match[1].upper(), match[2].upper() if match[2] else None)
    if calendar != HolidayCalendar("US"):
        import holidays

        supported = holidays.list_supported_countries()
        if calendar.country not in supported:
            raise ValueError(f"{calendar.country} is not a country the holidays package knows")
        if calendar.subdivision and calendar.subdivision not in supported[calendar.country]:
            raise ValueError(f"{calendar.subdivision} is not a subdivision of {calendar.country}: use one of "
                             + " ".join(supported[calendar.country][:12]) + " ...")
    return calendar


def parse_open_days(text: str) -> tuple[str, ...]:
    """OPEN_ON_HOLIDAYS: comma-separated holiday names ('columbus day, veterans day') or dates."""
    found = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", item):
            try:
                date.fromisoformat(item)
            except ValueError:
                raise ValueError(f"{item} is not a date") from None
        elif not re.fullmatch(r"[A-Za-z][A-Za-z .'()-]*", item):
            raise ValueError(f"{item!r} is neither a holiday's name nor a date (YYYY-MM-DD)")
        found.append(item)
    return tuple(found)


@lru_cache(maxsize=128)
def _holidays_of(calendar: HolidayCalendar, year: int) -> dict[date, str]:
    import holidays

    return dict(holidays.country_holidays(calendar.country, subdiv=calendar.subdivision, years=year).items())


def unknown_names(calendar: HolidayCalendar, open_on: tuple[str, ...]) -> list[str]:
    """The names in OPEN_ON_HOLIDAYS that are no holiday of the calendar (a typo would
    leave the business closed on the day it meant to open)."""
    names = {part.lower() for year in _NAME_CHECK_YEARS for name in _holidays_of(calendar, year).values()
             for part in name.split("; ")}
    return [item for item in open_on if not item[:1].isdigit()
            and not any(name.startswith(item.lower()) for name in names)]


@dataclass(frozen=True)
class PublicHolidays:
    calendar: HolidayCalendar
    open_on: tuple[str, ...] = ()

    def __post_init__(self):
        import holidays  # noqa: F401 (slow the first time: at start, not in a customer's first request)

    def closed_for(self, day: date) -> str | None:
        """The name of the holiday the business is closed for that day ('Thanksgiving Day'), else None."""
        name = _holidays_of(self.calendar, day.year).get(day)
        if name is None or day.isoformat() in self.open_on:
            return None
        names = name.split("; ")  # two holidays on one day come joined
        if any(part.lower().startswith(item.lower()) for part in names for item in self.open_on):
            return None
        return names[0]
