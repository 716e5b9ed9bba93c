"""What the dashboard's pages read: appointments in every status, blocks, outbox rows."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from smsbot.store.models import Appointment, BusyBlock

STATUS_LABELS = {"booked": "booked", "cancelled": "cancelled", "no_show": "no-show"}


def status_label(row: Appointment) -> str:
    """Booked, moved (its time changed after booking: moves alone touch a booked row's
    updated_at), confirmed by reply, cancelled or no-show."""
    if row.status != "booked":
        return STATUS_LABELS.get(row.status, row.status)
    moved = row.updated_at > row.created_at
    if row.confirmed_at is not None:
        return "moved, confirmed by reply" if moved else "confirmed by reply"
    return "moved" if moved else "booked"


def appointments_between(db, start: datetime, end: datetime) -> list[Appointment]:
    return list(db.scalars(select(Appointment).where(Appointment.starts_at < end, Appointment.ends_at > start)
                           .order_by(Appointment.starts_at, Appointment.id)))


def blocks_between(db, start: datetime, end: datetime) -> list[BusyBlock]:
    return list(db.scalars(select(BusyBlock).where(BusyBlock.starts_at < end, BusyBlock.ends_at > start)
                           .order_by(BusyBlock.starts_at)))


def appointments_of(db, phone: str, limit: int = 20) -> list[Appointment]:
    return list(db.scalars(select(Appointment).where(Appointment.phone == phone)
                           .order_by(Appointment.starts_at.desc()).limit(limit)))
