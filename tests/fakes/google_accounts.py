"""Credentials for the fake: a service-account key made here (RSA from `cryptography`),
registered with the fake so its token endpoint can verify the signed JWT grant."""
from __future__ import annotations

import functools
import itertools
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from smsbot.config import Settings

EMAIL = "smsbot-test@fake-project.iam.gserviceaccount.com"
_calendars = itertools.count(1)


@functools.lru_cache(maxsize=1)
def _key_pems() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def service_account_json(fake) -> str:
    private, public = _key_pems()
    fake.register_service_account(EMAIL, public)
    return json.dumps({"type": "service_account", "project_id": "fake-project", "private_key_id": "k1",
                       "private_key": private, "client_email": EMAIL, "client_id": "1",
                       "token_uri": fake.token_uri})


def new_calendar(fake) -> str:
    cid = f"bookings-{next(_calendars)}@group.calendar.google.com"
    fake.add_calendar(cid)
    return cid


def google_settings(fake, base: Settings | None = None, **overrides) -> Settings:
    """Settings for a Google deployment whose Google is the fake, with a fresh calendar."""
    base = base or Settings()
    values = dict(google_calendar_id=new_calendar(fake), google_service_account_json=service_account_json(fake),
                  google_calendar_api_endpoint=fake.base)
    values.update(overrides)
    return base.with_overrides(**values)
