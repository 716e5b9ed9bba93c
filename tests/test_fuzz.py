"""Whatever customers text, in whatever order, the bot answers and its data stays whole."""
from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from smsbot.store.models import Appointment, AppointmentCell, Conversation
from tests.support import inbound, make_app

PHRASES = ["BOOK", "yes", "no", "1", "2", "3", "thursday at 2:30pm", "friday", "tomorrow morning",
           "RESCHEDULE", "cancel my appointment", "move my appointment to monday 10am", "HELP",
           "start over", "STOP", "START", "C", "R", "when is my appointment?", "sat 10am", "yesterday",
           "\U0001F44D", "", "asdf", "next week", "between 2 and 4 on friday"]
PHONES = ["+15551230001", "+15551230002", "+15551230003"]
SLOT_CELLS = 30 // 5

texts = st.one_of(st.sampled_from(PHRASES), st.text(max_size=200))
steps = st.lists(st.tuples(st.sampled_from(PHONES), texts, st.integers(0, 45)), min_size=1, max_size=25)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps)
def test_any_conversation_gets_answers_and_leaves_consistent_data(script):
    app = make_app()
    client, clock = app.test_client(), app.extensions["smsbot"].clock
    ids = itertools.count()
    for phone, text, minutes in script:
        clock.advance(timedelta(minutes=minutes))
        response = client.post("/twilio/sms", data=inbound(text, phone=phone, sid=f"SM{next(ids):032d}"))
        assert response.status_code == 200, (text, response.get_data(as_text=True))
        assert response.get_data(as_text=True).startswith("<?xml")
    db = app.extensions["smsbot"].db
    with db.transaction() as session:
        booked = session.scalars(select(Appointment).where(Appointment.status == "booked")).all()
        cells = session.scalar(select(func.count()).select_from(AppointmentCell))
        assert cells == SLOT_CELLS * len(booked)
        starts = sorted(a.starts_at for a in booked)
        assert all(b - a >= timedelta(minutes=30) for a, b in zip(starts, starts[1:]))
        assert session.scalar(select(func.count()).select_from(Conversation)) <= len(PHONES)
