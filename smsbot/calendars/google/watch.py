"""Push channels (events.watch): Google POSTs to PUBLIC_BASE_URL/google/push when a
synced calendar (the business's or a provider's own) changes; one channel per calendar.
Each notification carries its channel's secret token and sets off the same sync of that
calendar as `smsbot google sync`. Channels expire (Google caps their life), so
they are renewed a day early: on every push, and whenever `smsbot google sync` runs."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from datetime import datetime, timedelta, timezone

from googleapiclient.errors import HttpError
from sqlalchemy import select

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.calendars.google.api import Budget
from smsbot.calendars.google.sync import sync_calendar
from smsbot.calendars.google.models import GoogleChannel

log = logging.getLogger("smsbot.calendars.google.watch")
RENEW_BEFORE = timedelta(days=1)
PUSH_SYNC_SECONDS = 10.0


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def push_address(settings) -> str | None:
    return f"{settings.public_base_url}/google/push" if settings.public_base_url else None


def _active(session, calendar_id: str, now: datetime) -> list[GoogleChannel]:
    return list(session.scalars(select(GoogleChannel).where(
        GoogleChannel.calendar_id == calendar_id, GoogleChannel.stopped_at.is_(None),
        GoogleChannel.expires_at > now).order_by(GoogleChannel.expires_at.desc())))


def ensure_channel(db, calendars: GoogleCalendars, settings, now: datetime, budget: Budget,
                   force: bool = False, calendar_id: str | None = None) -> tuple[GoogleChannel | None, bool]:
    """The live channel of one calendar (the business's unless named), started or renewed
    when needed; (channel, whether it is new)."""
    address, link = push_address(settings), calendars.link
    calendar_id = calendar_id or link.calendar_id
    if address is None:
        return None, False
    with db.transaction() as session:
        active = _active(session, calendar_id, now)
        current = active[0] if active else None
        if current and current.address == address and current.expires_at - now > RENEW_BEFORE and not force:
            return current, False
        events = link.events(session, budget, calendar_id)
    channel_id, token = uuid.uuid4().hex, secrets.token_urlsafe(32)
    answer = events.watch({"id": channel_id, "type": "web_hook", "address": address, "token": token,
                           "params": {"ttl": str(settings.google_watch_ttl_seconds)}})
    expires = (datetime.fromtimestamp(int(answer["expiration"]) / 1000, timezone.utc) if answer.get("expiration")
               else now + timedelta(seconds=settings.google_watch_ttl_seconds))
    channel = GoogleChannel(id=channel_id, calendar_id=calendar_id, resource_id=answer["resourceId"],
                            token_hash=_hash(token), address=address, expires_at=expires, created_at=now)
    with db.transaction() as session:
        session.add(channel)
    for old in active:
        stop_channel(db, events, old, now)
    log.info("push channel %s watches %s until %s", channel_id, calendar_id, expires.isoformat())
    return channel, True


def stop_unused_channels(db, calendars: GoogleCalendars, now: datetime, budget: Budget) -> int:
    """Stop the live channels of calendars no longer in use (a provider who left, or whose
    calendar changed); how many were stopped."""
    link = calendars.link
    with db.transaction() as session:
        unused = list(session.scalars(select(GoogleChannel).where(
            GoogleChannel.calendar_id.not_in(link.synced_ids), GoogleChannel.stopped_at.is_(None),
            GoogleChannel.expires_at > now)))
        events = {c.calendar_id: link.events(session, budget, c.calendar_id) for c in unused}
    for channel in unused:
        stop_channel(db, events[channel.calendar_id], channel, now)
    return len(unused)


def stop_channel(db, events, channel: GoogleChannel, now: datetime) -> None:
    try:
        events.stop_channel(channel.id, channel.resource_id)
    except (HttpError, CalendarUnavailable) as error:
        log.warning("could not stop push channel %s (it will lapse by itself): %s", channel.id, error)
    with db.transaction() as session:
        row = session.get(GoogleChannel, channel.id)
        if row is not None:
            row.stopped_at = now


def verified_channel(session, headers, calendar_ids: list[str], now: datetime) -> GoogleChannel | None:
    channel = session.get(GoogleChannel, headers.get("X-Goog-Channel-ID", ""))
    token = headers.get("X-Goog-Channel-Token", "")
    if channel is None or channel.stopped_at is not None or channel.expires_at <= now:
        return None
    if channel.calendar_id not in calendar_ids or not hmac.compare_digest(channel.token_hash, _hash(token)):
        return None
    resource = headers.get("X-Goog-Resource-ID")
    return channel if resource in (None, channel.resource_id) else None


def on_push(db, calendars: GoogleCalendars, settings, clock, headers) -> int:
    """The HTTP status to answer a notification with: 403 for an unknown channel or wrong
    token; 503 when Google would not answer the sync (Google then retries the push)."""
    now = clock.now()
    with db.transaction() as session:
        channel = verified_channel(session, headers, calendars.link.synced_ids, now)
    if channel is None:
        log.warning("push refused: unknown channel %r or wrong token", headers.get("X-Goog-Channel-ID"))
        return 403
    if headers.get("X-Goog-Resource-State") == "sync":
        return 200  # the hello every new channel gets
    try:
        sync_calendar(db, calendars, settings, now, Budget(PUSH_SYNC_SECONDS), channel.calendar_id)
    except CalendarUnavailable as error:
        log.warning("sync after a push failed: %s", error)
        return 503
    try:
        ensure_channel(db, calendars, settings, now, Budget(PUSH_SYNC_SECONDS / 2),
                       calendar_id=channel.calendar_id)
    except (CalendarUnavailable, HttpError) as error:
        log.warning("could not renew the push channel: %s", error)
    return 200
