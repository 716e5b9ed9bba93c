"""The fakes as pytest fixtures, registered once for every test module by
`pytest_plugins` in tests/conftest.py (so no test module imports a fixture).

- `fake`: the fake Google (tests/fakes/google_calendar.py), one server for the whole
  session; each test that asks for it starts with no faults pending and an empty call log.
- `fake_twilio`: a started FakeTwilio (Twilio's Messages endpoint on loopback), one a test.

Both are reached directly whatever proxy the environment names (NO_PROXY for loopback,
inherited by any process the test starts).
"""
from __future__ import annotations

import pytest

from tests.fakes.calendly import FakeCalendly
from tests.fakes.google_calendar import FakeGoogle
from tests.fakes.twilio_api import FakeTwilio


@pytest.fixture(scope="session")
def fake_google_server():
    server = FakeGoogle()
    yield server
    server.close()


@pytest.fixture
def loopback_direct(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def fake(fake_google_server, loopback_direct):
    fake_google_server.faults.clear()
    fake_google_server.calls.clear()
    yield fake_google_server
    fake_google_server.faults.clear()


@pytest.fixture
def fake_twilio(loopback_direct):
    with FakeTwilio() as server:
        yield server


@pytest.fixture(scope="session")
def fake_calendly_server():
    server = FakeCalendly()
    yield server
    server.close()


@pytest.fixture
def fake_calendly(fake_calendly_server):
    fake_calendly_server.reset()
    yield fake_calendly_server
    fake_calendly_server.faults.clear()
