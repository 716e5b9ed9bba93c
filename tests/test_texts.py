"""Every reply is plain GSM-7 and fits one SMS segment."""
from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from smsbot.dialog import machine, texts
from tests.support import NY

GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
LONGEST = datetime(2026, 9, 23, 12, 30, tzinfo=NY)  # Wednesday, September 23: longest names


def every_text() -> list[str]:
    slots = [LONGEST + timedelta(minutes=30 * i) for i in range(3)]
    across = [LONGEST, LONGEST + timedelta(days=1), LONGEST + timedelta(days=2)]
    constants = [v for k, v in vars(texts).items() if k.isupper() and isinstance(v, str) and "{" not in v]
    return constants + [
        texts.offer(slots, "taken"), texts.offer(across, "just_taken"), texts.offer(slots[:1], "closed"),
        texts.offer(across, texts.nothing_on(LONGEST)), texts.confirm_booking(LONGEST),
        texts.confirm_move(LONGEST, LONGEST + timedelta(days=1)), texts.confirm_cancel(LONGEST),
        texts.booked(LONGEST), texts.moved(LONGEST), texts.cancelled(LONGEST), texts.kept(LONGEST),
        texts.ask_move_time(LONGEST), texts.same_time(LONGEST), texts.choose_appointment("move", across),
        texts.pick_appointment(3), texts.past_day(LONGEST), texts.TOO_FAR.format(days=365),
        texts.repeat_confirm(texts.confirm_booking(LONGEST)), texts.your_appointments([LONGEST]),
        texts.your_appointments(across), texts.your_appointments(across * 3), texts.reminder(LONGEST),
        texts.confirmed(LONGEST), texts.moved_by_staff(LONGEST, LONGEST), texts.cancelled_by_staff(LONGEST),
    ]


@pytest.mark.parametrize("text", every_text())
def test_text_is_one_gsm7_segment(text):
    assert set(text) <= GSM7, f"non GSM-7 characters: {set(text) - GSM7}"
    assert len(text) <= texts.SEGMENT, f"{len(text)} characters: {text}"


def test_times_name_weekday_date_time_and_zone():
    assert texts.confirm_booking(LONGEST) == "Book Wednesday, September 23 at 12:30 PM EDT? Reply YES to confirm or NO."
    assert texts.when_label(datetime(2026, 1, 2, 9, 5, tzinfo=NY), short=True) == "Fri Jan 2 9:05 AM EST"


def test_offer_groups_times_by_day():
    across = [LONGEST, LONGEST + timedelta(hours=1), LONGEST + timedelta(days=1)]
    assert "Wednesday, September 23: 1) 12:30 PM 2) 1:30 PM; Thursday, September 24: 3) 12:30 PM EDT" in texts.offer(across, "taken")


def test_machine_picture_is_up_to_date():
    committed = Path(machine.__file__).with_name("machine.md").read_text()
    assert committed == machine.document(), "run: python -m smsbot.dialog.machine"


def test_machine_table_names_only_known_states():
    for trigger, source, dest in machine.TRANSITIONS:
        assert dest in machine.STATES
        sources = [] if source == machine.ANY else ([source] if isinstance(source, str) else source)
        assert set(sources) <= set(machine.STATES)
