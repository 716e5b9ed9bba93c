"""The Calendar API v3 through google-api-python-client, inside a time budget.

googleapiclient builds and parses the requests (from the discovery document bundled with
it: no network at build time); the bytes travel over google-auth's AuthorizedSession,
which adds the bearer token and refreshes it when it expires or meets a 401. Retries are
ours, not the library's, so that one inbound message's calendar work stays inside a
budget well under Twilio's 15-second webhook limit.
"""
from __future__ import annotations

import json
import logging
import random
import socket
import time
from typing import Callable

import httplib2
import requests
from google.auth import exceptions as auth_errors
from google.auth.transport.requests import AuthorizedSession
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.budget import Budget

log = logging.getLogger("smsbot.google")

SCOPES = ("https://www.googleapis.com/auth/calendar.events",
          "https://www.googleapis.com/auth/calendar.freebusy")
RATE_LIMITED = {"rateLimitExceeded", "userRateLimitExceeded"}
MAX_TRIES = 4
TRANSIENT = (requests.exceptions.Timeout, requests.exceptions.ConnectionError, auth_errors.TransportError,
             socket.timeout, TimeoutError, ConnectionError)


def api_endpoint(setting: str) -> str | None:
    """GOOGLE_CALENDAR_API_ENDPOINT as googleapiclient wants it: the API's base URL
    ending in /calendar/v3/. Empty (production) means Google's own."""
    if not setting:
        return None
    base = setting.rstrip("/")
    return (base if base.endswith("/calendar/v3") else base + "/calendar/v3") + "/"


def error_reason(error: HttpError) -> str:
    try:
        body = json.loads(error.content.decode("utf-8"))
        return body["error"]["errors"][0]["reason"]
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return ""


def status_of(error: HttpError) -> int:
    return int(error.resp.status)


def _retryable(error: HttpError) -> bool:
    status = status_of(error)
    return status == 429 or status >= 500 or (status == 403 and error_reason(error) in RATE_LIMITED)


class _Transport:
    """What googleapiclient calls `http`: request() -> (httplib2.Response, bytes)."""

    def __init__(self, session: AuthorizedSession, timeout: float):
        self.session, self.timeout = session, timeout

    def request(self, uri, method="GET", body=None, headers=None, redirections=None, connection_type=None):
        answer = self.session.request(method, uri, data=body, headers=dict(headers or {}),
                                      timeout=self.timeout, max_allowed_time=self.timeout)
        info = {key.lower(): value for key, value in answer.headers.items()}
        info["status"] = str(answer.status_code)
        response = httplib2.Response(info)
        response.reason = answer.reason or ""
        return response, answer.content


class Api:
    """One process's Calendar service object and authorized HTTP session."""

    def __init__(self, credentials, endpoint: str = "", call_timeout: float = 2.5,
                 sleep: Callable[[float], None] = time.sleep):
        self.credentials, self.call_timeout, self.sleep = credentials, call_timeout, sleep
        self.session = AuthorizedSession(credentials)
        base = api_endpoint(endpoint)
        self.service = build("calendar", "v3", http=_Transport(self.session, call_timeout),
                             static_discovery=True, cache_discovery=False,
                             client_options={"api_endpoint": base} if base else None)

    def call(self, what: str, make: Callable, budget: Budget, tries: int = MAX_TRIES):
        """make(service) -> HttpRequest, executed with retries on 429, 5xx, 403 rate limits
        and timeouts while the budget lasts. Other HTTP errors are raised to the caller
        as HttpError; giving up raises CalendarUnavailable."""
        failure = "no time"
        for attempt in range(tries):
            pause = min(0.25 * 2 ** (attempt - 1), 2.0) * (0.5 + random.random() / 2) if attempt else None
            timeout = budget.next_try(pause, self.call_timeout, self.sleep)
            if timeout is None:
                break
            try:
                return make(self.service).execute(http=_Transport(self.session, timeout))
            except HttpError as error:
                if status_of(error) == 401:
                    log.error("Google refused our credentials (%s): %s", what, error)
                    raise CalendarUnavailable(f"Google refused our credentials ({what})") from error
                if not _retryable(error):
                    raise
                failure = f"HTTP {status_of(error)} {error_reason(error)}".strip()
            except auth_errors.RefreshError as error:
                if not getattr(error, "retryable", False):
                    log.error("Google refused to refresh our token (%s): %s", what, error)
                    raise CalendarUnavailable(f"Google refused our credentials: {error}") from error
                failure = f"token refresh: {error}"
            except TRANSIENT as error:
                failure = type(error).__name__
            log.warning("Google %s failed (%s), try %d of %d", what, failure, attempt + 1, tries)
        log.error("giving up on Google %s: %s", what, failure)
        raise CalendarUnavailable(f"Google Calendar did not answer {what}: {failure}")
