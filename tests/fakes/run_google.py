"""Run the fake Google on its own, to drive a running bot end to end by hand:

    .venv/bin/python -m tests.fakes.run_google [PORT]

It prints the settings to give the bot (a service account whose key it accepts, the
calendar, the endpoint), then serves until Ctrl-C.
"""
from __future__ import annotations

import sys
import time

from tests.fakes.google_accounts import service_account_json
from tests.fakes.google_calendar import FakeGoogle


def main(port: int = 0) -> None:
    fake = FakeGoogle(port)
    fake.add_calendar("primary")
    key = service_account_json(fake).replace("'", "'\\''")
    print(f"export GOOGLE_CALENDAR_ID=primary GOOGLE_CALENDAR_API_ENDPOINT={fake.base}")
    print(f"export GOOGLE_SERVICE_ACCOUNT_JSON='{key}'")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
