"""A private PostgreSQL cluster a test may stop, start and freeze: never the shared one.

initdb and pg_ctl from /usr/lib/postgresql/*/bin, run as the `postgres` OS user when we are
root (the server refuses to run as root), in a temp dir it owns, on a free loopback port,
its unix socket inside that dir. Stopped and removed by close(), whatever happened.
"""
from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

COMMAND_TIMEOUT = 30  # seconds for initdb, a start or a stop: bounds any test using this


def postgres_bin_dir() -> Path | None:
    """The newest server install's bin directory, or None when there is none."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                        key=lambda path: int(Path(path).parent.parent.name))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateCluster:
    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="smsbot-pg-"))
        self.data = self.root / "data"
        self.frozen: list[int] = []
        self._as_postgres = os.geteuid() == 0
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--no-instructions")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        self._run("pg_ctl", "start", "-D", str(self.data), "-w", "-t", str(COMMAND_TIMEOUT),
                  "-l", str(self.root / "server.log"), "-o", options)

    def stop(self, mode: str = "fast") -> None:
        self.thaw()
        self._run("pg_ctl", "stop", "-D", str(self.data), "-w", "-t", str(COMMAND_TIMEOUT),
                  "-m", mode)

    def freeze(self) -> None:
        """SIGSTOP the postmaster and every backend: the server hangs, sockets stay open."""
        postmaster = self._postmaster_pid()
        self.frozen = [postmaster, *_children(postmaster)]
        for pid in self.frozen:
            os.kill(pid, signal.SIGSTOP)

    def thaw(self) -> None:
        for pid in self.frozen:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.frozen = []

    def close(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _postmaster_pid(self) -> int:
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        # pg_ctl's server inherits our pipes; a file keeps communicate() from waiting on it.
        with tempfile.TemporaryFile() as output:
            done = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT,
                                  timeout=COMMAND_TIMEOUT, cwd=self.root)
            if done.returncode != 0:
                output.seek(0)
                raise RuntimeError(f"{program} failed ({done.returncode}): "
                                   f"{output.read().decode(errors='replace')[-2000:]}")


def _children(pid: int) -> list[int]:
    children = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:  # fields: state, ppid, ...
            children.append(int(Path(stat).parent.name))
    return children
