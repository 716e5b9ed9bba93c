"""The owner connects the business's Google Calendar: OAuth 2.0 web flow with offline
access and PKCE (google-auth-oauthlib). The PKCE verifier waits in the database between
the start and the callback (one-time, 15 minutes); the refresh token is stored encrypted."""
from __future__ import annotations

from datetime import datetime, timedelta

import requests
from google_auth_oauthlib.flow import Flow
from oauthlib.oauth2.rfc6749.errors import OAuth2Error
from sqlalchemy import delete

from smsbot.calendars.google.api import SCOPES
from smsbot.calendars.google.credentials import CredentialsProblem, TokenBox, save_oauth_grant
from smsbot.calendars.google.models import GoogleOAuthPending

PENDING_FOR = timedelta(minutes=15)
TOKEN_TIMEOUT_SECONDS = 10


class OAuthProblem(Exception):
    """Shown to the owner as is."""


def redirect_uri(settings, fallback: str) -> str:
    """The callback URL registered with Google: PUBLIC_BASE_URL's when set."""
    return f"{settings.public_base_url}/oauth/google/callback" if settings.public_base_url else fallback


def _flow(settings, uri: str, **kwargs) -> Flow:
    config = {"web": {"client_id": settings.google_oauth_client_id,
                      "client_secret": settings.google_oauth_client_secret,
                      "auth_uri": settings.google_oauth_auth_uri, "token_uri": settings.google_oauth_token_uri,
                      "redirect_uris": [uri]}}
    return Flow.from_client_config(config, scopes=list(SCOPES), redirect_uri=uri, **kwargs)


def begin(session, settings, uri: str, now: datetime) -> tuple[str, str]:
    """(the Google consent URL to send the owner to, its state)."""
    if not settings.google_oauth_client_id:
        raise OAuthProblem("GOOGLE_OAUTH_CLIENT_ID is not set")
    try:
        TokenBox(settings.google_token_key)  # refuse now rather than after the consent screen
    except CredentialsProblem as problem:
        raise OAuthProblem(str(problem)) from None
    flow = _flow(settings, uri)
    url, state = flow.authorization_url(access_type="offline", prompt="consent")
    session.execute(delete(GoogleOAuthPending).where(GoogleOAuthPending.created_at < now - PENDING_FOR))
    session.add(GoogleOAuthPending(state=state, code_verifier=flow.code_verifier, created_at=now))
    return url, state


def finish(session, settings, uri: str, state: str, code: str, now: datetime) -> None:
    pending = session.get(GoogleOAuthPending, state)
    if pending is None or pending.created_at < now - PENDING_FOR:
        raise OAuthProblem("This sign-in expired or was already used: start again at /oauth/google/start.")
    verifier = pending.code_verifier
    session.delete(pending)
    flow = _flow(settings, uri, state=state, code_verifier=verifier, autogenerate_code_verifier=False)
    try:
        flow.fetch_token(code=code, timeout=TOKEN_TIMEOUT_SECONDS)
    except (OAuth2Error, requests.RequestException) as error:
        raise OAuthProblem(f"Google did not give us a token: {error}") from None
    creds = flow.credentials
    if not creds.refresh_token:
        raise OAuthProblem("Google sent no refresh token: remove smsbot's access in your Google "
                           "account's security settings, then connect again.")
    save_oauth_grant(session, settings, creds.refresh_token, list(creds.scopes or SCOPES), now)
