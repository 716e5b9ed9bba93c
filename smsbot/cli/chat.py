"""`smsbot chat`: the bot in a terminal, as one phone number."""
from __future__ import annotations

import uuid

import click

from smsbot.bot import BadInbound, Bot, Inbound
from smsbot.calendars.factory import calendar_factory
from smsbot.clock import SystemClock
from smsbot.config_values import mask_password
from smsbot.store.db import Database
from smsbot.store.migrate import upgrade


def run_chat(phone: str, settings) -> None:
    upgrade(settings.database_url)
    bot = Bot(Database.from_settings(settings), settings, SystemClock(), calendar_factory(settings))
    click.echo(f"Chatting as {phone} ({mask_password(settings.database_url)}). Ctrl-D or /quit to leave.")
    while True:
        try:
            text = input("you> ")
        except (EOFError, KeyboardInterrupt):
            click.echo()
            return
        if text.strip() == "/quit":
            return
        try:
            message = Inbound(sid=f"chat-{uuid.uuid4().hex}", phone=phone, body=text)
        except BadInbound as error:
            click.echo(f"bot> (not sent: {error})")
            continue
        replies = bot.handle(message)
        for reply in replies or ["(no reply)"]:
            click.echo(f"bot> {reply}")
