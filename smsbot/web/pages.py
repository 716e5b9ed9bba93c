"""The settings page (effective configuration, secrets masked, as `smsbot config` prints it,
and the health panel) and the dashboard's stylesheet."""
from __future__ import annotations

from flask import render_template

from smsbot.config import describe
from smsbot.web.common import bot, now, staff_required
from smsbot.web.guard import guarded_blueprint
from smsbot.web.health import checks

bp = guarded_blueprint("web_pages", __name__, static_folder="static", static_url_path="/dashboard-static")


@bp.get("/settings")
@staff_required
def settings():
    lines = [line.split("=", 1) for line in describe(bot().settings)]
    rows = [(name, value.removesuffix("  # default"), value.endswith("  # default")) for name, value in lines]
    return render_template("settings.html", rows=rows, checks=checks(bot(), now()),
                           google_oauth=bool(bot().settings.google_oauth_client_id))
