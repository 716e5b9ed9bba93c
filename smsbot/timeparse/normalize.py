"""Text to tokens: lower case, shorthand expanded, typos repaired, numbers read."""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from smsbot.timeparse.vocabulary import NUMBER_WORDS, ORDINAL_WORDS, TENS, canonical


class Token(NamedTuple):
    kind: str  # word num decimal clock ord date iso dash
    text: str  # the canonical word, or the digits as written
    value: Any = None  # int (num, ord), float (decimal), (h, m) clock, (a, b, year) date, (y, m, d) iso, word as written
    spoken: bool = False  # a number or ordinal written as a word

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text in words


_CHARACTERS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "`": "'", "\u00b4": "'", "\u2013": "-", "\u2014": "-",
    "@": " at ", "&": " and ", "~": " around ",
})
_OCLOCK = re.compile(r"\bo\s*'?\s*cl(?:oc)?k\b")
_MERIDIEM_AFTER_DIGIT = re.compile(r"(?<=\d)(?:\s*([ap])\.?\s?m\b\.?|([ap])\b)")
_TEXTSPEAK = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"\b2\s?(?:mor+o+w*|mor+ow|mrw|mro|moz)\b", " tomorrow "),
    (r"\b2da?y\b", " today "),
    (r"\b2ni(?:te|ght)\b", " tonight "),
    (r"\bb4\b", " before "),
)]
_HYPHEN_IN_WORDS = re.compile(r"(?<=[a-z])-(?=[a-z])")
_EUROPEAN_CLOCK = re.compile(r"(?<![\d:.])(\d{1,2})h(\d{2})\b")  # "15h30"
_SPACED_SLASH = re.compile(r"(?<=\d)\s*/\s*(?=\d)")  # "4 / 15"
_MID_DAY = re.compile(r"\bmid[\s-]day\b")
_DIGIT = re.compile(r"\d")


def _meridiem(match: re.Match) -> str:
    return f" {match.group(1) or match.group(2)}m "


def _rewrite(text: str) -> str:
    """Lower case, one spelling per symbol, and texting shorthand spelled out.
    Each rewrite runs only when its trigger character is present: this is the hot path."""
    text = text.lower().translate(_CHARACTERS)
    if "cl" in text:
        text = _OCLOCK.sub(" oclock ", text)
    if _DIGIT.search(text):
        if "h" in text:
            text = _EUROPEAN_CLOCK.sub(r"\1:\2", text)
        if "/" in text:
            text = _SPACED_SLASH.sub("/", text)
        text = _MERIDIEM_AFTER_DIGIT.sub(_meridiem, text)
        if "2" in text or "4" in text:
            for pattern, replacement in _TEXTSPEAK:
                text = pattern.sub(replacement, text)
    if "mid" in text:
        text = _MID_DAY.sub("midday", text)
    if "-" in text:
        text = _HYPHEN_IN_WORDS.sub(" ", text)
    return text.replace("'", "")


_TOKEN = re.compile(r"""
 (?P<iso>(?P<iso_y>\d{4})[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2}))(?!\d)(?:t(?=\d))?
|(?P<date>(?P<da>\d{1,2})(?P<sep>[/.-])(?P<db>\d{1,2})(?P=sep)(?P<dy>\d{4}|\d{2}))(?![\d/.-]\d)
|(?P<slash>(?P<sa>\d{1,2})/(?P<sb>\d{1,2}))(?![/\d])
|(?P<clock>(?P<ch>\d{1,2})[:.](?P<cm>\d{2})(?::\d{2})?)(?![\d:.]\d)
|(?P<decimal>\d{1,3}\.\d)(?![\d:.])
|(?P<ord>(?P<od>\d{1,2})(?:st|nd|rd|th))(?![a-z])
|(?P<num>\d+)
|(?P<word>[a-z]+)
|(?P<dash>-)
""", re.X)


def _raw_tokens(text: str):
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group == "word":
            written = match.group("word")
            word = canonical(written)
            if word in NUMBER_WORDS:
                yield Token("num", word, NUMBER_WORDS[word], True)
            elif word in ORDINAL_WORDS:
                yield Token("ord", word, ORDINAL_WORDS[word], True)
            else:
                yield Token("word", word, written)
        elif group == "num":
            yield Token("num", match.group("num"), int(match.group("num")))
        elif group == "clock":
            hour, minute = int(match.group("ch")), int(match.group("cm"))
            if minute < 60:
                yield Token("clock", match.group(0), (hour, minute))
        elif group == "ord":
            yield Token("ord", match.group(0), int(match.group("od")))
        elif group == "slash":
            yield Token("date", match.group(0), (int(match.group("sa")), int(match.group("sb")), None))
        elif group == "date":
            year = match.group("dy")
            yield Token("date", match.group(0), (int(match.group("da")), int(match.group("db")), int(year)))
        elif group == "decimal":
            yield Token("decimal", match.group(0), float(match.group(0)))
        elif group == "iso":
            parts = (int(match.group("iso_y")), int(match.group("iso_m")), int(match.group("iso_d")))
            yield Token("iso", match.group(0), parts)
        else:
            yield Token("dash", "-")


def _merge_compound_numbers(tokens: list[Token]) -> list[Token]:
    """'twenty five' -> 25, 'twenty first' -> 21st."""
    merged: list[Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if (previous is not None and previous.spoken and previous.text in TENS and token.spoken
                and token.kind in ("num", "ord") and token.value < 10):
            merged[-1] = Token(token.kind, f"{previous.text} {token.text}", previous.value + token.value, True)
            continue
        merged.append(token)
    return merged


def tokenize(text: str) -> list[Token]:
    return _merge_compound_numbers(list(_raw_tokens(_rewrite(text))))
