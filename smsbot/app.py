"""The Flask app factory."""
from __future__ import annotations

import logging

from flask import Flask, Response
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix

from smsbot.bot import Bot
from smsbot.calendars.factory import calendar_factory
from smsbot.clock import SystemClock
from smsbot.config import Settings, check, load_settings_or_exit
from smsbot.store.db import Database, DatabaseUnavailable

log = logging.getLogger("smsbot")


def create_app(settings: Settings | None = None, *, clock=None, db: Database | None = None,
               migrate: bool = False) -> Flask:
    """Without `settings` they are loaded from the environment, and a bad one ends the
    process (its line on stderr, status 2); given settings that do not fit together raise
    SettingsError."""
    if settings is None:
        settings = load_settings_or_exit()
    else:
        check(settings)
    if not settings.twilio_auth_token:
        _warn_unsigned()
    db = db or Database.from_settings(settings)
    if migrate:
        from smsbot.store.migrate import upgrade

        upgrade(db.url)
    app = Flask(__name__)
    app.config.update(SMSBOT_SETTINGS=settings, MAX_CONTENT_LENGTH=settings.max_request_bytes)
    if settings.trusted_proxies:
        n = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)
    app.extensions["smsbot"] = Bot(db, settings, clock or SystemClock(), calendar_factory(settings))
    _register(app)
    return app


def _register(app: Flask) -> None:
    from smsbot.channels import health, twilio_sms, twilio_status, twilio_voice

    app.register_blueprint(twilio_sms.bp)
    app.register_blueprint(twilio_voice.bp)
    _register_vapi(app)
    app.register_blueprint(twilio_status.bp)
    app.register_blueprint(health.bp)

    from smsbot import web
    from smsbot.channels import calendly_webhook, google_oauth, google_push

    web.init_app(app)
    app.register_blueprint(google_oauth.bp)
    app.register_blueprint(google_push.bp)
    app.register_blueprint(calendly_webhook.bp)

    @app.errorhandler(HTTPException)
    def plain_error(error: HTTPException):
        return Response(f"{error.code} {error.name}: {error.description}\n",
                        status=error.code, mimetype="text/plain")

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error: DatabaseUnavailable):
        # Routes other than /twilio/sms (which answers the customer): a one-line 503 and
        # the outage in the log once a minute, never a traceback per request.
        bot = app.extensions["smsbot"]
        bot.outages.failed(str(error), bot.clock.now())
        return Response("503 Service Unavailable: the database is not answering; try again "
                        "shortly\n", status=503, mimetype="text/plain", headers={"Retry-After": "60"})


def _register_vapi(app: Flask) -> None:
    """Outside development /vapi/tools exists only with VAPI_SECRET or VAPI_HMAC_SECRET."""
    from smsbot.channels import vapi, vapi_auth

    settings = app.config["SMSBOT_SETTINGS"]
    if vapi_auth.configured(settings):
        app.register_blueprint(vapi.bp)
    elif settings.development:
        log.warning("DEVELOPMENT MODE: VAPI_SECRET is not set, so /vapi/tools accepts anyone's requests.")
        app.register_blueprint(vapi.bp)
    else:
        log.warning("/vapi/tools is off: set VAPI_SECRET or VAPI_HMAC_SECRET to let Vapi use the tools.")


def _warn_unsigned() -> None:
    """Only development gets here: check() refuses production without a token."""
    log.warning("*" * 72)
    log.warning("DEVELOPMENT MODE: TWILIO_AUTH_TOKEN is not set, so /twilio/sms accepts "
                "UNSIGNED requests. Never expose this server to the internet like this.")
    log.warning("*" * 72)
