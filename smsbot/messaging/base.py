"""The sending interface: the console sender today, Twilio's REST API later."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SentMessage:
    to: str
    body: str
    sent_at: datetime
    sid: str


class Sender(Protocol):
    def send(self, to: str, body: str, now: datetime) -> SentMessage: ...
