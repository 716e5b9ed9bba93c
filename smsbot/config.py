"""Settings: each declared once below (variable, default as an operator writes it, kind,
an example of a good value), read from the environment (and a `.env` file) and checked
when the process starts. A bad value is a SettingsError of one line per problem."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, fields, replace
from datetime import time, timedelta
from pathlib import Path
from typing import Iterator, Mapping
from zoneinfo import ZoneInfo

from smsbot import config_formats as fmt, config_values as v
from smsbot.config_values import normalize_database_url  # noqa: F401 (for tests and benches)
from smsbot.scheduling.business_file import BusinessFile
from smsbot.scheduling.hours import OpeningHours
from smsbot.scheduling.public_holidays import HolidayCalendar, unknown_names

FERNET_EXAMPLE = "<a key from: python -c 'from cryptography.fernet import Fernet; " \
                 "print(Fernet.generate_key().decode())'>"


def setting(env: str, default: str, kind: v.Kind, example: str, *, secret: bool = False):
    return field(default=kind.parse(default) if default else kind.empty,
                 metadata={"env": env, "kind": kind, "example": example, "secret": secret})


MINUTES_IN_A_YEAR = 365 * 24 * 60
TWILIO_PATIENCE_SECONDS = 15  # a webhook not answered by then gets the customer nothing


@dataclass(frozen=True)
class Settings:
    environment: str = setting("SMSBOT_ENV", "development", v.choice("development", "production"), "production")
    database_url: str = setting("DATABASE_URL", "sqlite:///instance/smsbot.db", v.DATABASE,
                                "postgresql://smsbot@127.0.0.1/smsbot")
    twilio_auth_token: str = setting("TWILIO_AUTH_TOKEN", "", v.TOKEN, "0123456789abcdef0123456789abcdef",
                                     secret=True)
    public_base_url: str = setting("PUBLIC_BASE_URL", "", v.BASE_URL, "https://bot.example.com")
    trusted_proxies: int = setting("TRUSTED_PROXIES", "0", v.whole(0, 10), "1")
    max_request_bytes: int = setting("MAX_REQUEST_BYTES", "65536", v.whole(1024), "65536")
    business_name: str = setting("BUSINESS_NAME", "us", v.TEXT, "Bright Smile Dental")
    business_phone: str = setting("BUSINESS_PHONE", "", v.TEXT, "(555) 010-2030")
    business_address: str = setting("BUSINESS_ADDRESS", "", v.TEXT, "12 Main St, Springfield")
    business_file: BusinessFile | None = setting("BUSINESS_FILE", "", fmt.BUSINESS_FILE,
                                                 "<the path of the business profile, e.g. business.toml>")
    ask_names: str = setting("ASK_NAMES", "yes", v.choice("yes", "no"), "no")
    business_tz: ZoneInfo = setting("BUSINESS_TZ", "America/New_York", v.ZONE, "America/Chicago")
    opening_hours: OpeningHours = setting("OPENING_HOURS", "mon-fri 09:00-17:00", fmt.HOURS,
                                          "mon-fri 09:00-12:00,13:00-17:00;sat 10:00-14:00")
    slot: timedelta = setting("SLOT_MINUTES", "30", v.duration("minutes", 5, 24 * 60, step=5), "45")
    min_notice: timedelta = setting("MIN_NOTICE_MINUTES", "60", v.duration("minutes", 0, MINUTES_IN_A_YEAR), "120")
    horizon: timedelta = setting("BOOKING_HORIZON_DAYS", "90", v.duration("days", 1, 3650), "60")
    confirm_timeout: timedelta = setting("CONFIRM_TIMEOUT_MINUTES", "30",
                                         v.duration("minutes", 1, MINUTES_IN_A_YEAR), "15")
    holidays: HolidayCalendar | None = setting("HOLIDAYS", "US", fmt.HOLIDAYS, "US-NY")
    open_on_holidays: tuple[str, ...] = setting("OPEN_ON_HOLIDAYS", "", fmt.OPEN_ON_HOLIDAYS,
                                                "Columbus Day,Veterans Day,2026-12-24")
    month_first: bool = setting("DATE_ORDER", "MDY", fmt.DATE_ORDER, "DMY")
    twilio_account_sid: str = setting("TWILIO_ACCOUNT_SID", "", fmt.ACCOUNT_SID, "AC0123456789abcdef0123456789abcdef")
    twilio_from_number: str = setting("TWILIO_FROM_NUMBER", "", fmt.SENDER, "+15550001111")
    twilio_messaging_service_sid: str = setting("TWILIO_MESSAGING_SERVICE_SID", "", fmt.SERVICE_SID,
                                                "MG0123456789abcdef0123456789abcdef")
    twilio_api_base_url: str = setting("TWILIO_API_BASE_URL", "", v.BASE_URL, "http://127.0.0.1:8081")
    sms_segments_per_second: float = setting("SMS_SEGMENTS_PER_SECOND", "1", v.decimal(0, 1000), "3")
    quiet_hours: tuple[time, time] | None = setting("QUIET_HOURS", "", fmt.QUIET_HOURS, "21:00-08:00")
    reminder_leads: tuple[timedelta, ...] = setting("REMINDER_LEAD_TIMES", "24h,2h", fmt.LEAD_TIMES, "48h,90m")
    reminder_grace: timedelta = setting("REMINDER_GRACE_MINUTES", "30", v.duration("minutes", 1, 24 * 60), "60")
    send_max_attempts: int = setting("SEND_MAX_ATTEMPTS", "8", v.whole(1, 100), "5")
    # How long one request waits on the database (README "When the database fails")
    db_connect_timeout_seconds: float = setting("DB_CONNECT_TIMEOUT_SECONDS", "3", v.decimal(0, 10, above=True), "2")
    db_statement_timeout_seconds: float = setting("DB_STATEMENT_TIMEOUT_SECONDS", "5", v.decimal(0, 10, above=True),
                                                  "3")
    db_lock_timeout_seconds: float = setting("DB_LOCK_TIMEOUT_SECONDS", "3", v.decimal(0, 10, above=True), "2")
    health_timeout_seconds: float = setting("HEALTH_TIMEOUT_SECONDS", "2", v.decimal(0, 30, above=True), "1")
    # Google Calendar (README "Google Calendar"), and the owner's web login
    google_calendar_id: str = setting("GOOGLE_CALENDAR_ID", "", v.TOKEN, "primary")
    google_busy_calendar_ids: tuple[str, ...] = setting("GOOGLE_BUSY_CALENDAR_IDS", "", v.listing(v.no_spaces),
                                                        "owner@example.com,team@example.com")
    google_send_updates: str = setting("GOOGLE_SEND_UPDATES", "none", v.choice("all", "externalOnly", "none"),
                                       "externalOnly")
    google_event_summary: str = setting("GOOGLE_EVENT_SUMMARY", "Appointment: {phone}", fmt.TEMPLATE,
                                        "{business}: {phone}")
    google_event_description: str = setting(
        "GOOGLE_EVENT_DESCRIPTION", "Booked by text message from {phone}. Move or delete this event "
        "here and the customer is told by SMS.", fmt.TEMPLATE, "Booked by SMS (appointment {id})")
    google_event_attendees: tuple[str, ...] = setting("GOOGLE_EVENT_ATTENDEES", "", v.listing(fmt.EMAIL.parse),
                                                      "frontdesk@example.com")
    google_call_timeout_seconds: float = setting("GOOGLE_CALL_TIMEOUT_SECONDS", "2.5", v.decimal(0, 60, above=True),
                                                 "2.5")
    google_deadline_seconds: float = setting("GOOGLE_DEADLINE_SECONDS", "6", v.decimal(0, 60, above=True), "6")
    google_watch_ttl_seconds: int = setting("GOOGLE_WATCH_TTL_SECONDS", "604800", v.whole(60, 365 * 24 * 3600), "86400")
    google_calendar_api_endpoint: str = setting("GOOGLE_CALENDAR_API_ENDPOINT", "", v.URL, "http://127.0.0.1:8082")
    google_oauth_auth_uri: str = setting("GOOGLE_OAUTH_AUTH_URI", "https://accounts.google.com/o/oauth2/auth",
                                         v.URL, "http://127.0.0.1:8082/o/oauth2/auth")
    google_oauth_token_uri: str = setting("GOOGLE_OAUTH_TOKEN_URI", "https://oauth2.googleapis.com/token",
                                          v.URL, "http://127.0.0.1:8082/token")
    google_service_account_json: str = setting("GOOGLE_SERVICE_ACCOUNT_JSON", "", fmt.SERVICE_ACCOUNT,
                                               "<the path of the key's JSON file, or the JSON>", secret=True)
    google_delegated_user: str = setting("GOOGLE_DELEGATED_USER", "", fmt.EMAIL, "owner@example.com")
    google_oauth_client_id: str = setting("GOOGLE_OAUTH_CLIENT_ID", "", v.TOKEN,
                                          "1234-abc.apps.googleusercontent.com")
    google_oauth_client_secret: str = setting("GOOGLE_OAUTH_CLIENT_SECRET", "", v.TOKEN,
                                              "<the client secret from Google Cloud console>", secret=True)
    google_token_key: str = setting("GOOGLE_TOKEN_KEY", "", fmt.FERNET_KEYS, FERNET_EXAMPLE, secret=True)
    # Calendly (README "Calendly")
    calendly_token: str = setting("CALENDLY_TOKEN", "", v.TOKEN, "<a personal access token from Calendly's "
                                  "Integrations & apps page>", secret=True)
    calendly_event_type: str = setting("CALENDLY_EVENT_TYPE", "", v.TOKEN,
                                       "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA")
    calendly_api_base: str = setting("CALENDLY_API_BASE", "https://api.calendly.com", v.BASE_URL,
                                     "http://127.0.0.1:8083")
    calendly_webhook_signing_key: str = setting("CALENDLY_WEBHOOK_SIGNING_KEY", "", v.TOKEN,
                                                "<python -c 'import secrets; print(secrets.token_urlsafe(32))'>",
                                                secret=True)
    calendly_call_timeout_seconds: float = setting("CALENDLY_CALL_TIMEOUT_SECONDS", "2.5",
                                                   v.decimal(0, 60, above=True), "2.5")
    calendly_deadline_seconds: float = setting("CALENDLY_DEADLINE_SECONDS", "6", v.decimal(0, 60, above=True), "6")
    owner_password: str = setting("OWNER_PASSWORD", "", v.PASSWORD, "<at least 8 characters>", secret=True)
    secret_key: str = setting("SECRET_KEY", "", v.TOKEN, "<python -c 'import secrets; print(secrets.token_hex())'>",
                              secret=True)
    # The staff dashboard (README "The staff dashboard")
    web_session_hours: int = setting("WEB_SESSION_HOURS", "12", v.whole(1, 24 * 30), "8")
    login_code_minutes: int = setting("LOGIN_CODE_MINUTES", "10", v.whole(1, 60), "5")
    login_limit_per_client: int = setting("LOGIN_LIMIT_PER_CLIENT", "30", v.whole(1, 10000), "20")
    login_limit_per_account: int = setting("LOGIN_LIMIT_PER_ACCOUNT", "10", v.whole(1, 1000), "5")
    message_log_retention_days: int = setting("MESSAGE_LOG_RETENTION_DAYS", "90", v.whole(1, 3650), "30")
    # Phone calls (README "Phone calls")
    voice_language: str = setting("VOICE_LANGUAGE", "en-US", fmt.LANGUAGE, "en-GB")
    vapi_secret: str = setting("VAPI_SECRET", "", v.TOKEN, "<the assistant's server secret in Vapi>", secret=True)
    vapi_hmac_secret: str = setting("VAPI_HMAC_SECRET", "", v.TOKEN, "<the HMAC secret of the server's credential>",
                                    secret=True)
    vapi_signature_header: str = setting("VAPI_SIGNATURE_HEADER", "x-signature", fmt.HEADER, "x-vapi-signature")
    vapi_timestamp_header: str = setting("VAPI_TIMESTAMP_HEADER", "x-timestamp", fmt.HEADER, "x-vapi-timestamp")
    vapi_api_key: str = setting("VAPI_API_KEY", "", v.TOKEN, "<a private API key from Vapi's dashboard>", secret=True)
    vapi_api_base: str = setting("VAPI_API_BASE", "https://api.vapi.ai", v.BASE_URL, "http://127.0.0.1:8084")

    @property
    def google_enabled(self) -> bool:
        return bool(self.google_calendar_id
                    and (self.google_service_account_json or self.google_oauth_client_id))

    @property
    def calendly_enabled(self) -> bool:
        return bool(self.calendly_token and self.calendly_event_type)

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @property
    def twilio_sending(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token
                    and (self.twilio_from_number or self.twilio_messaging_service_sid))

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)


class SettingsError(ValueError):
    """What is wrong with the settings: one line per problem, naming the variable."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


