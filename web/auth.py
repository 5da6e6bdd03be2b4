"""Logging in (Flask-Login, users from kb.store.users) and who may do what.

Reading is open unless LOGIN_REQUIRED is set; deciding needs the auditor role, beheer the
beheerder role. A login form is a POST with a CSRF token like every other form."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from kb.store.users import UserStore
from web.library import get_library

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
OPEN_ENDPOINTS = {"auth.login", "static", "health"}


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
    user = users().get(name)
    return WebUser(user) if user else None


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


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target:
        return url_for("search.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return url_for("search.home")
    return target


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        user = users().check(request.form.get("naam", ""), request.form.get("wachtwoord", ""))
        if user:
            login_user(WebUser(user))
            flash(f"Ingelogd als {user.name} ({user.role}).")
            return redirect(_safe_next(request.form.get("next")))
        error = "Naam of wachtwoord klopt niet."
    return render_template("login.html", error=error, next=request.args.get("next", "")), (401 if error else 200)


@bp.post("/uitloggen")
def logout():
    logout_user()
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
