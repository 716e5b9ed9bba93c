"""Turning what the customer asked for into a proposal, a list of free times, or a booking."""
from __future__ import annotations

from datetime import datetime, timedelta

from smsbot.clock import next_midnight, start_of_day
from smsbot.dialog import replies as r
from smsbot.dialog.machine import State
from smsbot.scheduling.rules import CLOSED, PAST, TAKEN, TOO_FAR
from smsbot.scheduling.service import SlotUnavailable
from smsbot.timeparse import When

POINT_GRAINS = ("minute", "hour")
OFFERS = 3


def spread(slots: list[datetime], limit: int = OFFERS) -> list[datetime]:
    """A few slots across a window (first, middle, last) rather than the first few."""
    if len(slots) <= limit:
        return slots
    if limit == 1:
        return [slots[len(slots) // 2]]
    step = (len(slots) - 1) / (limit - 1)
    return [slots[round(i * step)] for i in range(limit)]


class RequestHandler:
    """Mixed into Dialog: needs self.scheduler, self.pending, self.now, self.tz, go() and finish()."""

    def point(self, start: datetime) -> When:
        return When(start, None, "minute")

    @property
    def moving(self):
        if not self.pending.is_move or self.pending.appointment is None:
            return None
        return self.scheduler.get(self.pending.appointment)

    def availability(self):
        """A move keeps the booking's service and provider unless the customer names another."""
        booking = self.moving
        if booking is None:
            return self.chosen_view()
        view, asked = self.scheduler.moving(booking), self.chosen_provider()
        return view.for_(view.service, asked) if asked and asked != booking.provider else view

    def handle_request(self, when: When | None, pick: str | None = None) -> list[r.Reply]:
        """`pick`: "first" offers the earliest free times asked for, "last" the latest,
        None a spread of them; no `when` asks for the soonest at all."""
        if self.must_ask_service():
            return self.ask_service(when)
        self.pending.stated_tz = when.stated_tz if when else None
        if when is None:
            soonest = self.availability().free_between(self.now, self.now + self.scheduler.rules.horizon)
            return self.offer_or_give_up(soonest, "day")
        offered = self.alternatives_reply(when, pick) if when.alternatives else None
        if offered:
            return offered
        if when.grain in POINT_GRAINS and not when.bound:
            return self.handle_point(when.start)
        start, end = self.window(when)
        if when.grain == "day" and start.date() < self.now.astimezone(self.tz).date():
            self.go(State.ASKING_TIME)
            return [r.Refusal("past_day", day=start)]
        if start > self.now + self.scheduler.rules.horizon:
            return self.refuse_too_far()
        closed = self.holiday_reply(start, point=False) if end - start <= timedelta(days=1) else None
        if closed:
            return closed
        slots = self.availability().free_between(start, end, limit=200)
        if slots:
            chosen = slots[:OFFERS] if pick == "first" else slots[-OFFERS:] if pick == "last" else spread(slots)
            return self.offer(chosen, "day")
        return self.offer_or_give_up(self.availability().suggest_near(start), "nothing_on", start)

    def window(self, when: When) -> tuple[datetime, datetime]:
        start = when.start.astimezone(self.tz)
        day_start, next_day = start_of_day(start.date(), self.tz), next_midnight(start, self.tz)
        if when.bound == "after":
            return start, when.end or next_day
        if when.bound == "before":
            return day_start, when.end or start
        if when.end:
            return start, when.end
        return start, next_day

    def handle_point(self, start: datetime) -> list[r.Reply]:
        start = start.astimezone(self.tz)
        scheduler = self.availability()
        booking = self.moving
        if booking and booking.start == start:
            return [r.SameTime(start)]
        problem = scheduler.problem_with(start)
        if problem is None:
            return self.propose(start, booking)
        if problem == TOO_FAR:
            return self.refuse_too_far()
        closed = self.holiday_reply(start, point=True) if problem == CLOSED else None
        if closed:
            return closed
        wanted = max(start, self.now.astimezone(self.tz)) if problem == PAST else start
        return self.offer_or_give_up(scheduler.suggest_near(wanted), problem)

    def propose(self, start: datetime, booking) -> list[r.Reply]:
        self.pending.proposal = start
        self.go(State.CONFIRMING_MOVE if booking else State.CONFIRMING_BOOK)
        if booking:
            return [r.Proposal(start, self.local(booking.start), stated_tz=self.pending.stated_tz or "")]
        return [r.Proposal(start, None, *self.labels(self.chosen_service(), self.chosen_provider()),
                           stated_tz=self.pending.stated_tz or "")]

    def offer(self, slots: list[datetime], reason: str, day: datetime | None = None,
              holiday: str = "") -> list[r.Reply]:
        self.pending.offers, self.pending.proposal = list(slots), None
        self.go(State.OFFERING)
        moving = self.moving
        provider = moving.provider if moving else self.chosen_provider()
        return [r.Offers(tuple(self.local(s) for s in slots), reason, day, self.labels(None, provider)[1],
                          holiday)]

    def offer_or_give_up(self, slots: list[datetime], reason: str,
                         day: datetime | None = None, holiday: str = "") -> list[r.Reply]:
        if slots:
            return self.offer(slots, reason, day, holiday)
        self.go(State.ASKING_TIME)
        return [r.Notice.NOTHING_FREE]

    def refuse_too_far(self) -> list[r.Reply]:
        self.go(State.ASKING_TIME)
        return [r.Refusal("too_far", days=self.scheduler.rules.horizon.days)]

    def book_proposal(self, start: datetime) -> list[r.Reply]:
        try:
            booking = self.availability().book(self.phone, start)
        except SlotUnavailable as refused:
            return self.after_refusal(start, refused.problem)
        stated_tz = self.pending.stated_tz or ""
        return self.finish(r.Booked(self.local(booking.start), *self.labels(booking.service, booking.provider),
                                    stated_tz=stated_tz, ask_name=self.ask_names))

    def move_to_proposal(self, start: datetime) -> list[r.Reply]:
        booking = self.moving
        if booking is None:
            return self.finish(r.Notice.NO_APPOINTMENT)
        try:
            moved = self.availability().move(booking.id, start)
        except SlotUnavailable as refused:
            return self.after_refusal(start, refused.problem)
        return self.finish(r.Moved(self.local(moved.start)))

    def after_refusal(self, start: datetime, problem: str) -> list[r.Reply]:
        reason = "just_taken" if problem == TAKEN else problem
        wanted = max(start, self.now.astimezone(self.tz))
        return self.offer_or_give_up(self.availability().suggest_near(wanted), reason)

    def matching_offer(self, when: When, offers: list[datetime]) -> datetime | None:
        """'2:30' while 2:30 PM on Thursday is on offer means that offer: a bare time
        lands on today or tomorrow, whatever day the offers are on."""
        if when is None or when.grain not in POINT_GRAINS or when.bound:
            return None
        wanted = when.start.astimezone(self.tz)
        exact = [o for o in offers if o == wanted]
        bare_time = (wanted.date() - self.now.astimezone(self.tz).date()).days <= 1
        same_clock = [o for o in offers if o.time() == wanted.time()] if bare_time else []
        return (exact or same_clock or [None])[0]
