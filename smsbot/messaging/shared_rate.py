"""A per-sender rate that holds across worker processes: each send books the next free
moment on the sender's row (locked for an instant), then waits for it."""
from __future__ import annotations

import time as _time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from smsbot.store.db import insert_unless_present
from smsbot.store.models import SendRate


def _wall() -> datetime:
    return datetime.now(timezone.utc)


class SharedRateLimiter:
    def __init__(self, db, sender: str, rate: float, now=_wall, sleep=_time.sleep):
        self.db, self.sender, self.rate, self.now, self.sleep = db, sender[:80], rate, now, sleep

    def acquire(self, cost: float) -> None:
        if self.rate <= 0:
            return
        with self.db.transaction() as session:
            conn = session.connection()
            now = self.now()
            conn.execute(insert_unless_present(conn.dialect.name, SendRate.__table__, "sender"),
                         {"sender": self.sender, "next_free_at": now})
            row = session.execute(select(SendRate).where(SendRate.sender == self.sender)
                                  .with_for_update()).scalar_one()
            start = max(now, row.next_free_at)
            row.next_free_at = start + timedelta(seconds=cost / self.rate)
        wait = (start - now).total_seconds()
        if wait > 0:
            self.sleep(wait)
