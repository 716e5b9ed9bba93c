"""Asking a customer for the name and email a calendar books under (Calendly needs both).

The calendar says so by raising DetailsNeeded before it changes anything; the bot then
keeps the customer's message (their "yes"), asks "What name and email should I put it
under?", and once the answer comes, remembers it for the number and answers the kept
message as if it had just arrived. A reply without an email is another subject: what was
kept is dropped and the dialog reads the reply as usual.
"""
from __future__ import annotations

import re
from datetime import datetime

from smsbot.store.customers import Details, held_text, hold, remember

ASK = "What name and email should I put it under?"
ASK_AGAIN = "Sorry, I need a name and an email address, like: Pat Smith pat@example.com"
EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
FILLER = re.compile(r"\b(?:my name is|name is|i am|i'm|im|it's|its|this is|put it under|under|name|email|"
                    r"e-mail|my|is|and|thanks|thank you|please)\b|[:;,.!?()<>\"]", re.I)
MAX_NAME = 100


def read_details(text: str) -> Details | None:
    """'Pat Smith pat@example.com', 'name: Pat Smith, email pat@example.com', ...; None
    without one email and a name made of letters."""
    emails = EMAIL.findall(text)
    if len(emails) != 1:
        return None
    rest = " ".join(FILLER.sub(" ", text.replace(emails[0], " ")).split())
    if not re.search(r"[^\W\d_]", rest) or len(rest) > MAX_NAME:
        return None
    return Details(rest, emails[0])


class AskDetails:
    """One message's part in it: `before` what the dialog reads, `needed` when it raised."""

    def __init__(self, session, phone: str, now: datetime):
        self.session, self.phone, self.now = session, phone, now

    def before(self, body: str) -> tuple[str | None, list[str]]:
        """(the text for the dialog to read, or None and the replies to send instead)."""
        kept = held_text(self.session, self.phone)
        if kept is None:
            return body, []
        details = read_details(body)
        if details is None:
            if EMAIL.search(body) or "@" in body:
                return None, [ASK_AGAIN]
            hold(self.session, self.phone, None, self.now)
            return body, []
        remember(self.session, self.phone, details, self.now)
        hold(self.session, self.phone, None, self.now)
        return kept, []

    def needed(self, text: str) -> list[str]:
        hold(self.session, self.phone, text, self.now)
        return [ASK]
