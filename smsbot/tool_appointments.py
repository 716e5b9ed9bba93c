"""Which of the caller's appointments a reschedule or cancel tool call is about: its optional
"appointment" (that one's start in ISO 8601, or the caller's words such as 'the tuesday one'),
matched by the rules the dialog uses when a customer names one of several by day or time;
and cancel's "all"."""
from __future__ import annotations

import json
from dataclasses import dataclass

from smsbot.dialog import replies as r
from smsbot.dialog.appointments import MAX_CHOICES, named
from smsbot.dialog.pending import Mode
from smsbot.tool_arguments import ToolError, flag, read_moment


@dataclass(frozen=True)
class Meant:
    chosen: int | str | None = None  # the one appointment named
    everything: bool = False  # "all": true
    about: list | None = None  # what a yes must answer a question about; None: the question open
    which: tuple[list, str] | None = None  # (replies, note) when the agent must first ask which one


def meant(dialog, arguments: dict, mode: Mode) -> Meant:
    everything = mode is Mode.CANCEL and flag(arguments, "all")
    matches = _matches(dialog, arguments)
    if matches is None:
        upcoming = dialog.scheduler.upcoming(dialog.phone) if everything else []
        return Meant(everything=everything, about=[b.id for b in upcoming][:MAX_CHOICES] if everything else None)
    if everything:
        raise ToolError('give "appointment" (one of them) or "all": true (every one), not both')
    if len(matches) == 1:
        return Meant(chosen=matches[0].id, about=[matches[0].id])
    return Meant(which=_which(dialog, mode, matches, arguments["appointment"]))


def _matches(dialog, arguments: dict) -> list | None:
    """The upcoming appointments the argument names; None when it is not given."""
    text = arguments.get("appointment")
    if text is None or (isinstance(text, str) and not text.strip()):
        return None  # agents fill optional arguments with "" as often as they leave them out
    if not isinstance(text, str):
        raise ToolError('"appointment" is the start of one of the caller\'s appointments (ISO 8601, or their words)')
    when = read_moment(dialog, text.strip())
    if when is None:
        raise ToolError(f"no day or time could be read in appointment {json.dumps(text[:80])}; ask the caller "
                        "which appointment they mean, or call list_appointments")
    return named(dialog.scheduler.upcoming(dialog.phone), when, dialog.tz)


def _which(dialog, mode: Mode, matches: list, text: str) -> tuple[list, str]:
    """None or several match: the agent asks which (listed), and nothing changes."""
    dialog.finish()  # a tool call is a request of its own, not an answer to what was open
    upcoming = dialog.scheduler.upcoming(dialog.phone)
    if not upcoming:
        return [r.Notice.NO_APPOINTMENT], ""
    said = json.dumps(text[:80], ensure_ascii=False)
    note = f"Several appointments match {said}." if matches else f"No appointment of the caller's matches {said}."
    listed = (matches or upcoming)[:MAX_CHOICES]
    return [r.ChooseAppointment(mode.value, tuple(dialog.local(b.start) for b in listed))], note
