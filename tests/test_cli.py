"""The `smsbot` command as a user runs it: in-process through click's CliRunner
(tests/cli_runner.py), except one end-to-end run of the installed console script."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from tests.cli_runner import HIDDEN, smsbot


def console_script(*args: str, stdin: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    """The `smsbot` executable pip installed beside this Python, as a real process."""
    script = shutil.which("smsbot", path=str(Path(sys.executable).parent))
    assert script, "no smsbot console script beside this Python: pip install -e '.[test]'"
    environ = {k: v for k, v in os.environ.items() if not k.startswith(HIDDEN)}
    environ.update(SMSBOT_DOTENV=os.devnull, **env)
    return subprocess.run([script, *args], input=stdin, capture_output=True, text=True, env=environ,
                          cwd=cwd, timeout=120)


@pytest.fixture
def sqlite_env(tmp_path):
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}"}


def test_db_upgrade_creates_the_schema(tmp_path, sqlite_env):
    result = smsbot("db", "upgrade", env=sqlite_env)
    assert result.returncode == 0, result.stderr
    tables = set(inspect(create_engine(sqlite_env["DATABASE_URL"])).get_table_names())
    assert {"appointments", "appointment_cells", "conversations", "inbound_messages",
            "busy_blocks", "opt_outs", "alembic_version"} <= tables


def test_chat_books_an_appointment(sqlite_env, tmp_path):
    """End to end: the installed console script, a real process, a SQLite file."""
    result = console_script("chat", "--phone", "+15551230001", stdin="BOOK\nhelp\n",
                            env=sqlite_env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "bot> What day and time would you like?" in result.stdout
    assert "cancel appt" in result.stdout


def test_chat_keeps_state_in_the_database(sqlite_env):
    first = smsbot("chat", stdin="BOOK\n", env=sqlite_env)
    assert "What day and time" in first.stdout
    second = smsbot("chat", stdin="start over\n", env=sqlite_env)
    assert "starting over" in second.stdout


def test_chat_rejects_a_bad_phone(sqlite_env):
    result = smsbot("chat", "--phone", "12345", env=sqlite_env)
    assert result.returncode != 0 and "E.164" in result.stderr


def test_chat_refuses_a_nul_and_carries_on(sqlite_env):
    result = smsbot("chat", stdin="AGENDA \x00\nBOOK\n", env=sqlite_env)
    assert result.returncode == 0, result.stderr
    assert "bot> (not sent: NUL characters are not allowed)" in result.stdout
    assert "What day and time" in result.stdout


def test_chat_takes_a_number_as_people_write_it(sqlite_env):
    result = smsbot("chat", "--phone", "+1 (555) 123-0001", stdin="HELP\n", env=sqlite_env)
    assert result.returncode == 0, result.stderr
    assert "Chatting as +15551230001 " in result.stdout


def test_replay_exit_codes(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("@now 2026-03-04 10:15\n> +15551230001: HELP\n< *cancel appt*\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("@now 2026-03-04 10:15\n> +15551230001: HELP\n< *no such reply*\n")
    assert smsbot("replay", str(good)).returncode == 0
    result = smsbot("replay", str(tmp_path))
    assert result.returncode == 1
    assert "bad.txt:3" in result.stdout and "1 passed, 1 failed" in result.stdout


def test_production_without_token_will_not_serve(sqlite_env):
    result = smsbot("serve", "--port", "0", env={**sqlite_env, "SMSBOT_ENV": "production",
                                                 "PUBLIC_BASE_URL": "https://bot.example.com"})
    assert result.returncode == 2 and result.stderr.startswith("TWILIO_AUTH_TOKEN is not set: production")
