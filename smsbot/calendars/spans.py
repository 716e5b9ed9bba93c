"""Time spans as (start, end) pairs."""
from __future__ import annotations

from datetime import datetime

Span = tuple[datetime, datetime]


def subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    """The parts of `spans` that no hole covers."""
    out = []
    for start, end in spans:
        pieces = [(start, end)]
        for h_start, h_end in holes:
            pieces = [piece for a, b in pieces for piece in (
                [(a, b)] if h_end <= a or h_start >= b else [(a, h_start), (h_end, b)]) if piece[0] < piece[1]]
        out += pieces
    return out
