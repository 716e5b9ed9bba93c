"""`smsbot worker`: sends due outbox rows, with rate limits, retries and checks made at send time."""
from __future__ import annotations

import logging
import random
import time as _time
from dataclasses import dataclass
from datetime import datetime, timedelta

from smsbot.logs import OutageLog
from smsbot.phones import mask_phone
from smsbot.messaging.base import OPTED_OUT, SendError, SentMessage
from smsbot.messaging.heartbeat import LeaseHeartbeat
from smsbot.messaging.policy import RateLimiter, backoff, quiet_until, segments
from smsbot.messaging.shared_rate import SharedRateLimiter
from smsbot.messaging.housekeeping import Housekeeping
from smsbot.store import outbox
from smsbot.store.conversations import is_opted_out, lock_phone, opt_out
from smsbot.store.db import DatabaseUnavailable
from smsbot.store.models import Appointment, OutboxMessage

log = logging.getLogger("smsbot.worker")
ANY_HOUR = ("login", "reply")  # a person is waiting for these: quiet hours do not hold them


@dataclass(frozen=True)
class Claimed:
    id: int
    to: str
    body: str
    lease: datetime  # the lease we took: the row is still ours while it holds this value


class Worker:
    def __init__(self, db, sender, settings, clock, *, limiter: RateLimiter | None = None,
                 rng=random.random, batch: int = 20, lease: timedelta = outbox.LEASE):
        self.db, self.sender, self.settings, self.clock = db, sender, settings, clock
        self.limiter = limiter or SharedRateLimiter(db, getattr(sender, "name", "sender"),
                                                    settings.sms_segments_per_second)
        self.rng, self.batch, self.lease = rng, batch, lease
        self.quiet, self.tz = settings.quiet_hours, settings.business_tz
        self.housekeeping = Housekeeping(db, settings, clock)

    def run_once(self) -> dict[str, int]:
        """Send everything due now (in batches); returns counts by outcome."""
        counts: dict[str, int] = {}
        self.housekeeping.tick()
        while True:
            with self.db.transaction() as session:
                rows = [Claimed(r.id, r.to, r.body, r.lease_until)
                        for r in outbox.claim_due(session, self.clock.now(), self.batch, self.lease)]
            for row in rows:
                outcome = self._deliver(row)
                counts[outcome] = counts.get(outcome, 0) + 1
            if len(rows) < self.batch:
                return counts

    def run_forever(self, poll_seconds: float = 1.0, should_stop=lambda: False,
                    sleep=_time.sleep) -> None:
        """Poll until told to stop. A failing round (say, the database is briefly away) is
        logged and tried again after a pause: the rows it held come back when their lease ends."""
        outages = OutageLog(log, "database (outbox worker)", failures="round(s) skipped")
        pause = max(poll_seconds, 5.0)
        while not should_stop():
            try:
                busy = bool(self.run_once())
            except DatabaseUnavailable as error:  # said once a minute, not a traceback a round
                outages.failed(str(error), self.clock.now())
                sleep(pause)
                continue
            except Exception:  # noqa: BLE001 - a daemon outlives one bad round
                log.exception("outbox round failed; trying again in %.0f s", pause)
                sleep(pause)
                continue
            outages.succeeded(self.clock.now())
            if not busy:
                sleep(poll_seconds)

    def _deliver(self, claimed: Claimed) -> str:
        self.limiter.acquire(segments(claimed.body))  # before the lease is renewed: sleeps eat none of it
        now = self.clock.now()
        with self.db.transaction() as session:
            # First the phone's lock, as an inbound text takes it: a STOP in flight commits
            # before the check below, which then sees it. (Then the row: the same order.)
            lock_phone(session, claimed.to)
            row = outbox.renew(session, claimed.id, claimed.lease, now, self.lease)
            if row is None:  # our lease ran out and another worker took it, or it was dropped
                return "lost"
            reason = self._why_not_send(session, row, now)
            if reason == "quiet":
                return self._defer(session, row, quiet_until(now, self.quiet, self.tz))
            if reason:
                outbox.finish(session, row.id, status=outbox.SKIPPED, last_error=reason)
                return "skipped"
            unconfirmed = outbox.begin_attempt(row, now)  # committed before Twilio hears of it
            held = row.lease_until
        with LeaseHeartbeat(self.db, claimed.id, held, self.clock, self.lease):
            adopted, result = self._call_sender(claimed, now, unconfirmed)
        if isinstance(result, SendError):
            return self._failed(claimed, result)
        with self.db.transaction() as session:
            outbox.record_sent(session, claimed.id, result.sid, result.sent_at)
        return "adopted" if adopted else "sent"

    def _call_sender(self, claimed: Claimed, now, unconfirmed) -> tuple[bool, SentMessage | SendError]:
        """(whether an earlier attempt's message was found, the message or the error). An
        attempt whose outcome never got recorded (the worker died, or the answer never came)
        may have reached Twilio: ask it for that message before sending another."""
        find_sent = getattr(self.sender, "find_sent", None)
        try:
            if unconfirmed is not None and find_sent is not None:
                earlier = find_sent(claimed.to, claimed.body, unconfirmed)
                if earlier is not None:
                    log.info("message %s to %s had gone out already: %s", claimed.id,
                             mask_phone(claimed.to), earlier.sid)
                    return True, earlier
            return False, self.sender.send(claimed.to, claimed.body, now)
        except SendError as error:
            return False, error
        except Exception as error:  # noqa: BLE001 - a sender bug must not stall the queue
            log.exception("sender %s raised", getattr(self.sender, "name", "?"))
            return False, SendError(f"unexpected: {type(error).__name__}: {error}")

    def _defer(self, session, row: OutboxMessage, until) -> str:
        """Hold a row until quiet hours end. A reminder keeps its grace from then on, but
        one that could only go out once its appointment has begun is skipped."""
        stale_at = None if row.stale_at is None else until + (row.stale_at - row.due_at)
        is_reminder = row.kind == "reminder" and row.appointment_id is not None
        appointment = session.get(Appointment, row.appointment_id) if is_reminder else None
        if appointment is not None:
            if until >= appointment.starts_at:
                outbox.finish(session, row.id, status=outbox.SKIPPED,
                              last_error="quiet hours last until the appointment")
                return "skipped"
            stale_at = min(stale_at or appointment.starts_at, appointment.starts_at)
        outbox.finish(session, row.id, status=outbox.PENDING, due_at=until, stale_at=stale_at)
        return "deferred"

    def _why_not_send(self, session, row: OutboxMessage, now) -> str | None:
        if is_opted_out(session, row.to):
            return "opted out"
        if row.stale_at is not None and now > row.stale_at:
            return "stale: its time passed while no worker ran"
        if row.appointment_id is not None and (row.kind == "reminder" or row.appointment_start):
            appointment = session.get(Appointment, row.appointment_id)
            if appointment is None or appointment.status != "booked":
                return "appointment no longer booked"
            if row.appointment_start is not None and appointment.starts_at != row.appointment_start:
                return "appointment moved since"
        if row.kind not in ANY_HOUR and quiet_until(now, self.quiet, self.tz):
            return "quiet"
        return None

    def _failed(self, claimed: Claimed, error: SendError) -> str:
        now = self.clock.now()
        with self.db.transaction() as session:
            row = session.get(OutboxMessage, claimed.id)
            if row is None:
                return "lost"
            attempts = row.attempts + 1
            # Twilio answered: nothing was created. No answer: the attempt stays unconfirmed.
            settled = {} if error.status is None else {"attempt_started_at": None}
            if error.code == OPTED_OUT:
                opt_out(session, claimed.to, "CARRIER", now)
            if error.permanent or attempts >= self.settings.send_max_attempts:
                outbox.finish(session, claimed.id, status=outbox.FAILED, attempts=attempts,
                              last_error=error.reason[:300], **settled)
                log.warning("gave up on message %s to %s: %s", claimed.id, mask_phone(claimed.to),
                            error.reason)
                return "failed"
            outbox.finish(session, claimed.id, status=outbox.PENDING, attempts=attempts,
                          last_error=error.reason[:300],
                          due_at=now + backoff(attempts, rng=self.rng), **settled)
        return "retry"
