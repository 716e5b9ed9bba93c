"""The sending interface: the console sender (default) and Twilio's REST API."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

# Twilio error codes that no retry will fix.
INVALID_NUMBER, OPTED_OUT, NOT_MOBILE = 21211, 21610, 21614
PERMANENT_CODES = {INVALID_NUMBER, OPTED_OUT, NOT_MOBILE, 21408, 21612, 21606, 21660}


@dataclass(frozen=True)
class SentMessage:
    to: str
    body: str
    sent_at: datetime
    sid: str


class SendError(Exception):
    """A send that failed. `permanent` ones are never retried."""

    def __init__(self, reason: str, *, code: int | None = None, status: int | None = None,
                 permanent: bool = False):
        super().__init__(reason)
        self.reason, self.code, self.status, self.permanent = reason, code, status, permanent


class Sender(Protocol):
    name: str

    def send(self, to: str, body: str, now: datetime) -> SentMessage:
        """Raises SendError."""
