"""The service behind every channel: one inbound text in, the replies out, in one
transaction, exactly once per message id."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

from sqlalchemy.exc import DBAPIError

from smsbot.admin.console import AdminConsole
from smsbot.calendars.base import CalendarUnavailable, DetailsNeeded
from smsbot.calendars.local import LocalCalendar
from smsbot.details import AskDetails
from smsbot.dialog.engine import Dialog, Turn
from smsbot.dialog.profile import Profile
from smsbot.dialog import replies as r
from smsbot.dialog.say import sms as texts, voice
from smsbot.logs import OutageLog
from smsbot.phones import mask_phone
from smsbot.messaging.carrier_keywords import is_opt_in, is_opt_out, keyword
from smsbot.messaging.reminders import Notices
from smsbot.scheduling.rules import BookingRules
from smsbot.scheduling.service import Scheduler
from smsbot.store import conversations as store, customers, outbox, staff
from smsbot.store.db import Database, DatabaseUnavailable

log = logging.getLogger("smsbot.bot")

MAX_TEXT_CHARS = 1600  # Twilio's own limit for one message
MAX_SID_CHARS = 64  # Twilio's ids are 34; the margin is for other channels' ids
REMINDER_CONTEXT = timedelta(hours=24)  # a reply this soon after a reminder is about its appointment


class BadInbound(ValueError):
    """A message the bot refuses to look at; channels answer it as bad input (HTTP 400)."""


@dataclass(frozen=True)
class Inbound:
    sid: str
    phone: str
    body: str
    channel: str = "sms"  # sms, voice (recognised speech) or keys (a keypad entry on a call)

    def __post_init__(self):
        if "\x00" in self.sid or "\x00" in self.phone or "\x00" in self.body:
            raise BadInbound("NUL characters are not allowed")  # PostgreSQL cannot store them
        if not 0 < len(self.sid) <= MAX_SID_CHARS:
            raise BadInbound(f"the message id must be 1 to {MAX_SID_CHARS} characters")


class SmsWords:
    """How a channel words what the bot answers; this is SMS's (voice's: channels/twilio_voice.py)."""

    def replies(self, values) -> list[str]:
        return [texts.render(value) for value in values]

    def plain(self, lines: list[str]) -> list[str]:
        return lines

    def fault(self) -> list[str]:
        return [texts.TRY_LATER]

    def logged(self, replies: list[str]) -> list[str]:
        return replies


SMS = SmsWords()
CONFIRMED_BY_TEXT = (r.Booked, r.Moved, r.Cancelled)  # a change made on a call is confirmed by SMS


class Bot:
    def __init__(self, db: Database, settings, clock, calendar_for: Callable = LocalCalendar):
        self.db, self.settings, self.clock = db, settings, clock
        self.calendar_for = calendar_for
        self.rules = BookingRules.from_settings(settings)
        self.outages = OutageLog(log, "database")
        self.timeout = settings.confirm_timeout
        self.profile = Profile.from_settings(settings)
        today = clock.now().date()
        for day in (today, today + self.rules.horizon):  # a year's holidays take 0.1 s: now, not in a reply
            self.rules.holiday_on(day)

    def scheduler(self, session, now) -> Scheduler:
        notices = Notices(session, self.settings, self.rules.tz, now)
        return Scheduler(self.calendar_for(session), self.rules, now, notices)

    def handle(self, message: Inbound, words=SMS) -> list[str]:
        """The replies to send back, worded by `words`. A message id seen before from this
        phone gets its first replies again; the phone's lock makes its deliveries take turns."""
        try:
            return self._handle_once(message, words)
        except CalendarUnavailable:
            # Rolled back whole: the customer may simply send the same text again.
            log.warning("calendar unavailable while answering %s", mask_phone(message.phone))
            return words.fault()
        except DatabaseUnavailable as error:
            # Rolled back whole, as above; said once a minute while it lasts, not per message.
            self.outages.failed(str(error), self.clock.now())
            return words.fault()
        except DBAPIError:
            # A bug, not an outage: its traceback is wanted, and the customer is not left in silence.
            log.exception("database error while answering %s", mask_phone(message.phone))
            return words.fault()

    def end_call(self, phone: str) -> bool:
        """The caller hung up or said goodbye: whatever was waiting for their yes is dropped,
        so nothing they did not confirm can be booked by a later word. True if something was."""
        now = self.clock.now()
        with self.db.transaction() as session:
            convo = store.open_conversation(session, phone, "", now, reminded_since=now)
            if convo.state == Turn().state:
                return False
            store.save_conversation(session, phone, Turn().state, {}, now)
        log.info("call from %s ended with a question open: dropped", mask_phone(phone))
        return True

    def _handle_once(self, message: Inbound, words=SMS) -> list[str]:
        now = self.clock.now()
        with self.db.transaction() as session:
            convo = store.open_conversation(session, message.phone, message.sid, now,
                                            reminded_since=now - REMINDER_CONTEXT)
            if convo.earlier_reply is not None:
                log.info("repeat of %s from %s", message.sid, mask_phone(message.phone))
                return convo.earlier_reply
            replies = self._replies(session, convo, message, now, words)
            store.record_reply(session, message.sid, message.phone, replies, now, said=[message.body],
                               logged=words.logged(replies), channel=message.channel)
        self.outages.succeeded(now)
        log.info("from %s: %d reply(ies)", mask_phone(message.phone), len(replies))
        return replies

    def _replies(self, session, convo: store.OpenConversation, message: Inbound, now, words=SMS) -> list[str]:
        body = message.body
        if message.channel != "sms":  # carrier keywords are SMS-only: a spoken "stop" is no opt-out
            if convo.staff is not None:
                return words.plain(self._administer(session, convo, message, now))
            return self._converse(session, convo, message, now, words)
        if is_opt_out(body):
            store.opt_out(session, message.phone, keyword(body), now)
            store.save_conversation(session, message.phone, Turn().state, {}, now)
            return []
        if convo.opted_out:
            if not is_opt_in(body):
                return []
            store.opt_in(session, message.phone)
            return [texts.WELCOME_BACK]
        if not body.strip():
            return [texts.EMPTY]
        if len(body) > MAX_TEXT_CHARS:
            return [texts.TOO_LONG]
        if convo.taken_over and convo.staff is None:
            return []  # a staff member answers this one by hand (dashboard: take over)
        if convo.staff is not None:
            return self._administer(session, convo, message, now)
        return self._converse(session, convo, message, now)

    def _tell_staff(self, session, action, sid: str, now) -> None:
        """Every staff member, owners first, gets the customer's number and words; once per message."""
        members = staff.everyone(session)
        if not members:
            log.warning("%s asked for a person and no staff number is set", mask_phone(action.customer))
        for member in members:
            outbox.enqueue(session, key=f"handoff:{sid}:{action.customer}:{member.phone}", to=member.phone,
                           body=texts.staff_alert(action), due_at=now, now=now, kind="handoff")

    def confirm_by_text(self, session, sid: str, phone: str, values, now) -> None:
        """A change made on a call (or by a voice agent) is confirmed by SMS, once per `sid`."""
        for n, value in enumerate(v for v in values if isinstance(v, CONFIRMED_BY_TEXT)):
            outbox.enqueue(session, key=f"call:{sid}:{n}", to=phone,
                           body=texts.render(value), due_at=now, now=now, kind="confirmation")

    def _administer(self, session, convo: store.OpenConversation, message: Inbound, now) -> list[str]:
        console = AdminConsole(session, convo.staff, self.scheduler(session, now), self.settings,
                               now, convo.context)
        replies = console.reply_to(message.body)
        store.save_conversation(session, message.phone, convo.state, convo.context, now)
        return replies

    def _converse(self, session, convo: store.OpenConversation, message: Inbound, now, words=SMS) -> list[str]:
        text, details = message.body, None
        if message.channel == "keys":
            text = voice.keys_as_words(convo.state, text)
        if getattr(self.calendar_for, "needs_details", False):  # the calendar books under a name and email
            details = AskDetails(session, message.phone, now)
            text, instead = details.before(message.body)
            if text is None:
                store.save_conversation(session, message.phone, convo.state, convo.context, now)
                return words.plain(instead)
        dialog = Dialog(message.phone, Turn(convo.state, convo.context, convo.updated_at),
                        self.scheduler(session, now), now, timeout=self.timeout,
                        month_first=self.settings.month_first, reminded=convo.reminded,
                        profile=self.profile)
        dialog.ask_names = (self.settings.ask_names == "yes" and message.channel == "sms"
                            and not convo.known_customer)
        try:
            values = dialog.reply_to(text)
        except DetailsNeeded:  # raised before anything changed: ask, and answer `text` once they come
            store.save_conversation(session, message.phone, convo.state, convo.context, now)
            return words.plain(details.needed(text))
        replies = words.replies(values)
        if message.channel != "sms" and not convo.opted_out:
            self.confirm_by_text(session, message.sid, message.phone, values, now)
        if any(isinstance(v, r.Booked) and v.ask_name for v in values):
            customers.asked_name(session, message.phone, now)  # asked once, however they answer
        for action in dialog.actions:
            if isinstance(action, r.RememberName):
                customers.set_name(session, action.customer, action.name, now)
            else:
                self._tell_staff(session, action, message.sid, now)
        turn = dialog.turn()
        store.save_conversation(session, message.phone, turn.state, turn.context, now)
        return replies
