"""Reminders: queued with the booking, replaced by a move, dropped by a cancel, skipped
when their time passed while no worker ran; replies to them; and the `smsbot worker` and
`smsbot outbox` commands on a SQLite file."""
from __future__ import annotations

import json
from datetime import datetime, time, timedelta, timezone

import pytest

from smsbot.calendars.base import Booking
from smsbot.messaging.console import ConsoleSender
from smsbot.messaging.policy import RateLimiter
from smsbot.messaging.worker import Worker
from smsbot.messaging.policy import lead_label, parse_lead_times
from smsbot.messaging.reminders import Notices
from smsbot.store import outbox
from smsbot.store.db import Database
from smsbot.store.models import Appointment, OptOut, OutboxMessage
from tests.bots import NY, START, build_bot
from tests.cli_runner import smsbot
from tests.fakes.twilio_api import Reply

TO, OTHER = "+15551230001", "+15551230002"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=NY)


class World:
    """The bot, its outbox worker (console sender, no rate limit) and a frozen clock."""

    def __init__(self, **overrides):
        self.bot = build_bot(**overrides)
        self.settings, self.clock, self.db = self.bot.settings, self.bot.clock, self.bot.db
        self.sender = ConsoleSender()
        self.worker = Worker(self.db, self.sender, self.settings, self.clock, limiter=RateLimiter(0))

    def book(self, start: datetime, phone: str = TO) -> int:
        with self.db.transaction() as session:
            return self.bot.scheduler(session, self.clock.now()).book(phone, start).id

    def move(self, appointment: int, start: datetime, by_staff: bool = False) -> None:
        with self.db.transaction() as session:
            self.bot.scheduler(session, self.clock.now()).move(appointment, start, by_staff=by_staff)

    def cancel(self, appointment: int, by_staff: bool = False) -> None:
        with self.db.transaction() as session:
            self.bot.scheduler(session, self.clock.now()).cancel(appointment, by_staff=by_staff)

    def text(self, body: str, phone: str = TO) -> list[str]:
        return self.bot.text(body, phone)

    def pending(self, kind: str = "reminder") -> list[OutboxMessage]:
        return [r for r in self.rows() if r.status == "pending" and r.kind == kind]

    def rows(self) -> list[OutboxMessage]:
        return self.bot.rows(OutboxMessage, order_by=OutboxMessage.due_at)

    def run_until(self, until: datetime) -> list[tuple[datetime, str]]:
        """What a worker that never stopped sends on the way to `until`: (when, body)."""
        first = len(self.sender.sent)
        while True:
            with self.db.transaction() as session:
                due = outbox.next_due(session)
            if due is None or due > until:
                break
            self.clock.set(max(due, self.clock.now()))
            self.worker.run_once()
        self.clock.set(until)
        self.worker.run_once()
        return [(m.sent_at.astimezone(NY), m.body) for m in self.sender.sent[first:]]

    def appointment(self, appointment: int) -> Appointment:
        with self.db.transaction() as session:
            return session.get(Appointment, appointment)


@pytest.fixture
def world():
    w = World()
    yield w
    w.db.dispose()


# queued with the booking -------------------------------------------------------------------


def test_a_booking_queues_a_reminder_for_each_lead_time(world):
    appointment = world.book(at(6, 10))  # Friday
    reminders = world.pending()
    assert [r.due_at for r in reminders] == [at(5, 10), at(6, 8)]
    assert [r.key.split(":", 3) for r in reminders] == [
        ["reminder", str(appointment), "24h", "2026-03-06T15:00:00+00:00"],
        ["reminder", str(appointment), "2h", "2026-03-06T15:00:00+00:00"]]
    for r in reminders:
        assert (r.to, r.kind, r.appointment_id, r.attempts) == (TO, "reminder", appointment, 0)
        assert r.stale_at == r.due_at + timedelta(minutes=30)
        assert r.body == ("Reminder: your appointment is Friday, March 6 at 10:00 AM EST. "
                          "Reply C to confirm, R to reschedule, or 'cancel appt' to cancel.")


