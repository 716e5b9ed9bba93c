"""Phone numbers: read with Google's `phonenumbers`, kept as E.164, never logged in full."""
from __future__ import annotations

import re

import phonenumbers
from phonenumbers import Leniency, NumberParseException, PhoneNumberFormat, PhoneNumberMatcher, ValidationResult

# Digits, a leading plus and the usual separators; letters are refused because
# phonenumbers would read "+1555abc0001" as the vanity number +15552220001.
_HUMAN_FORM = re.compile(r"\+?[\d\s().-]+")
# A plus and 7 to 15 digits, maybe grouped: what mask_phones hides even when
# phonenumbers does not recognise it (an unknown country code, a wrong length).
_PLUS_DIGITS = re.compile(r"\+\d(?:[\s().-]?\d){6,14}")
_COMPACT = re.compile(r"\+\d{7,15}(?!\d|[\s().-]\d)")  # not the start of a grouped number


def parse_phone(text: str | None, default_region: str | None = None) -> str | None:
    """The E.164 form of a number a person typed ("+1 (555) 123-0001"), or None.
    Without `default_region` the number must start with "+" and its country code."""
    if not text or not _HUMAN_FORM.fullmatch(text.strip()):
        return None
    try:
        number = phonenumbers.parse(text, default_region)
    except NumberParseException:
        return None
    # Possible, not valid: the fictional 555 numbers of tests, transcripts and
    # demos are not "valid" (no real area code), and the carrier, not us, has
    # the last word on whether a well-formed number exists.
    if phonenumbers.is_possible_number_with_reason(number) != ValidationResult.IS_POSSIBLE:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def is_e164(text: str | None) -> bool:
    """Machine input (a webhook's From, a transcript): exactly E.164, nothing around it."""
    return isinstance(text, str) and parse_phone(text) == text


def mask_phone(phone: str) -> str:
    """'+15551230001' -> '+1******0001'."""
    if not phone:
        return "?"
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:2] + "*" * (len(phone) - 6) + phone[-4:]


def mask_phones(text: str, default_region: str | None = None) -> str:
    """`text` with every phone number in it masked. International numbers (with "+")
    always; national ones ("(555) 123-0001") only when `default_region` says whose."""
    if not text:
        return text
    # The numbers in our own log lines are E.164 already: masked by a regex, they leave
    # phonenumbers (some 250 us a line) only the rest of the text to read.
    pieces, done = [], 0
    for match in _COMPACT.finditer(text):
        pieces += [_mask_written(text[done:match.start()], default_region), mask_phone(match.group())]
        done = match.end()
    pieces.append(_mask_written(text[done:], default_region))
    return "".join(pieces)


def _mask_written(text: str, default_region: str | None) -> str:
    if default_region is None and "+" not in text:
        return text
    pieces, done = [], 0
    for match in PhoneNumberMatcher(text, default_region, leniency=Leniency.POSSIBLE):
        pieces += [_mask_plus_digits(text[done:match.start]),
                   mask_phone(phonenumbers.format_number(match.number, PhoneNumberFormat.E164))]
        done = match.end
    pieces.append(_mask_plus_digits(text[done:]))
    return "".join(pieces)


def _mask_plus_digits(text: str) -> str:
    return _PLUS_DIGITS.sub(lambda m: mask_phone("+" + re.sub(r"\D", "", m.group())), text)
