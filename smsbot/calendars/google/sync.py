"""Two-way sync: what staff changed in Google Calendar, applied to our appointments.

Incremental with the stored syncToken (410 GONE: a full listing again). An appointment's
event moved or deleted in Google moves or cancels the appointment and queues an SMS to
the customer through the outbox. Events we wrote ourselves are recognised by their etag;
any other change to an appointment's event is read again, fresh, once the appointment row
is locked, so a listing that raced with a customer's own move is never taken for staff's.
Changes are listed outside any database transaction and applied in one.
Every calendar in use is synced on its own (its own token): the business's and each
provider's (business.toml google_calendar_id).
Afterwards, events of ours that no committed appointment owns (a booking that reached
Google but whose transaction rolled back) are deleted: reconciled, never duplicated.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from googleapiclient.errors import HttpError
from sqlalchemy import select

from smsbot.calendars.base import AppointmentGone
from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.calendars.google.api import Budget, status_of
from smsbot.calendars.google.events import event_span, gone, unavailable, updated_at
from smsbot.calendars.google.orphans import remove_orphans
from smsbot.messaging.reminders import Notices
from smsbot.calendars.google.models import GoogleEvent
from smsbot.store.models import Appointment

log = logging.getLogger("smsbot.calendars.google.sync")


@dataclass
class SyncReport:
    calendar_id: str = ""
    full: bool = False
    changes: int = 0
    moved: int = 0
    cancelled: int = 0
    orphans_removed: int = 0

    def __str__(self) -> str:
        kind = "full" if self.full else "incremental"
        return (f"{self.calendar_id}: {kind} sync: {self.changes} change(s) read, "
                f"{self.moved} appointment(s) moved, {self.cancelled} cancelled, "
                f"{self.orphans_removed} stray event(s) removed")


def sync_calendar(db, calendars: GoogleCalendars, settings, now: datetime, budget: Budget,
                  calendar_id: str | None = None) -> SyncReport:
    """Sync one calendar: the business's unless another in use is named."""
    link = calendars.link
    calendar_id = calendar_id or link.calendar_id
    with db.transaction() as session:
        token = link.sync_state(session, now, calendar_id).sync_token
        events = link.events(session, budget, calendar_id)
    report = SyncReport(calendar_id, full=token is None)
    try:
        changes, next_token = _fetch(events, token)
    except HttpError as error:
        if status_of(error) != 410:
            raise unavailable("the sync", error) from None
        log.info("Google says our sync token of %s is stale: listing everything again", calendar_id)
        report.full = True
        changes, next_token = _fetch(events, None)
    report.changes = len(changes)
    with db.transaction() as session:
        calendar = calendars(session)
        notices = Notices(session, settings, settings.business_tz, now)
        for event in changes:
            _apply(session, calendar, events, notices, event, report, now)
        if report.full:
            _cancel_unlisted(session, calendar, events, notices, {e["id"] for e in changes}, report, now)
        state = link.sync_state(session, now, calendar_id)
        state.sync_token, state.last_sync_at = next_token, now
        if report.full:
            state.last_full_sync_at = now
    report.orphans_removed = remove_orphans(db, link, events, now)
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


def _apply(session, calendar, events, notices, event: dict, report: SyncReport, now: datetime) -> None:
    link = session.scalars(select(GoogleEvent).where(
        GoogleEvent.calendar_id == events.calendar_id, GoogleEvent.event_id == event["id"])).first()
    if link is None:
        return  # not an appointment of ours: its busy time reaches availability via freebusy
    if event.get("etag") != link.etag:  # else: our own write, or a change already followed
        _reconcile(session, calendar, events, notices, link.appointment_id, report, now)


def _cancel_unlisted(session, calendar, events, notices, listed: set[str], report: SyncReport,
                     now: datetime) -> None:
    """After a full listing (deleted events included): a future appointment whose event is
    not there at all was deleted long ago, moved to another calendar, or booked meanwhile."""
    links = list(session.scalars(select(GoogleEvent).where(GoogleEvent.calendar_id == events.calendar_id)))
    for link in links:
        booking = calendar.get(link.appointment_id)
        if booking is not None and booking.end > now and link.event_id not in listed:
            _reconcile(session, calendar, events, notices, link.appointment_id, report, now)


def _reconcile(session, calendar, events, notices, appointment_id: int, report: SyncReport,
               now: datetime) -> None:
    """Make the appointment follow its event as Google has it now. The appointment row is
    locked first (as the booking service locks it), so a customer's change in flight has
    committed, Google write and all, before the event is read afresh."""
    session.execute(select(Appointment.id).where(Appointment.id == appointment_id).with_for_update())
    link = session.get(GoogleEvent, appointment_id, populate_existing=True)
    try:
        event = events.get(link.event_id)
    except HttpError as error:
        if not gone(error):
            raise unavailable("the sync", error) from None
        event = {"status": "cancelled"}
    if event.get("etag") is not None and event.get("etag") == link.etag:
        return
    booking = calendar.get(appointment_id)
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
    link.etag, link.google_updated = event.get("etag"), updated_at(event)


def _follow_cancel(calendar, notices, booking, report: SyncReport, now: datetime) -> None:
    try:
        cancelled = calendar.follow_cancel(booking.id, now)
    except AppointmentGone:
        return
    notices.cancelled(cancelled, by_staff=True)
    report.cancelled += 1
