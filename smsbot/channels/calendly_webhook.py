"""POST /calendly/webhook: Calendly's invitee.created / invitee.canceled deliveries.
Checked by their signature (403 otherwise), applied in one transaction."""
from __future__ import annotations

import json
import logging

from flask import Blueprint, Response, abort, current_app, request

bp = Blueprint("calendly_webhook", __name__)
log = logging.getLogger("smsbot.calendly")


@bp.post("/calendly/webhook")
def webhook():
    from smsbot.calendars.base import CalendarUnavailable
    from smsbot.calendars.calendly.follow import BadDelivery, apply_delivery
    from smsbot.calendars.calendly.provider import CalendlyCalendars
    from smsbot.calendars.calendly.signature import verified

    bot = current_app.extensions["smsbot"]
    if not isinstance(bot.calendar_for, CalendlyCalendars):
        abort(404, "Calendly is not configured")
    raw, now = request.get_data(cache=False), bot.clock.now()
    if not verified(request.headers.get("Calendly-Webhook-Signature"), raw,
                    bot.settings.calendly_webhook_signing_key, now.timestamp()):
        abort(403, "bad, stale or missing Calendly-Webhook-Signature")
    try:
        body = json.loads(raw)
    except ValueError:
        abort(400, "the body is not JSON")
    try:
        with bot.db.transaction() as session:
            done = apply_delivery(session, bot.calendar_for.link, body, now)
    except BadDelivery as error:
        abort(400, str(error))
    except CalendarUnavailable as error:  # Calendly delivers it again later
        log.warning("Calendly webhook not applied: %s", error)
        abort(503, "Calendly's event types cannot be looked up now: deliver again later")
    log.info("Calendly webhook: %s", done)
    return Response(done + "\n", mimetype="text/plain")
