"""Sending through Twilio's Messages API with the official SDK."""
from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import requests
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from smsbot.phones import mask_phones
from smsbot.messaging.base import PERMANENT_CODES, SendError, SentMessage

TIMEOUT_SECONDS = 10
CLOCK_SKEW = timedelta(minutes=1)  # between our clock and Twilio's, when matching its dates
LOOKUP_LIMIT = 20


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class TwilioSender:
    name = "twilio"

    def __init__(self, account_sid: str, auth_token: str, *, from_number: str = "",
                 messaging_service_sid: str = "", status_callback: str = "", base_url: str = "",
                 timeout: float = TIMEOUT_SECONDS):
        if not (from_number or messaging_service_sid):
            raise ValueError("set TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
        http = TwilioHttpClient(timeout=timeout)
        self.client = Client(account_sid, auth_token, http_client=http)
        if base_url:
            # TWILIO_REGION/TWILIO_EDGE would rewrite the host of a custom base URL.
            self.client.region = self.client.edge = None
            self.client.api.base_url = base_url.rstrip("/")
            if is_loopback(base_url) and http.session is not None:
                http.session.trust_env = False  # never send loopback traffic to an HTTP(S)_PROXY
        self.sender = {"messaging_service_sid": messaging_service_sid} if messaging_service_sid \
            else {"from_": from_number}
        self.status_callback = status_callback
        self.name = f"twilio:{messaging_service_sid or from_number}"

    @classmethod
    def from_settings(cls, settings) -> "TwilioSender":
        callback = f"{settings.public_base_url}/twilio/status" if settings.public_base_url else ""
        return cls(settings.twilio_account_sid, settings.twilio_auth_token,
                   from_number=settings.twilio_from_number,
                   messaging_service_sid=settings.twilio_messaging_service_sid,
                   status_callback=callback, base_url=settings.twilio_api_base_url)

    def send(self, to: str, body: str, now: datetime) -> SentMessage:
        extra = {"status_callback": self.status_callback} if self.status_callback else {}
        try:
            message = self.client.messages.create(to=to, body=body, **self.sender, **extra)
        except TwilioRestException as error:
            raise _send_error(error.status, error.code, error.msg) from None
        except TwilioException as error:  # e.g. an RFC 9457 problem answer
            status, code = getattr(error, "status", None), getattr(error, "code", None)
            raise _send_error(status, code, getattr(error, "title", "") or type(error).__name__) from None
        except requests.RequestException as error:
            raise SendError(f"network: {type(error).__name__}") from None
        return SentMessage(to, body, now, message.sid)

    def find_sent(self, to: str, body: str, since: datetime) -> SentMessage | None:
        """The message with this body Twilio created for `to` since `since`, if any: a
        send whose answer never reached us may have gone out all the same. DateSent takes
        a GMT day; a message Twilio still holds in its queue has no DateSent, so the most
        recent messages to the number are read as well."""
        since = since.astimezone(timezone.utc) - CLOCK_SKEW
        try:
            for query in ({"date_sent_after": f"{since:%Y-%m-%d}"}, {}):
                for message in self.client.messages.list(to=to, limit=LOOKUP_LIMIT, **query):
                    if message.body == body and message.date_created and message.date_created >= since:
                        return SentMessage(to, body, message.date_created, message.sid)
        except TwilioException as error:  # a REST error, or "Unable to fetch page"
            status = getattr(error, "status", None) or getattr(
                error.args[1] if len(error.args) > 1 else None, "status_code", None)
            raise SendError(f"lookup: twilio {status}") from None
        except requests.RequestException as error:
            raise SendError(f"lookup: network: {type(error).__name__}") from None
        return None


def _send_error(status: int | None, code: int | None, text: str) -> SendError:
    """429 and 5xx are worth a retry; the known permanent codes and other 4xx are not."""
    permanent = code in PERMANENT_CODES or (
        status is not None and 400 <= status < 500 and status != 429)
    text = mask_phones(text)  # reasons are logged and listed
    return SendError(f"twilio {status} {code}: {text}"[:300], code=code, status=status,
                     permanent=permanent)
