"""The floor for bench_webhook.py: the least any durable, idempotent Twilio webhook must
do per message, and nothing else. Twilio's SDK checks the signature; one PostgreSQL
transaction records the message id (a repeat is answered without touching anything
else) and upserts the phone's row; the answer is a fixed TwiML string. The bot's rate
over this one is the cost of everything the bot does beyond the unavoidable."""
from __future__ import annotations

from flask import Flask, Response, abort, request
from sqlalchemy import create_engine, text
from twilio.request_validator import RequestValidator

TWIML = ('<?xml version="1.0" encoding="UTF-8"?><Response><Message>'
         "What day and time would you like? E.g. 'thu 3pm' or 'tomorrow morning'."
         "</Message></Response>")
SCHEMA = [
    "CREATE TABLE IF NOT EXISTS floor_messages (sid varchar(64) NOT NULL, phone varchar(32) NOT NULL,"
    " received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (sid, phone))",
    "CREATE TABLE IF NOT EXISTS floor_phones (phone varchar(32) PRIMARY KEY, last_body text NOT NULL,"
    " messages integer NOT NULL, updated_at timestamptz NOT NULL)",
]
RECORD = text("INSERT INTO floor_messages (sid, phone) VALUES (:sid, :phone) "
              "ON CONFLICT DO NOTHING RETURNING sid")
UPSERT = text("INSERT INTO floor_phones (phone, last_body, messages, updated_at) "
              "VALUES (:phone, :body, 1, now()) ON CONFLICT (phone) DO UPDATE "
              "SET last_body = excluded.last_body, messages = floor_phones.messages + 1, "
              "updated_at = excluded.updated_at")


def floor_app(database_url: str, public_url: str, auth_token: str, pool_size: int) -> Flask:
    engine = create_engine(database_url, pool_size=pool_size, max_overflow=0)
    with engine.begin() as conn:
        for statement in SCHEMA:
            conn.execute(text(statement))
    validator = RequestValidator(auth_token)
    url = public_url.rstrip("/") + "/twilio/sms"
    app = Flask("floor")

    @app.post("/twilio/sms")
    def sms():
        form = request.form.to_dict()
        if not validator.validate(url, form, request.headers.get("X-Twilio-Signature", "")):
            abort(403)
        sid, phone = form.get("MessageSid", ""), form.get("From", "")
        if not sid or not phone:
            abort(400)
        with engine.begin() as conn:
            if conn.execute(RECORD, {"sid": sid, "phone": phone}).first() is not None:
                conn.execute(UPSERT, {"phone": phone, "body": form.get("Body", "")})
        return Response(TWIML, mimetype="application/xml")

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    # run_server's post_fork hook disposes of the engine, as it does the bot's.
    class _Db:
        pass

    class _Holder:
        db = _Db()

    _Holder.db.engine = engine
    app.extensions["smsbot"] = _Holder()
    return app
