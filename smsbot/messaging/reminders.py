"""What the bot tells customers on its own: reminders before an appointment and notices
of changes made by staff. Everything goes through the outbox, in the caller's transaction."""
from __future__ import annotations

from datetime import datetime, timezone

from smsbot.calendars.base import Booking
from smsbot.dialog.say import sms as texts
from smsbot.messaging.policy import lead_label
from smsbot.store import outbox


def _utc(moment: datetime) -> str:
    """The same instant gives the same key whatever zone it came in."""
    return moment.astimezone(timezone.utc).isoformat()


class Notices:
    """Listens to the booking service and queues the messages that follow from a change."""

    def __init__(self, session, settings, tz, now: datetime):
        self.session, self.tz, self.now = session, tz, now
        self.leads, self.grace = settings.reminder_leads, settings.reminder_grace

    def booked(self, booking: Booking) -> None:
        body = texts.reminder(booking.start.astimezone(self.tz))
        dues = [(lead, booking.start - lead) for lead in self.leads if booking.start - lead > self.now]
        outbox.enqueue_all(self.session, [
            outbox.message(key=f"reminder:{booking.id}:{lead_label(lead)}:{_utc(booking.start)}",
                           to=booking.phone, body=body, due_at=due, kind="reminder", appointment_id=booking.id,
                           stale_at=min(due + self.grace, booking.start), appointment_start=booking.start)
            for lead, due in dues], self.now)

    def moved(self, old: Booking, new: Booking, by_staff: bool = False) -> None:
        outbox.drop_pending(self.session, old.id)
        self.booked(new)
        if by_staff:
            body = texts.moved_by_staff(old.start.astimezone(self.tz), new.start.astimezone(self.tz))
            self._notice(f"moved:{new.id}:{_utc(new.start)}", new, body, about=new.start)

    def cancelled(self, booking: Booking, by_staff: bool = False) -> None:
        outbox.drop_pending(self.session, booking.id)
        if by_staff:
            body = texts.cancelled_by_staff(booking.start.astimezone(self.tz))
            self._notice(f"cancelled:{booking.id}", booking, body)

    def _notice(self, key: str, booking: Booking, body: str, about: datetime | None = None) -> None:
        """`about`: the appointment time the notice names; it is not sent once that changed."""
        outbox.enqueue(self.session, key=key, to=booking.phone, body=body, due_at=self.now,
                       now=self.now, kind="notice", appointment_id=booking.id, appointment_start=about)
