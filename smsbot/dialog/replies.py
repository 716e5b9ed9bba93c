"""What the dialog says, as values: the meaning of each reply, never its wording.
Each channel words them (`dialog/say/sms.py`; a voice renderer reads the same values)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum


class Notice(Enum):
    """Replies that carry nothing but their meaning."""
    GREETING = "greeting"
    WELCOME = "welcome"                  # to thanks
    NOT_UNDERSTOOD = "not_understood"
    ASK_DAY_TIME = "ask_day_time"
    NO_DAY_TIME_SEEN = "no_day_time_seen"  # a time was asked for and none came
    RESTARTED = "restarted"
    NOTHING_CHANGED = "nothing_changed"
    NOTHING_PENDING = "nothing_pending"
    EXPIRED = "expired"
    NO_APPOINTMENT = "no_appointment"
    PICK_OFFER = "pick_offer"
    NOTHING_FREE = "nothing_free"


@dataclass(frozen=True)
class Proposal:
    """A yes/no question: book `start`, or move the appointment at `moving_from` to it.
    `service`, `provider`: named when the business has several (else empty); `stated_tz`: the
    zone the customer named ("3pm PST"), so the question says the time in both."""
    start: datetime
    moving_from: datetime | None = None
    service: str = ""
    provider: str = ""
    stated_tz: str = ""


@dataclass(frozen=True)
class CancelQuestion:
    starts: tuple[datetime, ...]  # one, or all of them ("cancel both")


@dataclass(frozen=True)
class MoveOrBook:
    """A time asked for by someone who holds an appointment (at `start`), in words
    that do not say whether to move it or to book another."""
    start: datetime


@dataclass(frozen=True)
class Again:
    """The pending yes/no question, asked again because the answer was neither."""
    question: Proposal | CancelQuestion


@dataclass(frozen=True)
class Offers:
    """Free times to pick from. `reason` says why these rather than what was asked:
    past, too_soon, closed, taken, just_taken, nothing_on (then `day`), holiday (then `day`
    and its name in `holiday`, '' for a day the business file closes), or day (none)."""
    slots: tuple[datetime, ...]
    reason: str
    day: datetime | None = None
    provider: str = ""  # the times are this provider's (the customer asked for them)
    holiday: str = ""


@dataclass(frozen=True)
class Refusal:
    """A day that cannot be offered at all: too_far (`days` the horizon) or past_day (`day`)."""
    reason: str
    day: datetime | None = None
    days: int | None = None


@dataclass(frozen=True)
class Booked:
    """`service`, `provider`: named when the business has several; `ask_name`: a first
    booking from a number we have no name for, so the confirmation asks for one."""
    start: datetime
    service: str = ""
    provider: str = ""
    ask_name: bool = False
    stated_tz: str = ""  # as in Proposal


@dataclass(frozen=True)
class ChooseService:
    """Which service? Asked when the business has several and none was named."""
    names: tuple[str, ...]


@dataclass(frozen=True)
class NoSuchProvider:
    """The customer named someone who does not take appointments here, or (`service` set)
    who does not do that service; `names`: who does."""
    name: str
    names: tuple[str, ...]
    service: str = ""


@dataclass(frozen=True)
class NameNoted:
    name: str


@dataclass(frozen=True)
class RememberName:
    """An action, not a reply: the customer told us their name."""
    customer: str
    name: str


@dataclass(frozen=True)
class Moved:
    start: datetime


@dataclass(frozen=True)
class Cancelled:
    starts: tuple[datetime, ...]


@dataclass(frozen=True)
class Kept:
    starts: tuple[datetime, ...]


@dataclass(frozen=True)
class AskMoveTime:
    start: datetime


@dataclass(frozen=True)
class SameTime:
    start: datetime


@dataclass(frozen=True)
class ChooseAppointment:
    mode: str  # move or cancel
    starts: tuple[datetime, ...]


@dataclass(frozen=True)
class PickAppointment:
    count: int


@dataclass(frozen=True)
class Appointments:
    starts: tuple[datetime, ...]


@dataclass(frozen=True)
class AttendanceConfirmed:
    start: datetime


@dataclass(frozen=True)
class Help:
    """How to use the bot, who is answering and how to reach a person."""
    business: str
    phone: str


@dataclass(frozen=True)
class OpeningTimes:
    """The week's hours (weekday 0 = Monday, its intervals; none when closed), and the
    weekday asked about if one was."""
    week: tuple[tuple[int, tuple[tuple[time, time], ...]], ...]
    asked: int | None = None


@dataclass(frozen=True)
class Length:
    minutes: int
    services: tuple[tuple[str, int], ...] = ()  # (name, minutes) when there are several, or the one asked about


@dataclass(frozen=True)
class Address:
    address: str  # empty when not set
    phone: str


@dataclass(frozen=True)
class Handoff:
    """The customer asked for a person: staff were told; `phone` is the number to call."""
    phone: str


@dataclass(frozen=True)
class TellStaff:
    """An action, not a reply: every staff member (owners first) gets a message naming
    the customer's number and what they wrote."""
    customer: str
    text: str


Reply = (Notice | ChooseService | NoSuchProvider | NameNoted | Help | OpeningTimes | Length | Address | Handoff | Proposal | CancelQuestion | MoveOrBook | Again | Offers | Refusal | Booked | Moved | Cancelled
         | Kept | AskMoveTime | SameTime | ChooseAppointment | PickAppointment | Appointments
         | AttendanceConfirmed)
