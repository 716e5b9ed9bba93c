"""/oauth/google/start and /oauth/google/callback: a logged-in owner connects the
business's Google Calendar (the flow itself lives in smsbot.calendars.google.oauth)."""
from __future__ import annotations

import hmac
from html import escape

from flask import Blueprint, Response, abort, current_app, redirect, request, session, url_for

from smsbot.web.common import owner_required

bp = Blueprint("google_oauth", __name__)
STATE_KEY = "google_oauth_state"


def _page(text: str, status: int = 200) -> Response:
    return Response(f"<!doctype html><title>smsbot: Google Calendar</title><p>{escape(text)}</p>",
                    status=status, mimetype="text/html")


def _uri(settings) -> str:
    from smsbot.calendars.google.oauth import redirect_uri

    return redirect_uri(settings, url_for("google_oauth.callback", _external=True))


@bp.get("/oauth/google/start")
@owner_required
def start():
    from smsbot.calendars.google.oauth import OAuthProblem, begin

    bot = current_app.extensions["smsbot"]
    try:
        with bot.db.transaction() as db_session:
            url, state = begin(db_session, bot.settings, _uri(bot.settings), bot.clock.now())
    except OAuthProblem as problem:
        abort(503, str(problem))
    session[STATE_KEY] = state
    return redirect(url)


@bp.get("/oauth/google/callback")
@owner_required
def callback():
    from smsbot.calendars.google.oauth import OAuthProblem, finish

    bot = current_app.extensions["smsbot"]
    if request.args.get("error"):
        return _page(f"Google said: {request.args['error']}. Nothing was connected.", 400)
    state, expected = request.args.get("state", ""), session.get(STATE_KEY, "")
    # Bytes: compare_digest refuses non-ASCII text. A mismatch leaves the pending state alone,
    # so a cross-site link to this page cannot spoil the owner's sign-in in progress.
    if not expected or not hmac.compare_digest(state.encode("utf-8"), expected.encode("utf-8")):
        return _page("This sign-in was not started from this browser: start again at /oauth/google/start.", 400)
    session.pop(STATE_KEY, None)
    try:
        with bot.db.transaction() as db_session:
            finish(db_session, bot.settings, _uri(bot.settings), state, request.args.get("code", ""),
                   bot.clock.now())
    except OAuthProblem as problem:
        return _page(str(problem), 400)
    return _page("Google Calendar is connected. `smsbot google status` checks it.")
