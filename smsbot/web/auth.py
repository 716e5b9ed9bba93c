"""Logging in to the dashboard: a one-time code texted (through the outbox) to a number on
the staff list, or the owner password; attempts limited by web/throttle.py."""
from __future__ import annotations

import hmac
import logging
import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Response, abort, redirect, render_template, request, session, url_for

from smsbot.phones import mask_phone, parse_phone
from smsbot.store import outbox, staff as staff_store, web_auth
from smsbot.web.common import bot, current_user, now
from smsbot.web import throttle
from smsbot.web.guard import guarded_blueprint

log = logging.getLogger("smsbot.web.auth")
bp = guarded_blueprint("web_auth", __name__)
HOME = "/today"
PASSWORD_ACCOUNT = "owner-password"


def safe_next(target: str | None) -> str:
    """Only back to a path of ours: no scheme, no host, nothing a browser would strip or
    reinterpret (tabs, line breaks, backslashes) into another host."""
    if not target or any(c.isspace() or not c.isprintable() or c == "\\" for c in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return HOME
    return target


def _page(template: str, status: int = 200, **values) -> Response:
    settings = bot().settings
    return Response(render_template(template, password_login=bool(settings.owner_password),
                                    next=safe_next(request.values.get("next")), **values),
                    status=status, mimetype="text/html")


def _refused(wait: int) -> Response:
    response = _page("login.html", 429, error="Too many login attempts. Wait a few minutes and try again.")
    response.headers["Retry-After"] = str(wait)
    return response


def _logged_in(db, phone: str, role: str) -> Response:
    token = web_auth.start_session(db, phone, role, now(), timedelta(hours=bot().settings.web_session_hours))
    session.clear()
    session["token"], session.permanent = token, True
    return redirect(safe_next(request.values.get("next")))


@bp.get("/")
def index():
    return redirect(HOME if current_user() else url_for("web_auth.login"))


@bp.get("/login")
def login():
    return _page("login.html")


@bp.post("/login/code")
def send_code():
    phone = parse_phone(request.form.get("phone", "").strip())
    if phone is None:
        return _page("login.html", 400, error="Enter your number with its country code, like +15551230001.")
    if (wait := throttle.refused_lately(phone)) is not None:
        return _refused(wait)
    with bot().db.transaction() as db:
        if (wait := throttle.count_attempt(db, phone)) is not None:
            return _refused(wait)
        if staff_store.get(db, phone) is not None:
            moment, minutes = now(), bot().settings.login_code_minutes
            code = web_auth.new_code(db, phone, moment, timedelta(minutes=minutes))
            outbox.enqueue(db, key=f"login:{phone}:{secrets.token_hex(8)}", to=phone, kind="login",
                           body=f"Your smsbot login code is {code}. It expires in {minutes} minutes.",
                           due_at=moment, now=moment, stale_at=moment + timedelta(minutes=minutes))
    # The same answer whether or not the number is on the staff list.
    return _page("code.html", phone=phone)


@bp.post("/login/verify")
def verify_code():
    phone = parse_phone(request.form.get("phone", "").strip())
    code = request.form.get("code", "").strip()
    if phone is None or not code.isdigit() or len(code) != 6:
        return _page("code.html", 400, phone=phone or "", error="Enter the 6-digit code from the text.")
    if (wait := throttle.refused_lately(phone)) is not None:
        return _refused(wait)
    with bot().db.transaction() as db:
        if (wait := throttle.count_attempt(db, phone)) is not None:
            return _refused(wait)
        member = staff_store.get(db, phone)
        if member is not None and web_auth.use_code(db, phone, code, now()):
            throttle.forget(db, phone)
            log.info("%s %s logged in with a texted code", member.role, mask_phone(phone))
            return _logged_in(db, phone, member.role)
    log.info("wrong login code for %s", mask_phone(phone))
    return _page("code.html", 401, phone=phone, error="That code is wrong or expired. Ask for a new one.")


@bp.post("/login/password")
def password_login():
    expected = bot().settings.owner_password
    if not expected:
        abort(404)
    given = request.form.get("password", "")
    if (wait := throttle.refused_lately(PASSWORD_ACCOUNT)) is not None:
        return _refused(wait)
    with bot().db.transaction() as db:
        if (wait := throttle.count_attempt(db, PASSWORD_ACCOUNT)) is not None:
            return _refused(wait)
        if hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8")):
            throttle.forget(db, PASSWORD_ACCOUNT)
            log.info("owner logged in with the password from %s", request.remote_addr)
            return _logged_in(db, "", "owner")
    log.warning("wrong owner password from %s", request.remote_addr)
    return _page("login.html", 401, error="Wrong password.")


@bp.post("/logout")
def logout():
    token = session.get("token", "")
    with bot().db.transaction() as db:
        web_auth.end_session(db, token)
    session.clear()
    return redirect(url_for("web_auth.login"))


@bp.get("/owner/login")
@bp.get("/owner")
def old_owner_pages():
    """The owner pages this dashboard replaced."""
    return redirect(url_for("web_auth.login", next=safe_next(request.args.get("next"))))

