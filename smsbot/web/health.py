"""The settings page's health panel: database, Twilio, Google, Calendly and the worker,
each one line a person can act on."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, text

from smsbot.store import outbox, worker_rounds
from smsbot.store.models import OutboxMessage

OVERDUE = timedelta(minutes=5)  # a due message still waiting this long: no worker is sending
STOPPED = timedelta(minutes=5)  # workers note a round every minute


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def checks(bot, now: datetime) -> list[Check]:
    settings = bot.settings
    with bot.db.transaction() as db:
        db.execute(text("SELECT 1"))
        last_sent = db.scalar(select(func.max(OutboxMessage.sent_at)))
        last_round = worker_rounds.last_worker_round(db)
        overdue = db.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.status == outbox.PENDING, OutboxMessage.due_at < now - OVERDUE))
        failed = db.scalars(select(OutboxMessage).where(OutboxMessage.status == outbox.FAILED)
                            .order_by(OutboxMessage.created_at.desc()).limit(1)).first()
    return [Check("Database", True, "answering"), _twilio(settings, failed),
            _google(bot, now), _calendly(settings), _worker(now, last_round, last_sent, overdue)]


def _twilio(settings, failed) -> Check:
    if not settings.twilio_sending:
        return Check("Twilio", settings.development, "not set up: messages go to the console sender")
    if failed is not None:
        return Check("Twilio", False, f"last failure: {failed.last_error or 'unknown'}")
    return Check("Twilio", True, "set up; no failed messages")


def _google(bot, now) -> Check:
    if not bot.settings.google_calendar_id:
        return Check("Google Calendar", True, "not used: the bot's own calendar")
    from smsbot.calendars.google.status import google_status

    try:
        ok, lines = google_status(bot.db, bot.settings, now)
    except Exception as error:  # noqa: BLE001 - the panel reports, it never breaks the page
        return Check("Google Calendar", False, f"{type(error).__name__}: {error}")
    return Check("Google Calendar", ok, "; ".join(lines))


def _calendly(settings) -> Check:
    if not settings.calendly_enabled:
        return Check("Calendly", True, "not used")
    from smsbot.calendars.calendly.admin import calendly_status

    try:
        ok, lines = calendly_status(settings)
    except Exception as error:  # noqa: BLE001 - the panel reports, it never breaks the page
        return Check("Calendly", False, f"{type(error).__name__}: {error}")
    return Check("Calendly", ok, "; ".join(lines))


def _worker(now: datetime, last_round, last_sent, overdue: int) -> Check:
    ran = f"last run {last_round:%Y-%m-%d %H:%M} UTC" if last_round else "never ran"
    sent = f"last message sent {last_sent:%Y-%m-%d %H:%M} UTC" if last_sent else "nothing sent yet"
    stopped = last_round is None or now - last_round > STOPPED
    if overdue or stopped:
        why = f"{overdue} message(s) overdue by over {OVERDUE.seconds // 60} minutes" if overdue else "not running"
        return Check("Worker", False, f"{why}: is `smsbot worker` running? ({ran}; {sent})")
    return Check("Worker", True, f"{ran}; {sent}")
