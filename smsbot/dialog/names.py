"""Customers' names in their own words: a bare name in answer to "What name should we put it
under?", or "my name is ..." at any time."""
from __future__ import annotations

import re

_MY_NAME = re.compile(r"^\s*(?:(?:hi|hello|hey|actually|oh|sorry|btw|and|also),?\s+)*"
                      r"(?:my name is|my name's|my name|name is|call me)\s+(.+?)[.!]?\s*$", re.I)
_A_NAME = re.compile(r"^[A-Za-z][A-Za-z.'\-]*(?:\s+[A-Za-z][A-Za-z.'\-]*){0,3}$")
_NOT_A_NAME = {"yes", "no", "ok", "okay", "thanks", "thank", "hi", "hello", "hey", "help", "stop", "cancel",
               "book", "reschedule", "move", "sure", "nope", "yep", "free", "busy", "late", "here", "sorry"}


def a_name(text: str) -> str | None:
    """'jane smith' -> 'Jane Smith'; None for anything that does not look like a name."""
    text = text.strip().strip(".!")
    if len(text) > 60 or not _A_NAME.match(text) or any(w.lower() in _NOT_A_NAME for w in text.split()):
        return None
    return " ".join(w if any(c.isupper() for c in w) else w.capitalize() for w in text.split())


def named_self(text: str) -> str | None:
    """'my name is Jane' -> 'Jane'."""
    m = _MY_NAME.match(text)
    return a_name(m[1]) if m else None
