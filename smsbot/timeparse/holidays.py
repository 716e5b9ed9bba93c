"""Holiday names read as dates: 'christmas', 'xmas eve', 'new years eve', 'thanksgiving',
'the day after thanksgiving', 'black friday', 'memorial day', 'good friday'.

Movable holidays come from the `holidays` package for the business's country
(and state); a few days everyone names keep their fixed date even where they are
not public holidays.  The next one to come is meant (today included).
"""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

from smsbot.timeparse.parts import Day
from smsbot.timeparse.scan import Scan

# (words as written, start of the holiday's name in the `holidays` package, its date where the
# package has none for the country: (month, day) or "easter", days added)
_NAMES = (
    (("christmas",), "christmas", (12, 25), 0),
    (("xmas",), "christmas", (12, 25), 0),
    (("new", "years"), "new year", (1, 1), 0),
    (("new", "year"), "new year", (1, 1), 0),
    (("nye",), "new year", (1, 1), -1),
    (("thanksgiving",), "thanksgiving", None, 0),
    (("black", "friday"), "thanksgiving", None, 1),
    (("independence", "day"), "independence day", (7, 4), 0),
    (("memorial", "day"), "memorial day", None, 0),
    (("labor", "day"), "labor day", None, 0),
    (("labour", "day"), "labour day", None, 0),
    (("mlk",), "martin luther king", None, 0),
    (("martin", "luther", "king"), "martin luther king", None, 0),
    (("presidents", "day"), "washington", None, 0),
    (("columbus", "day"), "columbus day", None, 0),
    (("veterans", "day"), "veterans day", None, 0),
    (("juneteenth",), "juneteenth", (6, 19), 0),
    (("boxing", "day"), "boxing day", (12, 26), 0),
    (("good", "friday"), "good friday", "easter", -2),
    (("easter", "monday"), "easter monday", "easter", 1),
    (("easter",), "easter", "easter", 0),
    (("halloween",), None, (10, 31), 0),
    (("valentines", "day"), None, (2, 14), 0),
    (("valentines",), None, (2, 14), 0),
)
FIRST_WORDS = frozenset(words[0] for words, _, _, _ in _NAMES)
_YEARS_AHEAD = 2


@lru_cache(maxsize=64)
def _named_days(country: str, subdivision: str | None, year: int) -> tuple[tuple[date, str], ...]:
    import holidays  # slow to import: only when a holiday is named

    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except (NotImplementedError, KeyError, ValueError):
        return ()
    return tuple((day, name.lower()) for day, name in found.items() if "observed" not in name.lower())


def _dates(calendar: tuple[str, str | None] | None, prefix: str | None, fixed, year: int) -> list[date]:
    if prefix and calendar and fixed != "easter":
        found = [day for day, name in _named_days(calendar[0], calendar[1], year) if name.startswith(prefix)]
        if found:
            return found
    if fixed == "easter":
        return [easter(year)]
    return [date(year, *fixed)] if fixed else []


def _next(s: Scan, prefix: str | None, fixed, shift: int) -> date | None:
    for year in range(s.today.year - 1, s.today.year + _YEARS_AHEAD):
        for day in sorted(_dates(s.holidays, prefix, fixed, year)):
            if day + timedelta(days=shift) >= s.today:
                return day + timedelta(days=shift)
    return None


def _named(s: Scan, i: int) -> tuple[int, str | None, tuple | None, int] | None:
    for words, prefix, fixed, shift in _NAMES:
        end = s.phrase(i, *words)
        if end is not None:
            return end, prefix, fixed, shift
    return None


def holiday(s: Scan, i: int):
    """'christmas', 'christmas eve', 'new years day', 'the day before thanksgiving'."""
    shift, j = 0, i
    for way, days in (("after", 1), ("before", -1)):
        if s.phrase(i, "day", way):
            shift, j = days, i + 2
            j = s.skip(j, "the")
    if not s.word(j, *FIRST_WORDS):
        return None
    found = _named(s, j)
    if found is None:
        return None
    end, prefix, fixed, own_shift = found
    if s.at(end).kind == "word" and s.at(end).value == "eve":  # "xmas eve" is not an evening
        shift, end = shift - 1, end + 1
    elif s.word(end, "day"):
        end += 1
    day = _next(s, prefix, fixed, shift + own_shift)
    return (end, [Day(day)]) if day else None
