"""Calendly's webhook signature: `Calendly-Webhook-Signature: t=<unix seconds>,v1=<hex>`,
the HMAC-SHA256 of "<t>.<raw body>" under the subscription's signing key."""
from __future__ import annotations

import hashlib
import hmac

TOLERANCE_SECONDS = 300  # an older (or later) delivery is refused: a replay, or a wrong clock


def signature_for(key: str, body: bytes, at: int) -> str:
    digest = hmac.new(key.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={at},v1={digest}"


def verified(header: str | None, body: bytes, key: str, now: float) -> bool:
    if not key or not header:
        return False
    parts = dict(part.strip().split("=", 1) for part in header.split(",") if "=" in part)
    try:
        at = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - at) > TOLERANCE_SECONDS:
        return False
    expected = signature_for(key, body, at).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))
