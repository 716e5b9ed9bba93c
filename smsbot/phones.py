"""Phone numbers never reach a log in full."""
from __future__ import annotations

import re

E164 = re.compile(r"^\+[1-9]\d{6,14}$")


def is_e164(phone: str) -> bool:
    return bool(E164.match(phone or ""))


def mask_phone(phone: str) -> str:
    """'+15551230001' -> '+1*******0001'."""
    if not phone:
        return "?"
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:2] + "*" * (len(phone) - 6) + phone[-4:]
