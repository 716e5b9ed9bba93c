"""Calendly as the business calendar.

Our own appointment rows stay the record (LocalCalendar, whose cell keys make double
booking impossible); Calendly is added on top: free times are also only those Calendly
offers, and every booking is a Calendly invitee (POST /invitees) under the customer's name
and email. A booking claims our cells first, then asks Calendly, in one savepoint: Calendly
refusing the time leaves nothing behind. A move books the new time, then cancels the old
booking; if that cancel fails the new one is cancelled too: never two bookings, never none.
If the transaction rolls back afterwards, Calendly's new booking is cancelled again.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime

from smsbot.calendars.base import AppointmentGone, Booking, CalendarUnavailable, DetailsNeeded, SlotTaken
from smsbot.calendars.budget import Budget
from smsbot.calendars.calendly.api import CalendlyError
from smsbot.calendars.calendly.availability import CalendlyBusy, stamp
from smsbot.calendars.calendly.link import CalendlyLink
from smsbot.calendars.calendly.models import CalendlyBooking
from smsbot.calendars.local import LocalCalendar
from smsbot.calendars.undo import UndoOnRollback
from smsbot.clock import SystemClock
from smsbot.store.customers import details_for, forget

log = logging.getLogger("smsbot.calendly")
OURS = {"utm_source": "smsbot"}  # our own bookings' webhooks are recognised by it
REASON_CANCEL = "Cancelled by the customer by text message"
REASON_MOVE = "Moved by the customer by text message"
REASON_UNDO = "Not confirmed: the booking did not complete"


class CalendlyCalendars:
    """The `calendar_for` of a Calendly deployment: session -> CalendlyCalendar."""

    needs_details = True  # bookings are made under the customer's name and email

    def __init__(self, settings, clock=None, link: CalendlyLink | None = None):
        self.settings, self.clock = settings, clock or SystemClock()
        self.link = link or CalendlyLink(settings)

    def __call__(self, session) -> "CalendlyCalendar":
        return CalendlyCalendar(session, self.link, Budget(self.settings.calendly_deadline_seconds), self.clock)


class CalendlyCalendar(LocalCalendar):
    busy_per_service = True  # each service may book its own event type, with its own free times

    def __init__(self, session, link: CalendlyLink, budget: Budget, clock):
        super().__init__(session)
        self.link, self.api, self.budget = link, link.api, budget
        self.calendly_busy = CalendlyBusy(self.api, lambda service: link.event_type(budget, service), budget, clock)
        self.undo = UndoOnRollback(session, "nothing (cancel it on Calendly by hand)")

    def busy_between(self, start: datetime, end: datetime, provider: str | None = None,
                     service: str | None = None) -> list[tuple[datetime, datetime]]:
        """Ours, and what Calendly does not offer for the service's event type. Only the
        provider's own bookings are taken out of Calendly's answer: a time another provider
        holds is busy for them too if Calendly says so (a solo event type is one person's)."""
        ours = [(b.start, b.end) for b in self.bookings_between(start, end)
                if provider is None or b.provider in (provider, "")]
        return sorted({*super().busy_between(start, end, provider),
                       *self.calendly_busy.between(start, end, ours, service)})

    def book(self, phone: str, start: datetime, end: datetime, now: datetime, **extra) -> Booking:
        invitee = self._invitee(phone)
        with self._asking_again_if_refused(phone, now), self.session.begin_nested():
            booking = super().book(phone, start, end, now, **extra)
            made = self._create(booking, invitee)
        self._undo_on_rollback(made)
        self._link(booking.id, made, now)
        return booking

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime, **extra) -> Booking:
        old = self.get(appointment_id)
        if old is None:
            raise AppointmentGone(appointment_id)
        invitee = self._invitee(old.phone)
        with self._asking_again_if_refused(old.phone, now), self.session.begin_nested():
            new = super().move(appointment_id, start, end, now, **extra)
            made = self._create(new, invitee)
        self._undo_on_rollback(made)
        link = self.session.get(CalendlyBooking, appointment_id)
        if link is not None:
            try:
                self._cancel(link.event_uri, REASON_MOVE)
            except (CalendarUnavailable, CalendlyError) as error:
                log.error("a move could not cancel the old Calendly booking (%s): cancelling the new one", error)
                self._cancel_quietly(made["event"], self.budget)
                raise CalendarUnavailable("the old booking could not be cancelled; the new one was") from None
            self.session.delete(link)
            self.session.flush()
        self._link(appointment_id, made, now)
        return new

    def cancel(self, appointment_id: int, now: datetime) -> Booking:
        booking = super().cancel(appointment_id, now)
        link = self.session.get(CalendlyBooking, appointment_id)
        if link is not None:
            try:
                self._cancel(link.event_uri, REASON_CANCEL)
            except CalendlyError as error:
                raise CalendarUnavailable(f"Calendly refused the cancellation: {error}") from None
        self.calendly_busy.forget()
        return booking

    # Calendly's side ----------------------------------------------------------------------

    def _invitee(self, phone: str) -> dict:
        details = details_for(self.session, phone)
        if details is None:
            raise DetailsNeeded(phone)
        return {"name": details.name, "email": details.email, "timezone": self.link.settings.business_tz.key,
                "text_reminder_number": phone}

    def _create(self, booking: Booking, invitee: dict) -> dict:
        kind = self.link.event_type(self.budget, booking.service)
        body = {"event_type": kind.uri, "start_time": stamp(booking.start),
                "invitee": invitee, "tracking": {**OURS, "utm_content": f"appointment-{booking.id}"}}
        try:
            made = self.api.post("booking", "/invitees", body, self.budget).get("resource") or {}
        except CalendlyError as error:
            if error.about("start_time"):
                self.calendly_busy.forget()
                raise SlotTaken() from None
            if any(error.about(f"invitee.{field}") for field in ("email", "name", "first_name")):
                raise DetailsNeeded(booking.phone) from None
            log.error("Calendly refused a booking: %s", error)
            raise CalendarUnavailable(f"Calendly refused the booking: {error}") from None
        if not made.get("uri") or not made.get("event"):
            raise CalendarUnavailable("Calendly's booking answer has no invitee or event URI")
        self.calendly_busy.forget()
        return made

    def _undo_on_rollback(self, made: dict) -> None:
        self.undo.add(lambda budget: self._cancel_quietly(made["event"], budget))

    @contextmanager
    def _asking_again_if_refused(self, phone: str, now: datetime):
        """Calendly refused the name or email given: forget them (outside the savepoint
        that undoes the rest), so the customer is asked again."""
        try:
            yield
        except DetailsNeeded:
            forget(self.session, phone, now)
            raise

    def _link(self, appointment_id: int, made: dict, now: datetime) -> None:
        self.session.add(CalendlyBooking(appointment_id=appointment_id, event_uri=made["event"],
                                         invitee_uri=made["uri"], created_at=now))
        self.session.flush()

    def _cancel(self, event_uri: str, reason: str, budget: Budget | None = None) -> None:
        try:
            self.api.post("cancellation", f"{event_uri}/cancellation", {"reason": reason}, budget or self.budget)
        except CalendlyError as error:
            if error.status not in (403, 404):  # already cancelled, or gone: what we wanted
                raise

    def _cancel_quietly(self, event_uri: str, budget: Budget) -> None:
        try:
            self._cancel(event_uri, REASON_UNDO, budget)
        except (CalendarUnavailable, CalendlyError) as error:
            log.error("Calendly still holds %s, which no appointment of ours has (%s): cancel it on "
                      "Calendly", event_uri, error)