def test_a_booking_made_by_text_queues_its_reminders_in_the_same_transaction(world):
    assert world.text("friday 10am")[0].startswith("Book Friday, March 6 at 10:00 AM EST?")
    assert world.pending() == []
    assert world.text("yes")[0].startswith("Booked: Friday, March 6 at 10:00 AM EST")
    assert len(world.pending()) == 2


def test_reminders_roll_back_with_a_booking_that_fails(world):
    with pytest.raises(RuntimeError):
        with world.db.transaction() as session:
            world.bot.scheduler(session, world.clock.now()).book(TO, at(6, 10))
            raise RuntimeError("the booking's transaction fails after the booking")
    assert world.rows() == []


def test_a_lead_time_already_past_gets_no_reminder(world):
    world.book(at(4, 13))  # 2 h 45 min ahead: the 2 h reminder only
    assert [r.due_at for r in world.pending()] == [at(4, 11)]
    world.book(at(4, 11, 30), phone=OTHER)  # 75 min ahead: none
    assert [r.to for r in world.pending()] == [TO]


def test_lead_times_are_configurable():
    w = World(reminder_leads=(timedelta(days=1), timedelta(minutes=90)))
    w.book(at(6, 10))
    assert [r.due_at for r in w.pending()] == [at(5, 10), at(6, 8, 30)]
    assert parse_lead_times("24h, 2 h,") == (timedelta(hours=24), timedelta(hours=2))
    silent = World(reminder_leads=parse_lead_times("none"))
    silent.book(at(6, 10))
    assert silent.pending() == []
    assert [lead_label(lead) for lead in parse_lead_times("1d,90m,2h")] == ["24h", "90m", "2h"]
    for bad in ("24 hours", "0h", "2h,2h", ","):
        with pytest.raises(ValueError):
            parse_lead_times(bad)


def test_reminders_go_out_at_their_lead_times_and_name_the_appointment(world):
    world.book(at(6, 10))
    sent = world.run_until(at(6, 12))
    assert [when for when, _ in sent] == [at(5, 10), at(6, 8)]
    assert all("Friday, March 6 at 10:00 AM EST" in body for _, body in sent)
    assert {r.status for r in world.rows()} == {"sent"}


# moves and cancels ---------------------------------------------------------------------------


def test_a_move_replaces_the_reminders_and_the_new_ones_name_the_new_time(world):
    appointment = world.book(at(6, 10))
    world.move(appointment, at(9, 9))  # Monday, after the switch to daylight time
    reminders = world.pending()
    assert [r.due_at for r in reminders] == [at(8, 9), at(9, 7)]
    assert all("Monday, March 9 at 9:00 AM EDT" in r.body for r in reminders)
    sent = world.run_until(at(10, 12))
    assert [when for when, _ in sent] == [at(8, 9), at(9, 7)]
    assert all("Monday, March 9" in body and "Friday" not in body for _, body in sent)


def test_a_move_after_a_reminder_went_out_never_sends_one_naming_the_old_time(world):
    appointment = world.book(at(5, 14, 30))  # Thursday
    [(when, body)] = world.run_until(at(4, 15))
    assert when == at(4, 14, 30) and "Thursday, March 5 at 2:30 PM EST" in body
    world.move(appointment, at(6, 10))
    later = world.run_until(at(7, 0))
    assert [when for when, _ in later] == [at(5, 10), at(6, 8)]
    assert all("Friday, March 6 at 10:00 AM EST" in body and "Thursday" not in body for _, body in later)


def test_moving_back_to_an_earlier_time_still_gets_its_reminders(world):
    appointment = world.book(at(6, 10))
    world.move(appointment, at(6, 11))
    world.move(appointment, at(6, 10))
    assert [r.due_at for r in world.pending()] == [at(5, 10), at(6, 8)]
    assert len(world.run_until(at(6, 12))) == 2


def test_a_cancel_drops_the_pending_reminders(world):
    appointment = world.book(at(6, 10))
    keep = world.book(at(6, 11), phone=OTHER)
    world.cancel(appointment)
    assert {r.appointment_id for r in world.pending()} == {keep}
    sent = world.run_until(at(7, 0))
    assert len(sent) == 2 and all(m.to == OTHER for m in world.sender.sent)


