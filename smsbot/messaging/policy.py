"""How fast and when the bot may send: segment rate, retry backoff, quiet hours."""
from __future__ import annotations

import random
import time as _time
from datetime import datetime, time, timedelta

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


def parse_quiet_hours(text: str) -> tuple[time, time] | None:
    """'21:00-08:00' -> (21:00, 08:00); '' -> None."""
    if not text.strip():
        return None
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


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
    return datetime.combine(day, end, tzinfo=tz)
