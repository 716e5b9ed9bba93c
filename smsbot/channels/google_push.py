"""POST /google/push: Google Calendar's change notifications (events.watch channels).
Authenticated by the channel's secret token; sets off an incremental sync."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

bp = Blueprint("google_push", __name__)


@bp.post("/google/push")
def push():
    from smsbot.calendars.google.provider import GoogleCalendars
    from smsbot.calendars.google.watch import on_push

    bot = current_app.extensions["smsbot"]
    if not isinstance(bot.calendar_for, GoogleCalendars):
        abort(404, "Google Calendar is not configured")
    status = on_push(bot.db, bot.calendar_for, bot.settings, bot.clock, request.headers)
    return Response(status=status)
