"""Changing appointments from the dashboard: move, cancel and book ask for a confirmation
first, as their SMS commands do; all go through the staff service (same rules, same notice
to the customer through the outbox, same audit)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from smsbot.admin import texts
from smsbot.scheduling.rules import TAKEN
from smsbot.web import queries
from smsbot.web.common import bot, page_error, staff_actions, staff_required
from smsbot.web.forms import BadForm, phone_field, provider_field, service_field, when_field
from smsbot.web.guard import ROW_ID, guarded_blueprint
from smsbot.store.models import Appointment

bp = guarded_blueprint("web_appointments", __name__)
OUTSIDE_RULES = "This is outside the booking rules; staff may still do it."


def _confirm(question: str, action: str, note: str = "", **fields) -> str:
    return render_template("confirm.html", question=question, action=action, note=note, fields=fields)


def _done(outcome: str, moment):
    flash(outcome)
    return redirect(url_for("web_agenda.day_page", day=moment.astimezone(bot().rules.tz).date().isoformat()))


def _local(moment) -> str:
    return texts.short_when(moment.astimezone(bot().rules.tz))


@bp.get(f"/appointments/<{ROW_ID}:appointment_id>")
@staff_required
def detail(appointment_id: int):
    with bot().db.transaction() as db:
        row = db.get(Appointment, appointment_id)
    if row is None:
        return page_error(texts.no_such(f"#{appointment_id}"), 404)
    return render_template("appointment.html", a=row, status=queries.status_label(row))


@bp.post(f"/appointments/<{ROW_ID}:appointment_id>/move")
@staff_required
def move(appointment_id: int):
    try:
        start = when_field(request.form, bot().rules.tz)
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        booking = actions.scheduler.get(appointment_id)
        if booking is None:
            return page_error(texts.GONE, 409)
        problem = actions.problem_moving(booking, start)
        if problem == TAKEN:
            return page_error(texts.taken(start.astimezone(actions.tz)), 409)
        if request.form.get("confirm") != "yes":
            return _confirm(f"Move #{booking.id} ({booking.phone}) from {_local(booking.start)} to {_local(start)}? "
                            "The customer is told by SMS.", url_for(".move", appointment_id=appointment_id),
                            OUTSIDE_RULES if problem else "", date=request.form["date"], time=request.form["time"])
        outcome = actions.move(appointment_id, start)
        actions.audit(f"web: MOVE #{appointment_id} {start.isoformat()}", outcome)
    return _done(outcome, start)


@bp.post(f"/appointments/<{ROW_ID}:appointment_id>/cancel")
@staff_required
def cancel(appointment_id: int):
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        booking = actions.scheduler.get(appointment_id)
        if booking is None:
            return page_error(texts.GONE, 409)
        if request.form.get("confirm") != "yes":
            return _confirm(f"Cancel #{booking.id} ({booking.phone}) at {_local(booking.start)}? "
                            "The customer is told by SMS.", url_for(".cancel", appointment_id=appointment_id))
        outcome = actions.cancel(appointment_id)
        actions.audit(f"web: CANCEL #{appointment_id}", outcome)
    return _done(outcome, booking.start)


@bp.post(f"/appointments/<{ROW_ID}:appointment_id>/no-show")
@staff_required
def no_show(appointment_id: int):
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        row = db.get(Appointment, appointment_id)
        if row is None:
            return page_error(texts.no_such(f"#{appointment_id}"), 404)
        outcome = actions.no_show(appointment_id)
        actions.audit(f"web: NO-SHOW #{appointment_id}", outcome)
    return _done(outcome, row.starts_at)


@bp.post("/appointments")
@staff_required
def book():
    business = bot().rules.services_and_providers
    try:
        phone, start = phone_field(request.form.get("phone")), when_field(request.form, bot().rules.tz)
        service, provider = service_field(business, request.form), provider_field(business, request.form)
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        problem = actions.problem_booking(start, service, provider)
        if problem == TAKEN:
            return page_error(texts.taken(start.astimezone(actions.tz)), 409)
        what = " ".join(part for part in (service.name, f"with {provider}" if provider else "") if part)
        if request.form.get("confirm") != "yes":
            return _confirm(f"Book {phone} at {_local(start)}{' for ' + what if what else ''}?", url_for(".book"),
                            OUTSIDE_RULES if problem else "", phone=phone, date=request.form["date"],
                            time=request.form["time"], service=service.name, provider=provider or "")
        outcome = actions.book(phone, start, service, provider)
        actions.audit(f"web: BOOK {phone} {start.isoformat()} {what}".rstrip(), outcome)
    return _done(outcome, start)
