"""Every SMS text the bot sends, in one place, and `render` for the dialog's reply values. Plain GSM-7, one 160-character segment
wherever possible; every time named with weekday, date, time and zone."""
from __future__ import annotations

from datetime import datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from smsbot.dialog import replies as r

SEGMENT = 160

UNKNOWN = ("Sorry, I didn't get that. Text a day and time to book (e.g. 'thu 3pm'), "
           "RESCHEDULE, 'cancel appt' or HELP.")
GREETING = "Hi! Text a day and time to book (e.g. 'thu 3pm'), RESCHEDULE, 'cancel appt' or HELP."
WELCOME = "You're welcome! Text us any time."
ASK_DAY_TIME = "What day and time would you like? E.g. 'thu 3pm' or 'tomorrow morning'."
ASK_AGAIN = "Sorry, I didn't catch a day and time. Try e.g. 'tue 2pm' or 'friday morning'."
RESTARTED = "OK, starting over. Text a day and time to book, or HELP."
NOTHING_CHANGED = "OK, nothing changed. Text a day and time whenever you want to book."
NOTHING_PENDING = "There's nothing waiting for a yes. Text a day and time to book, or HELP."
EXPIRED = ("That offer expired, so nothing was booked or changed. "
           "Text a day and time to start again.")
NO_APPOINTMENT = "You have no upcoming appointment. Text a day and time to book one."
PICK_OFFER = "Please reply with the number of a time above, or send another day and time."
TOO_LONG = "Sorry, that message is too long for me. Please text a short day and time, or HELP."
EMPTY = "Sorry, I only read text. Text a day and time to book, or HELP."
TOO_FAR = "Sorry, we only book up to {days} days ahead. Which earlier day would you like?"
PAST_DAY = "{day} has already passed. Which day would you like?"
TRY_LATER = "Sorry, our calendar is not answering right now. Nothing was changed. Please try again in a few minutes."
NOTHING_FREE = "Sorry, nothing is free soon. Please call us, or try another day."

REASONS = {
    "past": "That time has passed.",
    "too_soon": "That's too soon to book.",
    "closed": "Sorry, we're not open then.",
    "taken": "Sorry, that time is taken.",
    "just_taken": "Sorry, that time was just taken.",
    "day": "",
}


def day_label(moment: datetime, short: bool = False) -> str:
    if short:
        return f"{moment:%a %b} {moment.day}"
    return f"{moment:%A, %B} {moment.day}"


def time_label(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment:%M %p}"


def when_label(moment: datetime, short: bool = False, stated_tz: str = "") -> str:
    """'Thursday, March 5 at 2:30 PM EST' (or 'Thu Mar 5 2:30 PM EST'); with the zone the
    customer named, that zone's time first: 'Thursday, March 5 at 11:30 AM PST = 2:30 PM EST'."""
    sep = " " if short else " at "
    theirs = moment.astimezone(ZoneInfo(stated_tz)) if stated_tz else moment
    if f"{theirs:%Z}" == f"{moment:%Z}":
        return f"{day_label(moment, short)}{sep}{time_label(moment)} {moment:%Z}"
    ours = f"{moment:%a} " if theirs.date() != moment.date() else ""
    return f"{day_label(theirs, short)}{sep}{time_label(theirs)} {theirs:%Z} = {ours}{time_label(moment)} {moment:%Z}"


def fit(*variants: str) -> str:
    """The first variant that fits one segment, else the shortest."""
    for text in variants:
        if len(text) <= SEGMENT:
            return text
    return min(variants, key=len)


def options(slots: list[datetime], short: bool) -> str:
    """'Thursday, March 5: 1) 1:30 PM 2) 2:30 PM; Friday, March 6: 3) 9:00 AM EST'"""
    parts, n = [], 0
    for _, group in groupby(slots, key=lambda s: s.date()):
        group = list(group)
        times = " ".join(f"{n + i + 1}) {time_label(s)}" for i, s in enumerate(group))
        n += len(group)
        parts.append(f"{day_label(group[0], short)}: {times}")
    return "; ".join(parts) + f" {slots[-1]:%Z}"


def offer(slots: list[datetime], reason: str, provider: str = "") -> str:
    head = REASONS.get(reason, reason)
    pick = "Reply 1" if len(slots) == 1 else f"Reply 1-{len(slots)}"
    free = f"{provider} is free" if provider else "Free"
    variants = [
        f"{head} {free}: {options(slots, short)}. {pick} or another time.".strip()
        for short in (False, True)
    ]
    return fit(*variants, f"{free}: {options(slots, True)}. {pick}.")


