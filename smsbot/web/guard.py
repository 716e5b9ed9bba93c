"""What every dashboard request goes through: state-changing requests must come from our
own pages (Origin, else Referer, when the browser sends one) and carry the CSRF token;
answers are never cached or framed."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, request

STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
ROW_ID = "int(max=2147483647)"  # a database id in a path: a longer number is a 404, not an overflow


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def our_origins() -> set[str]:
    origins = {_origin_of(request.host_url)}
    base = current_app.config["SMSBOT_SETTINGS"].public_base_url
    if base:
        origins.add(_origin_of(base))
    return origins


def check_request() -> None:
    if not current_app.secret_key:
        abort(503, "SECRET_KEY is not set, so nobody can log in to the dashboard")
    if request.method not in STATE_CHANGING:
        return
    claimed = request.headers.get("Origin") or request.headers.get("Referer")
    if claimed and _origin_of(claimed) not in our_origins():
        abort(403, "this form was not sent from this site's own pages")
    from smsbot.web import csrf

    csrf.protect()


def harden(response):
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = ("default-src 'self'; frame-ancestors 'none'; "
                                                   "form-action 'self'; base-uri 'none'")
    return response


def guarded_blueprint(name: str, import_name: str, **options) -> Blueprint:
    bp = Blueprint(name, import_name, template_folder="templates", **options)
    bp.before_request(check_request)
    bp.after_request(harden)
    return bp
