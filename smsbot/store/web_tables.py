"""Tables of the staff dashboard: web sessions, texted login codes, login throttling,
the message log and conversations staff have taken over."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smsbot.store.models import Base, UTCDateTime


class WebSession(Base):
    """A logged-in browser. Only the token's hash is kept; `phone` is empty for the owner
    password. A staff member's session holds only while the phone is still on the staff list."""

    __tablename__ = "web_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    phone: Mapped[str] = mapped_column(String(20), default="", index=True)
    role: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoginCode(Base):
    """The one-time code last texted to a staff number."""

    __tablename__ = "login_codes"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class LoginThrottle(Base):
    """Login attempts per client address and per account, in a fixed window: shared by every
    worker process, so the limit holds however many serve."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    window_ends_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LoggedMessage(Base):
    """Every inbound and outbound message, kept MESSAGE_LOG_RETENTION_DAYS."""

    __tablename__ = "message_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    phone: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(3))  # "in" or "out"
    channel: Mapped[str] = mapped_column(String(10), default="sms")
    author: Mapped[str] = mapped_column(String(80), default="")  # "" for the customer and the bot
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    __table_args__ = (Index("ix_message_log_phone_at", "phone", "at"),)


class Takeover(Base):
    """A conversation a staff member answers by hand: the bot stays quiet for that phone."""

    __tablename__ = "takeovers"
    phone: Mapped[str] = mapped_column(String(20), primary_key=True)
    by: Mapped[str] = mapped_column(String(80), default="")
    since: Mapped[datetime] = mapped_column(UTCDateTime)


class WorkerRound(Base):
    """When each outbox worker (host:pid) last went round, written at most once a minute."""

    __tablename__ = "worker_rounds"
    worker: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_round_at: Mapped[datetime] = mapped_column(UTCDateTime)
