"""Shared by the dashboard's pages: the bot, its clock, the logged-in user, permissions."""
from __future__ import annotations

import functools

from flask import Response, abort, current_app, g, redirect, render_template, request, session, url_for

from smsbot.admin.actions import StaffActions
from smsbot.store import web_auth


def bot():
    return current_app.extensions["smsbot"]


def now():
    return bot().clock.now()


def current_user() -> web_auth.WebUser | None:
    if "user" not in g:
        token = session.get("token", "")
        g.user = None
        if token:
            with bot().db.transaction() as db:
                g.user = web_auth.session_user(db, token, now())
    return g.user


def staff_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("web_auth.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped


def owner_required(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        user = current_user()
        if user is None:
            return redirect(url_for("web_auth.login", next=request.full_path.rstrip("?")))
        if not user.is_owner:
            abort(403, "only an owner may use this page")
        return view(*args, **kwargs)
    return wrapped


def page_error(message: str, status: int = 400) -> Response:
    """A page saying what was wrong with the request, and nothing changed."""
    return Response(render_template("problem.html", error=message), status=status, mimetype="text/html")


def staff_actions(db) -> StaffActions:
    """The staff service for the logged-in user, in the caller's transaction."""
    moment = now()
    return StaffActions(db, current_user(), bot().scheduler(db, moment), moment)
