"""The per-phone conversation as a state table, in the manner of python-telegram-bot's
ConversationHandler: per state, the intents it accepts, the handler each one runs and
the states that handler may lead to; then the fallbacks, tried in any state.

The engine enforces the table: an intent a state does not list (nor the fallbacks)
never reaches a handler, and a handler that lands anywhere but its declared states is
a bug that fails loudly. `machine.md` is drawn from this table (`python -m smsbot.dialog.machine`).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from smsbot.dialog.intents import Kind


class State(str, Enum):
    IDLE = "idle"
    ASKING_TIME = "asking_time"
    OFFERING = "offering"
    CONFIRMING_BOOK = "confirming_book"
    CHOOSING_APPOINTMENT = "choosing_appointment"
    CONFIRMING_MOVE = "confirming_move"
    CONFIRMING_CANCEL = "confirming_cancel"
    CHOOSING_MOVE_OR_BOOK = "choosing_move_or_book"


IDLE = State.IDLE
STAY = "stay"  # the handler leaves the state as it was


@dataclass(frozen=True)
class Route:
    intents: frozenset[Kind]
    handler: str  # a method of the engine's Dialog
    leads_to: frozenset[State | str]


def route(intents, handler: str, *leads_to) -> Route:
    intents = intents if isinstance(intents, (set, frozenset, tuple, list)) else [intents]
    return Route(frozenset(intents), handler, frozenset(leads_to))


S = State
# Where asking for a time leads: a question, a list of times, or a yes/no proposal;
# STAY when the time asked for is the appointment's own ("that's already your time").
BOOK_ASKED = (S.ASKING_TIME, S.OFFERING, S.CONFIRMING_BOOK)
MOVE_ASKED = (S.ASKING_TIME, S.OFFERING, S.CONFIRMING_MOVE, STAY)
ASKED = BOOK_ASKED + MOVE_ASKED
ANSWERED = (S.IDLE, S.OFFERING, S.ASKING_TIME)  # done, or the time went meanwhile
TIMES = {Kind.TIME, Kind.CHANGE}  # outside idle, "can I come earlier" is just a time

STATES: dict[State, list[Route]] = {
    S.IDLE: [
        route(Kind.TIME, "request_time", *BOOK_ASKED, S.CHOOSING_MOVE_OR_BOOK),
        route(Kind.CHANGE, "start_change", S.IDLE, S.CHOOSING_APPOINTMENT, *ASKED),
        route(Kind.YES, "yes_with_nothing_pending", STAY),
        route(Kind.NO, "nothing_to_decline", STAY),
        route(Kind.GREETING, "greet", STAY),
        route({Kind.THANKS, Kind.OK_THANKS}, "welcome", STAY),
    ],
    S.ASKING_TIME: [
        route(TIMES, "request_time", *ASKED),
        route(Kind.NO, "drop", S.IDLE),
    ],
    S.OFFERING: [
        route({Kind.CHOICE, *TIMES}, "pick_offer", *ASKED),
        route({Kind.YES, Kind.OK_THANKS}, "accept_single_offer", *ASKED),
        route(Kind.NO, "drop", S.IDLE),
    ],
    S.CONFIRMING_BOOK: [
        route({Kind.YES, Kind.OK_THANKS}, "commit_booking", *ANSWERED),
        route({Kind.CHOICE, *TIMES}, "pick_offer", *BOOK_ASKED),
        route(Kind.NO, "drop", S.IDLE),
    ],
    S.CONFIRMING_MOVE: [
        route({Kind.YES, Kind.OK_THANKS}, "commit_move", *ANSWERED),
        route({Kind.CHOICE, *TIMES}, "pick_offer", *MOVE_ASKED),
        route(Kind.NO, "drop", S.IDLE),
    ],
    S.CHOOSING_APPOINTMENT: [
        route({Kind.CHOICE, Kind.TIME}, "pick_appointment", S.IDLE, S.CONFIRMING_CANCEL, *MOVE_ASKED),
        route(Kind.ALL, "pick_all", S.CONFIRMING_CANCEL, STAY),
        route(Kind.NO, "drop", S.IDLE),
    ],
    S.CONFIRMING_CANCEL: [
        route({Kind.YES, Kind.OK_THANKS}, "commit_cancel", S.IDLE),
        route(Kind.NO, "keep_appointment", S.IDLE),
    ],
    S.CHOOSING_MOVE_OR_BOOK: [
        route({Kind.MOVE, Kind.CHANGE}, "move_instead", S.IDLE, *MOVE_ASKED),
        route({Kind.ANOTHER, Kind.BOOK}, "book_instead", *BOOK_ASKED),
        route(Kind.NO, "drop", S.IDLE),
    ],
}

FALLBACKS: list[Route] = [
    route(Kind.HELP, "help", STAY),
    route(Kind.ASK_HOURS, "tell_hours", STAY),
    route(Kind.ASK_LENGTH, "tell_length", STAY),
    route(Kind.ASK_ADDRESS, "tell_address", STAY),
    route(Kind.ASK_PERSON, "hand_off", STAY),
    route(Kind.STATUS, "status", STAY),
    route(Kind.ATTENDING, "confirm_attendance", STAY),
    route(Kind.RESTART, "restart", S.IDLE),
    route(Kind.CANCEL, "start_cancel", S.IDLE, S.CHOOSING_APPOINTMENT, S.CONFIRMING_CANCEL),
    route(Kind.MOVE, "start_move", S.IDLE, S.CHOOSING_APPOINTMENT, *MOVE_ASKED),
    route(Kind.BOOK, "start_booking", S.ASKING_TIME),
]
NOT_UNDERSTOOD = route(set(Kind), "not_understood", STAY)  # what nothing above takes


def route_for(state: State, kind: Kind) -> Route:
    for candidate in STATES[state] + FALLBACKS:
        if kind in candidate.intents:
            return candidate
    return NOT_UNDERSTOOD


def _names(intents: frozenset[Kind]) -> str:
    return ", ".join(sorted(k.value for k in intents))


def mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {IDLE.value}"]
    for state, routes in STATES.items():
        for r in routes:
            for dest in sorted(d.value if isinstance(d, State) else state.value for d in r.leads_to):
                lines.append(f"    {state.value} --> {dest}: {_names(r.intents)} / {r.handler}")
        if state is not IDLE:
            lines.append(f"    {state.value} --> {IDLE.value}: silence past the timeout / expire")
    return "\n".join(lines)


def fallbacks_table() -> str:
    rows = ["| intent | handler | leads to |", "|---|---|---|"]
    for r in FALLBACKS:
        dests = ", ".join(sorted(d.value if isinstance(d, State) else "(same state)" for d in r.leads_to))
        rows.append(f"| {_names(r.intents)} | `{r.handler}` | {dests} |")
    return "\n".join(rows)


def document() -> str:
    return (
        "# The conversation state machine\n\n"
        "Drawn from `STATES` and `FALLBACKS` in `machine.py` by `python -m smsbot.dialog.machine`; "
        "a test keeps it in step. Each arrow is `intents / handler`: in that state, those intents "
        "run that handler, which leads to the arrow's end.\n\n```mermaid\n" + mermaid() + "\n```\n\n"
        "## In any state (fallbacks)\n\nTried when the state itself does not take the intent; "
        "anything else gets the state's own 'not understood' reply and the state stays.\n\n"
        + fallbacks_table() + "\n"
    )


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).with_name("machine.md").write_text(document())
