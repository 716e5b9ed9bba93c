"""Whatever customers text, in whatever order, the bot answers and its data stays whole."""
from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from smsbot.store.models import Appointment, AppointmentCell, Conversation
from tests.support import app_on, inbound, make_app

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
        if "\x00" in text:  # refused at the edge: PostgreSQL cannot store it
            assert response.status_code == 400, text
            continue
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


FIELDS = ["Body", "From", "To", "MessageSid", "AccountSid"]
with_nul = st.text(max_size=40).flatmap(
    lambda s: st.integers(0, len(s)).map(lambda i: s[:i] + "\x00" + s[i:]))
postgres_sids = itertools.count()


@pytest.fixture
def postgres_app(postgres_url):
    with app_on(postgres_url) as app:
        yield app


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(script=st.lists(texts, min_size=1, max_size=4), field=st.sampled_from(FIELDS), poison=with_nul)
def test_on_postgresql_any_text_is_answered_and_a_nul_in_any_field_is_a_400(postgres_app, script,
                                                                            field, poison):
    """PostgreSQL cannot store NUL: the edge refuses it (400) before it gets there."""
    client = postgres_app.test_client()
    for text in script:
        form = inbound(text.replace("\x00", ""), phone=PHONES[0], sid=f"SM{next(postgres_sids):032d}")
        assert client.post("/twilio/sms", data=form).status_code == 200, text
    form = inbound("BOOK", phone=PHONES[1], sid=f"SM{next(postgres_sids):032d}")
    form[field] += poison
    response = client.post("/twilio/sms", data=form)
    assert response.status_code == 400, (field, poison, response.get_data(as_text=True))
    assert "NUL" in response.get_data(as_text=True)
