"""The owner's web session, for pages only an owner may use (connecting Google Calendar).

A signed Flask session cookie, obtained at /owner/login with OWNER_PASSWORD from the
environment. SECRET_KEY signs it; in development a missing SECRET_KEY is generated per
process (with a warning), elsewhere the login refuses to work without one.
"""
from __future__ import annotations

import functools
import hmac
import logging
import secrets
import time
from datetime import timedelta
from html import escape

from flask import Blueprint, Flask, Response, abort, current_app, redirect, request, session, url_for

log = logging.getLogger("smsbot.owner")
bp = Blueprint("owner", __name__)
SESSION_LIFETIME = timedelta(hours=12)
FAILED_LOGIN_PAUSE = 0.5

FORM = """<!doctype html><title>smsbot owner login</title>
<form method="post"><p>{error}</p><label>Owner password <input type="password" name="password"
autofocus></label> <button>Log in</button></form>"""
HOME = """<!doctype html><title>smsbot owner</title><p>Logged in as the owner.</p>
<p><a href="/oauth/google/start">Connect Google Calendar</a></p>
<form method="post" action="/owner/logout"><button>Log out</button></form>"""


def init_app(app: Flask) -> None:
    settings = app.config["SMSBOT_SETTINGS"]
    key = settings.secret_key
    if not key and settings.development:
        key = secrets.token_hex(32)
        if settings.owner_password:
            log.warning("SECRET_KEY is not set: generated one for this process, so owner logins "
                        "end when it restarts. Set SECRET_KEY to keep them.")
    app.secret_key = key or None
    app.config.update(SESSION_COOKIE_NAME="smsbot_owner", SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
                      SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"))


def owner_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if not current_app.secret_key:
            abort(503, "SECRET_KEY is not set, so owners cannot log in")
        if session.get("owner") is not True:
            return redirect(url_for("owner.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


def _safe_next(target: str | None) -> str:
    """Only back to a page of ours: a path, never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/owner"
    return target


@bp.route("/owner/login", methods=["GET", "POST"])
def login():
    password = current_app.config["SMSBOT_SETTINGS"].owner_password
    if not password or not current_app.secret_key:
        abort(503, "set OWNER_PASSWORD (and SECRET_KEY) to enable the owner login")
    if request.method == "GET":
        return Response(FORM.format(error=""), mimetype="text/html")
    given = request.form.get("password", "")
    if hmac.compare_digest(given.encode("utf-8"), password.encode("utf-8")):
        session.clear()
        session["owner"], session.permanent = True, True
        log.info("owner logged in from %s", request.remote_addr)
        return redirect(_safe_next(request.args.get("next")))
    time.sleep(FAILED_LOGIN_PAUSE)  # slows down guessing
    log.warning("failed owner login from %s", request.remote_addr)
    return Response(FORM.format(error=escape("Wrong password.")), status=401, mimetype="text/html")


@bp.get("/owner")
@owner_required
def home():
    return Response(HOME, mimetype="text/html")


@bp.post("/owner/logout")
def logout():
    session.clear()
    return Response("logged out\n", mimetype="text/plain")
