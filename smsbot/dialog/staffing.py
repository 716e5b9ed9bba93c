"""Services and providers in the conversation: what the customer named ("a cleaning with
Anna", "colour at 10", "anyone is fine"), which service to ask about, and the scheduler
view (service, provider) the request handlers book through. Mixed into Dialog."""
from __future__ import annotations

import re
from dataclasses import dataclass

from smsbot.clock import start_of_day
from smsbot.dialog import replies as r
from smsbot.dialog.intents import Intent, Kind
from smsbot.dialog.machine import IDLE, State
from smsbot.dialog.names import a_name, named_self
from smsbot.dialog.pending import Mode, Pending
from smsbot.timeparse import When

_ANYONE = re.compile(r"\b(any ?one|any ?body|whoever|no preference|(?:does ?n.?t|do ?n.?t) (?:matter|mind|care)"
                     r"|either (?:one|is fine))\b", re.I)
_WITH = re.compile(r"\bwith\s+([A-Za-z][A-Za-z'\-]*)", re.I)
_NOT_NAMES = {"my", "a", "an", "the", "you", "someone", "somebody", "anyone", "anybody", "whoever", "us",
              "me", "her", "him", "them", "it", "that", "this", "friend", "kids", "family", "husband", "wife"}


@dataclass(frozen=True)
class Mention:
    service: str | None = None  # the service's own name
    provider: str | None = None
    anyone: bool = False
    unknown_provider: str | None = None


def _words(name: str) -> str:
    return r"\b" + r"\s+".join(map(re.escape, name.split())) + r"(?:s|es)?\b"


def mentions(text: str, business) -> Mention:
    """The service and provider named in `text`, if the business has any to tell apart."""
    found = []
    for service in business.services if business.several_services else ():
        for name in (service.name, *service.aliases):
            m = re.search(_words(name), text, re.I)
            if m:
                found.append((m.start(), service.name))
    service = min(found)[1] if found else None
    provider = unknown = None
    if business.several_providers:
        named = [(m.start(), p.name) for p in business.providers
                 for m in [re.search(r"\bwith\s+" + _words(p.name), text, re.I)
                           or re.search(_words(p.name), text)] if m]  # bare: only as written, capitalised
        provider = min(named)[1] if named else None
        other = _WITH.search(text)
        if provider is None and other and other[1].lower() not in _NOT_NAMES and not _ANYONE.search(text):
            unknown = other[1].capitalize()
    return Mention(service, provider, bool(_ANYONE.search(text)), unknown)