def test_a_reminder_claimed_by_a_worker_when_its_appointment_moves_is_not_sent(world):
    appointment = world.book(at(6, 10))
    world.clock.set(at(5, 10))
    with world.db.transaction() as session:  # a worker claimed it and is about to send
        [claimed] = outbox.claim_due(session, world.clock.now(), 10)
    world.move(appointment, at(6, 11))
    assert world.worker.run_once() == {}
    world.clock.set(claimed.lease_until + timedelta(seconds=1))
    assert world.worker.run_once() == {}  # not even after its lease ran out
    old = [r for r in world.rows() if r.id == claimed.id][0]
    assert (old.status, old.last_error) == ("skipped", "appointment changed")
    assert world.sender.sent == []
    assert all("11:00 AM" in body for _, body in world.run_until(at(7, 0)))


def test_staff_changes_queue_a_notice_at_once(world):
    moved = world.book(at(6, 10))
    cancelled = world.book(at(6, 11), phone=OTHER)
    world.move(moved, at(6, 14), by_staff=True)
    world.cancel(cancelled, by_staff=True)
    notices = world.pending("notice")
    assert [(n.to, n.due_at) for n in notices] == [(TO, START), (OTHER, START)]
    assert "Friday, March 6 at 10:00 AM EST" in notices[0].body and "2:00 PM" in notices[0].body
    assert "has been cancelled" in notices[1].body and "11:00 AM" in notices[1].body
    assert [(n.to, n.body) for n in world.sender.sent] == []
    assert world.worker.run_once() == {"sent": 2}


def test_a_notice_for_a_cancelled_appointment_is_still_sent_but_its_reminders_are_not(world):
    appointment = world.book(at(6, 10))
    world.cancel(appointment, by_staff=True)
    sent = world.run_until(at(7, 0))
    assert len(sent) == 1 and "cancelled" in sent[0][1]


def test_a_staff_move_notice_still_queued_when_the_customer_cancels_is_not_sent(world):
    appointment = world.book(at(6, 10))
    world.move(appointment, at(6, 14), by_staff=True)
    assert len(world.pending("notice")) == 1
    world.cancel(appointment)  # the customer, before any worker ran
    assert world.pending("notice") == [] and world.worker.run_once() == {}
    assert world.sender.sent == []


def test_a_staff_move_notice_is_replaced_when_the_time_changes_again(world):
    appointment = world.book(at(6, 10))
    world.move(appointment, at(6, 14), by_staff=True)
    world.move(appointment, at(6, 15))  # the customer moves it on themselves
    assert world.pending("notice") == []
    world.move(appointment, at(6, 16), by_staff=True)
    [notice] = world.pending("notice")
    assert "4:00 PM" in notice.body and notice.appointment_start == at(6, 16)


@pytest.mark.parametrize("change, reason", [
    ({"status": "cancelled"}, "appointment no longer booked"),
    ({"starts_at": at(6, 15)}, "appointment moved since"),
])
def test_a_notice_whose_appointment_changed_without_a_notice_is_skipped_at_send_time(world, change, reason):
    """A change that did not come through Notices (a hand edit, a row queued before this
    check existed): the worker itself sees the notice no longer matches the appointment."""
    appointment = world.book(at(6, 10))
    world.move(appointment, at(6, 14), by_staff=True)
    with world.db.transaction() as session:
        for name, value in change.items():
            setattr(session.get(Appointment, appointment), name, value)
    assert world.worker.run_once() == {"skipped": 1}
    [notice] = [r for r in world.rows() if r.kind == "notice"]
    assert (notice.status, notice.last_error) == ("skipped", reason) and world.sender.sent == []


def test_hearing_of_the_same_booking_twice_queues_its_reminders_once(world):
    appointment = world.book(at(6, 10))
    booking = Booking(appointment, TO, at(6, 10).astimezone(timezone.utc),
                      at(6, 10, 30).astimezone(timezone.utc))
    with world.db.transaction() as session:
        Notices(session, world.settings, NY, world.clock.now()).booked(booking)
    assert len(world.pending()) == 2


# a worker that was down ------------------------------------------------------------------------


