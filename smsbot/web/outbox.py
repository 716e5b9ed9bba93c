"""The outbox: what the bot sent or will send, Twilio's delivery status and error, and a
retry for a message that failed."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from smsbot.store import outbox as rows
from smsbot.web.common import bot, now, staff_actions, staff_required
from smsbot.web.guard import ROW_ID, guarded_blueprint

bp = guarded_blueprint("web_outbox", __name__)
FILTERS = ("", rows.PENDING, rows.SENDING, rows.SENT, "delivered", rows.FAILED, rows.SKIPPED)


@bp.get("/outbox")
@staff_required
def listing():
    status = request.args.get("status", "")
    if status not in FILTERS:
        status = ""
    with bot().db.transaction() as db:
        listed = rows.recent(db, status or None)
    return render_template("outbox.html", rows=listed, status=status, filters=FILTERS)


@bp.post(f"/outbox/<{ROW_ID}:row_id>/retry")
@staff_required
def retry(row_id: int):
    with bot().db.transaction() as db:
        retried = rows.retry(db, row_id, now())
        outcome = f"Message {row_id} will be sent again." if retried else \
            f"Message {row_id} has not failed; nothing changed."
        staff_actions(db).audit(f"web: RETRY outbox {row_id}", outcome)
    flash(outcome)
    return redirect(url_for("web_outbox.listing", status=request.args.get("status", "")))
