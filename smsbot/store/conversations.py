"""Loading and saving a phone's conversation under a lock, and the idempotency record."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, exists, insert, select, update
from sqlalchemy.orm import Session

from smsbot.store import message_log
from smsbot.store.db import dialect_insert, insert_unless_present
from smsbot.store.models import (Conversation, Customer, InboundMessage, OptOut, OutboxMessage,
                                 StaffMember, UTCDateTime)
from smsbot.store.web_tables import Takeover


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
    taken_over: bool = False  # staff answer this phone by hand: the bot keeps quiet
    known_customer: bool = False  # a customers row: they gave a name, or were asked for one
    customer_name: str | None = None


CONVERSATIONS, INBOUND = Conversation.__table__, InboundMessage.__table__
_STAFF = StaffMember.__table__
_OUTBOX = OutboxMessage.__table__
_CUSTOMERS = Customer.__table__
# Built once: the hot path runs these on every message, and SQLAlchemy's statement
# construction costs more than SQLite takes to execute them.
_READ = select(
    CONVERSATIONS.c.state, CONVERSATIONS.c.context, CONVERSATIONS.c.updated_at,
    select(INBOUND.c.reply).where(INBOUND.c.sid == bindparam("sid"),
                                  INBOUND.c.phone == bindparam("phone")).scalar_subquery(),
    exists().where(OptOut.__table__.c.phone == bindparam("phone")),
    select(_STAFF.c.role).where(_STAFF.c.phone == bindparam("phone")).scalar_subquery(),
    select(_STAFF.c.name).where(_STAFF.c.phone == bindparam("phone")).scalar_subquery(),
    select(_OUTBOX.c.appointment_id)
    .where(_OUTBOX.c.to == bindparam("phone"), _OUTBOX.c.kind == "reminder",
           _OUTBOX.c.status == "sent", _OUTBOX.c.sent_at >= bindparam("since", type_=UTCDateTime))
    .order_by(_OUTBOX.c.sent_at.desc()).limit(1).scalar_subquery(),
    exists().where(Takeover.__table__.c.phone == bindparam("phone")),
    _CUSTOMERS.c.phone, _CUSTOMERS.c.name,
).select_from(CONVERSATIONS.outerjoin(_CUSTOMERS, _CUSTOMERS.c.phone == CONVERSATIONS.c.phone)
              ).where(CONVERSATIONS.c.phone == bindparam("phone"))
_SAVE = (update(CONVERSATIONS).where(CONVERSATIONS.c.phone == bindparam("key"))
         .values(state=bindparam("state"), context=bindparam("context"), updated_at=bindparam("now")))
_RECORD = insert(INBOUND).values(sid=bindparam("sid"), phone=bindparam("phone"), reply=bindparam("reply"),
                                 received_at=bindparam("now"))
_RECORD_LOGGED = _RECORD.add_cte(message_log.EXCHANGE_CTE)
_UPSERTS: dict[str, object] = {}


def _upsert(dialect: str):
    """INSERT ... ON CONFLICT (phone) DO UPDATE: creates the row or locks it (PostgreSQL
    takes the row lock; SQLite already holds the database lock from BEGIN IMMEDIATE)."""
    if dialect not in _UPSERTS:
        stmt = dialect_insert(dialect, CONVERSATIONS).values(
            phone=bindparam("phone"), state="idle", context="{}", updated_at=bindparam("now"))
        _UPSERTS[dialect] = stmt.on_conflict_do_update(
            index_elements=["phone"], set_={"phone": stmt.excluded.phone})
    return _UPSERTS[dialect]


def open_conversation(session: Session, phone: str, sid: str, now: datetime,
                      reminded_since: datetime) -> OpenConversation:
    """Create or lock the phone's conversation row (the per-phone lock, held until the
    transaction ends), then read it and what goes with it in one query."""
    conn = session.connection()
    conn.execute(_upsert(conn.dialect.name), {"phone": phone, "now": now})
    row = conn.execute(_READ, {"phone": phone, "sid": sid, "since": reminded_since}).one()
    (state, context, updated_at, reply, opted_out, role, staff_name, reminded, taken_over,
     customer, customer_name) = row
    return OpenConversation(
        phone, state, json.loads(context), updated_at,
        None if reply is None else json.loads(reply), bool(opted_out),
        StaffRef(phone, staff_name or "", role) if role else None, reminded, bool(taken_over),
        customer is not None, customer_name)


_LOCK = select(CONVERSATIONS.c.phone).where(CONVERSATIONS.c.phone == bindparam("phone")).with_for_update()


def lock_phone(session: Session, phone: str) -> None:
    """Take the per-phone lock until the transaction ends, after whatever holds it (an
    inbound STOP being handled) has committed. Creates no row (a row says the number has
    texted us), so a number's very first text is not waited for. SQLite: every
    transaction there begins IMMEDIATE and already runs alone."""
    session.connection().execute(_LOCK, {"phone": phone})


def save_conversation(session: Session, phone: str, state: str, context: dict, now: datetime) -> None:
    session.connection().execute(_SAVE, {"key": phone, "state": state,
                                         "context": json.dumps(context), "now": now})


def record_reply(session: Session, sid: str, phone: str, replies: list[str], now: datetime, *,
                 said: list[str] | None = None, logged: list[str] = (), channel: str = "sms") -> None:
    """Keyed on (sid, phone): a second record raises IntegrityError, which the phone's
    lock, taken by open_conversation, keeps from happening. With `said`, the message log
    gets the exchange too (`said` in, `logged` out): on PostgreSQL in the same statement."""
    conn = session.connection()
    params = {"sid": sid, "phone": phone, "reply": json.dumps(replies), "now": now}
    if said is None:
        conn.execute(_RECORD, params)
    elif conn.dialect.name == "postgresql":
        conn.execute(_RECORD_LOGGED, {**params, **message_log.exchange_params(said, list(logged), channel)})
    else:
        message_log.record_exchange(session, phone, said, list(logged), now, channel=channel)
        conn.execute(_RECORD, params)


def is_opted_out(session: Session, phone: str) -> bool:
    return session.get(OptOut, phone) is not None


def opt_out(session: Session, phone: str, keyword: str, now: datetime) -> None:
    conn = session.connection()
    conn.execute(insert_unless_present(conn.dialect.name, OptOut.__table__, "phone"),
                 {"phone": phone, "opted_out_at": now, "keyword": keyword[:16].upper()})


def opt_in(session: Session, phone: str) -> None:
    session.execute(delete(OptOut).where(OptOut.phone == phone))
