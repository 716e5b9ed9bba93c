"""Phone calls in a transcript (`> call`, `> voice`, `> keys`, `> hangup`) made as Twilio makes
them: signed form posts to the real routes of an app around the transcript's bot, following
each answer's Gather to the next turn. What the bot says is the words of its TwiML.
`> tool` posts a voice agent's tool call to /vapi/tools as Vapi does; the result is what it hears."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from smsbot.channels.voice_twiml import words_of
from smsbot.cli.replay.parser import TranscriptError

TOKEN = "replay-auth-token"  # the replay's own app checks signatures as production does
BASE = "http://localhost"
BUSINESS_NUMBER = "+15550009999"
VAPI_SECRET = "replay-vapi-secret"


@dataclass
class Call:
    sid: str
    action: str | None = None  # where the current Gather sends the answer; None once the call ended


class Calls:
    def __init__(self, bot, settings):
        from smsbot.app import create_app

        self.settings = settings.with_overrides(twilio_auth_token=TOKEN, secret_key="replay-secret-key",
                                                vapi_secret=VAPI_SECRET)
        app = create_app(self.settings, clock=bot.clock, db=bot.db)
        app.extensions["smsbot"] = bot  # the transcript's bot: its calendar and its clock
        self.client, self.app = app.test_client(), app
        self.live: dict[str, Call] = {}
        self._count = 0

    def call(self, phone: str, line: int) -> str:
        self._count += 1
        call = self.live[phone] = Call(f"CAreplay{self._count:026d}")
        return self._post(phone, call, "/twilio/voice", {}, line)

    def voice(self, phone: str, words: str, line: int) -> str:
        said = {"SpeechResult": words, "Confidence": "0.9"} if words.strip() else {}
        return self._answer(phone, said, line)

    def keys(self, phone: str, keys: str, line: int) -> str:
        return self._answer(phone, {"Digits": keys}, line)

    def hangup(self, phone: str, line: int) -> None:
        call = self._ongoing(phone, line)
        self._post(phone, call, "/twilio/voice/status", {"CallStatus": "completed"}, line)
        del self.live[phone]

    def tool(self, phone: str, name: str, arguments: dict, line: int) -> str:
        """A voice agent's tool call, as Vapi posts it; the result text is what it hears."""
        self._count += 1
        payload = {"message": {"type": "tool-calls", "call": {"id": f"replay-call-{phone}", "customer": {"number": phone}},
                               "toolCallList": [{"id": f"call_replay_{self._count}", "type": "function",
                                                 "function": {"name": name, "arguments": arguments}}]}}
        response = self.client.post("/vapi/tools", json=payload, headers={"X-Vapi-Secret": VAPI_SECRET})
        if response.status_code != 200:
            raise TranscriptError(line, f"/vapi/tools answered {response.status_code}: {response.get_data(as_text=True)}")
        return response.get_json()["results"][0]["result"]

    def _answer(self, phone: str, fields: dict, line: int) -> str:
        call = self._ongoing(phone, line)
        if call.action is None:
            raise TranscriptError(line, f"the call from {phone} has ended")
        return self._post(phone, call, call.action, fields, line)

    def _ongoing(self, phone: str, line: int) -> Call:
        if phone not in self.live:
            raise TranscriptError(line, f"no call from {phone} is in progress ('> call {phone}' first)")
        return self.live[phone]

    def _post(self, phone: str, call: Call, path: str, fields: dict, line: int) -> str:
        form = {"CallSid": call.sid, "AccountSid": "AC" + "0" * 32, "From": phone, "To": BUSINESS_NUMBER,
                "CallStatus": "in-progress", "Direction": "inbound", **fields}
        signature = RequestValidator(TOKEN).compute_signature(BASE + path, form)
        response = self.client.post(path, data=urlencode(form), content_type="application/x-www-form-urlencoded",
                                    headers={"X-Twilio-Signature": signature})
        if response.status_code == 204:
            return ""
        body = response.get_data(as_text=True)
        if response.status_code != 200:
            raise TranscriptError(line, f"{path} answered {response.status_code}: {body.strip()}")
        gather = ElementTree.fromstring(body).find("Gather")
        call.action = gather.get("action") if gather is not None else None
        return words_of(body)
