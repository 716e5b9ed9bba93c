"""Whatever callers say or press, and whatever a voice agent sends, the answer is well formed
(TwiML, or one-line results), never a 500, and only a confirmed question books."""
from __future__ import annotations

import itertools
import xml.etree.ElementTree as ElementTree
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bots import build_bot
from tests.test_fuzz import PHRASES
from tests.voice_calls import Call

PHONES = ["+15551230001", "+15551230002"]
turns = st.lists(st.tuples(st.sampled_from(PHONES),
                           st.one_of(st.sampled_from(PHRASES), st.text(max_size=80)),
                           st.sampled_from(["say", "press", "silence", "hang_up"]),
                           st.integers(0, 20)), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns)
def test_any_call_gets_well_formed_twiml(script):
    bot = build_bot()
    client, calls, sids = bot.app().test_client(), {}, itertools.count()
    for phone, words, how, minutes in script:
        bot.clock.advance(timedelta(minutes=minutes))
        call = calls.get(phone)
        if call is None or call.action is None:
            call = calls[phone] = Call(client, phone, sid=f"CA{next(sids):032d}")
            call.start()
        if how == "hang_up":
            assert call.hang_up().status_code == 204
            del calls[phone]
            continue
        keys = "".join(c for c in words if c in "0123456789*#")[:10] or "1"
        form = call.form(**({"SpeechResult": words, "Confidence": "0.9"} if how == "say" else
                            {"Digits": keys} if how == "press" else {}))
        response = call.post(call.action, form)
        if "\x00" in words and how == "say":
            assert response.status_code == 400
            continue
        assert response.status_code == 200, (words, response.get_data(as_text=True))
        ElementTree.fromstring(response.get_data(as_text=True))


agent_calls = st.lists(st.tuples(
    st.sampled_from(["check_availability", "book_appointment", "reschedule_appointment", "cancel_appointment",
                     "list_appointments", "nonsense"]),
    st.fixed_dictionaries({}, optional={"start": st.one_of(st.sampled_from(
        ["2026-03-05T15:00:00-05:00", "thursday 3pm", "tomorrow", "2026-03-05", "yesterday"]), st.text(max_size=30)),
        "when": st.sampled_from(["friday 10am", "next week", ""]),
        "appointment": st.one_of(st.sampled_from(["2026-03-05T15:00:00-05:00", "the thursday one", "", None, 3]),
                                 st.text(max_size=30)),
        "all": st.one_of(st.booleans(), st.sampled_from(["true", None])),
        "confirmed": st.one_of(st.booleans(), st.sampled_from(["true", "yes", 1, None]))})),
    min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(agent_calls, st.booleans())
def test_any_tool_calls_get_one_line_results_and_unconfirmed_ones_change_nothing(script, ever_confirmed):
    bot = build_bot()
    client = bot.app().test_client()
    for n, (name, arguments) in enumerate(script):
        if not ever_confirmed:
            arguments = {**arguments, "confirmed": False}
        payload = {"message": {"type": "tool-calls", "call": {"customer": {"number": PHONES[0]}},
                               "toolCallList": [{"id": f"t{n}", "function": {"name": name, "arguments": arguments}}]}}
        response = client.post("/vapi/tools", json=payload)
        if any("\x00" in str(value) for value in arguments.values()):  # refused at the edge: PostgreSQL cannot store it
            assert response.status_code == 400
            continue
        assert response.status_code == 200, response.get_data(as_text=True)
        [result] = response.get_json()["results"]
        assert result["toolCallId"] == f"t{n}" and result["result"] and "\n" not in result["result"]
    if not ever_confirmed:
        assert bot.appointments() == []
