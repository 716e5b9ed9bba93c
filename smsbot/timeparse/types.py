from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

GRAINS = ("minute", "hour", "part_of_day", "day", "week", "month")


@dataclass(frozen=True)
class When:
    """What a customer asked for.

    start/end are aware datetimes in the business time zone. `bound` is
    "after" or "before" for open-ended requests ("after 3", "before noon"),
    else None.  `stated_tz` is the zone the customer named ("3pm PST" gives
    "America/Los_Angeles"; start/end are still in the business zone), else None.
    `alternatives` are the other options offered ("tues or wed afternoon": this
    When is Tuesday afternoon, alternatives holds Wednesday afternoon).  None of
    the three is part of the JSON contract (to_json); `smsbot when` adds them.
    """

    start: datetime | None
    end: datetime | None = None
    grain: str | None = None
    bound: str | None = None
    stated_tz: str | None = None
    alternatives: tuple["When", ...] = ()

    def to_json(self) -> dict:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "grain": self.grain,
        }


NOTHING = When(None, None, None)
