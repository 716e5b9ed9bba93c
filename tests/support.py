"""Helpers shared by tests: an app on in-memory SQLite and signed Twilio requests."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from typing import Iterator
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from smsbot.app import create_app
from smsbot.clock import FrozenClock
from smsbot.config import Settings
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade

NY = ZoneInfo("America/New_York")
TOKEN = "test-auth-token-0123456789abcdef"
WEBHOOK = "http://localhost/twilio/sms"


def make_app(db: Database | None = None, **overrides):
    """The app on `db` (already migrated), by default a fresh in-memory SQLite."""
    settings = Settings().with_overrides(**overrides)
    if db is None:
        db = Database("sqlite://")
        db.create_all()
    clock = FrozenClock(datetime(2026, 3, 4, 10, 15, tzinfo=NY))
    return create_app(settings, clock=clock, db=db)


@contextmanager
def app_on(url: str, **overrides) -> Iterator:
    """make_app on the database at `url` (e.g. the postgres_url fixture's), migrated first."""
    upgrade(url)
    db = Database(url)
    try:
        yield make_app(db, **overrides)
    finally:
        db.dispose()


def sign(url: str, form: dict, token: str = TOKEN) -> str:
    return RequestValidator(token).compute_signature(url, form)


def post_signed(client, form: dict, url: str = WEBHOOK, token: str = TOKEN, **kwargs):
    headers = {"X-Twilio-Signature": sign(url, form, token), **kwargs.pop("headers", {})}
    return client.post("/twilio/sms", data=urlencode(form), headers=headers,
                       content_type="application/x-www-form-urlencoded", **kwargs)


def count(app, model) -> int:
    db = app.extensions["smsbot"].db
    with db.transaction() as session:
        return session.scalar(select(func.count()).select_from(model))


def inbound(body: str, phone: str = "+15551230001", sid: str = "SM" + "0" * 32) -> dict:
    return {"MessageSid": sid, "AccountSid": "AC" + "1" * 32, "From": phone,
            "To": "+15550009999", "Body": body, "NumMedia": "0"}
