"""Settings: typed, read and checked once at start; a bad value stops the process with one
line naming the variable, what is wrong and an example, and exit status 2."""
from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import time as clock, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from smsbot.app import create_app
from smsbot.config import SETTINGS, Settings, SettingsError, describe, load_settings
from smsbot.scheduling.hours import parse_hours
from tests.cli_runner import smsbot

ROOT = Path(__file__).resolve().parents[1]
KEY, OTHER_KEY = (base64.urlsafe_b64encode(bytes([n]) * 32).decode() for n in (1, 2))
SERVICE_ACCOUNT = json.dumps({"type": "service_account", "client_email": "bot@p.iam.gserviceaccount.com"})
SECRETS = [env for env, f in SETTINGS.items() if f.metadata["secret"]]

GOOD = {
    "SMSBOT_ENV": "Production", "DATABASE_URL": "postgres://bot:hunter2@db.example.com:5433/smsbot",
    "TWILIO_AUTH_TOKEN": "f00dfeed" * 4, "PUBLIC_BASE_URL": "https://bot.example.com/sms",
    "TRUSTED_PROXIES": "1", "MAX_REQUEST_BYTES": "131072", "BUSINESS_NAME": "Bright Smile Dental",
    "BUSINESS_PHONE": "(555) 010-2030", "BUSINESS_ADDRESS": "12 Main St, Springfield",
    "BUSINESS_TZ": "Europe/London", "OPENING_HOURS": "mon-fri 09:00-12:00,13:00-17:00; sat 10:00-14:00",
    "SLOT_MINUTES": "45", "MIN_NOTICE_MINUTES": "0", "BOOKING_HORIZON_DAYS": "14",
    "CONFIRM_TIMEOUT_MINUTES": "15", "HOLIDAYS": "gb-sct", "OPEN_ON_HOLIDAYS": "saint andrew, 2026-12-24",
    "DATE_ORDER": "dmy", "TWILIO_ACCOUNT_SID": "AC" + "0123456789abcdef" * 2,
    "TWILIO_FROM_NUMBER": "+15550001111", "TWILIO_MESSAGING_SERVICE_SID": "MG" + "ab" * 16,
    "TWILIO_API_BASE_URL": "http://127.0.0.1:8081", "SMS_SEGMENTS_PER_SECOND": "0.5",
    "QUIET_HOURS": "21:00-8:00", "REMINDER_LEAD_TIMES": "1d, 90m", "REMINDER_GRACE_MINUTES": "60",
    "SEND_MAX_ATTEMPTS": "3", "DB_CONNECT_TIMEOUT_SECONDS": "2", "DB_STATEMENT_TIMEOUT_SECONDS": "4.5",
    "DB_LOCK_TIMEOUT_SECONDS": "1.5", "HEALTH_TIMEOUT_SECONDS": "1", "GOOGLE_CALENDAR_ID": "primary", "GOOGLE_BUSY_CALENDAR_IDS": " a@x.com, b@x.com ,",
    "GOOGLE_SEND_UPDATES": "externalonly", "GOOGLE_EVENT_SUMMARY": "{business}: {phone}",
    "GOOGLE_EVENT_DESCRIPTION": "Appointment {id}", "GOOGLE_EVENT_ATTENDEES": "desk@biz.example",
    "GOOGLE_CALL_TIMEOUT_SECONDS": "1.5", "GOOGLE_DEADLINE_SECONDS": "4", "GOOGLE_WATCH_TTL_SECONDS": "86400",
    "GOOGLE_CALENDAR_API_ENDPOINT": "http://127.0.0.1:8082", "GOOGLE_OAUTH_AUTH_URI": "http://127.0.0.1:8082/auth",
    "GOOGLE_OAUTH_TOKEN_URI": "http://127.0.0.1:8082/token", "GOOGLE_SERVICE_ACCOUNT_JSON": SERVICE_ACCOUNT,
    "GOOGLE_DELEGATED_USER": "owner@biz.example", "GOOGLE_OAUTH_CLIENT_ID": "client-1.apps.googleusercontent.com",
    "GOOGLE_OAUTH_CLIENT_SECRET": "shh-client-secret", "GOOGLE_TOKEN_KEY": f"{KEY}, {OTHER_KEY}",
    "OWNER_PASSWORD": "correct horse battery staple", "SECRET_KEY": "s3cret-key-0123456789",
    "CALENDLY_TOKEN": "eyJraWQiOiJwYXQ", "CALENDLY_EVENT_TYPE": "https://api.calendly.com/event_types/AAAA",
    "CALENDLY_API_BASE": "http://127.0.0.1:8083", "CALENDLY_WEBHOOK_SIGNING_KEY": "k3y-calendly-signing",
    "CALENDLY_CALL_TIMEOUT_SECONDS": "1.5", "CALENDLY_DEADLINE_SECONDS": "5",
    "WEB_SESSION_HOURS": "8", "LOGIN_CODE_MINUTES": "5", "LOGIN_LIMIT_PER_CLIENT": "20",
    "LOGIN_LIMIT_PER_ACCOUNT": "5", "MESSAGE_LOG_RETENTION_DAYS": "30",
    "VOICE_LANGUAGE": "en-GB", "VAPI_SECRET": "vapi-server-secret", "VAPI_HMAC_SECRET": "vapi-hmac-secret",
    "VAPI_SIGNATURE_HEADER": "X-Vapi-Signature", "VAPI_TIMESTAMP_HEADER": "x-vapi-timestamp",
    "VAPI_API_KEY": "vapi-private-key", "VAPI_API_BASE": "http://127.0.0.1:8084",
}

