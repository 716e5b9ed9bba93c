"""Logging set-up: no full phone number in any record, no chatter, one line per outage.

install_logging() is called by the `smsbot` command and by wsgi.py, before anything logs.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

QUIET = {
    "alembic": logging.WARNING,
    "twilio.http_client": logging.WARNING,  # every API request's method, URL and headers at INFO
}
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def mask_phones(text: str) -> str:
    from smsbot.phones import mask_phones as mask  # on first use: `smsbot when` starts faster

    return mask(text)


class PhoneMaskingFilter(logging.Filter):
    """Masks phone numbers in a record's message, its arguments, its traceback and stack:
    whoever logged it (us, SQLAlchemy, psycopg, the Twilio SDK, gunicorn)."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_phones(message)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_phones(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_phones(record.stack_info)
        return True


class ExitWarningsAfterAnError(logging.Filter):
    """psycopg warns "error ignored terminating <Pipeline>: pipeline aborted" when a
    statement in a pipeline failed; that statement's own error is raised and handled (a
    lost booking race is expected), so the warning says nothing new."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(("error ignored terminating", "error ignored exiting"))


def install_logging(level: int = logging.INFO, quiet: bool = True) -> None:
    """A root handler if there is none; the phone mask on every root handler; quiet loggers
    (unless not `quiet`: debugging). Safe to call more than once."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=level, format=FORMAT)
    for handler in root.handlers:
        if not any(isinstance(f, PhoneMaskingFilter) for f in handler.filters):
            handler.addFilter(PhoneMaskingFilter())
    for name, quiet_level in QUIET.items() if quiet else ():
        logging.getLogger(name).setLevel(quiet_level)
    psycopg_log = logging.getLogger("psycopg")
    if not any(isinstance(f, ExitWarningsAfterAnError) for f in psycopg_log.filters):
        psycopg_log.addFilter(ExitWarningsAfterAnError())


class OutageLog:
    """Says that something is down once per `every`, with how many `failures` (what each
    failure cost) since, and once that it is back: not a traceback per request."""

    def __init__(self, logger: logging.Logger, what: str, every: timedelta = timedelta(minutes=1),
                 failures: str = "request(s) answered 'try again later'"):
        self.logger, self.what, self.every, self.noun = logger, what, every, failures
        self.lock = threading.Lock()
        self.since: datetime | None = None
        self.logged_at: datetime | None = None
        self.failures = 0

    def failed(self, reason: str, now: datetime) -> None:
        with self.lock:
            self.failures += 1
            if self.since is None:
                self.since = now
            if self.logged_at is not None and now - self.logged_at < self.every:
                return
            self.logged_at = now
            failures, since = self.failures, self.since
        self.logger.error("%s unavailable: %s (%d %s since %s)", self.what, reason, failures,
                          self.noun, since.isoformat(timespec="seconds"))

    def succeeded(self, now: datetime) -> None:
        if self.since is None:  # the usual case: no lock taken
            return
        with self.lock:
            if self.since is None:
                return
            failures, down_for = self.failures, now - self.since
            self.since, self.logged_at, self.failures = None, None, 0
        self.logger.warning("%s is back after %.0f s (%d %s)", self.what,
                            down_for.total_seconds(), failures, self.noun)
