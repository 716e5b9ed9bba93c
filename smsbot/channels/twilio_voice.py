"""POST /twilio/voice (a call comes in), /twilio/voice/gather (what the caller said or
pressed) and /twilio/voice/status (the call ended): the same per-phone conversation as
SMS, spoken. Which turn of the call a request answers travels in the Gather's action
URL (signed by Twilio with the rest), so a retried request is recognised."""
from __future__ import annotations

import logging
import re

from flask import Blueprint, Response, abort, current_app, request

from smsbot.bot import MAX_SID_CHARS, BadInbound, Inbound
from smsbot.channels import voice_twiml as twiml
from smsbot.channels.signature import require_twilio_signature
from smsbot.channels.twilio_sms import read_form
from smsbot.dialog.say.voice import ANYTHING_ELSE
from smsbot.phones import is_e164, mask_phone
from smsbot.store.db import DatabaseUnavailable

log = logging.getLogger("smsbot.channels.voice")
bp = Blueprint("twilio_voice", __name__)

LOW_CONFIDENCE = 0.4  # below this Twilio's guess is more often wrong than right: ask again
MAX_SPEECH_CHARS = 500  # a minute of talk; longer is not one answer
MAX_TURNS = 500
ENDED = {"completed", "busy", "failed", "no-answer", "canceled"}
_KEYS = re.compile(r"[0-9*#]{1,10}")
_BYE = re.compile(r"^(?:(?:no|nope|nah|ok|okay)[, ]+)?(?:thanks?(?: you)?[, ]+)?(?:that'?s (?:all|it|everything)|"
                  r"that is (?:all|it)|nothing else|good ?bye|bye(?: bye)?|no thanks?(?: you)?|hang up)"
                  r"(?:[, ]+(?:thanks?(?: you)?|good ?bye|bye))*$")
NOT_HEARD = ("Sorry, I didn't catch that. Could you say it again?",
             "Sorry, I still didn't catch that. You can use your keypad too: press 1 for yes, 2 for no, "
             "or the number of a time. Or press 0 to talk to someone.")
GIVE_UP = "Sorry, I can't hear you. Please call again, or send us a text. Goodbye."
CANNOT_ID = "Sorry, I can only book when your number is shown. Please call again without hiding it. Goodbye."


def settings():
    return current_app.config["SMSBOT_SETTINGS"]


def respond(document: str) -> Response:
    return Response(document, mimetype="application/xml")


def action(turn: int, misses: int = 0) -> str:
    return f"/twilio/voice/gather?turn={turn}&miss={misses}"


def read_call():
    """The signed form, its CallSid and caller; 4xx for anything malformed."""
    form = read_form()
    require_twilio_signature(form)
    sid, phone = form.get("CallSid", ""), form.get("From", "")
    if not sid or len(sid) > MAX_SID_CHARS - 8:
        abort(400, "CallSid is required (at most 56 characters)")
    return form, sid, phone


def read_turn() -> tuple[int, int]:
    try:
        turn, misses = int(request.args.get("turn", "1")), int(request.args.get("miss", "0"))
    except ValueError:
        abort(400, "turn and miss must be whole numbers")
    if not (1 <= turn <= MAX_TURNS and 0 <= misses <= len(NOT_HEARD)):
        abort(400, "turn or miss out of range")
    return turn, misses


def spoken(text: str) -> str:
    """Twilio's transcript ("Tomorrow at 3 p.m.") as a customer would type it."""
    text = re.sub(r"\b([ap])\.m\.", r"\1m", text.strip(), flags=re.I)
    return text.rstrip(".!").strip()


def is_goodbye(text: str) -> bool:
    return _BYE.match(re.sub(r"[.!?]", "", text.lower().replace("\u2019", "'")).strip()) is not None


@bp.post("/twilio/voice")
def incoming_call():
    _form, _sid, phone = read_call()
    if not is_e164(phone):
        return respond(twiml.hang_up(CANNOT_ID, settings()))
    business = settings().business_name
    greeting = (f"Thanks for calling {business}. You can book, move or cancel an appointment. "
                "What would you like to do?")
    return respond(twiml.listen(greeting, action(1), settings()))


@bp.post("/twilio/voice/gather")
def gathered():
    form, sid, phone = read_call()
    if not is_e164(phone):
        abort(400, "From must be an E.164 phone number")
    turn, misses = read_turn()
    digits, speech = form.get("Digits", "").strip(), spoken(form.get("SpeechResult", ""))
    if digits:
        if not _KEYS.fullmatch(digits):
            abort(400, "Digits must be keypad keys")
        body, channel = digits, "keys"
    elif speech and len(speech) <= MAX_SPEECH_CHARS and _confident(form.get("Confidence")):
        body, channel = speech, "voice"
    else:
        return respond(_not_heard(phone, turn, misses))
    if channel == "voice" and is_goodbye(body):
        _end(phone)
        return respond(twiml.hang_up(twiml.GOODBYE, settings()))
    try:
        message = Inbound(f"{sid}:{turn}", phone, body, channel)
    except BadInbound as error:
        abort(400, str(error))
    words = twiml.VoiceWords(settings(), action(turn + 1))
    replies = current_app.extensions["smsbot"].handle(message, words)
    return respond(replies[0] if replies else twiml.listen(ANYTHING_ELSE, action(turn + 1), settings()))


@bp.post("/twilio/voice/status")
def call_status():
    form, _sid, phone = read_call()
    if form.get("CallStatus", "").lower() in ENDED and is_e164(phone):
        _end(phone)
    return Response(status=204)


def _confident(confidence: str | None) -> bool:
    try:
        return confidence in (None, "") or float(confidence) >= LOW_CONFIDENCE
    except ValueError:
        abort(400, "Confidence must be a number")


def _not_heard(phone: str, turn: int, misses: int) -> str:
    if misses >= len(NOT_HEARD):
        _end(phone)
        return twiml.hang_up(GIVE_UP, settings())
    return twiml.listen(NOT_HEARD[misses], action(turn + 1, misses + 1), settings())


def _end(phone: str) -> None:
    """Drop what waited for the caller's yes; an outage only means nothing was waiting to drop
    that we could reach, and the caller still hears a clean goodbye."""
    bot = current_app.extensions["smsbot"]
    try:
        bot.end_call(phone)
    except DatabaseUnavailable as error:
        bot.outages.failed(str(error), bot.clock.now())
        log.warning("could not drop the open question of %s's call", mask_phone(phone))
