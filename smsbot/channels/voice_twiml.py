"""TwiML for a call, built with the twilio SDK's VoiceResponse, and VoiceWords: how the
bot's answers are worded on a call (bot.SmsWords is the SMS twin)."""
from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from twilio.twiml.voice_response import Gather, VoiceResponse

from smsbot.dialog import replies as r
from smsbot.dialog.say import voice
from smsbot.phones import parse_phone

# Recognition hints: the words this conversation is made of. Twilio weighs them up.
HINTS = ("Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday, today, tomorrow, "
         "next week, morning, afternoon, yes, no, move, cancel, reschedule, book, appointment, "
         "talk to someone, that's all")
FAULT = "Sorry, our calendar is not answering right now. Nothing was changed. Please call again in a few minutes. Goodbye."
GOODBYE = "Thanks for calling. Goodbye!"


def hints(settings) -> str:
    """HINTS, and the business's own words: its services (and their aliases) and providers."""
    business = settings.business_file
    if business is None:
        return HINTS
    names = [n for s in business.services for n in (s.name, *s.aliases)] + [p.name for p in business.providers]
    return ", ".join([HINTS, *names])


def gather(response: VoiceResponse, words: str, action: str, settings) -> str:
    """Say `words`, then listen for speech or a key; the answer goes to `action`.

    The settings, chosen on purpose:
    - input speech and dtmf: every question can also be answered on the keypad.
    - speechTimeout auto (Twilio ends the utterance at a natural pause) and therefore NO
      explicit speechModel: Twilio rejects "auto" together with one (warning 13335).
    - hints: weekday names, yes/no, our verbs and the business's services and providers,
      which recognition otherwise confuses.
    - numDigits 1: every keypad answer we ask for is one key, so it goes at once.
    - timeout 6 s of silence before giving up, actionOnEmptyResult so silence also
      comes back to us (to re-ask), and a Redirect after in case it does not.
    - language from VOICE_LANGUAGE, for recognition and for the voice that speaks.
    """
    listen = Gather(input="speech dtmf", action=action, method="POST", speech_timeout="auto",
                    hints=hints(settings), num_digits=1, timeout=6, action_on_empty_result=True,
                    language=settings.voice_language)
    listen.say(words, language=settings.voice_language)
    response.append(listen)
    response.redirect(action, method="POST")
    return str(response)


def listen(words: str, action: str, settings) -> str:
    return gather(VoiceResponse(), words, action, settings)


def hang_up(words: str, settings) -> str:
    response = VoiceResponse()
    response.say(words, language=settings.voice_language)
    response.hangup()
    return str(response)


def transfer(words: str, number: str, settings) -> str:
    response = VoiceResponse()
    response.say(words, language=settings.voice_language)
    response.dial(number)
    return str(response)


def words_of(twiml: str) -> str:
    """What the caller hears, without markup: every Say, and the number of a Dial."""
    root = ElementTree.fromstring(twiml)
    return " ".join(" ".join(e.itertext()).strip() for e in root.iter() if e.tag in ("Say", "Dial"))


def dialable(phone: str) -> str | None:
    return parse_phone(phone) or parse_phone(phone, "US")


class VoiceWords:
    """The bot's answers as TwiML for one turn of a call; `action` is where the next
    answer goes."""

    def __init__(self, settings, action: str):
        self.settings, self.action = settings, action

    def replies(self, values) -> list[str]:
        handoff = next((v for v in values if isinstance(v, r.Handoff) and v.phone), None)
        if handoff is not None:
            number = dialable(handoff.phone)
            if number is not None:
                return [transfer("Connecting you now.", number, self.settings)]
            values = [v for v in values if v is not handoff]
            said = " ".join([voice.speak(v) for v in values] + [f"Please call us at {handoff.phone}."])
            return [listen(said, self.action, self.settings)]
        return [listen(" ".join(voice.speak(v) for v in values), self.action, self.settings)]

    def plain(self, lines: list[str]) -> list[str]:
        return [listen(" ".join(lines), self.action, self.settings)] if lines else []

    def fault(self) -> list[str]:
        return [hang_up(FAULT, self.settings)]

    def logged(self, replies: list[str]) -> list[str]:
        return [words_of(twiml) for twiml in replies]