BAD = {
    "SMSBOT_ENV": "prod", "DATABASE_URL": "mysql://bot:hunter2@db/smsbot", "TWILIO_AUTH_TOKEN": "two words",
    "PUBLIC_BASE_URL": "https://bot.example.com/", "TRUSTED_PROXIES": "-1", "MAX_REQUEST_BYTES": "64k",
    "BUSINESS_NAME": "Bright\nSmile", "BUSINESS_PHONE": "555\n0102", "BUSINESS_ADDRESS": "12 Main\nSt",
    "BUSINESS_FILE": "/nonexistent/business.toml",
    "ASK_NAMES": "maybe",
    "BUSINESS_TZ": "Eastern", "OPENING_HOURS": "9-5",
    "SLOT_MINUTES": "7", "MIN_NOTICE_MINUTES": "1h", "BOOKING_HORIZON_DAYS": "0",
    "CONFIRM_TIMEOUT_MINUTES": "soon", "HOLIDAYS": "US-XX", "OPEN_ON_HOLIDAYS": "2026-02-30",
    "DATE_ORDER": "YMD", "TWILIO_ACCOUNT_SID": "AC123",
    "TWILIO_FROM_NUMBER": "555-0100", "TWILIO_MESSAGING_SERVICE_SID": "MG-service",
    "TWILIO_API_BASE_URL": "ftp://api.twilio.com", "SMS_SEGMENTS_PER_SECOND": "fast", "QUIET_HOURS": "9pm-8am",
    "REMINDER_LEAD_TIMES": "soon", "REMINDER_GRACE_MINUTES": "0", "SEND_MAX_ATTEMPTS": "0",
    "DB_CONNECT_TIMEOUT_SECONDS": "0", "DB_STATEMENT_TIMEOUT_SECONDS": "30", "DB_LOCK_TIMEOUT_SECONDS": "3s",
    "HEALTH_TIMEOUT_SECONDS": "-1",
    "GOOGLE_CALENDAR_ID": "my calendar", "GOOGLE_BUSY_CALENDAR_IDS": "a@x.com, my calendar",
    "GOOGLE_SEND_UPDATES": "sometimes", "GOOGLE_EVENT_SUMMARY": "Appointment for {name}",
    "GOOGLE_EVENT_DESCRIPTION": "Booked {", "GOOGLE_EVENT_ATTENDEES": "frontdesk",
    "GOOGLE_CALL_TIMEOUT_SECONDS": "0", "GOOGLE_DEADLINE_SECONDS": "nan", "GOOGLE_WATCH_TTL_SECONDS": "1.5",
    "GOOGLE_CALENDAR_API_ENDPOINT": "localhost:8082", "GOOGLE_OAUTH_AUTH_URI": "accounts.google.com/auth",
    "GOOGLE_OAUTH_TOKEN_URI": "https://", "GOOGLE_SERVICE_ACCOUNT_JSON": '{"type": "authorized_user"}',
    "GOOGLE_DELEGATED_USER": "owner", "GOOGLE_OAUTH_CLIENT_ID": "client id",
    "GOOGLE_OAUTH_CLIENT_SECRET": "shh secret", "GOOGLE_TOKEN_KEY": "not-a-key", "OWNER_PASSWORD": "pa55",
    "SECRET_KEY": "two words",
    "CALENDLY_TOKEN": "two words", "CALENDLY_EVENT_TYPE": "my event", "CALENDLY_API_BASE": "https://api.calendly.com/",
    "CALENDLY_WEBHOOK_SIGNING_KEY": "two words", "CALENDLY_CALL_TIMEOUT_SECONDS": "0",
    "CALENDLY_DEADLINE_SECONDS": "-1",
    "WEB_SESSION_HOURS": "0", "LOGIN_CODE_MINUTES": "soon", "LOGIN_LIMIT_PER_CLIENT": "0",
    "LOGIN_LIMIT_PER_ACCOUNT": "-1", "MESSAGE_LOG_RETENTION_DAYS": "forever",
    "VOICE_LANGUAGE": "English", "VAPI_SECRET": "two words", "VAPI_HMAC_SECRET": "two words",
    "VAPI_SIGNATURE_HEADER": "x signature", "VAPI_TIMESTAMP_HEADER": "x:timestamp", "VAPI_API_KEY": "two words",
    "VAPI_API_BASE": "api.vapi.ai",
}


