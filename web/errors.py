"""Every error answered in one place: a Dutch page, or JSON for the API and the .json twins;
never a traceback. What a user can cause arrives as a kb.errors.KbError with its status."""

from __future__ import annotations

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_login import current_user
from markupsafe import escape
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError

from kb.errors import KbError, NotReady
from kb.store.precious import DiskFull, Unusable

MESSAGES = {
    400: "Dit verzoek is niet te verwerken.",
    401: "Log in om dit te doen.",
    403: "Hiervoor heeft u geen toegang.",
    404: "Deze pagina bestaat niet.",
    405: "Dit kan zo niet.",
    413: "Het bestand is te groot.",
    429: "Te veel verzoeken; probeer het over een paar minuten opnieuw.",
    500: "Er ging iets mis aan onze kant.",
    503: "Er is nog geen catalogus of zoekindex. Lees eerst documenten in (Beheer, of `kb ingest`).",
}


UNTRUSTED_HOST = "Deze site is niet bereikbaar onder deze hostnaam (zie KB_TRUSTED_HOSTS)."


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def error_response(code: int, message: str | None = None):
    if message is None and code == 404 and request.path.startswith("/api/"):
        message = "Onbekend adres in de API."
    message = message or MESSAGES.get(code, "Er ging iets mis.")
    if wants_json():
        return jsonify({"error": message}), code
    return error_page(code, message), code


def error_page(code: int, message: str) -> str:
    """The error page, also when the store of users cannot be read (damaged, missing, a full
    disk): then it shows as to someone not logged in; and should the template fail all the
    same, a plain page with the message, never the server's bare "Internal Server Error"."""
    try:
        current_user.is_authenticated  # loads the user from the store (Flask-Login keeps it in g)
    except Exception:
        g._login_user = current_app.login_manager.anonymous_user()
    try:
        return render_template("error.html", code=code, message=message)
    except Exception:
        current_app.logger.exception("foutpagina niet te maken")
        return (f'<!doctype html><html lang="nl"><meta charset="utf-8"><title>Fout {code} · beleidsbank</title>'
                f"<h1>{escape(message)}</h1><p>Foutcode {code}.</p></html>")


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return error_response(400, "Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw.")

    @app.errorhandler(SecurityError)
    def untrusted_host(exc):
        """Without a trusted host no address can be built, so no page from a template."""
        if wants_json():
            return jsonify({"error": UNTRUSTED_HOST}), 400
        return app.response_class(f'<!doctype html><html lang="nl"><title>400</title><p>{UNTRUSTED_HOST}</p></html>',
                                  400, content_type="text/html; charset=utf-8")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        description = exc.description if exc.description and not exc.description.startswith(("The ", "You ")) else None
        return error_response(exc.code or 500, description)

    @app.errorhandler(KbError)
    def kb_error(exc: KbError):
        if isinstance(exc, NotReady):
            return error_response(503)
        if isinstance(exc, (Unusable, DiskFull)):  # says what to do itself: the file and the command
            app.logger.error("%s", exc.message)
            return error_response(exc.status, exc.message[:1].upper() + exc.message[1:])
        if exc.status >= 500:
            app.logger.error("%s", exc.message)
            return error_response(exc.status, f"Er ging iets mis aan onze kant: {exc.message}")
        return error_response(exc.status, exc.message[:1].upper() + exc.message[1:])

    @app.errorhandler(Exception)
    def unexpected(exc):
        app.logger.exception("onverwachte fout")
        return error_response(500)
