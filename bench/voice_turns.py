"""The `voice` target of bench_webhook.py: server-side time of each voice turn.

Whole phone calls, as Twilio makes them: POST /twilio/voice, then the caller says a day and
time, presses 1 to confirm, and says goodbye, each a form signed with X-Twilio-Signature
and posted to the Gather's action URL. The app is the production one (create_app with
SMSBOT_ENV=production, the signature checked, a SQLite file or PostgreSQL, the local
calendar); each request is timed around the WSGI call in this process, with no network in
between, so the figures are the server's own time per turn (one caller at a time).
"""
from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlencode

BASE = "http://bench.example.com"


def run_voice(result, calls, database_url: str, token: str, tz):
    """Fill `result` (bench_webhook.Result) from `calls`: (phone, [said, ...]) each; a said
    item that is all digits is pressed on the keypad."""
    from twilio.request_validator import RequestValidator

    from smsbot.app import create_app
    from smsbot.config import Settings

    settings = Settings().with_overrides(environment="production", twilio_auth_token=token, public_base_url=BASE,
                                         database_url=database_url, business_tz=tz, secret_key="bench-secret")
    app = create_app(settings, migrate=True)
    client, validator = app.test_client(), RequestValidator(token)
    by_turn: dict[str, list[float]] = {"call": [], "speech": [], "keys": [], "goodbye": []}

    def post(path: str, form: dict) -> tuple[str, float]:
        headers = {"X-Twilio-Signature": validator.compute_signature(BASE + path, form)}
        started = time.perf_counter()
        response = client.post(path, data=urlencode(form), headers=headers,
                               content_type="application/x-www-form-urlencoded")
        elapsed = time.perf_counter() - started
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            result.errors.append(f"HTTP {response.status_code}: {body[:120]}")
        result.latencies.append(elapsed)
        return body, elapsed

    started = time.perf_counter()
    for n, (phone, said) in enumerate(calls):
        form = {"CallSid": f"CA{n:032d}", "AccountSid": "AC" + "1" * 32, "From": phone, "To": "+15550009999",
                "CallStatus": "in-progress", "Direction": "inbound"}
        body, elapsed = post("/twilio/voice", form)
        by_turn["call"].append(elapsed)
        for words in said:
            gather = ElementTree.fromstring(body).find("Gather")
            if gather is None:
                result.errors.append(f"the call from {phone} ended early")
                break
            kind = "keys" if words.isdigit() else "goodbye" if words == "goodbye" else "speech"
            answer = {"Digits": words} if kind == "keys" else {"SpeechResult": words, "Confidence": "0.9"}
            body, elapsed = post(gather.get("action"), {**form, **answer})
            by_turn[kind].append(elapsed)
            if "You're booked" in body:
                result.booked += 1
    result.seconds = time.perf_counter() - started
    result.messages = len(result.latencies)
    app.extensions["smsbot"].db.dispose()
    return by_turn


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000 if ordered else float("nan")


def print_turns(by_turn: dict[str, list[float]]) -> None:
    print("voice turns, server-side (WSGI call, no network), one caller at a time:")
    for kind, values in by_turn.items():
        print(f"  {kind:<8} n={len(values):<5} p50 {percentile(values, 50):6.1f} ms   p99 {percentile(values, 99):6.1f} ms")
