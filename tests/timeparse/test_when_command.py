"""The `smsbot when` command's single and batch forms (in-process, tests/cli_runner.py)."""
from __future__ import annotations

import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.cli_runner import smsbot

TZ = "America/New_York"


def when(text, now="2026-03-04T10:15", stdin="", tz=TZ):
    now_option = ["--now", now] if now is not None else []
    return smsbot("when", "--tz", tz, *now_option, "--", text, stdin=stdin)


def run(text, now="2026-03-04T10:15", stdin=""):
    result = when(text, now, stdin)
    return result.returncode, result.stdout


def test_single_text_prints_the_contract_example_exactly():
    code, out = run("thursday at 3")
    assert code == 0
    assert out == '{"start": "2026-03-05T15:00:00-05:00", "end": null, "grain": "hour"}\n'


def test_span_prints_its_end():
    code, out = run("tomorrow morning")
    assert json.loads(out) == {"start": "2026-03-05T08:00:00-05:00", "end": "2026-03-05T12:00:00-05:00",
                               "grain": "part_of_day"}


def test_a_named_zone_is_printed_beside_the_business_time():
    code, out = run("3pm PST")
    assert json.loads(out) == {"start": "2026-03-04T18:00:00-05:00", "end": None, "grain": "hour",
                               "stated_tz": "America/Los_Angeles"}


def test_alternatives_are_printed_after_the_main_reading():
    code, out = run("tues or wed afternoon")
    assert json.loads(out) == {
        "start": "2026-03-10T12:00:00-04:00", "end": "2026-03-10T17:00:00-04:00", "grain": "part_of_day",
        "alternatives": [{"start": "2026-03-04T12:00:00-05:00", "end": "2026-03-04T17:00:00-05:00",
                          "grain": "part_of_day"}]}


def test_nothing_prints_nulls():
    assert run("yes") == (0, '{"start": null, "end": null, "grain": null}\n')


@pytest.mark.parametrize("now", [
    "2026-03-04T10:15", "2026-03-04 10:15", "2026-03-04T10:15:00", "2026-03-04 10:15:30",
    "2026-03-04T10:15:00-05:00", "2026-03-04T15:15:00+00:00", "2026-03-04T15:15Z",
])
def test_now_forms(now):
    code, out = run("9am", now)
    assert code == 0 and json.loads(out)["start"] == "2026-03-05T09:00:00-05:00"


def test_batch_prints_one_line_per_input_line_in_order():
    lines = ["thursday at 3", "", "yes", "tmrw\r", "between 2 and 4", "3"]
    code, out = run("-", stdin="\n".join(lines) + "\n")
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["start"] for a in answers] == [
        "2026-03-05T15:00:00-05:00", None, None, "2026-03-05T00:00:00-05:00",
        "2026-03-04T14:00:00-05:00", None]
    assert answers[4]["end"] == "2026-03-04T16:00:00-05:00"
    assert all(list(a) == ["start", "end", "grain"] for a in answers)


def test_batch_without_final_newline_and_empty_input():
    assert run("-", stdin="at 3")[1].count("\n") == 1
    assert run("-", stdin="") == (0, "")


def test_batch_is_fast():
    texts = ["thursday at 3", "tmrw morning", "yes", "can we do friday 11am", "3/12 at 2", "next week"] * 500
    started = time.perf_counter()
    code, out = run("-", stdin="\n".join(texts) + "\n")
    elapsed = time.perf_counter() - started
    assert code == 0 and out.count("\n") == len(texts)
    assert len(texts) / elapsed > 2000, f"{len(texts) / elapsed:.0f} lines/s"


def test_default_now_is_the_current_time():
    code, out = run("tomorrow", now=None)
    expected = (datetime.now(ZoneInfo(TZ)).date()).toordinal() + 1
    assert code == 0
    assert datetime.fromisoformat(json.loads(out)["start"]).date().toordinal() in (expected, expected + 1)


@pytest.mark.parametrize("now", ["yesterday", "2026-13-01T10:00", "10:15"])
def test_bad_now_is_an_error(now):
    result = when("at 3", now)
    assert result.returncode == 2 and result.stdout == ""
    assert "smsbot when" in result.stderr


def test_unknown_zone_is_an_error():
    result = when("at 3", tz="Mars/Olympus")
    assert result.returncode == 2
    assert result.stdout == ""
