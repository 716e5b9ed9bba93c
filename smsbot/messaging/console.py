"""The embedded sender: logs each message (number masked) and keeps it for chat and replay."""
from __future__ import annotations

import itertools
import logging
import threading
from datetime import datetime

from smsbot.phones import mask_phone
from smsbot.messaging.base import SentMessage

log = logging.getLogger("smsbot.sms")


class ConsoleSender:
    name = "console"

    def __init__(self, keep: int = 1000):
        self.sent: list[SentMessage] = []
        self.keep = keep
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def send(self, to: str, body: str, now: datetime) -> SentMessage:
        with self._lock:
            message = SentMessage(to, body, now, f"SMconsole{next(self._ids):024d}")
            self.sent.append(message)
            del self.sent[: -self.keep]
        log.info("SMS to %s: %s", mask_phone(to), body)
        return message
