"""A phone's customer details: the name and email they gave (some calendars book under them)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from smsbot.store.models import Customer


@dataclass(frozen=True)
class Details:
    name: str
    email: str


def details_for(session: Session, phone: str) -> Details | None:
    row = session.get(Customer, phone)
    return Details(row.name, row.email) if row else None


def remember(session: Session, phone: str, details: Details, now: datetime) -> None:
    row = session.get(Customer, phone)
    if row is None:
        session.add(Customer(phone=phone, name=details.name, email=details.email, updated_at=now))
    else:
        row.name, row.email, row.updated_at = details.name, details.email, now
    session.flush()