def readme_rows() -> dict[str, str]:
    """variable -> its default cell, from the README's settings tables."""
    text = (ROOT / "README.md").read_text()
    tables = text[text.index("## Settings"):text.index("## Staff commands")]
    return {name: default.strip().strip("`") for name, default in
            re.findall(r"^\| `([A-Z_]+)` \|([^|]*)\|", tables, re.M)}


def test_the_readme_tables_list_every_setting_with_its_default():
    rows = readme_rows()
    assert sorted(rows) == sorted(SETTINGS)
    defaults = dict(line.removesuffix("  # default").split("=", 1) for line in describe(Settings()))
    assert rows == defaults


def test_nothing_set_is_the_defaults_typed():
    settings = load_settings({})
    assert settings == Settings()
    assert settings.business_tz == ZoneInfo("America/New_York") and settings.development
    assert settings.opening_hours == parse_hours(["mon-fri 09:00-17:00"])
    assert (settings.slot, settings.min_notice, settings.horizon, settings.confirm_timeout) == (
        timedelta(minutes=30), timedelta(minutes=60), timedelta(days=90), timedelta(minutes=30))
    assert settings.reminder_leads == (timedelta(hours=24), timedelta(hours=2))
    assert settings.quiet_hours is None and settings.month_first
    assert load_settings({"SLOT_MINUTES": "  ", "QUIET_HOURS": ""}) == Settings()  # blank: the default


