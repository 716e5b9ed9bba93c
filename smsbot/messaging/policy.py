"""How fast and when the bot may send: segment rate, retry backoff, quiet hours."""
from __future__ import annotations

import random
import re
import time as _time
from datetime import datetime, time, timedelta

from smsbot.clock import wall_time

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def segments(body: str) -> int:
    """SMS segments a body takes: 160/153 GSM-7 septets, else 70/67 UCS-2 units."""
    if set(body) <= GSM7 | GSM7_EXTENDED:
        units = len(body) + sum(ch in GSM7_EXTENDED for ch in body)
        single, multi = 160, 153
    else:
        units = len(body.encode("utf-16-le")) // 2
        single, multi = 70, 67
    return 1 if units <= single else -(-units // multi)


class RateLimiter:
    """A token bucket in segments per second; `rate` <= 0 means no limit."""

    def __init__(self, rate: float, burst: float = 1.0, clock=_time.monotonic, sleep=_time.sleep):
        self.rate, self.burst, self.clock, self.sleep = rate, max(burst, 1.0), clock, sleep
        self.tokens, self.last = self.burst, clock()

    def acquire(self, cost: float) -> None:
        if self.rate <= 0:
            return
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        self.tokens -= cost
        if self.tokens < 0:
            self.sleep(-self.tokens / self.rate)


def backoff(attempt: int, base: float = 30.0, cap: float = 3600.0, rng=random.random) -> timedelta:
    """Exponential backoff with full jitter: between half and the whole of base * 2^attempt."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return timedelta(seconds=ceiling * (0.5 + rng() / 2))


_CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """'21:00-08:00' -> (21:00, 08:00); '' -> None."""
    if not text.strip():
        return None
    ends = [_CLOCK.fullmatch(part.strip()) for part in text.split("-")]
    if len(ends) != 2 or not all(ends):
        raise ValueError("is not a span of two times like 21:00-08:00")
    start, end = (time(int(m[1]), int(m[2])) for m in ends)
    return start, end


def format_quiet_hours(window: tuple[time, time] | None) -> str:
    return "" if window is None else f"{window[0]:%H:%M}-{window[1]:%H:%M}"


def quiet_until(now: datetime, window: tuple[time, time] | None, tz) -> datetime | None:
    """If `now` falls in the quiet window (business time zone), when it ends."""
    if window is None:
        return None
    local = now.astimezone(tz)
    start, end = window
    t = local.time()
    inside = (start <= t < end) if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() + timedelta(days=1) if start > end and t >= start else local.date()
    return wall_time(day, end, tz)


_LEAD = re.compile(r"(\d+)\s*([mhd])", re.I)
_UNIT = {"m": "minutes", "h": "hours", "d": "days"}


def parse_lead_times(text: str) -> tuple[timedelta, ...]:
    """'24h,2h' -> (24 hours, 2 hours); 'none' -> ()."""
    if text.lower() == "none":
        return ()
    leads = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = _LEAD.fullmatch(part)
        if not m or not int(m[1]) or int(m[1]) > 10_000:
            raise ValueError(f"{part!r} is not a lead time like 24h, 90m or 2d")
        leads.append(timedelta(**{_UNIT[m[2].lower()]: int(m[1])}))
    if not leads or len(set(leads)) < len(leads):
        raise ValueError("needs different lead times, or none for no reminders")
    return tuple(leads)


def lead_label(lead: timedelta) -> str:
    """The name a lead time goes by in outbox keys and `smsbot config`: 24h, 90m."""
    minutes = int(lead.total_seconds() // 60)
    return f"{minutes // 60}h" if minutes % 60 == 0 else f"{minutes}m"
