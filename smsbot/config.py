"""Settings from the environment (and a `.env` file if present), with safe embedded defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from smsbot.scheduling.hours import OpeningHours, parse_hours

DEFAULT_DATABASE_URL = "sqlite:///instance/smsbot.db"


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int) -> int:
    raw = _env(name)
    try:
        return int(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {raw!r}")


def _float(name: str, default: float) -> float:
    raw = _env(name)
    try:
        return float(raw) if raw else default
    except ValueError:
        raise SystemExit(f"{name} must be a number, got {raw!r}")


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
