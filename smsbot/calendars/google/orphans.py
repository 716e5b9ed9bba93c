"""Events of ours that no committed appointment owns: a booking that reached Google but
whose transaction rolled back, and whose undo could not reach Google either. Found by our
private extended property, recently updated, under this installation's id prefix; deleted
once old enough that no transaction can still be about to commit them."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from googleapiclient.errors import HttpError
from sqlalchemy import select

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.google.events import APPOINTMENT, MARK, gone, parse_time, rfc3339
from smsbot.calendars.google.models import GoogleEvent

log = logging.getLogger("smsbot.calendars.google.sync")
ORPHAN_AGE = timedelta(minutes=10)  # younger ones may belong to a transaction still running
ORPHAN_LOOKBACK = timedelta(days=2)


def remove_orphans(db, link, events, now: datetime) -> int:
    try:
        found, page = [], None
        while True:
            answer = events.list_page(privateExtendedProperty=f"{MARK}={APPOINTMENT}",
                                      updatedMin=rfc3339(now - ORPHAN_LOOKBACK),
                                      **({"pageToken": page} if page else {}))
            found += answer.get("items", [])
            page = answer.get("nextPageToken")
            if not page:
                break
        removed = 0
        # Checked and deleted in one transaction: on SQLite, which hands a rolled-back
        # appointment id out again, no booking can adopt the event in between.
        with db.transaction() as session:
            prefix = link.event_prefix(session)
            ours = [e for e in found if e["id"].startswith(prefix)
                    and e.get("created") and parse_time(e["created"]) < now - ORPHAN_AGE]
            owned = set(session.scalars(select(GoogleEvent.event_id).where(
                GoogleEvent.calendar_id == events.calendar_id, GoogleEvent.event_id.in_([e["id"] for e in ours]))))
            for event in ours:
                if event["id"] not in owned:
                    try:
                        events.delete(event["id"])
                    except HttpError as error:
                        if not gone(error):
                            raise
                    log.warning("removed Google event %s: its booking never committed", event["id"])
                    removed += 1
        return removed
    except (CalendarUnavailable, HttpError) as error:
        log.warning("could not look for stray events this time: %s", error)
        return 0

