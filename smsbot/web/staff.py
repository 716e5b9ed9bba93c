"""Owners only: who is on the staff list (and so may log in and text staff commands), with
their roles. Removing someone ends their dashboard sessions at once."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from smsbot.store import staff as staff_store
from smsbot.web.common import bot, owner_required, page_error, staff_actions
from smsbot.web.forms import BadForm, phone_field
from smsbot.web.guard import guarded_blueprint

bp = guarded_blueprint("web_staff", __name__)


@bp.get("/staff")
@owner_required
def listing():
    with bot().db.transaction() as db:
        members = staff_store.everyone(db)
    return render_template("staff.html", members=members, roles=staff_store.ROLES)


@bp.post("/staff")
@owner_required
def add():
    role, name = request.form.get("role", "staff"), request.form.get("name", "").strip()
    try:
        phone = phone_field(request.form.get("phone"))
        if role not in staff_store.ROLES:
            raise BadForm("The role must be owner or staff.")
        if not name.isprintable():
            raise BadForm("The name must be plain text.")
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        outcome = actions.add_staff(phone, name, role)
        actions.audit(f"web: STAFF ADD {phone} {name} {role}", outcome)
    flash(outcome)
    return redirect(url_for("web_staff.listing"))


@bp.post("/staff/remove")
@owner_required
def remove():
    try:
        phone = phone_field(request.form.get("phone"))
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        outcome = actions.remove_staff(phone)
        actions.audit(f"web: STAFF REMOVE {phone}", outcome)
    flash(outcome)
    return redirect(url_for("web_staff.listing"))
