"""Jinja filters: every time shown in the business zone."""
from __future__ import annotations

import re
from datetime import datetime

from flask import Flask

from smsbot.web.common import current_user


def add_filters(app: Flask) -> None:
    tz = app.config["SMSBOT_SETTINGS"].business_tz

    def local(moment: datetime | None, pattern: str = "%a %b %d, %I:%M %p") -> str:
        if moment is None:
            return "-"
        text = moment.astimezone(tz).strftime(pattern)
        # "02:30 PM" reads "2:30 PM"; machine formats (%H, %Y-%m-%d) keep their zeros.
        return re.sub(r"(^| )0(\d)", r"\1\2", text) if "%I" in pattern else text

    app.jinja_env.filters["local"] = local
    app.jinja_env.globals["zone_name"] = tz.key
    app.jinja_env.globals["current_user"] = current_user
