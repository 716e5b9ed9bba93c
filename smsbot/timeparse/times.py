"""Matchers for the time part of a text: points, spans, bounds, parts of day.

A bare number is weak (a time only where the text also names a day or part
of day), and even then only where the words around it read like a time:
'thu 3' and '3 tomorrow' are times, 'option 3', '2 people' and 'in 5' are not.
"""
from __future__ import annotations

from dataclasses import replace

from smsbot.timeparse.dates import dashed_date
from smsbot.timeparse.time_of_day import impossible_relative, read_time
from smsbot.timeparse.parts import Bound, Clock, PartOfDay, Span
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import MONTHS, WEEKDAYS

PODS = frozenset({"morning", "afternoon", "evening", "night"})
DAY_WORDS = frozenset(WEEKDAYS) | {"today", "tomorrow", "tonight", "yesterday", "week", "weekend"}
MARKERS = ("at", "around", "to", "say", "do", "try", "like")
_POLITE = frozenset({"please", "ok", "okay", "thanks", "thank", "you", "thx", "ty", "then", "hmm",
                     "um", "well", "so", "oh", "how", "what", "about", "around", "maybe", "hi",
                     "hey", "hello", "yes", "yeah", "sure"})
MOVE_VERBS = frozenset({"move", "moving", "moved", "reschedule", "rescheduled", "resched", "rebook",
                        "change", "changed", "switch", "push", "bump", "shift", "postpone"})
_IT_VERBS = ("make", "push", "move", "change", "switch", "bump")
_NEVER_AFTER = frozenset({
    "people", "ppl", "person", "persons", "guests", "guest", "of", "kids", "children", "adults",
    "pax", "minute", "minutes", "hour", "hours", "day", "days", "week", "weeks", "month",
    "months", "year", "years", "times", "dollars", "bucks", "percent", "more", "items", "x"})
_NOT_BEFORE_BARE = frozenset({
    "option", "number", "no", "num", "choice", "slot", "room", "table", "item", "press", "reply",
    "text", "send", "type", "in", "the", "of", "than", "page", "step", "code", "pin", "unit",
    "apt", "suite", "ext", "order", "id", "only", "just", "me", "with"})
_BARE_FOLLOWERS = PODS | DAY_WORDS | frozenset(MONTHS) | frozenset({
    "on", "at", "this", "next", "or", "and", "if", "is", "works", "work", "would", "could",
    "should", "will", "be", "sounds", "good", "great", "fine", "best", "better", "perfect", "ok",
    "okay", "please", "thanks", "thank", "thx", "ty", "then", "instead", "maybe", "for", "to",
    "until", "in", "sharp", "ish", "latest", "earliest", "cool", "possible", "available", "free",
    "open", "too", "also", "still", "that", "it", "again", "i", "we", "around", "am", "pm"})
_DETERMINERS = frozenset({"the", "my", "that", "this", "your", "our"})
_COUNT_BEFORE = DAY_WORDS | frozenset({"the", "this", "next", "on"})  # "one for friday": a count
_AFTER_PHRASES = (("not", "before"), ("not", "until"), ("no", "earlier", "than"), ("later", "than"), ("after",),
                  ("from",))
_BEFORE_PHRASES = (("not", "after"), ("no", "later", "than"), ("earlier", "than"), ("before",),
                   ("by",), ("until",))
_BOUND_SPECIALS = {("after", "lunch"): 13, ("after", "work"): 17}
BLOCKERS = frozenset({"cant", "cannot", "wont", "unable", "not", "busy", "working", "work", "stuck"})
_BLOCKED_REACH = 4
_NOT_BETWEEN_BLOCKER_AND_UNTIL = PODS | DAY_WORDS | frozenset(MONTHS) | {"or", "and", "but"}


def _bare_reads_as_time(s: Scan, first: int, end: int, clock: Clock) -> bool:
    following = s.at(end)
    if following.kind == "word" and following.text not in _BARE_FOLLOWERS:
        return False
    if s.word(first - 1, *_NOT_BEFORE_BARE):
        return False
    if s.at(first).text == "one" and s.at(first - 1).text in DAY_WORDS and s.word(first - 2, *_DETERMINERS):
        return False  # "the tuesday one", "my friday one": that day's appointment, not 1 o'clock
    if s.at(first).spoken:  # "three" needs a day word or part of day right beside it, or nothing after it
        return (following.kind == "end" or following.text in DAY_WORDS or s.at(first - 1).text in DAY_WORDS
                or _part_of_day_follows(s, end))
    return True


def _part_of_day_follows(s: Scan, j: int) -> bool:
    """'five in the afternoon', 'eleven in the morning', 'nine at night'."""
    return s.at(s.skip(j, "in", "the")).text in PODS or s.phrase(j, "at", "night") is not None


def _counts_something(s: Scan, end: int, clock: Clock) -> bool:
    """'I'd like one for friday', '2 for tomorrow': a number of things, not a time."""
    return s.word(end, "for") and clock.rank < 3 and (
        s.at(end + 1).text in _COUNT_BEFORE or s.at(end + 1).kind in ("ord", "date"))


