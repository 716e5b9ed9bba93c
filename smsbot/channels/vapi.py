"""POST /vapi/tools: Vapi's server messages. `tool-calls` run our tools (smsbot/voice_agent.py)
and are answered {"results": [{"toolCallId", "name", "result"}]}; `assistant-request` gets the
assistant (vapi_assistant.py); everything else is logged and answered 200."""
from __future__ import annotations

import json
import logging

from flask import Blueprint, abort, current_app, jsonify, request

from smsbot.channels import vapi_auth
from smsbot.channels.vapi_assistant import assistant
from smsbot.phones import parse_phone
from smsbot.tool_arguments import ToolCall
from smsbot.voice_agent import VoiceAgentTools

log = logging.getLogger("smsbot.channels.vapi")
bp = Blueprint("vapi", __name__)
MAX_TOOL_CALLS = 20
MAX_ID_CHARS = 200


@bp.post("/vapi/tools")
def server_message():
    settings, bot = current_app.config["SMSBOT_SETTINGS"], current_app.extensions["smsbot"]
    body = request.get_data(cache=True)
    refused = vapi_auth.problem(settings, request.headers, body, bot.clock.now())
    if refused:
        log.warning("refused a /vapi/tools request: %s", refused)
        return jsonify(error="unauthorized"), 401
    message = _message(body)
    kind = message.get("type")
    if kind == "tool-calls":
        phone = caller(message)
        tools = VoiceAgentTools(bot)
        return jsonify(results=[_result(tools, item, phone) for item in _calls(message)])
    if kind == "assistant-request":
        return jsonify(assistant=assistant(settings))
    log.info("vapi %s message", kind if isinstance(kind, str) else "untyped")
    return jsonify({})


def _message(body: bytes) -> dict:
    try:
        text = body.decode("utf-8")
        payload = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        abort(400, "the body is not JSON")
    if "\x00" in text or "\\u0000" in text:
        abort(400, "NUL characters are not allowed")  # PostgreSQL cannot store them
    message = payload.get("message") if isinstance(payload, dict) else None
    if not isinstance(message, dict):
        abort(400, 'expected {"message": {...}}')
    return message


def caller(message: dict) -> str | None:
    """The caller's number in E.164, or None when missing or not a phone number."""
    call = message.get("call")
    customer = call.get("customer") if isinstance(call, dict) else None
    number = customer.get("number") if isinstance(customer, dict) else None
    return parse_phone(number) if isinstance(number, str) else None


def _calls(message: dict) -> list:
    calls = message.get("toolCallList")
    if not isinstance(calls, list) or not 0 < len(calls) <= MAX_TOOL_CALLS:
        abort(400, f"toolCallList must be a list of 1 to {MAX_TOOL_CALLS} tool calls")
    return calls


def _result(tools: VoiceAgentTools, item, phone: str | None) -> dict:
    """Each call in Vapi's shape ({"id", "function": {"name", "arguments"}}) or flat
    ({"id", "name", "arguments"}); arguments an object or a JSON string."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
        abort(400, "every tool call needs an id")
    if len(item["id"]) > MAX_ID_CHARS or "\x00" in item["id"]:
        abort(400, f"a tool call id is at most {MAX_ID_CHARS} characters")
    function = item.get("function") if isinstance(item.get("function"), dict) else item
    name, arguments = function.get("name"), function.get("arguments", {})
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments) if arguments.strip() else {}
        except ValueError:
            arguments = None
    if not isinstance(name, str) or not isinstance(arguments, dict):
        result = "Error: a tool call needs a name and arguments as a JSON object."
    else:
        result = tools.run(ToolCall(item["id"], name, arguments, phone))
    return {"toolCallId": item["id"], "name": name if isinstance(name, str) else "", "result": result}
