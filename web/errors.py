"""Every error answered in one place: a Dutch page, or JSON for the API and the .json twins;
never a traceback. What a user can cause arrives as a kb.errors.KbError with its status."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from kb.errors import KbError, NotReady

MESSAGES = {
    400: "Dit verzoek is niet te verwerken.",
    401: "Log in om dit te doen.",
    403: "Hiervoor heeft u geen toegang.",
    404: "Deze pagina bestaat niet.",
    405: "Dit kan zo niet.",
    413: "Het bestand is te groot.",
    500: "Er ging iets mis aan onze kant.",
    503: "Er is nog geen catalogus of zoekindex. Lees eerst documenten in (Beheer, of `kb ingest`).",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path.endswith(".json")


def error_response(code: int, message: str | None = None):
    if message is None and code == 404 and request.path.startswith("/api/"):
        message = "Onbekend adres in de API."
    message = message or MESSAGES.get(code, "Er ging iets mis.")
    if wants_json():
        return jsonify({"error": message}), code
    return render_template("error.html", code=code, message=message), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc):
        return error_response(400, "Het formulier is verlopen of niet van deze site. Laad de pagina opnieuw.")

    @app.errorhandler(HTTPException)
    def http_error(exc):
        description = exc.description if exc.description and not exc.description.startswith(("The ", "You ")) else None
        return error_response(exc.code or 500, description)

    @app.errorhandler(KbError)
    def kb_error(exc: KbError):
        if isinstance(exc, NotReady):
            return error_response(503)
        if exc.status >= 500:
            app.logger.error("%s", exc.message)
            return error_response(exc.status, f"Er ging iets mis aan onze kant: {exc.message}")
        return error_response(exc.status, exc.message[:1].upper() + exc.message[1:])

    @app.errorhandler(Exception)
    def unexpected(exc):
        app.logger.exception("onverwachte fout")
        return error_response(500)
