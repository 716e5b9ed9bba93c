"""Find every day and time part in a token list, left to right, longest first."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

from smsbot.timeparse import dates, days, durations, holidays, month_weekdays, times
from smsbot.timeparse.alternatives import options
from smsbot.timeparse.corrections import corrected
from smsbot.timeparse.normalize import Token
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.vocabulary import MONTH_INDEX, WEEKDAY_INDEX

# Each matcher with the words and token kinds it can start at, so most words
# try no matcher at all.  Order matters where two readings start at the same
# token: "in 3 days" is a duration before "3" can be an hour, "march 3" a date.
_CLOCK_WORDS = {"noon", "lunch", "midnight", "half", "quarter"}
_MODE_WORDS = set(days.MODES)
_MATCHERS = (
    (durations.duration, {"in", "within", "a", "an", "couple", "half", "week", "few", "quarter"},
     {"num", "decimal", "date"}),
    (days.relative_day, {"today", "tomorrow", "yesterday", "tonight", "this", "day"}, set()),
    (holidays.holiday, holidays.FIRST_WORDS | {"day"}, set()),
    (month_weekdays.month_weekday, {"last"}, {"ord"}),
    (dates.iso_date, set(), {"iso", "date"}),
    (dates.dashed_date, set(), {"num"}),
    (dates.month_and_day, set(MONTH_INDEX), {"num", "ord"}),
    (dates.ordinal_day, set(), {"ord"}),
    (days.weekday, _MODE_WORDS | set(WEEKDAY_INDEX), set()),
    (days.week, _MODE_WORDS | {"week", "weekend"}, set()),
    (days.month, _MODE_WORDS, set()),
    (times.span, {"between", "from"} | _CLOCK_WORDS, {"num", "clock"}),
    (times.bound, {"no", "later", "after", "from", "earlier", "before", "by", "until"} | times.BLOCKERS, set()),
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
_NEGATING_PAIRS = (("instead", "of"), ("rather", "than"), ("other", "than"), ("anything", "but"))
_NEGATING_AFTER = frozenset({"not", "doesnt", "dont", "wont", "isnt", "cant"})
_NEGATION_WORDS = _NEGATORS | _NEGATING_AFTER | {pair[0] for pair in _NEGATING_PAIRS}
_NEGATION_REACH = 4
_STARTS_A_PART = frozenset({"the", "on", "at", "this", "next"}) | set(WEEKDAY_INDEX) | set(MONTH_INDEX) | {
    "today", "tomorrow", "tonight", "noon", "midnight"}


def _negated(scan: Scan, start: int, end: int, previous_end: int) -> bool:
    """'can't do thursday', 'instead of 2', 'thursday doesn't work'; but in 'the 11th
    not the 1st' the 'not' is about what follows it."""
    for k in range(max(previous_end, start - _NEGATION_REACH), start):
        if scan.word(k, *_NEGATORS) and not scan.word(k - 1, "if") and not scan.word(k + 1, "sure"):
            return True
        if any(scan.phrase(k, *pair) for pair in _NEGATING_PAIRS):
            return True
    after = scan.skip(end, "is", "does", "that", "just")
    if not scan.word(after, *_NEGATING_AFTER):
        return False
    following = scan.at(after + 1)
    return not (scan.word(after, "not") and (following.kind in ("num", "ord", "date", "iso", "clock")
                                             or following.text in _STARTS_A_PART))


class Reading(NamedTuple):
    options: list[list]  # the parts of each option offered; the first is the main reading
    ruled_out: bool  # the text ruled a day or time out ("not the 1st")


def find_parts(tokens: list[Token], today: date, month_first: bool = True,
               holiday_calendar: tuple[str, str | None] | None = ("US", None)) -> Reading:
    """The parts in reading order; parts the text rules out are dropped while
    others remain ('not thursday, friday' is friday), then moves and corrections
    are applied and options joined by 'or' are told apart."""
    scan = Scan(tokens, today, month_first, holiday_calendar)
    groups: list[tuple[int, int, list]] = []
    words = {token.text for token in tokens}
    may_negate = not words.isdisjoint(_NEGATION_WORDS)
    ruled_out = False
    i, previous_end = 0, 0
    while i < scan.size:
        token = tokens[i]
        candidates = _BY_WORD.get(token.text, ()) if token.kind == "word" else _BY_KIND.get(token.kind, ())
        for matcher in candidates:
            found = matcher(scan, i)
            if found is not None:
                end, new_parts = found
                if new_parts and may_negate and _negated(scan, i, end, previous_end):
                    ruled_out = True
                elif new_parts:
                    groups.append((i, end, new_parts))
                i = previous_end = end
                break
        else:
            i += 1
    groups = corrected(scan, groups, words)
    return Reading(options(scan, groups, words), ruled_out)
