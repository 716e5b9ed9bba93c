"""The main booking, moving and cancelling transcripts again, spoken on a call: every text
the customer sent is said instead, and the calendar must end up the same. (What the bot
says differs by channel, so the '<' lines are left out; test_transcripts checks them.)"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from smsbot.cli.replay.runner import report, run_transcript

CONVERSATIONS = Path(__file__).resolve().parents[1] / "conversations"
MAIN = ["01_book_with_bare_keyword", "02_book_in_one_message", "03_taken_time_offers_alternatives",
        "04_pick_offer_by_time", "05_day_without_time", "11_no_books_nothing", "12_new_time_replaces_proposal",
        "13_confirmation_expires", "14_slot_taken_before_yes", "15_reschedule_keyword", "16_move_in_one_message",
        "17_move_choose_among_several", "18_cancel_appointment", "19_cancel_declined",
        "20_cancel_choose_among_several", "32_two_customers_interleaved", "37_move_to_taken_time"]
_TEXT = re.compile(r"^>\s*(\+\d+)\s*:\s?(.*)$")


def spoken(transcript: str) -> str:
    """The transcript with each text said on a call (one call per number, placed before its first words)."""
    lines, calling = [], set()
    for line in transcript.splitlines():
        text = _TEXT.match(line.strip())
        if text:
            phone, words = text.groups()
            if phone not in calling:
                calling.add(phone)
                lines.append(f"> call {phone}")
            lines.append(f"> voice {phone}: {words}")
        elif not re.match(r"^(<\s|=\s*silent)", line.strip()):
            lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("name", MAIN)
def test_the_transcript_spoken_on_a_call_books_the_same(tmp_path, name):
    path = tmp_path / f"{name}_spoken.txt"
    path.write_text(spoken((CONVERSATIONS / f"{name}.txt").read_text()))
    _, error = run_transcript(path)
    if error:
        out = io.StringIO()
        report(path, error, out)
        pytest.fail(out.getvalue() + "\n" + path.read_text(), pytrace=False)


def test_spoken_turns_texts_into_a_call():
    assert spoken("@now 2026-03-04 10:15\n> +15551230001: book\n< *what day*\n> +15551230001: thu 3pm\n") == (
        "@now 2026-03-04 10:15\n> call +15551230001\n> voice +15551230001: book\n> voice +15551230001: thu 3pm\n")
