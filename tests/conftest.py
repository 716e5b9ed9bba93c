"""Shared fixtures. Add new ones at the end; keep each fixture self-contained.

- `postgres_url`: a fresh, empty PostgreSQL database for one test, dropped afterwards.
  Outside CI an unreachable server skips the test (with the reason); in CI (CI=true)
  it fails it, so PostgreSQL coverage can never silently disappear there.
- `sqlite_file_url`: a SQLite database file in the test's tmp_path (not created yet).
- `make_bot`: tests/bots.py's build_bot (the one way to build a bot: database URL, settings
  overrides, clock, the Google fake) whose databases are disposed of at teardown.
- the fakes' fixtures (`fake`, `fake_twilio`): tests/fakes/fixtures.py, via pytest_plugins.
- `private_postgres`: a PostgreSQL cluster of the test's own (tests/fakes/pg_cluster.py) to
  stop, start or freeze; `.url`; removed afterwards. Skips without initdb, fails in CI.
- `db_url`: the test once on a SQLite file and once on a fresh PostgreSQL database (URLs).
- `any_db`: the test once on in-memory SQLite and once on a fresh PostgreSQL database
  (Databases, schema in place, disposed of afterwards).
"""
from __future__ import annotations

import os
import uuid

import pytest

pytest_plugins = ["tests.fakes.fixtures"]

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
def make_bot():
    """make_bot(url="sqlite://", *, settings=None, clock=None, google=None, phone=..., **overrides)
    -> tests.bots.BotUnderTest (a Bot), schema in place; see tests/bots.py."""
    from tests.bots import build_bot

    built = []

    def make(*args, **kwargs):
        built.append(build_bot(*args, **kwargs))
        return built[-1]

    yield make
    for bot in built:
        bot.db.dispose()


@pytest.fixture
def private_postgres():
    """A started tests.fakes.pg_cluster.PrivateCluster of our own (stop, start, freeze it at
    will; `.url` names its `postgres` database), removed afterwards. Without PostgreSQL's
    server binaries it skips, or fails under CI=true."""
    from tests.fakes.pg_cluster import PrivateCluster, postgres_bin_dir

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        reason = "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/*/bin or PATH"
        if in_ci():
            pytest.fail(f"CI=true but {reason}", pytrace=False)
        pytest.skip(reason)
    cluster = PrivateCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(params=["sqlite_file", "postgres"])
def db_url(request):
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(params=["sqlite", "postgres"])
def any_db(request):
    from smsbot.store.db import Database
    from smsbot.store.migrate import upgrade

    if request.param == "sqlite":
        database = Database("sqlite://")
        database.create_all()
    else:
        url = request.getfixturevalue("postgres_url")
        upgrade(url)
        database = Database(url)
    yield database
    database.dispose()
