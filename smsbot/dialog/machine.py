"""The per-phone conversation as a state table (`transitions`).

Triggers are named for what the bot does next; `engine.py` decides which one fires.
`machine.md` beside this file is drawn from this table (`python -m smsbot.dialog.machine`).
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from transitions import Machine

IDLE = "idle"
ASKING_TIME = "asking_time"
OFFERING = "offering"
CONFIRMING_BOOK = "confirming_book"
CHOOSING_APPOINTMENT = "choosing_appointment"
CONFIRMING_MOVE = "confirming_move"
CONFIRMING_CANCEL = "confirming_cancel"

STATES = [IDLE, ASKING_TIME, OFFERING, CONFIRMING_BOOK, CHOOSING_APPOINTMENT,
          CONFIRMING_MOVE, CONFIRMING_CANCEL]

ANY = "*"
#          trigger               source                              dest
TRANSITIONS = [
    ["ask_time",             ANY,                                 ASKING_TIME],
    ["offer_times",          ANY,                                 OFFERING],
    ["propose_booking",      ANY,                                 CONFIRMING_BOOK],
    ["choose_appointment",   ANY,                                 CHOOSING_APPOINTMENT],
    ["propose_move",         ANY,                                 CONFIRMING_MOVE],
    ["propose_cancel",       ANY,                                 CONFIRMING_CANCEL],
    ["done",                 ANY,                                 IDLE],
    ["expire",               [ASKING_TIME, OFFERING, CONFIRMING_BOOK, CHOOSING_APPOINTMENT,
                              CONFIRMING_MOVE, CONFIRMING_CANCEL], IDLE],
]


_per_thread = threading.local()


def _machine() -> Machine:
    """One machine per thread, built once: models come and go, one per message."""
    machine = getattr(_per_thread, "machine", None)
    if machine is None:
        machine = _per_thread.machine = Machine(
            model=None, states=STATES, transitions=TRANSITIONS, initial=IDLE, auto_transitions=False)
    return machine


@contextmanager
def attached(model, state: str) -> Iterator[None]:
    """Give `model` the table's triggers, starting in `state`, for the length of the block."""
    machine = _machine()
    machine.add_model(model, initial=state)
    try:
        yield
    finally:
        machine.remove_model(model)


def mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {IDLE}"]
    for trigger, source, dest in TRANSITIONS:
        sources = STATES if source == ANY else ([source] if isinstance(source, str) else source)
        if source == ANY:
            lines.append(f"    any_state --> {dest}: {trigger}")
        else:
            lines += [f"    {s} --> {dest}: {trigger}" for s in sources]
    lines.append("    note left of any_state: any_state stands for every state")
    return "\n".join(lines)


def document() -> str:
    return (
        "# The conversation state machine\n\n"
        "Drawn from `TRANSITIONS` in `machine.py` by `python -m smsbot.dialog.machine`; "
        "a test keeps it in step.\n\n```mermaid\n" + mermaid() + "\n```\n"
    )


if __name__ == "__main__":
    from pathlib import Path

    Path(__file__).with_name("machine.md").write_text(document())
