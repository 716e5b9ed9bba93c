"""The pending state's JSON form, including rows written before it was typed."""
from __future__ import annotations

from datetime import datetime

from smsbot.dialog.pending import Mode, Pending
from smsbot.timeparse import When
from tests.support import NY

AT = datetime(2026, 3, 5, 14, 30, tzinfo=NY)


def test_round_trip():
    pending = Pending(Mode.MOVE, appointment=7, proposal=AT, offers=[AT], choices=[7, 8],
                      request=When(AT, AT, "day", "before"), window=(AT, AT))
    assert Pending.from_json(pending.to_json()) == pending


def test_an_old_row_reads_back():
    old = {"mode": "move", "appointment": 3, "proposal": AT.isoformat(), "offers": [AT.isoformat()],
           "question": "Move your Thu ... ? Reply YES or NO.", "pending": AT.isoformat()}
    assert Pending.from_json(old) == Pending(Mode.MOVE, appointment=3, proposal=AT, offers=[AT],
                                             request=When(AT, None, "minute"))


def test_a_malformed_row_is_an_empty_pending_not_a_crash():
    assert Pending.from_json({"mode": "dance", "proposal": "soon", "offers": [1, "x"], "window": [1]}) == Pending()
    assert Pending.from_json(None) == Pending() == Pending.from_json([])
    assert Pending().to_json() == {}


def test_a_request_keeps_its_alternatives_and_zone_across_a_question():
    """'tues or wed afternoon 3pm PST' waiting on 'which service?' comes back whole."""
    wed = When(AT.replace(day=4), None, "hour", None, "America/Los_Angeles")
    asked = When(AT, None, "hour", None, "America/Los_Angeles", (wed,))
    pending = Pending(Mode.BOOK, request=asked, service="Beard", provider="Ben", asked="service")
    back = Pending.from_json(pending.to_json())
    assert back == pending
    assert back.request.alternatives == (wed,) and back.request.stated_tz == "America/Los_Angeles"
