"""`smsbot google status` and `smsbot google sync` as an operator runs them (in-process,
tests/cli_runner.py), with the settings in the environment and GOOGLE_CALENDAR_API_ENDPOINT
pointing at the fake."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from cryptography.fernet import Fernet

from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.calendars.factory import calendar_factory
from smsbot.config import SettingsError, load_settings
from tests.cli_runner import smsbot
from tests.fakes.google_accounts import new_calendar, service_account_json


@pytest.fixture
def google_env(fake, tmp_path):
    fake.clock = lambda: datetime.now(timezone.utc)
    key_file = tmp_path / "key.json"
    key_file.write_text(service_account_json(fake))
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "GOOGLE_CALENDAR_ID": new_calendar(fake),
            "GOOGLE_SERVICE_ACCOUNT_JSON": str(key_file), "GOOGLE_CALENDAR_API_ENDPOINT": fake.base,
            "SMSBOT_DOTENV": str(tmp_path / "none.env")}


def test_status_names_the_service_account_and_says_it_works(google_env):
    result = smsbot("google", "status", env={**google_env, "GOOGLE_DELEGATED_USER": "owner@biz.example"})

    assert result.returncode == 0, result.stderr
    assert "service account smsbot-test@fake-project.iam.gserviceaccount.com acting as owner@biz.example" \
        in result.stdout
    assert "check: ok" in result.stdout and "last sync: never" in result.stdout


def test_status_says_what_is_broken(google_env):
    result = smsbot("google", "status", env={**google_env, "GOOGLE_BUSY_CALENDAR_IDS": "nobody@example.com"})

    assert result.returncode == 1
    assert "NOT WORKING: freebusy cannot read nobody@example.com (notFound)" in result.stdout


def test_status_without_google(google_env):
    result = smsbot("google", "status", env={"DATABASE_URL": google_env["DATABASE_URL"],
                                             "SMSBOT_DOTENV": google_env["SMSBOT_DOTENV"]})

    assert result.returncode == 1 and "off" in result.stdout


def test_status_of_an_oauth_deployment_not_yet_connected(google_env):
    env = {**google_env, "GOOGLE_SERVICE_ACCOUNT_JSON": "", "GOOGLE_OAUTH_CLIENT_ID": "c",
           "GOOGLE_OAUTH_CLIENT_SECRET": "s", "GOOGLE_TOKEN_KEY": Fernet.generate_key().decode(),
           "OWNER_PASSWORD": "correct horse"}
    result = smsbot("google", "status", env=env)

    assert result.returncode == 1 and "not connected yet" in result.stdout


def test_sync_from_cron_follows_staff_changes_and_starts_a_push_channel(google_env, fake):
    cid = google_env["GOOGLE_CALENDAR_ID"]
    env = {**google_env, "PUBLIC_BASE_URL": "https://bot.example"}
    first = smsbot("google", "sync", env=env)
    assert first.returncode == 0, first.stderr
    assert "full sync" in first.stdout and "push channel" in first.stdout and "started" in first.stdout
    now = datetime.now(timezone.utc).replace(microsecond=0)
    fake.staff_add(cid, now + timedelta(days=1), now + timedelta(days=1, hours=1))

    again = smsbot("google", "sync", env=env)

    assert again.returncode == 0, again.stderr
    assert "incremental sync: 1 change(s) read" in again.stdout and "kept" in again.stdout
    [channel] = [c for c in fake.channels.values() if c["calendar"] == cid]
    assert channel["address"] == "https://bot.example/google/push"


def test_sync_when_google_is_down_fails_loudly(google_env, fake):
    fake.fail("events.list", 500, times=1000)

    result = smsbot("google", "sync", "--no-watch", env=google_env)

    assert result.returncode == 1 and "did not answer" in result.stderr


def test_settings_from_the_environment_pick_the_google_provider(google_env, monkeypatch):
    for name, value in {**google_env, "GOOGLE_BUSY_CALENDAR_IDS": " a@x, b@x ,", "GOOGLE_SEND_UPDATES": "all",
                        "GOOGLE_EVENT_ATTENDEES": "desk@biz.example"}.items():
        monkeypatch.setenv(name, value)

    settings = load_settings()

    assert settings.google_busy_calendar_ids == ("a@x", "b@x") and settings.google_send_updates == "all"
    assert settings.google_event_attendees == ("desk@biz.example",)
    assert isinstance(calendar_factory(settings), GoogleCalendars)
    monkeypatch.setenv("GOOGLE_SEND_UPDATES", "sometimes")
    with pytest.raises(SettingsError, match="GOOGLE_SEND_UPDATES=sometimes: must be all, externalOnly or none"):
        load_settings()
