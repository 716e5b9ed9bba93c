"""Google Calendar as the business calendar.

Our own appointment rows stay the record (LocalCalendar, whose cell keys make double
booking impossible); Google is added on top: availability also subtracts freebusy of the
configured calendars, and every booking is mirrored as an event with an id we choose.
Order of work: check Google, claim locally, write to Google; if the transaction then rolls
back, the Google write is undone (best effort; `smsbot google sync` reconciles the rest).
"""
from __future__ import annotations

import logging
from datetime import datetime

from googleapiclient.errors import HttpError
from sqlalchemy import delete, update

from smsbot.calendars.base import AppointmentGone, Booking, SlotTaken
from smsbot.calendars.google.api import Budget, status_of
from smsbot.calendars.google.busy import GoogleBusy
from smsbot.calendars.google.events import event_body, event_id, gone, matches, times, unavailable, updated_at
from smsbot.calendars.google.link import GoogleLink
from smsbot.calendars.google.undo import UndoOnRollback
from smsbot.calendars.local import LocalCalendar
from smsbot.calendars.google.models import GoogleEvent
from smsbot.store.models import Appointment, AppointmentCell

log = logging.getLogger("smsbot.google")


class GoogleCalendars:
    """The `calendar_for` of a Google deployment: session -> GoogleCalendar."""

    def __init__(self, settings):
        self.settings, self.link = settings, GoogleLink(settings)

    def __call__(self, session) -> "GoogleCalendar":
        return GoogleCalendar(session, self.link, Budget(self.settings.google_deadline_seconds))


