"""Driving the staff dashboard with Flask's test client as a browser would: read the CSRF
token from a page's form, log in with a texted code or the owner password."""
from __future__ import annotations

import re
from urllib.parse import urlencode

from smsbot.store import staff as staff_store

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
_CODE = re.compile(r"\b(\d{6})\b")


def csrf_token(client, path: str = "/login") -> str:
    return _TOKEN.search(client.get(path).get_data(as_text=True)).group(1)


def post_form(client, path: str, data: dict, page: str = "/login", **kwargs):
    """POST as the page's own form: with its CSRF token."""
    return client.post(path, data={"csrf_token": csrf_token(client, page), **data}, **kwargs)


def add_staff(bot, phone: str, role: str = "staff", name: str = "") -> None:
    with bot.db.transaction() as session:
        staff_store.add(session, phone, name or f"{role} {phone[-4:]}", role, bot.clock.now())


def texted_code(bot, phone: str) -> str:
    """The code in the last login text queued for `phone` (what the console sender shows)."""
    [last] = [row for row in bot.outbox() if row.to == phone and row.kind == "login"][-1:]
    return _CODE.search(last.body).group(1)


def log_in_with_code(client, bot, phone: str, next_: str = ""):
    query = f"?{urlencode({'next': next_})}" if next_ else ""
    post_form(client, "/login/code", {"phone": phone}, page=f"/login{query}")
    return post_form(client, "/login/verify", {"phone": phone, "code": texted_code(bot, phone), "next": next_})


def log_in_with_password(client, password: str, next_: str = ""):
    return post_form(client, "/login/password", {"password": password, "next": next_})