def what_with(service: str = "", provider: str = "") -> str:
    """'a Cleaning with Anna ', 'a Cleaning ', 'with Anna ' or ''."""
    return "".join([f"{article(service)} {service} " if service else "", f"with {provider} " if provider else ""])


def article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def confirm_booking(start: datetime, service: str = "", provider: str = "", stated_tz: str = "") -> str:
    what = what_with(service, provider)
    if not what:
        return fit(f"Book {when_label(start, stated_tz=stated_tz)}? Reply YES to confirm or NO.",
                   f"Book {when_label(start, True, stated_tz)}? Reply YES or NO.")
    return fit(f"Book {what}on {when_label(start, stated_tz=stated_tz)}? Reply YES to confirm or NO.",
               f"Book {what}{when_label(start, True, stated_tz)}? Reply YES or NO.")


def choose_service(names: tuple[str, ...]) -> str:
    listing = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    return fit(f"Which would you like: {listing}?", f"Which: {listing}?")


def no_such_provider(name: str, names: tuple[str, ...], service: str = "") -> str:
    listing = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    if service:
        return fit(f"Sorry, {name} doesn't do {service}. You can book it with {listing}, or anyone.",
                   f"{name} doesn't do {service}. Book it with {listing}, or anyone.")
    return fit(f"Sorry, there's no {name} here. You can book with {listing}, or anyone.",
               f"No {name} here. Book with {listing}, or anyone.")


def confirm_move(old: datetime, new: datetime, stated_tz: str = "") -> str:
    return fit(
        f"Move your {when_label(old)} appointment to {when_label(new, stated_tz=stated_tz)}? Reply YES or NO.",
        f"Move your {when_label(old, True)} appt to {when_label(new, True, stated_tz)}? Reply YES or NO.",
        f"Move your {when_label(old, True)} appt to {when_label(new, True)}? Reply YES or NO.",
    )


def confirm_cancel(start: datetime, *more: datetime) -> str:
    if more:
        listing = ", ".join(when_label(s, True) for s in (start, *more))
        return fit(f"Cancel all {len(more) + 1} of your appointments: {listing}? Reply YES to cancel them or NO.",
                   f"Cancel all {len(more) + 1}: {listing}? Reply YES or NO.")
    return f"Cancel your appointment on {when_label(start)}? Reply YES to cancel it or NO to keep it."


def move_or_book(start: datetime) -> str:
    return fit(f"Move your {when_label(start)} appointment to that time, or book another? Reply MOVE or NEW.",
               f"Move your {when_label(start, True)} appt, or book another? Reply MOVE or NEW.")


def repeat_confirm(question: str) -> str:
    return fit(f"Please reply YES or NO. {question}", question)


def booked(start: datetime, service: str = "", provider: str = "", ask_name: bool = False,
           stated_tz: str = "") -> str:
    head = f"Booked: {service} with {provider} on" if service and provider else \
        f"Booked: {service} on" if service else f"Booked with {provider}:" if provider else "Booked:"
    done, short = f"{head} {when_label(start, False, stated_tz)}.", f"{head} {when_label(start, True, stated_tz)}."
    if ask_name:
        return fit(f"{done} What name should we put it under?", f"{short} Your name?", short)
    return fit(f"{done} To change it text RESCHEDULE, or 'cancel appt' to cancel.", done, short)


def moved(start: datetime) -> str:
    return f"Done: your appointment is now {when_label(start)}."


def cancelled(start: datetime, *more: datetime) -> str:
    if more:
        listing = ", ".join(when_label(s, True) for s in (start, *more))
        return fit(f"Cancelled your appointments: {listing}. Text a day and time to book again.",
                   f"Cancelled: {listing}.")
    return f"Cancelled your appointment on {when_label(start)}. Text a day and time to book again."


def kept(start: datetime, *more: datetime) -> str:
    if more:
        return "OK, your appointments stay as they are."
    return f"OK, your appointment on {when_label(start)} stays as it is."


def ask_move_time(start: datetime) -> str:
    return f"When would you like to move your {when_label(start)} appointment to? E.g. 'fri 11am'."


def same_time(start: datetime) -> str:
    return f"That's already your appointment time ({when_label(start)}). Which other time?"


def choose_appointment(action: str, starts: list[datetime]) -> str:
    listing = " ".join(f"{i}) {when_label(s, True)}" for i, s in enumerate(starts, 1))
    return fit(f"Which appointment do you want to {action}? {listing}. Reply with its number.",
               f"Which one? {listing}")


def pick_appointment(count: int) -> str:
    return f"Please reply with a number from 1 to {count}, or START OVER."


def nothing_on(day: datetime) -> str:
    return f"Sorry, nothing is free on {day_label(day)}."


