"""The dialog's reply values worded for an AI voice agent: one line per tool result, every
time named in full (weekday, date, time, zone) to be read back, and what to do next. A
change is never reported done unless it was; a question tells the agent to ask it."""
from __future__ import annotations

from smsbot.dialog import replies as r
from smsbot.dialog.say import sms

CONFIRM = ("Read back '{what}' to the caller and ask them to confirm; only if they say yes, "
           "call {tool} again with {args}confirmed true.")


TOOL_TO = {"move": "reschedule_appointment", "cancel": "cancel_appointment"}


def listing(starts) -> str:
    return "; ".join(sms.when_label(s) for s in starts)


def named_listing(starts) -> str:
    """Each with the value a tool's "appointment" argument takes to mean it."""
    return "; ".join(f'{sms.when_label(s)} (appointment "{s.isoformat()}")' for s in starts)


def _proposal(reply: r.Proposal) -> str:
    start = f'start "{reply.start.isoformat()}" and '
    if reply.moving_from is not None:
        what = f"move the appointment on {sms.when_label(reply.moving_from)} to {sms.when_label(reply.start)}"
        args = f'{start}appointment "{reply.moving_from.isoformat()}" and '
        return "Not moved yet. " + CONFIRM.format(what=what, tool="reschedule_appointment", args=args)
    what = f"book {_what(reply)}{sms.when_label(reply.start)}"
    return f"Not booked yet: {sms.when_label(reply.start)} is free. " + CONFIRM.format(
        what=what, tool="book_appointment", args=start)


def _what(reply) -> str:
    """'a Whitening with Ben on ' when the business has several to tell apart, else ''."""
    what = sms.what_with(reply.service, reply.provider)
    return f"{what}on " if what else ""


def _cancel_question(reply: r.CancelQuestion) -> str:
    several = len(reply.starts) > 1
    what = f"cancel the appointment{'s' * several} on {listing(reply.starts)}"
    args = "all true and " if several else f'appointment "{reply.starts[0].isoformat()}" and '
    return "Not cancelled yet. " + CONFIRM.format(what=what, tool="cancel_appointment", args=args)


def _choose(reply: r.ChooseAppointment) -> str:
    every = ", or all true to cancel every one" if reply.mode == "cancel" and len(reply.starts) > 1 else ""
    return (f"Which appointment? Ask the caller which of these they mean: {named_listing(reply.starts)}; then call "
            f"{TOOL_TO[reply.mode]} again with that one's appointment value{every}. Nothing changed yet.")


def _offers(reply: r.Offers) -> str:
    head = f"Nothing is free on {sms.day_label(reply.day)}." if reply.reason == "nothing_on" \
        else sms.closed_on(reply.holiday, reply.day) if reply.reason == "holiday" else sms.REASONS.get(reply.reason, "")
    return f"{head} Free times: {listing(reply.slots)}. Ask the caller which one they want.".strip()


NOTICES = {
    r.Notice.NO_APPOINTMENT: "The caller has no upcoming appointment.",
    r.Notice.NOTHING_FREE: "Nothing is free soon; suggest another day.",
    r.Notice.EXPIRED: "The earlier question expired, so nothing was changed.",
}
SAY = {
    r.Proposal: _proposal,
    r.CancelQuestion: _cancel_question,
    r.Offers: _offers,
    r.Booked: lambda reply: f"Booked: {_what(reply)}{sms.when_label(reply.start)}.",
    r.Moved: lambda reply: f"Moved: the appointment is now {sms.when_label(reply.start)}.",
    r.Cancelled: lambda reply: f"Cancelled: {listing(reply.starts)}.",
    r.Appointments: lambda reply: f"Upcoming appointments: {named_listing(reply.starts)}.",
    r.SameTime: lambda reply: f"That is already the appointment's time ({sms.when_label(reply.start)}).",
    r.ChooseAppointment: _choose,
}


def say(reply: r.Reply) -> str:
    if isinstance(reply, r.Notice) and reply in NOTICES:
        return NOTICES[reply]
    words = SAY.get(type(reply))
    return words(reply) if words else sms.render(reply)


def result(values, note: str = "") -> str:
    """One line: the note (why nothing changed, say), then each reply."""
    return " ".join([note] * bool(note) + [say(v) for v in values]).replace("\n", " ").strip()
