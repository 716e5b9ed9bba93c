"""Subcommands of `smsbot` (registered in smsbot/cli.py), and what they share."""
from __future__ import annotations

import click


def current_settings():
    """The settings the `smsbot` group read and checked before the subcommand ran."""
    return click.get_current_context().find_root().obj


def database():
    """The configured database, migrated to the newest schema first."""
    from smsbot.store.db import Database
    from smsbot.store.migrate import upgrade

    settings = current_settings()
    upgrade(settings.database_url)
    return Database.from_settings(settings)


def phone_argument(_ctx, _param, value: str) -> str:
    """The E.164 form of a typed number: "+1 555 000 0001" is fine, "555 000 0001" is not."""
    from smsbot.phones import parse_phone

    phone = parse_phone(value)
    if phone is None:
        raise click.BadParameter(f"{value!r} is not a phone number; use E.164 like +15550000001")
    return phone
