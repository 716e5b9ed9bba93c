"""Loading and saving a phone's conversation under a lock, and the idempotency record."""
from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from smsbot.store.db import insert_ignoring_conflicts
from smsbot.store.models import Conversation, InboundMessage, OptOut


def lock_conversation(session: Session, phone: str, now: datetime) -> Conversation:
    """The phone's conversation row, created if new, locked until the transaction ends."""
    session.execute(
        insert_ignoring_conflicts(session, Conversation)
        .values(phone=phone, state="idle", context="{}", updated_at=now)
        .on_conflict_do_nothing(index_elements=["phone"])
    )
    return session.scalars(
        select(Conversation).where(Conversation.phone == phone).with_for_update()
    ).one()


def earlier_reply(session: Session, sid: str) -> list[str] | None:
    row = session.get(InboundMessage, sid)
    return None if row is None else json.loads(row.reply)


def record_reply(session: Session, sid: str, phone: str, replies: list[str], now: datetime) -> None:
    session.add(InboundMessage(sid=sid, phone=phone, reply=json.dumps(replies), received_at=now))


def is_opted_out(session: Session, phone: str) -> bool:
    return session.get(OptOut, phone) is not None


def opt_out(session: Session, phone: str, keyword: str, now: datetime) -> None:
    session.execute(
        insert_ignoring_conflicts(session, OptOut)
        .values(phone=phone, opted_out_at=now, keyword=keyword[:16].upper())
        .on_conflict_do_nothing(index_elements=["phone"])
    )


def opt_in(session: Session, phone: str) -> None:
    session.execute(delete(OptOut).where(OptOut.phone == phone))
