"""POST /twilio/sms: Twilio's inbound message webhook, answered with TwiML."""
from __future__ import annotations

import logging
import uuid
from urllib.parse import parse_qsl

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse
from werkzeug.datastructures import MultiDict

from smsbot.bot import BadInbound, Inbound
from smsbot.channels.signature import require_twilio_signature
from smsbot.phones import is_e164

log = logging.getLogger("smsbot.channels.sms")
bp = Blueprint("twilio_sms", __name__)


def read_form() -> MultiDict:
    """The form, decoded strictly: invalid UTF-8 is a 400, not a string of U+FFFD, and
    so is a NUL in any field (PostgreSQL cannot store one)."""
    if request.mimetype != "application/x-www-form-urlencoded":
        abort(415, "expected application/x-www-form-urlencoded")
    raw = request.get_data(cache=True)
    try:
        pairs = parse_qsl(raw.decode("ascii"), keep_blank_values=True,
                          encoding="utf-8", errors="strict", max_num_fields=200)
    except (UnicodeDecodeError, ValueError):
        abort(400, "the form is not valid UTF-8 form data")
    if any("\x00" in key or "\x00" in value for key, value in pairs):
        abort(400, "NUL characters are not allowed in the form")
    return MultiDict(pairs)


def twiml(replies: list[str]) -> Response:
    response = MessagingResponse()
    for text in replies:
        response.message(text)
    return Response(str(response), mimetype="application/xml")


@bp.post("/twilio/sms")
def inbound_sms():
    form = read_form()
    require_twilio_signature(form)
    phone, body = form.get("From"), form.get("Body")
    if phone is None or body is None:
        abort(400, "From and Body are required")
    if not is_e164(phone):
        abort(400, "From must be an E.164 phone number")
    sid = form.get("MessageSid") or form.get("SmsSid") or f"local-{uuid.uuid4().hex}"
    try:
        message = Inbound(sid=sid, phone=phone, body=body)
    except BadInbound as error:
        abort(400, str(error))
    return twiml(current_app.extensions["smsbot"].handle(message))
