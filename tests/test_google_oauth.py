"""Connecting Google Calendar with the owner's OAuth grant: owner login, the web flow with
offline access and PKCE against the fake's consent screen and token endpoint, refresh
tokens encrypted at rest, and bookings made with the grant afterwards."""
from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from cryptography.fernet import Fernet
from sqlalchemy import select

from smsbot.calendars.google.credentials import CredentialsProblem, TokenBox
from smsbot.clock import FrozenClock
from smsbot.config import SettingsError
from smsbot.dialog.say import sms as texts
from smsbot.calendars.google.models import GoogleToken
from tests.bots import START
from tests.fakes.google_accounts import new_calendar
from tests.web_support import log_in_with_password

PASSWORD = "correct horse battery staple"
CLIENT_ID, CLIENT_SECRET = "client-123.apps.googleusercontent.com", "shh-client-secret"


@pytest.fixture
def oauth_app(fake, monkeypatch, make_bot):
    """The bot set up for an OAuth grant (no service account), on the fake's endpoints."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the fake speaks plain HTTP
    fake.register_client(CLIENT_ID, CLIENT_SECRET)
    fake.clock = FrozenClock(START).now

    def build(**overrides):
        return make_bot(**{
            "google_calendar_id": new_calendar(fake), "google_calendar_api_endpoint": fake.base,
            "google_oauth_client_id": CLIENT_ID, "google_oauth_client_secret": CLIENT_SECRET,
            "google_oauth_auth_uri": fake.auth_uri, "google_oauth_token_uri": fake.token_uri,
            "google_token_key": Fernet.generate_key().decode(), "owner_password": PASSWORD,
            "secret_key": "test-secret-key", **overrides}).app()
    return build


def log_in(client, password=PASSWORD, next_="/oauth/google/start"):
    return log_in_with_password(client, password, next_)


def connect(client, fake):
    """Owner clicks 'connect', agrees on Google's screen, comes back to the callback."""
    start = client.get("/oauth/google/start")
    assert start.status_code == 302
    consent = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])
    return client.get(f"{back.path}?{back.query}")


def test_the_flow_is_for_a_logged_in_owner_only(oauth_app):
    client = oauth_app().test_client()

    first = client.get("/oauth/google/start")
    assert first.status_code == 302 and first.headers["Location"].startswith("/login?next=")
    assert client.get("/oauth/google/callback?state=x&code=y").status_code == 302
    assert log_in(client, "wrong").status_code == 401
    ok = log_in(client)
    assert ok.status_code == 302 and ok.headers["Location"] == "/oauth/google/start"


def test_login_never_redirects_to_another_host(oauth_app):
    client = oauth_app().test_client()

    assert log_in(client, next_="//evil.example/x").headers["Location"] == "/today"
    assert b"Connect Google Calendar" in client.get("/settings").data


def test_connecting_stores_an_encrypted_refresh_token_and_bookings_use_it(oauth_app, fake):
    app = oauth_app()
    client = app.test_client()
    log_in(client)

    start = client.get("/oauth/google/start")
    asked = parse_qs(urlsplit(start.headers["Location"]).query)
    assert asked["access_type"] == ["offline"] and asked["code_challenge_method"] == ["S256"]
    assert asked["redirect_uri"] == ["http://localhost/oauth/google/callback"]
    consent = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])
    done = client.get(f"{back.path}?{back.query}")

    assert done.status_code == 200 and b"connected" in done.data
    bot = app.extensions["smsbot"]
    with bot.db.transaction() as session:
        row = session.scalars(select(GoogleToken)).one()
    [refresh_token] = fake.refresh_tokens
    assert refresh_token not in row.refresh_token_encrypted
    assert TokenBox(bot.settings.google_token_key).open(row.refresh_token_encrypted) == refresh_token

    client.post("/twilio/sms", data={"From": "+15551230001", "Body": "thursday at 2:30pm", "MessageSid": "SM1"})
    reply = client.post("/twilio/sms", data={"From": "+15551230001", "Body": "yes", "MessageSid": "SM2"})
    assert b"Booked" in reply.data
    assert len(fake.events(bot.settings.google_calendar_id)) == 1
    assert fake.token_grants[-1] == "refresh_token"  # a fresh access token from the stored grant


def test_a_callback_must_match_the_state_this_browser_started(oauth_app, fake):
    client = oauth_app().test_client()
    log_in(client)
    start = client.get("/oauth/google/start")
    consent = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])
    forged = parse_qs(back.query)
    forged["state"] = ["someone-elses-state"]

    assert client.get(f"{back.path}?{urlencode(forged, doseq=True)}").status_code == 400
    forged["state"] = ["\u00e9t\u00e9-\u2603"]  # non-ASCII: compared as bytes, not a 500
    assert client.get(f"{back.path}?{urlencode(forged, doseq=True)}").status_code == 400
    # A cross-site link to the callback did not spoil the owner's sign-in in progress...
    assert client.get(f"{back.path}?{back.query}").status_code == 200
    # ...which used its state up.
    assert client.get(f"{back.path}?{back.query}").status_code == 400


def test_a_wrong_pkce_verifier_gets_no_token(oauth_app, fake):
    app = oauth_app()
    client = app.test_client()
    log_in(client)
    start = client.get("/oauth/google/start")
    with app.extensions["smsbot"].db.transaction() as session:
        from smsbot.calendars.google.models import GoogleOAuthPending

        session.scalars(select(GoogleOAuthPending)).one().code_verifier = "x" * 64
    consent = requests.get(start.headers["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(consent.headers["Location"])

    answer = client.get(f"{back.path}?{back.query}")
    assert answer.status_code == 400 and b"did not give us a token" in answer.data


def test_no_token_key_no_start(oauth_app):
    with pytest.raises(SettingsError, match="^GOOGLE_TOKEN_KEY is not set: GOOGLE_OAUTH_CLIENT_ID needs it"):
        oauth_app(google_token_key="")


def test_before_connecting_or_after_revoking_customers_hear_try_later(oauth_app, fake):
    app = oauth_app()
    client = app.test_client()
    form = {"From": "+15551230001", "Body": "thursday at 2:30pm", "MessageSid": "SM1"}
    assert texts.TRY_LATER.encode() in client.post("/twilio/sms", data=form).data

    log_in(client)
    assert connect(client, fake).status_code == 200
    fake.refresh_tokens.clear()  # the owner revoked our access in their Google account
    form["MessageSid"] = "SM2"
    assert texts.TRY_LATER.encode() in client.post("/twilio/sms", data=form).data


def test_token_keys_rotate_and_a_wrong_key_is_reported():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    sealed = TokenBox(old).seal("1//refresh")

    assert TokenBox(f"{new},{old}").open(sealed) == "1//refresh"
    with pytest.raises(CredentialsProblem, match="does not decrypt"):
        TokenBox(new).open(sealed)
    with pytest.raises(CredentialsProblem, match="not a Fernet key"):
        TokenBox("not-a-key")


def test_at_start_up_without_secret_key_development_makes_one(oauth_app):
    app = oauth_app(secret_key="")
    assert app.secret_key and len(app.secret_key) >= 32
    with pytest.raises(SettingsError, match="^SECRET_KEY is not set: production needs it"):
        oauth_app(secret_key="", environment="production", twilio_auth_token="t", trusted_proxies=1)

