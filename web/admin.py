"""Beheer: upload a document with its metadata, edit a document's metadata or remove it,
start an ingest and watch it, manage users. Everything here needs the beheerder role.

Whatever changes something is a POST with a CSRF token; removing a document or a user is
asked first on a page of its own (no script needed). An upload that is refused comes back
to the form with what was typed and the reason beside it. No page shows a path of the
server: documents are named by their file name in the documents folder."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from kb.errors import KbError, NotReady
from kb.files import NO_ROOM
from kb.model import DOCUMENT_KINDS, REPORT_KINDS
from kb.store import refused
from kb.store.corpus_admin import current_fields, list_removed
from kb.store.users import ROLES
from web.auth import requires
from web.jobs import get_jobs
from web.library import get_library, get_snapshot
from web.pages import page

bp = Blueprint("admin", __name__)

UPLOAD_FORM = "beheer_upload"  # the session key that carries a refused upload's form back to it
# the metadata fields (kb.store.corpus_admin.FIELDS) by the names of the form's inputs
FORM_FIELDS = (("title", "titel"), ("kind", "soort"), ("unit", "eenheid"), ("year", "jaar"), ("period", "periode"),
               ("date", "datum"), ("source", "bron"), ("supersedes", "vervangt"))
EDIT_FIELDS = FORM_FIELDS + (("reports_on", "rapporteert_over"), ("scope_units", "ook_eenheden"))
# what the year of a document of each kind is called; a plan has a period instead
YEAR_LABELS = {"plan": "Jaar", "jaarplan": "Planjaar", "jaarverslag": "Verslagjaar",
               "voortgangsrapportage": "Verslagjaar", "evaluatie": "Geëvalueerd jaar",
               "veiligheidsbeeld": "Jaar van het veiligheidsbeeld", "leerdossier": "Jaar van het leerdossier",
               "overig": "Jaar"}
PERIOD_KINDS = ("plan",)


def kind_choices() -> list[dict]:
    """The kinds for the Soort field, each with the label of its year field and whether
    it has a period (a plan) or reports on a year."""
    return [{"value": k, "year_label": YEAR_LABELS.get(k, "Jaar"), "period": k in PERIOD_KINDS, "report": k in REPORT_KINDS}
            for k in DOCUMENT_KINDS]


def catalog_documents() -> list[dict]:
    try:
        return get_snapshot().catalog.documents
    except NotReady:
        return []


def plan_choices(documents: list[dict]) -> list[dict]:
    return [{"id": d["id"], "title": d["title"], "current": not d.get("superseded_by")}
            for d in documents if d["kind"] == "plan"]


@page(bp, "/beheer", "admin.html", keep=False)
@requires("beheerder")
def overview():
    lib = get_library()
    documents = catalog_documents()
    typed = session.pop(UPLOAD_FORM, None) or {}
    return {"documents": documents, "kinds": kind_choices(), "roles": list(ROLES),
            "plans": [p for p in plan_choices(documents) if p["current"]],
            "upload": {"values": typed.get("values") or {}, "error": typed.get("error")},
            "users": [{"name": u.name, "role": u.role, "created": u.created} for u in lib.users.list()],
            "jobs": [j.to_dict() for j in get_jobs().recent()[:5]],
            "refused": [r.to_dict() for r in refused.list_refused(lib.documents_dir)],
            "removed": [r.to_dict() for r in list_removed(lib.paths.removed)]}


@bp.post("/beheer/upload")
@requires("beheerder")
def upload():
    typed = {name: request.form.get(name, "").strip() for _, name in FORM_FIELDS}
    typed["vervang"] = request.form.get("vervang", "")

    def refuse(message: str):
        session[UPLOAD_FORM] = {"values": typed, "error": f"Niet toegevoegd: {message}"}
        return redirect(url_for("admin.overview"))

    f = request.files.get("bestand")
    if f is None or not f.filename:
        return refuse("kies een bestand.")
    if typed["soort"] not in DOCUMENT_KINDS:
        return refuse("kies de soort van het document.")
    fields = {key: typed[name] or None for key, name in FORM_FIELDS}
    try:
        path = get_library().add_document(f.filename, f.read(), fields, replace=typed["vervang"] == "ja")
    except KbError as exc:
        return refuse(exc.message)
    except OSError as exc:  # a full disk: a message, not a 500
        return refuse(disk_message(exc, "het document"))
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


# ---------------------------------------------------------------------- one document


def the_document(doc_id: str) -> dict:
    doc = next((d for d in catalog_documents() if d["id"] == doc_id), None)
    if doc is None:
        abort(404, f"Document '{doc_id}' bestaat niet.")
    return doc


def form_values(doc: dict) -> dict:
    """The edit form's values: what the metadata file says, and for what it leaves out what
    the catalog has (the ingest's guesses, which saving then writes down)."""
    try:
        written = current_fields(get_library().document_source(doc["id"]))
    except KbError:
        written = {}
    source = {**{key: doc.get(key) for key, _ in EDIT_FIELDS}, **written}
    period = source.get("period")
    values = {name: source.get(key) for key, name in EDIT_FIELDS}
    values["jaar"] = str(values["jaar"] or "")
    values["periode"] = f"{period[0]}-{period[1]}" if isinstance(period, (list, tuple)) and len(period) == 2 else str(period or "")
    values["datum"] = str(values["datum"] or "")
    values["rapporteert_over"] = list(values["rapporteert_over"] or [])
    values["ook_eenheden"] = ", ".join(values["ook_eenheden"] or [])
    return {k: "" if v is None else v for k, v in values.items()}


def edit_context(doc: dict, values: dict, error: str | None = None) -> dict:
    documents = catalog_documents()
    return {"document": {k: doc.get(k) for k in ("id", "title", "kind", "path", "metadata_guessed", "warnings")},
            "file": doc["path"].rsplit("/", 1)[-1], "values": values, "error": error, "kinds": kind_choices(),
            "plans": [p for p in plan_choices(documents) if p["id"] != doc["id"]],
            "units": sorted({d["unit"] for d in documents if d.get("unit")})}


@page(bp, "/beheer/documenten/<doc_id>", "admin_document.html", keep=False)
@requires("beheerder")
def document(doc_id: str):
    doc = the_document(doc_id)
    return edit_context(doc, form_values(doc))


@bp.post("/beheer/documenten/<doc_id>")
@requires("beheerder")
def save_document(doc_id: str):
    doc = the_document(doc_id)
    values = {name: request.form.get(name, "").strip() for _, name in EDIT_FIELDS}
    values["rapporteert_over"] = [x.strip() for x in request.form.getlist("rapporteert_over") if x.strip()]
    fields = {key: values[name] for key, name in EDIT_FIELDS}
    try:
        if values["soort"] not in DOCUMENT_KINDS:
            raise KbError("kies de soort van het document")
        if not values["titel"]:
            raise KbError("geef het document een titel")
        get_library().update_metadata(doc_id, fields)
    except (KbError, OSError) as exc:
        message = exc.message if isinstance(exc, KbError) else disk_message(exc, "de metadata")
        status = exc.status if isinstance(exc, KbError) else 507
        return render_template("admin_document.html", **edit_context(doc, values, f"Niet bewaard: {message}")), status
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.document", doc_id=doc_id))
    flash(f"Metadata van {doc['path'].rsplit('/', 1)[-1]} bewaard; het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


def decisions_about(doc_id: str) -> int:
    """How many decisions name a section of this document or an ambition of this plan."""
    history = get_snapshot().history
    return sum(1 for d in history if (d.section_id or "").split("/")[0] == doc_id
               or d.ambition_id.split(":")[0] == doc_id)


@page(bp, "/beheer/documenten/<doc_id>/verwijderen", "admin_confirm.html", keep=False)
@requires("beheerder")
def confirm_remove_document(doc_id: str):
    doc = the_document(doc_id)
    sections = len(get_snapshot().catalog.sections_by_document.get(doc_id, []))
    decided = decisions_about(doc_id)
    return {"title": f"Document verwijderen: {doc['title']}",
            "facts": [f"Bestand: {doc['path'].rsplit('/', 1)[-1]} ({doc['kind']}, {sections} secties)",
                      "Het bestand en zijn metadata gaan uit de documentenmap naar de map met verwijderde documenten; "
                      "daar zijn ze terug te zetten. Daarna wordt opnieuw ingelezen: het document verdwijnt uit "
                      "de documentenlijst, de zoekresultaten en de ambities.",
                      f"{decided} beslissing(en) over dit document blijven bewaard in de geschiedenis."
                      if decided else "Er zijn geen beslissingen over dit document."],
            "action": url_for("admin.remove_document", doc_id=doc_id), "button": "Ja, verwijder dit document",
            "back": url_for("admin.overview", _anchor="documenten")}


@bp.post("/beheer/documenten/<doc_id>/verwijder")
@requires("beheerder")
def remove_document(doc_id: str):
    try:
        record = get_library().remove_document(doc_id, by=current_user.name)
    except KbError as exc:
        flash(f"Niet verwijderd: {exc.message}", "fout")
        return redirect(url_for("admin.overview", _anchor="documenten"))
    except OSError as exc:
        flash(f"Niet verwijderd: {disk_message(exc, 'het document')}", "fout")
        return redirect(url_for("admin.overview", _anchor="documenten"))
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.overview", _anchor="documenten"))
    flash(f"Document {record.title} verwijderd (terug te zetten onder Beheer); het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


@bp.post("/beheer/verwijderd/<name>/terugzetten")
@requires("beheerder")
def restore_document(name: str):
    try:
        path = get_library().restore_document(name)
    except (KbError, OSError) as exc:
        flash(f"Niet teruggezet: {exc.message if isinstance(exc, KbError) else disk_message(exc, 'het document')}", "fout")
        return redirect(url_for("admin.overview", _anchor="verwijderd"))
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.overview", _anchor="verwijderd"))
    flash(f"{path.name} teruggezet; het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


# ---------------------------------------------------------------------- refused files, ingest


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
    return {"job": found.to_dict(), "files": found.by_change() if found.state == "klaar" else {}}


# ---------------------------------------------------------------------- users


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


@page(bp, "/beheer/gebruikers/<name>/verwijderen", "admin_confirm.html", keep=False)
@requires("beheerder")
def confirm_remove_user(name: str):
    user = next((u for u in get_library().users.list() if u.name == name), None)
    if user is None:
        abort(404, f"Gebruiker '{name}' bestaat niet.")
    if name == current_user.name:
        abort(409, "U kunt uzelf niet verwijderen.")
    return {"title": f"Gebruiker verwijderen: {user.name}",
            "facts": [f"Rol: {user.role}, sinds {user.created[:10]}.",
                      "Deze gebruiker kan daarna niet meer inloggen; een lopende sessie eindigt. "
                      "Beslissingen van deze gebruiker blijven bewaard."],
            "action": url_for("admin.remove_user", name=name), "button": "Ja, verwijder deze gebruiker",
            "back": url_for("admin.overview", _anchor="gebruikers")}


@bp.post("/beheer/gebruikers/<name>/verwijder")
@requires("beheerder")
def remove_user(name: str):
    if name == current_user.name:
        flash("U kunt uzelf niet verwijderen.", "fout")
        return redirect(url_for("admin.overview", _anchor="gebruikers"))
    try:
        get_library().remove_user(name)
    except KbError as exc:
        flash(exc.message, "fout")
    else:
        flash(f"Gebruiker {name} verwijderd.")
    return redirect(url_for("admin.overview", _anchor="gebruikers"))
