"""Keeping an outbox row's lease while its send is in flight: the lease can then be short
(a killed worker's rows come back soon) and still outlast a slow answer from Twilio."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from smsbot.store import outbox

log = logging.getLogger("smsbot.worker")


class LeaseHeartbeat:
    """Within `with`, renews the row's lease every third of its length from a background
    thread; stops once the row is no longer ours (dropped, or taken over)."""

    def __init__(self, db, row_id: int, held: datetime, clock, lease: timedelta):
        self.db, self.row_id, self.held, self.clock, self.lease = db, row_id, held, clock, lease
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{row_id}", daemon=True)

    def __enter__(self) -> "LeaseHeartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.lease.total_seconds() / 3):
            try:
                with self.db.transaction() as session:
                    row = outbox.renew(session, self.row_id, self.held, self.clock.now(), self.lease)
                    if row is None:
                        return
                    self.held = row.lease_until
            except Exception:  # noqa: BLE001 - the database away for a moment: try at the next beat
                log.warning("could not renew the lease of outbox row %s", self.row_id, exc_info=True)
