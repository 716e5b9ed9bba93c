"""The figures behind FIND and STATS, read straight from our own records."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from smsbot.calendars.base import Booking
from smsbot.store.models import Appointment, Conversation


class Reports:
    def __init__(self, session, scheduler, settings, now: datetime):
        self.session, self.scheduler, self.now = session, scheduler, now
        self.timeout = settings.confirm_timeout

    def upcoming_matching(self, digits: str, limit: int = 5) -> list[Booking]:
        rows = self.session.scalars(
            select(Appointment)
            .where(Appointment.status == "booked", Appointment.ends_at > self.now,
                   Appointment.phone.like(f"%{digits}"))
            .order_by(Appointment.starts_at).limit(limit))
        return [Booking(r.id, r.phone, r.starts_at, r.ends_at) for r in rows]

    def week(self, start: datetime, end: datetime) -> tuple[int, int, int]:
        """Bookings made, cancellations made, and conversations left waiting on the
        customer past the reply timeout, in [start, end)."""
        booked = self._count(Appointment, Appointment.created_at >= start, Appointment.created_at < end)
        cancelled = self._count(Appointment, Appointment.status == "cancelled",
                                Appointment.updated_at >= start, Appointment.updated_at < end)
        no_reply = self._count(Conversation, Conversation.state != "idle",
                               Conversation.updated_at >= start, Conversation.updated_at < end,
                               Conversation.updated_at < self.now - self.timeout)
        return booked, cancelled, no_reply

    def _count(self, model, *conditions) -> int:
        return self.session.scalar(select(func.count()).select_from(model).where(*conditions))
