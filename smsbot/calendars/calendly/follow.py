"""What Calendly's webhooks tell us, applied to our appointments in one transaction.

invitee.created: a booking made on Calendly's own pages (ours carry utm_source=smsbot and
are already recorded) becomes an appointment when the invitee left a phone number; a
rescheduled booking (old_invitee is ours) moves our appointment. invitee.canceled of one
of ours cancels it (a reschedule's cancel is left to the invitee.created that follows).
Customers we know, who have texted us, are told through the outbox."""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import or_, select

from smsbot.calendars.base import SlotTaken
from smsbot.calendars.budget import Budget
from smsbot.calendars.calendly.availability import parse_time
from smsbot.calendars.calendly.models import CalendlyBooking
from smsbot.calendars.calendly.provider import OURS
from smsbot.calendars.local import LocalCalendar
from smsbot.dialog.say import sms as texts
from smsbot.messaging.reminders import Notices
from smsbot.phones import mask_phone, parse_phone
from smsbot.store import outbox
from smsbot.store.customers import Details, details_for, remember
from smsbot.store.models import Appointment, AppointmentCell, Conversation

log = logging.getLogger("smsbot.calendly")


class BadDelivery(ValueError):
    """A webhook body that is not a Calendly invitee event."""


def apply_delivery(session, link, body: dict, now: datetime) -> str:
    """What was done, in a few words (logged, and answered to Calendly). `link`: the
    CalendlyLink, which knows the event types in use. Raises CalendarUnavailable when an
    event type of ours cannot be looked up now (Calendly delivers again later)."""
    settings = link.settings
    try:
        kind, person = body["event"], body["payload"]
        event = person["scheduled_event"]
        span = (parse_time(event["start_time"]), parse_time(event["end_time"]))
        uris = (person["uri"], person.get("event") or event["uri"])
    except (KeyError, TypeError, ValueError, AttributeError):
        raise BadDelivery("not an invitee event of Calendly's") from None
    calendar, notices = LocalCalendar(session), Notices(session, settings, settings.business_tz, now)
    if kind == "invitee.canceled":
        return _canceled(session, calendar, notices, person, uris, now)
    if kind == "invitee.created":
        return _created(session, calendar, notices, link, person, (uris, span, event.get("event_type")), now)
    return f"ignored: {kind}"


def _link(session, *uris: str | None) -> CalendlyBooking | None:
    wanted = [uri for uri in uris if uri]
    return session.scalars(select(CalendlyBooking).where(or_(
        CalendlyBooking.invitee_uri.in_(wanted), CalendlyBooking.event_uri.in_(wanted)))).first()


def _locked(session, calendar, link: CalendlyBooking):
    session.execute(select(Appointment.id).where(Appointment.id == link.appointment_id).with_for_update())
    return calendar.get(link.appointment_id)


def _canceled(session, calendar, notices, person: dict, uris, now: datetime) -> str:
    if person.get("rescheduled"):
        return "a reschedule: the new booking's invitee.created moves it"
    link = _link(session, *uris)
    booking = _locked(session, calendar, link) if link else None
    if booking is None:
        return "not a booked appointment of ours"
    cancelled = calendar.cancel(booking.id, now)
    notices.cancelled(cancelled, by_staff=True)
    return f"appointment {booking.id} cancelled"


def _created(session, calendar, notices, link, person: dict, what, now: datetime) -> str:
    uris, span, event_type = what
    if _link(session, *uris) is not None:
        return "already recorded"
    old = _link(session, person.get("old_invitee"))
    booking = _locked(session, calendar, old) if old else None
    if booking is not None:
        moved = _follow(session, calendar, booking.id, span, now)
        old.event_uri, old.invitee_uri = uris[1], uris[0]
        notices.moved(booking, moved, by_staff=True)
        return f"appointment {booking.id} moved"
    if (person.get("tracking") or {}).get("utm_source") == OURS["utm_source"]:
        return "ours: recorded by the booking itself (or undone with it)"
    service = link.service_of(event_type, Budget(link.settings.calendly_deadline_seconds))
    if service is None:
        return "not an event type we book: its time is busy through Calendly's availability"
    phone = parse_phone(person.get("text_reminder_number") or "")
    if phone is None:
        return "no phone number: its time is busy through Calendly's availability"
    made = _record(session, calendar, phone, span, now, _whose(link.business, service, span))
    session.add(CalendlyBooking(appointment_id=made.id, event_uri=uris[1], invitee_uri=uris[0], created_at=now))
    if details_for(session, phone) is None and person.get("name") and person.get("email"):
        remember(session, phone, Details(person["name"][:100], person["email"][:254]), now)
    notices.booked(made)
    if session.get(Conversation, phone) is not None:  # only numbers that have texted us
        outbox.enqueue(session, key=f"calendly-booked:{made.id}", to=phone, body=texts.booked(
            made.start.astimezone(link.settings.business_tz)), due_at=now, now=now, appointment_id=made.id,
            appointment_start=made.start)
    log.info("a booking made on Calendly for %s is appointment %s", mask_phone(phone), made.id)
    return f"appointment {made.id} booked"


def _whose(business, service, span) -> dict:
    """The service booked, and its provider when only one offers it (else '': every
    provider's time stays busy, as for a booking made before the business had a profile)."""
    offering = business.providers_for(service)
    held = span[1] + service.buffer_after if service.buffer_after else None
    return {"service": service.name, "provider": offering[0].name if len(offering) == 1 else "",
            "held_until": held}


def _record(session, calendar, phone: str, span, now: datetime, whose: dict):
    """A new appointment at Calendly's time, with our cells if they are free."""
    try:
        return calendar.book(phone, span[0], span[1], now, **whose)
    except (SlotTaken, ValueError):
        log.warning("a booking made on Calendly overlaps another of ours or is off our 5-minute grid")
    appointment = Appointment(phone=phone, starts_at=span[0], ends_at=span[1], status="booked",
                              service=whose["service"], provider=whose["provider"],
                              created_at=now, updated_at=now)
    session.add(appointment)
    session.flush()
    return calendar.get(appointment.id)


def _follow(session, calendar, appointment_id: int, span, now: datetime):
    """Calendly has the last word: the new time, with our cells if they are free."""
    try:
        return calendar.move(appointment_id, span[0], span[1], now)
    except (SlotTaken, ValueError):
        log.warning("appointment %s moved on Calendly onto another booking or off our 5-minute grid",
                    appointment_id)
    session.execute(AppointmentCell.__table__.delete().where(AppointmentCell.appointment_id == appointment_id))
    session.execute(Appointment.__table__.update().where(Appointment.id == appointment_id)
                    .values(starts_at=span[0], ends_at=span[1], updated_at=now))
    return calendar.get(appointment_id)
