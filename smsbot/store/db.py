"""Engines and transactions. One transaction per inbound message.

SQLite: every transaction starts with BEGIN IMMEDIATE, so writers go one at a time
(the per-phone lock is then the database lock), queued by WriterQueue. PostgreSQL: the
conversation row is locked by the upsert that opens it (store/conversations.py).
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy handler alone keeps it correct, if slower
    fcntl = None

from sqlalchemy import create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

SQLITE_BUSY_TIMEOUT_MS = 15000


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def _sqlite_engine(url: str) -> Engine:
    in_memory = url in ("sqlite://", "sqlite:///:memory:")
    if in_memory:
        engine = create_engine(
            "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        _make_parent_dir(url)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _sqlite_file(url: str) -> str | None:
    if not url.startswith("sqlite") or url in ("sqlite://", "sqlite:///:memory:"):
        return None
    path = url.split(":///", 1)[-1]
    return path if path and not path.startswith(":") else None


def _make_parent_dir(url: str) -> None:
    path = _sqlite_file(url)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def dialect_insert(dialect_name: str, table):
    """An INSERT in this dialect, so ON CONFLICT clauses work on PostgreSQL and SQLite alike."""
    return (postgresql if dialect_name == "postgresql" else sqlite).insert(table)


@lru_cache(maxsize=None)
def insert_unless_present(dialect_name: str, table, key: str):
    """A prebuilt INSERT ... ON CONFLICT (key) DO NOTHING: execute it on a connection
    with the row's values as parameters."""
    return dialect_insert(dialect_name, table).on_conflict_do_nothing(index_elements=[key])


class WriterQueue:
    """Makes SQLite writers queue instead of polling. SQLite's busy handler sleeps and
    retries (up to 100 ms a try), which under load costs far more than the work; a
    thread lock plus an flock on a file beside the database hand the turn straight on,
    across threads and across gunicorn's processes alike."""

    def __init__(self, database_path: str):
        self.path = database_path + ".writer-lock"
        self.thread_lock = threading.Lock()
        self.fd, self.pid = None, None

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self.thread_lock:
            if self.pid != os.getpid():  # a forked worker needs its own open file
                self.fd, self.pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)


class Database:
    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        path = _sqlite_file(url)
        self.writers = WriterQueue(path) if path and fcntl else None

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.writers.turn() if self.writers else nullcontext():
            with self.sessions() as session, session.begin():
                yield session

    def create_all(self) -> None:
        """For in-memory databases (tests, replay); real ones use migrations."""
        from smsbot.store.models import Base

        Base.metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()
