"""What every response gets: CSRF protection on every POST (Flask-WTF; forms carry the
token, JavaScript sends it as X-CSRFToken), and headers that keep a document's text from
ever becoming code: a Content-Security-Policy without inline scripts, no sniffing, no
framing, no referrer to other sites.

Also: a request for a host outside TRUSTED_HOSTS (Flask checks it; KB_TRUSTED_HOSTS) is
refused with a 400 before anything else runs, so no redirect or link is ever built on a
host a client made up; and what belongs to one person (pages and JSON of a logged-in user
or of a session, downloads) is marked `Cache-Control: no-store`, so no browser or proxy
keeps it."""

from __future__ import annotations

from flask import Flask, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.exceptions import SecurityError

csrf = CSRFProtect()

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SessionWithMaxAge(SecureCookieSessionInterface):
    """Flask's signed-cookie session whose cookie carries Max-Age besides Expires (Flask
    writes only Expires, which a browser with a wrong clock misreads): a login ends after
    PERMANENT_SESSION_LIFETIME whatever the client's clock says."""

    def save_session(self, app, session, response) -> None:
        super().save_session(app, session, response)
        if not session.permanent:
            return
        name = self.get_cookie_name(app)
        seconds = int(app.permanent_session_lifetime.total_seconds())
        cookies = response.headers.getlist("Set-Cookie")
        if not any(c.startswith(f"{name}=") and "Max-Age=" not in c for c in cookies):
            return
        response.headers.remove("Set-Cookie")
        for c in cookies:
            response.headers.add("Set-Cookie", f"{c}; Max-Age={seconds}"
                                 if c.startswith(f"{name}=") and "Max-Age=" not in c else c)


def init_app(app: Flask) -> None:
    app.session_interface = SessionWithMaxAge()

    @app.before_request
    def trusted_host():
        """Flask found the Host untrusted while setting up the request and kept the error for
        routing; raised here, first, so no other hook (CSRF, login) works on that request."""
        if isinstance(request.routing_exception, SecurityError):
            raise request.routing_exception

    csrf.init_app(app)

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if _personal(response):
            response.headers["Cache-Control"] = "no-store"
        return response


def _personal(response) -> bool:
    """Whether the answer belongs to this session: a download, a logged-in user's answer,
    or one that reads or writes a session with something in it (a CSRF token, messages)."""
    if "attachment" in response.headers.get("Content-Disposition", ""):
        return True
    if request.endpoint == "static" or isinstance(request.routing_exception, SecurityError):
        return False
    return bool(session.modified or session or current_user.is_authenticated)
