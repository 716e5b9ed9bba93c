"""The embedded calendar: appointments and busy blocks in our own database."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smsbot.calendars.base import AppointmentGone, Booking, SlotTaken
from smsbot.store.models import Appointment, AppointmentCell, BusyBlock

CELL = timedelta(minutes=5)
BOOKED = "booked"


def _cells(start: datetime, end: datetime) -> list[AppointmentCell]:
    if start.minute % 5 or start.second or start.microsecond:
        raise ValueError("appointments start on a 5-minute boundary")
    cells, at = [], start
    while at < end:
        cells.append(AppointmentCell(starts_at=at))
        at += CELL
    return cells


def _booking(row: Appointment) -> Booking:
    return Booking(row.id, row.phone, row.starts_at, row.ends_at)


class LocalCalendar:
    def __init__(self, session: Session):
        self.session = session

    def busy_between(self, start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
        appts = self.session.execute(
            select(Appointment.starts_at, Appointment.ends_at).where(
                Appointment.status == BOOKED, Appointment.starts_at < end, Appointment.ends_at > start
            )
        ).all()
        blocks = self.session.execute(
            select(BusyBlock.starts_at, BusyBlock.ends_at).where(
                BusyBlock.starts_at < end, BusyBlock.ends_at > start
            )
        ).all()
        return sorted((s, e) for s, e in [*appts, *blocks])

    def upcoming_for(self, phone: str, after: datetime) -> list[Booking]:
        rows = self.session.scalars(
            select(Appointment)
            .where(Appointment.phone == phone, Appointment.status == BOOKED, Appointment.ends_at > after)
            .order_by(Appointment.starts_at)
        )
        return [_booking(r) for r in rows]

    def bookings_between(self, start: datetime, end: datetime) -> list[Booking]:
        rows = self.session.scalars(
            select(Appointment)
            .where(Appointment.status == BOOKED, Appointment.starts_at < end, Appointment.ends_at > start)
            .order_by(Appointment.starts_at)
        )
        return [_booking(r) for r in rows]

    def get(self, appointment_id: int) -> Booking | None:
        row = self.session.get(Appointment, appointment_id)
        return _booking(row) if row and row.status == BOOKED else None

    def book(self, phone: str, start: datetime, end: datetime, now: datetime) -> Booking:
        row = Appointment(phone=phone, starts_at=start, ends_at=end, status=BOOKED,
                          created_at=now, updated_at=now, cells=_cells(start, end))
        self._claim(start, end, lambda: self.session.add(row))
        return _booking(row)

    def move(self, appointment_id: int, start: datetime, end: datetime, now: datetime) -> Booking:
        row = self._booked_row(appointment_id)

        def claim_new_time():
            row.cells.clear()
            self.session.flush()  # free our own cells first: a move may overlap itself
            row.starts_at, row.ends_at, row.updated_at = start, end, now
            row.cells.extend(_cells(start, end))

        self._claim(start, end, claim_new_time)
        return _booking(row)

    def cancel(self, appointment_id: int, now: datetime) -> Booking:
        row = self._booked_row(appointment_id)
        row.status, row.updated_at = "cancelled", now
        row.cells.clear()
        self.session.flush()
        return _booking(row)

    def confirm_attendance(self, appointment_id: int, now: datetime) -> Booking:
        row = self._booked_row(appointment_id)
        row.confirmed_at = now
        return _booking(row)

    def add_busy(self, start: datetime, end: datetime, reason: str, now: datetime) -> None:
        self.session.add(BusyBlock(starts_at=start, ends_at=end, reason=reason, created_at=now))
        self.session.flush()

    def remove_busy(self, start: datetime, end: datetime) -> int:
        """Free [start, end) of busy blocks, trimming or splitting blocks that stick out."""
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

    def _booked_row(self, appointment_id: int) -> Appointment:
        row = self.session.get(Appointment, appointment_id, with_for_update=True)
        if row is None or row.status != BOOKED:
            raise AppointmentGone(appointment_id)
        return row

    def _claim(self, start: datetime, end: datetime, change) -> None:
        """Apply a change that takes cells, in a savepoint: if another booking holds any
        of them the database refuses, and the savepoint leaves everything as it was."""
        if self._blocked(start, end):
            raise SlotTaken()
        try:
            with self.session.begin_nested():
                change()
                self.session.flush()
        except IntegrityError:
            self.session.expire_all()
            raise SlotTaken() from None

    def _blocked(self, start: datetime, end: datetime) -> bool:
        return self.session.scalar(
            select(BusyBlock.id).where(BusyBlock.starts_at < end, BusyBlock.ends_at > start).limit(1)
        ) is not None
