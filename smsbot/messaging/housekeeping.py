"""What the outbox worker does besides sending: note that it went round (at most once a
minute, for the dashboard's health panel) and prune the message log and expired logins
(once an hour)."""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta

from smsbot.store import message_log, web_auth, worker_rounds

NOTE_EVERY = timedelta(minutes=1)
PRUNE_EVERY = timedelta(hours=1)


class Housekeeping:
    def __init__(self, db, settings, clock, name: str | None = None):
        self.db, self.clock = db, clock
        self.keep = timedelta(days=settings.message_log_retention_days)
        self.name = name or f"{socket.gethostname()}:{os.getpid()}"
        self.next_note: datetime | None = None
        self.next_prune: datetime | None = None

    def tick(self) -> None:
        now = self.clock.now()
        note, prune = _due(self.next_note, now), _due(self.next_prune, now)
        if not (note or prune):
            return
        with self.db.transaction() as session:
            if note:
                worker_rounds.worker_went_round(session, self.name, now)
            if prune:
                message_log.prune(session, now - self.keep)
                web_auth.forget_expired(session, now)
        if note:
            self.next_note = now + NOTE_EVERY
        if prune:
            self.next_prune = now + PRUNE_EVERY


def _due(when: datetime | None, now: datetime) -> bool:
    return when is None or now >= when
