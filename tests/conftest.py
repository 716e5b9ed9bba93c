"""Shared fixtures. Add new ones at the end; keep each fixture self-contained.

- `postgres_url`: a fresh, empty PostgreSQL database for one test, dropped afterwards.
  Outside CI an unreachable server skips the test (with the reason); in CI (CI=true)
  it fails it, so PostgreSQL coverage can never silently disappear there.
- `sqlite_file_url`: a SQLite database file in the test's tmp_path (not created yet).
- `frozen_clock`: smsbot.clock.FrozenClock at Wednesday 2026-03-04 10:15 America/New_York.
- `make_bot`: a factory, make_bot(url, settings=None, clock=None) -> Bot, with the schema
  ready (create_all for in-memory SQLite, migrations otherwise); its databases are
  disposed of at teardown.
"""
from __future__ import annotations

import os
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

NY = ZoneInfo("America/New_York")
FROZEN_AT = datetime(2026, 3, 4, 10, 15, tzinfo=NY)  # a Wednesday
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def postgres_base_url() -> str:
    """The server to create test databases on: DATABASE_URL when it names PostgreSQL."""
    from smsbot.config import normalize_database_url

    url = normalize_database_url(os.environ.get("DATABASE_URL", "").strip())
    return url if url.startswith("postgresql") else DEFAULT_POSTGRES_URL


def _admin_connect(base_url: str):
    """An autocommit psycopg connection to the base database (CREATE/DROP DATABASE)."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    return psycopg.connect(
        host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username,
        password=url.password, dbname=url.database or "postgres",
        autocommit=True, connect_timeout=5,
    )


@pytest.fixture
def postgres_url():
    """URL (postgresql+psycopg://...) of a brand-new empty database, dropped after the test."""
    from sqlalchemy.engine import make_url

    base = postgres_base_url()
    try:
        admin = _admin_connect(base)
    except Exception as error:  # noqa: BLE001 - any failure to reach the server
        reason = f"PostgreSQL at {make_url(base).render_as_string(hide_password=True)} " \
                 f"is unreachable: {error}".strip()
        if in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(f"{reason} (these tests run in CI, where this is a failure)")
    name = f"smsbot_test_{uuid.uuid4().hex[:16]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_file_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'smsbot.db'}"


@pytest.fixture
def frozen_clock():
    from smsbot.clock import FrozenClock

    return FrozenClock(FROZEN_AT)


@pytest.fixture
def make_bot(frozen_clock):
    """make_bot(url, settings=None, clock=None) -> Bot on that database, schema in place."""
    from smsbot.bot import Bot
    from smsbot.config import Settings
    from smsbot.store.db import Database
    from smsbot.store.migrate import upgrade

    databases = []

    def build(url: str, settings=None, clock=None):
        settings = settings or Settings().with_overrides(database_url=url)
        if url in ("sqlite://", "sqlite:///:memory:"):
            db = Database(url)
            db.create_all()
        else:
            upgrade(url)
            db = Database(url)
        databases.append(db)
        return Bot(db, settings, clock or frozen_clock)

    yield build
    for db in databases:
        db.dispose()


@pytest.fixture
def fake_twilio():
    """A started tests.fakes.twilio_api.FakeTwilio (Twilio's Messages endpoint on loopback)."""
    from tests.fakes.twilio_api import FakeTwilio

    with FakeTwilio() as fake:
        yield fake
