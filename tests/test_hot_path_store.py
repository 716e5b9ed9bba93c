"""What the webhook's hot path writes and reads in few statements, on SQLite and PostgreSQL
alike: the reply's record with the message log's lines, and the customer read with the
conversation."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from smsbot.store import conversations as store, customers, message_log

NOW = datetime(2026, 3, 4, 15, 15, tzinfo=timezone.utc)
PHONE = "+15550101234"


def opened(db, sid: str = "SM-next") -> store.OpenConversation:
    with db.transaction() as session:
        return store.open_conversation(session, PHONE, sid, NOW, reminded_since=NOW - timedelta(hours=24))


def test_the_reply_is_recorded_with_the_exchange_logged_in_order(any_db):
    opened(any_db)
    with any_db.transaction() as session:
        store.record_reply(session, "SM1", PHONE, ["b1", "b2"], NOW, said=["a"], logged=["b1", "b2 (said)"],
                           channel="voice")
        store.record_reply(session, "SM2", PHONE, [], NOW + timedelta(seconds=1), said=["STOP"], logged=[])
    with any_db.transaction() as session:
        lines = [(m.direction, m.body, m.channel, m.author) for m in message_log.messages_of(session, PHONE)]
    assert lines == [("in", "STOP", "sms", ""), ("out", "b2 (said)", "voice", ""), ("out", "b1", "voice", ""),
                     ("in", "a", "voice", "")]
    assert opened(any_db, "SM1").earlier_reply == ["b1", "b2"]
    assert opened(any_db, "SM2").earlier_reply == []


def test_a_reply_recorded_without_an_exchange_logs_nothing(any_db):
    opened(any_db)
    with any_db.transaction() as session:
        store.record_reply(session, "SM1", PHONE, ["b"], NOW)
        assert message_log.messages_of(session, PHONE) == []
    assert opened(any_db, "SM1").earlier_reply == ["b"]


def test_the_conversation_read_says_whether_the_number_is_a_known_customer_and_its_name(any_db):
    first = opened(any_db)
    assert (first.known_customer, first.customer_name) == (False, None)
    with any_db.transaction() as session:
        customers.asked_name(session, PHONE, NOW)
    asked = opened(any_db)
    assert (asked.known_customer, asked.customer_name) == (True, None)
    with any_db.transaction() as session:
        customers.asked_name(session, PHONE, NOW + timedelta(minutes=1))  # asked again: still one row
        customers.set_name(session, PHONE, "Pat Smith", NOW + timedelta(minutes=1))
    named = opened(any_db)
    assert (named.known_customer, named.customer_name) == (True, "Pat Smith")
