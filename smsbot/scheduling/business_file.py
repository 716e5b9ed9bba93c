"""Reading `business.toml` (the setting BUSINESS_FILE). A mistake is one ValueError naming
the file, the line and the field, so that start-up stops with one clear line."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from smsbot import config_values as v
from smsbot.scheduling.business import Provider, Service
from smsbot.scheduling.hours import OpeningHours, parse_hours
from smsbot.scheduling.public_holidays import parse_calendar, parse_open_days

TOP = {"name", "phone", "address", "time_zone", "hours", "holidays", "public_holidays", "open_on_holidays",
       "services", "providers"}
SERVICE = {"name", "minutes", "buffer_after", "price", "aliases", "calendly_event_type"}
PROVIDER = {"name", "hours", "services", "google_calendar_id"}
_HEADER = re.compile(r"^\s*\[\[\s*(services|providers)\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
# an event type's API URI (https://api.calendly.com/event_types/<uuid>) or its slug ("colour-90")
_EVENT_TYPE = re.compile(r"https?://[^\s/]+(/[^\s/]+)*/event_types/[A-Za-z0-9-]+|[A-Za-z0-9][A-Za-z0-9_-]*")


@dataclass(frozen=True)
class BusinessFile:
    path: str
    settings: tuple[tuple[str, object], ...] = ()  # (Settings field name, value) the file sets
    services: tuple[Service, ...] = ()
    providers: tuple[Provider, ...] = ()
    holidays: frozenset[date] = frozenset()

    def __str__(self) -> str:
        return self.path


class _Lines:
    """Where each key is: (table, index, key) -> line number; table '' is the top level."""

    def __init__(self, text: str):
        self.at: dict[tuple[str, int, str], int] = {}
        counts = {"services": -1, "providers": -1}
        table, index = "", 0
        for number, line in enumerate(text.splitlines(), 1):
            header = _HEADER.match(line)
            if header:
                table = header[1]
                counts[table] += 1
                index = counts[table]
                self.at[(table, index, "")] = number
                continue
            key = _KEY.match(line)
            if key:
                self.at.setdefault((table, index, key[1]), number)

    def of(self, table: str, index: int, key: str) -> int:
        return self.at.get((table, index, key)) or self.at.get((table, index, ""), 1)


class _Reader:
    def __init__(self, path: str, text: str):
        self.path, self.lines = path, _Lines(text)

    def fail(self, table: str, index: int, key: str, why: str):
        where = f"{table}[{index + 1}].{key}" if table else key
        raise ValueError(f"{self.path} line {self.lines.of(table, index, key)}, {where}: {why}")

    def text(self, data: dict, table: str, index: int, key: str, required: bool = False) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(table, index, key, "must be some text in quotes" if not required else "is required")
        return value.strip()

    def words(self, data: dict, table: str, index: int, key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            self.fail(table, index, key, 'must be a list of texts, e.g. ["a", "b"]')
        return tuple(x.strip() for x in value)

    def minutes(self, data: dict, table: str, index: int, key: str, low: int) -> timedelta:
        value = data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < low or value % 5 or value > 24 * 60:
            self.fail(table, index, key, f"must be a whole number of minutes, a multiple of 5, at least {low}")
        return timedelta(minutes=value)

    def hours(self, data: dict, table: str, index: int) -> OpeningHours | None:
        if "hours" not in data:
            return None
        try:
            return parse_hours(list(self.words(data, table, index, "hours")))
        except ValueError as why:
            self.fail(table, index, "hours", str(why))

    def unknown(self, data: dict, allowed: set[str], table: str, index: int) -> None:
        for key in data:
            if key not in allowed:
                self.fail(table, index, key, f"is not a field here: use {', '.join(sorted(allowed))}")


def read_business_file(path_text: str) -> BusinessFile:
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as why:
        raise ValueError(f"cannot read {path}: {why.strerror or why}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as why:
        raise ValueError(f"{path}: {why}") from None
    return _business(_Reader(str(path), text), data)


def _business(r: _Reader, data: dict) -> BusinessFile:
    r.unknown(data, TOP, "", 0)
    settings = {}
    for key, field_name in (("name", "business_name"), ("phone", "business_phone"),
                            ("address", "business_address")):
        if key in data:
            settings[field_name] = r.text(data, "", 0, key)
    if "time_zone" in data:
        try:
            settings["business_tz"] = v.ZONE.parse(r.text(data, "", 0, "time_zone"))
        except ValueError as why:
            r.fail("", 0, "time_zone", str(why))
    hours = r.hours(data, "", 0)
    if hours is not None:
        settings["opening_hours"] = hours
    settings.update(_public_holidays(r, data))
    services = tuple(_service(r, s, i) for i, s in enumerate(_tables(r, data, "services")))
    _no_twice(r, "services", [s.name for s in services])
    known = {s.name.lower() for s in services}
    providers = tuple(_provider(r, p, i, known) for i, p in enumerate(_tables(r, data, "providers")))
    _no_twice(r, "providers", [p.name for p in providers])
    return BusinessFile(r.path, tuple(settings.items()), services, providers, _holidays(r, data))


def _tables(r: _Reader, data: dict, key: str) -> list[dict]:
    tables = data.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        r.fail("", 0, key, f"must be [[{key}]] tables")
    return tables


def _service(r: _Reader, data: dict, i: int) -> Service:
    r.unknown(data, SERVICE, "services", i)
    if "minutes" not in data:
        r.fail("services", i, "minutes", "is required (the length in minutes)")
    return Service(name=r.text(data, "services", i, "name", required=True),
                   length=r.minutes(data, "services", i, "minutes", 5),
                   buffer_after=r.minutes(data, "services", i, "buffer_after", 0),
                   price=r.text(data, "services", i, "price"),
                   aliases=r.words(data, "services", i, "aliases"),
                   calendly_event_type=_event_type(r, data, i))


def _event_type(r: _Reader, data: dict, i: int) -> str:
    wanted = r.text(data, "services", i, "calendly_event_type")
    if "calendly_event_type" in data and not _EVENT_TYPE.fullmatch(wanted):
        r.fail("services", i, "calendly_event_type", "must be the event type's URI "
               "(https://api.calendly.com/event_types/...) or its slug (the end of its booking link)")
    return wanted


def _provider(r: _Reader, data: dict, i: int, known: set[str]) -> Provider:
    r.unknown(data, PROVIDER, "providers", i)
    offered = None
    if "services" in data:
        offered = frozenset(s.lower() for s in r.words(data, "providers", i, "services"))
        for name in sorted(offered - known):
            r.fail("providers", i, "services", f"{name!r} is not one of the [[services]]")
    return Provider(name=r.text(data, "providers", i, "name", required=True),
                    hours=r.hours(data, "providers", i), services=offered,
                    google_calendar_id=r.text(data, "providers", i, "google_calendar_id"))


def _no_twice(r: _Reader, table: str, names: list[str]) -> None:
    seen: set[str] = set()
    for i, name in enumerate(names):
        if name.lower() in seen:
            r.fail(table, i, "name", f"{name!r} is named twice")
        seen.add(name.lower())


def _public_holidays(r: _Reader, data: dict) -> dict:
    """public_holidays = "US-NY" (or "none") and open_on_holidays = ["Columbus Day"]: the
    HOLIDAYS and OPEN_ON_HOLIDAYS settings, which they replace."""
    found = {}
    for key, setting, parse in (("public_holidays", "holidays", lambda: parse_calendar(r.text(data, "", 0, key))),
                                ("open_on_holidays", "open_on_holidays",
                                 lambda: parse_open_days(",".join(r.words(data, "", 0, key))))):
        if key in data:
            try:
                found[setting] = parse()
            except ValueError as why:
                r.fail("", 0, key, str(why))
    return found


def _holidays(r: _Reader, data: dict) -> frozenset[date]:
    days = set()
    for item in data.get("holidays", []) if isinstance(data.get("holidays", []), list) else [None]:
        if isinstance(item, date):
            days.add(item)
            continue
        try:
            days.add(date.fromisoformat(item))
        except (TypeError, ValueError):
            r.fail("", 0, "holidays", f"{item!r} is not a date: use YYYY-MM-DD")
    return frozenset(days)
