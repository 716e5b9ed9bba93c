"""The day and the week: appointments (customer numbers unmasked for staff), their status,
and blocks; blocking and unblocking time."""
from __future__ import annotations

from datetime import date, timedelta

from flask import flash, redirect, render_template, request, url_for

from smsbot.clock import start_of_day, wall_time
from smsbot.store import message_log
from smsbot.web import queries
from smsbot.web.common import bot, now, page_error, staff_actions, staff_required
from smsbot.web.forms import BadForm, day_field, instant_field, time_field
from smsbot.web.guard import guarded_blueprint

bp = guarded_blueprint("web_agenda", __name__)


def today() -> date:
    return now().astimezone(bot().rules.tz).date()


def _agenda(first: date, days: int, title: str) -> str:
    tz = bot().rules.tz
    start, end = start_of_day(first, tz), start_of_day(first + timedelta(days=days), tz)
    with bot().db.transaction() as db:
        appointments = queries.appointments_between(db, start, end)
        blocks = queries.blocks_between(db, start, end)
        names = message_log.names_for(db, [a.phone for a in appointments])
    business = bot().rules.services_and_providers
    by_day = [(day, _per_provider(business, [a for a in appointments if a.starts_at.astimezone(tz).date() == day]))
              for day in (first + timedelta(days=n) for n in range(days))]
    return render_template("agenda.html", title=title, by_day=by_day, blocks=blocks, first=first, days=days,
                           status_label=queries.status_label, names=names, timedelta=timedelta,
                           business=business)


def _per_provider(business, appointments) -> list[tuple[str, list]]:
    """[(provider, their appointments)]: the business's providers in its order, then any
    name no longer in it; one group without a name when there is one provider."""
    if not business.several_providers:
        return [("", appointments)] if appointments else []
    order = [p.name for p in business.providers]
    order += sorted({a.provider for a in appointments} - set(order))
    groups = [(name, [a for a in appointments if a.provider == name]) for name in order]
    return [(name, listed) for name, listed in groups if listed]


@bp.get("/today")
@staff_required
def today_page():
    return _agenda(today(), 1, "Today")


@bp.get("/agenda")
@staff_required
def day_page():
    try:
        day = day_field(request.args.get("day"))
    except BadForm as bad:
        return page_error(str(bad))
    return _agenda(day, 1, f"{day:%A %B} {day.day}")


@bp.get("/week")
@staff_required
def week():
    try:
        day = day_field(request.args["start"]) if request.args.get("start") else today()
    except BadForm as bad:
        return page_error(str(bad))
    monday = day - timedelta(days=day.weekday())
    return _agenda(monday, 7, f"Week of {monday:%B} {monday.day}")


@bp.post("/blocks")
@staff_required
def block():
    tz = bot().rules.tz
    try:
        day = day_field(request.form.get("date"))
        if request.form.get("from") or request.form.get("to"):
            start = wall_time(day, time_field(request.form.get("from"), "start time"), tz)
            end = wall_time(day, time_field(request.form.get("to"), "end time"), tz)
            if end <= start:
                raise BadForm("The end time must be after the start time.")
        else:
            start, end = start_of_day(day, tz), start_of_day(day + timedelta(days=1), tz)
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        outcome = actions.block(start, end)
        actions.audit(f"web: BLOCK {start.isoformat()} {end.isoformat()}", outcome)
    flash(outcome)
    return redirect(url_for("web_agenda.day_page", day=day.isoformat()))


@bp.post("/blocks/remove")
@staff_required
def unblock():
    try:
        start, end = instant_field(request.form.get("start")), instant_field(request.form.get("end"))
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        actions = staff_actions(db)
        outcome = actions.unblock(start.astimezone(actions.tz), end.astimezone(actions.tz))
        actions.audit(f"web: UNBLOCK {start.isoformat()} {end.isoformat()}", outcome)
    flash(outcome)
    return redirect(url_for("web_agenda.day_page", day=start.astimezone(bot().rules.tz).date().isoformat()))
