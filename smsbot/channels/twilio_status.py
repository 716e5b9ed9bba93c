"""POST /twilio/status: Twilio's delivery status callbacks for messages the outbox sent."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app

from smsbot.bot import MAX_SID_CHARS
from smsbot.channels.signature import require_twilio_signature
from smsbot.channels.twilio_sms import read_form
from smsbot.store.outbox import record_delivery

bp = Blueprint("twilio_status", __name__)
KNOWN = {"accepted", "queued", "sending", "sent", "delivered", "undelivered", "failed", "read",
         "receiving", "received", "scheduled", "canceled", "partially_delivered"}


@bp.post("/twilio/status")
def delivery_status():
    form = read_form()
    require_twilio_signature(form)
    sid, status = form.get("MessageSid"), (form.get("MessageStatus") or "").lower()
    if not sid or status not in KNOWN:
        abort(400, "MessageSid and a known MessageStatus are required")
    if len(sid) > MAX_SID_CHARS:
        abort(400, f"MessageSid must be at most {MAX_SID_CHARS} characters")
    error = form.get("ErrorCode") or ""
    with current_app.extensions["smsbot"].db.transaction() as session:
        record_delivery(session, sid, status, f"error {error}" if error else "")
    return Response(status=204)
