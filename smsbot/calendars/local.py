"""The embedded calendar: appointments and busy blocks in our own database.

Statements are built once (the webhook runs them on every booking), with the cells'
primary key doing the real work: two bookings can never hold the same 5-minute cell.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, insert, select, union_all, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsbot.calendars.base import AppointmentGone, Booking, SlotTaken
from smsbot.store.locks import lock_calendar
from smsbot.store.models import Appointment, AppointmentCell, BusyBlock, UTCDateTime

CELL = timedelta(minutes=5)
BOOKED = "booked"

_APPTS, _CELLS, _BLOCKS = Appointment.__table__, AppointmentCell.__table__, BusyBlock.__table__
_START, _END = bindparam("start", type_=UTCDateTime), bindparam("end", type_=UTCDateTime)
_BUSY = union_all(
    select(_APPTS.c.starts_at, _APPTS.c.ends_at)
    .where(_APPTS.c.status == BOOKED, _APPTS.c.starts_at < _END, _APPTS.c.ends_at > _START),
    select(_BLOCKS.c.starts_at, _BLOCKS.c.ends_at)
    .where(_BLOCKS.c.starts_at < _END, _BLOCKS.c.ends_at > _START),
)
_BLOCKED = select(_BLOCKS.c.id).where(_BLOCKS.c.starts_at < _END, _BLOCKS.c.ends_at > _START).limit(1)
_COLUMNS = (_APPTS.c.id, _APPTS.c.phone, _APPTS.c.starts_at, _APPTS.c.ends_at)
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


class LocalCalendar:
    def __init__(self, session: Session):
        self.session = session

    @property
    def conn(self):
        return self.session.connection()

    def busy_between(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        return sorted(tuple(r) for r in self.conn.execute(_BUSY, {"start": start, "end": end}))

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

    def book(self, phone: str, start: datetime, end: datetime, now: datetime) -> Booking:
        def claim() -> int:
            appointment_id = self.conn.execute(_INSERT, {
                "phone": phone, "starts_at": start, "ends_at": end, "status": BOOKED,
                "created_at": now, "updated_at": now}).scalar_one()
            self._take_cells(appointment_id, start, end)
            return appointment_id

        return Booking(self._claim(start, end, claim), phone, start, end)

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime) -> Booking:
        booking = self._locked(appointment_id)

        def claim() -> int:
            self.conn.execute(_RELEASE, {"id": appointment_id})  # a move may overlap itself
            self.conn.execute(_CHANGE, {"key": appointment_id, "starts_at": start, "ends_at": end,
                                        "updated_at": now})
            self._take_cells(appointment_id, start, end)
            return appointment_id

        self._claim(start, end, claim)
        return Booking(appointment_id, booking.phone, start, end)

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

    def _take_cells(self, appointment_id: int, start: datetime, end: datetime) -> None:
        self.conn.execute(_CLAIM, [{"starts_at": at, "appointment_id": appointment_id}
                                   for at in cell_starts(start, end)])

    def _claim(self, start: datetime, end: datetime, change) -> int:
        """Apply a change that takes cells, in a savepoint: if another booking holds any
        of them the database refuses, and the savepoint leaves everything as it was."""
        lock_calendar(self.conn, exclusive=False)
        if self.conn.execute(_BLOCKED, {"start": start, "end": end}).first() is not None:
            raise SlotTaken()
        try:
            with self.session.begin_nested():
                return change()
        except IntegrityError:
            raise SlotTaken() from None
