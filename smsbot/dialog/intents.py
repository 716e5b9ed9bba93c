"""What a customer's text means, before the conversation state is considered."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from smsbot.timeparse import When, parse_when
from smsbot.timeparse.context import NO_REFERENCE, Reference

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
YES |= {"that one", "that one please", "that one works", "thats fine", "that's fine", "fine", "good",
        "works", "ok great", "ok perfect", "yes that works", "yes please do", "lets do it", "let's do it"}
ALL_WORDS = {"both", "all", "all of them", "both of them", "all of em", "both please", "all please",
             "them all", "all three", "every one", "everything"}
ANOTHER_WORDS = {"new", "new one", "a new one", "another", "another one", "book another", "book another one",
                 "book a new one", "new appointment", "a new appointment", "separate", "an extra one", "extra"}
PLEASANTRIES = {"thanks", "thank", "you", "thx", "ty", "please", "pls", "plz", "so", "much", "very",
                "!", "lol", "haha", "great", "perfect", "awesome"}

_EMOJI_MODIFIERS = re.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")
_EDGE_PUNCT = re.compile(r"^[\s.!?,;:'\"]+|[\s.!?,;:'\"]+$")
_CHOICE = re.compile(r"^(?:#|no\.?\s*|option\s*|number\s*|the\s+)?(\d{1,2}|first|second|third|1st|2nd|3rd)(?:\s*(?:one|please|pls))?$")
_CANCEL = re.compile(r"\b(cancel\w*|call off)\b")
_MOVE = re.compile(r"\b(re-?schedul\w*|move|change|switch|postpone|push (?:it|back)|different time|another time)\b")
_STATUS = re.compile(r"\b(when|what time|what day|do i have|have i got|confirm my|check my|my next)\b.*\b(appointments?|appts?|bookings?)\b"
                     r"|^my (appointments?|appts?|bookings?)$")
_NUMBER_PICK = re.compile(r"^(?:ok(?:ay)?,? )?(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s+(?:is|works?|would|sounds|should|looks|'s|"
                          r"please|pls|for me|then|ok|okay|good|great|perfect|fine|sounds|is fine)\b")
_FIRST = re.compile(r"\b(first avail\w*|next avail\w*|earliest|soonest|asap|as soon as (?:possible|you can)"
                    r"|first (?:opening|slot|thing)|next (?:opening|slot)|sooner|anything before)\b")
_LAST = re.compile(r"\b(latest|last (?:slot|appointment|appt|one|opening|time))\b")
_EARLIER = re.compile(r"\bearlier\b")
_LATER = re.compile(r"\b(later|push(?:ed)? (?:it )?back)\b")
_NOT_MORNINGS = re.compile(r"\b(?:not|no|cant do|can't do) (?:in the )?mornings?\b")
_CHANGE = re.compile(r"\b(?:can'?t|cannot|won'?t|wont|not able to|unable to) (?:make it|come|do it|get there)\b"
                     r"|\binstead\b|\b(?:earlier|later|sooner)\b|\bpush(?:ed)? (?:it )?(?:back|forward)\b"
                     r"|\bbring it forward\b|\brunning late\b|\bsame time\b|\b(?:day|week) after\b")
_ANOTHER = re.compile(r"\b(?:also|another|additional|second|extra|as well|new one|too)\b")
_ALL = re.compile(r"\b(?:all|both|every|everything)\b")
_HOURS_Q = re.compile(r"\b(?:hours|are you open|r u open|you open|open on|opening times|when do you (?:open|close)"
                      r"|when are you open|what time do you (?:open|close)|closed on|are you closed|close on)\b")
_LENGTH_Q = re.compile(r"\bhow long\b|\bhow many (?:minutes|mins|hours)\b|\b(?:duration|length of)\b")
_ADDRESS_Q = re.compile(r"\b(?:address|located|location|where are you|where r u|where is the|directions|find you)\b")
_PERSON_Q = re.compile(r"\b(?:talk|speak|chat) (?:to|with) (?:a |an |the )?(?:someone|somebody|person|human|real|staff|"
                       r"receptionist|manager|owner|front desk)|\b(?:real person|a human|call me|someone call|"
                       r"give me a call|operator|representative)\b")
_STATUS_MORE = re.compile(r"\b(?:when|what time|what day)\b.*\b(?:am i|i'm|im|i am)\s+(?:coming|booked|scheduled|due|in)\b"
                          r"|\bremind me\b.*\b(?:time|when|day)\b")
_BOOK = re.compile(r"\b(book\w*|appointment|appt|schedule|come in|available|availability|openings?|slots?|reserve|see you)\b")


def normalize(text: str) -> str:
    text = _EMOJI_MODIFIERS.sub("", text)
    text = _EDGE_PUNCT.sub("", text.strip().lower())
    return re.sub(r"\s+", " ", text).replace("\u2019", "'")


class Kind(Enum):
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    OK_THANKS = "ok_thanks"  # "ok thanks", "perfect thanks": a yes to a question, else thanks
    CHANGE = "change"  # a time in words that mean changing the one booked ("can I come earlier")
    ANOTHER = "another"  # "a new one", "book another": not a change
    ALL = "all"  # "both", "all of them"
    ASK_HOURS = "ask_hours"  # "are you open sundays?" (when: the day asked about)
    ASK_LENGTH = "ask_length"
    ASK_ADDRESS = "ask_address"
    ASK_PERSON = "ask_person"
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
    """`pick` says which free times suit best: "first" (earliest, soonest, later than...)
    or "last" (latest, earlier than...); None spreads them. A TIME intent without `when`
    asks for the soonest free time."""
    kind: Kind
    when: When | None = None
    choice: int | None = None
    pick: str | None = None
    everything: bool = False  # "cancel them all"
    another: bool = False  # "can I also get wednesday": a booking beside the ones held
    appointment: int | str | None = None  # the one meant, already chosen (a voice agent's tool call names it)


def is_yes(words: str) -> bool:
    """'yes', and 'yes \U0001f44d thanks!', 'perfect thanks', 'ok great': yes words among pleasantries."""
    if words in YES:
        return True
    tokens = [t.strip(".,!?;:") for t in words.split()]
    core = [t for t in tokens if t and t not in PLEASANTRIES and (any(c.isalnum() for c in t) or t in YES)]
    if "\U0001f44d" in core and len(core) > 1:
        core.remove("\U0001f44d")
    if not core:  # only pleasantries: a yes if one of them is ("perfect thanks")
        core = [t for t in tokens if t in YES]
    return bool(core) and (" ".join(core) in YES or all(t in YES for t in core))


def _pick(words: str) -> str | None:
    if _FIRST.search(words) or _LATER.search(words):
        return "first"
    if _LAST.search(words) or _EARLIER.search(words):
        return "last"
    return None


def _question(words: str, when: When | None) -> Intent | None:
    """A question the business profile answers, or None."""
    if _PERSON_Q.search(words):
        return Intent(Kind.ASK_PERSON)
    if _LENGTH_Q.search(words):
        return Intent(Kind.ASK_LENGTH)
    if _ADDRESS_Q.search(words):
        return Intent(Kind.ASK_ADDRESS)
    if _HOURS_Q.search(words) and (when is None or when.grain == "day"):
        return Intent(Kind.ASK_HOURS, when)
    return None


def read_intent(text: str, now: datetime, tz, month_first: bool = True,
                reference: Reference = NO_REFERENCE,
                holidays: tuple[str, str | None] | None = ("US", None)) -> Intent:
    """`reference`: what the conversation has under discussion, to complete partial replies;
    `holidays`: whose holiday names are read (parse_when's)."""
    words = normalize(text)
    if words in HELP:
        return Intent(Kind.HELP)
    if words in GREETINGS:
        return Intent(Kind.GREETING)
    if words in THANKS:
        return Intent(Kind.OK_THANKS if is_yes(words) else Kind.THANKS)
    if words in RESTART:
        return Intent(Kind.RESTART)
    if is_yes(words):
        return Intent(Kind.YES)
    if words == "c":
        return Intent(Kind.ATTENDING)
    if words in ALL_WORDS:
        return Intent(Kind.ALL)
    if words in ANOTHER_WORDS:
        return Intent(Kind.ANOTHER)
    if words in NO:
        return Intent(Kind.NO)
    choice = _CHOICE.match(words)
    if choice:
        raw = choice.group(1)
        return Intent(Kind.CHOICE, choice=ORDINALS.get(raw) or int(raw))
    number = _NUMBER_PICK.match(words)
    if number:  # "11 works great", "2 is good": that time if it is on offer, else that number
        hour, minute, meridiem = number.groups()
        said = f"at {hour}:{minute or '00'} {meridiem or ''}"
        when = parse_when(said, now, tz, month_first=month_first, reference=reference,
                          holidays=holidays)
        return Intent(Kind.CHOICE, when if when.start else None, int(hour))
    text = _NOT_MORNINGS.sub("after 12pm", text.lower())
    when = parse_when(text, now, tz, month_first=month_first, reference=reference,
                      holidays=holidays)
    when = when if when.start is not None else None
    pick = _pick(words)
    if _CANCEL.search(words):
        return Intent(Kind.CANCEL, when, everything=bool(_ALL.search(words)))
    if _MOVE.search(words) or words == "r":
        return Intent(Kind.MOVE, when, pick=pick)
    if _STATUS.search(words) or _STATUS_MORE.search(words):
        return Intent(Kind.STATUS)
    question = _question(words, when)
    if question is not None:
        return question
    another = bool(_ANOTHER.search(words))
    if _CHANGE.search(words) and not another:
        return Intent(Kind.CHANGE, when, pick=pick)
    if when or _FIRST.search(words):
        return Intent(Kind.TIME, when, pick=pick, another=another)
    if _BOOK.search(words):
        return Intent(Kind.BOOK)
    return Intent(Kind.UNKNOWN)
