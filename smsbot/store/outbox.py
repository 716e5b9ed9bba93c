"""Outbox rows: enqueue in the caller's transaction, claim with a lease, record outcomes."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from smsbot.store.db import insert_rows, insert_unless_present
from smsbot.store.models import OutboxMessage

PENDING, SENDING, SENT, FAILED, SKIPPED = "pending", "sending", "sent", "failed", "skipped"
# Short, so a killed worker's rows come back soon; renewed while a send is in flight.
LEASE = timedelta(seconds=30)


def message(*, key: str, to: str, body: str, due_at: datetime, kind: str = "notice",
            appointment_id: int | None = None, stale_at: datetime | None = None,
            appointment_start: datetime | None = None) -> dict:
    """One message to queue (enqueue_all). `appointment_start`: the time the message names
    (see models.OutboxMessage)."""
    return {"key": key, "to": to, "body": body, "kind": kind, "appointment_id": appointment_id,
            "due_at": due_at, "stale_at": stale_at, "appointment_start": appointment_start}


def enqueue(session: Session, *, now: datetime, **fields) -> None:
    """Queue a message (`fields`: as message() takes them); a key already queued (or sent)
    makes this a no-op."""
    enqueue_all(session, [message(**fields)], now)


def enqueue_all(session: Session, messages: list[dict], now: datetime) -> None:
    """Queue messages in one statement; each key already queued (or sent) is left out."""
    if not messages:
        return
    conn = session.connection()
    stmt = insert_unless_present(conn.dialect.name, OutboxMessage.__table__, "key")
    rows = [{**m, "status": PENDING, "attempts": 0, "last_error": "", "delivery": "", "created_at": now}
            for m in messages]
    insert_rows(conn, stmt, rows)


def drop_pending(session: Session, appointment_id: int) -> None:
    """Drop the appointment's unsent messages, reminders and notices alike: each names a
    time or a state the change just made wrong. One a worker has already claimed is
    marked skipped: that worker's lease check then stops it from going out."""
    mine = OutboxMessage.appointment_id == appointment_id
    session.execute(delete(OutboxMessage).where(mine, OutboxMessage.status == PENDING))
    session.execute(update(OutboxMessage).where(mine, OutboxMessage.status == SENDING)
                    .values(status=SKIPPED, lease_until=None, last_error="appointment changed"))


def claim_due(session: Session, now: datetime, limit: int,
              lease: timedelta = LEASE) -> list[OutboxMessage]:
    """Due rows, and rows whose sender died mid-send (lease expired), leased to us.
    SKIP LOCKED keeps concurrent workers on PostgreSQL from taking the same row."""
    query = (
        select(OutboxMessage)
        .where(or_(
            (OutboxMessage.status == PENDING) & (OutboxMessage.due_at <= now),
            (OutboxMessage.status == SENDING) & (OutboxMessage.lease_until < now),
        ))
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.scalars(query))
    for row in rows:
        row.status, row.lease_until = SENDING, now + lease
    return rows


def renew(session: Session, row_id: int, held: datetime, now: datetime,
          lease: timedelta = LEASE) -> OutboxMessage | None:
    """The row, its lease extended, if it is still leased as we hold it (`held`): None
    when it changed hands after that lease ran out, or was dropped, meanwhile."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.status == SENDING,
               OutboxMessage.lease_until == held)
        .values(lease_until=now + lease))
    return session.get(OutboxMessage, row_id) if result.rowcount == 1 else None


def begin_attempt(row: OutboxMessage, now: datetime) -> datetime | None:
    """Mark the row as being sent from `now`, unless an earlier attempt's outcome is still
    unknown: then keep that one's start, and return it (the caller asks Twilio first)."""
    earlier = row.attempt_started_at
    if earlier is None:
        row.attempt_started_at = now
    return earlier


def record_sent(session: Session, row_id: int, sid: str, sent_at: datetime) -> None:
    finish(session, row_id, status=SENT, provider_sid=sid, sent_at=sent_at, last_error="",
           attempt_started_at=None)


def next_due(session: Session) -> datetime | None:
    return session.scalar(select(OutboxMessage.due_at).where(OutboxMessage.status == PENDING)
                          .order_by(OutboxMessage.due_at).limit(1))


def finish(session: Session, row_id: int, **changes) -> None:
    session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id)
                    .values(lease_until=None, **changes))


# Twilio's callbacks may arrive out of order: a late "sent" must not hide "delivered".
_PROGRESS = {"accepted": 1, "scheduled": 1, "queued": 1, "sending": 2, "sent": 3,
             "delivered": 4, "undelivered": 4, "failed": 4, "canceled": 4,
             "partially_delivered": 4, "read": 5}


def record_delivery(session: Session, provider_sid: str, status: str, error: str = "") -> bool:
    """Record a delivery status for the message Twilio knows by `provider_sid`; False
    when no row has that sid. A status behind the one recorded is ignored."""
    row = session.scalars(select(OutboxMessage).where(OutboxMessage.provider_sid == provider_sid)
                          .limit(1).with_for_update()).first()
    if row is None:
        return False
    if _PROGRESS.get(status, 0) >= _PROGRESS.get(row.delivery, 0):
        row.delivery = status[:20]
        if error:
            row.last_error = error[:300]
    return True


def listing(session: Session, statuses=(PENDING, SENDING, FAILED), limit: int = 200):
    return list(session.scalars(select(OutboxMessage).where(OutboxMessage.status.in_(statuses))
                                .order_by(OutboxMessage.due_at).limit(limit)))


def recent(session: Session, status: str | None = None, limit: int = 200) -> list[OutboxMessage]:
    """Newest first; `status` also takes "delivered" (Twilio's delivery status)."""
    query = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc()).limit(limit)
    if status == "delivered":
        query = query.where(OutboxMessage.delivery == "delivered")
    elif status:
        query = query.where(OutboxMessage.status == status)
    return list(session.scalars(query))


def retry(session: Session, row_id: int, now: datetime) -> bool:
    """Send a failed message again from now, with a fresh count of attempts."""
    result = session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id, OutboxMessage.status == FAILED)
                             .values(status=PENDING, due_at=now, attempts=0, stale_at=None, lease_until=None))
    return result.rowcount == 1
