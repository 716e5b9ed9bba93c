"""A phone's customer details: the name and email they gave (some calendars book under
them), and the message of theirs that waits for them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy.orm import Session

from smsbot.store.db import dialect_insert
from smsbot.store.models import Customer


@dataclass(frozen=True)
class Details:
    name: str
    email: str


def details_for(session: Session, phone: str) -> Details | None:
    row = session.get(Customer, phone)
    return Details(row.name, row.email) if row and row.name and row.email else None


def remember(session: Session, phone: str, details: Details, now: datetime) -> None:
    _row(session, phone, now).name, _row(session, phone, now).email = details.name, details.email
    session.flush()


def forget(session: Session, phone: str, now: datetime) -> None:
    """The calendar refused them: ask again next time."""
    row = _row(session, phone, now)
    row.name = row.email = None
    session.flush()


def hold(session: Session, phone: str, text: str | None, now: datetime) -> None:
    """Keep `text` to answer once the details come (None: nothing waits any more)."""
    _row(session, phone, now).held_text = text
    session.flush()


def held_text(session: Session, phone: str) -> str | None:
    row = session.get(Customer, phone)
    return row.held_text if row else None


def name_of(session: Session, phone: str) -> str | None:
    row = session.get(Customer, phone)
    return row.name if row else None


def names_of(session: Session, phones) -> dict[str, str]:
    rows = session.query(Customer).filter(Customer.phone.in_(set(phones)), Customer.name.isnot(None))
    return {row.phone: row.name for row in rows}


def asked_name(session: Session, phone: str, now: datetime) -> None:
    """The number has a customers row from now on (open_conversation's known_customer)."""
    conn = session.connection()
    conn.execute(_touch(conn.dialect.name), {"phone": phone, "updated_at": now})


@lru_cache(maxsize=None)
def _touch(dialect: str):
    """INSERT the row, or move its updated_at: one statement, where the ORM takes two."""
    stmt = dialect_insert(dialect, Customer.__table__)
    return stmt.on_conflict_do_update(index_elements=["phone"], set_={"updated_at": stmt.excluded.updated_at})


def set_name(session: Session, phone: str, name: str, now: datetime) -> None:
    _row(session, phone, now).name = name
    session.flush()


def _row(session: Session, phone: str, now: datetime) -> Customer:
    row = session.get(Customer, phone)
    if row is None:
        row = Customer(phone=phone, updated_at=now)
        session.add(row)
    row.updated_at = now
    return row
