"""Text to tokens: lower case, shorthand expanded, typos repaired, numbers read."""
from __future__ import annotations

import re
from typing import Any, NamedTuple

from smsbot.timeparse.vocabulary import NUMBER_WORDS, ORDINAL_WORDS, TENS, canonical


class Token(NamedTuple):
    kind: str  # word num clock ord date iso dash
    text: str  # the canonical word, or the digits as written
    value: Any = None  # int (num, ord), (h, m) clock, (a, b, year) date, (y, m, d) iso
    spoken: bool = False  # a number or ordinal written as a word

    def is_word(self, *words: str) -> bool:
        return self.kind == "word" and self.text in words


_REWRITES = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"[\u2018\u2019`\u00b4]", "'"),
    (r"[\u2013\u2014]", "-"),
    (r"\bo\s*'?\s*cl(?:oc)?k\b", " oclock "),
    (r"(?<=\d)\s*([ap])\.?\s?m\b\.?", r" \1m "),
    (r"(?<=\d)([ap])\b", r" \1m "),
    (r"\b2\s?(?:mor+o+w*|mor+ow|mrw|mro|moz)\b", " tomorrow "),
    (r"\b2da?y\b", " today "),
    (r"\b2ni(?:te|ght)\b", " tonight "),
    (r"\bb4\b", " before "),
    (r"@", " at "),
    (r"&", " and "),
    (r"~", " around "),
    (r"(?<=[a-z])-(?=[a-z])", " "),
    (r"'", ""),
)]

_TOKEN = re.compile(r"""
 (?P<iso>\d{4})[-/.](?P<iso_m>\d{1,2})[-/.](?P<iso_d>\d{1,2})(?!\d)(?:t(?=\d))?
|(?P<da>\d{1,2})(?P<sep>[/.-])(?P<db>\d{1,2})(?P=sep)(?P<dy>\d{4}|\d{2})(?![\d/.-]\d)
|(?P<sa>\d{1,2})/(?P<sb>\d{1,2})(?![/\d])
|(?P<ch>\d{1,2})[:.](?P<cm>\d{2})(?::\d{2})?(?![\d:.]\d)
|(?P<ord>\d{1,2})(?:st|nd|rd|th)(?![a-z])
|(?P<num>\d+)
|(?P<word>[a-z]+)
|(?P<dash>-)
""", re.X)


def _raw_tokens(text: str):
    for match in _TOKEN.finditer(text):
        group = match.lastgroup
        if group == "word":
            word = canonical(match.group("word"))
            if word in NUMBER_WORDS:
                yield Token("num", word, NUMBER_WORDS[word], True)
            elif word in ORDINAL_WORDS:
                yield Token("ord", word, ORDINAL_WORDS[word], True)
            else:
                yield Token("word", word)
        elif group == "num":
            yield Token("num", match.group("num"), int(match.group("num")))
        elif group == "ch":
            hour, minute = int(match.group("ch")), int(match.group("cm"))
            if minute < 60:
                yield Token("clock", match.group(0), (hour, minute))
        elif group == "ord":
            yield Token("ord", match.group(0), int(match.group("ord")))
        elif group == "sa":
            yield Token("date", match.group(0), (int(match.group("sa")), int(match.group("sb")), None))
        elif group == "da":
            year = match.group("dy")
            yield Token("date", match.group(0), (int(match.group("da")), int(match.group("db")), int(year)))
        elif group == "iso":
            parts = (int(match.group("iso")), int(match.group("iso_m")), int(match.group("iso_d")))
            yield Token("iso", match.group(0), parts)
        else:
            yield Token("dash", "-")


def _merge_compound_numbers(tokens: list[Token]) -> list[Token]:
    """'twenty five' -> 25, 'twenty first' -> 21st."""
    merged: list[Token] = []
    for token in tokens:
        previous = merged[-1] if merged else None
        if previous is not None and previous.spoken and previous.text in TENS and token.spoken:
            if token.kind == "num" and token.value < 10:
                merged[-1] = Token("num", previous.text + " " + token.text, previous.value + token.value, True)
                continue
            if token.kind == "ord" and token.value < 10:
                merged[-1] = Token("ord", previous.text + " " + token.text, previous.value + token.value, True)
                continue
        merged.append(token)
    return merged


def tokenize(text: str) -> list[Token]:
    text = text.lower()
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return _merge_compound_numbers(list(_raw_tokens(text)))
