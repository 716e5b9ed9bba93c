"""Phone numbers: parsing what people type, strict E.164 for machines, masking for logs."""
from __future__ import annotations

import pytest

from smsbot.phones import is_e164, mask_phone, mask_phones, parse_phone


@pytest.mark.parametrize("typed", ["+15551230001", "+1 555 123 0001", "+1 (555) 123-0001", " +1.555.123.0001 ",
                                   "+1555123000\uff11"])
def test_human_forms_parse_to_e164(typed):
    assert parse_phone(typed) == "+15551230001"


def test_a_national_number_needs_a_region():
    assert parse_phone("(555) 123-0001") is None
    assert parse_phone("(555) 123-0001", "US") == "+15551230001"
    assert parse_phone("020 7183 8750", "GB") == "+442071838750"


@pytest.mark.parametrize("typed", [None, "", "+", "+0123", "+1234567", "+1555abc0001", "+1 555 CALL NOW",
                                   "whatsapp:+15551230001", "+999123456789", "+1555123000111122", "+15551234"])
def test_what_is_not_a_phone_number(typed):
    assert parse_phone(typed) is None


def test_fictional_555_numbers_are_accepted_although_not_valid():
    import phonenumbers

    assert not phonenumbers.is_valid_number(phonenumbers.parse("+15551230001"))
    assert parse_phone("+15551230001") == "+15551230001"


@pytest.mark.parametrize("text", ["+15551230001", "+442071838750", "+4915123456789"])
def test_e164(text):
    assert is_e164(text)


@pytest.mark.parametrize("text", ["+15551230001\n", " +15551230001", "+1 555 123 0001", "+1555123000\uff11",
                                  "15551230001", "+1555abc0001", "", None])
def test_not_exactly_e164(text):
    assert not is_e164(text)


def test_mask_phone_keeps_country_and_last_four():
    assert mask_phone("+15551230001") == "+1******0001"
    assert mask_phone("") == "?"
    assert mask_phone("+1234") == "*****"


def test_mask_phones_in_a_log_line():
    line = "from +15551230001 and +1 (555) 123-0002: 2 reply(ies) at 2023-09-03T04:00:00+00:00, SM0123456789"
    assert mask_phones(line) == ("from +1******0001 and +1******0002: 2 reply(ies) "
                                 "at 2023-09-03T04:00:00+00:00, SM0123456789")


def test_mask_phones_hides_plus_numbers_phonenumbers_does_not_know():
    masked = mask_phones("to +999123456789 or +1234567, or +44 20 7183 8750\n+15551230002")
    assert masked == "to +9*******6789 or +1**4567, or +4*******8750\n+1******0002"


def test_mask_phones_national_numbers_with_a_region():
    assert mask_phones("call (555) 123-0003") == "call (555) 123-0003"
    assert mask_phones("call (555) 123-0003", "US") == "call +1******0003"


def test_mask_phones_leaves_other_text_alone():
    assert mask_phones("") == ""
    assert mask_phones("booked #1234 for 14:30") == "booked #1234 for 14:30"


@pytest.mark.parametrize("text, masked", [
    ("+1555123 0001 called", "+1******0001 called"),
    ("+15551230001 2 times", "+1******0001 2 times"),
    ("x+15551230001.", "x+1******0001."),
])
def test_mask_phones_masks_the_whole_number_and_only_it(text, masked):
    assert mask_phones(text) == masked
