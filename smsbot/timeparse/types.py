from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

GRAINS = ("minute", "hour", "part_of_day", "day", "week")


@dataclass(frozen=True)
class When:
    """What a customer asked for.

    start/end are aware datetimes in the business time zone. `bound` is
    "after" or "before" for open-ended requests ("after 3", "before noon"),
    else None; it is not part of the JSON contract.
    """

    start: datetime | None
    end: datetime | None = None
    grain: str | None = None
    bound: str | None = None

    def to_json(self) -> dict:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "grain": self.grain,
        }


NOTHING = When(None, None, None)
