"""One step of a customer's conversation: text in, reply values out, state moved.

Pure: the scheduler (availability and booking) is handed in, and so is `now`. Which
handler runs is the state table's decision (`machine.py`); the handlers are below.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from smsbot.dialog import replies as r
from smsbot.dialog.asked_days import AskedDaysHandler
from smsbot.dialog.appointments import MAX_CHOICES, AppointmentHandler  # noqa: F401 (MAX_CHOICES for tests)
from smsbot.dialog.intents import Intent, Kind, read_intent
from smsbot.dialog.machine import IDLE, STAY, State, route_for
from smsbot.dialog.pending import Mode, Pending
from smsbot.dialog.profile import Profile
from smsbot.dialog.requests import RequestHandler
from smsbot.dialog.staffing import StaffingHandler
from smsbot.timeparse.context import NO_REFERENCE, Reference


@dataclass
class Turn:
    """Where a conversation stands, as stored: the state's name and the pending JSON."""

    state: str = IDLE.value
    context: dict = field(default_factory=dict)
    updated_at: datetime | None = None


class OffTheTable(RuntimeError):
    """A handler led somewhere its route does not declare: a bug in the dialog."""


class Dialog(AppointmentHandler, RequestHandler, AskedDaysHandler, StaffingHandler):
    def __init__(self, phone: str, turn: Turn, scheduler, now: datetime,
                 timeout: timedelta = timedelta(minutes=30), month_first: bool = True,
                 reminded: int | None = None, profile: Profile | None = None):
        """`reminded`: the appointment a reminder just asked about, if any. `actions`
        collects what the caller must do beyond replying (r.TellStaff)."""
        self.phone, self.scheduler, self.now, self.reminded = phone, scheduler, now, reminded
        rules = scheduler.rules
        self.profile = profile or Profile("", "", "", rules.hours, rules.slot)
        self.actions: list[r.TellStaff] = []
        self.tz, self.timeout, self.month_first = scheduler.tz, timeout, month_first
        self.since, self.expired = turn.updated_at, False
        try:
            self.state, self.pending = State(turn.state), Pending.from_json(turn.context)
        except ValueError:  # a state this version does not know: start afresh
            self.state, self.pending = IDLE, Pending()

    def turn(self) -> Turn:
        return Turn(self.state.value, self.pending.to_json(), self.now)

    def reply_to(self, text: str, intent: Intent | None = None) -> list[r.Reply]:
        """`intent`: already understood (a voice agent's tool call), instead of reading `text`."""
        self.expired = self._expire_if_stale()
        self.text = text
        intent = intent or self.read(text)
        self.hear(text)
        answered = self.staffing_reply(intent)  # services and providers (dialog/staffing.py)
        if answered is not None:
            return answered
        before, chosen = self.state, route_for(self.state, intent.kind)
        replies = getattr(self, chosen.handler)(intent)
        self.keep_choices()
        self.after_booking(replies)
        landed = STAY if self.state == before and STAY in chosen.leads_to else self.state
        if landed not in chosen.leads_to:
            raise OffTheTable(f"{chosen.handler} led {before.value} to {self.state.value}")
        return replies

    def read(self, text: str) -> Intent:
        holidays = self.scheduler.rules.holiday_names
        intent = read_intent(text, self.now, self.tz, self.month_first, self.reference(), holidays)
        changing = intent.kind in (Kind.MOVE, Kind.CHANGE) and not self.pending.is_move
        if changing and self.state in (IDLE, State.CHOOSING_MOVE_OR_BOOK):
            held = self.held()  # "can I come earlier?" is about the appointment held
            if held is not None:
                return read_intent(text, self.now, self.tz, self.month_first, self.reference_of(held), holidays)
        return intent

    def go(self, state: State) -> None:
        self.state = state

    # handlers named in the table -----------------------------------------

    def help(self, intent: Intent) -> list[r.Reply]:
        return [r.Help(self.profile.name, self.profile.phone)]

    def tell_hours(self, intent: Intent) -> list[r.Reply]:
        asked = self.local(intent.when.start).weekday() if intent.when else None
        return [r.OpeningTimes(self.profile.week(), asked)]

    def tell_length(self, intent: Intent) -> list[r.Reply]:
        return [self.length_of_services() or r.Length(int(self.profile.slot.total_seconds() // 60))]

    def tell_address(self, intent: Intent) -> list[r.Reply]:
        return [r.Address(self.profile.address, self.profile.phone)]

    def hand_off(self, intent: Intent) -> list[r.Reply]:
        self.actions.append(r.TellStaff(self.phone, self.text))
        return [r.Handoff(self.profile.phone)]

    def greet(self, intent: Intent) -> list[r.Reply]:
        return [r.Notice.GREETING]

    def welcome(self, intent: Intent) -> list[r.Reply]:
        return [r.Notice.WELCOME]

    def restart(self, intent: Intent) -> list[r.Reply]:
        return self.finish(r.Notice.RESTARTED)

    def drop(self, intent: Intent) -> list[r.Reply]:
        return self.finish(r.Notice.NOTHING_CHANGED)

    def nothing_to_decline(self, intent: Intent) -> list[r.Reply]:
        return [r.Notice.NOTHING_CHANGED]

    def yes_with_nothing_pending(self, intent: Intent) -> list[r.Reply]:
        if self.reminded and not self.expired:
            return self.confirm_attendance(intent)
        return [r.Notice.EXPIRED if self.expired else r.Notice.NOTHING_PENDING]

    def request_time(self, intent: Intent) -> list[r.Reply]:
        if self.state is IDLE:
            self.pending = Pending(Mode.BOOK)
            held = None if intent.another else self.held()
            if held is not None:  # move it, or a second one? One short question.
                self.pending = Pending(Mode.BOOK, appointment=held.id, request=intent.when)
                self.go(State.CHOOSING_MOVE_OR_BOOK)
                return [r.MoveOrBook(self.local(held.start))]
        return self.handle_request(intent.when, intent.pick)

    def start_change(self, intent: Intent) -> list[r.Reply]:
        if not self.scheduler.upcoming(self.phone) and intent.when:
            return self.request_time(intent)  # "friday instead?" with nothing booked: a booking
        return self.start_move(intent)

    def move_instead(self, intent: Intent) -> list[r.Reply]:
        booking = self.scheduler.get(self.pending.appointment)
        if booking is None:
            return self.finish(r.Notice.NO_APPOINTMENT)
        return self.move_booking(booking, intent.when or self.pending.request, intent.pick, self.pending.provider)

    def book_instead(self, intent: Intent) -> list[r.Reply]:
        """What was named with the time ("a trim with Ben friday at 11") still holds."""
        asked = self.pending
        request = asked.request
        self.pending = Pending(Mode.BOOK, request=request, service=asked.service, provider=asked.provider)
        if request is None:
            self.go(State.ASKING_TIME)
            return [r.Notice.ASK_DAY_TIME]
        return self.handle_request(request)

    def pick_offer(self, intent: Intent) -> list[r.Reply]:
        offers = [self.local(o) for o in self.pending.offers]
        picked = self.matching_offer(intent.when, offers) if intent.when else None
        if picked is None and intent.choice is not None:
            if 1 <= intent.choice <= len(offers):
                picked = offers[intent.choice - 1]
            elif intent.when is None:
                return [r.Notice.PICK_OFFER]
        return self.handle_point(picked) if picked else self.handle_request(intent.when, intent.pick)

    def accept_single_offer(self, intent: Intent) -> list[r.Reply]:
        """'ok' to one time on offer takes it; to several it cannot say which."""
        if len(self.pending.offers) == 1:
            return self.handle_point(self.local(self.pending.offers[0]))
        return [r.Notice.PICK_OFFER]

    def commit_booking(self, intent: Intent) -> list[r.Reply]:
        return self.book_proposal(self.local(self.pending.proposal))

    def commit_move(self, intent: Intent) -> list[r.Reply]:
        return self.move_to_proposal(self.local(self.pending.proposal))

    def start_booking(self, intent: Intent) -> list[r.Reply]:
        self.pending = Pending(Mode.BOOK)
        self.go(State.ASKING_TIME)
        return [r.Notice.ASK_DAY_TIME]

    def start_move(self, intent: Intent) -> list[r.Reply]:
        return self.pick_booking(Mode.MOVE, intent, lambda b: self.move_booking(b, intent.when, intent.pick))

    def start_cancel(self, intent: Intent) -> list[r.Reply]:
        return self.pick_booking(Mode.CANCEL, intent, self.ask_cancel)

    def status(self, intent: Intent) -> list[r.Reply]:
        bookings = self.scheduler.upcoming(self.phone)
        if not bookings:
            return [r.Notice.NO_APPOINTMENT]
        return [r.Appointments(tuple(self.local(b.start) for b in bookings))]

    def confirm_attendance(self, intent: Intent) -> list[r.Reply]:
        """A reply to a reminder; whatever else the conversation is doing stays as it is."""
        if not self.reminded:
            return self.not_understood(intent)
        booking = self.scheduler.get(self.reminded)
        if booking is None:
            return self.status(intent)
        self.scheduler.confirm_attendance(booking.id)
        return [r.AttendanceConfirmed(self.local(booking.start))]

    def not_understood(self, intent: Intent) -> list[r.Reply]:
        if self.state is State.ASKING_TIME:
            return [r.Notice.NO_DAY_TIME_SEEN]
        if self.state is State.OFFERING:
            return [r.Notice.PICK_OFFER]
        if self.state is State.CHOOSING_APPOINTMENT:
            return [r.PickAppointment(len(self.pending.choices))]
        if self.state is State.CHOOSING_MOVE_OR_BOOK:
            held = self.scheduler.get(self.pending.appointment)
            return [r.MoveOrBook(self.local(held.start))] if held else self.finish(r.Notice.NO_APPOINTMENT)
        question = self.open_question()
        if question is not None:
            return [r.Again(question)]
        return [r.Notice.NOT_UNDERSTOOD]

    # flows ---------------------------------------------------------------

    def move_booking(self, booking, when, pick: str | None = None, provider: str | None = None) -> list[r.Reply]:
        self.pending = Pending(Mode.MOVE, appointment=booking.id, provider=provider)
        if when is None:
            self.go(State.ASKING_TIME)
            return [r.AskMoveTime(self.local(booking.start))]
        return self.handle_request(when, pick)

    def reference(self) -> Reference:
        """What is under discussion: the proposal, else the times on offer, else the
        appointment being moved."""
        pending = self.pending
        offers = [self.local(o) for o in pending.offers]
        window = (offers[0], offers[-1]) if offers else None
        if pending.proposal:
            proposal = self.local(pending.proposal)
            return Reference(proposal.date(), proposal.time(), window)
        if offers:
            return Reference(offers[0].date(), None, window)
        moving = self.moving
        return self.reference_of(moving) if moving is not None else NO_REFERENCE

    def reference_of(self, booking) -> Reference:
        start = self.local(booking.start)
        return Reference(start.date(), start.time())

    def open_question(self) -> r.Proposal | r.CancelQuestion | None:
        if self.state is State.CONFIRMING_CANCEL:
            return self.cancel_question()
        if self.pending.proposal is None:
            return None
        moving = self.moving
        return r.Proposal(self.local(self.pending.proposal),
                          self.local(moving.start) if moving else None, stated_tz=self.pending.stated_tz or "")

    def finish(self, reply: r.Reply | None = None) -> list[r.Reply]:
        self.pending = Pending()
        self.go(IDLE)
        return [reply] if reply else []

    def _expire_if_stale(self) -> bool:
        stale = self.since is not None and self.now - self.since > self.timeout
        if stale and self.state is not IDLE:
            self.finish()
            return True
        return False
