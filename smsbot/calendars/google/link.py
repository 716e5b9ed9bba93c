"""What the Google provider keeps for the whole process: the API client (rebuilt when the
grant changes, e.g. the owner reconnects) and the event-id prefix of this installation."""
from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from smsbot.calendars.google.api import Api, Budget
from smsbot.calendars.google.credentials import GRANT_ROW, CredentialsProblem, Grant, current_grant
from smsbot.calendars.google.events import Events, new_event_prefix
from smsbot.store.db import insert_unless_present
from smsbot.calendars.google.models import GoogleSyncState, GoogleToken


class GoogleLink:
    def __init__(self, settings):
        self.settings = settings
        self.calendar_id = settings.google_calendar_id
        self.busy_ids = [settings.google_calendar_id, *(c for c in dict.fromkeys(settings.google_busy_calendar_ids)
                                                       if c != settings.google_calendar_id)]
        self.shared_ids = self.busy_ids[1:]  # busy for every provider
        # business.toml: providers with their own calendar (their busy times, their events there)
        providers = getattr(settings.business_file, "providers", ())
        self.provider_calendars = {p.name: p.google_calendar_id for p in providers
                                   if p.google_calendar_id and p.google_calendar_id != self.calendar_id}
        self.busy_ids += [c for c in dict.fromkeys(self.provider_calendars.values()) if c not in self.busy_ids]
        # the calendars whose changes are synced back, each with its own sync token and channel
        self.synced_ids = [self.calendar_id, *dict.fromkeys(self.provider_calendars.values())]
        self._lock = threading.Lock()
        self._key: str | None = None
        self._api: Api | None = None
        self.grant: Grant | None = None

    def _grant_key(self, session: Session) -> str:
        if self.settings.google_service_account_json:
            return "service-account"
        row = session.get(GoogleToken, GRANT_ROW)
        if row is None:
            raise CredentialsProblem("Google Calendar is not connected yet: an owner must visit /oauth/google/start")
        return row.refresh_token_encrypted

    def api(self, session: Session) -> Api:
        key = self._grant_key(session)
        with self._lock:
            if key != self._key or self._api is None:
                grant = current_grant(self.settings, session)
                if self.settings.google_calendar_api_endpoint:
                    _no_boundary_lookup(grant.credentials)
                self._api = Api(grant.credentials, self.settings.google_calendar_api_endpoint,
                                self.settings.google_call_timeout_seconds)
                self._key, self.grant = key, grant
            return self._api

    def events(self, session: Session, budget: Budget, calendar_id: str | None = None) -> Events:
        return Events(self.api(session), calendar_id or self.calendar_id, self.settings.google_send_updates, budget)

    def calendar_of(self, provider: str) -> str:
        """Where a provider's appointments are written: their own calendar, else the business's."""
        return self.provider_calendars.get(provider, self.calendar_id)

    def event_prefix(self, session: Session) -> str:
        """The installation's, kept on the business calendar's row (events in providers'
        calendars carry it too). Made on first use, in the caller's transaction (so not
        cached: it may roll back)."""
        query = select(GoogleSyncState.event_prefix).where(GoogleSyncState.calendar_id == self.calendar_id)
        prefix = session.scalar(query)
        if prefix is None:
            fresh = new_event_prefix()
            self._add_state(session, self.calendar_id, fresh)
            # the row may be a provider calendar's, from before it became the business's
            session.execute(update(GoogleSyncState).where(
                GoogleSyncState.calendar_id == self.calendar_id, GoogleSyncState.event_prefix.is_(None))
                .values(event_prefix=fresh))
            prefix = session.scalar(query)
        return prefix

    def sync_state(self, session: Session, now: datetime, calendar_id: str | None = None) -> GoogleSyncState:
        """Where the sync of one calendar stands (the business's unless named), row locked."""
        self.event_prefix(session)
        calendar_id = calendar_id or self.calendar_id
        if calendar_id != self.calendar_id:
            self._add_state(session, calendar_id, None)
        return session.get(GoogleSyncState, calendar_id, with_for_update=True)

    @staticmethod
    def _add_state(session: Session, calendar_id: str, prefix: str | None) -> None:
        conn = session.connection()
        conn.execute(insert_unless_present(conn.dialect.name, GoogleSyncState.__table__, "calendar_id"),
                     {"calendar_id": calendar_id, "event_prefix": prefix})


def _no_boundary_lookup(credentials) -> None:
    """google-auth looks up a service account's "regional access boundary" at
    iamcredentials.googleapis.com in a background thread; that is pointless (and leaves the
    machine) when the Calendar API is not Google's own, e.g. a local fake in tests."""
    if hasattr(credentials, "_is_regional_access_boundary_lookup_required"):
        credentials._is_regional_access_boundary_lookup_required = lambda: False