def test_a_reminder_whose_time_passed_while_no_worker_ran_is_skipped(world):
    world.book(at(6, 10))
    world.clock.set(at(5, 10, 31))  # the worker comes back after the 24 h reminder's grace
    assert world.worker.run_once() == {"skipped": 1}
    skipped = [r for r in world.rows() if r.status == "skipped"]
    assert skipped[0].due_at == at(5, 10) and skipped[0].last_error.startswith("stale")
    assert world.sender.sent == []
    assert [when for when, _ in world.run_until(at(6, 12))] == [at(6, 8)]


def test_a_reminder_a_little_late_within_its_grace_still_goes(world):
    world.book(at(6, 10))
    world.clock.set(at(5, 10, 29))
    assert world.worker.run_once() == {"sent": 1}


def test_nothing_is_sent_after_the_appointment_began(world):
    world.book(at(4, 13))  # 2 h reminder due at 11:00, stale at 11:30
    world.clock.set(at(4, 14))
    assert world.worker.run_once() == {"skipped": 1}
    assert world.sender.sent == []


def test_the_grace_never_runs_past_the_appointment(world):
    w = World(reminder_leads=(timedelta(minutes=20),), reminder_grace=timedelta(minutes=60))
    w.book(at(4, 13))
    [r] = w.pending()
    assert r.stale_at == at(4, 13)


# replies to a reminder ---------------------------------------------------------------------------


def test_c_after_a_reminder_confirms_that_appointment(world):
    appointment = world.book(at(6, 10))
    world.run_until(at(5, 10))
    world.clock.advance(timedelta(minutes=5))
    assert world.text("C") == ["Thanks, you're confirmed for Friday, March 6 at 10:00 AM EST. See you then!"]
    assert world.appointment(appointment).confirmed_at == world.clock.now()


def test_c_without_a_reminder_confirms_nothing(world):
    appointment = world.book(at(6, 10))
    assert "confirmed" not in world.text("C")[0]
    assert world.appointment(appointment).confirmed_at is None


def test_r_after_a_reminder_reschedules_the_reminded_appointment_among_several(world):
    world.book(at(6, 10))
    reminded = world.book(at(5, 14))
    world.run_until(at(5, 12))  # Thursday's 2 h reminder (and its 24 h one) went out last
    [reply] = world.text("R")
    assert "Thursday, March 5 at 2:00 PM EST" in reply and "move" in reply.lower()
    assert world.text("friday 3pm")[0].startswith("Move your Thursday, March 5 at 2:00 PM EST appointment")
    assert world.text("yes")[0] == "Done: your appointment is now Friday, March 6 at 3:00 PM EST."
    assert world.appointment(reminded).starts_at == at(6, 15)
    later = world.run_until(at(7, 0))
    assert all("Thursday" not in body for _, body in later)
    assert [body for _, body in later if "3:00 PM" in body]  # the moved one's new reminder


def test_cancel_appt_after_a_reminder_cancels_that_appointment(world):
    world.book(at(6, 10))
    reminded = world.book(at(5, 14))
    world.run_until(at(5, 12))
    assert world.text("cancel appt")[0].startswith("Cancel your appointment on Thursday, March 5 at 2:00 PM EST?")
    assert world.text("yes")[0].startswith("Cancelled your appointment on Thursday, March 5")
    assert world.appointment(reminded).status == "cancelled"
    assert [r.appointment_id for r in world.pending()] != [reminded]
    assert all("Thursday" not in body for _, body in world.run_until(at(7, 0)))


# the commands (in-process, tests/cli_runner.py) ------------------------------------------------


