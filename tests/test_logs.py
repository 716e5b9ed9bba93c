"""Logs: no full phone number in any record, whoever logs it; quiet SDKs; one line per outage."""
from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from smsbot.logs import OutageLog, install_logging
from smsbot.phones import mask_phone
from smsbot.store.db import Database
from smsbot.store.models import Conversation

ROOT = Path(__file__).resolve().parents[1]
PHONE = "+15551230001"
T0 = datetime(2026, 3, 4, 15, 15, tzinfo=timezone.utc)


@pytest.fixture
def logged():
    """What reaches a root handler once install_logging() ran, as text; all undone after."""
    root = logging.getLogger()
    names = ("twilio.http_client", "psycopg", "alembic")
    saved_levels = {name: logging.getLogger(name).level for name in (*names, "")}
    saved_filters = {id(h): list(h.filters) for h in root.handlers}
    saved_psycopg_filters = list(logging.getLogger("psycopg").filters)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    install_logging()
    yield out
    root.removeHandler(handler)
    for h in root.handlers:
        h.filters[:] = saved_filters.get(id(h), [])
    logging.getLogger("psycopg").filters[:] = saved_psycopg_filters
    for name, level in saved_levels.items():
        logging.getLogger(name).setLevel(level)


def test_a_phone_number_is_masked_in_the_message_its_arguments_and_the_traceback(logged):
    log = logging.getLogger("smsbot.test")
    log.info("from %s", PHONE)
    log.warning(f"inline {PHONE} and a dict %(who)s", {"who": PHONE})
    try:
        raise ValueError(f"bad row for {PHONE}")
    except ValueError:
        log.exception("failed for %s", PHONE)
    text = logged.getvalue()
    assert PHONE not in text
    assert text.count(mask_phone(PHONE)) == 5  # message, dict, traceback's last line and more
    assert "Traceback (most recent call last)" in text  # masked, not dropped


def test_a_traceback_formatted_first_by_a_handler_without_the_mask_is_still_masked(logged):
    unmasked = logging.StreamHandler(io.StringIO())
    logging.getLogger().handlers.insert(0, unmasked)  # formats (and caches) the traceback first
    try:
        raise ValueError(f"bad row for {PHONE}")
    except ValueError:
        logging.getLogger("smsbot.test").exception("failed")
    finally:
        logging.getLogger().removeHandler(unmasked)
    assert PHONE in unmasked.stream.getvalue()
    assert PHONE not in logged.getvalue() and "bad row for" in logged.getvalue()


def test_a_database_error_never_shows_the_bound_parameters():
    db = Database("sqlite://")
    db.create_all()
    row = {"phone": PHONE, "state": "idle", "context": "{}", "updated_at": T0}
    with pytest.raises(IntegrityError) as caught:
        with db.sessions() as session, session.begin():
            session.execute(insert(Conversation), [row])
            session.execute(insert(Conversation), [row])
    assert PHONE not in str(caught.value)
    assert "parameters hidden" in str(caught.value)


def test_a_postgresql_error_detail_with_a_phone_is_masked_in_the_log(postgres_url, logged):
    from smsbot.store.migrate import upgrade

    upgrade(postgres_url)
    db = Database(postgres_url)
    row = {"phone": PHONE, "state": "idle", "context": "{}", "updated_at": T0}
    try:
        with db.sessions() as session, session.begin():
            session.execute(insert(Conversation), [row])
            session.execute(insert(Conversation), [row])
    except IntegrityError as error:
        assert PHONE in str(error)  # the server's DETAIL names the key: only the log masks it
        logging.getLogger("smsbot.test").exception("insert failed")
    finally:
        db.dispose()
    text = logged.getvalue()
    assert "already exists" in text and PHONE not in text


def test_the_twilio_sdk_logs_no_line_per_request(logged, fake_twilio, monkeypatch):
    from smsbot.messaging.twilio_sender import TwilioSender

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    sender = TwilioSender(fake_twilio.account_sid, fake_twilio.auth_token,
                          base_url=fake_twilio.base_url, from_number="+15550009999")
    sender.send(PHONE, "Reminder: your appointment is tomorrow.", T0)
    assert len(fake_twilio.requests) == 1
    assert "twilio.http_client" not in logged.getvalue()


def test_psycopgs_warning_after_a_failed_pipeline_is_dropped_and_the_error_kept(postgres_url, logged):
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    with psycopg.connect(host=url.host, port=url.port, user=url.username, dbname=url.database,
                         autocommit=True) as conn:
        conn.execute("CREATE TEMP TABLE slots (k int PRIMARY KEY)")
        conn.execute("INSERT INTO slots VALUES (1)")
        with pytest.raises(RuntimeError):  # the block's own error, as a lost race raises it
            with conn.transaction(), conn.pipeline():
                conn.execute("INSERT INTO slots VALUES (1)")
                raise RuntimeError("lost the race")
    assert "error ignored" not in logged.getvalue()
    assert "psycopg" not in logged.getvalue()


def test_an_outage_is_logged_once_per_interval_and_its_end_once(logged):
    outages = OutageLog(logging.getLogger("smsbot.test"), "database", every=timedelta(minutes=1))
    for second in range(0, 150, 1):  # two and a half minutes of failures, one a second
        outages.failed("OperationalError: connection refused", T0 + timedelta(seconds=second))
    outages.succeeded(T0 + timedelta(seconds=150))
    outages.succeeded(T0 + timedelta(seconds=151))
    lines = logged.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["ERROR smsbot.test"] * 3 + ["WARNING smsbot.test"]
    assert "(1 request(s)" in lines[0] and "(61 request(s)" in lines[1] and "(121 request(s)" in lines[2]
    assert lines[3].endswith("database is back after 150 s (150 request(s) answered 'try again later')")


def test_the_smsbot_command_masks_phone_numbers_in_its_log(sqlite_file_url):
    from smsbot.store.migrate import upgrade
    from smsbot.store.outbox import enqueue
    from tests.cli_runner import smsbot

    upgrade(sqlite_file_url)
    db = Database(sqlite_file_url)
    with db.transaction() as session:
        enqueue(session, key="notice-1", to=PHONE, body="Questions? Call +15550001111.", due_at=T0, now=T0)
    db.dispose()
    result = smsbot("worker", "--once", env={"DATABASE_URL": sqlite_file_url})
    assert result.returncode == 0, result.stderr
    assert f"SMS to {mask_phone(PHONE)}: Questions? Call {mask_phone('+15550001111')}." in result.stderr


def test_the_wsgi_app_masks_phone_numbers_in_its_log(sqlite_file_url):
    code = "import logging, wsgi; logging.getLogger('smsbot.test').warning('from %s', '+15551230001')"
    env = {**os.environ, "DATABASE_URL": sqlite_file_url, "SMSBOT_ENV": "development",
           "SMSBOT_DOTENV": os.devnull, "TWILIO_AUTH_TOKEN": ""}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"from {mask_phone(PHONE)}" in done.stderr and PHONE not in done.stderr

