"""`smsbot google status`: which credentials are in use and whether Google answers."""
from __future__ import annotations

import time
from datetime import timedelta

from googleapiclient.errors import HttpError
from sqlalchemy import select

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.google.provider import GoogleCalendars
from smsbot.calendars.google.api import Budget
from smsbot.calendars.google.credentials import CredentialsProblem
from smsbot.calendars.google.models import GoogleChannel, GoogleSyncState

CHECK_SECONDS = 15.0


def google_status(db, settings, now) -> tuple[bool, list[str]]:
    """(works, lines to print)."""
    if not settings.google_calendar_id:
        return False, ["Google Calendar is off (GOOGLE_CALENDAR_ID is empty): the bot uses its own calendar."]
    if not settings.google_enabled:
        return False, ["GOOGLE_CALENDAR_ID is set, but neither GOOGLE_SERVICE_ACCOUNT_JSON nor "
                       "GOOGLE_OAUTH_CLIENT_ID is: the bot uses its own calendar."]
    calendars = GoogleCalendars(settings)
    link = calendars.link
    lines = [f"calendar: {link.calendar_id}",
             f"busy calendars (freebusy): {', '.join(link.busy_ids)}",
             f"API: {settings.google_calendar_api_endpoint or 'Google (default)'}"]
    try:
        with db.transaction() as session:
            events = link.events(session, Budget(CHECK_SECONDS))
    except CredentialsProblem as problem:
        return False, [f"credentials: NONE USABLE: {problem}", *lines]
    lines.insert(0, f"credentials: {link.grant.who}")
    ok = _check(events, link, now, lines)
    with db.transaction() as session:
        for cid in link.synced_ids:
            owners = [f"{name}'s" for name, own in link.provider_calendars.items() if own == cid]
            lines += _sync_lines(session, cid, " and ".join(owners) or "the business's", now)
    return ok, lines


def _sync_lines(session, calendar_id: str, whose: str, now) -> list[str]:
    """Where one synced calendar's sync and push channel stand."""
    state = session.get(GoogleSyncState, calendar_id)
    channel = session.scalars(select(GoogleChannel).where(
        GoogleChannel.calendar_id == calendar_id, GoogleChannel.stopped_at.is_(None),
        GoogleChannel.expires_at > now).order_by(GoogleChannel.expires_at.desc()).limit(1)).first()
    last = state.last_sync_at if state else None
    return [f"synced calendar: {calendar_id} ({whose})",
            f"  last sync: {last:%Y-%m-%d %H:%M}Z" if last else "  last sync: never (run smsbot google sync)",
            f"  push channel: {channel.id} to {channel.address}, expires {channel.expires_at:%Y-%m-%d %H:%M}Z"
            if channel else "  push channel: none (set PUBLIC_BASE_URL and run smsbot google sync; "
                            "without one, run smsbot google sync from cron)"]


def _check(events, link, now, lines: list[str]) -> bool:
    started = time.monotonic()
    try:
        answer = events.freebusy(link.busy_ids, now, now + timedelta(hours=1))
        events.list_page(maxResults=1)
    except CredentialsProblem as problem:
        lines.append(f"check: NOT WORKING: {problem}")
        return False
    except (CalendarUnavailable, HttpError) as error:
        lines.append(f"check: NOT WORKING: {error}")
        return False
    broken = {cid: ", ".join(e.get("reason", "?") for e in (answer.get(cid) or {}).get("errors", []))
              for cid in link.busy_ids if not answer.get(cid) or answer[cid].get("errors")}
    for cid, reasons in broken.items():
        lines.append(f"check: NOT WORKING: freebusy cannot read {cid} ({reasons or 'missing'})")
    if broken:
        return False
    lines.append(f"check: ok, Google answered in {(time.monotonic() - started) * 1000:.0f} ms")
    return True
