"""The Calendly provider's table: which scheduled event and invitee is which appointment."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from smsbot.store.models import Base, UTCDateTime


class CalendlyBooking(Base):
    """The URIs Calendly gave our appointment's booking (a move books anew: the latest)."""

    __tablename__ = "calendly_bookings"
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), primary_key=True)
    event_uri: Mapped[str] = mapped_column(String(255), unique=True)
    invitee_uri: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
