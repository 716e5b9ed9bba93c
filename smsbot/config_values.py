"""The kinds of value a setting holds: how each is read from its text (a ValueError says
what is wrong) and shown again. Stdlib only, so that loading settings stays fast."""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Callable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


@dataclass(frozen=True)
class Kind:
    parse: Callable[[str], Any]
    show: Callable[[Any], str] = str
    empty: Any = ""  # the value when the variable is unset or blank
    echo: Callable[[str], str] = str  # a bad value as its error message repeats it


def one_line(text: str) -> str:
    if not text.isprintable():
        raise ValueError("has a control character (a line break?)")
    return text


def no_spaces(text: str) -> str:
    if any(c.isspace() for c in one_line(text)):
        raise ValueError("has a space in it")
    return text


def at_least_8(text: str) -> str:
    if len(one_line(text)) < 8:
        raise ValueError("is shorter than 8 characters")
    return text


def _within(value, low, high):
    if value < low or (high is not None and value > high):
        span = f"at least {low:g}" if high is None else f"between {low:g} and {high:g}"
        raise ValueError(f"must be {span}")
    return value


def whole(low: int, high: int | None = None, step: int = 1) -> Kind:
    def parse(text: str) -> int:
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValueError("is not a whole number")
        value = _within(int(text), low, high)
        if value % step:
            raise ValueError(f"must be a multiple of {step}")
        return value
    return Kind(parse)


def decimal(low: float, high: float, *, above: bool = False) -> Kind:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError("is not a number") from None
        if not value == value or value in (float("inf"), float("-inf")):
            raise ValueError("is not a finite number")
        if above and value <= low:
            raise ValueError(f"must be more than {low:g}")
        return _within(value, low, high)
    return Kind(parse, lambda value: f"{value:g}")


def duration(unit: str, low: int, high: int, step: int = 1) -> Kind:
    """A whole number of `unit` (minutes, days, ...) read as a timedelta."""
    count = whole(low, high, step).parse
    return Kind(lambda text: timedelta(**{unit: count(text)}),
                lambda value: str(int(value / timedelta(**{unit: 1}))))


def choice(*options: str) -> Kind:
    by_fold = {option.lower(): option for option in options}

    def parse(text: str) -> str:
        if text.lower() not in by_fold:
            raise ValueError(f"must be {', '.join(options[:-1])} or {options[-1]}")
        return by_fold[text.lower()]
    return Kind(parse)


def _zone(text: str) -> ZoneInfo:
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError("is not a time zone of the tz database") from None


def url(text: str, *, base: bool = False) -> str:
    parts = urlsplit(one_line(text))
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in text:
        raise ValueError("is not an http:// or https:// URL")
    try:
        parts.port
    except ValueError:
        raise ValueError("has a bad port") from None
    if parts.query or parts.fragment or (base and parts.username):
        raise ValueError("has a query, fragment or user name")
    if base and text.endswith("/"):
        raise ValueError("ends in /: write it without")
    return text


_DATABASE = re.compile(r"(sqlite(?:\+pysqlite)?|postgres(?:ql)?(?:\+psycopg)?)://")


def normalize_database_url(text: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever scheme the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    return text


def _database(text: str) -> str:
    m = _DATABASE.match(one_line(text))
    if not m:
        raise ValueError("is not a sqlite:// or postgresql:// URL")
    parts = urlsplit(text)
    if m[1].lower().startswith("sqlite") and parts.netloc:
        raise ValueError("names a host: SQLite wants sqlite:///relative/path or sqlite:////absolute/path")
    try:
        parts.port
    except ValueError:
        raise ValueError("has a bad port") from None
    if m[1].lower().startswith("postgres") and importlib.util.find_spec("psycopg") is None:
        raise ValueError("needs the PostgreSQL driver: pip install -e '.[postgres]'")
    return normalize_database_url(text)


def mask_password(text: str) -> str:
    """A database URL with its password (if any) hidden."""
    parts = urlsplit(text)
    if parts.password is None:
        return text
    user, _, host = parts.netloc.rpartition("@")
    return parts._replace(netloc=f"{user.split(':')[0]}:***@{host}").geturl()


def listing(item: Callable[[str], str]) -> Kind:
    """Comma-separated items, blanks dropped."""
    def parse(text: str) -> tuple[str, ...]:
        items = [part.strip() for part in text.split(",") if part.strip()]
        for part in items:
            try:
                item(part)
            except ValueError as why:
                raise ValueError(f"{part!r} {why}") from None
        return tuple(items)
    return Kind(parse, ",".join, ())


TEXT, TOKEN, PASSWORD = Kind(one_line), Kind(no_spaces), Kind(at_least_8)
ZONE = Kind(_zone, lambda zone: zone.key)
URL, BASE_URL = Kind(url), Kind(lambda text: url(text, base=True))
DATABASE = Kind(_database, mask_password, echo=mask_password)
