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


class Customer(Base):
    """What a phone's customer told us about themselves (calendars such as Calendly book
    under a name and email). `held_text`: their message that needed these, answered once
    they have given them."""

    __tablename__ = "customers"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    held_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class InboundMessage(Base):
    """A processed inbound message and the exact reply it got (Twilio retries get it again).
    Keyed on the id and the phone: an id reused by another phone is another message."""

    __tablename__ = "inbound_messages"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)
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
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Who takes it and what it is ('' for the one provider / service of a business without
    # a profile); the provider is busy until `held_until` (the end plus the service's buffer).
    provider: Mapped[str] = mapped_column(String(80), default="", server_default=text("''"))
    service: Mapped[str] = mapped_column(String(80), default="", server_default=text("''"))
    held_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cells: Mapped[list["AppointmentCell"]] = relationship(
        back_populates="appointment", cascade="all, delete-orphan", passive_deletes=True
    )


class AppointmentCell(Base):
    """Each 5-minute cell a booked appointment keeps its provider busy (its length plus the
    service's buffer). The primary key on the provider and the cell's start is what makes
    double booking one provider impossible, whatever the database."""

    __tablename__ = "appointment_cells"
    provider: Mapped[str] = mapped_column(String(80), primary_key=True, server_default=text("''"))
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


class OutboxMessage(Base):
    """A message the bot starts (reminder, change notice), written in the same
    transaction as the change that causes it; `key` makes a second enqueue a no-op."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    to: Mapped[str] = mapped_column(String(20), index=True)
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="notice")
    appointment_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stale_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    provider_sid: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    delivery: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Set before a send, cleared once Twilio's answer is recorded: still set when the row is
    # claimed again, the earlier attempt may have reached Twilio, so ask Twilio first.
    attempt_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The appointment time the message names: it goes only while the appointment is booked then.
    appointment_start: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)


class StaffMember(Base):
    __tablename__ = "staff"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[str] = mapped_column(String(10), default="staff")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class AuditEntry(Base):
    """Every staff command: who, when, what, outcome."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    phone: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80), default="")
    command: Mapped[str] = mapped_column(String(400))
    outcome: Mapped[str] = mapped_column(String(400))


class SendRate(Base):
    """When each sender may next send: one row a sender, shared by every worker, so
    the per-sender rate holds however many workers run."""

    __tablename__ = "send_rates"
    sender: Mapped[str] = mapped_column(String(80), primary_key=True)
    next_free_at: Mapped[datetime] = mapped_column(UTCDateTime)


from smsbot.store import web_tables as _web_tables  # noqa: E402,F401 (registers the dashboard tables)
