"""What a customer's text means, before the conversation state is considered."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from smsbot.timeparse import When, parse_when

YES = {"yes", "y", "ya", "yea", "yeah", "yep", "yup", "yes please", "sure", "ok", "okay", "k",
       "kk", "confirm", "confirmed", "correct", "sounds good", "perfect", "great", "book it",
       "do it", "please do", "that works", "works for me", "absolutely", "definitely", "\U0001f44d"}
NO = {"no", "n", "nope", "nah", "no thanks", "no thank you", "not really", "none", "neither",
      "none of those", "dont", "don't", "\U0001f44e"}
HELP = {"help", "info", "?", "menu", "commands", "options"}
RESTART = {"start over", "restart", "reset", "begin again", "never mind", "nevermind",
           "forget it", "startover"}
GREETINGS = {"hi", "hello", "hey", "hiya", "hi there", "hello there", "good morning",
             "good afternoon", "good evening", "yo"}
THANKS = {"thanks", "thank you", "thx", "ty", "thanks so much", "thank you so much", "great thanks",
          "cheers", "awesome thanks", "ok thanks", "ok thank you", "perfect thanks"}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}

_EMOJI_MODIFIERS = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")
_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"]+|[\s.!?,;:'\"]+$")
_CHOICE = re.compile(r"^(?:#|no\.?\s*|option\s*|number\s*|the\s+)?(\d{1,2}|first|second|third|1st|2nd|3rd)(?:\s*(?:one|please|pls))?$")
_CANCEL = re.compile(r"\b(cancel\w*|call off)\b")
_MOVE = re.compile(r"\b(re-?schedul\w*|move|change|switch|postpone|push (?:it|back)|different time|another time)\b")
_STATUS = re.compile(r"\b(when|what time|what day|do i have|have i got|confirm my|check my|my next)\b.*\b(appointments?|appts?|bookings?)\b"
                     r"|^my (appointments?|appts?|bookings?)$")
_BOOK = re.compile(r"\b(book\w*|appointment|appt|schedule|come in|available|availability|openings?|slots?|reserve|see you)\b")


def normalize(text: str) -> str:
    text = _EMOJI_MODIFIERS.sub("", text)
    text = _EDGE_PUNCT.sub("", text.strip().lower())
    return re.sub(r"\s+", " ", text).replace("\u2019", "'")


class Kind(Enum):
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    RESTART = "restart"
    YES = "yes"
    NO = "no"
    ATTENDING = "attending"
    CHOICE = "choice"
    CANCEL = "cancel"
    MOVE = "move"
    STATUS = "status"
    BOOK = "book"
    TIME = "time"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Intent:
    kind: Kind
    when: When | None = None
    choice: int | None = None


def read_intent(text: str, now: datetime, tz, month_first: bool = True) -> Intent:
    words = normalize(text)
    if words in HELP:
        return Intent(Kind.HELP)
    if words in GREETINGS:
        return Intent(Kind.GREETING)
    if words in THANKS:
        return Intent(Kind.THANKS)
    if words in RESTART:
        return Intent(Kind.RESTART)
    if words in YES:
        return Intent(Kind.YES)
    if words == "c":
        return Intent(Kind.ATTENDING)
    if words in NO:
        return Intent(Kind.NO)
    choice = _CHOICE.match(words)
    if choice:
        raw = choice.group(1)
        return Intent(Kind.CHOICE, choice=ORDINALS.get(raw) or int(raw))
    when = parse_when(text, now, tz, month_first=month_first)
    when = when if when.start is not None else None
    if _CANCEL.search(words):
        return Intent(Kind.CANCEL, when)
    if _MOVE.search(words) or words == "r":
        return Intent(Kind.MOVE, when)
    if _STATUS.search(words):
        return Intent(Kind.STATUS)
    if when:
        return Intent(Kind.TIME, when)
    if _BOOK.search(words):
        return Intent(Kind.BOOK)
    return Intent(Kind.UNKNOWN)
