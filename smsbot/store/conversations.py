"""Loading and saving a phone's conversation under a lock, and the idempotency record."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.orm import Session

from smsbot.store.db import insert_ignoring_conflicts
from smsbot.store.models import Conversation, InboundMessage, OptOut, OutboxMessage, StaffMember


@dataclass(frozen=True)
class StaffRef:
    phone: str
    name: str
    role: str


@dataclass
class OpenConversation:
    """Everything one inbound message needs to know about its phone, read at once."""

    phone: str
    state: str
    context: dict
    updated_at: datetime
    earlier_reply: list[str] | None
    opted_out: bool
    staff: StaffRef | None
    reminded: int | None


def open_conversation(session: Session, phone: str, sid: str, now: datetime,
                      reminded_since: datetime) -> OpenConversation:
    """Create or lock the phone's conversation row (the per-phone lock, held until the
    transaction ends), then read it and what goes with it in one query: the hot path."""
    upsert = insert_ignoring_conflicts(session, Conversation).values(
        phone=phone, state="idle", context="{}", updated_at=now)
    session.execute(upsert.on_conflict_do_update(index_elements=["phone"],
                                                 set_={"phone": upsert.excluded.phone}))
    staff = select(StaffMember.role, StaffMember.name).where(StaffMember.phone == phone)
    row = session.execute(select(
        Conversation.state, Conversation.context, Conversation.updated_at,
        select(InboundMessage.reply).where(InboundMessage.sid == sid).scalar_subquery(),
        exists().where(OptOut.phone == phone),
        staff.with_only_columns(StaffMember.role).scalar_subquery(),
        staff.with_only_columns(StaffMember.name).scalar_subquery(),
        select(OutboxMessage.appointment_id)
        .where(OutboxMessage.to == phone, OutboxMessage.kind == "reminder",
               OutboxMessage.status == "sent", OutboxMessage.sent_at >= reminded_since)
        .order_by(OutboxMessage.sent_at.desc()).limit(1).scalar_subquery(),
    ).where(Conversation.phone == phone)).one()
    state, context, updated_at, reply, opted_out, role, name, reminded = row
    return OpenConversation(
        phone, state, json.loads(context), updated_at,
        None if reply is None else json.loads(reply), bool(opted_out),
        StaffRef(phone, name or "", role) if role else None, reminded)


def save_conversation(session: Session, phone: str, state: str, context: dict, now: datetime) -> None:
    session.execute(update(Conversation).where(Conversation.phone == phone)
                    .values(state=state, context=json.dumps(context), updated_at=now))


def earlier_reply(session: Session, sid: str) -> list[str] | None:
    row = session.get(InboundMessage, sid)
    return None if row is None else json.loads(row.reply)


def record_reply(session: Session, sid: str, phone: str, replies: list[str], now: datetime) -> None:
    """A second record of the same id raises IntegrityError: the caller answers with the first."""
    session.execute(insert(InboundMessage).values(
        sid=sid, phone=phone, reply=json.dumps(replies), received_at=now))


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
