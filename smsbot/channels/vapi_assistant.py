"""The Vapi assistant that uses our tools: its system prompt (the business and the rules),
the five tools with JSON-schema parameters, and our server URL. `smsbot vapi assistant`
prints it; `--create` posts it to Vapi's API."""
from __future__ import annotations

PROMPT = """You answer the phone for {business} and book, move and cancel appointments with the tools.
Rules:
- Never say an appointment is booked, moved or cancelled unless a tool result says so.
- Before any change, read back the exact weekday, date and time and ask the caller to confirm.
  Call book_appointment, reschedule_appointment or cancel_appointment with "confirmed": true only
  after the caller said yes to that exact time; otherwise call it with "confirmed": false.
- A tool result that says "Not booked yet", "Not moved yet" or "Not cancelled yet" means nothing
  changed: do what it says.
- When a time is taken, offer the free times the tool gives you.
- A caller may hold several appointments. To move or cancel one of them, pass "appointment": the
  value list_appointments gives for it (its start), or the caller's words ("the Tuesday one"). If a
  result asks which appointment, ask the caller and call again with it. To cancel every one, pass
  "all": true; that too needs "confirmed": true after the caller said yes to the list read back.
- Times are in the business's time zone ({zone}). Keep answers short; this is a phone call.
- If the caller wants a person, say someone will call them back{phone}."""

WHEN = {"type": "string", "description": "A day and time: ISO 8601 with the UTC offset, or the caller's own words"}
CONFIRMED = {"type": "boolean", "description": "true only after the caller said yes to the exact time read back"}
APPOINTMENT = {"type": "string", "description": (
    "Which of the caller's appointments, when they have several: its appointment value from list_appointments "
    "(the start, ISO 8601 with the UTC offset), or the caller's words such as 'the Tuesday one'")}
OPTIONAL = {
    "service": {"type": "string", "description": "The service, if the caller named one"},
    "provider": {"type": "string", "description": "The person the caller asked for, if any"},
}
TOOLS = [
    ("check_availability", "Whether a time is free; if not, the nearest free times.",
     {"when": {**WHEN, "description": "The time the caller asked for, in their words or ISO 8601"}, **OPTIONAL},
     ["when"]),
    ("book_appointment", "Book an appointment for the caller; changes nothing unless confirmed is true.",
     {"start": WHEN, "confirmed": CONFIRMED, **OPTIONAL,
      "name": {"type": "string", "description": "The caller's name, if given"}}, ["start", "confirmed"]),
    ("reschedule_appointment", "Move the caller's appointment to a new time; changes nothing unless confirmed.",
     {"start": WHEN, "confirmed": CONFIRMED, "appointment": APPOINTMENT}, ["start", "confirmed"]),
    ("cancel_appointment", "Cancel the caller's appointment, or all; changes nothing unless confirmed is true.",
     {"confirmed": CONFIRMED, "appointment": APPOINTMENT,
      "all": {"type": "boolean", "description": "true to cancel every upcoming appointment of the caller's"}},
     ["confirmed"]),
    ("list_appointments", "The caller's upcoming appointments, each with its appointment value.", {}, []),
]


def tool_url(settings) -> str:
    return f"{settings.public_base_url or 'http://localhost:8000'}/vapi/tools"


def assistant(settings, *, with_secret: bool = False) -> dict:
    """The definition; `with_secret` adds VAPI_SECRET as the server secret (only for Vapi's API,
    never for printing)."""
    business = settings.business_name
    phone = f" or call {settings.business_phone}" if settings.business_phone else ""
    server = {"url": tool_url(settings)}
    if with_secret and settings.vapi_secret:
        server["secret"] = settings.vapi_secret
    tools = [{"type": "function", "server": server,
              "function": {"name": name, "description": description,
                           "parameters": {"type": "object", "properties": properties, "required": required}}}
             for name, description, properties, required in TOOLS]
    return {
        "name": f"{business} bookings"[:40],
        "firstMessage": f"Thanks for calling {business}. How can I help?",
        "model": {"provider": "openai", "model": "gpt-4o", "tools": tools,
                  "messages": [{"role": "system", "content": PROMPT.format(
                      business=business, zone=settings.business_tz.key, phone=phone)}]},
        "server": server,
    }