def test_good_values_parse_to_typed_values():
    s = load_settings(GOOD)
    assert (s.environment, s.business_tz, s.slot) == ("production", ZoneInfo("Europe/London"), timedelta(minutes=45))
    assert s.database_url == "postgresql+psycopg://bot:hunter2@db.example.com:5433/smsbot"
    assert s.opening_hours.on(5) == ((clock(10), clock(14)),) and len(s.opening_hours.on(0)) == 2
    assert (s.min_notice, s.horizon, s.confirm_timeout) == (timedelta(0), timedelta(days=14), timedelta(minutes=15))
    assert s.month_first is False and s.quiet_hours == (clock(21), clock(8))
    assert s.reminder_leads == (timedelta(days=1), timedelta(minutes=90)) and s.reminder_grace == timedelta(hours=1)
    assert (s.trusted_proxies, s.max_request_bytes, s.sms_segments_per_second) == (1, 131072, 0.5)
    assert s.google_busy_calendar_ids == ("a@x.com", "b@x.com") and s.google_send_updates == "externalOnly"
    assert s.google_token_key == f"{KEY},{OTHER_KEY}" and s.google_call_timeout_seconds == 1.5
    assert s.google_enabled and s.twilio_sending


@pytest.mark.parametrize("env", list(SETTINGS))
def test_a_bad_value_stops_start_up_with_one_line_naming_it(env):
    with pytest.raises(SettingsError) as caught:
        load_settings({env: BAD[env]})
    [line] = str(caught.value).splitlines()
    assert line.startswith(f"{env}=") and f"; e.g. {env}=" in line
    if env in SECRETS or env == "DATABASE_URL":
        assert BAD[env] not in line and "hunter2" not in line and "***" in line
    result = smsbot("config", env={env: BAD[env]})
    assert (result.returncode, result.stdout, result.stderr) == (2, "", line + "\n")


@pytest.mark.parametrize("env", list(SETTINGS))
def test_every_example_is_a_good_value(env):
    example = SETTINGS[env].metadata["example"]
    if not example.startswith("<"):  # a secret's example says how to make one
        SETTINGS[env].metadata["kind"].parse(example)


def test_several_bad_values_give_a_line_each():
    with pytest.raises(SettingsError) as caught:
        load_settings({"SLOT_MINUTES": "x", "QUIET_HOURS": "late", "BUSINESS_TZ": "Mars/Base"})
    assert [line.split("=")[0] for line in caught.value.problems] == ["BUSINESS_TZ", "SLOT_MINUTES", "QUIET_HOURS"]


PRODUCTION = {"SMSBOT_ENV": "production", "TWILIO_AUTH_TOKEN": "t0ken", "PUBLIC_BASE_URL": "https://bot.example.com"}
OAUTH = {"GOOGLE_CALENDAR_ID": "primary", "GOOGLE_OAUTH_CLIENT_ID": "c", "GOOGLE_OAUTH_CLIENT_SECRET": "s",
         "GOOGLE_TOKEN_KEY": KEY, "OWNER_PASSWORD": "correct horse"}
SENDING = {"TWILIO_ACCOUNT_SID": GOOD["TWILIO_ACCOUNT_SID"], "TWILIO_AUTH_TOKEN": "t0ken",
           "TWILIO_FROM_NUMBER": "+15550001111"}


