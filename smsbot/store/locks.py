"""The calendar lock: what makes busy blocks and bookings take turns.

Bookings exclude each other through the cells' primary key, but a block claims no cells
(it may cover appointments on purpose), so a booking and a block in flight together could
each miss the other. Bookings take this lock shared (they still run side by side), every
change to blocks takes it exclusive, and whichever of the two comes second sees the first:
the booking finds the block, or the block's reply finds the booking.

It is held until the transaction ends. PostgreSQL: a transaction advisory lock (READ
COMMITTED reads after the wait see what the holder committed). SQLite: nothing to take,
every transaction there begins IMMEDIATE and so already runs alone.
"""
from __future__ import annotations

from sqlalchemy import text

CALENDAR_KEY = 0x736D73626F74  # "smsbot": one application-wide advisory lock key
_SHARED = text("SELECT pg_advisory_xact_lock_shared(:key)").bindparams(key=CALENDAR_KEY)
_EXCLUSIVE = text("SELECT pg_advisory_xact_lock(:key)").bindparams(key=CALENDAR_KEY)


def lock_calendar(conn, *, exclusive: bool) -> None:
    """Wait for the calendar lock on this connection's transaction."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(_EXCLUSIVE if exclusive else _SHARED)
    elif dialect != "sqlite":
        raise RuntimeError(f"no calendar lock for the {dialect} database")
