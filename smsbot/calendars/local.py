"""The embedded calendar: appointments and busy blocks in our own database.

Statements are built once (the webhook runs them on every booking), with the cells'
primary key doing the real work: two bookings can never hold the same 5-minute cell of
one provider. Busy blocks close the business for every provider.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, func, insert, or_, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsbot.calendars.base import AppointmentGone, Booking, SlotTaken
from smsbot.store.db import insert_rows
from smsbot.store.locks import lock_calendar
from smsbot.store.models import Appointment, AppointmentCell, BusyBlock, UTCDateTime

CELL = timedelta(minutes=5)
BOOKED = "booked"

_APPTS, _CELLS, _BLOCKS = Appointment.__table__, AppointmentCell.__table__, BusyBlock.__table__
_START, _END = bindparam("start", type_=UTCDateTime), bindparam("end", type_=UTCDateTime)
_HELD_UNTIL = func.coalesce(_APPTS.c.held_until, _APPTS.c.ends_at).label("held_until")
_HELD = (select(_APPTS.c.starts_at, _HELD_UNTIL)
         .where(_APPTS.c.status == BOOKED, _APPTS.c.starts_at < _END, _HELD_UNTIL > _START))
_BLOCKS_BUSY = (select(_BLOCKS.c.starts_at, _BLOCKS.c.ends_at)
                .where(_BLOCKS.c.starts_at < _END, _BLOCKS.c.ends_at > _START))
_BUSY = union_all(_HELD, _BLOCKS_BUSY)
# '' : booked before the business had a profile; it keeps every provider busy, to be safe
_BUSY_FOR = union_all(_HELD.where(or_(_APPTS.c.provider == bindparam("provider"), _APPTS.c.provider == "")),
                      _BLOCKS_BUSY)
_BLOCKED = select(_BLOCKS.c.id).where(_BLOCKS.c.starts_at < _END, _BLOCKS.c.ends_at > _START).limit(1)
_COLUMNS = (_APPTS.c.id, _APPTS.c.phone, _APPTS.c.starts_at, _APPTS.c.ends_at, _APPTS.c.provider,
            _APPTS.c.service, _APPTS.c.held_until)
_GET_BOOKED = select(*_COLUMNS).where(_APPTS.c.id == bindparam("id"), _APPTS.c.status == BOOKED)
_LOCK_BOOKED = _GET_BOOKED.with_for_update()
_INSERT = insert(_APPTS).returning(_APPTS.c.id)
_CLAIM = insert(_CELLS)
_RELEASE = delete(_CELLS).where(_CELLS.c.appointment_id == bindparam("id"))
_CHANGE = update(_APPTS).where(_APPTS.c.id == bindparam("key"))


def cell_starts(start: datetime, end: datetime) -> list[datetime]:
    if start.minute % 5 or start.second or start.microsecond:
        raise ValueError("appointments start on a 5-minute boundary")
    cells, at = [], start
    while at < end:
        cells.append(at)
        at += CELL
    return cells


def _beyond(held_until: datetime, end: datetime) -> datetime | None:
    """Stored only when a buffer makes it later than the end: NULL follows the end, whoever
    moves it (a calendar sync writing only the times, say)."""
    return held_until if held_until > end else None


class LocalCalendar:
    def __init__(self, session: Session):
        self.session = session

    @property
    def conn(self):
        return self.session.connection()

    def busy_between(self, start: datetime, end: datetime,
                     provider: str | None = None) -> list[tuple[datetime, datetime]]:
        """Busy spans overlapping [start, end): every provider's, or `provider`'s only."""
        if provider is None:
            return sorted(tuple(r) for r in self.conn.execute(_BUSY, {"start": start, "end": end}))
        rows = self.conn.execute(_BUSY_FOR, {"start": start, "end": end, "provider": provider})
        return sorted(tuple(r) for r in rows)

    def upcoming_for(self, phone: str, after: datetime) -> list[Booking]:
        query = (select(*_COLUMNS).where(_APPTS.c.phone == phone, _APPTS.c.status == BOOKED,
                                         _APPTS.c.ends_at > after).order_by(_APPTS.c.starts_at))
        return [Booking(*r) for r in self.conn.execute(query)]

    def bookings_between(self, start: datetime, end: datetime) -> list[Booking]:
        query = (select(*_COLUMNS).where(_APPTS.c.status == BOOKED, _APPTS.c.starts_at < end,
                                         _APPTS.c.ends_at > start).order_by(_APPTS.c.starts_at))
        return [Booking(*r) for r in self.conn.execute(query)]

    def get(self, appointment_id: int | None) -> Booking | None:
        if appointment_id is None:
            return None
        row = self.conn.execute(_GET_BOOKED, {"id": appointment_id}).first()
        return Booking(*row) if row else None

    def book(self, phone: str, start: datetime, end: datetime, now: datetime, *, provider: str = "",
             service: str = "", held_until: datetime | None = None) -> Booking:
        held_until = held_until or end

        def claim() -> int:
            appointment_id = self.conn.execute(_INSERT, {
                "phone": phone, "starts_at": start, "ends_at": end, "status": BOOKED,
                "provider": provider, "service": service, "held_until": _beyond(held_until, end),
                "created_at": now, "updated_at": now}).scalar_one()
            self._take_cells(appointment_id, provider, start, held_until)
            return appointment_id

        return Booking(self._claim(start, held_until, claim), phone, start, end, provider, service, held_until)

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime, *,
             provider: str | None = None, service: str | None = None,
             held_until: datetime | None = None) -> Booking:
        """Provider and service stay what they were unless given."""
        booking = self._locked(appointment_id)
        provider = booking.provider if provider is None else provider
        service = booking.service if service is None else service
        held_until = held_until or end

        def claim() -> int:
            self.conn.execute(_RELEASE, {"id": appointment_id})  # a move may overlap itself
            self.conn.execute(_CHANGE, {"key": appointment_id, "starts_at": start, "ends_at": end,
                                        "provider": provider, "service": service,
                                        "held_until": _beyond(held_until, end), "updated_at": now})
            self._take_cells(appointment_id, provider, start, held_until)
            return appointment_id

        self._claim(start, held_until, claim)
        return Booking(appointment_id, booking.phone, start, end, provider, service, held_until)

    def cancel(self, appointment_id: int, now: datetime) -> Booking:
        booking = self._locked(appointment_id)
        self.conn.execute(_RELEASE, {"id": appointment_id})
        self.conn.execute(_CHANGE, {"key": appointment_id, "status": "cancelled", "updated_at": now})
        return booking

    def confirm_attendance(self, appointment_id: int, now: datetime) -> Booking:
        booking = self._locked(appointment_id)
        self.conn.execute(_CHANGE, {"key": appointment_id, "confirmed_at": now})
        return booking

    def add_busy(self, start: datetime, end: datetime, reason: str, now: datetime) -> None:
        lock_calendar(self.conn, exclusive=True)
        self.session.add(BusyBlock(starts_at=start, ends_at=end, reason=reason, created_at=now))
        self.session.flush()

    def remove_busy(self, start: datetime, end: datetime) -> int:
        """Free [start, end) of busy blocks, trimming or splitting blocks that stick out."""
        lock_calendar(self.conn, exclusive=True)  # two trims of one block must not overlap
        touched = list(self.session.scalars(
            select(BusyBlock).where(BusyBlock.starts_at < end, BusyBlock.ends_at > start)))
        for block in touched:
            if block.ends_at > end:
                self.session.add(BusyBlock(starts_at=end, ends_at=block.ends_at, reason=block.reason,
                                           created_at=block.created_at))
            if block.starts_at < start:
                block.ends_at = start
            else:
                self.session.delete(block)
        self.session.flush()
        return len(touched)

    def _locked(self, appointment_id: int) -> Booking:
        row = self.conn.execute(_LOCK_BOOKED, {"id": appointment_id}).first()
        if row is None:
            raise AppointmentGone(appointment_id)
        return Booking(*row)

    def _take_cells(self, appointment_id: int, provider: str, start: datetime, end: datetime) -> None:
        insert_rows(self.conn, _CLAIM, [{"provider": provider, "starts_at": at, "appointment_id": appointment_id}
                                        for at in cell_starts(start, end)])

    def _claim(self, start: datetime, end: datetime, change) -> int:
        """Apply a change that takes cells, in a savepoint: if another booking holds any
        of them the database refuses, and the savepoint leaves everything as it was."""
        lock_calendar(self.conn, exclusive=False)
        if self.conn.execute(_BLOCKED, {"start": start, "end": end}).first() is not None:
            raise SlotTaken()
        try:
            with self.conn.begin_nested():  # Core's savepoint: the ORM's costs a flush and its bookkeeping
                return change()
        except IntegrityError:
            raise SlotTaken() from None
