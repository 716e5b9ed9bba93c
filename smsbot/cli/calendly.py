"""`smsbot calendly status|subscribe`."""
from __future__ import annotations

import sys

import click

from smsbot.cli.common import current_settings


@click.group()
def calendly() -> None:
    """Calendly: check the connection; subscribe to its webhooks."""


@calendly.command("status")
def calendly_status() -> None:
    """Say whether the token works, which event type is booked, and the webhook in use."""
    from smsbot.calendars.calendly.admin import calendly_status as status

    works, lines = status(current_settings())
    for line in lines:
        click.echo(line)
    sys.exit(0 if works else 1)


@calendly.command("subscribe")
def calendly_subscribe() -> None:
    """Ask Calendly to post invitee.created and invitee.canceled to PUBLIC_BASE_URL/calendly/webhook."""
    from smsbot.calendars.base import CalendarUnavailable
    from smsbot.calendars.calendly.admin import subscribe
    from smsbot.calendars.calendly.api import CalendlyError

    try:
        click.echo(subscribe(current_settings()))
    except ValueError as problem:
        raise click.ClickException(str(problem))
    except (CalendarUnavailable, CalendlyError) as error:
        raise click.ClickException(f"Calendly did not subscribe us: {error}")
