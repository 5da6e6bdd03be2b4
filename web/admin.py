"""Beheer: upload a document with its metadata, start an ingest and watch it, manage users.
Everything here needs the beheerder role."""

from __future__ import annotations


from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from kb.errors import KbError, NotReady
from kb.files import NO_ROOM
from kb.model import DOCUMENT_KINDS
from kb.store import refused
from kb.store.users import ROLES
from web.auth import requires
from web.jobs import get_jobs
from web.library import get_library, get_snapshot
from web.pages import page

bp = Blueprint("admin", __name__)


@page(bp, "/beheer", "admin.html", keep=False)
@requires("beheerder")
def overview():
    lib = get_library()
    try:
        documents = get_snapshot().catalog.documents
    except NotReady:
        documents = []
    return {"documents": documents, "kinds": list(DOCUMENT_KINDS), "roles": list(ROLES),
            "users": [{"name": u.name, "role": u.role, "created": u.created} for u in lib.users.list()],
            "jobs": [j.to_dict() for j in get_jobs().recent()[:5]], "documents_dir": str(lib.documents_dir),
            "refused": [r.to_dict() for r in refused.list_refused(lib.documents_dir)]}


@bp.post("/beheer/upload")
@requires("beheerder")
def upload():
    f = request.files.get("bestand")
    if f is None or not f.filename:
        flash("Kies een bestand.", "fout")
        return redirect(url_for("admin.overview"))
    fields = {k: request.form.get(v, "").strip() or None for k, v in (
        ("title", "titel"), ("kind", "soort"), ("unit", "eenheid"), ("year", "jaar"), ("period", "periode"),
        ("date", "datum"), ("source", "bron"), ("supersedes", "vervangt"))}
    try:
        path = get_library().add_document(f.filename, f.read(), fields, replace=request.form.get("vervang") == "ja")
    except KbError as exc:
        flash(f"Niet toegevoegd: {exc.message}", "fout")
        return redirect(url_for("admin.overview"))
    except OSError as exc:  # a full disk: a message, not a 500
        flash(f"Niet toegevoegd: {disk_message(exc, 'het document')}", "fout")
        return redirect(url_for("admin.overview"))
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.overview"))
    flash(f"{path.name} toegevoegd; het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


def disk_message(exc: OSError, what: str) -> str:
    if exc.errno in NO_ROOM:
        return f"De schijf is vol: {what} kon niet worden opgeslagen. Maak ruimte vrij en probeer het opnieuw."
    return f"{what} kon niet worden opgeslagen: {exc.strerror or exc}"


def start_job(by: str, rebuild: bool = False):
    """An ingest job, or None with a message when its progress file cannot be written (a full disk)."""
    try:
        return get_jobs().start(by, rebuild=rebuild)
    except OSError as exc:
        flash(f"Het inlezen is niet gestart: {disk_message(exc, 'de voortgang van de taak')}", "fout")
        return None


@bp.post("/beheer/geweigerd/<name>/verwijder")
@requires("beheerder")
def remove_refused(name: str):
    try:
        refused.remove(get_library().documents_dir, name)
    except KbError as exc:
        flash(exc.message, "fout")
    else:
        flash(f"Geweigerd bestand {name} verwijderd.")
    return redirect(url_for("admin.overview", _anchor="geweigerd"))


@bp.post("/beheer/geweigerd/<name>/opnieuw")
@requires("beheerder")
def retry_refused(name: str):
    try:
        path = refused.restore(get_library().documents_dir, name)
    except KbError as exc:
        flash(exc.message, "fout")
        return redirect(url_for("admin.overview", _anchor="geweigerd"))
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.overview", _anchor="geweigerd"))
    flash(f"{path.name} teruggezet; het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


@bp.post("/beheer/inlezen")
@requires("beheerder")
def reingest():
    job = start_job(current_user.name, rebuild=request.form.get("opnieuw") == "ja")
    if job is None:
        return redirect(url_for("admin.overview"))
    return redirect(url_for("admin.job", job_id=job.id))


@page(bp, "/beheer/taak/<int:job_id>", "job.html", keep=False)
@requires("beheerder")
def job(job_id: int):
    found = get_jobs().get(job_id)
    if found is None:
        abort(404, "Deze taak bestaat niet (meer).")
    return {"job": found.to_dict()}


@bp.post("/beheer/gebruikers")
@requires("beheerder")
def add_user():
    try:
        u = get_library().users.add(request.form.get("naam", ""), request.form.get("wachtwoord", ""),
                                    request.form.get("rol", "auditor"))
    except KbError as exc:
        flash(f"Niet toegevoegd: {exc.message}", "fout")
    else:
        flash(f"Gebruiker {u.name} ({u.role}) toegevoegd.")
    return redirect(url_for("admin.overview", _anchor="gebruikers"))


@bp.post("/beheer/gebruikers/<name>/verwijder")
@requires("beheerder")
def remove_user(name: str):
    if name == current_user.name:
        flash("U kunt uzelf niet verwijderen.", "fout")
        return redirect(url_for("admin.overview", _anchor="gebruikers"))
    try:
        get_library().users.remove(name)
    except KbError as exc:
        flash(exc.message, "fout")
    else:
        flash(f"Gebruiker {name} verwijderd.")
    return redirect(url_for("admin.overview", _anchor="gebruikers"))
