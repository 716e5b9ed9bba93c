"""`smsbot staff ...` and `smsbot audit`: the staff allow-list and what staff did."""
from __future__ import annotations

import sys

import click

from smsbot.cli.common import database, phone_argument

@click.group()
def staff() -> None:
    """Manage the staff numbers allowed to use admin commands."""


@staff.command("add")
@click.argument("phone", callback=phone_argument)
@click.option("--name", default="", help="How the audit log and staff list name them.")
@click.option("--role", type=click.Choice(["staff", "owner"]), default="staff", show_default=True)
def staff_add(phone: str, name: str, role: str) -> None:
    """Allow PHONE to use admin commands (owners may also manage staff by text)."""
    from smsbot.clock import SystemClock
    from smsbot.store import staff as members

    with database().transaction() as session:
        members.add(session, phone, name, role, SystemClock().now())
    click.echo(f"{phone} is {role}")


@staff.command("remove")
@click.argument("phone", callback=phone_argument)
def staff_remove(phone: str) -> None:
    """Take PHONE off the staff list."""
    from smsbot.store import staff as members

    with database().transaction() as session:
        removed = members.remove(session, phone)
    click.echo(f"removed {phone}" if removed else f"{phone} was not staff")
    sys.exit(0 if removed else 1)


@staff.command("list")
def staff_list() -> None:
    """Show staff numbers, names and roles."""
    from smsbot.store import staff as members

    with database().transaction() as session:
        everyone = members.everyone(session)
        for m in everyone:
            click.echo(f"{m.phone}  {m.role:<6} {m.name}")
    if not everyone:
        click.echo("no staff yet: smsbot staff add +1... --role owner")


@click.command()
@click.option("--limit", default=100, show_default=True)
def audit(limit: int) -> None:
    """Print the audit log of staff commands (oldest first)."""
    from smsbot.phones import mask_phone
    from smsbot.store import staff as members

    with database().transaction() as session:
        entries = members.audit_log(session, limit)
        for e in entries:
            who = f"{e.name} {mask_phone(e.phone)}".strip()
            click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}Z  {who}  {e.command!r} -> {e.outcome}")
    if not entries:
        click.echo("the audit log is empty")
