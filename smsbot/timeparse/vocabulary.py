"""The words of scheduling texts, their shorthand, and typo repair."""
from __future__ import annotations

from functools import lru_cache

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_INDEX = {name: i for i, name in enumerate(WEEKDAYS)}
MONTHS = ("january", "february", "march", "april", "may", "june", "july",
          "august", "september", "october", "november", "december")
MONTH_INDEX = {name: i + 1 for i, name in enumerate(MONTHS)}

UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
         "sixteen", "seventeen", "eighteen", "nineteen")
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(UNITS)}
NUMBER_WORDS.update({w: i + 10 for i, w in enumerate(TEENS)})
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
NUMBER_WORDS.update(TENS)

ORDINAL_WORDS = {w: i + 1 for i, w in enumerate((
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
    "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
    "seventeenth", "eighteenth", "nineteenth", "twentieth"))}
ORDINAL_WORDS["thirtieth"] = 30

_ALIASES = {
    "tomorrow": "tmrw tmr tmrow tmro tmoro tmw tmrrw tomm tomo tomoz tmorrow tomorro tommorow "
                "tommorrow tommoro tomorow tomrw tomorrows morrow",
    "today": "tdy tday todays",
    "tonight": "tonite tonit tonights tnite tonigh",
    "yesterday": "yday yest ystrdy",
    "night": "nite nights",
    "morning": "morn mornin mornings",
    "afternoon": "aft aftn arvo afternoons",
    "evening": "eve evng evenings",
    "noon": "midday noonish noontime",
    "lunch": "lunchtime",
    "midnight": "midnite",
    "monday": "mon mondays",
    "tuesday": "tue tues tuesdays",
    "wednesday": "wed weds wednes wednesdays",
    "thursday": "thu thur thurs thrs thursdays",
    "friday": "fri fridays",
    "saturday": "sat saturdays",
    "sunday": "sun sundays",
    "january": "jan", "february": "feb febuary", "march": "mar", "april": "apr",
    "june": "jun", "july": "jul", "august": "aug", "september": "sep sept",
    "october": "oct", "november": "nov", "december": "dec",
    "week": "wk", "weeks": "wks", "weekend": "wknd wkend weekends",
    "hour": "hr h", "hours": "hrs", "minute": "min m", "minutes": "mins",
    "next": "nxt", "between": "btwn betw", "before": "bfr", "after": "aftr",
    "until": "til till untill", "around": "round about abt bout approx approximately",
    "at": "@", "and": "&", "please": "pls plz", "oclock": "oclck",
}
ALIASES = {alias: word for word, aliases in _ALIASES.items() for alias in aliases.split()}

# Every word the grammar reacts to, plus look-alikes that are not typos of them.
KNOWN = set(ALIASES.values()) | set(WEEKDAYS) | set(MONTHS) | set(NUMBER_WORDS) | set(ORDINAL_WORDS)
KNOWN |= {
    "am", "pm", "oclock", "half", "quarter", "past", "to", "of", "from", "this", "coming",
    "upcoming", "following", "last", "day", "days", "in", "a", "an", "the", "on", "by",
    "ago", "now", "couple", "work", "not", "no", "earlier", "later", "than", "or", "after",
    "weekday", "weekdays", "wedding", "thirsty", "forth", "sundae", "sundry", "fridge",
    "mourning", "moaning", "minuet", "minuets", "toady", "mondo", "everything", "evenly",
    "monkey", "months", "month", "thanks", "tomato", "saturn", "friend", "friends",
    "hours", "minutes", "weeks", "aground", "quarters", "between", "before",
    "pacific", "mountain", "central", "eastern", "alaska", "hawaii", "arizona", "london",
}

# Typos are repaired only towards these long words, keeping the first letter:
# short words ("soon"/"noon", "match"/"march") are too easy to confuse.
_TARGETS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "tomorrow", "today", "tonight", "yesterday", "morning", "afternoon", "evening",
            "january", "february", "august", "september", "october", "november", "december",
            "between", "quarter", "minutes", "weekend", "midnight", "around", "before",
            "eleven", "twelve", "fifteen", "thirty", "twenty")
_TARGETS_BY_LETTER: dict[str, tuple[str, ...]] = {}
for _word in _TARGETS:
    _TARGETS_BY_LETTER[_word[0]] = _TARGETS_BY_LETTER.get(_word[0], ()) + (_word,)


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a swap counts once), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


@lru_cache(maxsize=8192)
def canonical(word: str) -> str:
    """The vocabulary word a lower-case token stands for (itself if none)."""
    if word in ALIASES:
        return ALIASES[word]
    if word in KNOWN or len(word) < 5:
        return word
    limit = 1 if len(word) <= 6 else 2
    best, best_distance = word, limit + 1
    for target in _TARGETS_BY_LETTER.get(word[0], ()):
        found = _distance(word, target, limit)
        if found < best_distance:
            best, best_distance = target, found
    return best
