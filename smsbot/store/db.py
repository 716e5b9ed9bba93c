"""Engines and transactions. One transaction per inbound message, bounded in time.

SQLite: see store/sqlite.py (BEGIN IMMEDIATE, writers queued). PostgreSQL: the
conversation row is locked by the upsert that opens it (store/conversations.py); the
timeouts and the hang watch are in store/postgres.py.
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from sqlalchemy import create_engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from smsbot.store.sqlite import WriterQueue, sqlite_engine

MIGRATION_BUSY_SECONDS = 15.0  # migrations run at start-up, nobody waits on a reply


@dataclass(frozen=True)
class DatabaseTimeouts:
    """How long a request may wait on the database, all well inside Twilio's 15 s."""
    connect_seconds: float = 3.0  # a new connection, and a free one from the pool
    statement_seconds: float = 5.0  # one statement (the server's limit; the hang watch adds 1 s)
    lock_seconds: float = 3.0  # one lock wait (PostgreSQL), the busy wait (SQLite)

    @classmethod
    def from_settings(cls, settings) -> "DatabaseTimeouts":
        return cls(settings.db_connect_timeout_seconds, settings.db_statement_timeout_seconds,
                   settings.db_lock_timeout_seconds)


class DatabaseUnavailable(Exception):
    """The database did not answer in time or failed (stopped, frozen, full, locked too
    long). The transaction was rolled back: nothing of it was kept."""


def make_engine(url: str, timeouts: DatabaseTimeouts | None = None) -> Engine:
    """`timeouts` None: for migrations, whose statements may rightly take long."""
    if url.startswith("sqlite"):
        return sqlite_engine(url, timeouts.lock_seconds if timeouts else MIGRATION_BUSY_SECONDS)
    from smsbot.store import postgres  # psycopg is needed only with a PostgreSQL URL

    connect_seconds = (timeouts or DatabaseTimeouts()).connect_seconds
    engine = create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20,
                           pool_timeout=connect_seconds, hide_parameters=True,
                           connect_args=postgres.connect_args(connect_seconds))
    if timeouts is not None:
        postgres.bound_waits(engine, timeouts.connect_seconds, timeouts.statement_seconds,
                             timeouts.lock_seconds)
    return engine


def is_outage(error: BaseException) -> bool:
    """A fault of the database or the way to it, as opposed to a bug in a statement."""
    if isinstance(error, (OperationalError, InterfaceError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def describe(error: BaseException) -> str:
    """One line, without the statement: what went wrong."""
    cause = getattr(error, "orig", None) or error
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def dialect_insert(dialect_name: str, table):
    """An INSERT in this dialect, so ON CONFLICT clauses work on PostgreSQL and SQLite alike."""
    return (postgresql if dialect_name == "postgresql" else sqlite).insert(table)


@lru_cache(maxsize=None)
def insert_unless_present(dialect_name: str, table, key: str):
    """A prebuilt INSERT ... ON CONFLICT (key) DO NOTHING: execute it on a connection
    with the row's values as parameters."""
    return dialect_insert(dialect_name, table).on_conflict_do_nothing(index_elements=[key])


def insert_rows(conn, stmt, rows: list[dict]) -> None:
    """Execute the prebuilt INSERT `stmt` for all `rows` as one multi-row INSERT ... VALUES.
    With RETURNING, SQLAlchemy batches the rows into one statement it compiles once
    ("insertmanyvalues"); without, psycopg's executemany costs twice a single statement, and
    a VALUES list of literal rows is compiled anew on every call."""
    if len(rows) == 1:
        conn.execute(stmt, rows[0])
    else:
        conn.execute(_returning(stmt), rows)


@lru_cache(maxsize=None)
def _returning(stmt):
    return stmt.returning(*stmt.table.primary_key.columns)


class Database:
    def __init__(self, url: str, timeouts: DatabaseTimeouts = DatabaseTimeouts()):
        self.url, self.timeouts = url, timeouts
        self.engine = make_engine(url, timeouts)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.writers = WriterQueue.for_url(url)

    @classmethod
    def from_settings(cls, settings) -> "Database":
        return cls(settings.database_url, DatabaseTimeouts.from_settings(settings))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session in one transaction: committed at the end, rolled back on any error.
        A database fault comes out as DatabaseUnavailable (a bug's error as itself)."""
        try:
            with self.writers.turn() if self.writers else nullcontext():
                with self.sessions() as session, session.begin():
                    yield session
        except (DBAPIError, PoolTimeout) as error:
            if not is_outage(error):
                raise
            raise DatabaseUnavailable(describe(error)) from error

    def create_all(self) -> None:
        """For in-memory databases (tests, replay); real ones use migrations."""
        from smsbot.store.models import Base

        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
