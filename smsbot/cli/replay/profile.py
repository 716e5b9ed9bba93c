"""Format 2's services and providers in transcripts: `@service`, `@provider`, and the
`with P` / `for S` tails of `@booked` and the `=` lines (docs/transcripts.md)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta

from smsbot.cli.replay.parser import TranscriptError
from smsbot.scheduling.business import Business, Provider, Service
from smsbot.scheduling.business_file import BusinessFile
from smsbot.scheduling.hours import parse_hours

_PROVIDER = re.compile(r"^(?P<name>.+?)(?:\s+(?P<kind>hours|services)\s+(?P<rest>.+))?$", re.I)
_TAIL = re.compile(r"\s*\b(with|for)\s+(.+?)(?=\s+\b(?:with|for)\s+|$)", re.I)


@dataclass(frozen=True)
class Focus:
    """Which service and provider a line is about (None: the default / anyone)."""

    service: str | None = None
    provider: str | None = None

    def __str__(self) -> str:
        return "".join([f" with {self.provider}" if self.provider else "",
                        f" for {self.service}" if self.service else ""])


def parse_focus(tail: str | None, line: int, bare_service: bool = False) -> Focus:
    """'with Anna for Cleaning' (either, both, any order); `bare_service`: @booked's
    'Whitening with Anna', the service named first without 'for'."""
    tail = (tail or "").strip()
    if not tail:
        return Focus()
    found, service = {}, None
    if bare_service and not re.match(r"(?i)(with|for)\b", tail):
        parts = re.split(r"(?i)\s+(?=(?:with|for)\b)", tail, maxsplit=1)
        service, tail = parts[0].strip(), (" " + parts[1] if len(parts) > 1 else "")
    at = 0
    for m in _TAIL.finditer(tail):
        if m.start() != at or m[1].lower() in found:
            raise TranscriptError(line, f"cannot read {tail.strip()!r}: use 'with PROVIDER' and 'for SERVICE'")
        found[m[1].lower()], at = m[2].strip(), m.end()
    if at != len(tail) or (service and "for" in found):
        raise TranscriptError(line, f"cannot read {tail.strip()!r}: use 'with PROVIDER' and 'for SERVICE'")
    return Focus(service or found.get("for"), found.get("with"))


@dataclass
class Staffing:
    """What @service and @provider lines declared, in order."""

    services: list[Service] = field(default_factory=list)
    providers: dict[str, dict] = field(default_factory=dict)  # lower name -> name, hours lines, services

    def service(self, line: int, name: str, minutes: int) -> None:
        if minutes <= 0 or minutes % 5:
            raise TranscriptError(line, f"@service {name}: the length must be a positive multiple of 5 minutes")
        if any(s.name.lower() == name.lower() for s in self.services):
            raise TranscriptError(line, f"@service {name} is declared twice")
        self.services.append(Service(name.strip(), timedelta(minutes=minutes)))

    def provider(self, line: int, text: str) -> None:
        m = _PROVIDER.match(text.strip())
        name = m["name"].strip()
        entry = self.providers.setdefault(name.lower(), {"name": name, "hours": [], "services": None, "line": line})
        if m["kind"] and m["kind"].lower() == "hours":
            entry["hours"].append(m["rest"])
        elif m["kind"]:
            entry["services"] = [s.strip() for s in m["rest"].split(",") if s.strip()]

    def business_file(self) -> BusinessFile | None:
        if not self.services and not self.providers:
            return None
        known = {s.name.lower() for s in self.services}
        providers = []
        for entry in self.providers.values():
            try:
                hours = parse_hours(entry["hours"]) if entry["hours"] else None
            except ValueError as why:
                raise TranscriptError(entry["line"], f"@provider {entry['name']} hours: {why}") from None
            offered = None
            if entry["services"] is not None:
                offered = frozenset(s.lower() for s in entry["services"])
                unknown = sorted(offered - known)
                if unknown:
                    raise TranscriptError(entry["line"], f"@provider {entry['name']}: no @service {unknown[0]!r}")
            providers.append(Provider(entry["name"], hours, offered))
        return BusinessFile("transcript", services=tuple(self.services), providers=tuple(providers))


def resolve(business: Business, focus: Focus, line: int) -> tuple[Service, str | None]:
    """The service and provider name a focus names, or a TranscriptError for a name not declared."""
    service = business.service(focus.service)
    if service is None:
        raise TranscriptError(line, f"no @service {focus.service!r}")
    provider = None
    if focus.provider:
        found = business.provider(focus.provider)
        if found is None:
            raise TranscriptError(line, f"no @provider {focus.provider!r}")
        provider = found.name
    return service, provider