SETTINGS = {f.metadata["env"]: f for f in fields(Settings)}


def problem(env: str, given: str, why: str) -> str:
    f = SETTINGS[env]
    if not given:
        value = " is not set"
    elif f.metadata["secret"]:
        value = "=*** (hidden)"
    else:
        value = "=" + _printable(f.metadata["kind"].echo(given))
    return f"{env}{value}: {why}; e.g. {env}={f.metadata['example']}"


def _printable(text: str, limit: int = 80) -> str:
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[:limit] + "..."


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in `environ` (default: the process environment and `.env`), checked."""
    if environ is None:
        _load_dotenv()
        environ = os.environ
    values, problems = {}, []
    for env, f in SETTINGS.items():
        given = environ.get(env, "").strip()
        if given:
            try:
                values[f.name] = f.metadata["kind"].parse(given)
            except ValueError as why:
                problems.append(problem(env, given, str(why)))
    if problems:
        raise SettingsError(problems)
    settings = Settings(**values)
    if settings.business_file is not None:  # the owner's file speaks for the business
        settings = settings.with_overrides(**dict(settings.business_file.settings))
    check(settings)
    return settings


def check(settings: Settings) -> None:
    """Raise SettingsError when settings that are fine alone do not fit together."""
    problems = list(_conflicts(settings))
    if problems:
        raise SettingsError(problems)


def _conflicts(s: Settings) -> Iterator[str]:
    if not s.development:
        if not s.twilio_auth_token:
            yield problem("TWILIO_AUTH_TOKEN", "", "production checks every webhook's signature with it")
        if not (s.public_base_url or s.trusted_proxies):
            yield problem("PUBLIC_BASE_URL", "", "production needs it or TRUSTED_PROXIES to know the URL "
                                                 "Twilio signed (never the client's Host header)")
        if s.owner_password and not s.secret_key:
            yield problem("SECRET_KEY", "", "production needs it to sign owner logins (OWNER_PASSWORD is set)")
    worst_wait = 2 * s.db_connect_timeout_seconds + s.db_statement_timeout_seconds + 1  # store/postgres.py
    if worst_wait > TWILIO_PATIENCE_SECONDS - 1:
        yield problem("DB_STATEMENT_TIMEOUT_SECONDS", f"{s.db_statement_timeout_seconds:g}",
                      f"with twice DB_CONNECT_TIMEOUT_SECONDS and 1 s it makes {worst_wait:g} s, too close "
                      f"to the {TWILIO_PATIENCE_SECONDS} s Twilio waits for a reply")
    if s.twilio_account_sid and not (s.twilio_from_number or s.twilio_messaging_service_sid):
        yield problem("TWILIO_FROM_NUMBER", "", "TWILIO_ACCOUNT_SID needs it or TWILIO_MESSAGING_SERVICE_SID")
    if (s.twilio_account_sid or s.twilio_from_number or s.twilio_messaging_service_sid) and not (
            s.twilio_account_sid and s.twilio_auth_token):
        missing = "TWILIO_AUTH_TOKEN" if s.twilio_account_sid else "TWILIO_ACCOUNT_SID"
        yield problem(missing, "", "sending through Twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN")
    if s.google_calendar_id and not s.google_enabled:
        yield problem("GOOGLE_SERVICE_ACCOUNT_JSON", "", "GOOGLE_CALENDAR_ID needs it or GOOGLE_OAUTH_CLIENT_ID")
    if s.google_oauth_client_id and not s.google_service_account_json:
        for env in ("GOOGLE_OAUTH_CLIENT_SECRET", "GOOGLE_TOKEN_KEY", "OWNER_PASSWORD"):
            if not getattr(s, SETTINGS[env].name):
                yield problem(env, "", "GOOGLE_OAUTH_CLIENT_ID needs it (README: Google Calendar)")
    if s.open_on_holidays and not s.holidays:
        yield problem("OPEN_ON_HOLIDAYS", ",".join(s.open_on_holidays), "HOLIDAYS=none closes on no holiday")
    elif s.open_on_holidays and unknown_names(s.holidays, s.open_on_holidays):
        yield problem("OPEN_ON_HOLIDAYS", ",".join(s.open_on_holidays),
                      f"{', '.join(unknown_names(s.holidays, s.open_on_holidays))} is no holiday of {s.holidays}")
    if bool(s.calendly_token) != bool(s.calendly_event_type):
        missing = "CALENDLY_EVENT_TYPE" if s.calendly_token else "CALENDLY_TOKEN"
        yield problem(missing, "", "Calendly needs both CALENDLY_TOKEN and CALENDLY_EVENT_TYPE")


def load_settings_or_exit() -> Settings:
    """load_settings for an entry point: a bad setting ends the process with its line(s)
    on stderr and status 2, never a traceback."""
    try:
        return load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None


def describe(settings: Settings) -> list[str]:
    """`NAME=value` for every setting, secrets masked, defaults marked (`smsbot config`)."""
    lines = []
    for env, f in SETTINGS.items():
        value = getattr(settings, f.name)
        shown = "***" if f.metadata["secret"] and value else f.metadata["kind"].show(value)
        lines.append(f"{env}={shown}" + ("  # default" if value == f.default else ""))
    return lines


def _load_dotenv() -> None:
    path = Path(os.environ.get("SMSBOT_DOTENV", ".env"))
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)
