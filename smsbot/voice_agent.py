"""The tools an AI voice agent (Vapi) calls on a phone call: one tool call in, one line out,
in one transaction, exactly once per tool call id. They drive the caller's own conversation
(the same state table, pending question and expiry as their texts), so a change happens only
as the answer to a question the conversation asked: the agent must read the time back, ask,
and call again with "confirmed": true."""
from __future__ import annotations

import json
import logging
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from smsbot.bot import REMINDER_CONTEXT
from smsbot.calendars.base import CalendarUnavailable, DetailsNeeded
from smsbot.dialog import replies as r
from smsbot.dialog.engine import Dialog, Turn
from smsbot.dialog.intents import Intent, Kind
from smsbot.dialog.machine import State
from smsbot.dialog.pending import Mode
from smsbot.dialog.say import agent
from smsbot.phones import mask_phone
from smsbot.dialog.staffing import a_name
from smsbot.store import conversations as store, customers, message_log
from smsbot.store.db import DatabaseUnavailable
from smsbot.tool_appointments import meant
from smsbot.tool_arguments import ToolCall, ToolError, confirmed, read_when, record_id, staffing

log = logging.getLogger("smsbot.voice_agent")
TOOLS = ("check_availability", "book_appointment", "reschedule_appointment", "cancel_appointment",
         "list_appointments")
UNAVAILABLE = "Error: the calendar is not answering, so nothing was changed. Ask the caller to try again in a few minutes."
NOT_CONFIRMED = "Nothing changed: the caller has not been asked to confirm this yet."


class VoiceAgentTools:
    def __init__(self, bot):
        self.bot = bot

    def run(self, call: ToolCall) -> str:
        if call.name not in TOOLS:
            return f"Error: there is no tool named {call.name!r}; the tools are {', '.join(TOOLS)}."
        if call.phone is None:
            return "Error: the caller's phone number is missing or invalid, so nothing can be looked up or booked."
        try:
            return self._once(call)
        except ToolError as error:
            return f"Error: {error}"
        except DetailsNeeded:
            return "Error: this calendar books under a name and email; ask the caller to text us to book."
        except CalendarUnavailable:
            log.warning("calendar unavailable for a tool call of %s", mask_phone(call.phone))
            return UNAVAILABLE
        except DatabaseUnavailable as error:
            self.bot.outages.failed(str(error), self.bot.clock.now())
            return UNAVAILABLE
        except DBAPIError:
            log.exception("database error in a tool call of %s", mask_phone(call.phone))
            return UNAVAILABLE

    def _once(self, call: ToolCall) -> str:
        bot, now, sid = self.bot, self.bot.clock.now(), record_id(call.id)
        with bot.db.transaction() as session:
            convo = store.open_conversation(session, call.phone, sid, now, reminded_since=now - REMINDER_CONTEXT)
            if convo.earlier_reply is not None:
                log.info("repeat of tool call %s from %s", call.name, mask_phone(call.phone))
                return convo.earlier_reply[0]
            dialog = Dialog(call.phone, Turn(convo.state, convo.context, convo.updated_at),
                            bot.scheduler(session, now), now, timeout=bot.timeout,
                            month_first=bot.settings.month_first, reminded=convo.reminded, profile=bot.profile)
            values, note = getattr(self, call.name)(dialog, call.arguments)
            result = agent.result(values, note)
            if not convo.opted_out:
                bot.confirm_by_text(session, sid, call.phone, values, now)
            name = a_name(call.arguments.get("name") or "") if isinstance(call.arguments.get("name"), str) else None
            if name and any(isinstance(v, r.Booked) for v in values):
                customers.set_name(session, call.phone, name, now)  # the dashboard shows who booked
            turn = dialog.turn()
            store.save_conversation(session, call.phone, turn.state, turn.context, now)
            said = f"{call.name} {json.dumps(call.arguments, ensure_ascii=False)}"
            message_log.record_exchange(session, call.phone, [said], [result], now)
            store.record_reply(session, sid, call.phone, [result], now)
        log.info("tool %s for %s", call.name, mask_phone(call.phone))
        return result

    # the tools: (dialog, arguments) -> (reply values, a note before them) -----------------

    def check_availability(self, dialog: Dialog, arguments: dict):
        when = read_when(dialog, arguments, "when")
        return self._ask(dialog, Intent(Kind.TIME, when=when, another=True), staffing(arguments)), ""

    def book_appointment(self, dialog: Dialog, arguments: dict):
        when = read_when(dialog, arguments, "start")
        return self._change(dialog, arguments, State.CONFIRMING_BOOK, when.start,
                            Intent(Kind.TIME, when=when, another=True), staffing(arguments))

    def reschedule_appointment(self, dialog: Dialog, arguments: dict):
        when = read_when(dialog, arguments, "start")
        target = meant(dialog, arguments, Mode.MOVE)
        intent = Intent(Kind.MOVE, when=when, appointment=target.chosen)
        return target.which or self._change(dialog, arguments, State.CONFIRMING_MOVE, when.start, intent,
                                            about=target.about)

    def cancel_appointment(self, dialog: Dialog, arguments: dict):
        target = meant(dialog, arguments, Mode.CANCEL)
        intent = Intent(Kind.CANCEL, everything=target.everything, appointment=target.chosen)
        return target.which or self._change(dialog, arguments, State.CONFIRMING_CANCEL, None, intent,
                                            about=target.about)

    def list_appointments(self, dialog: Dialog, arguments: dict):
        return dialog.reply_to("", Intent(Kind.STATUS)), ""

    # -------------------------------------------------------------------------------------

    def _change(self, dialog: Dialog, arguments: dict, asked: State, start: datetime | None, intent: Intent,
                words: str = "", about: list | None = None):
        """Done only as the yes to the very question the conversation has open (about the
        appointments `about`, when the call names them); else that question is asked (again)
        and nothing changes."""
        wants = confirmed(arguments)
        pending = dialog.pending
        open_about = [pending.appointment] if pending.appointment is not None else pending.choices
        same_time = start is None or (pending.proposal is not None and pending.proposal == start)
        same = dialog.state is asked and same_time and (about is None or set(open_about) == set(about))
        if wants and same:
            values = dialog.reply_to("yes", Intent(Kind.YES))
            if values != [r.Notice.EXPIRED]:
                return values, ""
            return self._ask(dialog, intent, words), agent.NOTICES[r.Notice.EXPIRED]
        return self._ask(dialog, intent, words), NOT_CONFIRMED if wants else ""

    @staticmethod
    def _ask(dialog: Dialog, intent: Intent, words: str = "") -> list[r.Reply]:
        """`words`: the service and provider asked for, as a customer would write them."""
        dialog.finish()  # a tool call is a request of its own, not an answer to what was open
        return dialog.reply_to(words, intent)
