"""The staff dashboard: server-rendered pages over the same service layer as the SMS staff
commands. Login (texted code or owner password), CSRF and Origin checks, cookies."""
from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect

log = logging.getLogger("smsbot.web")
csrf = CSRFProtect()


class HttpsAwareSessions(SecureCookieSessionInterface):
    """The cookie is Secure whenever the request came over HTTPS, also behind trusted
    proxies (ProxyFix has set the scheme from X-Forwarded-Proto by then)."""

    def get_cookie_secure(self, app) -> bool:
        from flask import request

        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    settings = app.config["SMSBOT_SETTINGS"]
    key = settings.secret_key
    if not key and settings.development:
        key = secrets.token_hex(32)
        log.warning("SECRET_KEY is not set: generated one for this process, so dashboard logins "
                    "end when it restarts. Set SECRET_KEY to keep them.")
    app.secret_key = key or None
    app.session_interface = HttpsAwareSessions()
    app.config.update(
        SESSION_COOKIE_NAME="smsbot_session", SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.web_session_hours),
        # Checked by the dashboard's own guard (web/guard.py), not on Twilio's webhooks.
        WTF_CSRF_CHECK_DEFAULT=False, WTF_CSRF_TIME_LIMIT=None)
    csrf.init_app(app)

    from smsbot.web import agenda, appointments, auth, conversations, outbox, pages, staff
    from smsbot.web.render import add_filters

    add_filters(app)
    for module in (auth, agenda, appointments, outbox, staff, pages, conversations):
        app.register_blueprint(module.bp)
