"""The `smsbot` command. Imports stay inside commands so `smsbot when -` starts fast."""
from __future__ import annotations

import logging
import sys

import click

from smsbot.cli.common import current_settings, phone_argument


class _Main(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A subcommand's --help is read after this group's callback: it must not need settings.
        ctx.meta["smsbot.help"] = any(arg in ctx.help_option_names for arg in args)
        return super().parse_args(ctx, args)


@click.group(cls=_Main)
@click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")
@click.pass_context
def main(ctx: click.Context, verbose: bool) -> None:
    """smsbot: book, move and cancel appointments by text message.

    Every command first reads and checks the settings (README "Settings"): a bad one
    stops it with a line naming the variable, and exit status 2."""
    from smsbot.logs import install_logging

    install_logging(logging.DEBUG if verbose else logging.INFO, quiet=not verbose)
    if ctx.invoked_subcommand != "when" and not ctx.meta["smsbot.help"]:  # `when` reads only BUSINESS_TZ
        from smsbot.config import load_settings_or_exit

        ctx.obj = load_settings_or_exit()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--threads", default=4, show_default=True, type=int, help="threads per worker")
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Run the webhook server (migrations are applied first)."""
    from smsbot.app import create_app
    from smsbot.cli.server import run_server

    run_server(create_app(current_settings(), migrate=True), host, port, workers, threads)


@main.command()
@click.option("--phone", default="+15551230001", show_default=True, callback=phone_argument,
              help="Chat as this number.")
def chat(phone: str) -> None:
    """Talk to the bot from the terminal, as PHONE, against the configured database."""
    from smsbot.cli.chat import run_chat

    logging.getLogger("smsbot").setLevel(logging.WARNING)  # the replies are the output here
    run_chat(phone, current_settings())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print every message sent as JSON lines.")
def replay(paths: tuple[str, ...], as_json: bool) -> None:
    """Replay conversation transcripts (files or folders of .txt) and check them."""
    from smsbot.cli.replay.runner import replay_paths

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
        from smsbot.config import load_settings_or_exit

        tz = load_settings_or_exit().business_tz.key
    sys.exit(run_when(text, now, tz, sys.stdin, sys.stdout))


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Apply migrations to DATABASE_URL."""
    from smsbot.store.migrate import upgrade

    upgrade(current_settings().database_url, revision)
    click.echo("database is up to date")


@main.command("config")
def show_config() -> None:
    """Print the effective settings, NAME=value, secrets masked, defaults marked."""
    from smsbot.config import describe

    for line in describe(current_settings()):
        click.echo(line)


def _register_commands() -> None:
    from smsbot.cli.calendly import calendly
    from smsbot.cli.google import google
    from smsbot.cli.outbox import outbox, worker
    from smsbot.cli.staff import audit, staff
    from smsbot.cli.vapi import vapi

    for command in (worker, outbox, staff, audit, google, calendly, vapi):
        main.add_command(command)


_register_commands()


if __name__ == "__main__":
    main()
