"""Web sessions, texted login codes and login throttling, kept in the database so every
worker process sees the same ones. Only hashes of tokens and codes are stored."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from smsbot.store.db import insert_unless_present
from smsbot.store.models import StaffMember
from smsbot.store.web_tables import LoginCode, LoginThrottle, WebSession

OWNER_BY_PASSWORD = "owner (password)"
MAX_CODE_TRIES = 5  # then the code is void and a new one must be asked for


@dataclass(frozen=True)
class WebUser:
    """Who is logged in: a staff member (phone) or the owner by password (no phone)."""

    phone: str
    name: str
    role: str

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def start_session(session, phone: str, role: str, now: datetime, lifetime: timedelta) -> str:
    """A new session; the token goes in the browser's cookie, its hash in the table."""
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=_digest(token), phone=phone, role=role, created_at=now,
                           expires_at=now + lifetime))
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    return token


def session_user(session, token: str, now: datetime) -> WebUser | None:
    """The session's user while it has not expired and, for a staff member, while the
    phone is still on the staff list (removing someone ends their sessions); the role is
    read fresh, so a change of role applies at once."""
    row = session.get(WebSession, _digest(token)) if token else None
    if row is None or row.expires_at <= now:
        return None
    if not row.phone:
        return WebUser("", OWNER_BY_PASSWORD, "owner")
    member = session.get(StaffMember, row.phone)
    if member is None:
        return None
    return WebUser(member.phone, member.name, member.role)


def end_session(session, token: str) -> None:
    if token:
        session.execute(delete(WebSession).where(WebSession.token_hash == _digest(token)))


def end_sessions_of(session, phone: str) -> None:
    session.execute(delete(WebSession).where(WebSession.phone == phone))


def new_code(session, phone: str, now: datetime, lifetime: timedelta) -> str:
    """A fresh 6-digit code for that phone, replacing any earlier one."""
    code = f"{secrets.randbelow(10 ** 6):06d}"
    row = session.get(LoginCode, phone)
    if row is None:
        row = LoginCode(phone=phone)
        session.add(row)
    row.code_hash, row.expires_at, row.attempts = _digest(code), now + lifetime, 0
    return code


def use_code(session, phone: str, code: str, now: datetime) -> bool:
    """True once for the right code in time; a wrong one counts against the code."""
    row = session.get(LoginCode, phone)
    if row is None or row.expires_at <= now or row.attempts >= MAX_CODE_TRIES:
        return False
    if not hmac.compare_digest(row.code_hash.encode(), _digest(code.strip()).encode()):
        row.attempts += 1
        return False
    session.delete(row)
    return True


def over_limit(session, key: str, limit: int, window: timedelta, now: datetime) -> int | None:
    """Count one attempt under `key`: None while within `limit` per window, else how many
    seconds until the window ends (for Retry-After)."""
    key, conn = key[:100], session.connection()
    seen = session.get(LoginThrottle, key)
    if seen is not None and seen.window_ends_at > now and seen.attempts >= limit:
        return _seconds_left(seen, now)  # refused without a write: guessers cost one read
    conn.execute(insert_unless_present(conn.dialect.name, LoginThrottle.__table__, "key"),
                 {"key": key, "attempts": 0, "window_ends_at": now + window})
    row = session.scalars(select(LoginThrottle).where(LoginThrottle.key == key).with_for_update()).one()
    if row.window_ends_at <= now:
        row.attempts, row.window_ends_at = 0, now + window
    row.attempts += 1
    if row.attempts <= limit:
        return None
    return _seconds_left(row, now)


def _seconds_left(row: LoginThrottle, now: datetime) -> int:
    return max(1, int((row.window_ends_at - now).total_seconds()))


def forget_attempts(session, key: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == key[:100]))


def forget_expired(session, now: datetime) -> None:
    """Sessions, codes and throttle windows that ran out (the worker's hourly pruning)."""
    session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    session.execute(delete(LoginCode).where(LoginCode.expires_at <= now))
    session.execute(delete(LoginThrottle).where(LoginThrottle.window_ends_at <= now))
