"""`smsbot replay`: run transcripts against the bot and check every assertion."""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from smsbot.cli.replay.parser import ON_CALLS, Step, TranscriptError, parse_transcript
from smsbot.cli.replay.profile import parse_focus
from smsbot.cli.replay.world import Sent, Setup, World
from smsbot.scheduling.service import SlotUnavailable


class Failure(Exception):
    def __init__(self, line: int, expected: str, shown: list[Sent]):
        super().__init__(expected)
        self.line, self.expected, self.shown = line, expected, shown


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def glob_matches(pattern: str, message: str) -> bool:
    """Globs: '*' is any run of characters; case and runs of white space don't matter."""
    regex = ".*".join(re.escape(part) for part in _fold(pattern).split("*"))
    return re.fullmatch(regex, _fold(message), re.I | re.S) is not None


def setup_of(steps: list[Step]) -> tuple[Setup, object]:
    setup, start = Setup(), None
    for step in steps:
        if step.kind == ">":
            break
        if step.kind == "@tz":
            setup.tz = step.args[0]
        elif step.kind == "@hours":
            setup.hour_lines.append(step.args[0])
        elif step.kind == "@slot":
            setup.slot = step.args[0]
        elif step.kind == "@set":
            setup.set(step.line, *step.args)
        elif step.kind == "@service":
            setup.staffing.service(step.line, *step.args)
        elif step.kind == "@provider":
            setup.staffing.provider(step.line, *step.args)
        elif step.kind == "@now" and start is None:
            start = step.args[0]
    return setup, start


@dataclass
class Run:
    world: World
    last_inbound: Step | None = None
    first_of_last_inbound: int = 0

    def since_last_inbound(self) -> list[Sent]:
        return self.world.sent[self.first_of_last_inbound:]

    def take(self, step: Step, phone: str, pattern: str, pool: list[Sent]) -> None:
        for sent in pool:
            if sent.to == phone and not sent.matched and glob_matches(pattern, sent.body):
                sent.matched = True
                return
        raise Failure(step.line, f"a message to {phone} matching {pattern!r}", self.since_last_inbound())

    def do(self, step: Step) -> None:
        world, kind, args = self.world, step.kind, step.args
        if kind in ("@tz", "@hours", "@slot", "@set", "@service", "@provider"):
            return
        if kind == "@now":
            world.move_clock(world.local(args[0]), step.line)
        elif kind == "@advance":
            world.move_clock(world.clock.now() + args[0], step.line)
        elif kind == "@busy":
            world.add_busy(*args)
        elif kind in ("@staff", "@owner"):
            world.add_staff(args[0], kind[1:])
        elif kind == "@booked":
            self.book(step)
        elif kind == ">":
            self.last_inbound, self.first_of_last_inbound = step, len(world.sent)
            world.text(args[0], args[1], step.line)
        elif kind in ON_CALLS:
            self.last_inbound, self.first_of_last_inbound = step, len(world.sent)
            world.on_call(kind, step.line, *args)
        elif kind == "<":
            if self.last_inbound is None:
                raise Failure(step.line, "a '<' line needs a '>' line before it", [])
            replies = [s for s in self.since_last_inbound() if s.reply]
            self.take(step, self.last_inbound.args[0], args[0], replies)
        elif kind == "<+":
            self.take(step, args[0], args[1], [s for s in world.sent if not s.spoken])  # SMS only
        else:
            self.check(step)

    def book(self, step: Step) -> None:
        """A setup booking the calendar refuses is a mistake in the file: say which line."""
        phone, start, tail = step.args
        focus = parse_focus(tail, step.line, bare_service=True)
        what = f"@booked {phone} {start:%Y-%m-%d %H:%M}{focus}"
        try:
            self.world.add_booking(phone, start, focus, step.line)
        except SlotUnavailable:
            raise TranscriptError(step.line, f"{what}: that time is already taken") from None
        except ValueError as error:  # e.g. off the calendar's 5-minute grid
            raise TranscriptError(step.line, f"{what}: {error}") from None

    def check(self, step: Step) -> None:
        world, kind, args = self.world, step.kind, step.args
        if kind == "=booked":
            focus = parse_focus(args[2], step.line)
            booked = world.upcoming(args[0])
            ok = [b.start for b in booked] == [world.local(args[1])] and world.matches(booked[0], focus)
            expected = f"{args[0]} to have exactly one appointment, at {args[1]:%Y-%m-%d %H:%M}{focus}"
            detail = f"has {len(booked)}: " + ", ".join(world.describe(b) for b in booked)
        elif kind == "=none":
            starts = world.upcoming(args[0])
            ok, expected, detail = not starts, f"{args[0]} to have no future appointment", f"has {len(starts)}"
        elif kind in ("=free", "=busy"):
            focus = parse_focus(args[1], step.line)
            bookable = world.bookable(args[0], focus, step.line)
            ok = bookable == (kind == "=free")
            expected = f"{args[0]:%Y-%m-%d %H:%M}{focus} to be {kind[1:]}"
            detail = "it is free" if bookable else "it is busy"
        else:  # =silent
            phone = args[0]
            to_phone = [s for s in world.sent if s.to == phone]
            last = max((i for i, s in enumerate(to_phone) if s.matched), default=-1)
            later = to_phone[last + 1:]
            ok, expected, detail = not later, f"nothing sent to {phone}", f"{len(later)} sent"
            if not ok:
                raise Failure(step.line, expected, later)
        if not ok:
            raise Failure(step.line, f"{expected} ({detail})", self.since_last_inbound())


def run_transcript(path: Path, world_factory=World) -> tuple[list[Sent], Failure | TranscriptError | None]:
    """`world_factory(setup, start)` builds the bot under test (another calendar, say)."""
    try:
        steps = parse_transcript(path.read_text(encoding="utf-8"))
        setup, start = setup_of(steps)
        run = Run(world_factory(setup, None))
        if start is not None:
            run.world.clock.set(run.world.local(start))
    except TranscriptError as error:
        return [], error
    try:
        for step in steps:
            run.do(step)
    except (Failure, TranscriptError) as error:
        return run.world.sent, error
    return run.world.sent, None


def transcript_files(paths) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files += sorted(path.rglob("*.txt")) if path.is_dir() else [path]
    return files


def report(path: Path, error, out: TextIO) -> None:
    if isinstance(error, TranscriptError):
        out.write(f"FAIL {path}:{error.line}: {error}\n")
        return
    out.write(f"FAIL {path}:{error.line}: expected {error.expected}\n")
    out.write("  the bot sent, since the previous '>' line:\n" if error.shown else "  the bot sent nothing since the previous '>' line\n")
    for sent in error.shown:
        out.write(f"    {'said to' if sent.spoken else 'to'} {sent.to}: {sent.body}\n")


def replay_paths(paths, as_json: bool, out: TextIO, err: TextIO | None = None) -> int:
    """With --json, stdout carries only the JSON lines; the verdicts go to `err`."""
    err = err or (sys.stderr if as_json else out)
    files = transcript_files(paths)
    failed = 0
    for path in files:
        sent, error = run_transcript(path)
        if as_json:
            for s in sent:
                out.write(json.dumps({"to": s.to, "body": s.body, "file": str(path), "line": s.line}) + "\n")
        if error:
            failed += 1
            report(path, error, err)
        else:
            err.write(f"ok   {path}\n")
    err.write(f"{len(files) - failed} passed, {failed} failed\n")
    return 1 if failed or not files else 0
