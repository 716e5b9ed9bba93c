"""business.toml: the owner's profile (services, providers, hours, holidays) read and
checked at start; a mistake is one line naming the file, line and field."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from smsbot.config import SettingsError, load_settings
from smsbot.scheduling.business import DEFAULT, business_of
from smsbot.scheduling.rules import CLOSED, BookingRules

GOOD = '''\
name = "Bright Smiles"
phone = "(555) 010-2030"
address = "12 Main St"
time_zone = "America/Chicago"
hours = ["mon-fri 09:00-17:00", "sat 10:00-14:00"]
holidays = ["2026-12-25", 2027-01-01]

[[services]]
name = "Cleaning"
minutes = 30
aliases = ["clean", "checkup"]

[[services]]
name = "Whitening"
minutes = 60
buffer_after = 15
price = "$200"

[[providers]]
name = "Anna"
google_calendar_id = "anna@example.com"

[[providers]]
name = "Ben"
hours = "tue-sat 10:00-18:00"
services = ["cleaning"]
'''


def load(tmp_path, text: str):
    path = tmp_path / "business.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings({"BUSINESS_FILE": str(path)}), str(path)


def problem(tmp_path, text: str) -> str:
    with pytest.raises(SettingsError) as caught:
        load(tmp_path, text)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0]


def test_the_file_sets_the_business_services_and_providers(tmp_path):
    settings, _ = load(tmp_path, GOOD)
    business = business_of(settings)

    assert (settings.business_name, settings.business_phone, settings.business_address) == (
        "Bright Smiles", "(555) 010-2030", "12 Main St")
    assert settings.business_tz == ZoneInfo("America/Chicago")
    assert settings.opening_hours.on(5) != ()  # saturday open
    assert [s.name for s in business.services] == ["Cleaning", "Whitening"]
    whitening = business.service("whitening")
    assert whitening.held == timedelta(minutes=75) and whitening.price == "$200"
    assert business.service("Checkup").name == "Cleaning"
    assert business.service("colour") is None
    assert [p.name for p in business.providers_for(whitening)] == ["Anna"]
    assert [p.name for p in business.providers_for(business.service("clean"))] == ["Anna", "Ben"]
    assert business.provider("anna").google_calendar_id == "anna@example.com"
    assert business.holidays == {date(2026, 12, 25), date(2027, 1, 1)}


def test_no_file_is_one_service_of_the_slot_and_one_provider():
    settings = load_settings({"SLOT_MINUTES": "45"})
    business = business_of(settings)

    assert [(s.name, s.length) for s in business.services] == [(DEFAULT, timedelta(minutes=45))]
    assert [p.name for p in business.providers] == [DEFAULT]
    assert not business.several_services and not business.several_providers


def test_holidays_are_closed(tmp_path):
    settings, _ = load(tmp_path, GOOD)
    rules = BookingRules.from_settings(settings)
    tz = settings.business_tz
    now = datetime(2026, 12, 20, 9, 0, tzinfo=tz)

    assert rules.problem_with(datetime(2026, 12, 25, 10, 0, tzinfo=tz), now) == CLOSED
    assert rules.problem_with(datetime(2026, 12, 24, 10, 0, tzinfo=tz), now) is None
    assert rules.grid(date(2026, 12, 25)) == []


@pytest.mark.parametrize("change, line, field, why", [
    (("minutes = 60", 'minutes = "60"'), 15, "services[2].minutes", "whole number of minutes"),
    (("minutes = 30", "minutes = 32"), 10, "services[1].minutes", "multiple of 5"),
    (('services = ["cleaning"]', 'services = ["filling"]'), 26, "providers[2].services",
     "'filling' is not one of the [[services]]"),
    (('price = "$200"', 'prise = "$200"'), 17, "services[2].prise", "is not a field here"),
    (('hours = "tue-sat', 'hours = "tue-sut'), 25, "providers[2].hours", "unknown day"),
    (('time_zone = "America/Chicago"', 'time_zone = "Mars/Olympus"'), 4, "time_zone", "time zone"),
    (('"2026-12-25"', '"2026-12-32"'), 6, "holidays", "is not a date"),
    (('name = "Ben"', 'name = "anna"'), 24, "providers[2].name", "named twice"),
])
def test_a_mistake_names_the_file_line_and_field(tmp_path, change, line, field, why):
    text = GOOD.replace(*change)
    assert text != GOOD
    message = problem(tmp_path, text)

    path = str(tmp_path / "business.toml")
    assert message.startswith(f"BUSINESS_FILE={path}: {path} line {line}, {field}: "), message
    assert why in message
    assert "\n" not in message


def test_a_missing_service_length_names_its_table(tmp_path):
    message = problem(tmp_path, GOOD.replace("minutes = 30\n", ""))
    assert "line 8, services[1].minutes: is required" in message


def test_toml_syntax_and_missing_file_are_one_line(tmp_path):
    assert "line 2" in problem(tmp_path, 'name = "x"\nphone = \n')
    with pytest.raises(SettingsError) as caught:
        load_settings({"BUSINESS_FILE": str(tmp_path / "nowhere.toml")})
    assert "cannot read" in str(caught.value) and "nowhere.toml" in str(caught.value)


def test_a_bad_file_stops_the_command_with_status_2(tmp_path, monkeypatch, capsys):
    from smsbot.config import load_settings_or_exit

    path = tmp_path / "business.toml"
    path.write_text(GOOD.replace("minutes = 30", "minutes = -5"), encoding="utf-8")
    monkeypatch.setenv("BUSINESS_FILE", str(path))
    monkeypatch.setenv("SMSBOT_DOTENV", str(tmp_path / "no.env"))
    with pytest.raises(SystemExit) as stopped:
        load_settings_or_exit()
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip().endswith("e.g. BUSINESS_FILE=<the path of the business profile, e.g. business.toml>")
