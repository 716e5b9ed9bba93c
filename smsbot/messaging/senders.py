"""Which sender the settings ask for: Twilio when credentials are configured, else the console."""
from __future__ import annotations

from smsbot.messaging.console import ConsoleSender


def sender_from_settings(settings):
    if settings.twilio_sending:
        from smsbot.messaging.twilio_sender import TwilioSender

        return TwilioSender.from_settings(settings)
    return ConsoleSender()