class StaffingHandler:
    """Needs self.scheduler, self.pending, self.state, go(), finish(), handle_request().
    The caller sets `ask_names`: a new number's first booking asks for a name."""

    said = Mention()
    ask_names = False

    @property
    def business(self):
        return self.scheduler.business

    def hear(self, text: str) -> None:
        self.said = mentions(text, self.business)

    def chosen_service(self) -> str | None:
        return self.said.service or self.pending.service

    def chosen_provider(self) -> str | None:
        if self.said.anyone and not self.said.provider:
            return None
        return self.said.provider or self.pending.provider

    def chosen_view(self):
        """The scheduler for what the customer chose (the first service when there is one)."""
        return self.scheduler.for_(self.business.service(self.chosen_service()), self.chosen_provider())

    def must_ask_service(self) -> bool:
        return self.business.several_services and self.chosen_service() is None and not self.pending.is_move

    def ask_service(self, when) -> list[r.Reply]:
        self.pending.request, self.pending.asked = when, "service"
        self.go(State.ASKING_TIME)
        return [r.ChooseService(tuple(s.name for s in self.business.services))]

    def length_of_services(self) -> r.Length | None:
        """'How long does a whitening take?': that service's length, or every service's;
        None for the business of one service without a profile (the settings answer)."""
        business = self.business
        if business.default_service.name == "":
            return None
        asked = business.service(self.said.service) if self.said.service else None
        chosen = [asked] if asked else list(business.services)
        lengths = tuple((s.name, int(s.length.total_seconds() // 60)) for s in chosen)
        return r.Length(lengths[0][1], lengths)

    def labels(self, service: str | None, provider: str | None) -> tuple[str, str]:
        """What to name in a reply: only what the business has several of."""
        return (service or "" if self.business.several_services else "",
                provider or "" if self.business.several_providers else "")

    def staffing_reply(self, intent: Intent) -> list[r.Reply] | None:
        """Answers that services and providers call for before the state table runs; None
        when there are none and the table decides as usual."""
        said, pending = self.said, self.pending
        self._asked_when = intent.when
        named = self._name_given(intent)
        if named:
            self.actions.append(r.RememberName(self.phone, named))
            return [r.NameNoted(named)]
        if said.unknown_provider and intent.kind in (Kind.TIME, Kind.UNKNOWN, Kind.BOOK):
            names = tuple(p.name for p in self.business.providers)
            return self._hold_request(intent, r.NoSuchProvider(said.unknown_provider, names))
        offered = self._not_offered()
        if offered and intent.kind in (Kind.TIME, Kind.UNKNOWN, Kind.BOOK):
            return self._hold_request(intent, offered)
        asking = pending.asked == "service" and self.state is State.ASKING_TIME
        if asking and said.service is None and intent.kind is Kind.UNKNOWN:
            return [r.ChooseService(tuple(s.name for s in self.business.services))]
        if intent.kind is not Kind.UNKNOWN or not (said.service or said.provider or said.anyone):
            return None
        if self.state is IDLE:  # "a cleaning please": a booking, the time still to come
            self.pending = Pending(Mode.BOOK)
            self.keep_choices()
            self.go(State.ASKING_TIME)
            return [r.Notice.ASK_DAY_TIME]
        if self.state in (State.ASKING_TIME, State.OFFERING, State.CONFIRMING_BOOK) and not pending.is_move:
            self.keep_choices()  # "with Ben", "anyone is fine": the same request for them
            request = pending.request or self._day_under_discussion()
            if request is None:
                self.go(State.ASKING_TIME)
                return [r.Notice.ASK_DAY_TIME]
            return self.handle_request(request)
        return None

    def _hold_request(self, intent: Intent, reply: r.Reply) -> list[r.Reply]:
        """Keep the time and service asked for while the customer picks someone else
        ('with Anna then' goes on from there); a move in progress stays as it is."""
        if self.pending.is_move or self.state not in (IDLE, State.ASKING_TIME, State.OFFERING,
                                                      State.CONFIRMING_BOOK):
            return [reply]
        if self.state is IDLE:
            self.pending = Pending(Mode.BOOK)
        self.pending.request = intent.when or self.pending.request
        self.pending.service, self.pending.proposal = self.chosen_service(), None
        self.go(State.ASKING_TIME)
        return [reply]

    def _not_offered(self) -> r.NoSuchProvider | None:
        """'a whitening with Ben' when Ben does no whitening: who does."""
        service = self.business.service(self.chosen_service()) if self.chosen_service() else None
        provider = self.business.provider(self.said.provider) if self.said.provider else None
        if service is None or provider is None or provider.offers(service):
            return None
        names = tuple(p.name for p in self.business.providers_for(service))
        return r.NoSuchProvider(provider.name, names, service.name) if names else None

    def _name_given(self, intent: Intent) -> str | None:
        """'My name is Jane' at any time; a bare name right after the booking asked for it
        (anything else is simply the next request)."""
        asked = self.pending.asked == "name" and self.state is IDLE
        if asked:
            self.pending.asked = None
        if intent.kind not in (Kind.UNKNOWN, Kind.GREETING):
            return None
        return named_self(self.text) or (a_name(self.text) if asked else None)

    def after_booking(self, replies: list[r.Reply]) -> None:
        if any(isinstance(reply, r.Booked) and reply.ask_name for reply in replies):
            self.pending.asked = "name"

    def _day_under_discussion(self):
        moment = self.pending.proposal or (self.pending.offers[0] if self.pending.offers else None)
        if moment is None:
            return None
        return When(start_of_day(self.local(moment).date(), self.tz), None, "day")

    def keep_choices(self) -> None:
        """What the customer named this turn stays for the rest of the conversation."""
        if self.state is IDLE and self.pending.mode is None:
            return
        self.pending.service = self.chosen_service()
        self.pending.provider = self.chosen_provider()
        asked = getattr(self, "_asked_when", None)
        if asked and self.pending.mode is Mode.BOOK and self.state in (State.OFFERING, State.CONFIRMING_BOOK):
            self.pending.request = asked  # "anyone is fine" asks again for this
        if self.pending.service and self.pending.asked == "service":
            self.pending.asked = None
