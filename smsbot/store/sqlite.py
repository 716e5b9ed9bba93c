"""SQLite engines: every transaction starts with BEGIN IMMEDIATE, so writers go one at a
time (the per-phone lock is then the database lock), queued by WriterQueue."""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

try:
    import fcntl
except ImportError:  # Windows: SQLite's own busy handler alone keeps it correct, if slower
    fcntl = None

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import StaticPool

IN_MEMORY = ("sqlite://", "sqlite:///:memory:")


def sqlite_engine(url: str, busy_seconds: float) -> Engine:
    in_memory = url in IN_MEMORY
    if in_memory:
        engine = create_engine("sqlite://", poolclass=StaticPool, hide_parameters=True,
                               connect_args={"check_same_thread": False})
    else:
        _make_parent_dir(url)
        engine = create_engine(url, hide_parameters=True, connect_args={"timeout": busy_seconds})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={round(busy_seconds * 1000)}")
        if not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def sqlite_file(url: str) -> str | None:
    if not url.startswith("sqlite") or url in IN_MEMORY:
        return None
    path = url.split(":///", 1)[-1]
    return path if path and not path.startswith(":") else None


def _make_parent_dir(url: str) -> None:
    path = sqlite_file(url)
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)


class WriterQueue:
    """Makes SQLite writers queue instead of polling. SQLite's busy handler sleeps and
    retries (up to 100 ms a try), which under load costs far more than the work; a
    thread lock plus an flock on a file beside the database hand the turn straight on,
    across threads and across gunicorn's processes alike."""

    def __init__(self, database_path: str):
        self.path = database_path + ".writer-lock"
        self.thread_lock = threading.Lock()
        self.fd, self.pid = None, None

    @classmethod
    def for_url(cls, url: str) -> "WriterQueue | None":
        path = sqlite_file(url)
        return cls(path) if path and fcntl else None

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
