"""Subcommands of `smsbot` (registered in smsbot/cli.py), and what they share."""
from __future__ import annotations

import click


def database():
    """The configured database, migrated to the newest schema first."""
    from smsbot.config import load_settings
    from smsbot.store.db import Database
    from smsbot.store.migrate import upgrade

    settings = load_settings()
    upgrade(settings.database_url)
    return Database(settings.database_url)


def phone_argument(_ctx, _param, value: str) -> str:
    from smsbot.phones import is_e164

    if not is_e164(value):
        raise click.BadParameter("use an E.164 number like +15550000001")
    return value
