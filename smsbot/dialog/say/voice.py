"""The dialog's reply values worded for the ear: short sentences, times as people say
them ("Thursday, March fifth at three PM"), and how to answer ("say yes or press 1").
`keys_as_words` reads keypad answers back into the words these prompts ask for."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from smsbot.dialog import replies as r
from smsbot.dialog.say import sms

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen").split()
TENS = {2: "twenty", 3: "thirty", 4: "forty", 5: "fifty"}
ORDINAL_ONES = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
                "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth").split()
YES_NO = "Say yes or press 1, or say no or press 2."
MOVE_OR_NEW = "Say move or press 1, or say new or press 2."


def number_words(n: int) -> str:
    if n < 20:
        return ONES[n]
    return TENS[n // 10] + ("" if n % 10 == 0 else "-" + ONES[n % 10])


def ordinal_words(n: int) -> str:
    if n < 20:
        return ORDINAL_ONES[n]
    if n % 10 == 0:
        return TENS[n // 10][:-1] + "ieth"
    return f"{TENS[n // 10]}-{ORDINAL_ONES[n % 10]}"


def time_words(moment: datetime) -> str:
    """'three PM', 'nine thirty AM', 'ten oh five AM', 'noon'."""
    if moment.hour == 12 and moment.minute == 0:
        return "noon"
    hour = number_words(moment.hour % 12 or 12)
    minutes = "" if moment.minute == 0 else " " + ("oh " if moment.minute < 10 else "") + number_words(moment.minute)
    return f"{hour}{minutes} {'AM' if moment.hour < 12 else 'PM'}"


def day_words(moment: datetime) -> str:
    return f"{moment:%A, %B} {ordinal_words(moment.day)}"


def when_words(moment: datetime) -> str:
    return f"{day_words(moment)} at {time_words(moment)}"


def in_their_zone(start: datetime, stated_tz: str) -> str:
    """' (eleven AM PST, your time)' for a time asked for in another zone, else ''."""
    theirs = start.astimezone(ZoneInfo(stated_tz)) if stated_tz else start
    return "" if f"{theirs:%Z}" == f"{start:%Z}" else f" ({time_words(theirs)} {theirs:%Z}, your time)"


def offer_words(reply: r.Offers) -> str:
    slots = list(reply.slots)
    one_day = len({s.date() for s in slots}) == 1
    label = time_words if one_day else (lambda s: f"{s:%A} at {time_words(s)}")
    head = sms.REASONS.get(reply.reason, "")
    if reply.reason == "nothing_on":
        head = f"Sorry, nothing is free on {day_words(reply.day)}."
    if reply.reason == "holiday":
        head = f"Sorry, we're closed on {reply.holiday + ', ' if reply.holiday else ''}{day_words(reply.day)}."
    where = f" on {day_words(slots[0])}" if one_day else ""
    presses = ", ".join(f"{i} for {label(s)}" if i > 1 else f"press 1 for {label(s)}"
                        for i, s in enumerate(slots, 1))
    who = f"{reply.provider} has" if reply.provider else "I have"
    return f"{head} {who}{where}: {presses}. Or say another time.".strip()


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def hours_words(intervals) -> str:
    return " and ".join(f"{time_words(a)} to {time_words(b)}" for a, b in intervals)


def opening_words(reply: r.OpeningTimes) -> str:
    """'We're open Monday to Friday, nine AM to five PM.' (clock times as datetime.time work too)."""
    runs: list[list] = []
    for day, intervals in reply.week:
        if intervals and runs and runs[-1][2] == intervals and runs[-1][1] == day - 1:
            runs[-1][1] = day
        elif intervals:
            runs.append([day, day, intervals])
    week = "; ".join(f"{DAYS[a]}{(' and ' if b == a + 1 else ' to ') + DAYS[b] if b != a else ''}, {hours_words(i)}"
                     for a, b, i in runs)
    if reply.asked is None:
        return f"We're open {week}." if week else "We're open by appointment only."
    asked = dict(reply.week)[reply.asked]
    if not asked:
        return f"Sorry, we're closed on {DAYS[reply.asked]}s. We're open {week}."
    return f"On {DAYS[reply.asked]}s we're open {hours_words(asked)}."


def question_words(question: r.Proposal | r.CancelQuestion) -> str:
    if isinstance(question, r.CancelQuestion):
        if len(question.starts) > 1:
            listing = " and ".join(when_words(s) for s in question.starts)
            return f"Cancel all {number_words(len(question.starts))} of your appointments: {listing}? {YES_NO}"
        return f"Cancel your appointment on {when_words(question.starts[0])}? {YES_NO}"
    if question.moving_from is not None:
        return (f"Move your appointment on {when_words(question.moving_from)} to {when_words(question.start)}"
                f"{in_their_zone(question.start, question.stated_tz)}? {YES_NO}")
    return (f"Shall I book {what_words(question.service, question.provider)}{when_words(question.start)}"
            f"{in_their_zone(question.start, question.stated_tz)}? {YES_NO}")


def what_words(service: str, provider: str) -> str:
    """'a Cleaning with Anna on ', 'a Cleaning on ', 'with Anna on ' or '' (sms.what_with, spoken)."""
    what = sms.what_with(service, provider)
    return f"{what}on " if what else ""


