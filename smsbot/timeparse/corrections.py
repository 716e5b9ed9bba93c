"""Texts that change their mind: moves ('move my 3pm to 4') and corrections
('did I say the 9th? make it the 8th', 'today, I mean tomorrow', 'friday, actually
saturday').  What follows the move or the correction replaces what came before,
kind for kind: a new day replaces the day, a new time replaces the time."""
from __future__ import annotations

from smsbot.timeparse.normalize import Token
from smsbot.timeparse.parts import DAY_PARTS
from smsbot.timeparse.scan import Scan
from smsbot.timeparse.times import MOVE_VERBS

Group = tuple[int, int, list]  # first token, index after the last, parts found there
_CUES = (("i", "mean"), ("i", "meant"), ("meant",), ("make", "it"), ("make", "that"), ("actually",),
         ("correction",), ("scratch", "that"), ("or", "rather"), ("rather",), ("wait",), ("sorry",),
         ("oops",))
_CUES_BY_WORD: dict[str, tuple[tuple[str, ...], ...]] = {}
for _cue in _CUES:
    _CUES_BY_WORD[_cue[0]] = _CUES_BY_WORD.get(_cue[0], ()) + (_cue,)
CUE_WORDS = frozenset(_CUES_BY_WORD) | MOVE_VERBS


def _move_target(tokens: list[Token], groups: list[Group]) -> int | None:
    """Where the new time starts in 'move my 3pm tomorrow to friday at 4'."""
    seen_verb = False
    starts = {start for start, _, _ in groups}
    consumed = {k for start, end, _ in groups for k in range(start, end)}
    for k, token in enumerate(tokens):
        if token.kind != "word":
            continue
        if token.text in MOVE_VERBS:
            seen_verb = True
        elif seen_verb and token.text in ("to", "for", "into") and (k in starts or k not in consumed):
            return k
    return None


def _cue_ends(scan: Scan, groups: list[Group]) -> list[int]:
    """Where each correction's new wording starts; only cues outside any part count."""
    consumed = {k for start, end, _ in groups for k in range(start, end)}
    ends = []
    for k, token in enumerate(scan.tokens):
        if token.kind != "word" or token.text not in _CUES_BY_WORD or k in consumed:
            continue
        for cue in _CUES_BY_WORD[token.text]:
            end = scan.phrase(k, *cue)
            if end is not None:
                ends.append(end)
                break
    return ends


def _is_day(part) -> bool:
    return isinstance(part, DAY_PARTS)


def _replaced(groups: list[Group], target: int) -> list[Group]:
    """'move thursday 3pm to friday' keeps 3pm; 'move tomorrow to 4' keeps tomorrow."""
    later = [part for start, _, parts in groups if start >= target for part in parts]
    if not later or all(start >= target for start, _, _ in groups):
        return groups
    replaced_days, replaced_times = any(map(_is_day, later)), not all(map(_is_day, later))
    kept = []
    for start, end, parts in groups:
        if start < target:
            parts = [p for p in parts if not (replaced_days if _is_day(p) else replaced_times)]
        if parts:
            kept.append((start, end, parts))
    return kept


def corrected(scan: Scan, groups: list[Group], words: set[str]) -> list[Group]:
    """The groups left once every move and correction in the text has been applied."""
    if len(groups) < 2 or words.isdisjoint(CUE_WORDS):
        return groups
    targets = _cue_ends(scan, groups)
    if not words.isdisjoint(MOVE_VERBS):
        move = _move_target(scan.tokens, groups)
        if move is not None:
            targets.append(move)
    for target in sorted(targets):
        groups = _replaced(groups, target)
    return groups