def _acceptable(s: Scan, first: int, end: int, clock: Clock) -> bool:
    if s.word(end, *_NEVER_AFTER):
        return False
    if s.word(end, *MONTHS) and s.at(end + 1).kind != "num" and clock.rank < 3:
        return False  # "do 12 March" is a date; "at 3 march 12" and "10:30 am april 10th" are times
    if _counts_something(s, end, clock) and not s.word(first - 1, "at", "around"):
        return False
    return not clock.weak or _bare_reads_as_time(s, first, end, clock)


def point(s: Scan, i: int):
    j = s.skip(i, *MARKERS)
    if j == i and s.word(i, "it") and s.word(i - 1, *_IT_VERBS):
        j = i + 1  # "make it 11", "push it to 5"
        j = s.skip(j, *MARKERS)
    if j > i and dashed_date(s, j) is not None:
        return None  # "can we do 4-15" is a date
    if _counts_weekdays(s, j):
        return None  # "can we do 3 fridays from now" counts Fridays
    if j > i:
        spanned = span(s, j)  # "at 9-11am", "can we do 2 to 4"
        if spanned is not None:
            return spanned
    found = read_time(s, j, marked=j > i)
    if found is None:
        end = impossible_relative(s, j)
        return (end, []) if end else None
    end, clock = found
    if s.word(end, "ish") or (clock.weak and s.at(j).spoken and _stands_alone(s, j, end)):
        # "3ish"; "three" on its own is an answer to "what time?", not a menu choice
        end, clock = end + s.word(end, "ish"), replace(clock, weak=False)
    return (end, [clock]) if _acceptable(s, j, end, clock) else None


def _counts_weekdays(s: Scan, j: int) -> bool:
    return (s.at(j).kind == "num" and s.word(j + 1, *WEEKDAYS)
            and bool(s.phrase(j + 2, "from", "now") or s.phrase(j + 2, "from", "today")))


def _stands_alone(s: Scan, first: int, end: int) -> bool:
    others = s.tokens[:first] + s.tokens[end:]
    return all(token.kind == "word" and token.text in _POLITE for token in others)


def _span_link(s: Scan, j: int, opener: str | None) -> bool:
    if s.at(j).kind == "dash" or s.word(j, "until") or (s.word(j, "to") and not _after_move_verb(s, j)):
        return True
    return opener == "between" and s.word(j, "and")


def _after_move_verb(s: Scan, j: int) -> bool:
    """'reschedule my 2pm to 4' moves 2pm to 4; it is not the span 2pm-4."""
    return any(s.word(k, *MOVE_VERBS) for k in range(j))


def span(s: Scan, i: int):
    opener = s.at(i).text if s.word(i, "between", "from") else None
    j = i + 1 if opener else i
    first = read_time(s, j, marked=opener is not None)
    if first is None or not _span_link(s, first[0], opener):
        return None
    last = read_time(s, first[0] + 1, marked=opener is not None)
    if last is None:
        return None
    end, found = last[0], Span(first[1], last[1])
    if s.word(end, *_NEVER_AFTER):
        return None
    if found.weak and not _bare_reads_as_time(s, j, end, first[1]):
        return None
    return end, [found]


def _free_from(s: Scan, i: int):
    """'I can't come until 4:30', 'busy till 2', 'won't be free before 3': from then on."""
    for k in range(i + 1, i + 1 + _BLOCKED_REACH):
        if s.word(k, "until", "before"):
            found = read_time(s, k + 1, marked=True)
            if found and _acceptable(s, k + 1, found[0], found[1]):
                return found[0], [Bound("after", found[1])]
            return None
        if s.at(k).kind != "word" or s.at(k).text in _NOT_BETWEEN_BLOCKER_AND_UNTIL:
            return None
    return None


def bound(s: Scan, i: int):
    if s.word(i, *BLOCKERS) and not s.phrase(i, "not", "before") and not s.phrase(i, "not", "until"):
        return _free_from(s, i)
    for kind, phrases in (("after", _AFTER_PHRASES), ("before", _BEFORE_PHRASES)):
        for phrase in phrases:
            j = s.phrase(i, *phrase)
            if j is None:
                continue
            j = s.skip(j, "around")
            special = _BOUND_SPECIALS.get((phrase[-1], s.at(j).text))
            if special:
                return j + 1, [Bound(kind, Clock(special, 0, written_24h=True, vague=True))]
            found = read_time(s, j, marked=True)
            if found and _acceptable(s, j, found[0], found[1]):
                return found[0], [Bound(kind, found[1])]
            return None
    return None


def part_of_day(s: Scan, i: int):
    if s.word(i, "good") and s.at(i + 1).text in PODS:
        return i + 2, []  # a greeting, not a request
    if s.at(i).text == "first" and s.word(i + 1, "thing"):
        return s.phrase(i + 2, "in", "the", "morning") or i + 2, [PartOfDay("morning")]
    if s.word(i, "am", "pm"):  # "monday am", "tmrw pm": no hour, so a part of day
        before = s.at(i - 1)
        if before.text in DAY_WORDS or before.kind in ("ord", "date", "iso"):
            return i + 1, [PartOfDay("morning" if s.at(i).text == "am" else "afternoon")]
        return None
    j = s.skip(i, "in", "at", "the", "early", "late")
    token = s.at(j)
    if token.kind != "word" or token.text not in PODS:
        return None
    if token.text == "night" and j == i and s.at(i - 1).text not in DAY_WORDS:
        return None
    return j + 1, [PartOfDay(token.text)]
