"""`smsbot google status|sync`."""
from __future__ import annotations

import sys

import click

from smsbot.cli.common import current_settings, database

@click.group()
def google() -> None:
    """Google Calendar: check the connection; sync by hand or from cron."""


@google.command("status")
def google_status() -> None:
    """Say which Google credentials are in use and whether Google answers."""
    from smsbot.clock import SystemClock
    from smsbot.calendars.google.status import google_status as status

    works, lines = status(database(), current_settings(), SystemClock().now())
    for line in lines:
        click.echo(line)
    sys.exit(0 if works else 1)


@google.command("sync")
@click.option("--watch/--no-watch", default=True, show_default=True,
              help="Also start or renew the push channels (needs PUBLIC_BASE_URL).")
def google_sync(watch: bool) -> None:
    """Apply what staff changed in Google Calendar, in the business calendar and in each
    provider's own (what a push does; run it from cron where Google cannot reach
    PUBLIC_BASE_URL)."""
    from smsbot.calendars.base import CalendarUnavailable
    from smsbot.calendars.google.provider import GoogleCalendars
    from smsbot.calendars.google.api import Budget
    from smsbot.clock import SystemClock
    from smsbot.calendars.google.sync import sync_calendar
    from smsbot.calendars.google.watch import ensure_channel, stop_unused_channels
    from googleapiclient.errors import HttpError

    settings = current_settings()
    if not settings.google_enabled:
        raise click.ClickException("Google Calendar is not configured (see smsbot google status)")
    db, calendars, now = database(), GoogleCalendars(settings), SystemClock().now()
    failed = []
    for calendar_id in calendars.link.synced_ids:  # one calendar down does not hold up the others
        try:
            click.echo(str(sync_calendar(db, calendars, settings, now, Budget(60), calendar_id)))
            if watch:
                channel, new = ensure_channel(db, calendars, settings, now, Budget(20), calendar_id=calendar_id)
                if channel is not None:
                    click.echo(f"{calendar_id}: push channel {channel.id} {'started' if new else 'kept'}, "
                               f"expires {channel.expires_at:%Y-%m-%d %H:%M}Z")
        except (CalendarUnavailable, HttpError) as error:
            click.echo(f"{calendar_id}: Google Calendar did not answer: {error}", err=True)
            failed.append(calendar_id)
    if watch and not failed:
        stopped = stop_unused_channels(db, calendars, now, Budget(20))
        if stopped:
            click.echo(f"stopped {stopped} push channel(s) of calendars no longer in use")
    if failed:
        raise click.ClickException(f"Google Calendar did not answer for {', '.join(failed)}")
