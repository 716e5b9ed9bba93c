"""The `smsbot` command. Imports stay inside commands so `smsbot when -` starts fast."""
from __future__ import annotations

import json
import logging
import sys

import click


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")
def main(verbose: bool) -> None:
    """smsbot: book, move and cancel appointments by text message."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not verbose:
        for chatty in ("transitions", "alembic"):
            logging.getLogger(chatty).setLevel(logging.WARNING)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
def serve(host: str, port: int, workers: int) -> None:
    """Run the webhook server (migrations are applied first)."""
    from smsbot.app import create_app
    from smsbot.server import run_server

    run_server(create_app(migrate=True), host, port, workers)


@main.command()
@click.option("--phone", default="+15551230001", show_default=True, help="Chat as this number.")
def chat(phone: str) -> None:
    """Talk to the bot from the terminal, as PHONE, against the configured database."""
    from smsbot.chat import run_chat

    logging.getLogger("smsbot").setLevel(logging.WARNING)  # the replies are the output here
    run_chat(phone)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print every message sent as JSON lines.")
def replay(paths: tuple[str, ...], as_json: bool) -> None:
    """Replay conversation transcripts (files or folders of .txt) and check them."""
    from smsbot.transcripts.runner import replay_paths

    logging.getLogger("smsbot").setLevel(logging.WARNING)
    sys.exit(replay_paths(paths, as_json=as_json, out=sys.stdout))


@main.command()
@click.option("--now", default=None, help="The reference time, e.g. 2026-03-04T10:15.")
@click.option("--tz", default=None, help="Time zone (default: the business time zone).")
@click.argument("text")
def when(now: str | None, tz: str | None, text: str) -> None:
    """Show how a text's day and time are understood (TEXT '-' reads lines from stdin)."""
    from smsbot.timeparse.cli import run_when

    if tz is None:
        from smsbot.config import load_settings

        tz = load_settings().business_tz
    sys.exit(run_when(text, now, tz, sys.stdin, sys.stdout))


@main.command()
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between looks at the outbox.")
def worker(once: bool, poll: float) -> None:
    """Send due outbox messages (reminders, change notices)."""
    from smsbot.clock import SystemClock
    from smsbot.config import load_settings
    from smsbot.messaging.senders import sender_from_settings
    from smsbot.messaging.worker import Worker
    from smsbot.store.db import Database

    settings = load_settings()
    work = Worker(Database(settings.database_url), sender_from_settings(settings), settings, SystemClock())
    if once:
        click.echo(json.dumps(work.run_once()))
    else:
        work.run_forever(poll)


@main.command()
@click.option("--all", "everything", is_flag=True, help="Include sent and skipped rows.")
def outbox(everything: bool) -> None:
    """List pending and failed outbox messages."""
    from smsbot.config import load_settings
    from smsbot.masking import mask_phone
    from smsbot.store import outbox as rows
    from smsbot.store.db import Database

    settings = load_settings()
    statuses = (rows.PENDING, rows.SENDING, rows.FAILED, rows.SENT, rows.SKIPPED) if everything \
        else (rows.PENDING, rows.SENDING, rows.FAILED)
    with Database(settings.database_url).transaction() as session:
        listed = rows.listing(session, statuses)
        for row in listed:
            click.echo(f"{row.id:>6} {row.status:<8} {row.due_at:%Y-%m-%d %H:%M}Z {mask_phone(row.to)} "
                       f"{row.kind:<8} tries={row.attempts} {row.delivery or '-'} {row.last_error}")
    if not listed:
        click.echo("the outbox is empty")


@main.group()
def staff() -> None:
    """Manage the staff numbers allowed to use admin commands."""


def _database():
    from smsbot.config import load_settings
    from smsbot.store.db import Database
    from smsbot.store.migrate import upgrade

    settings = load_settings()
    upgrade(settings.database_url)
    return Database(settings.database_url)


def _phone(_ctx, _param, value: str) -> str:
    from smsbot.masking import is_e164

    if not is_e164(value):
        raise click.BadParameter("use an E.164 number like +15550000001")
    return value


