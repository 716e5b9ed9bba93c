"""One step of a customer's conversation: text in, replies out, state moved.

Pure: the scheduler (availability and booking) is handed in, and so is `now`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from smsbot.dialog import texts
from smsbot.dialog.intents import Intent, read_intent
from smsbot.dialog.machine import IDLE, attached
from smsbot.dialog.requests import RequestHandler


@dataclass
class Turn:
    """Where a conversation stands: what the state machine and its context persist."""

    state: str = IDLE
    context: dict = field(default_factory=dict)
    updated_at: datetime | None = None


class Dialog(RequestHandler):
    def __init__(self, phone: str, turn: Turn, scheduler, now: datetime,
                 timeout: timedelta = timedelta(minutes=30), month_first: bool = True,
                 reminded: int | None = None):
        """`reminded`: the appointment a reminder just asked about, if any."""
        self.phone, self.scheduler, self.now, self.reminded = phone, scheduler, now, reminded
        self.tz, self.timeout, self.month_first = scheduler.tz, timeout, month_first
        self.context, self.state, self.since = dict(turn.context), turn.state, turn.updated_at
        self.expired = False

    def turn(self) -> Turn:
        return Turn(self.state, self.context, self.now)

    def reply_to(self, text: str) -> list[str]:
        with attached(self, self.state):
            self.expired = self._expire_if_stale()
            return self._reply(read_intent(text, self.now, self.tz, self.month_first))

    def _reply(self, intent: Intent) -> list[str]:
        if intent.kind == "help":
            return [texts.HELP]
        if intent.kind == "status":
            return self.status()
        if intent.kind == "attending" and self.reminded:
            return self.confirm_attendance()
        if intent.kind == "restart":
            self.finish()
            return [texts.RESTARTED]
        if intent.kind == "cancel":
            return self.start_cancel(intent)
        if intent.kind == "move":
            return self.start_move(intent)
        if intent.kind == "book":
            return self.start_booking(None)
        return getattr(self, f"on_{self.state}")(intent)

    # states --------------------------------------------------------------

    def on_idle(self, intent: Intent) -> list[str]:
        if intent.kind == "yes" and self.reminded and not self.expired:
            return self.confirm_attendance()
        if intent.kind == "yes":
            return [texts.EXPIRED if self.expired else texts.NOTHING_PENDING]
        if intent.kind == "no":
            return [texts.NOTHING_CHANGED]
        if intent.kind == "time":
            return self.start_booking(intent.when)
        if intent.kind == "greeting":
            return [texts.GREETING]
        if intent.kind == "thanks":
            return [texts.WELCOME]
        return [texts.UNKNOWN]

    def on_asking_time(self, intent: Intent) -> list[str]:
        if intent.kind == "time":
            return self.handle_request(intent.when)
        if intent.kind == "no":
            return self.finish(texts.NOTHING_CHANGED)
        return [texts.ASK_AGAIN]

    def on_offering(self, intent: Intent) -> list[str]:
        offers = [self.from_iso(s) for s in self.context.get("offers", [])]
        if intent.kind == "choice":
            if 1 <= intent.choice <= len(offers):
                return self.handle_point(offers[intent.choice - 1])
            return [texts.PICK_OFFER]
        if intent.kind == "time":
            picked = self.matching_offer(intent.when, offers)
            return self.handle_point(picked) if picked else self.handle_request(intent.when)
        if intent.kind == "no":
            return self.finish(texts.NOTHING_CHANGED)
        return [texts.PICK_OFFER]

    def on_confirming_book(self, intent: Intent) -> list[str]:
        return self.on_confirming(intent, self.commit_booking)

    def on_confirming_move(self, intent: Intent) -> list[str]:
        return self.on_confirming(intent, self.commit_move)

    def on_confirming(self, intent: Intent, commit) -> list[str]:
        if intent.kind == "yes":
            return commit(self.from_iso(self.context["proposal"]))
        if intent.kind == "no":
            return self.finish(texts.NOTHING_CHANGED)
        if intent.kind in ("time", "choice"):
            return self.on_offering(intent)
        return [texts.repeat_confirm(self.context["question"])]

    def on_choosing_appointment(self, intent: Intent) -> list[str]:
        choices = self.context.get("choices", [])
        if intent.kind == "no":
            return self.finish(texts.NOTHING_CHANGED)
        if intent.kind != "choice" or not 1 <= intent.choice <= len(choices):
            return [texts.pick_appointment(len(choices))]
        booking = self.scheduler.get(choices[intent.choice - 1])
        if booking is None:
            return self.finish(texts.NO_APPOINTMENT)
        if self.context["mode"] == "cancel":
            return self.ask_cancel(booking)
        return self.move_booking(booking, self.context.pop("pending", None))

    def on_confirming_cancel(self, intent: Intent) -> list[str]:
        booking = self.scheduler.get(self.context.get("appointment"))
        if booking is None:
            return self.finish(texts.NO_APPOINTMENT)
        if intent.kind == "yes":
            self.scheduler.cancel(booking.id)
            return self.finish(texts.cancelled(self.local(booking.start)))
        if intent.kind == "no":
            return self.finish(texts.kept(self.local(booking.start)))
        return [texts.repeat_confirm(self.context["question"])]

    # flows ---------------------------------------------------------------

    def start_booking(self, when) -> list[str]:
        self.context = {"mode": "book"}
        if when is None:
            self.ask_time()
            return [texts.ASK_DAY_TIME]
        return self.handle_request(when)

    def start_move(self, intent: Intent) -> list[str]:
        return self.pick_booking("move", intent, lambda b: self.move_booking(b, intent.when))

    def start_cancel(self, intent: Intent) -> list[str]:
        return self.pick_booking("cancel", intent, self.ask_cancel)

    def pick_booking(self, mode: str, intent: Intent, with_one) -> list[str]:
        bookings = self.scheduler.upcoming(self.phone)
        if not bookings:
            return self.finish(texts.NO_APPOINTMENT)
        reminded = [b for b in bookings if b.id == self.reminded]
        if len(bookings) == 1 or reminded:
            return with_one((reminded or bookings)[0])
        self.context = {"mode": mode, "choices": [b.id for b in bookings[:9]]}
        if intent.when:
            self.context["pending"] = intent.when.start.isoformat()
        self.choose_appointment()
        starts = [self.local(b.start) for b in bookings[:9]]
        return [texts.choose_appointment(mode, starts)]

    def move_booking(self, booking, when) -> list[str]:
        self.context = {"mode": "move", "appointment": booking.id}
        if isinstance(when, str):
            when = self.point(self.from_iso(when))
        if when is None:
            self.ask_time()
            return [texts.ask_move_time(self.local(booking.start))]
        return self.handle_request(when)

    def ask_cancel(self, booking) -> list[str]:
        question = texts.confirm_cancel(self.local(booking.start))
        self.context = {"mode": "cancel", "appointment": booking.id, "question": question}
        self.propose_cancel()
        return [question]

    def status(self) -> list[str]:
        bookings = self.scheduler.upcoming(self.phone)
        if not bookings:
            return [texts.NO_APPOINTMENT]
        return [texts.your_appointments([self.local(b.start) for b in bookings])]

    def confirm_attendance(self) -> list[str]:
        """A reply to a reminder; whatever else the conversation is doing stays as it is."""
        booking = self.scheduler.get(self.reminded)
        if booking is None:
            return self.status()
        self.scheduler.confirm_attendance(booking.id)
        return [texts.confirmed(self.local(booking.start))]

    def finish(self, reply: str | None = None) -> list[str]:
        self.context = {}
        self.done()
        return [reply] if reply else []

    def _expire_if_stale(self) -> bool:
        stale = self.since is not None and self.now - self.since > self.timeout
        if stale and self.state != IDLE:
            self.context = {}
            self.expire()
            return True
        return False

    # helpers -------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def from_iso(self, text: str) -> datetime:
        return self.local(datetime.fromisoformat(text))
