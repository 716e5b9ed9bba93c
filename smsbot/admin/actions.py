"""What staff change, whether they text a command or use the dashboard: one service, so
the booking rules, the customer's notices (the scheduler's listener queues them) and the
audit are the same for both. Each method returns the outcome staff are told."""
from __future__ import annotations

from datetime import datetime

from smsbot.admin import texts
from smsbot.scheduling.service import AppointmentGone, SlotUnavailable
from smsbot.store import staff as staff_store
from smsbot.store import web_auth
from smsbot.store.models import Appointment

NO_SHOW = "no_show"


class StaffActions:
    def __init__(self, session, member, scheduler, now: datetime):
        self.session, self.member, self.scheduler, self.now = session, member, scheduler, now
        self.tz = scheduler.tz

    def audit(self, command: str, outcome: str) -> None:
        staff_store.audit(self.session, self.member, command.strip(), outcome, self.now)

    def problem_moving(self, booking, start: datetime) -> str | None:
        """TAKEN, a booking rule it breaks (staff may override those), or None."""
        return self.scheduler.moving(booking).problem_with(start)

    def problem_booking(self, start: datetime, service=None, provider: str | None = None) -> str | None:
        """As problem_moving, for a new booking of that service (default: the business's
        first) with that provider (None: anyone who offers it)."""
        return self.scheduler.for_(service, provider).problem_with(start)

    def move(self, appointment_id: int, start: datetime) -> str:
        try:
            moved = self.scheduler.move(appointment_id, start, by_staff=True)
        except SlotUnavailable:
            return texts.JUST_TAKEN
        except AppointmentGone:
            return texts.GONE
        return texts.moved(moved.id, moved.start.astimezone(self.tz))

    def cancel(self, appointment_id: int) -> str:
        try:
            cancelled = self.scheduler.cancel(appointment_id, by_staff=True)
        except AppointmentGone:
            return texts.GONE
        return texts.cancelled(cancelled.id)

    def book(self, phone: str, start: datetime, service=None, provider: str | None = None) -> str:
        """Booked on the customer's behalf: staff may go outside the rules, never over a booking."""
        try:
            booking = self.scheduler.for_(service, provider).book(phone, start, check=False)
        except SlotUnavailable:
            return texts.JUST_TAKEN
        several = self.scheduler.business
        more = texts.about("", booking.service if several.several_services else "",
                           booking.provider if several.several_providers else "")
        return texts.booked_for(booking.id, phone, booking.start.astimezone(self.tz), more)

    def no_show(self, appointment_id: int) -> str:
        row = self.session.get(Appointment, appointment_id)
        if row is None or row.status != "booked":
            return texts.GONE
        if row.starts_at > self.now:
            return texts.NOT_STARTED
        row.status, row.updated_at = NO_SHOW, self.now
        return texts.no_show(appointment_id)

    def block(self, start: datetime, end: datetime) -> str:
        who = self.member.name or self.member.phone
        self.scheduler.calendar.add_busy(start, end, f"blocked by {who}", self.now)
        inside = [(b.start.astimezone(self.tz), b.id, b.phone)
                  for b in self.scheduler.calendar.bookings_between(start, end)]
        return texts.blocked(start, end, inside)

    def unblock(self, start: datetime, end: datetime) -> str:
        return texts.unblocked(start, end, self.scheduler.calendar.remove_busy(start, end))

    def add_staff(self, phone: str, name: str, role: str) -> str:
        staff_store.add(self.session, phone, name, role, self.now)
        return texts.staff_added(phone, name, role)

    def remove_staff(self, phone: str) -> str:
        """Their web sessions end with them."""
        if phone == self.member.phone:
            return texts.CANNOT_REMOVE_SELF
        removed = staff_store.remove(self.session, phone)
        web_auth.end_sessions_of(self.session, phone)
        return texts.staff_removed(phone, removed)
