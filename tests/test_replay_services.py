"""Format 2's services and providers in `smsbot replay`: @service, @provider (hours,
services), @booked's 'Service with Provider', and 'with'/'for' on '=' lines."""
from __future__ import annotations

import io

import pytest

from smsbot.cli.replay.runner import replay_paths

SALON = """\
@now 2026-03-04 10:15
@service Cleaning 30
@service Whitening 60
@provider Anna
@provider Ben hours mon-fri 12:00-17:00
@provider Ben services Cleaning
@booked +15551230002 2026-03-05 10:00 Whitening with Anna
@booked +15551230003 2026-03-05 13:00 with Ben
"""


def replay(tmp_path, text: str) -> tuple[int, str]:
    path = tmp_path / "t.txt"
    path.write_text(text)
    out = io.StringIO()
    return replay_paths([str(path)], as_json=False, out=out, err=out), out.getvalue()


@pytest.mark.parametrize("line", [
    "= booked +15551230002 2026-03-05 10:00 with Anna for Whitening",
    "= booked +15551230002 2026-03-05 10:00 for whitening with anna",
    "= booked +15551230002 2026-03-05 10:00",
    "= booked +15551230003 2026-03-05 13:00 with Ben for Cleaning",
    "= busy 2026-03-05 10:30 with Anna",
    "= free 2026-03-05 11:00 with Anna for Whitening",
    "= busy 2026-03-05 10:00 with Ben",  # Ben starts at noon
    "= busy 2026-03-05 10:00",  # and Anna holds 10:00-11:00
])
def test_with_and_for_hold_for_that_provider_and_service(tmp_path, line):
    code, out = replay(tmp_path, SALON + line + "\n")
    assert code == 0, out


def test_a_false_free_line_fails(tmp_path):
    code, out = replay(tmp_path, SALON + "= free 2026-03-05 10:00 for Cleaning\n")
    assert code == 1 and "2026-03-05 10:00 for Cleaning to be free (it is busy)" in out


def test_without_with_a_time_is_free_if_some_provider_could_take_it(tmp_path):
    text = SALON + "= free 2026-03-05 13:00\n= busy 2026-03-05 13:00 with Ben\n= free 2026-03-05 13:30 with Ben\n"
    code, out = replay(tmp_path, text)
    assert code == 0, out


def test_a_booked_line_with_the_wrong_provider_fails_showing_what_is_held(tmp_path):
    code, out = replay(tmp_path, SALON + "= booked +15551230002 2026-03-05 10:00 with Ben\n")
    assert code == 1
    assert "at 2026-03-05 10:00 with Ben (has 1: 2026-03-05 10:00 with Anna for Whitening)" in out


@pytest.mark.parametrize("extra, named", [
    ("= free 2026-03-05 11:00 with Zoe\n", "t.txt:9: line 9: no @provider 'Zoe'"),
    ("= free 2026-03-05 11:00 for Colour\n", "t.txt:9: line 9: no @service 'Colour'"),
    ("= free 2026-03-05 11:00 with Anna with Ben\n", "t.txt:9: line 9: cannot read"),
    ("@booked +15551230004 2026-03-05 10:30 Whitening with Anna\n", "t.txt:9: line 9: @booked"),
    ("@provider Cara services Colour\n", "t.txt:9: line 9: @provider Cara: no @service 'colour'"),
    ("@service Trim 7\n", "t.txt:9: line 9: @service Trim"),
])
def test_names_that_are_not_declared_fail_their_line(tmp_path, extra, named):
    code, out = replay(tmp_path, SALON + extra)
    assert code == 1 and named in out, out


def test_a_file_without_services_books_the_slot_length(tmp_path):
    text = "@now 2026-03-04 10:15\n@slot 45\n@booked +15551230002 2026-03-05 10:00\n" \
           "= busy 2026-03-05 10:40\n= free 2026-03-05 10:45\n"
    code, out = replay(tmp_path, text)
    assert code == 0, out
