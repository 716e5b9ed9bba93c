"""Login attempts limited per client address and per account, with a 429 and never a sleep
in the worker thread. The database keeps the counts (every process shares them); each
process also remembers whom it refused until when, so a guesser over its limit is answered
without the database, and logged once rather than once per guess."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from flask import current_app, request

from smsbot.phones import mask_phone
from smsbot.store import web_auth
from smsbot.web.common import bot, now

log = logging.getLogger("smsbot.web.auth")
WINDOW = timedelta(minutes=15)
MAX_KEYS = 10_000  # then start afresh: the database still refuses them


class Refusals:
    def __init__(self):
        self.until: dict[str, datetime] = {}
        self.lock = threading.Lock()

    def waiting(self, keys: tuple[str, ...], moment: datetime) -> int | None:
        """Seconds left for the first of `keys` still refused, else None."""
        with self.lock:
            for key in keys:
                until = self.until.get(key)
                if until is not None and until > moment:
                    return _seconds(until - moment)
        return None

    def refuse(self, key: str, moment: datetime, seconds: int) -> bool:
        """Remember it; False when it was known already."""
        with self.lock:
            known = key in self.until and self.until[key] > moment
            if len(self.until) >= MAX_KEYS:
                self.until.clear()
            self.until[key] = moment + timedelta(seconds=seconds)
        return not known


def _seconds(left: timedelta) -> int:
    return max(1, int(left.total_seconds()))


def _keys(account: str) -> tuple[tuple[str, int], ...]:
    settings = bot().settings
    return ((f"client:{request.remote_addr}", settings.login_limit_per_client),
            (f"account:{account}", settings.login_limit_per_account))


def _refusals() -> Refusals:
    return current_app.extensions.setdefault("smsbot.refusals", Refusals())


def refused_lately(account: str) -> int | None:
    """Seconds to wait when this process refused the client or the account lately."""
    return _refusals().waiting(tuple(key for key, _ in _keys(account)), now())


def count_attempt(db, account: str) -> int | None:
    """Count this attempt against the client and the account: seconds to wait once either
    is over its limit, else None."""
    moment = now()
    for key, limit in _keys(account):
        wait = web_auth.over_limit(db, key, limit, WINDOW, moment)
        if wait is not None:
            if _refusals().refuse(key, moment, wait):
                log.warning("login attempts over the limit from %s for %s", request.remote_addr,
                            mask_phone(account))
            return wait
    return None


def forget(db, account: str) -> None:
    """A successful login clears the account's count (not the client's)."""
    web_auth.forget_attempts(db, f"account:{account}")
