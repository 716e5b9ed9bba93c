from __future__ import annotations

from flask import Blueprint, current_app
from sqlalchemy import text

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def health():
    with current_app.extensions["smsbot"].db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return {"status": "ok"}
