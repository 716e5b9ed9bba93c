"""Helpers shared by tests: the app (on a bot from tests/bots.py) and signed Twilio requests."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator
from urllib.parse import urlencode

from sqlalchemy import func, select
from twilio.request_validator import RequestValidator

from tests.bots import NY, build_bot  # noqa: F401 (NY for the tests that import it from here)

TOKEN = "test-auth-token-0123456789abcdef"
WEBHOOK = "http://localhost/twilio/sms"


def make_app(**overrides):
    """The app of a fresh bot on in-memory SQLite, frozen at tests.bots.START."""
    return build_bot(**overrides).app()


@contextmanager
def app_on(url: str, **overrides) -> Iterator:
    """make_app on the database at `url` (e.g. the postgres_url fixture's), migrated first."""
    bot = build_bot(url, **overrides)
    try:
        yield bot.app()
    finally:
        bot.db.dispose()


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


def start_worker_process(tmp_path, database_url: str, fake_twilio, from_number: str):
    """A real `smsbot worker` process sending through the fake Twilio (crash tests kill it)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SMSBOT_"))}
    env.update(DATABASE_URL=database_url, SMSBOT_DOTENV=str(tmp_path / "no.env"),
               TWILIO_ACCOUNT_SID=fake_twilio.account_sid, TWILIO_AUTH_TOKEN=fake_twilio.auth_token,
               TWILIO_FROM_NUMBER=from_number, TWILIO_API_BASE_URL=fake_twilio.base_url,
               SMS_SEGMENTS_PER_SECOND="0", NO_PROXY="127.0.0.1,localhost")
    return subprocess.Popen([sys.executable, "-m", "smsbot", "worker", "--poll", "0.2"], env=env,
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
