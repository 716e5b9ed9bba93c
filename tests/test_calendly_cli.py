"""`smsbot calendly status` and `smsbot calendly subscribe` as an operator runs them, against
the fake Calendly."""
from __future__ import annotations

from smsbot.calendars.calendly.provider import CalendlyCalendars
from smsbot.calendars.factory import calendar_factory
from smsbot.config import load_settings
from tests.cli_runner import smsbot


def _env(fake, **more) -> dict[str, str]:
    return {"CALENDLY_TOKEN": fake.token, "CALENDLY_EVENT_TYPE": "appointment", "CALENDLY_API_BASE": fake.base,
            "CALENDLY_WEBHOOK_SIGNING_KEY": "whsec-cli-key", "PUBLIC_BASE_URL": "https://bot.example.com", **more}


def test_the_factory_picks_calendly_when_token_and_event_type_are_set(fake_calendly):
    assert isinstance(calendar_factory(load_settings(_env(fake_calendly))), CalendlyCalendars)


def test_status_says_the_token_works_and_which_event_type_is_booked(fake_calendly):
    result = smsbot("calendly", "status", env=_env(fake_calendly))

    assert result.returncode == 0, result.stderr
    assert "token: works, for Dr. Owner <owner@biz.example>" in result.stdout
    assert f"event type: Appointment (30 min) {fake_calendly.event_type_uri}" in result.stdout
    assert "webhook: none to this bot (run smsbot calendly subscribe)" in result.stdout
    assert fake_calendly.token not in result.stdout + result.stderr


def test_subscribe_creates_the_subscription_once_signed_with_our_key(fake_calendly):
    first = smsbot("calendly", "subscribe", env=_env(fake_calendly))
    again = smsbot("calendly", "subscribe", env=_env(fake_calendly))

    assert first.returncode == 0, first.stderr
    assert first.stdout == "subscribed: https://bot.example.com/calendly/webhook (invitee.created, invitee.canceled)\n"
    assert again.stdout == "already subscribed: https://bot.example.com/calendly/webhook\n"
    [sub] = fake_calendly.subscriptions
    assert (sub["signing_key"], sub["scope"], sub["user"]) == ("whsec-cli-key", "user", fake_calendly.user["uri"])
    assert sub["organization"] == fake_calendly.user["current_organization"]
    status = smsbot("calendly", "status", env=_env(fake_calendly))
    assert "webhook: active to https://bot.example.com/calendly/webhook" in status.stdout


def test_subscribe_needs_a_public_https_address_and_a_signing_key(fake_calendly):
    no_url = smsbot("calendly", "subscribe", env=_env(fake_calendly, PUBLIC_BASE_URL=""))
    no_key = smsbot("calendly", "subscribe", env=_env(fake_calendly, CALENDLY_WEBHOOK_SIGNING_KEY=""))

    assert no_url.returncode == 1 and "PUBLIC_BASE_URL" in no_url.stderr
    assert no_key.returncode == 1 and "CALENDLY_WEBHOOK_SIGNING_KEY" in no_key.stderr
    assert fake_calendly.subscriptions == []


def test_status_with_a_bad_token_says_not_working_and_exits_1(fake_calendly):
    result = smsbot("calendly", "status", env=_env(fake_calendly, CALENDLY_TOKEN="revoked"))

    assert result.returncode == 1 and "NOT WORKING" in result.stdout and "Traceback" not in result.stderr


def test_status_without_calendly_says_it_is_off():
    result = smsbot("calendly", "status")

    assert result.returncode == 1 and "Calendly is off" in result.stdout
