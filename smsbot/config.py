"""Settings from the environment (and a `.env` file if present), with safe embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from smsbot.scheduling.hours import OpeningHours, parse_hours

DEFAULT_DATABASE_URL = "sqlite:///instance/smsbot.db"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _number(name: str, default, kind=int):
    raw = _env(name)
    try:
        return kind(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a {'whole ' if kind is int else ''}number, got {raw!r}")


def _int(name: str, default: int) -> int:
    return _number(name, default, int)


def _float(name: str, default: float) -> float:
    return _number(name, default, float)


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    database_url: str = DEFAULT_DATABASE_URL
    business_name: str = "us"
    business_tz: str = "America/New_York"
    opening_hours: OpeningHours = field(default_factory=lambda: parse_hours(["mon-fri 09:00-17:00"]))
    slot_minutes: int = 30
    min_notice_minutes: int = 60
    horizon_days: int = 90
    confirm_timeout_minutes: int = 30
    month_first: bool = True
    twilio_auth_token: str = ""
    public_base_url: str = ""
    trusted_proxies: int = 0
    max_request_bytes: int = 64 * 1024
    twilio_account_sid: str = ""
    twilio_from_number: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_api_base_url: str = ""
    sms_segments_per_second: float = 1.0
    quiet_hours: str = ""
    reminder_leads: str = "24h,2h"
    reminder_grace_minutes: int = 30
    send_max_attempts: int = 8
    # Google Calendar (see README "Google Calendar"); the owner's web login
    google_calendar_id: str = ""
    google_busy_calendar_ids: tuple[str, ...] = ()
    google_calendar_api_endpoint: str = ""
    google_service_account_json: str = ""
    google_delegated_user: str = ""
    google_oauth_client_id: str = ""
    google_oauth_client_secret: str = ""
    google_oauth_auth_uri: str = "https://accounts.google.com/o/oauth2/auth"
    google_oauth_token_uri: str = "https://oauth2.googleapis.com/token"
    google_token_key: str = ""
    google_send_updates: str = "none"
    google_event_summary: str = "Appointment: {phone}"
    google_event_description: str = ("Booked by text message from {phone}. Move or delete this event "
                                     "here and the customer is told by SMS.")
    google_event_attendees: tuple[str, ...] = ()
    google_call_timeout_seconds: float = 2.5
    google_deadline_seconds: float = 6.0
    google_watch_ttl_seconds: int = 7 * 24 * 3600
    secret_key: str = ""
    owner_password: str = ""

    @property
    def google_enabled(self) -> bool:
        return bool(self.google_calendar_id
                    and (self.google_service_account_json or self.google_oauth_client_id))

    @property
    def development(self) -> bool:
        return self.environment == "development"

    @property
    def twilio_sending(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token
                    and (self.twilio_from_number or self.twilio_messaging_service_sid))

    def with_overrides(self, **changes) -> "Settings":
        return replace(self, **changes)


def load_settings() -> Settings:
    _load_dotenv()
    hours = _env("OPENING_HOURS")
    return Settings(
        environment=_env("SMSBOT_ENV", "development").lower(),
        database_url=normalize_database_url(_env("DATABASE_URL", DEFAULT_DATABASE_URL)),
        business_name=_env("BUSINESS_NAME", "us"),
        business_tz=_env("BUSINESS_TZ", "America/New_York"),
        opening_hours=parse_hours(hours.split(";")) if hours else Settings().opening_hours,
        slot_minutes=_int("SLOT_MINUTES", 30),
        min_notice_minutes=_int("MIN_NOTICE_MINUTES", 60),
        horizon_days=_int("BOOKING_HORIZON_DAYS", 90),
        confirm_timeout_minutes=_int("CONFIRM_TIMEOUT_MINUTES", 30),
        month_first=_env("DATE_ORDER", "MDY").upper() != "DMY",
        twilio_auth_token=_env("TWILIO_AUTH_TOKEN"),
        public_base_url=_env("PUBLIC_BASE_URL").rstrip("/"),
        trusted_proxies=_int("TRUSTED_PROXIES", 0),
        max_request_bytes=_int("MAX_REQUEST_BYTES", 64 * 1024),
        twilio_account_sid=_env("TWILIO_ACCOUNT_SID"),
        twilio_from_number=_env("TWILIO_FROM_NUMBER"),
        twilio_messaging_service_sid=_env("TWILIO_MESSAGING_SERVICE_SID"),
        twilio_api_base_url=_env("TWILIO_API_BASE_URL").rstrip("/"),
        sms_segments_per_second=_float("SMS_SEGMENTS_PER_SECOND", 1.0),
        quiet_hours=_env("QUIET_HOURS"),
        reminder_leads=_env("REMINDER_LEAD_TIMES", "24h,2h"),
        reminder_grace_minutes=_int("REMINDER_GRACE_MINUTES", 30),
        send_max_attempts=_int("SEND_MAX_ATTEMPTS", 8),
        **_google_settings(),
    )


def _google_settings() -> dict:
    def ids(name: str) -> tuple[str, ...]:
        return tuple(part.strip() for part in _env(name).split(",") if part.strip())

    send_updates = _env("GOOGLE_SEND_UPDATES", "none")
    if send_updates not in ("all", "externalOnly", "none"):
        raise SystemExit(f"GOOGLE_SEND_UPDATES must be all, externalOnly or none, got {send_updates!r}")
    defaults = Settings()
    return dict(
        google_calendar_id=_env("GOOGLE_CALENDAR_ID"),
        google_busy_calendar_ids=ids("GOOGLE_BUSY_CALENDAR_IDS"),
        google_calendar_api_endpoint=_env("GOOGLE_CALENDAR_API_ENDPOINT"),
        google_service_account_json=_env("GOOGLE_SERVICE_ACCOUNT_JSON"),
        google_delegated_user=_env("GOOGLE_DELEGATED_USER"),
        google_oauth_client_id=_env("GOOGLE_OAUTH_CLIENT_ID"),
        google_oauth_client_secret=_env("GOOGLE_OAUTH_CLIENT_SECRET"),
        google_oauth_auth_uri=_env("GOOGLE_OAUTH_AUTH_URI", defaults.google_oauth_auth_uri),
        google_oauth_token_uri=_env("GOOGLE_OAUTH_TOKEN_URI", defaults.google_oauth_token_uri),
        google_token_key=_env("GOOGLE_TOKEN_KEY"),
        google_send_updates=send_updates,
        google_event_summary=_env("GOOGLE_EVENT_SUMMARY", defaults.google_event_summary),
        google_event_description=_env("GOOGLE_EVENT_DESCRIPTION", defaults.google_event_description),
        google_event_attendees=ids("GOOGLE_EVENT_ATTENDEES"),
        google_call_timeout_seconds=_float("GOOGLE_CALL_TIMEOUT_SECONDS", 2.5),
        google_deadline_seconds=_float("GOOGLE_DEADLINE_SECONDS", 6.0),
        google_watch_ttl_seconds=_int("GOOGLE_WATCH_TTL_SECONDS", 7 * 24 * 3600),
        secret_key=_env("SECRET_KEY"),
        owner_password=_env("OWNER_PASSWORD"),
    )


def normalize_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever scheme the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _load_dotenv() -> None:
    path = Path(os.environ.get("SMSBOT_DOTENV", ".env"))
    if path.is_file():
        from dotenv import load_dotenv

        load_dotenv(path, override=False)
