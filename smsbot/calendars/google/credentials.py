"""Who we are to Google: a service account (optionally acting for a Workspace user through
domain-wide delegation) from GOOGLE_SERVICE_ACCOUNT_JSON, or the business owner's OAuth
grant, whose refresh token is kept encrypted (Fernet, key from GOOGLE_TOKEN_KEY)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from google.oauth2 import credentials as user_credentials
from google.oauth2 import service_account
from sqlalchemy.orm import Session

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.google.api import SCOPES
from smsbot.calendars.google.models import GoogleToken
from smsbot.config_formats import read_service_account

GRANT_ROW = 1


class CredentialsProblem(CalendarUnavailable):
    """Google is configured but we have nothing (valid) to sign in with."""


class TokenBox:
    """Encrypts refresh tokens at rest. GOOGLE_TOKEN_KEY holds one or more comma-separated
    Fernet keys: the first encrypts, any of them decrypts (so keys can be rotated)."""

    def __init__(self, keys: str):
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise CredentialsProblem("GOOGLE_TOKEN_KEY is not set (make one with: python -c "
                                     "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')")
        try:
            self.fernet = MultiFernet([Fernet(k.encode("ascii")) for k in parts])
        except (ValueError, UnicodeEncodeError) as error:
            raise CredentialsProblem(f"GOOGLE_TOKEN_KEY is not a Fernet key: {error}") from None

    def seal(self, secret: str) -> str:
        return self.fernet.encrypt(secret.encode("utf-8")).decode("ascii")

    def open(self, sealed: str) -> str:
        try:
            return self.fernet.decrypt(sealed.encode("ascii")).decode("utf-8")
        except InvalidToken:
            raise CredentialsProblem("the stored Google refresh token does not decrypt with "
                                     "GOOGLE_TOKEN_KEY: reconnect at /oauth/google/start") from None


def service_account_info(setting: str) -> dict:
    """GOOGLE_SERVICE_ACCOUNT_JSON read again now (a key file may have changed since start-up)."""
    try:
        return read_service_account(setting)
    except ValueError as why:
        raise CredentialsProblem(f"GOOGLE_SERVICE_ACCOUNT_JSON {why}") from None


@dataclass(frozen=True)
class Grant:
    mode: str  # "service_account" or "oauth"
    credentials: object
    who: str  # for `smsbot google status` and logs


def service_account_grant(settings) -> Grant:
    try:
        info = service_account_info(settings.google_service_account_json)
    except OSError as error:
        raise CredentialsProblem(f"GOOGLE_SERVICE_ACCOUNT_JSON: {error}") from None
    creds = service_account.Credentials.from_service_account_info(info, scopes=list(SCOPES))
    who = f"service account {info.get('client_email', '?')}"
    if settings.google_delegated_user:
        creds = creds.with_subject(settings.google_delegated_user)
        who += f" acting as {settings.google_delegated_user}"
    return Grant("service_account", creds, who)


def oauth_grant(settings, session: Session) -> Grant:
    row = session.get(GoogleToken, GRANT_ROW)
    if row is None:
        raise CredentialsProblem("Google Calendar is not connected yet: an owner must visit /oauth/google/start")
    refresh_token = TokenBox(settings.google_token_key).open(row.refresh_token_encrypted)
    creds = user_credentials.Credentials(
        token=None, refresh_token=refresh_token, token_uri=settings.google_oauth_token_uri,
        client_id=settings.google_oauth_client_id, client_secret=settings.google_oauth_client_secret,
        scopes=row.scopes.split())
    who = f"OAuth grant of client {row.client_id} (connected {row.connected_at:%Y-%m-%d %H:%M}Z)"
    return Grant("oauth", creds, who)


def current_grant(settings, session: Session) -> Grant:
    """The service account when one is configured, the owner's OAuth grant otherwise."""
    if settings.google_service_account_json:
        return service_account_grant(settings)
    if settings.google_oauth_client_id:
        return oauth_grant(settings, session)
    raise CredentialsProblem("set GOOGLE_SERVICE_ACCOUNT_JSON or GOOGLE_OAUTH_CLIENT_ID")


def save_oauth_grant(session: Session, settings, refresh_token: str, scopes: list[str], now: datetime) -> None:
    sealed = TokenBox(settings.google_token_key).seal(refresh_token)
    row = session.get(GoogleToken, GRANT_ROW)
    if row is None:
        row = GoogleToken(id=GRANT_ROW, connected_at=now)
        session.add(row)
    row.refresh_token_encrypted, row.client_id = sealed, settings.google_oauth_client_id
    row.scopes, row.connected_at, row.updated_at = " ".join(scopes), now, now
    session.flush()
