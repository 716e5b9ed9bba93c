#!/usr/bin/env python
"""parse_when against plain dateparser.parse on the same scheduling texts.

Run by hand (it is not a test):

    .venv/bin/python bench/bench_timeparse.py
    .venv/bin/python bench/bench_timeparse.py --texts 600 --rounds 5

It builds a few hundred realistic texts (days, times, spans, shorthand, typos,
filler words, and the replies that hold no time at all), warms both parsers up,
then times each on the very same texts, with the same reference time and zone,
in interleaved passes (best pass counts), and prints phrases per second for
each and the ratio.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dateparser  # noqa: E402

from smsbot.timeparse import parse_when  # noqa: E402

TZ = "America/New_York"
NOW = datetime(2026, 3, 4, 10, 15)

DAYS = ["tomorrow", "tmrw", "2moro", "today", "thursday", "thu", "thurs", "friday", "firday", "fri",
        "next monday", "this tuesday", "tues", "wed", "wensday", "sat", "monday", "March 12", "3/12",
        "the 12th", "12th of march", "day after tomorrow", "next week", "a week from friday", "in 3 days"]
TIMES = ["at 3", "3pm", "at 3:30", "2:45", "9am", "10 in the morning", "2 in the afternoon", "noon",
         "half past two", "quarter past 10", "around 4", "3 o'clock", "11am", "between 2 and 4",
         "after 3", "before noon", "9", "morning", "afternoon", "evening", "4:15pm", "at three"]
FRAMES = ["{}", "can we do {}", "pls book me {} thx", "reschedule to {}", "move my appointment to {}",
          "can I come in {}?", "how about {}", "{} works for me", "Hi! is {} possible", "{} please"]
NO_TIME = ["yes", "no thanks", "BOOK", "cancel my appointment", "RESCHEDULE", "HELP", "start over",
           "555-123-4567", "1234567", "1", "2", "3", "thanks!", "ok", "who is this?", "\U0001F600",
           "running 5 min late", "sounds good"]


def build_texts(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = []
    while len(texts) < count:
        roll = rng.random()
        if roll < 0.15:
            texts.append(rng.choice(NO_TIME))
            continue
        if roll < 0.35:
            core = rng.choice(DAYS)
        elif roll < 0.50:
            core = rng.choice(TIMES)
        else:
            day, moment = rng.choice(DAYS), rng.choice(TIMES)
            core = f"{day} {moment}" if rng.random() < 0.7 else f"{moment} {day}"
        text = rng.choice(FRAMES).format(core)
        texts.append(text.upper() if rng.random() < 0.05 else text)
    return texts


def one_pass(parse, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        parse(text)
    return time.perf_counter() - started


def rates(parsers: dict, texts: list[str], rounds: int) -> dict[str, float]:
    """Phrases per second for each parser, passes interleaved so that a busy
    machine slows both alike; the best pass of each counts."""
    for parse in parsers.values():
        one_pass(parse, texts[:50])  # warm caches and lazy imports
    best = {name: float("inf") for name in parsers}
    for _ in range(rounds):
        for name, parse in parsers.items():
            best[name] = min(best[name], one_pass(parse, texts))
    return {name: len(texts) / seconds for name, seconds in best.items()}


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--texts", type=int, default=400)
    options.add_argument("--rounds", type=int, default=5)
    args = options.parse_args()

    texts = build_texts(args.texts)
    zone = ZoneInfo(TZ)
    settings = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": NOW, "TIMEZONE": TZ,
                "RETURN_AS_TIMEZONE_AWARE": True}

    found = rates({
        "parse_when": lambda text: parse_when(text, NOW, zone),
        "dateparser.parse": lambda text: dateparser.parse(text, languages=["en"], settings=settings),
    }, texts, args.rounds)
    ours, theirs = found["parse_when"], found["dateparser.parse"]

    print(f"texts: {len(texts)}, best of {args.rounds} interleaved passes each "
          f"(reference {NOW:%Y-%m-%d %H:%M} {TZ})")
    print(f"parse_when        {ours:10.0f} phrases/s")
    print(f"dateparser.parse  {theirs:10.0f} phrases/s")
    print(f"ratio             {ours / theirs:10.1f}x")


if __name__ == "__main__":
    main()
