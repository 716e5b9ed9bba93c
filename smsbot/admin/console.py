"""Staff commands by SMS (after Errbot's admin commands): parse, check the role, run,
ask for YES before anything destructive, and audit every command."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from smsbot.admin import texts
from smsbot.admin.actions import StaffActions
from smsbot.admin.reports import Reports
from smsbot.clock import next_midnight, start_of_day
from smsbot.dialog.intents import NO, YES, normalize
from smsbot.dialog.staffing import mentions
from smsbot.phones import parse_phone
from smsbot.scheduling.rules import TAKEN
from smsbot.store import customers, staff as staff_store
from smsbot.timeparse import parse_when

_REF = re.compile(r"^#?(\d{1,9})\b\s*(.*)$")


class Usage(Exception):
    def __init__(self, command: str):
        super().__init__(texts.usage(command))


class AdminConsole:
    def __init__(self, session, member, scheduler, settings, now: datetime, context: dict):
        self.session, self.member, self.scheduler = session, member, scheduler
        self.settings, self.now, self.context = settings, now, context
        self.tz = scheduler.tz
        self.reports = Reports(session, scheduler, settings, now)
        self.actions = StaffActions(session, member, scheduler, now)

    def reply_to(self, text: str) -> list[str]:
        words = normalize(text)
        if words in YES or words in NO:
            reply = self.answer(words in YES)
        else:
            self.context.pop("admin_pending", None)
            reply = self.run(text)
        self.actions.audit(text, reply)
        return [reply]

    def run(self, text: str) -> str:
        parts = text.strip().split(None, 1)
        command, args = parts[0].upper(), (parts[1].strip() if len(parts) > 1 else "")
        if command not in texts.COMMANDS:
            return texts.help_for(self.member.role)
        if command in texts.OWNER_COMMANDS and self.member.role != "owner":
            return texts.OWNER_ONLY
        try:
            return getattr(self, f"do_{command.lower()}")(args)
        except Usage as usage:
            return str(usage)

    # read-only ----------------------------------------------------------

    def do_help(self, args: str) -> str:
        return texts.help_for(self.member.role)

    def do_agenda(self, args: str) -> str:
        day = self.day(args, "AGENDA") if args else self.local(self.now).date()
        start = start_of_day(day, self.tz)
        return texts.agenda(start, self.entries(start, next_midnight(start, self.tz), named=True))

    def do_next(self, args: str) -> str:
        upcoming = self.entries(self.now, self.now + timedelta(days=366), limit=1)
        return texts.next_one(*upcoming[0]) if upcoming else texts.NO_UPCOMING

    def do_find(self, args: str) -> str:
        digits = re.sub(r"\D", "", args)
        if len(digits) < 4:
            raise Usage("FIND")
        return texts.found(digits, [self.entry(b) for b in self.reports.upcoming_matching(digits)])

    def do_stats(self, args: str) -> str:
        when = self.read_when(args or "this week")
        if when.start is None:
            raise Usage("STATS")
        start = when.start if when.grain == "week" else self.week_of(when.start)
        return texts.stats(start, *self.reports.week(start, start + timedelta(days=7)))

    # changes --------------------------------------------------------------

    def do_block(self, args: str) -> str:
        return self.actions.block(*self.span(args, "BLOCK"))

    def do_unblock(self, args: str) -> str:
        return self.actions.unblock(*self.span(args, "UNBLOCK"))

    def do_move(self, args: str) -> str:
        booking, rest = self.booking(args, "MOVE")
        when = self.read_when(rest)
        if when.start is None or when.grain not in ("minute", "hour") or when.end:
            raise Usage("MOVE")
        problem = self.actions.problem_moving(booking, when.start)
        if problem == TAKEN:
            return texts.taken(self.local(when.start))
        note = self.closed_note(when.start) or (" (outside booking rules)" if problem else "")
        question = texts.confirm_move(booking.id, booking.phone, self.local(booking.start),
                                      self.local(when.start), note)
        return self.ask(question, action="move", appointment=booking.id, start=when.start.isoformat())

    def do_cancel(self, args: str) -> str:
        booking, rest = self.booking(args, "CANCEL")
        if rest:
            raise Usage("CANCEL")
        question = texts.confirm_cancel(booking.id, booking.phone, self.local(booking.start))
        return self.ask(question, action="cancel", appointment=booking.id)

    def do_book(self, args: str) -> str:
        """On a customer's behalf (walk-ins, phone-ins): BOOK +1... fri 10am cleaning with Anna."""
        parts = args.split(None, 1)
        phone = parse_phone(parts[0]) if parts else None
        when = self.read_when(parts[1]) if phone and len(parts) > 1 else None
        if when is None or when.start is None or when.grain not in ("minute", "hour") or when.end:
            raise Usage("BOOK")
        business, said = self.scheduler.business, mentions(parts[1], self.scheduler.business)
        if said.unknown_provider:
            return texts.no_such_provider(said.unknown_provider, [p.name for p in business.providers])
        if business.several_services and said.service is None:
            return texts.which_service(phone, [s.name for s in business.services])
        return self.actions.book(phone, when.start, business.service(said.service), said.provider) + self.closed_note(
            when.start)

    def closed_note(self, start: datetime) -> str:
        """' (closed: Thanksgiving Day)': staff may book a holiday, knowingly."""
        name = self.scheduler.rules.holiday_on(self.local(start).date())
        return "" if name is None else f" (closed: {name or 'holiday'})"

    def do_noshow(self, args: str) -> str:
        booking, rest = self.booking(args, "NOSHOW")
        if rest:
            raise Usage("NOSHOW")
        return self.actions.no_show(booking.id)

    def do_staff(self, args: str) -> str:
        words = args.split()
        action = words[0].upper() if words else ""
        if action == "LIST" and len(words) == 1:
            return texts.staff_list(staff_store.everyone(self.session))
        phone = parse_phone(words[1]) if len(words) > 1 else None
        if action not in ("ADD", "REMOVE") or phone is None:
            raise Usage("STAFF")
        if action == "REMOVE":
            return self.actions.remove_staff(phone)
        role = "owner" if words[-1].lower() == "owner" else "staff"
        name = " ".join(w for w in words[2:] if w.lower() not in ("owner", "staff"))
        return self.actions.add_staff(phone, name, role)

    # confirmations ------------------------------------------------------------

    def ask(self, question: str, **pending) -> str:
        self.context["admin_pending"] = {**pending, "asked_at": self.now.isoformat()}
        return question

    def answer(self, yes: bool) -> str:
        pending = self.context.pop("admin_pending", None)
        if pending is None:
            return texts.NOTHING_PENDING
        timeout = self.settings.confirm_timeout
        if self.now - datetime.fromisoformat(pending["asked_at"]) > timeout:
            return texts.EXPIRED
        if not yes:
            return texts.DROPPED
        if pending["action"] == "move":
            return self.actions.move(pending["appointment"], datetime.fromisoformat(pending["start"]))
        return self.actions.cancel(pending["appointment"])

    # parsing helpers ------------------------------------------------------------

    def booking(self, args: str, command: str):
        m = _REF.match(args.strip())
        if not m:
            raise Usage(command)
        booking = self.scheduler.get(int(m.group(1)))
        if booking is None:
            raise _NoSuch(f"#{m.group(1)}")
        return booking, m.group(2).strip()

    def read_when(self, text: str):
        holidays = self.settings.holidays
        return parse_when(text, self.now, self.tz, month_first=self.settings.month_first,
                          holidays=holidays.pair if holidays else ("US", None))

    def day(self, args: str, command: str):
        when = self.read_when(args)
        if when.start is None or when.grain == "week":
            raise Usage(command)
        return self.local(when.start).date()

    def span(self, args: str, command: str) -> tuple[datetime, datetime]:
        when = self.read_when(args)
        if when.start is None or when.grain == "week":
            raise Usage(command)
        start = self.local(when.start)
        if when.grain == "day":
            return start, next_midnight(start, self.tz)
        if when.end is None:
            raise Usage(command)
        return start, self.local(when.end)

    def entries(self, start: datetime, end: datetime, limit: int | None = None, named: bool = False):
        bookings = self.scheduler.calendar.bookings_between(start, end)
        return [self.entry(b, named) for b in bookings[:limit]]

    def entry(self, booking, named: bool = False) -> tuple[datetime, int, str, str]:
        """With the service and provider where there are several, and (`named`: the
        agenda) the customer's name."""
        business = self.scheduler.business
        more = texts.about(named and customers.name_of(self.session, booking.phone) or "",
                           booking.service if business.several_services else "",
                           booking.provider if business.several_providers else "")
        return self.local(booking.start), booking.id, booking.phone, more

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def week_of(self, moment: datetime) -> datetime:
        day = self.local(moment).date()
        return start_of_day(day - timedelta(days=day.weekday()), self.tz)


class _NoSuch(Usage):
    def __init__(self, reference: str):
        Exception.__init__(self, texts.no_such(reference))
