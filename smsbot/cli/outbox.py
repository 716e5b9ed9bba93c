"""`smsbot worker` and `smsbot outbox`: sending what the bot starts, and looking at it."""
from __future__ import annotations

import json

import click

from smsbot.cli.common import current_settings, database

@click.command()
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between looks at the outbox.")
def worker(once: bool, poll: float) -> None:
    """Send due outbox messages (reminders, change notices)."""
    from smsbot.clock import SystemClock
    from smsbot.messaging.senders import sender_from_settings
    from smsbot.messaging.worker import Worker

    settings = current_settings()
    work = Worker(database(), sender_from_settings(settings), settings, SystemClock())
    if once:
        click.echo(json.dumps(work.run_once()))
    else:
        work.run_forever(poll)


@click.command()
@click.option("--all", "everything", is_flag=True, help="Include sent and skipped rows.")
def outbox(everything: bool) -> None:
    """List pending and failed outbox messages."""
    from smsbot.phones import mask_phone
    from smsbot.store import outbox as rows

    statuses = (rows.PENDING, rows.SENDING, rows.FAILED, rows.SENT, rows.SKIPPED) if everything \
        else (rows.PENDING, rows.SENDING, rows.FAILED)
    with database().transaction() as session:
        listed = rows.listing(session, statuses)
        for row in listed:
            click.echo(f"{row.id:>6} {row.status:<8} {row.due_at:%Y-%m-%d %H:%M}Z {mask_phone(row.to)} "
                       f"{row.kind:<8} tries={row.attempts} {row.delivery or '-'} {row.last_error}")
    if not listed:
        click.echo("the outbox is empty")
