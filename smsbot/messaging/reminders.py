"""What the bot tells customers on its own: reminders before an appointment and notices
of changes made by staff. Everything goes through the outbox, in the caller's transaction."""
from __future__ import annotations

import re
from functools import lru_cache
from datetime import datetime, timedelta, timezone

from smsbot.calendars.base import Booking
from smsbot.dialog import texts
from smsbot.store import outbox

_LEAD = re.compile(r"^\s*(\d+)\s*([mhd])\s*$", re.I)
_UNIT = {"m": "minutes", "h": "hours", "d": "days"}


def parse_leads(text: str) -> list[tuple[str, timedelta]]:
    """'24h,2h' -> [('24h', 24 hours), ('2h', 2 hours)]."""
    return list(_parse_leads(text))


@lru_cache(maxsize=16)  # every booking reads the same setting again
def _parse_leads(text: str) -> tuple[tuple[str, timedelta], ...]:
    leads = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        m = _LEAD.match(part)
        if not m:
            raise ValueError(f"bad reminder lead time {part!r}: use e.g. 24h, 90m, 2d")
        leads.append((part.lower().replace(" ", ""), timedelta(**{_UNIT[m[2].lower()]: int(m[1])})))
    return tuple(leads)


def _utc(moment: datetime) -> str:
    """The same instant gives the same key whatever zone it came in."""
    return moment.astimezone(timezone.utc).isoformat()


class Notices:
    """Listens to the booking service and queues the messages that follow from a change."""

    def __init__(self, session, settings, tz, now: datetime):
        self.session, self.tz, self.now = session, tz, now
        self.leads = parse_leads(settings.reminder_leads)
        self.grace = timedelta(minutes=settings.reminder_grace_minutes)

    def booked(self, booking: Booking) -> None:
        body = texts.reminder(booking.start.astimezone(self.tz))
        for label, lead in self.leads:
            due = booking.start - lead
            if due <= self.now:
                continue
            outbox.enqueue(self.session, key=f"reminder:{booking.id}:{label}:{_utc(booking.start)}",
                           to=booking.phone, body=body, due_at=due, now=self.now, kind="reminder",
                           appointment_id=booking.id, stale_at=min(due + self.grace, booking.start))

    def moved(self, old: Booking, new: Booking, by_staff: bool = False) -> None:
        outbox.drop_pending(self.session, old.id)
        self.booked(new)
        if by_staff:
            body = texts.moved_by_staff(old.start.astimezone(self.tz), new.start.astimezone(self.tz))
            self._notice(f"moved:{new.id}:{_utc(new.start)}", new, body)

    def cancelled(self, booking: Booking, by_staff: bool = False) -> None:
        outbox.drop_pending(self.session, booking.id)
        if by_staff:
            body = texts.cancelled_by_staff(booking.start.astimezone(self.tz))
            self._notice(f"cancelled:{booking.id}", booking, body)

    def _notice(self, key: str, booking: Booking, body: str) -> None:
        outbox.enqueue(self.session, key=key, to=booking.phone, body=body, due_at=self.now,
                       now=self.now, kind="notice", appointment_id=booking.id)
