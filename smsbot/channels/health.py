"""GET /healthz: 200 when the database answers SELECT 1 in time, else 503 naming what is
down, so a load balancer can take this instance out and Twilio's retries go elsewhere."""
from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as NoAnswer

from flask import Blueprint, current_app
from sqlalchemy import text

from smsbot.logs import OutageLog
from smsbot.store.db import describe

log = logging.getLogger("smsbot.health")
bp = Blueprint("health", __name__)

class DatabaseProbe:
    """At most one check in flight, however often the balancer asks: a frozen database
    costs one waiting thread (until the hang watch cuts it), not one per request."""

    def __init__(self, db, timeout_seconds: float):
        self.db, self.timeout = db, timeout_seconds
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")
        self.lock = threading.Lock()
        self.pending: Future | None = None

    def problem(self) -> str | None:
        """None when the database answered, else why not."""
        with self.lock:
            if self.pending is None or self.pending.done():
                self.pending = self.checks.submit(self._select_one)
            pending = self.pending
        try:
            pending.result(timeout=self.timeout)
        except NoAnswer:
            return f"no answer within {self.timeout:g} s"
        except Exception as error:  # noqa: BLE001 - whatever it was, the database is not usable
            return describe(error)
        return None

    def _select_one(self) -> None:
        with self.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))


def _probe() -> tuple[DatabaseProbe, OutageLog]:
    """One per app, made on first use: in each gunicorn worker, after the fork."""
    made = current_app.extensions.get("smsbot.health")
    if made is None:
        bot = current_app.extensions["smsbot"]
        made = current_app.extensions.setdefault("smsbot.health", (
            DatabaseProbe(bot.db, bot.settings.health_timeout_seconds),
            OutageLog(log, "database (healthz)")))
    return made


@bp.get("/healthz")
def health():
    probe, outages = _probe()
    now = current_app.extensions["smsbot"].clock.now()
    problem = probe.problem()
    if problem is None:
        outages.succeeded(now)
        return {"status": "ok"}
    outages.failed(problem, now)
    return {"status": "unavailable", "down": ["database"], "database": "unavailable"}, 503
