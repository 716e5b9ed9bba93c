"""Formats of the bot's own values and its providers' (opening hours, quiet hours,
reminder lead times, Twilio ids, Google keys and templates) as settings read them."""
from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path

from smsbot.config_values import Kind, choice
from smsbot.messaging.policy import format_quiet_hours, lead_label, parse_lead_times, parse_quiet_hours
from smsbot.phones import is_e164
from smsbot.scheduling.business_file import read_business_file
from smsbot.scheduling.hours import format_hours, parse_hours
from smsbot.scheduling.public_holidays import parse_calendar, parse_open_days


def _hours(text: str):
    hours = parse_hours(text.split(";"))
    for spans in hours.by_weekday:
        for (_, closes), (opens, _) in zip(spans, spans[1:]):
            if opens < closes:
                raise ValueError("has overlapping hours on one day")
    if not any(hours.by_weekday):
        raise ValueError("opens on no day")
    return hours


def _quiet(text: str):
    window = parse_quiet_hours(text)
    if window[0] == window[1]:
        raise ValueError("starts and ends at the same time")
    return window


def _month_first(text: str) -> bool:
    return choice("MDY", "DMY").parse(text) == "MDY"


def _fernet_keys(text: str) -> str:
    keys = [key.strip() for key in text.split(",") if key.strip()]
    for key in keys:
        try:
            raw = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise ValueError("is not Fernet keys (44 characters of url-safe base64 each)")
    return ",".join(keys)


def read_service_account(text: str) -> dict:
    """GOOGLE_SERVICE_ACCOUNT_JSON: the key's JSON text, or the path of its file."""
    if text.lstrip().startswith("{"):
        source = text
    else:
        path = Path(text).expanduser()
        if not path.is_file():
            raise ValueError("is neither the key's JSON text nor the path of a file")
        source = path.read_text("utf-8")
    try:
        info = json.loads(source)
    except ValueError:
        raise ValueError("is not JSON") from None
    if not isinstance(info, dict) or info.get("type") != "service_account":
        raise ValueError('is not a service account key ("type": "service_account")')
    return info


def _service_account(text: str) -> str:
    read_service_account(text)
    return text


def _template(text: str) -> str:
    try:
        text.format(phone="+15550001111", business="us", id=1)
    except (KeyError, IndexError, AttributeError):
        raise ValueError("uses a placeholder other than {phone}, {business} and {id}") from None
    except ValueError as error:
        raise ValueError(f"is not a template ({error}): write {{{{ for a brace") from None
    return text


def _email(text: str) -> str:
    if not re.fullmatch(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+", text):
        raise ValueError("is not an email address")
    return text


def _sid(prefix: str) -> Kind:
    def parse(text: str) -> str:
        if not re.fullmatch(prefix + r"[0-9a-fA-F]{32}", text):
            raise ValueError(f"is not a Twilio SID ({prefix} and 32 hex digits)")
        return text
    return Kind(parse)


def _sender(text: str) -> str:
    """An E.164 number, a short code, or an alphanumeric sender ID."""
    if not (is_e164(text) or re.fullmatch(r"\d{5,6}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}", text)):
        raise ValueError("is not an E.164 number, a short code or a sender ID")
    return text


def _language(text: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", text):
        raise ValueError("is not a BCP-47 language tag")
    return text


def _header(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]+", text):
        raise ValueError("is not an HTTP header name")
    return text.lower()


HOURS = Kind(_hours, format_hours)
QUIET_HOURS = Kind(_quiet, format_quiet_hours, None)
LEAD_TIMES = Kind(parse_lead_times, lambda leads: ",".join(map(lead_label, leads)) or "none", ())
DATE_ORDER = Kind(_month_first, lambda month_first: "MDY" if month_first else "DMY")
FERNET_KEYS = Kind(_fernet_keys)
SERVICE_ACCOUNT = Kind(_service_account)
TEMPLATE, EMAIL, SENDER = Kind(_template), Kind(_email), Kind(_sender)
ACCOUNT_SID, SERVICE_SID = _sid("AC"), _sid("MG")
BUSINESS_FILE = Kind(read_business_file, lambda loaded: str(loaded or ""), None)
LANGUAGE, HEADER = Kind(_language), Kind(_header)
HOLIDAYS = Kind(parse_calendar, lambda calendar: str(calendar or "none"), None)
OPEN_ON_HOLIDAYS = Kind(parse_open_days, ",".join, ())