@staff.command("add")
@click.argument("phone", callback=_phone)
@click.option("--name", default="", help="How the audit log and staff list name them.")
@click.option("--role", type=click.Choice(["staff", "owner"]), default="staff", show_default=True)
def staff_add(phone: str, name: str, role: str) -> None:
    """Allow PHONE to use admin commands (owners may also manage staff by text)."""
    from smsbot.clock import SystemClock
    from smsbot.store import staff as members

    with _database().transaction() as session:
        members.add(session, phone, name, role, SystemClock().now())
    click.echo(f"{phone} is {role}")


@staff.command("remove")
@click.argument("phone", callback=_phone)
def staff_remove(phone: str) -> None:
    """Take PHONE off the staff list."""
    from smsbot.store import staff as members

    with _database().transaction() as session:
        removed = members.remove(session, phone)
    click.echo(f"removed {phone}" if removed else f"{phone} was not staff")
    sys.exit(0 if removed else 1)


@staff.command("list")
def staff_list() -> None:
    """Show staff numbers, names and roles."""
    from smsbot.store import staff as members

    with _database().transaction() as session:
        everyone = members.everyone(session)
        for m in everyone:
            click.echo(f"{m.phone}  {m.role:<6} {m.name}")
    if not everyone:
        click.echo("no staff yet: smsbot staff add +1... --role owner")


@main.command()
@click.option("--limit", default=100, show_default=True)
def audit(limit: int) -> None:
    """Print the audit log of staff commands (oldest first)."""
    from smsbot.masking import mask_phone
    from smsbot.store import staff as members

    with _database().transaction() as session:
        entries = members.audit_log(session, limit)
        for e in entries:
            who = f"{e.name} {mask_phone(e.phone)}".strip()
            click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}Z  {who}  {e.command!r} -> {e.outcome}")
    if not entries:
        click.echo("the audit log is empty")


@main.group()
def google() -> None:
    """Google Calendar: check the connection; sync by hand or from cron."""


@google.command("status")
def google_status() -> None:
    """Say which Google credentials are in use and whether Google answers."""
    from smsbot.clock import SystemClock
    from smsbot.config import load_settings
    from smsbot.google.status import google_status as status

    works, lines = status(_database(), load_settings(), SystemClock().now())
    for line in lines:
        click.echo(line)
    sys.exit(0 if works else 1)


@google.command("sync")
@click.option("--watch/--no-watch", default=True, show_default=True,
              help="Also start or renew the push channel (needs PUBLIC_BASE_URL).")
def google_sync(watch: bool) -> None:
    """Apply what staff changed in Google Calendar (what a push does; run it from cron
    where Google cannot reach PUBLIC_BASE_URL)."""
    from smsbot.calendars.base import CalendarUnavailable
    from smsbot.calendars.google import GoogleCalendars
    from smsbot.calendars.google_api import Budget
    from smsbot.clock import SystemClock
    from smsbot.config import load_settings
    from smsbot.google.sync import sync_calendar
    from smsbot.google.watch import ensure_channel
    from googleapiclient.errors import HttpError

    settings = load_settings()
    if not settings.google_enabled:
        raise click.ClickException("Google Calendar is not configured (see smsbot google status)")
    db, calendars, now = _database(), GoogleCalendars(settings), SystemClock().now()
    try:
        click.echo(str(sync_calendar(db, calendars, settings, now, Budget(60))))
        if watch:
            channel, new = ensure_channel(db, calendars, settings, now, Budget(20))
            if channel is not None:
                click.echo(f"push channel {channel.id} {'started' if new else 'kept'}, "
                           f"expires {channel.expires_at:%Y-%m-%d %H:%M}Z")
    except (CalendarUnavailable, HttpError) as error:
        raise click.ClickException(f"Google Calendar did not answer: {error}")


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations to DATABASE_URL."""
    from smsbot.config import load_settings
    from smsbot.store.migrate import upgrade

    upgrade(load_settings().database_url, revision)
    click.echo("database is up to date")


if __name__ == "__main__":
    main()
