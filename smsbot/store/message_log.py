"""The message log the dashboard shows: every inbound message and every reply, written in
the transaction that handles the message, and the conversations staff have taken over."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, bindparam, delete, func, insert, literal, select
from sqlalchemy.dialects.postgresql import ARRAY

from smsbot.store.db import insert_rows
from smsbot.store.models import Conversation, Customer, UTCDateTime
from smsbot.store.web_tables import LoggedMessage, Takeover

IN, OUT = "in", "out"
_LOG = insert(LoggedMessage.__table__)
_TEXTS = ARRAY(String)
_LINES = (func.unnest(bindparam("log_directions", type_=_TEXTS), bindparam("log_bodies", type_=_TEXTS))
          .table_valued("direction", "body").render_derived())
# PostgreSQL: an exchange's lines as a CTE, for the statement that records the reply to carry
# (one round trip for both); its parameters: exchange_params(), "phone" and "now".
EXCHANGE_CTE = insert(LoggedMessage.__table__).from_select(
    ["phone", "direction", "channel", "author", "body", "at"],
    select(bindparam("phone", type_=String), _LINES.c.direction, bindparam("log_channel", type_=String),
           literal(""), _LINES.c.body, bindparam("now", type_=UTCDateTime))).cte("logged_exchange")


@dataclass(frozen=True)
class Thread:
    phone: str
    last_at: datetime
    last_body: str
    last_direction: str
    count: int
    name: str
    taken_over: bool


def record(session, phone: str, direction: str, bodies: list[str], now: datetime, *,
           author: str = "", channel: str = "sms") -> None:
    _insert(session, phone, [(direction, body) for body in bodies], now, author, channel)


def record_exchange(session, phone: str, said: list[str], replies: list[str], now: datetime, *,
                    channel: str = "sms") -> None:
    """A message and the replies to it, in one statement (the hot path runs it on every message)."""
    _insert(session, phone, [(IN, body) for body in said] + [(OUT, body) for body in replies], now, "", channel)


def exchange_params(said: list[str], replies: list[str], channel: str) -> dict:
    return {"log_directions": [IN] * len(said) + [OUT] * len(replies), "log_bodies": [*said, *replies],
            "log_channel": channel}


def _insert(session, phone: str, lines: list[tuple[str, str]], now: datetime, author: str, channel: str) -> None:
    if lines:
        insert_rows(session.connection(), _LOG, [
            {"phone": phone, "direction": direction, "channel": channel, "author": author[:80],
             "body": body, "at": now} for direction, body in lines])


def threads(session, search: str = "", limit: int = 100) -> list[Thread]:
    """Phones with messages, the newest conversation first, with the customer's name when
    they gave one. `search` with letters keeps the names containing it, else the numbers
    containing its digits (spaces and dashes ignored)."""
    latest = (select(LoggedMessage.phone, func.max(LoggedMessage.id).label("last_id"),
                     func.count().label("n"))
              .group_by(LoggedMessage.phone).subquery())
    query = (select(LoggedMessage, latest.c.n, Customer.name, Takeover.by)
             .join(latest, LoggedMessage.id == latest.c.last_id)
             .outerjoin(Customer, Customer.phone == LoggedMessage.phone)
             .outerjoin(Takeover, Takeover.phone == LoggedMessage.phone))
    search, digits = search.strip(), "".join(c for c in search if c.isdigit())
    if any(c.isalpha() for c in search):
        query = query.where(Customer.name.icontains(search, autoescape=True))
    elif digits:
        query = query.where(LoggedMessage.phone.contains(digits, autoescape=True))
    rows = session.execute(query.order_by(LoggedMessage.at.desc(), LoggedMessage.id.desc()).limit(limit))
    return [Thread(m.phone, m.at, m.body, m.direction, n, name or "", by is not None) for m, n, name, by in rows]


def names_for(session, phones) -> dict[str, str]:
    """The names customers gave, by phone."""
    rows = session.execute(select(Customer.phone, Customer.name).where(Customer.phone.in_(set(phones)),
                                                                       Customer.name.is_not(None)))
    return dict(rows.all())


def messages_of(session, phone: str, limit: int = 500) -> list[LoggedMessage]:
    """Newest first."""
    return list(session.scalars(select(LoggedMessage).where(LoggedMessage.phone == phone)
                                .order_by(LoggedMessage.at.desc(), LoggedMessage.id.desc()).limit(limit)))


def prune(session, before: datetime) -> int:
    return session.execute(delete(LoggedMessage).where(LoggedMessage.at < before)).rowcount


def state_of(session, phone: str) -> str:
    row = session.get(Conversation, phone)
    return row.state if row is not None else "none"


def taken_over_by(session, phone: str) -> Takeover | None:
    return session.get(Takeover, phone)


def take_over(session, phone: str, by: str, now: datetime) -> None:
    if session.get(Takeover, phone) is None:
        session.add(Takeover(phone=phone, by=by[:80], since=now))


def hand_back(session, phone: str) -> bool:
    return session.execute(delete(Takeover).where(Takeover.phone == phone)).rowcount > 0