def past_day(day: datetime) -> str:
    return PAST_DAY.format(day=day_label(day))

WELCOME_BACK = "Welcome back! Text a day and time to book, or HELP."


def reminder(start: datetime) -> str:
    return fit(
        f"Reminder: your appointment is {when_label(start)}. Reply C to confirm, "
        f"R to reschedule, or 'cancel appt' to cancel.",
        f"Reminder: appt {when_label(start, True)}. Reply C to confirm, R to reschedule, "
        f"or 'cancel appt'.",
    )


def your_appointments(starts: list[datetime]) -> str:
    if len(starts) == 1:
        return f"You're booked for {when_label(starts[0])}. Text RESCHEDULE to move it or 'cancel appt'."
    listing = "; ".join(when_label(s, True) for s in starts)
    return fit(f"Your appointments: {listing}.", f"Your next appointments: {'; '.join(when_label(s, True) for s in starts[:3])}.")


def confirmed(start: datetime) -> str:
    return f"Thanks, you're confirmed for {when_label(start)}. See you then!"


def moved_by_staff(old: datetime, new: datetime) -> str:
    return fit(
        f"Your appointment on {when_label(old)} has been moved to {when_label(new)}. "
        f"Reply R to reschedule.",
        f"Your appt {when_label(old, True)} is moved to {when_label(new, True)}. Reply R to reschedule.",
    )


def cancelled_by_staff(start: datetime) -> str:
    return fit(
        f"Sorry, your appointment on {when_label(start)} has been cancelled. "
        f"Text a day and time to book again.",
        f"Sorry, your appt {when_label(start, True)} was cancelled. Text a day and time to rebook.",
    )


NOTICES = {
    r.Notice.GREETING: GREETING, r.Notice.WELCOME: WELCOME,
    r.Notice.NOT_UNDERSTOOD: UNKNOWN, r.Notice.ASK_DAY_TIME: ASK_DAY_TIME,
    r.Notice.NO_DAY_TIME_SEEN: ASK_AGAIN, r.Notice.RESTARTED: RESTARTED,
    r.Notice.NOTHING_CHANGED: NOTHING_CHANGED, r.Notice.NOTHING_PENDING: NOTHING_PENDING,
    r.Notice.EXPIRED: EXPIRED, r.Notice.NO_APPOINTMENT: NO_APPOINTMENT,
    r.Notice.PICK_OFFER: PICK_OFFER, r.Notice.NOTHING_FREE: NOTHING_FREE,
}


def _question(reply) -> str:
    if isinstance(reply, r.CancelQuestion):
        return confirm_cancel(*reply.starts)
    if reply.moving_from is not None:
        return confirm_move(reply.moving_from, reply.start, reply.stated_tz)
    return confirm_booking(reply.start, reply.service, reply.provider, reply.stated_tz)


def _offers(reply: r.Offers) -> str:
    if reply.reason == "holiday":
        return holiday_offer(reply.holiday, reply.day, list(reply.slots), reply.provider)
    reason = nothing_on(reply.day) if reply.reason == "nothing_on" else reply.reason
    return offer(list(reply.slots), reason, reply.provider)


def closed_on(holiday: str, day: datetime, short: bool = False) -> str:
    """"We're closed on Thanksgiving Day, Thursday, Nov 26." ('' names no holiday)."""
    if short:
        return f"Closed {holiday + ' ' if holiday else ''}{day:%a %b} {day.day}."
    return f"We're closed on {holiday + ', ' if holiday else ''}{day:%A, %b} {day.day}."


def holiday_offer(holiday: str, day: datetime, slots: list[datetime], provider: str = "") -> str:
    """The next open day's times, never without saying why."""
    for short in (False, True):
        text = offer(slots, closed_on(holiday, day, short), provider)
        if text.startswith(closed_on(holiday, day, short)):
            return text
    return text


def _refusal(reply: r.Refusal) -> str:
    if reply.reason == "past_day":
        return past_day(reply.day)
    return TOO_FAR.format(days=reply.days)


DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
PLURAL_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def short_time(moment) -> str:
    """'9am', '12:30pm'."""
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{moment.hour % 12 or 12}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def intervals_label(intervals) -> str:
    return ", ".join(f"{short_time(a)}-{short_time(b)}" for a, b in intervals)


def week_label(week) -> str:
    """'Mon-Fri 9am-5pm; Sat 10am-2pm': runs of days with the same hours."""
    runs: list[list] = []
    for day, intervals in week:
        if intervals and runs and runs[-1][2] == intervals and runs[-1][1] == day - 1:
            runs[-1][1] = day
        elif intervals:
            runs.append([day, day, intervals])
    return "; ".join(f"{DAY_NAMES[a]}{'-' + DAY_NAMES[b] if b != a else ''} {intervals_label(i)}"
                     for a, b, i in runs)


