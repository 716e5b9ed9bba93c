"""Who may call /vapi/tools: Vapi, proven by VAPI_HMAC_SECRET (an HMAC-SHA256 signature of
"{timestamp}.{raw body}", at most 5 minutes old) when that is set, else by VAPI_SECRET
(Vapi's server secret, sent as X-Vapi-Secret). Compared in constant time."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

TOLERANCE_SECONDS = 300


def configured(settings) -> bool:
    return bool(settings.vapi_hmac_secret or settings.vapi_secret)


def signature_of(secret: str, timestamp: str, body: bytes) -> str:
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _seconds(timestamp: str) -> float | None:
    try:
        value = float(timestamp)
    except ValueError:
        try:
            return datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    return value / 1000 if value > 1e11 else value  # milliseconds, as JavaScript counts


def problem(settings, headers, body: bytes, now: datetime) -> str | None:
    """Why this request is refused, or None when it is Vapi's."""
    if settings.vapi_hmac_secret:
        signature = headers.get(settings.vapi_signature_header, "").strip()
        timestamp = headers.get(settings.vapi_timestamp_header, "").strip()
        if not signature or not timestamp:
            return "missing signature or timestamp"
        sent = _seconds(timestamp)
        if sent is None or abs(now.timestamp() - sent) > TOLERANCE_SECONDS:
            return "timestamp missing, unreadable or more than 5 minutes off"
        expected = signature_of(settings.vapi_hmac_secret, timestamp, body)
        given = signature.removeprefix("sha256=").lower()
        return None if hmac.compare_digest(given.encode(), expected.encode()) else "wrong signature"
    if settings.vapi_secret:
        given = headers.get("X-Vapi-Secret", "")
        return None if hmac.compare_digest(given.encode(), settings.vapi_secret.encode()) else "wrong secret"
    return None if settings.development else "no VAPI_SECRET or VAPI_HMAC_SECRET is set"
