"""`smsbot calendly status` and `smsbot calendly subscribe`: whether the token works, which
event types are booked (one per service at most), and the webhook subscription that keeps
us in step."""
from __future__ import annotations

from smsbot.calendars.base import CalendarUnavailable
from smsbot.calendars.budget import Budget
from smsbot.calendars.calendly.api import CalendlyError
from smsbot.calendars.calendly.link import CalendlyLink

CHECK_SECONDS = 15.0
EVENTS = ["invitee.created", "invitee.canceled"]


def webhook_url(settings) -> str:
    return f"{settings.public_base_url}/calendly/webhook"


def calendly_status(settings) -> tuple[bool, list[str]]:
    """(works, lines to print)."""
    if not settings.calendly_enabled:
        return False, ["Calendly is off (CALENDLY_TOKEN and CALENDLY_EVENT_TYPE are not both set)."]
    link, budget = CalendlyLink(settings), Budget(CHECK_SECONDS)
    lines = [f"API: {settings.calendly_api_base}"]
    try:
        user = link.user(budget)
        lines.append(f"token: works, for {user.get('name', '?')} <{user.get('email', '?')}>")
        lines += _event_types(link, budget)
        hooks = _subscriptions(link, user, budget)
    except (CalendarUnavailable, CalendlyError) as error:
        return False, [*lines, f"check: NOT WORKING: {error}"]
    ours = [h for h in hooks if h.get("callback_url") == webhook_url(settings)]
    lines.append(f"webhook: {ours[0].get('state')} to {ours[0]['callback_url']} ({', '.join(ours[0].get('events', []))})"
                 if ours else "webhook: none to this bot (run smsbot calendly subscribe)")
    if not settings.calendly_webhook_signing_key:
        lines.append("webhook signing key: NOT SET (CALENDLY_WEBHOOK_SIGNING_KEY): every delivery is refused")
    return True, lines


def subscribe(settings) -> str:
    """Create the webhook subscription to PUBLIC_BASE_URL/calendly/webhook. Raises
    ValueError for what the operator must set first, CalendarUnavailable/CalendlyError."""
    if not settings.calendly_enabled:
        raise ValueError("Calendly is not configured (CALENDLY_TOKEN, CALENDLY_EVENT_TYPE)")
    if not settings.public_base_url.startswith("https://"):
        raise ValueError("PUBLIC_BASE_URL must be the bot's public https:// address: Calendly posts to it")
    if not settings.calendly_webhook_signing_key:
        raise ValueError("set CALENDLY_WEBHOOK_SIGNING_KEY first: Calendly signs every delivery with it")
    link, budget = CalendlyLink(settings), Budget(CHECK_SECONDS)
    user = link.user(budget)
    body = {"url": webhook_url(settings), "events": EVENTS, "organization": user.get("current_organization"),
            "user": user.get("uri"), "scope": "user", "signing_key": settings.calendly_webhook_signing_key}
    try:
        made = link.api.post("webhook subscription", "/webhook_subscriptions", body, budget).get("resource") or {}
    except CalendlyError as error:
        if error.status == 409:
            return f"already subscribed: {webhook_url(settings)}"
        raise
    return f"subscribed: {made.get('callback_url')} ({', '.join(made.get('events', []))})"


def _event_types(link: CalendlyLink, budget) -> list[str]:
    """One line per event type in use (with the services that book it, when there is a
    profile), and a warning for each service whose length is not its event type's: Calendly
    holds the event type's length whatever the bot books, so the two calendars would differ."""
    lines, warnings = [], []
    for service in link.business.services:
        kind = link.event_type(budget, service.name)
        minutes = int(service.length.total_seconds() // 60)
        if kind.duration != minutes:
            warnings.append(f"WARNING: {_called(service)} is {minutes} min but its event type {kind.name!r} is "
                            f"{kind.duration} min: make them the same (Calendly holds {kind.duration} min)")
    for uri, services in link.in_use(budget).items():
        kind = link.event_type(budget, services[0].name)
        named = ", ".join(_called(s) for s in services if s.name)
        lines.append(f"event type: {kind.name} ({kind.duration} min) {uri}" + (f" for {named}" if named else ""))
    return lines + warnings


def _called(service) -> str:
    return f"service {service.name!r}" if service.name else "SLOT_MINUTES"


def _subscriptions(link, user: dict, budget) -> list[dict]:
    return link.api.get("webhook subscriptions", "/webhook_subscriptions", budget,
                        organization=user.get("current_organization", ""), user=user.get("uri", ""),
                        scope="user").get("collection", [])
