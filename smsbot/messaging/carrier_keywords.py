"""The carriers' opt-out and opt-in keywords: an SMS-channel rule, not part of the
conversation (a spoken "cancel" on a call is not an opt-out)."""
from __future__ import annotations

import re

OPT_OUT_WORDS = {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
OPT_IN_WORDS = {"start", "unstop", "yes"}

_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"]+|[\s.!?,;:'\"]+$")


def keyword(text: str) -> str:
    """The text as a keyword: 'Stop.' and ' STOP ' are both 'stop'."""
    return _EDGE_PUNCT.sub("", text.strip().lower())


def is_opt_out(text: str) -> bool:
    return keyword(text) in OPT_OUT_WORDS


def is_opt_in(text: str) -> bool:
    return keyword(text) in OPT_IN_WORDS
