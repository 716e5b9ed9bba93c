"""Two-way sync: what staff changed in Google Calendar, applied to our appointments.

Incremental with the stored syncToken (410 GONE: a full listing again). An appointment's
event moved or deleted in Google moves or cancels the appointment and queues an SMS to
the customer through the outbox. Events we wrote ourselves are recognised by their
`updated` stamp. Changes are fetched outside any database transaction and applied in one.
Afterwards, events of ours that no committed appointment owns (a booking that reached
Google but whose transaction rolled back) are deleted: reconciled, never duplicated.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from googleapiclient.errors import HttpError
from sqlalchemy import select

from smsbot.calendars.base import AppointmentGone, CalendarUnavailable
from smsbot.calendars.google import GoogleCalendars
from smsbot.calendars.google_api import Budget, status_of
from smsbot.calendars.google_events import (APPOINTMENT, MARK, event_span, gone, parse_time, rfc3339,
                                            unavailable, updated_at)
from smsbot.reminders import Notices
from smsbot.store.google_models import GoogleEvent

log = logging.getLogger("smsbot.google.sync")
ORPHAN_AGE = timedelta(minutes=10)  # younger ones may belong to a transaction still running
ORPHAN_LOOKBACK = timedelta(days=2)


@dataclass
class SyncReport:
    full: bool = False
    changes: int = 0
    moved: int = 0
    cancelled: int = 0
    orphans_removed: int = 0

    def __str__(self) -> str:
        kind = "full" if self.full else "incremental"
        return (f"{kind} sync: {self.changes} change(s) read, {self.moved} appointment(s) moved, "
                f"{self.cancelled} cancelled, {self.orphans_removed} stray event(s) removed")


def sync_calendar(db, calendars: GoogleCalendars, settings, now: datetime, budget: Budget) -> SyncReport:
    link = calendars.link
    with db.transaction() as session:
        token = link.sync_state(session, now).sync_token
        events = link.events(session, budget)
    report = SyncReport(full=token is None)
    try:
        changes, next_token = _fetch(events, token)
    except HttpError as error:
        if status_of(error) != 410:
            raise unavailable("the sync", error) from None
        log.info("Google says our sync token is stale: listing everything again")
        report.full = True
        changes, next_token = _fetch(events, None)
    report.changes = len(changes)
    with db.transaction() as session:
        calendar = calendars(session)
        notices = Notices(session, settings, ZoneInfo(settings.business_tz), now)
        for event in changes:
            _apply(session, calendar, notices, event, report, now)
        if report.full:
            _cancel_unlisted(session, calendar, notices, {e["id"] for e in changes}, report, now)
        state = link.sync_state(session, now)
        state.sync_token, state.last_sync_at = next_token, now
        if report.full:
            state.last_full_sync_at = now
    report.orphans_removed = _remove_orphans(db, link, events, now)
    log.info("%s", report)
    return report


def _fetch(events, token: str | None) -> tuple[list[dict], str | None]:
    items, page = [], None
    params = {"syncToken": token} if token else {"showDeleted": True}
    while True:
        answer = events.list_page(**params, **({"pageToken": page} if page else {}))
        items += answer.get("items", [])
        page = answer.get("nextPageToken")
        if not page:
            return items, answer.get("nextSyncToken")


def _apply(session, calendar, notices, event: dict, report: SyncReport, now: datetime) -> None:
    # FOR UPDATE: a booking move in flight holds this row until it commits its own write.
    link = session.scalars(select(GoogleEvent).where(
        GoogleEvent.calendar_id == calendar.link.calendar_id, GoogleEvent.event_id == event["id"])
        .with_for_update()).first()
    if link is None:
        return  # not an appointment of ours: its busy time reaches availability via freebusy
    stamp = updated_at(event)
    if event.get("etag") == link.etag or (link.google_updated and stamp and stamp < link.google_updated):
        return  # our own write, a change already followed, or older than what we know
    booking = calendar.get(link.appointment_id)
    if booking is not None and event.get("status") == "cancelled":
        _follow_cancel(calendar, notices, booking, report, now)
    elif booking is not None:
        span = event_span(event)
        if span is None:
            log.warning("appointment %s became an all-day event in Google: left as it was", booking.id)
        elif span != (booking.start, booking.end):
            moved = calendar.follow_move(booking.id, span[0], span[1], now)
            if moved.start != booking.start:
                notices.moved(booking, moved, by_staff=True)
                report.moved += 1
    link.etag, link.google_updated = event.get("etag"), stamp


def _follow_cancel(calendar, notices, booking, report: SyncReport, now: datetime) -> None:
    try:
        cancelled = calendar.follow_cancel(booking.id, now)
    except AppointmentGone:
        return
    notices.cancelled(cancelled, by_staff=True)
    report.cancelled += 1


def _cancel_unlisted(session, calendar, notices, listed: set[str], report: SyncReport, now: datetime) -> None:
    """After a full listing (deleted events included): a future appointment whose event
    is not there at all was deleted long ago, or moved to another calendar."""
    links = session.scalars(select(GoogleEvent).where(GoogleEvent.calendar_id == calendar.link.calendar_id))
    for link in list(links):
        booking = calendar.get(link.appointment_id)
        if booking is not None and booking.end > now and link.event_id not in listed:
            _follow_cancel(calendar, notices, booking, report, now)


def _remove_orphans(db, link, events, now: datetime) -> int:
    try:
        found, page = [], None
        while True:
            answer = events.list_page(privateExtendedProperty=f"{MARK}={APPOINTMENT}",
                                      updatedMin=rfc3339(now - ORPHAN_LOOKBACK),
                                      **({"pageToken": page} if page else {}))
            found += answer.get("items", [])
            page = answer.get("nextPageToken")
            if not page:
                break
        with db.transaction() as session:
            prefix = link.event_prefix(session)
            ours = [e for e in found if e["id"].startswith(prefix)
                    and e.get("created") and parse_time(e["created"]) < now - ORPHAN_AGE]
            owned = set(session.scalars(select(GoogleEvent.event_id).where(
                GoogleEvent.calendar_id == link.calendar_id, GoogleEvent.event_id.in_([e["id"] for e in ours]))))
        removed = 0
        for event in ours:
            if event["id"] not in owned:
                try:
                    events.delete(event["id"])
                except HttpError as error:
                    if not gone(error):
                        raise
                log.warning("removed Google event %s: its booking never committed", event["id"])
                removed += 1
        return removed
    except (CalendarUnavailable, HttpError) as error:
        log.warning("could not look for stray events this time: %s", error)
        return 0

