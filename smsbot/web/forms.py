"""Reading the dashboard's form fields: a bad value is a BadForm with a sentence for the
page, never a 500."""
from __future__ import annotations

from datetime import date, datetime, time

from smsbot.clock import wall_time
from smsbot.phones import parse_phone


YEARS = range(2000, 2200)  # far wider than any booking horizon, far from datetime's edges


class BadForm(ValueError):
    pass


def day_field(text: str | None, label: str = "date") -> date:
    try:
        day = date.fromisoformat((text or "").strip())
    except ValueError:
        day = None
    if day is None or day.year not in YEARS:
        raise BadForm(f"The {label} must be a date like 2026-03-04.")
    return day


def time_field(text: str | None, label: str = "time") -> time:
    try:
        return time.fromisoformat((text or "").strip())
    except ValueError:
        raise BadForm(f"The {label} must be a time like 14:30.") from None


def when_field(form, tz) -> datetime:
    """The `date` and `time` fields as an instant in the business zone, on a 5-minute step
    (the calendar's cells)."""
    at = time_field(form.get("time"))
    if at.minute % 5 or at.second or at.microsecond:
        raise BadForm("Appointments start on a 5-minute step, like 14:30 or 14:35.")
    return wall_time(day_field(form.get("date")), at, tz)


def service_field(business, form):
    """The business's service of that name; none given: its first (or only) one."""
    service = business.service(form.get("service", ""))
    if service is None:
        raise BadForm("Pick one of the services offered.")
    return service


def provider_field(business, form) -> str | None:
    """A provider's name as the business spells it; none given: None (anyone free)."""
    name = form.get("provider", "").strip()
    if not name:
        return None
    provider = business.provider(name)
    if provider is None:
        raise BadForm("Pick one of the providers, or anyone.")
    return provider.name


def phone_field(text: str | None) -> str:
    phone = parse_phone((text or "").strip())
    if phone is None:
        raise BadForm("Enter the number with its country code, like +15551230001.")
    return phone


def instant_field(text: str | None) -> datetime:
    try:
        moment = datetime.fromisoformat((text or "").strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or moment.year not in YEARS:
        raise BadForm("That time is not valid.")
    return moment