def help_text(reply: r.Help) -> str:
    who = f"{reply.business}: t" if reply.business else "T"
    person = f" To reach a person call {reply.phone}." if reply.phone else " Text 'talk to someone' for a person."
    return fit(f"{who}ext a day and time to book (e.g. 'thu 3pm'). RESCHEDULE moves it, 'cancel appt' cancels it."
               f"{person} STOP opts out.",
               f"{who}ext a day and time to book, RESCHEDULE or 'cancel appt'.{person} STOP opts out.",
               f"{who}ext a day and time to book, RESCHEDULE or 'cancel appt'. Call {reply.phone}. STOP opts out.")


def opening_times(reply: r.OpeningTimes) -> str:
    week = week_label(reply.week) or "by appointment only"
    if reply.asked is None:
        return fit(f"We're open {week}. Text a day and time to book.", f"We're open {week}.")
    asked = dict(reply.week)[reply.asked]
    if not asked:
        return fit(f"Sorry, we're closed on {PLURAL_DAYS[reply.asked]}. We're open {week}.",
                   f"Sorry, we're closed on {PLURAL_DAYS[reply.asked]}.")
    return f"On {PLURAL_DAYS[reply.asked]} we're open {intervals_label(asked)}. Text a day and time to book."


def minutes_label(minutes: int) -> str:
    return f"{minutes} minutes" if minutes < 120 or minutes % 60 else f"{minutes // 60} hours"


def length(reply: r.Length) -> str:
    if len(reply.services) == 1:
        name, minutes = reply.services[0]
        return f"{article(name).capitalize()} {name} takes {minutes_label(minutes)}. Text a day and time to book."
    if reply.services:
        listing = ", ".join(f"{name} {minutes} min" for name, minutes in reply.services)
        return fit(f"{listing}. Text a day and time to book.", listing)
    return f"An appointment takes {minutes_label(reply.minutes)}. Text a day and time to book."


def address(reply: r.Address) -> str:
    if reply.address:
        return fit(f"We're at {reply.address}. Text a day and time to book.", f"We're at {reply.address}.")
    return f"Please call us at {reply.phone} for directions." if reply.phone else "Please call us for directions."


def handoff(reply: r.Handoff) -> str:
    call = f" Or call us at {reply.phone}." if reply.phone else ""
    return f"OK, I've passed your message to our team and someone will get back to you.{call}"


def staff_alert(action: r.TellStaff) -> str:
    """To staff: a customer asks for a person. Their words are cut to keep one message."""
    head = f"{action.customer} asks for a person: "
    words = " ".join(action.text.split())
    room = SEGMENT - len(head) - 2
    return head + '"' + (words if len(words) <= room else words[: room - 3] + "...") + '"'


RENDER = {
    r.Notice: NOTICES.__getitem__,
    r.Help: help_text,
    r.OpeningTimes: opening_times,
    r.Length: length,
    r.Address: address,
    r.Handoff: handoff,
    r.Proposal: _question,
    r.CancelQuestion: _question,
    r.Again: lambda reply: repeat_confirm(_question(reply.question)),
    r.Offers: _offers,
    r.Refusal: _refusal,
    r.Booked: lambda reply: booked(reply.start, reply.service, reply.provider, reply.ask_name, reply.stated_tz),
    r.ChooseService: lambda reply: choose_service(reply.names),
    r.NoSuchProvider: lambda reply: no_such_provider(reply.name, reply.names, reply.service),
    r.NameNoted: lambda reply: f"Thanks, {reply.name}! Text us any time.",
    r.Moved: lambda reply: moved(reply.start),
    r.Cancelled: lambda reply: cancelled(*reply.starts),
    r.Kept: lambda reply: kept(*reply.starts),
    r.MoveOrBook: lambda reply: move_or_book(reply.start),
    r.AskMoveTime: lambda reply: ask_move_time(reply.start),
    r.SameTime: lambda reply: same_time(reply.start),
    r.ChooseAppointment: lambda reply: choose_appointment(reply.mode, list(reply.starts)),
    r.PickAppointment: lambda reply: pick_appointment(reply.count),
    r.Appointments: lambda reply: your_appointments(list(reply.starts)),
    r.AttendanceConfirmed: lambda reply: confirmed(reply.start),
}


def render(reply: r.Reply) -> str:
    """The SMS text for one of the dialog's reply values."""
    return RENDER[type(reply)](reply)
