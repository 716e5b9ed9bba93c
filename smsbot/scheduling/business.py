"""The business profile: services, providers and holidays, from `business.toml` or, with
no file, the single service of SLOT_MINUTES and the single provider of the settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from smsbot.scheduling.hours import OpeningHours

DEFAULT = ""  # the stored name of the one service / provider a business without a file has


@dataclass(frozen=True)
class Service:
    name: str
    length: timedelta
    buffer_after: timedelta = timedelta(0)
    price: str = ""
    aliases: tuple[str, ...] = ()
    calendly_event_type: str = ""  # its own Calendly event type (URI or slug); '' : CALENDLY_EVENT_TYPE

    @property
    def held(self) -> timedelta:
        """How long a booking of it keeps its provider busy."""
        return self.length + self.buffer_after

    def called(self, words: str) -> bool:
        folded = words.strip().lower()
        return folded == self.name.lower() or folded in (a.lower() for a in self.aliases)


@dataclass(frozen=True)
class Provider:
    name: str
    hours: OpeningHours | None = None  # None: the business hours
    services: frozenset[str] | None = None  # lower-cased names; None: every service
    google_calendar_id: str = ""

    def offers(self, service: Service) -> bool:
        return self.services is None or service.name.lower() in self.services


@dataclass(frozen=True)
class Business:
    services: tuple[Service, ...]
    providers: tuple[Provider, ...]
    holidays: frozenset[date] = field(default_factory=frozenset)

    @property
    def default_service(self) -> Service:
        return self.services[0]

    @property
    def several_services(self) -> bool:
        return len(self.services) > 1

    @property
    def several_providers(self) -> bool:
        return len(self.providers) > 1

    def service(self, name: str | None) -> Service | None:
        """The service of that name or alias (any case); None and '' mean the default."""
        if not name:
            return self.default_service
        return next((s for s in self.services if s.called(name)), None)

    def provider(self, name: str | None) -> Provider | None:
        if name is None:
            return None
        return next((p for p in self.providers if p.name.lower() == name.strip().lower()), None)

    def providers_for(self, service: Service, name: str | None = None) -> list[Provider]:
        """Who may take a booking of that service: the one named, or everyone who offers it."""
        chosen = [self.provider(name)] if name else list(self.providers)
        return [p for p in chosen if p is not None and p.offers(service)]


def single(slot: timedelta) -> Business:
    return Business(services=(Service(DEFAULT, slot),), providers=(Provider(DEFAULT),))


def business_of(settings) -> Business:
    """The settings' business: its file's services and providers, else the single ones."""
    loaded = getattr(settings, "business_file", None)
    fallback = single(settings.slot)
    if loaded is None:
        return fallback
    return Business(services=loaded.services or fallback.services,
                    providers=loaded.providers or fallback.providers,
                    holidays=loaded.holidays)