@pytest.fixture
def cli_env(tmp_path, sqlite_file_url):
    env = dict(DATABASE_URL=sqlite_file_url, SMSBOT_DOTENV=str(tmp_path / "no.env"),
               SMS_SEGMENTS_PER_SECOND="0", NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    done = smsbot("db", "upgrade", env=env)
    assert done.returncode == 0, done.stderr
    return env


def seed(url: str, rows: list[dict], opted_out: tuple[str, ...] = ()) -> None:
    db = Database(url)
    now = datetime.now(timezone.utc)
    with db.transaction() as session:
        for row in rows:
            outbox.enqueue(session, now=now, **row)
        for phone in opted_out:
            session.add(OptOut(phone=phone, opted_out_at=now, keyword="STOP"))
    db.dispose()


def test_worker_once_and_outbox_commands(cli_env):
    now = datetime.now(timezone.utc)
    seed(cli_env["DATABASE_URL"], [
        dict(key="due", to=TO, body="due now", due_at=now - timedelta(minutes=1)),
        dict(key="later", to=TO, body="due tomorrow", due_at=now + timedelta(days=1)),
        dict(key="stopped", to=OTHER, body="to an opted-out number", due_at=now - timedelta(minutes=1)),
    ], opted_out=(OTHER,))

    listed = smsbot("outbox", env=cli_env)
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == 3 and listed.stdout.count("pending") == 3
    assert TO not in listed.stdout  # numbers are masked

    done = smsbot("worker", "--once", env=cli_env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"sent": 1, "skipped": 1}
    assert "SMS to" in done.stderr and "due now" in done.stderr and TO not in done.stderr

    listed = smsbot("outbox", env=cli_env).stdout.splitlines()
    assert len(listed) == 1 and "pending" in listed[0]
    everything = smsbot("outbox", "--all", env=cli_env).stdout
    assert "sent" in everything and "skipped" in everything and "opted out" in everything

    again = smsbot("worker", "--once", env=cli_env)
    assert json.loads(again.stdout) == {}


def test_an_empty_outbox_says_so(cli_env):
    listed = smsbot("outbox", env=cli_env)
    assert listed.returncode == 0 and listed.stdout.strip() == "the outbox is empty"


def test_worker_once_sends_through_twilio_when_configured(cli_env, fake_twilio):
    now = datetime.now(timezone.utc)
    seed(cli_env["DATABASE_URL"], [
        dict(key="ok", to=TO, body="hello from the outbox", due_at=now - timedelta(minutes=1)),
        dict(key="bad", to=OTHER, body="to a bad number", due_at=now - timedelta(minutes=1)),
    ])
    fake_twilio.for_number(OTHER, Reply.error(21211))
    env = dict(cli_env, TWILIO_ACCOUNT_SID=fake_twilio.account_sid, TWILIO_AUTH_TOKEN=fake_twilio.auth_token,
               TWILIO_FROM_NUMBER="+15550009999", TWILIO_API_BASE_URL=fake_twilio.base_url,
               PUBLIC_BASE_URL="https://bot.example", TWILIO_REGION="au1", TWILIO_EDGE="sydney")
    done = smsbot("worker", "--once", env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"sent": 1, "failed": 1}
    [message] = fake_twilio.messages
    assert (message["to"], message["body"]) == (TO, "hello from the outbox")
    assert fake_twilio.requests[0].get("StatusCallback") == "https://bot.example/twilio/status"
    listed = smsbot("outbox", env=env).stdout.splitlines()
    assert len(listed) == 1 and "failed" in listed[0] and "21211" in listed[0]


# quiet hours -------------------------------------------------------------------------------------


def test_a_reminder_due_in_quiet_hours_goes_when_they_end_if_before_the_appointment():
    w = World(quiet_hours=(time(21), time(8)))
    w.book(at(6, 9))  # Friday 9:00: the 2 h reminder falls at 7:00, inside the quiet hours
    sent = w.run_until(at(6, 12))
    assert [when for when, _ in sent] == [at(5, 9), at(6, 8)]
    assert all("Friday, March 6 at 9:00 AM EST" in body for _, body in sent)


def test_a_reminder_quiet_hours_would_push_past_its_appointment_is_skipped():
    w = World(quiet_hours=(time(21), time(8)))
    with w.db.transaction() as session:  # an early appointment staff put in by hand
        w.bot.scheduler(session, w.clock.now()).book(TO, at(6, 7, 30), check=False)
    sent = w.run_until(at(6, 12))
    assert [when for when, _ in sent] == [at(5, 8)]  # the day before: held until 8:00, still in time
    [skipped] = [r for r in w.rows() if r.status == "skipped"]
    assert skipped.due_at == at(6, 5, 30) and skipped.last_error == "quiet hours last until the appointment"
