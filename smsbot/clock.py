"""Time is injected: logic takes `now`, the edges read it from a clock."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FrozenClock:
    """A clock that only moves when told to (transcripts, tests)."""

    def __init__(self, at: datetime):
        self.at = at.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self.at

    def set(self, at: datetime) -> None:
        self.at = at.astimezone(timezone.utc)

    def advance(self, delta: timedelta) -> None:
        self.at += delta
