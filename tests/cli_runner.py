"""`smsbot ...` run in-process with click's CliRunner, the way a fresh process runs it:

    result = smsbot("staff", "list", env={"DATABASE_URL": url})
    result.returncode, result.stdout, result.stderr    # as from subprocess.run

The operator's own settings (TWILIO_*, GOOGLE_*, ...) are hidden from the command and no
.env file is read unless `env` names one (SMSBOT_DOTENV). Logging is set up by the
command itself, as in a new process: to its stderr, at INFO. Only tests/test_cli.py's
end-to-end test starts the real console script.
"""
from __future__ import annotations

import logging
import os
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

from click.testing import CliRunner

from smsbot.cli import main

HIDDEN = ("TWILIO_", "SMSBOT_", "GOOGLE_", "CALENDLY_", "PUBLIC_BASE_URL", "QUIET_HOURS", "REMINDER_")
LOGGERS_THE_COMMANDS_TUNE = ("smsbot", "alembic", "twilio.http_client")


@dataclass(frozen=True)
class Finished:
    returncode: int
    stdout: str
    stderr: str


def smsbot(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> Finished:
    environ: dict[str, str | None] = {name: None for name in os.environ if name.startswith(HIDDEN)}
    environ.update({"SMSBOT_DOTENV": os.devnull, **(env or {})})
    with _logging_of_a_new_process():
        result = CliRunner().invoke(main, list(args), input=stdin, env=environ, prog_name="smsbot")
    stdout, stderr, error = result.stdout, result.stderr, result.exception
    if isinstance(error, SystemExit) and not isinstance(error.code, (int, type(None))):
        # The runner prints such a message to stdout; Python prints it to stderr.
        stdout = stdout.removesuffix(f"{error.code}\n")
        stderr += f"{error.code}\n"
    elif error is not None and not isinstance(error, SystemExit):
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Finished(result.exit_code, stdout, stderr)


@contextmanager
def _logging_of_a_new_process() -> Iterator[None]:
    """Root without handlers, so main's logging.basicConfig writes to the runner's stderr;
    everything put back afterwards (pytest's capture handlers, levels the commands set)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    tuned = {name: logging.getLogger(name).level for name in LOGGERS_THE_COMMANDS_TUNE}
    root.handlers.clear()
    try:
        yield
    finally:
        for handler in root.handlers:
            handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)
        for name, was in tuned.items():
            logging.getLogger(name).setLevel(was)
