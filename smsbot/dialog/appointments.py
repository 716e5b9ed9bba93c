"""Which of the customer's appointments a move or a cancel is about, and cancelling."""
from __future__ import annotations

from datetime import datetime

from smsbot.dialog import replies as r
from smsbot.dialog.machine import State
from smsbot.dialog.pending import Mode, Pending
from smsbot.timeparse import When

MAX_CHOICES = 5  # appointments listed to pick from: more would not fit a short message
POINTS = ("minute", "hour")


def named(bookings: list, when: When | None, tz) -> list:
    """The bookings a day or time names: 'the tuesday one', 'my 3pm', 'the 10th at 9'."""
    if when is None or when.start is None:
        return []
    wanted = when.start.astimezone(tz)
    if when.grain in POINTS:
        exact = [b for b in bookings if b.start == wanted]
        same_clock = [b for b in bookings if b.start.astimezone(tz).time() == wanted.time()]
        if exact or same_clock:
            return exact or same_clock
    end = when.end.astimezone(tz) if when.end else None
    if end is not None and when.grain != "day":
        return [b for b in bookings if wanted <= b.start < end]
    return [b for b in bookings if b.start.astimezone(tz).date() == wanted.date()]


class AppointmentHandler:
    """Mixed into Dialog: needs self.scheduler, self.pending, self.phone, go(), finish(), local()."""

    def pick_booking(self, mode: Mode, intent, with_one) -> list[r.Reply]:
        bookings = self.scheduler.upcoming(self.phone)
        if not bookings:
            return self.finish(r.Notice.NO_APPOINTMENT)
        if intent.appointment is not None:
            chosen = [b for b in bookings if b.id == intent.appointment]
            return with_one(chosen[0]) if chosen else self.finish(r.Notice.NO_APPOINTMENT)
        if mode is Mode.CANCEL and intent.everything and len(bookings) > 1:
            return self.ask_cancel(*bookings[:MAX_CHOICES])
        by_name = named(bookings, intent.when, self.tz) if mode is Mode.CANCEL else []
        reminded = [b for b in bookings if b.id == self.reminded]
        if len(by_name) == 1 or len(bookings) == 1 or reminded:
            return with_one((by_name if len(by_name) == 1 else reminded or bookings)[0])
        listed = (by_name or bookings)[:MAX_CHOICES]
        request = intent.when if mode is Mode.MOVE else None
        self.pending = Pending(mode, choices=[b.id for b in listed], request=request)
        self.go(State.CHOOSING_APPOINTMENT)
        return [r.ChooseAppointment(mode.value, tuple(self.local(b.start) for b in listed))]

    def pick_appointment(self, intent) -> list[r.Reply]:
        choices = [b for b in map(self.scheduler.get, self.pending.choices) if b is not None]
        if intent.choice is not None and 1 <= intent.choice <= len(self.pending.choices):
            booking = self.scheduler.get(self.pending.choices[intent.choice - 1])
        else:
            by_name = named(choices, intent.when, self.tz)
            if len(by_name) != 1:
                return [r.PickAppointment(len(self.pending.choices))]
            booking = by_name[0]
        if booking is None:
            return self.finish(r.Notice.NO_APPOINTMENT)
        if self.pending.mode is Mode.CANCEL:
            return self.ask_cancel(booking)
        return self.move_booking(booking, self.pending.request)

    def pick_all(self, intent) -> list[r.Reply]:
        """'both' / 'all of them' cancels every one listed; a move needs one."""
        bookings = [b for b in map(self.scheduler.get, self.pending.choices) if b is not None]
        if self.pending.mode is not Mode.CANCEL or not bookings:
            return [r.PickAppointment(len(self.pending.choices))]
        return self.ask_cancel(*bookings)

    def ask_cancel(self, *bookings) -> list[r.Reply]:
        self.pending = Pending(Mode.CANCEL, appointment=bookings[0].id if len(bookings) == 1 else None,
                               choices=[b.id for b in bookings] if len(bookings) > 1 else [])
        self.go(State.CONFIRMING_CANCEL)
        return [r.CancelQuestion(tuple(self.local(b.start) for b in bookings))]

    def cancelling(self) -> list:
        ids = [self.pending.appointment] if self.pending.appointment is not None else self.pending.choices
        return [b for b in map(self.scheduler.get, ids) if b is not None]

    def commit_cancel(self, intent) -> list[r.Reply]:
        bookings = self.cancelling()
        if not bookings:
            return self.finish(r.Notice.NO_APPOINTMENT)
        for booking in bookings:
            self.scheduler.cancel(booking.id)
        return self.finish(r.Cancelled(tuple(self.local(b.start) for b in bookings)))

    def keep_appointment(self, intent) -> list[r.Reply]:
        bookings = self.cancelling()
        if not bookings:
            return self.finish(r.Notice.NO_APPOINTMENT)
        return self.finish(r.Kept(tuple(self.local(b.start) for b in bookings)))

    def cancel_question(self) -> r.CancelQuestion | None:
        bookings = self.cancelling()
        return r.CancelQuestion(tuple(self.local(b.start) for b in bookings)) if bookings else None

    def held(self):
        """The one appointment a change would be about: the reminded one, or the only one."""
        bookings = self.scheduler.upcoming(self.phone)
        reminded = [b for b in bookings if b.id == self.reminded]
        return (reminded or bookings)[0] if len(bookings) == 1 or reminded else None

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)
