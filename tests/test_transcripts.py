"""Every transcript in conversations/ replays cleanly."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from smsbot.cli.replay.runner import report, run_transcript

CONVERSATIONS = Path(__file__).resolve().parents[1] / "conversations"
FILES = sorted(CONVERSATIONS.rglob("*.txt"))


def test_there_are_enough_transcripts():
    assert len(FILES) >= 25


@pytest.mark.parametrize("path", FILES, ids=[f.name for f in FILES])
def test_transcript(path):
    _, error = run_transcript(path)
    if error:
        out = io.StringIO()
        report(path, error, out)
        pytest.fail(out.getvalue(), pytrace=False)