class GoogleCalendar(LocalCalendar):
    def __init__(self, session, link: GoogleLink, budget: Budget):
        super().__init__(session)
        self.link, self.settings, self.budget = link, link.settings, budget
        self._events: dict[str, object] = {}
        self.google_busy = GoogleBusy(link, lambda: self.events)
        self.undo = UndoOnRollback(session)

    @property
    def events(self):
        return self.events_in(self.link.calendar_id)

    def events_in(self, calendar_id: str):
        """The API calls for one calendar: the business's, or a provider's own."""
        if calendar_id not in self._events:
            self._events[calendar_id] = self.link.events(self.session, self.budget, calendar_id)
        return self._events[calendar_id]

    def busy_between(self, start: datetime, end: datetime,
                     provider: str | None = None) -> list[tuple[datetime, datetime]]:
        """The business calendar's busy times keep every provider busy; a provider's own
        calendar only them."""
        google = self.google_busy.between(start, end, self._ours(start, end), provider=provider)
        return sorted({*super().busy_between(start, end, provider), *google})

    def _ours(self, start: datetime, end: datetime):
        return [(b.start, b.end) for b in self.bookings_between(start, end)]

    def _refuse_if_busy(self, start: datetime, end: datetime, provider: str | None = None) -> None:
        if self.google_busy.between(start, end, self._ours(start, end), fresh=True, provider=provider):
            raise SlotTaken()

    # changes ----------------------------------------------------------------------------

    def book(self, phone: str, start: datetime, end: datetime, now: datetime, **held) -> Booking:
        self._refuse_if_busy(start, held.get("held_until") or end, held.get("provider"))
        booking = super().book(phone, start, end, now, **held)
        self._create_event(booking, now)
        return booking

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime, **held) -> Booking:
        old = self.get(appointment_id)
        if old is None:
            raise AppointmentGone(appointment_id)
        self._refuse_if_busy(start, held.get("held_until") or end, held.get("provider") or old.provider or None)
        new = super().move(appointment_id, start, end, now, **held)
        link = self.session.get(GoogleEvent, appointment_id)
        if link is None:  # booked before Google was set up
            self._create_event(new, now)
            return new
        if link.calendar_id != self.link.calendar_of(new.provider):
            self._relocate_event(link, old, new)
            return new
        eid, tz, events = link.event_id, self.settings.business_tz.key, self.events_in(link.calendar_id)
        self.undo.add(lambda budget: events.patch(eid, {**times(old, tz), "status": "confirmed"},
                                                      budget, tries=1))
        try:
            # "confirmed" also restores an event staff deleted before the sync told us
            changed = events.patch(eid, {**times(new, tz), "status": "confirmed"})
        except HttpError as error:
            raise unavailable("the move", error) from None
        link.etag, link.google_updated = changed.get("etag"), updated_at(changed)
        self.google_busy.forget()
        return new

    def cancel(self, appointment_id: int, now: datetime) -> Booking:
        booking = super().cancel(appointment_id, now)
        link = self.session.get(GoogleEvent, appointment_id)
        if link is not None:
            eid, tz, events = link.event_id, self.settings.business_tz.key, self.events_in(link.calendar_id)
            self.undo.add(lambda budget: events.patch(
                eid, {**times(booking, tz), "status": "confirmed"}, budget, tries=1))
            try:
                events.delete(eid)
            except HttpError as error:
                if not gone(error):
                    raise unavailable("the cancellation", error) from None
        self.google_busy.forget()
        return booking

    def _create_event(self, booking: Booking, now: datetime) -> None:
        eid = event_id(self.link.event_prefix(self.session), booking.id)
        calendar_id = self.link.calendar_of(booking.provider)
        created = self._insert(self.events_in(calendar_id), event_body(self.settings, booking, eid), "the booking")
        self.session.add(GoogleEvent(appointment_id=booking.id, calendar_id=calendar_id,
                                     event_id=eid, etag=created.get("etag"), google_updated=updated_at(created),
                                     created_at=now))
        self.session.flush()
        self.google_busy.forget()

    def _relocate_event(self, link: GoogleEvent, old: Booking, new: Booking) -> None:
        """A move to a provider whose appointments go to another calendar: the event goes
        with it (inserted there under the same id, then deleted where it was)."""
        source, target = self.events_in(link.calendar_id), self.events_in(self.link.calendar_of(new.provider))
        eid, tz = link.event_id, self.settings.business_tz.key
        self.undo.add(lambda budget: source.patch(eid, {**times(old, tz), "status": "confirmed"}, budget, tries=1))
        created = self._insert(target, event_body(self.settings, new, eid), "the move")
        try:
            source.delete(eid)
        except HttpError as error:
            if not gone(error):
                raise unavailable("the move", error) from None
        link.calendar_id, link.etag, link.google_updated = target.calendar_id, created.get("etag"), updated_at(created)
        self.google_busy.forget()

    def _insert(self, events, body: dict, what: str) -> dict:
        eid = body["id"]
        # Registered before the insert: a timed-out insert may still have reached Google.
        self.undo.add(lambda budget: self._delete_quietly(events, eid, budget))
        try:
            return events.insert(body)
        except HttpError as error:
            if status_of(error) != 409:
                raise unavailable(what, error) from None
            return self._adopt(events, eid, body)

    def _adopt(self, events, eid: str, body: dict) -> dict:
        """The id exists: our own earlier try that Google did get, or the leftover of a
        booking that rolled back (no committed appointment has this id). Use it either way."""
        try:
            existing = events.get(eid)
            if matches(existing, body):
                log.info("Google already had event %s: a retried insert, not a second booking", eid)
                return existing
            return events.patch(eid, {k: v for k, v in body.items() if k != "id"})
        except HttpError as error:
            raise unavailable("the booking (id taken, event unreadable)", error) from None

    def _delete_quietly(self, events, eid: str, budget: Budget) -> None:
        try:
            events.delete(eid, budget, tries=1)
        except HttpError as error:
            if not gone(error):
                raise

    # changes staff made in Google, applied to our rows only (the sync calls these) -------

    def follow_move(self, appointment_id: int, start: datetime, end: datetime, now: datetime) -> Booking:
        try:
            return LocalCalendar.move(self, appointment_id, start, end, now)
        except (SlotTaken, ValueError):
            # Off our 5-minute grid, or onto another booking or block: Google has the last
            # word, so keep its time without claiming cells.
            log.warning("appointment %s moved in Google to %s, which overlaps another booking or "
                        "is off the 5-minute grid", appointment_id, start.isoformat())
        booking = self.get(appointment_id)
        if booking is None:
            raise AppointmentGone(appointment_id)
        self.session.execute(delete(AppointmentCell).where(AppointmentCell.appointment_id == appointment_id))
        self.session.execute(update(Appointment).where(Appointment.id == appointment_id)
                             .values(starts_at=start, ends_at=end, held_until=None, updated_at=now))
        return Booking(appointment_id, booking.phone, start, end)

    def follow_cancel(self, appointment_id: int, now: datetime) -> Booking:
        return LocalCalendar.cancel(self, appointment_id, now)
