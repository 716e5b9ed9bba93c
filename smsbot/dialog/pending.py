"""What is under discussion in a conversation, typed, and its JSON form in the
conversation row. Rows written before this type existed (a dict of loose keys:
mode, offers, proposal, question, choices, pending, appointment) read back the same."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from smsbot.timeparse import When


class Mode(str, Enum):
    BOOK = "book"
    MOVE = "move"
    CANCEL = "cancel"


@dataclass
class Pending:
    mode: Mode | None = None
    appointment: int | str | None = None   # the one being moved or cancelled
    proposal: datetime | None = None       # the time waiting for a yes
    offers: list[datetime] = field(default_factory=list)  # the last list of times offered
    choices: list[int | str] = field(default_factory=list)  # appointments to pick among
    request: When | None = None  # what was asked for before it was settled which appointment it is for
    window: tuple[datetime, datetime] | None = None  # the stretch the offers were drawn from
    service: str | None = None   # named by the customer (a business with several)
    provider: str | None = None  # named by the customer; None: anyone who offers the service
    asked: str | None = None     # "service": waiting for which service; "name": for their name
    stated_tz: str | None = None  # the zone the customer named ("3pm PST"): replies say both

    @property
    def is_move(self) -> bool:
        return self.mode is Mode.MOVE

    def to_json(self) -> dict:
        data: dict = {}
        if self.mode:
            data["mode"] = self.mode.value
        if self.appointment is not None:
            data["appointment"] = self.appointment
        if self.proposal:
            data["proposal"] = self.proposal.isoformat()
        if self.offers:
            data["offers"] = [o.isoformat() for o in self.offers]
        if self.choices:
            data["choices"] = list(self.choices)
        if self.request:
            data["request"] = _when_json(self.request)
        if self.window:
            data["window"] = [w.isoformat() for w in self.window]
        for key in ("service", "provider", "asked", "stated_tz"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_json(cls, data: dict | None) -> "Pending":
        """Unknown or malformed keys are dropped: an odd old row restarts the talk, never crashes it."""
        data = data if isinstance(data, dict) else {}
        try:
            mode = Mode(data["mode"]) if data.get("mode") else None
        except ValueError:
            mode = None
        window = [_moment(w) for w in data.get("window") or []]
        return cls(
            mode=mode,
            appointment=data.get("appointment"),
            proposal=_moment(data.get("proposal")),
            offers=[o for o in map(_moment, data.get("offers") or []) if o],
            choices=list(data.get("choices") or []),
            request=_request(data),
            window=tuple(window) if len(window) == 2 and all(window) else None,
            service=_text(data.get("service")), provider=_text(data.get("provider")),
            asked=_text(data.get("asked")), stated_tz=_zone(data.get("stated_tz")),
        )


def _text(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _zone(value) -> str | None:
    try:
        return value if isinstance(value, str) and value and ZoneInfo(value) else None
    except (ValueError, ZoneInfoNotFoundError):
        return None


def _when_json(when: When) -> dict:
    """All of what was asked, so a clarifying question in between loses none of it."""
    data = {**when.to_json(), "bound": when.bound, "stated_tz": when.stated_tz}
    if when.alternatives:
        data["alternatives"] = [_when_json(other) for other in when.alternatives]
    return data


def _when(asked) -> When | None:
    if not (isinstance(asked, dict) and _moment(asked.get("start"))):
        return None
    bound = asked.get("bound") if asked.get("bound") in ("after", "before") else None
    others = asked.get("alternatives") if isinstance(asked.get("alternatives"), list) else []
    return When(_moment(asked["start"]), _moment(asked.get("end")), asked.get("grain") or "minute", bound,
                _zone(asked.get("stated_tz")), tuple(w for w in map(_when, others) if w))


def _request(data: dict) -> When | None:
    asked = _when(data.get("request"))
    if asked:
        return asked
    old = _moment(data.get("pending"))  # rows from before: a point in time
    return When(old, None, "minute") if old else None


def _moment(text) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else None
