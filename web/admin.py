"""Beheer: upload a document with its metadata, start an ingest and watch it, manage users.
Everything here needs the beheerder role."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user

from kb.store.catalog import CatalogMissing, read_documents
from kb.store.corpus import CorpusError, add_document
from kb.model import DOCUMENT_KINDS
from kb.store.users import ROLES, UserError
from web import jobs
from web.auth import requires, users
from web.pages import page

bp = Blueprint("admin", __name__)


def _dirs() -> tuple[Path, Path]:
    return Path(current_app.config["DOCUMENTS_DIR"]), Path(current_app.config["DATA_DIR"])


@page(bp, "/beheer", "admin.html")
@requires("beheerder")
def overview():
    docs_dir, data = _dirs()
    try:
        documents = read_documents(data)
    except CatalogMissing:
        documents = []
    return {"documents": documents, "kinds": list(DOCUMENT_KINDS), "roles": list(ROLES),
            "users": [{"name": u.name, "role": u.role, "created": u.created} for u in users().list()],
            "jobs": [j.to_dict() for j in jobs.recent(data)[:5]], "documents_dir": str(docs_dir)}


@bp.post("/beheer/upload")
@requires("beheerder")
def upload():
    docs_dir, data = _dirs()
    f = request.files.get("bestand")
    if f is None or not f.filename:
        flash("Kies een bestand.", "fout")
        return redirect(url_for("admin.overview"))
    fields = {k: request.form.get(v, "").strip() or None for k, v in (
        ("title", "titel"), ("kind", "soort"), ("unit", "eenheid"), ("year", "jaar"), ("period", "periode"),
        ("date", "datum"), ("source", "bron"))}
    try:
        path = add_document(docs_dir, f.filename, f.read(), fields, replace=request.form.get("vervang") == "ja")
    except CorpusError as exc:
        flash(f"Niet toegevoegd: {exc}", "fout")
        return redirect(url_for("admin.overview"))
    job = jobs.start(docs_dir, data, current_user.name)
    flash(f"{path.name} toegevoegd; het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


@bp.post("/beheer/inlezen")
@requires("beheerder")
def reingest():
    docs_dir, data = _dirs()
    job = jobs.start(docs_dir, data, current_user.name, rebuild=request.form.get("opnieuw") == "ja")
    return redirect(url_for("admin.job", job_id=job.id))


@page(bp, "/beheer/taak/<int:job_id>", "job.html")
@requires("beheerder")
def job(job_id: int):
    found = jobs.get(_dirs()[1], job_id)
    if found is None:
        abort(404, "Deze taak bestaat niet (meer).")
    return {"job": found.to_dict()}


@bp.post("/beheer/gebruikers")
@requires("beheerder")
def add_user():
    try:
        u = users().add(request.form.get("naam", ""), request.form.get("wachtwoord", ""), request.form.get("rol", "auditor"))
    except UserError as exc:
        flash(f"Niet toegevoegd: {exc}", "fout")
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
        users().remove(name)
    except UserError as exc:
        flash(str(exc), "fout")
    else:
        flash(f"Gebruiker {name} verwijderd.")
    return redirect(url_for("admin.overview", _anchor="gebruikers"))
