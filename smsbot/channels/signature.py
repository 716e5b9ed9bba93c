"""X-Twilio-Signature, checked against the URL Twilio actually called."""
from __future__ import annotations

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator

try:
    from twilio.request_validator import get_signature_algorithm
except ImportError:  # older SDKs know only the Auth Token signature
    def get_signature_algorithm(_header):
        return None


def public_url() -> str:
    """The URL as Twilio saw it. Behind proxies, ProxyFix (trusted hops only) has
    already rewritten scheme and host; PUBLIC_BASE_URL overrides both."""
    settings = current_app.config["SMSBOT_SETTINGS"]
    query = request.query_string.decode("latin-1")
    tail = request.path + (f"?{query}" if query else "")
    if settings.public_base_url:
        return settings.public_base_url + tail
    return request.host_url.rstrip("/") + tail


def require_twilio_signature(form) -> None:
    settings = current_app.config["SMSBOT_SETTINGS"]
    if not settings.twilio_auth_token:
        return  # development mode only: create_app refuses to run like this in production
    signature = request.headers.get("X-Twilio-Signature", "")
    settings_header = request.headers.get("X-Twilio-Webhooks-Signature-Settings")
    extra = (get_signature_algorithm(settings_header),) if settings_header else ()
    validator = RequestValidator(settings.twilio_auth_token)
    if not signature or not validator.validate(public_url(), form, signature, *extra):
        abort(403, "invalid Twilio signature")
