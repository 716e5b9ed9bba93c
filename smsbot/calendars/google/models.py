"""Tables of the Google Calendar provider: which event is which appointment, where the
incremental sync stands, push channels, and the owner's (encrypted) OAuth grant."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from smsbot.store.models import Base, UTCDateTime


class GoogleEvent(Base):
    """Our appointment's event. `etag` and `google_updated` are the event's after our last
    write (or the last change we followed): an event listed with that etag is one the sync
    need not look at again."""

    __tablename__ = "google_events"
    appointment_id: Mapped[int] = mapped_column(
        ForeignKey("appointments.id", ondelete="CASCADE"), primary_key=True)
    calendar_id: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[str] = mapped_column(String(255))
    etag: Mapped[str | None] = mapped_column(String(255), nullable=True)
    google_updated: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (UniqueConstraint("calendar_id", "event_id", name="uq_google_events_event"),)


class GoogleSyncState(Base):
    """One row per synced calendar (the business's and each provider's own): its sync token.
    `event_prefix`, on the business calendar's row only, starts every event id we choose (in
    any calendar), so two installations writing to one calendar never claim each other's events."""

    __tablename__ = "google_sync_state"
    calendar_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    event_prefix: Mapped[str | None] = mapped_column(String(16), nullable=True)
    sync_token: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_full_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class GoogleChannel(Base):
    """An events.watch push channel. Only a hash of its token is kept."""

    __tablename__ = "google_channels"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    calendar_id: Mapped[str] = mapped_column(String(255))
    resource_id: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(500))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class GoogleToken(Base):
    """The owner's OAuth grant (one business, one row): the refresh token, Fernet-encrypted."""

    __tablename__ = "google_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    refresh_token_encrypted: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(255))
    scopes: Mapped[str] = mapped_column(String(500))
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GoogleOAuthPending(Base):
    """An OAuth start waiting for its callback: the PKCE verifier, kept server-side."""

    __tablename__ = "google_oauth_pending"
    state: Mapped[str] = mapped_column(String(128), primary_key=True)
    code_verifier: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
