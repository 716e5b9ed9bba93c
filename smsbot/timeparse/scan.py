"""A read-only view of a token list that the grammar's matchers share."""
from __future__ import annotations

from datetime import date

from smsbot.timeparse.normalize import Token

_NO_TOKEN = Token("end", "")


class Scan:
    __slots__ = ("tokens", "size", "today", "month_first", "holidays")

    def __init__(self, tokens: list[Token], today: date, month_first: bool,
                 holidays: tuple[str, str | None] | None = ("US", None)):
        self.tokens = tokens
        self.size = len(tokens)
        self.today = today
        self.month_first = month_first
        self.holidays = holidays  # (country, subdivision) whose holiday names are read, or None

    def at(self, i: int) -> Token:
        return self.tokens[i] if 0 <= i < self.size else _NO_TOKEN

    def word(self, i: int, *words: str) -> bool:
        if 0 <= i < self.size:  # at() inlined: the grammar's hottest call
            token = self.tokens[i]
            return token.kind == "word" and token.text in words
        return False

    def skip(self, i: int, *words: str) -> int:
        """The index after any run of the given filler words starting at i."""
        while self.word(i, *words):
            i += 1
        return i

    def phrase(self, i: int, *words: str) -> int | None:
        """The index after the exact word sequence at i, or None."""
        for offset, word in enumerate(words):
            if not self.word(i + offset, word):
                return None
        return i + len(words)
