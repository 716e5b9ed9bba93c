"""`smsbot replay` itself: the transcript format, matching rules and failure reports."""
from __future__ import annotations

import io
import json

import pytest

from smsbot.cli.replay.parser import TranscriptError, parse_transcript
from smsbot.cli.replay.runner import glob_matches, replay_paths

BOOKING = """\
@now 2026-03-04 10:15
> +15551230001: thursday at 2:30pm
< *Thursday, March 5*2:30 PM*
> +15551230001: yes
< *booked*
= booked +15551230001 2026-03-05 14:30
"""


def replay(tmp_path, text: str, as_json: bool = False) -> tuple[int, str, str]:
    path = tmp_path / "t.txt"
    path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    code = replay_paths([str(path)], as_json=as_json, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("pattern, message, ok", [
    ("*booked*", "Booked: Thursday", True),
    ("booked*", "Booked: Thursday", True),
    ("booked", "Booked: Thursday", False),
    ("*what   day*", "What\n day and time?", True),
    ("*2:30 PM EST?*", "Book Thursday at 2:30 PM EST? Reply", True),
    ("*a.b*", "axb", False),
    ("", "", True),
])
def test_glob(pattern, message, ok):
    assert glob_matches(pattern, message) is ok


def test_passing_transcript(tmp_path):
    code, _, err = replay(tmp_path, BOOKING)
    assert code == 0 and "1 passed, 0 failed" in err


def test_failure_names_file_line_expected_and_what_was_sent(tmp_path):
    code, _, err = replay(tmp_path, BOOKING.replace("< *booked*", "< *rescheduled*"))
    assert code == 1
    assert "t.txt:5" in err and "*rescheduled*" in err
    assert "to +15551230001: Booked: Thursday, March 5 at 2:30 PM EST" in err


def test_a_message_is_matched_once(tmp_path):
    code, _, err = replay(tmp_path, BOOKING + "< *booked*\n")
    assert code == 1 and "t.txt:7" in err


def test_json_prints_every_message(tmp_path):
    code, out, _ = replay(tmp_path, BOOKING, as_json=True)
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [m["line"] for m in lines] == [2, 4]
    assert lines[1]["to"] == "+15551230001" and lines[1]["body"].startswith("Booked")
    assert lines[0]["file"].endswith("t.txt")


def test_assertions_fail_when_false(tmp_path):
    assert replay(tmp_path, BOOKING + "= none +15551230001\n")[0] == 1
    assert replay(tmp_path, BOOKING + "= free 2026-03-05 14:30\n")[0] == 1
    assert replay(tmp_path, BOOKING + "= busy 2026-03-05 15:00\n")[0] == 1
    assert replay(tmp_path, BOOKING + "= silent +15551230001\n")[0] == 0
    assert replay(tmp_path, BOOKING + "= booked +15551230001 2026-03-05 15:00\n")[0] == 1


def test_silent_sees_unmatched_messages(tmp_path):
    text = BOOKING.replace("< *booked*\n", "")
    code, _, err = replay(tmp_path, text + "= silent +15551230001\n")
    assert code == 1 and "Booked" in err


def test_configuration_lines(tmp_path):
    text = """\
@tz America/Chicago
@now 2026-03-04 10:15
@hours sat 10:00-14:00
@slot 60
@busy 2026-03-07 10:00-11:00
@booked +15551230002 2026-03-07 12:00
= busy 2026-03-07 10:00
= free 2026-03-07 11:00
= busy 2026-03-07 12:30
= busy 2026-03-07 13:30
= free 2026-03-06 16:00
= busy 2026-03-06 16:30
= booked +15551230002 2026-03-07 12:00
> +15551230001: saturday at 11am
< *Saturday, March 7 at 11:00 AM CST*
"""
    code, _, err = replay(tmp_path, text)
    assert code == 0, err


def test_advance_and_now_move_the_clock(tmp_path):
    text = BOOKING.replace("= booked", "@advance 2d\n= none +15551230001\n#") 
    assert replay(tmp_path, text)[0] == 0
    text = BOOKING + "@now 2026-03-05 15:00\n= none +15551230001\n"
    assert replay(tmp_path, text)[0] == 0


@pytest.mark.parametrize("bad", ["@nope 1", "> 5551230001: hi", "= booked +15551230001 tomorrow", "@now 2026-13-01 10:00"])
def test_unreadable_lines_are_reported_with_their_line(bad):
    with pytest.raises(TranscriptError, match="line 2"):
        parse_transcript("# header\n" + bad + "\n")


@pytest.mark.parametrize("bad", ["> +1555123: hi", "@staff +0155512300", "<+1555123000 *moved*",
                                 "= none +15551230001234567"])
def test_a_number_that_is_not_e164_is_named(bad):
    with pytest.raises(TranscriptError, match="line 1: .* is not an E.164 phone number"):
        parse_transcript(bad + "\n")


def test_reply_patterns_may_start_with_a_plus():
    (step,) = parse_transcript("< +1 for that\n")
    assert (step.kind, step.args) == ("<", ("+1 for that",))
    (step,) = parse_transcript("<+15551230002 *moved*\n")
    assert (step.kind, step.args) == ("<+", ("+15551230002", "*moved*"))


def test_configuration_after_first_message_is_an_error():
    with pytest.raises(TranscriptError, match="before the first"):
        parse_transcript("> +15551230001: hi\n@slot 15\n")


@pytest.mark.parametrize("clash", [
    "@booked +15551230002 2026-03-05 14:30",  # the very same time
    "@booked +15551230002 2026-03-05 14:45",  # overlapping it
    "@busy 2026-03-05 14:00-15:00",
], ids=["same time", "overlap", "busy"])
def test_a_booked_line_whose_slot_is_taken_fails_that_file_naming_the_line(tmp_path, clash):
    text = f"@now 2026-03-04 10:15\n{clash}\n@booked +15551230001 2026-03-05 14:30\n" + BOOKING
    code, _, err = replay(tmp_path, text)
    assert code == 1
    assert "FAIL" in err and "t.txt:3" in err and "taken" in err
    assert "Traceback" not in err and "0 passed, 1 failed" in err


def test_a_booked_line_off_the_five_minute_grid_fails_naming_the_line(tmp_path):
    code, _, err = replay(tmp_path, "@now 2026-03-04 10:15\n@booked +15551230001 2026-03-05 14:32\n")
    assert code == 1 and "t.txt:2" in err and "5-minute" in err


def test_a_failing_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text("@booked +15551230001 2026-03-05 14:30\n" * 2)
    (tmp_path / "b.txt").write_text(BOOKING)
    out, err = io.StringIO(), io.StringIO()
    assert replay_paths([str(tmp_path)], as_json=False, out=out, err=err) == 1
    assert "a.txt:2" in err.getvalue() and "ok   " in err.getvalue()
    assert "1 passed, 1 failed" in err.getvalue()


def test_set_applies_a_setting_for_the_file(tmp_path):
    text = "@now 2026-03-04 10:15\n@set BUSINESS_NAME Bright Smiles\n> +15551230001: help\n< Bright Smiles:*\n"
    assert replay(tmp_path, text)[0] == 0


@pytest.mark.parametrize("line, named", [("@set NO_SUCH_THING 3", "NO_SUCH_THING is not a setting"),
                                         ("@set SLOT_MINUTES soon", "SLOT_MINUTES='soon'")])
def test_set_with_a_bad_name_or_value_fails_its_line(tmp_path, line, named):
    code, out, err = replay(tmp_path, f"@now 2026-03-04 10:15\n{line}\n> +15551230001: hi\n")
    assert code != 0 and "line 2" in out + err and named in out + err
