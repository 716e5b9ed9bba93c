"""Conversations: the message log by phone, newest first and searchable; one phone's
messages, state and appointments; a staff reply by SMS through the outbox (never to a
number that opted out); taking a conversation over so the bot keeps quiet, and handing it back."""
from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy import select

from smsbot.store import message_log, outbox
from smsbot.store.conversations import is_opted_out
from smsbot.store.models import OutboxMessage
from smsbot.web import queries
from smsbot.web.common import bot, current_user, now, page_error, staff_actions, staff_required
from smsbot.web.forms import BadForm, phone_field
from smsbot.web.guard import guarded_blueprint

bp = guarded_blueprint("web_conversations", __name__)
MAX_REPLY_CHARS = 1600  # Twilio's limit for one message
OPTED_OUT = "This number opted out (STOP): no text can go to it until the customer sends START."


@bp.get("/conversations")
@staff_required
def listing():
    search = request.args.get("q", "")[:40]
    with bot().db.transaction() as db:
        threads = message_log.threads(db, search)
    return render_template("conversations.html", threads=threads, q=search)


@bp.get("/conversations/<phone>")
@staff_required
def detail(phone: str):
    try:
        phone = phone_field(phone)
    except BadForm as bad:
        return page_error(str(bad), 404)
    with bot().db.transaction() as db:
        values = dict(
            messages=message_log.messages_of(db, phone), state=message_log.state_of(db, phone),
            name=message_log.names_for(db, [phone]).get(phone, ""),
            takeover=message_log.taken_over_by(db, phone), opted_out=is_opted_out(db, phone),
            appointments=queries.appointments_of(db, phone), status_label=queries.status_label,
            sent=list(db.scalars(select(OutboxMessage).where(OutboxMessage.to == phone, OutboxMessage.kind != "login")
                                 .order_by(OutboxMessage.created_at.desc()).limit(50))))
    return render_template("conversation.html", phone=phone, **values)


@bp.post("/conversations/<phone>/reply")
@staff_required
def reply(phone: str):
    body = request.form.get("body", "").strip()
    try:
        phone = phone_field(phone)
        if not body or len(body) > MAX_REPLY_CHARS or "\x00" in body:
            raise BadForm(f"Write a reply of 1 to {MAX_REPLY_CHARS} characters.")
    except BadForm as bad:
        return page_error(str(bad))
    with bot().db.transaction() as db:
        if is_opted_out(db, phone):
            return page_error(OPTED_OUT, 409)
        moment, who = now(), current_user()
        outbox.enqueue(db, key=f"reply:{phone}:{secrets.token_hex(8)}", to=phone, body=body, due_at=moment,
                       now=moment, kind="reply")
        message_log.record(db, phone, message_log.OUT, [body], moment, author=who.name or who.phone)
        staff_actions(db).audit(f"web: REPLY {phone}", "queued")
    flash("Reply queued; the outbox sends it.")
    return redirect(url_for("web_conversations.detail", phone=phone))


@bp.post("/conversations/<phone>/takeover")
@staff_required
def take_over(phone: str):
    return _switch(phone, True)


@bp.post("/conversations/<phone>/handback")
@staff_required
def hand_back(phone: str):
    return _switch(phone, False)


def _switch(phone: str, take: bool):
    try:
        phone = phone_field(phone)
    except BadForm as bad:
        return page_error(str(bad), 404)
    with bot().db.transaction() as db:
        who = current_user()
        if take:
            message_log.take_over(db, phone, who.name or who.phone or "staff", now())
            outcome = "You have this conversation: the bot stays quiet for this number until handed back."
        else:
            message_log.hand_back(db, phone)
            outcome = "Handed back: the bot answers this number again."
        staff_actions(db).audit(f"web: {'TAKE OVER' if take else 'HAND BACK'} {phone}", outcome)
    flash(outcome)
    return redirect(url_for("web_conversations.detail", phone=phone))
