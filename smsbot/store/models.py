"""SQLAlchemy models. Every stored time is UTC."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, TypeDecorator, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC, refuses naive input."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    """One per phone number: where its dialog stands. Its row is the per-phone lock."""

    __tablename__ = "conversations"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    state: Mapped[str] = mapped_column(String(40), default="idle")
    context: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InboundMessage(Base):
    """A processed inbound message and the exact reply it got (Twilio retries get it again)."""

    __tablename__ = "inbound_messages"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    reply: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Appointment(Base):
    __tablename__ = "appointments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    phone: Mapped[str] = mapped_column(String(20), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    cells: Mapped[list["AppointmentCell"]] = relationship(
        back_populates="appointment", cascade="all, delete-orphan", passive_deletes=True
    )


class AppointmentCell(Base):
    """Each 5-minute cell a booked appointment covers. The primary key on the cell's
    start is what makes double booking impossible, whatever the database."""

    __tablename__ = "appointment_cells"
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), index=True
    )
    appointment: Mapped[Appointment] = relationship(back_populates="cells")


class BusyBlock(Base):
    __tablename__ = "busy_blocks"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_busy_blocks_span", "starts_at", "ends_at"),)


class OptOut(Base):
    __tablename__ = "opt_outs"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    opted_out_at: Mapped[datetime] = mapped_column(UTCDateTime)
    keyword: Mapped[str] = mapped_column(String(16), server_default=text("'STOP'"))
