"""The README's first command installs no PostgreSQL driver: the bot must run without one."""
from __future__ import annotations

import subprocess
import sys

from smsbot.config_values import _database


def test_the_app_on_sqlite_loads_no_postgresql_driver():
    probe = ("import sys; from smsbot.app import create_app; from smsbot.cli import main; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'psycopg'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_postgresql_url_is_read_for_the_psycopg_driver():
    assert _database("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