@pytest.mark.parametrize("environ, missing", [
    ({**PRODUCTION, "TWILIO_AUTH_TOKEN": ""}, "TWILIO_AUTH_TOKEN"),
    ({**PRODUCTION, "PUBLIC_BASE_URL": ""}, "PUBLIC_BASE_URL"),
    ({**PRODUCTION, "OWNER_PASSWORD": "correct horse"}, "SECRET_KEY"),
    ({**SENDING, "TWILIO_FROM_NUMBER": ""}, "TWILIO_FROM_NUMBER"),
    ({**SENDING, "TWILIO_AUTH_TOKEN": ""}, "TWILIO_AUTH_TOKEN"),
    ({"TWILIO_FROM_NUMBER": "+15550001111"}, "TWILIO_ACCOUNT_SID"),
    ({"GOOGLE_CALENDAR_ID": "primary"}, "GOOGLE_SERVICE_ACCOUNT_JSON"),
    ({**OAUTH, "GOOGLE_OAUTH_CLIENT_SECRET": ""}, "GOOGLE_OAUTH_CLIENT_SECRET"),
    ({**OAUTH, "GOOGLE_TOKEN_KEY": ""}, "GOOGLE_TOKEN_KEY"),
    ({**OAUTH, "OWNER_PASSWORD": ""}, "OWNER_PASSWORD"),
    ({"CALENDLY_TOKEN": "pat"}, "CALENDLY_EVENT_TYPE"),
    ({"CALENDLY_EVENT_TYPE": "haircut"}, "CALENDLY_TOKEN"),
])
def test_settings_that_do_not_fit_together_name_what_is_missing(environ, missing):
    with pytest.raises(SettingsError) as caught:
        load_settings(environ)
    [line] = str(caught.value).splitlines()
    assert line.startswith(f"{missing} is not set: ") and f"; e.g. {missing}=" in line


@pytest.mark.parametrize("environ", [
    PRODUCTION, {**PRODUCTION, "PUBLIC_BASE_URL": "", "TRUSTED_PROXIES": "1"}, SENDING, OAUTH,
    {**SENDING, "TWILIO_FROM_NUMBER": "", "TWILIO_MESSAGING_SERVICE_SID": "MG" + "ab" * 16},
])
def test_settings_that_fit_together_load(environ):
    load_settings(environ)


def test_create_app_refuses_what_load_settings_refuses(monkeypatch, capsys):
    with pytest.raises(SettingsError, match="^PUBLIC_BASE_URL is not set"):
        create_app(Settings(environment="production", twilio_auth_token="t0ken"))
    monkeypatch.setenv("SMSBOT_DOTENV", os.devnull)
    monkeypatch.setenv("QUIET_HOURS", "nights")
    with pytest.raises(SystemExit) as stopped:
        create_app()
    assert stopped.value.code == 2
    assert capsys.readouterr().err == "QUIET_HOURS=nights: is not a span of two times like 21:00-08:00; " \
                                      "e.g. QUIET_HOURS=21:00-08:00\n"


def test_smsbot_config_prints_every_setting_secrets_masked_defaults_marked():
    result = smsbot("config", env={**GOOD, "SLOT_MINUTES": ""})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("=")[0] for line in lines] == list(SETTINGS)
    for secret in SECRETS:
        assert f"{secret}=***" in lines and GOOD[secret] not in result.stdout
    assert "hunter2" not in result.stdout
    assert "DATABASE_URL=postgresql+psycopg://bot:***@db.example.com:5433/smsbot" in lines
    assert "SLOT_MINUTES=30  # default" in lines and "BUSINESS_TZ=Europe/London" in lines
    assert "REMINDER_LEAD_TIMES=24h,90m" in lines and "DATE_ORDER=DMY" in lines


def test_what_smsbot_config_prints_reads_back_as_the_same_settings():
    settings = load_settings(GOOD)
    printed = dict(line.removesuffix("  # default").split("=", 1) for line in describe(settings))
    again = {**printed, **{env: GOOD[env] for env in [*SECRETS, "DATABASE_URL"]}}
    assert load_settings(again) == settings


