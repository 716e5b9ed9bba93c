"""Every text staff see. Plain GSM-7, as short as will do."""
from __future__ import annotations

from datetime import datetime

from smsbot.dialog.say.sms import day_label, time_label, when_label

COMMANDS = {
    "AGENDA": "AGENDA [day]",
    "NEXT": "NEXT",
    "BLOCK": "BLOCK <day> [<from>-<to>]",
    "UNBLOCK": "UNBLOCK <day> [<from>-<to>]",
    "MOVE": "MOVE <#ref> <new day and time>",
    "CANCEL": "CANCEL <#ref>",
    "BOOK": "BOOK <+phone> <day and time> [service] [with provider]",
    "NOSHOW": "NOSHOW <#ref>",
    "FIND": "FIND <phone or last 4 digits>",
    "STATS": "STATS [week]",
    "STAFF": "STAFF ADD <+phone> [name] [owner] | STAFF REMOVE <+phone> | STAFF LIST",
    "HELP": "HELP",
}
OWNER_COMMANDS = {"STAFF"}

OWNER_ONLY = "Only an owner can manage staff."
NOTHING_PENDING = "Nothing is waiting for a YES."
DROPPED = "OK, nothing changed."
EXPIRED = "That question expired; nothing changed. Send the command again."
NO_UPCOMING = "No upcoming appointments."
JUST_TAKEN = "That time was just taken; nothing changed."
GONE = "That appointment is no longer booked; nothing changed."


def usage(command: str) -> str:
    return f"Usage: {COMMANDS[command]}"


HELP_STAFF = ("AGENDA [day], NEXT, BLOCK day [from-to], UNBLOCK day [from-to], MOVE #ref day time, "
              "CANCEL #ref, BOOK +phone day time [service] [with name], NOSHOW #ref, FIND phone, STATS [week], HELP")
HELP_OWNER = HELP_STAFF + ", STAFF ADD/REMOVE/LIST"


def help_for(role: str) -> str:
    return HELP_OWNER if role == "owner" else HELP_STAFF


def customer(phone: str) -> str:
    return f"x{phone[-4:]}"


def ref(appointment_id: int) -> str:
    return f"#{appointment_id}"


def short_when(start: datetime) -> str:
    return when_label(start, short=True)


def about(name: str = "", service: str = "", provider: str = "") -> str:
    """' Jane Smith, Cleaning w/ Anna': what an agenda line adds after the number."""
    what = " ".join(filter(None, [service, f"w/ {provider}" if provider else ""]))
    return "".join([f" {name}" if name else "", "," if name and what else "", f" {what}" if what else ""])


def agenda(day: datetime, entries: list[tuple]) -> str:
    """Entries: (start, id, phone) and optionally what `about` says of it."""
    if not entries:
        return f"{day_label(day, True)}: no appointments."
    lines = [f"{time_label(s)} {ref(i)} {customer(p)}{''.join(more)}" for s, i, p, *more in entries]
    return f"{day_label(day, True)} ({day:%Z}), {len(entries)}:\n" + "\n".join(lines)


def next_one(start: datetime, appointment_id: int, phone: str, more: str = "") -> str:
    return f"Next: {short_when(start)} {ref(appointment_id)} {customer(phone)}{more}"


def span_label(start: datetime, end: datetime) -> str:
    if (start.hour, start.minute) == (0, 0) and (end.hour, end.minute) == (0, 0) and end > start:
        return f"{day_label(start, True)} (all day)"
    return f"{day_label(start, True)} {time_label(start)}-{time_label(end)} {start:%Z}"


def blocked(start: datetime, end: datetime, inside: list[tuple[datetime, int, str]]) -> str:
    text = f"Blocked {span_label(start, end)}."
    if inside:
        listed = ", ".join(f"{time_label(s)} {ref(i)} {customer(p)}" for s, i, p in inside)
        text += f" Still booked inside: {listed}. MOVE or CANCEL them."
    return text


def unblocked(start: datetime, end: datetime, count: int) -> str:
    if not count:
        return f"Nothing was blocked {span_label(start, end)}."
    return f"Unblocked {span_label(start, end)}."


def no_such(reference: str) -> str:
    return f"No booked appointment {reference}. AGENDA shows the references."


def confirm_move(appointment_id: int, phone: str, old: datetime, new: datetime, note: str) -> str:
    return (f"Move {ref(appointment_id)} {customer(phone)} {short_when(old)} -> {short_when(new)}?{note} "
            f"Reply YES to confirm.")


def confirm_cancel(appointment_id: int, phone: str, start: datetime) -> str:
    return f"Cancel {ref(appointment_id)} {customer(phone)} {short_when(start)}? Reply YES to confirm."


def moved(appointment_id: int, start: datetime) -> str:
    return f"Moved {ref(appointment_id)} to {short_when(start)}. The customer is told by SMS."


def cancelled(appointment_id: int) -> str:
    return f"Cancelled {ref(appointment_id)}. The customer is told by SMS."


def booked_for(appointment_id: int, phone: str, start: datetime, more: str = "") -> str:
    return f"Booked {ref(appointment_id)} {customer(phone)} {short_when(start)}{more}."


def which_service(phone: str, names: list[str]) -> str:
    return f"Which service? {', '.join(names)}. E.g. BOOK {phone} fri 10am {names[0]}"


def no_such_provider(name: str, names: list[str]) -> str:
    return f"No {name} here: {', '.join(names)}."


def no_show(appointment_id: int) -> str:
    return f"Marked {ref(appointment_id)} as a no-show."


NOT_STARTED = "That appointment has not started yet; nothing changed."


def taken(start: datetime) -> str:
    return f"{short_when(start)} is taken. Pick another time."


def found(digits: str, entries: list[tuple[datetime, int, str]]) -> str:
    if not entries:
        return f"No upcoming appointments for {digits}."
    return "; ".join(f"{customer(p)} {short_when(s)} {ref(i)}{''.join(more)}" for s, i, p, *more in entries)


def stats(start: datetime, booked: int, cancelled_count: int, no_reply: int) -> str:
    return (f"Week of {day_label(start, True)}: {booked} booked, {cancelled_count} cancelled, "
            f"{no_reply} left without a reply.")


def staff_added(phone: str, name: str, role: str) -> str:
    return f"{name or phone} ({phone}) is now {role}."


def staff_removed(phone: str, removed: bool) -> str:
    return f"Removed {phone}." if removed else f"{phone} is not on the staff list."


def staff_list(members) -> str:
    return "; ".join(f"{m.name or '-'} {m.phone} {m.role}" for m in members) or "No staff."


CANNOT_REMOVE_SELF = "You cannot remove yourself."
