"""A phone call to the app as Twilio makes it: signed form posts to /twilio/voice, then to
each Gather's action URL with what the caller said or pressed."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from urllib.parse import urlencode

from smsbot.channels.voice_twiml import words_of
from tests.support import TOKEN, sign

BASE = "http://localhost"
CALLER = "+15551230001"


class Call:
    def __init__(self, client, phone: str = CALLER, sid: str = "CA" + "a" * 32, token: str = TOKEN):
        self.client, self.phone, self.sid, self.token = client, phone, sid, token
        self.action: str | None = None
        self.last = None

    def form(self, **fields) -> dict:
        return {"CallSid": self.sid, "AccountSid": "AC" + "1" * 32, "From": self.phone,
                "To": "+15550009999", "CallStatus": "in-progress", "Direction": "inbound", **fields}

    def post(self, path: str, form: dict, token: str | None = None):
        headers = {"X-Twilio-Signature": sign(BASE + path, form, token or self.token)}
        self.last = self.client.post(path, data=urlencode(form), headers=headers,
                                     content_type="application/x-www-form-urlencoded")
        if self.last.status_code == 200 and self.last.mimetype == "application/xml":
            gather = ElementTree.fromstring(self.last.get_data(as_text=True)).find("Gather")
            self.action = gather.get("action") if gather is not None else None
        return self.last

    def start(self) -> str:
        return self.heard(self.post("/twilio/voice", self.form()))

    def say(self, words: str, confidence: str = "0.92") -> str:
        return self.heard(self.post(self.action, self.form(SpeechResult=words, Confidence=confidence)))

    def press(self, keys: str) -> str:
        return self.heard(self.post(self.action, self.form(Digits=keys)))

    def silence(self) -> str:
        return self.heard(self.post(self.action, self.form()))

    def hang_up(self):
        return self.post("/twilio/voice/status", self.form(CallStatus="completed"))

    @staticmethod
    def heard(response) -> str:
        assert response.status_code == 200, response.get_data(as_text=True)
        return words_of(response.get_data(as_text=True))

    @property
    def twiml(self) -> str:
        return self.last.get_data(as_text=True)