def test_every_command_checks_the_settings_before_doing_anything(tmp_path):
    env = {"REMINDER_LEAD_TIMES": "soon", "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}
    commands = [["serve"], ["chat"], ["replay", str(tmp_path)], ["worker", "--once"], ["outbox"],
                ["db", "upgrade"], ["staff", "list"], ["audit"], ["google", "status"], ["config"]]
    for command in commands:
        result = smsbot(*command, env=env)
        assert result.returncode == 2, command
        assert result.stderr == "REMINDER_LEAD_TIMES=soon: 'soon' is not a lead time like 24h, 90m or 2d; " \
                                "e.g. REMINDER_LEAD_TIMES=48h,90m\n"
    assert not (tmp_path / "bot.db").exists()
    assert smsbot("serve", "--help", env=env).returncode == 0  # help needs no settings


def test_when_checks_the_business_time_zone_only_when_it_reads_it():
    bad = smsbot("when", "thursday 3pm", env={"BUSINESS_TZ": "Eastern"})
    assert bad.returncode == 2 and bad.stderr.startswith("BUSINESS_TZ=Eastern: ")
    told = smsbot("when", "--tz", "America/Chicago", "thursday 3pm", env={"BUSINESS_TZ": "Eastern"})
    assert told.returncode == 0 and '"grain": "hour"' in told.stdout


def run(argv: list[str], **env: str) -> tuple[subprocess.CompletedProcess, float]:
    environ = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    environ.update(SMSBOT_DOTENV=os.devnull, PYTHONPATH=str(ROOT), **env)
    started = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, env=environ, cwd=ROOT, timeout=60)
    return done, time.monotonic() - started


@pytest.mark.parametrize("argv", [
    [str(Path(sys.executable).with_name("smsbot")), "serve", "--port", "0"],
    [sys.executable, "-c", "import wsgi"],
    [str(Path(sys.executable).with_name("gunicorn")), "--bind", "127.0.0.1:0", "wsgi:app"],
], ids=["smsbot serve", "import wsgi", "gunicorn wsgi:app"])
def test_a_process_with_a_bad_setting_exits_2_at_once_with_one_line(argv):
    if not shutil.which(argv[0]):
        pytest.skip(f"no {argv[0]}")
    done, seconds = run(argv, REMINDER_LEAD_TIMES="soon")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if "[INFO]" not in line] == [  # gunicorn's own log
        "REMINDER_LEAD_TIMES=soon: 'soon' is not a lead time like 24h, 90m or 2d; e.g. REMINDER_LEAD_TIMES=48h,90m"]
    assert seconds < 15


def test_database_timeouts_adding_up_to_twilios_15_s_are_refused():
    with pytest.raises(SettingsError) as caught:  # ping, reconnect, statement: 5 + 5 + 4 + 1 s
        load_settings({"DB_CONNECT_TIMEOUT_SECONDS": "5", "DB_STATEMENT_TIMEOUT_SECONDS": "4"})
    [line] = caught.value.problems
    assert line.startswith("DB_STATEMENT_TIMEOUT_SECONDS=4: ") and "15 s Twilio waits" in line
    load_settings({"DB_CONNECT_TIMEOUT_SECONDS": "4", "DB_STATEMENT_TIMEOUT_SECONDS": "4"})  # 13 s


def test_holidays_name_a_country_and_state_or_none():
    from smsbot.scheduling.public_holidays import HolidayCalendar

    assert Settings().holidays == HolidayCalendar("US")
    assert load_settings(GOOD).holidays == HolidayCalendar("GB", "SCT")
    assert load_settings(GOOD).open_on_holidays == ("saint andrew", "2026-12-24")
    assert load_settings({"HOLIDAYS": "none"}).holidays is None
    for bad, why in (("Narnia", "is not a country code"), ("XX", "XX is not a country"),
                     ("US-ZZ", "ZZ is not a subdivision of US")):
        with pytest.raises(SettingsError, match=why):
            load_settings({"HOLIDAYS": bad})


def test_open_on_holidays_must_name_holidays_of_that_country():
    assert load_settings({"OPEN_ON_HOLIDAYS": "Columbus Day,veterans"}).open_on_holidays == (
        "Columbus Day", "veterans")
    with pytest.raises(SettingsError, match="Colombus Day is no holiday of US"):
        load_settings({"OPEN_ON_HOLIDAYS": "Colombus Day"})
    with pytest.raises(SettingsError, match="HOLIDAYS=none closes on no holiday"):
        load_settings({"HOLIDAYS": "none", "OPEN_ON_HOLIDAYS": "christmas"})