def listing(starts) -> str:
    return " and ".join(when_words(s) for s in starts)


ANYTHING_ELSE = "Anything else?"
NOTICES = {
    r.Notice.GREETING: "Hello! Say a day and time to book, or say move or cancel.",
    r.Notice.WELCOME: "You're welcome. Anything else?",
    r.Notice.NOT_UNDERSTOOD: "Sorry, I didn't get that. Say a day and time to book, or say move or cancel.",
    r.Notice.ASK_DAY_TIME: "What day and time would you like?",
    r.Notice.NO_DAY_TIME_SEEN: "Sorry, I didn't catch a day and time. Try, for example, Tuesday at two.",
    r.Notice.RESTARTED: "OK, let's start over. What day and time would you like?",
    r.Notice.NOTHING_CHANGED: "OK, nothing changed. Anything else?",
    r.Notice.NOTHING_PENDING: "There's nothing waiting for a yes. Say a day and time to book.",
    r.Notice.EXPIRED: "That offer expired, so nothing was changed. Say a day and time to start again.",
    r.Notice.NO_APPOINTMENT: "You have no upcoming appointment. Say a day and time to book one.",
    r.Notice.PICK_OFFER: "Please press the number of a time, or say another day and time.",
    r.Notice.NOTHING_FREE: "Sorry, nothing is free soon. Please try another day.",
}
SPEAK = {
    r.Notice: NOTICES.__getitem__,
    r.Help: lambda reply: ("You can say a day and time to book, say move to change your appointment, "
                           "or say cancel. To talk to someone, say talk to someone."),
    r.OpeningTimes: lambda reply: opening_words(reply),
    r.Length: lambda reply: f"An appointment takes {number_words(reply.minutes) if reply.minutes < 60 else reply.minutes} minutes.",
    r.Address: lambda reply: f"We're at {reply.address}." if reply.address else "Sorry, I don't have our address here.",
    r.Handoff: lambda reply: ("Connecting you now." if reply.phone
                              else "I've told our team, and someone will call you back."),
    r.Proposal: question_words,
    r.CancelQuestion: question_words,
    r.Again: lambda reply: "Sorry, was that a yes? " + question_words(reply.question),
    r.Offers: offer_words,
    r.Refusal: lambda reply: (f"{day_words(reply.day)} has passed. Which day would you like?" if reply.reason == "past_day"
                              else f"Sorry, we only book up to {reply.days} days ahead. Which earlier day?"),
    r.Booked: lambda reply: (f"You're booked for {what_words(reply.service, reply.provider)}"
                             f"{when_words(reply.start)}. {ANYTHING_ELSE}"),
    r.Moved: lambda reply: f"Done. Your appointment is now {when_words(reply.start)}. {ANYTHING_ELSE}",
    r.Cancelled: lambda reply: f"Cancelled your appointment on {listing(reply.starts)}. {ANYTHING_ELSE}",
    r.Kept: lambda reply: f"OK, your appointment stays as it is. {ANYTHING_ELSE}",
    r.MoveOrBook: lambda reply: (f"You have an appointment on {when_words(reply.start)}. Move it to that time, "
                                 f"or book another? {MOVE_OR_NEW}"),
    r.AskMoveTime: lambda reply: f"When would you like to move your {when_words(reply.start)} appointment to?",
    r.SameTime: lambda reply: f"That's already your appointment time. Which other time?",
    r.ChooseAppointment: lambda reply: (f"Which appointment do you want to {reply.mode}? " + ", ".join(
        f"press {i} for {when_words(s)}" for i, s in enumerate(reply.starts, 1)) + "."),
    r.PickAppointment: lambda reply: f"Please press a number from 1 to {reply.count}.",
    r.Appointments: lambda reply: f"You're booked for {listing(reply.starts)}. {ANYTHING_ELSE}",
    r.AttendanceConfirmed: lambda reply: f"Thanks, you're confirmed for {when_words(reply.start)}.",
    r.ChooseService: lambda reply: "Which would you like: " + ", ".join(reply.names) + "?",
    r.NoSuchProvider: lambda reply: ((f"Sorry, {reply.name} doesn't do {reply.service}." if reply.service
                                      else f"Sorry, there's no {reply.name} here.")
                                     + " You can book with " + ", ".join(reply.names) + ", or anyone."),
    r.NameNoted: lambda reply: f"Thanks, {reply.name}. {ANYTHING_ELSE}",
}

# What a keypad answer means in the states whose prompts above ask for one.
KEYS = {
    "confirming_book": {"1": "yes", "2": "no"},
    "confirming_move": {"1": "yes", "2": "no"},
    "confirming_cancel": {"1": "yes", "2": "no"},
    "choosing_move_or_book": {"1": "move", "2": "new"},
}
PERSON = "talk to someone"


def speak(reply: r.Reply) -> str:
    """Wording for the ear; a reply value this module does not know yet is read as its SMS text."""
    words = SPEAK.get(type(reply))
    return words(reply) if words else sms.render(reply)


def keys_as_words(state: str, digits: str) -> str:
    """The words a keypad answer stands for in `state`; '0' asks for a person anywhere,
    and a number picks from a list read out."""
    if digits == "0":
        return PERSON
    return KEYS.get(state, {}).get(digits, digits)
