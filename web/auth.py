"""Logging in (Flask-Login, users from kb.store.users) and who may do what.

Reading is open unless LOGIN_REQUIRED is set; deciding needs the auditor role, beheer the
beheerder role. A login form is a POST with a CSRF token like every other form.

A session counts only while it carries its user's session version (kb.store.users): logging
out, a new password and removing the user end every session of the user, also a copied
cookie. Logging in and out start a fresh session (a new CSRF token, nothing carried over),
and a login lasts PERMANENT_SESSION_LIFETIME. Failed logins are limited per name and per
client address (LOGIN_FAILURES_*), counted in the precious file so that all workers agree."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, Flask, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from kb.errors import KbError
from kb.store.users import LoginLimits, TooManyLogins, UserStore
from web.library import get_library

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
OPEN_ENDPOINTS = {"auth.login", "static", "health"}
SESSION_VERSION = "_kb_version"  # the user's session version when this session logged in


class WebUser(UserMixin):
    def __init__(self, user):
        self.user = user
        self.id = user.name
        self.name = user.name
        self.role = user.role

    def may(self, role: str) -> bool:
        return self.user.may(role)


def users() -> UserStore:
    return get_library().users


@login_manager.user_loader
def load_user(name: str):
    user = users().get_session(name, session.get(SESSION_VERSION))
    return WebUser(user) if user else None


def loads_user() -> bool:
    """Whether loading this request's user reads the store (`load_user`: a session with a
    user and its session version); that read checks the store first."""
    return "_user_id" in session and isinstance(session.get(SESSION_VERSION), str)


def may(role: str) -> bool:
    return bool(current_user.is_authenticated and current_user.may(role))


def requires(role: str):
    """The view needs a logged-in user with `role` (or stronger)."""
    def deco(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                if request.path.startswith("/api/"):
                    from web.errors import error_response
                    return error_response(401, "Log in om dit te doen.")
                return login_manager.unauthorized()
            if not current_user.may(role):
                from web.errors import error_response
                return error_response(403, f"Hiervoor is de rol '{role}' nodig.")
            return view(*args, **kwargs)
        return wrapper
    return deco


def _local_path(target: str | None) -> str:
    """`target` when it is a path on this site, else "": never an open redirect, never a
    control character in a Location header (a CR/LF made Werkzeug fail), never a backslash
    (browsers read /\\host as //host)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return ""
    if "\\" in target or any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in target):
        return ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.rstrip("/") == "/inloggen":  # never back to the login form
        return ""
    return target.removesuffix("?")  # request.full_path of an address without a query ends in "?"


def _limits() -> LoginLimits:
    c = current_app.config
    return LoginLimits(c["LOGIN_FAILURES_ACCOUNT"], c["LOGIN_FAILURES_ADDRESS"], c["LOGIN_FAILURE_MINUTES"] * 60)


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    target = _local_path(request.values.get("next"))  # kept in the form, also after a wrong password
    if request.method == "GET":
        return render_template("login.html", error=None, next=target)
    try:
        user = users().login(request.form.get("naam", ""), request.form.get("wachtwoord", ""),
                             request.remote_addr, _limits())
    except TooManyLogins as exc:
        return render_template("login.html", error=exc.message, next=target), 429, {"Retry-After": str(exc.retry_after)}
    version = user and users().session_version(user.name)  # None if removed in the meantime
    if not version:
        return render_template("login.html", error="Naam of wachtwoord klopt niet.", next=target), 401
    session.clear()  # a fresh session: a new CSRF token, nothing of before the login
    session.permanent = True
    session[SESSION_VERSION] = version
    login_user(WebUser(user))
    flash(f"Ingelogd als {user.name} ({user.role}).")
    return redirect(target or url_for("search.home"))


@bp.post("/uitloggen")
def logout():
    if current_user.is_authenticated:
        try:
            users().end_sessions(current_user.name)  # every copy of this session's cookie stops working
        except KbError as exc:  # a full disk, say: this browser is logged out all the same
            current_app.logger.error("sessies van %s niet beëindigd: %s", current_user.name, exc.message)
    logout_user()
    session.clear()  # and a new CSRF token
    flash("U bent uitgelogd.")
    return redirect(url_for("search.home"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in om verder te gaan."

    @app.before_request
    def reading_requires_login():
        if not app.config.get("LOGIN_REQUIRED") or current_user.is_authenticated:
            return None
        if request.endpoint in OPEN_ENDPOINTS or request.endpoint is None:
            return None
        if request.path.startswith("/api/") or request.path.endswith(".json"):
            from web.errors import error_response
            return error_response(401, "Log in om dit te lezen.")
        return login_manager.unauthorized()

    @app.context_processor
    def roles():
        return {"may": may, "current_user": current_user}

    app.jinja_env.globals["may"] = may  # also in macros imported without context (_link_picker.html)
