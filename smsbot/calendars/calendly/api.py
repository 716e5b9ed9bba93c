"""Calendly API v2 over `requests`, inside a time budget.

Retries are ours: a 429 waits what Calendly asks (Retry-After, or X-RateLimit-Reset) when
that still fits the message's budget; 5xx answers and timeouts are tried again briefly.
A write that may have reached Calendly (a read timeout, a 5xx) is not sent again: the
caller is told Calendly is unavailable and the transaction rolls back.
"""
from __future__ import annotations

import logging
import random
import time
from typing import Callable

import requests

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.budget import Budget

log = logging.getLogger("smsbot.calendly")

MAX_TRIES = 4
MAX_RATE_WAIT = 10.0  # a Retry-After longer than this is not waited for, whatever the budget


class CalendlyError(Exception):
    """Calendly refused the request (a 4xx other than 401 and 429)."""

    def __init__(self, status: int, body: dict):
        super().__init__(f"HTTP {status}: {body.get('title', '')}: {body.get('message', '')}")
        self.status, self.body = status, body

    def about(self, parameter: str) -> bool:
        return any(d.get("parameter") == parameter for d in self.body.get("details") or [])


def _body(answer: requests.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def rate_wait(answer: requests.Response) -> float | None:
    for header in ("Retry-After", "X-RateLimit-Reset"):
        try:
            return max(0.0, float(answer.headers[header]))
        except (KeyError, ValueError):
            continue
    return None


class CalendlyApi:
    def __init__(self, base: str, token: str, call_timeout: float = 2.5,
                 sleep: Callable[[float], None] = time.sleep):
        self.base, self.call_timeout, self.sleep = base.rstrip("/"), call_timeout, sleep
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def url(self, path_or_uri: str) -> str:
        return path_or_uri if path_or_uri.startswith("http") else self.base + path_or_uri

    def get(self, what: str, path: str, budget: Budget, **params) -> dict:
        return self.call(what, "GET", path, budget, params=params)

    def post(self, what: str, path: str, body: dict, budget: Budget, tries: int = MAX_TRIES) -> dict:
        return self.call(what, "POST", path, budget, json=body, tries=tries, resend=False)

    def call(self, what: str, method: str, path: str, budget: Budget, *, params=None, json=None,
             tries: int = MAX_TRIES, resend: bool = True) -> dict:
        """The answer's JSON. CalendlyError for a refusal; CalendarUnavailable when Calendly
        does not answer in time, refuses our token, or keeps failing."""
        failure, pause = "no time", 0.0
        for attempt in range(tries):
            timeout = budget.next_try(pause if attempt else None, self.call_timeout, self.sleep)
            if timeout is None:
                break
            try:
                answer = self.session.request(method, self.url(path), params=params, json=json, timeout=timeout)
            except requests.exceptions.ConnectionError as error:
                if not resend and not isinstance(error, requests.exceptions.ConnectTimeout) \
                        and _may_have_arrived(error):
                    raise _unavailable(what, "the connection broke after sending") from None
                failure = type(error).__name__
            except requests.exceptions.Timeout as error:
                if not resend:
                    raise _unavailable(what, "no answer in time (it may have been done)") from None
                failure = type(error).__name__
            else:
                if answer.status_code < 400:
                    return _body(answer)
                if answer.status_code == 401:
                    log.error("Calendly refused our token (%s): check CALENDLY_TOKEN", what)
                    raise CalendarUnavailable(f"Calendly refused our token ({what})")
                if answer.status_code == 429:
                    wait = rate_wait(answer)
                    pause = _backoff(attempt) if wait is None else wait
                    if pause > MAX_RATE_WAIT:
                        break
                    failure = "HTTP 429"
                elif answer.status_code >= 500:
                    if not resend:
                        raise _unavailable(what, f"HTTP {answer.status_code} (it may have been done)")
                    failure, pause = f"HTTP {answer.status_code}", _backoff(attempt)
                else:
                    raise CalendlyError(answer.status_code, _body(answer))
                log.warning("Calendly %s failed (%s), try %d of %d", what, failure, attempt + 1, tries)
                continue
            pause = _backoff(attempt)
            log.warning("Calendly %s failed (%s), try %d of %d", what, failure, attempt + 1, tries)
        log.error("giving up on Calendly %s: %s", what, failure)
        raise CalendarUnavailable(f"Calendly did not answer {what}: {failure}")


def _backoff(attempt: int) -> float:
    return min(0.25 * 2 ** attempt, 2.0) * (0.5 + random.random() / 2)


def _may_have_arrived(error: Exception) -> bool:
    """A refused or unreachable connection never carried the request; anything else may have."""
    text = str(error)
    return not any(sign in text for sign in ("Connection refused", "Failed to establish", "Name or service"))


def _unavailable(what: str, why: str) -> CalendarUnavailable:
    log.error("Calendly %s: %s", what, why)
    return CalendarUnavailable(f"Calendly {what}: {why}")
