"""When the outbox workers last went round: the dashboard's health panel tells a stopped
worker from an idle one."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from smsbot.store.db import dialect_insert
from smsbot.store.web_tables import WorkerRound


def worker_went_round(session, worker: str, now: datetime) -> None:
    """An upsert: workers of one process share a name, and may note a round at once."""
    conn = session.connection()
    stmt = dialect_insert(conn.dialect.name, WorkerRound.__table__).values(worker=worker[:80], last_round_at=now)
    conn.execute(stmt.on_conflict_do_update(index_elements=["worker"],
                                            set_={"last_round_at": stmt.excluded.last_round_at}))


def last_worker_round(session) -> datetime | None:
    return session.scalar(select(func.max(WorkerRound.last_round_at)))
