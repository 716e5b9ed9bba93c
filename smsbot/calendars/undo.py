"""Undoing remote calendar writes when the transaction that made them rolls back: the
customer was told 'try again', so the remote calendar must not keep a booking (or a move,
or a cancellation) that our database does not. Best effort within a short budget; what
this cannot undo is left to the provider's reconciliation (`reconciler` names it)."""
from __future__ import annotations

import logging

from sqlalchemy import event as orm_event

from smsbot.calendars.budget import Budget

log = logging.getLogger("smsbot.calendars")
UNDO_SECONDS = 1.5  # on top of the message's budget: still well inside Twilio's 15 seconds


class UndoOnRollback:
    def __init__(self, session, reconciler: str):
        self.session, self.reconciler, self.steps = session, reconciler, []

    def add(self, step) -> None:
        """step(budget) reverses one remote write."""
        if not self.steps:
            orm_event.listen(self.session, "after_commit", self._committed)
            orm_event.listen(self.session, "after_transaction_end", self._ended)
        self.steps.append(step)

    def _committed(self, session) -> None:
        if not session.in_nested_transaction():  # releasing a savepoint also fires after_commit
            self.steps.clear()

    def _ended(self, _session, transaction) -> None:
        if transaction.nested or transaction.parent is not None or not self.steps:
            return
        steps, self.steps = self.steps[::-1], []
        budget = Budget(UNDO_SECONDS)
        for step in steps:
            try:
                step(budget)
            except Exception as error:  # noqa: BLE001 - best effort; reconciled later
                log.warning("could not undo a calendar write after a rollback (%s); %s reconciles it",
                            error, self.reconciler)
