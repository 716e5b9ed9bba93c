"""Issue 12 in the conversation: closed public holidays, zones the customer names, and
'tues or wed afternoon', on the real bot (in-memory SQLite, frozen clock)."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from smsbot.dialog import replies as r
from smsbot.dialog.pending import Pending
from smsbot.dialog.say import sms
from smsbot.scheduling.hours import parse_hours
from smsbot.scheduling.public_holidays import HolidayCalendar, PublicHolidays
from smsbot.scheduling.rules import CLOSED, BookingRules
from smsbot.timeparse import When
from tests.bots import NY
from smsbot.clock import FrozenClock

ALICE = "+15551230001"
MONDAY_BEFORE_THANKSGIVING = datetime(2026, 11, 23, 10, 15, tzinfo=NY)


def rules(holidays: PublicHolidays | None, closed=frozenset()) -> BookingRules:
    return BookingRules(tz=NY, hours=parse_hours(["mon-sat 09:00-17:00"]), slot=timedelta(minutes=30),
                        min_notice=timedelta(hours=1), horizon=timedelta(days=400), closed_days=closed,
                        public_holidays=holidays)


US = PublicHolidays(HolidayCalendar("US"))


@pytest.mark.parametrize("day, name", [
    (date(2026, 11, 26), "Thanksgiving Day"), (date(2026, 7, 3), "Independence Day (observed)"),
    (date(2026, 12, 25), "Christmas Day"), (date(2027, 1, 18), "Martin Luther King Jr. Day"),
    (date(2026, 11, 27), None), (date(2026, 12, 24), None),
])
def test_the_us_calendar_closes_its_public_holidays_and_observed_days(day, name):
    assert US.closed_for(day) == name
    assert (rules(US).open_intervals(day) == []) is (name is not None)


def test_a_state_adds_its_own_holidays():
    new_york = PublicHolidays(HolidayCalendar("US", "NY"))
    assert new_york.closed_for(date(2026, 2, 12)) == "Lincoln's Birthday"
    assert US.closed_for(date(2026, 2, 12)) is None


def test_open_on_holidays_names_days_or_dates_it_opens():
    opened = PublicHolidays(HolidayCalendar("US"), ("columbus", "2026-11-11", "Independence Day"))
    assert opened.closed_for(date(2026, 10, 12)) is None  # Columbus Day, by the start of its name
    assert opened.closed_for(date(2026, 11, 11)) is None  # Veterans Day, by its date
    assert opened.closed_for(date(2026, 7, 3)) is None    # the observed day goes with its holiday
    assert opened.closed_for(date(2027, 11, 11)) == "Veterans Day"  # only that year's
    assert opened.closed_for(date(2026, 11, 26)) == "Thanksgiving Day"


def test_rules_refuse_a_customer_on_a_holiday_and_say_which():
    closed = rules(US, frozenset({date(2026, 11, 27)}))
    now = MONDAY_BEFORE_THANKSGIVING
    assert closed.problem_with(datetime(2026, 11, 26, 10, tzinfo=NY), now) == CLOSED
    assert closed.grid(date(2026, 11, 26)) == []
    assert closed.holiday_on(date(2026, 11, 26)) == "Thanksgiving Day"
    assert closed.holiday_on(date(2026, 11, 27)) == ""  # the business file's own closed date
    assert closed.holiday_on(date(2026, 11, 28)) is None
    assert rules(None).holiday_on(date(2026, 11, 26)) is None and rules(None).grid(date(2026, 11, 26))


@pytest.fixture
def chat(make_bot):
    return make_bot(phone=ALICE, clock=FrozenClock(MONDAY_BEFORE_THANKSGIVING))


def test_a_customer_asking_for_a_holiday_is_told_why_and_offered_the_next_open_day(chat):
    said = chat.say("thanksgiving at 10am")
    assert said.startswith("We're closed on Thanksgiving Day, Thursday, Nov 26. Free: Friday, November 27: "
                           "1) 9:30 AM 2) 10:00 AM 3) 10:30 AM EST.")
    assert "Book Friday, November 27 at 10:00 AM EST?" in chat.say("2")


def test_a_holiday_reply_skips_closed_days_to_the_next_open_one(make_bot):
    christmas_eve = make_bot(phone=ALICE, clock=FrozenClock(datetime(2026, 12, 21, 10, tzinfo=NY)))
    said = christmas_eve.say("christmas day please")  # Friday; the weekend is closed too
    assert said.startswith("We're closed on Christmas Day, Friday, Dec 25.")
    assert "Monday, December 28: 1) 9:00 AM" in said


def test_holidays_none_opens_on_them(make_bot):
    from smsbot.config import load_settings

    bot = make_bot(phone=ALICE, clock=FrozenClock(MONDAY_BEFORE_THANKSGIVING),
                   settings=load_settings({"HOLIDAYS": "none"}))
    assert "Book Thursday, November 26 at 10:00 AM EST?" in bot.say("thanksgiving at 10am")


def test_a_named_zone_is_said_both_ways_in_question_and_confirmation(chat):
    assert chat.say("friday 11am pacific time") == (
        "Book Friday, November 27 at 11:00 AM PST = 2:00 PM EST? Reply YES to confirm or NO.")
    assert chat.say("yes").startswith("Booked: Friday, November 27 at 11:00 AM PST = 2:00 PM EST.")
    assert chat.bookings() == [datetime(2026, 11, 27, 14, tzinfo=NY)]


def test_a_zone_named_then_a_time_without_one_says_only_ours(chat):
    chat.say("friday 11am PST")
    assert chat.say("actually friday at 10am") == "Book Friday, November 27 at 10:00 AM EST? Reply YES to confirm or NO."


def test_the_named_zone_survives_the_stored_conversation():
    kept = Pending.from_json(Pending(stated_tz="America/Los_Angeles").to_json())
    assert kept.stated_tz == "America/Los_Angeles"
    assert Pending.from_json({"stated_tz": "Mars/Olympus"}).stated_tz is None


@pytest.mark.parametrize("zone, start, said", [
    ("America/Los_Angeles", datetime(2026, 11, 27, 18, tzinfo=NY), "Friday, November 27 at 3:00 PM PST = 6:00 PM EST"),
    ("America/Los_Angeles", datetime(2026, 7, 1, 9, tzinfo=NY), "Wednesday, July 1 at 6:00 AM PDT = 9:00 AM EDT"),
    ("Europe/London", datetime(2026, 3, 10, 9, tzinfo=NY), "Tuesday, March 10 at 1:00 PM GMT = 9:00 AM EDT"),
    ("America/Los_Angeles", datetime(2026, 11, 27, 1, tzinfo=NY), "Thursday, November 26 at 10:00 PM PST = Fri 1:00 AM EST"),
    ("America/New_York", datetime(2026, 11, 27, 18, tzinfo=NY), "Friday, November 27 at 6:00 PM EST"),
])
def test_when_label_with_a_named_zone(zone, start, said):
    assert sms.when_label(start, stated_tz=zone) == said


def test_tues_or_wed_afternoon_offers_times_on_both_days(chat):
    said = chat.say("tues or wed afternoon")
    assert said.startswith("Free: Tuesday, November 24: 1) 12:00 PM 2) 4:30 PM; "
                           "Wednesday, November 25: 3) 12:00 PM 4) 4:30 PM EST.")
    assert "Book Wednesday, November 25 at 12:00 PM EST?" in chat.say("3")


def test_an_option_on_a_closed_day_leaves_the_other_days_times(chat):
    said = chat.say("thanksgiving or friday morning")
    assert said.startswith("Free: Friday, November 27: 1) 9:00 AM") and "Thursday" not in said


def test_earliest_of_each_option(chat):
    said = chat.say("earliest on tuesday or wednesday")
    assert said.startswith("Free: Tuesday, November 24: 1) 9:00 AM 2) 9:30 AM; Wednesday, November 25: 3) 9:00 AM")


def test_two_times_offered_when_both_are_free(chat):
    chat.book("+15551230002", datetime(2026, 11, 24, 15, tzinfo=NY))
    assert chat.say("3 or 4 tomorrow").startswith("Free: Tuesday, November 24: 1) 4:00 PM EST.")


def test_holiday_and_zone_texts_fit_one_segment():
    longest = datetime(2026, 9, 23, 12, 30, tzinfo=NY)
    slots = tuple(longest + timedelta(minutes=30 * i) for i in range(3))
    for reply in (r.Offers(slots, "holiday", longest, "Alexandra", "Juneteenth National Independence Day"),
                  r.Offers(slots, "holiday", longest),
                  r.Proposal(longest, None, "Whitening", "Alexandra", "Pacific/Honolulu"),
                  r.Proposal(longest, longest, stated_tz="Pacific/Honolulu"),
                  r.Booked(longest, "Whitening", "Alexandra", True, "Pacific/Honolulu")):
        text = sms.render(reply)
        assert len(text) <= sms.SEGMENT, text
    assert sms.render(r.Offers(slots, "holiday", longest, "", "Thanksgiving Day")).startswith(
        "We're closed on Thanksgiving Day, Wednesday, Sep 23.")


def test_the_business_file_names_its_public_holidays_and_the_ones_it_opens_on(tmp_path):
    from smsbot.config import SettingsError, load_settings

    path = tmp_path / "business.toml"
    path.write_text('public_holidays = "US-NY"\nopen_on_holidays = ["columbus day", "2026-11-11"]\n'
                    'holidays = ["2026-12-24"]\n')
    settings = load_settings({"BUSINESS_FILE": str(path), "HOLIDAYS": "GB"})
    assert settings.holidays == HolidayCalendar("US", "NY")
    assert settings.open_on_holidays == ("columbus day", "2026-11-11")
    file_rules = BookingRules.from_settings(settings)
    assert [file_rules.holiday_on(date(2026, m, d)) for m, d in ((2, 12), (10, 12), (11, 11), (12, 24))] == [
        "Lincoln's Birthday", None, None, ""]
    path.write_text('public_holidays = "US-QQ"\n')
    with pytest.raises(SettingsError, match=r"line 1, public_holidays: QQ is not a subdivision of US"):
        load_settings({"BUSINESS_FILE": str(path)})
    path.write_text('public_holidays = "US"\nopen_on_holidays = ["2026-13-01"]\n')
    with pytest.raises(SettingsError, match=r"line 2, open_on_holidays: 2026-13-01 is not a date"):
        load_settings({"BUSINESS_FILE": str(path)})
    path.write_text('open_on_holidays = ["Columbus Day", "x1"]\n')
    with pytest.raises(SettingsError, match=r"line 1, open_on_holidays: 'x1' is neither"):
        load_settings({"BUSINESS_FILE": str(path)})


def test_on_a_call_the_holiday_and_the_callers_zone_are_said():
    from smsbot.dialog.say import voice

    friday = datetime(2026, 11, 27, 14, tzinfo=NY)
    assert voice.question_words(r.Proposal(friday, stated_tz="America/Los_Angeles")) == (
        "Shall I book Friday, November twenty-seventh at two PM (eleven AM PST, your time)? "
        + voice.YES_NO)
    assert voice.question_words(r.Proposal(friday)) == f"Shall I book Friday, November twenty-seventh at two PM? {voice.YES_NO}"
    said = voice.offer_words(r.Offers((friday,), "holiday", friday - timedelta(days=1), holiday="Thanksgiving Day"))
    assert said.startswith("Sorry, we're closed on Thanksgiving Day, Thursday, November twenty-sixth. I have")


def test_a_request_held_while_asking_which_service_keeps_its_zone():
    asked = When(datetime(2026, 11, 27, 14, tzinfo=NY), None, "minute", stated_tz="America/Chicago")
    assert Pending.from_json(Pending(request=asked).to_json()).request == asked
