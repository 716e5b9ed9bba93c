"""Find every day and time part in a token list, left to right, longest first."""
from __future__ import annotations

from datetime import date

from smsbot.timeparse import dates, days, durations, times
from smsbot.timeparse.normalize import Token
from smsbot.timeparse.parts import Day, Week, Weekday
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import MONTH_INDEX, WEEKDAY_INDEX

# Each matcher with the words and token kinds it can start at, so most words
# try no matcher at all.  Order matters where two readings start at the same
# token: "in 3 days" is a duration before "3" can be an hour, "march 3" a date.
_CLOCK_WORDS = {"noon", "lunch", "midnight", "half", "quarter"}
_MODE_WORDS = set(days.MODES)
_MATCHERS = (
    (durations.duration, {"in", "within", "a", "an", "couple", "half", "week"}, {"num"}),
    (days.relative_day, {"today", "tomorrow", "yesterday", "tonight", "this", "day"}, set()),
    (dates.iso_date, set(), {"iso", "date"}),
    (dates.month_and_day, set(MONTH_INDEX), {"num", "ord"}),
    (dates.ordinal_day, set(), {"ord"}),
    (days.weekday, _MODE_WORDS | set(WEEKDAY_INDEX), set()),
    (days.week, _MODE_WORDS | {"week", "weekend"}, set()),
    (times.span, {"between", "from"} | _CLOCK_WORDS, {"num", "clock"}),
    (times.bound, {"not", "no", "later", "after", "from", "earlier", "before", "by", "until"}, set()),
    (times.point, set(times.MARKERS) | {"it"} | _CLOCK_WORDS, {"num", "clock"}),
    (times.part_of_day, {"good", "in", "at", "the", "early", "late", "am", "pm"} | times.PODS, {"ord"}),
)
_BY_WORD: dict[str, tuple] = {}
_BY_KIND: dict[str, tuple] = {}
for _matcher, _words, _kinds in _MATCHERS:
    for _word in _words:
        _BY_WORD[_word] = _BY_WORD.get(_word, ()) + (_matcher,)
    for _kind in _kinds:
        _BY_KIND[_kind] = _BY_KIND.get(_kind, ()) + (_matcher,)
_NEGATORS = frozenset({"not", "cant", "cannot", "unable", "except", "besides"})
_NEGATING_PAIRS = (("instead", "of"), ("rather", "than"), ("other", "than"))
_NEGATING_AFTER = frozenset({"not", "doesnt", "dont", "wont", "isnt", "cant"})
_NEGATION_WORDS = _NEGATORS | _NEGATING_AFTER | {pair[0] for pair in _NEGATING_PAIRS}
_NEGATION_REACH = 4
_MOVE_VERBS = times.MOVE_VERBS  # "i cant make it on thursday": the negator is 4 words back


def _negated(scan: Scan, start: int, end: int, previous_end: int) -> bool:
    """'can't do thursday', 'instead of 2', 'thursday doesn't work'."""
    for k in range(max(previous_end, start - _NEGATION_REACH), start):
        if scan.word(k, *_NEGATORS) and not scan.word(k - 1, "if") and not scan.word(k + 1, "sure"):
            return True
        if any(scan.phrase(k, *pair) for pair in _NEGATING_PAIRS):
            return True
    after = scan.skip(end, "is", "does", "that", "just")
    return scan.word(after, *_NEGATING_AFTER)


def _move_target(tokens: list[Token], groups: list[tuple[int, int, list]]) -> int | None:
    """Where the new time starts in 'move my 3pm tomorrow to friday at 4'."""
    seen_verb = False
    starts = {start for start, _, _ in groups}
    consumed = {k for start, end, _ in groups for k in range(start, end)}
    for k, token in enumerate(tokens):
        if token.kind != "word":
            continue
        if token.text in _MOVE_VERBS:
            seen_verb = True
        elif seen_verb and token.text in ("to", "for", "into") and (k in starts or k not in consumed):
            return k
    return None


def _is_day(part) -> bool:
    return isinstance(part, (Day, Weekday, Week))


def _moved(groups: list[tuple[int, int, list]], target: int) -> list[tuple[int, int, list]]:
    """What follows the move replaces what came before it, kind for kind: 'move
    thursday 3pm to friday' keeps 3pm, 'move tomorrow to 4' keeps tomorrow."""
    later = [part for start, _, parts in groups if start >= target for part in parts]
    if not later:
        return groups
    replaced_days, replaced_times = any(map(_is_day, later)), not all(map(_is_day, later))
    kept = []
    for start, end, parts in groups:
        if start < target:
            parts = [p for p in parts if not (replaced_days if _is_day(p) else replaced_times)]
        if parts:
            kept.append((start, end, parts))
    return kept


def find_parts(tokens: list[Token], today: date, month_first: bool = True) -> list:
    """The parts in reading order; parts the text rules out are dropped while
    others remain ('not thursday, friday' is friday)."""
    scan = Scan(tokens, today, month_first)
    groups: list[tuple[int, int, list]] = []
    words = {token.text for token in tokens}
    may_negate = not words.isdisjoint(_NEGATION_WORDS)
    i, previous_end = 0, 0
    while i < scan.size:
        token = tokens[i]
        candidates = _BY_WORD.get(token.text, ()) if token.kind == "word" else _BY_KIND.get(token.kind, ())
        for matcher in candidates:
            found = matcher(scan, i)
            if found is not None:
                end, new_parts = found
                if new_parts and not (may_negate and _negated(scan, i, end, previous_end)):
                    groups.append((i, end, new_parts))
                i = previous_end = end
                break
        else:
            i += 1
    if len(groups) > 1 and not words.isdisjoint(_MOVE_VERBS):
        target = _move_target(tokens, groups)
        if target is not None:
            groups = _moved(groups, target)
    return [part for _, _, parts in groups for part in parts]
