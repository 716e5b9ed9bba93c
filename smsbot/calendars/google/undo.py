"""Undoing Google writes when the transaction that made them rolls back (calendars/undo.py);
`smsbot google sync` reconciles whatever that could not undo."""
from __future__ import annotations

from smsbot.calendars import undo


class UndoOnRollback(undo.UndoOnRollback):
    def __init__(self, session):
        super().__init__(session, "`smsbot google sync`")
