"""PostgreSQL connections that answer or fail within seconds, never hang a webhook.

The server enforces statement, lock and idle-in-transaction timeouts; psycopg enforces the
connect timeout. Neither helps when the server is frozen (a stopped VM, a stalled disk, a
silent network): a query then waits on its socket for ever. So every wait of a connection
on its socket is watched, and a wait past its limit has its socket shut down: libpq sees
the connection closed, psycopg raises OperationalError, SQLAlchemy drops the connection.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from itertools import count

import psycopg
from sqlalchemy import event
from sqlalchemy.engine import Engine

HANG_SLACK_SECONDS = 1.0  # past the server's own statement timeout, time for its error to arrive
# A transaction left idle (its process frozen) gives up its row locks after this. Longer than
# any request worth finishing (Twilio waits 15 s), a calendar call inside one included.
IDLE_IN_TRANSACTION_SECONDS = 30.0


class HangWatch:
    """One daemon thread per process, ticking; arm/disarm are a dict write under a lock."""

    def __init__(self, tick: float = 0.25, clock=time.monotonic):
        self.tick, self.clock = tick, clock
        self.lock = threading.Lock()
        self.watched: dict[int, tuple[float, int]] = {}  # token -> (deadline, socket fd)
        self.tokens = count()
        self.pid = None

    def arm(self, fd: int, seconds: float) -> int:
        token = next(self.tokens)
        with self.lock:
            if self.pid != os.getpid():  # first use, or a forked child: threads do not survive fork
                self.pid = os.getpid()
                threading.Thread(target=self._run, name="db-hang-watch", daemon=True).start()
            self.watched[token] = (self.clock() + seconds, fd)
        return token

    def disarm(self, token: int) -> None:
        with self.lock:  # held while cutting, so once this returns the fd is never touched
            self.watched.pop(token, None)

    def cut_expired(self) -> int:
        now, cut = self.clock(), 0
        with self.lock:
            for token, (deadline, fd) in list(self.watched.items()):
                if deadline <= now:
                    del self.watched[token]
                    _shut_down(fd)
                    cut += 1
        return cut

    def _run(self) -> None:
        while True:
            time.sleep(self.tick)
            self.cut_expired()


def _shut_down(fd: int) -> None:
    try:
        with socket.socket(fileno=os.dup(fd)) as sock:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to unblock


WATCH = HangWatch()


class GuardedConnection(psycopg.Connection):
    """A psycopg connection none of whose socket waits lasts past `hang_seconds`."""

    hang_seconds: float = 6.0

    def wait(self, gen, *args, **kwargs):
        token = WATCH.arm(self.pgconn.socket, self.hang_seconds)
        try:
            return super().wait(gen, *args, **kwargs)
        finally:
            WATCH.disarm(token)


def connect_args(connect_seconds: float) -> dict:
    # libpq takes whole seconds and reads anything under 2 as 2
    return {"connect_timeout": max(2, round(connect_seconds))}


def bound_waits(engine: Engine, connect_seconds: float, statement_seconds: float,
                lock_seconds: float) -> None:
    """Every connection of `engine` guarded, with the server's own timeouts set."""
    query_hang = statement_seconds + HANG_SLACK_SECONDS
    limits = session_settings(statement_seconds, lock_seconds)

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect, _record, cargs, cparams):
        conn = GuardedConnection.connect(*cargs, **cparams)
        conn.hang_seconds = query_hang
        return conn

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.autocommit = True  # a SET inside a transaction would be undone by its rollback
        dbapi_conn.execute(limits)
        dbapi_conn.autocommit = False

    # A pooled connection's next use starts with the pool's ping: a server that cannot
    # answer SELECT 1 within the connect timeout is not there, no need to wait longer.
    @event.listens_for(engine, "checkin")
    def _idle(dbapi_conn, _record):
        if dbapi_conn is not None:
            dbapi_conn.hang_seconds = connect_seconds

    @event.listens_for(engine, "checkout")
    def _in_use(dbapi_conn, _record, _proxy):
        dbapi_conn.hang_seconds = query_hang


def session_settings(statement_seconds: float, lock_seconds: float) -> str:
    """One SET for a new connection: a startup `options` packet would be refused or ignored
    by connection poolers such as PgBouncer, a SET is not."""
    limits = {"statement_timeout": statement_seconds, "lock_timeout": lock_seconds,
              "idle_in_transaction_session_timeout": IDLE_IN_TRANSACTION_SECONDS}
    return "; ".join(f"SET {name} = {round(seconds * 1000)}" for name, seconds in limits.items())
