"""Beheer: upload a document with its metadata, write a new leerdossier from the template,
edit a document's metadata or remove it, start an ingest and watch it, manage users.
Everything here needs the beheerder role.

Whatever changes something is a POST with a CSRF token; removing a document or a user is
asked first on a page of its own (no script needed). An upload that is refused comes back
to the form with what was typed and the reason beside it. No page shows a path of the
server: documents are named by their file name in the documents folder."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from kb.enrich.learning import load_phenomena
from kb.enrich.themes import load_taxonomy
from kb.errors import KbError, NotReady
from kb.files import NO_ROOM
from kb.model import DOCUMENT_KINDS, REPORT_KINDS
from kb.store import authoring, refused
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
# a leerdossier's fields (kb.enrich.metadata): their front matter keys are the form's names
LEERDOSSIER_FIELDS = (("fenomenen", "fenomenen"), ("thema", "thema"), ("eigenaar", "eigenaar"), ("status", "status"),
                      ("ambities", "ambities"), ("voorbeeld", "voorbeeld"))
EDIT_FIELDS = FORM_FIELDS + (("reports_on", "rapporteert_over"), ("scope_units", "ook_eenheden")) + LEERDOSSIER_FIELDS
# where the catalog keeps a leerdossier's fields (kb.model.Document)
CATALOG_KEYS = {"fenomenen": "phenomena", "thema": "themes", "eigenaar": "owner", "ambities": "serves",
                "voorbeeld": "example"}
# the new leerdossier's form: front matter key, input name
NEW_FIELDS = (("title", "titel"), ("unit", "eenheid"), ("date", "datum"), ("eigenaar", "eigenaar"),
              ("status", "status"), ("ambities", "ambities"), ("source", "bron"))
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
    data, filename = f.read(), f.filename
    try:
        if Path(filename).suffix.lower() == ".md":
            # its front matter is metadata too: checked now, not refused by the ingest later; the
            # fields typed here go into the .meta.toml and win, the empty ones leave it be
            front = authoring.check_markdown(data, current_themes()) or {}
            if not fields["title"] and front.get("title"):
                filename = authoring.file_name(str(front["title"]))  # named after its own title, kept in the front matter
        path = get_library().add_document(filename, data, fields, replace=typed["vervang"] == "ja")
    except KbError as exc:
        return refuse(exc.message)
    except OSError as exc:  # a full disk: a message, not a 500
        return refuse(disk_message(exc, "het document"))
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.overview"))
    flash(f"{path.name} toegevoegd; het inlezen is gestart.")
    return redirect(url_for("admin.job", job_id=job.id))


# ---------------------------------------------------------------------- a new leerdossier


def new_values(form=None) -> dict:
    """The new leerdossier form's values: as typed, or the defaults (status concept)."""
    if form is None:
        return {"titel": "", "eenheid": "", "datum": "", "eigenaar": "", "status": "concept", "ambities": "",
                "bron": "", "fenomenen": [], "thema": [], "voorbeeld": False}
    values = {name: form.get(name, "").strip() for _, name in NEW_FIELDS}
    values["fenomenen"] = [x.strip() for x in form.getlist("fenomenen") if x.strip()]
    values["thema"] = [x.strip() for x in form.getlist("thema") if x.strip()]
    values["voorbeeld"] = form.get("voorbeeld") == "ja"
    return values


def new_context(values: dict, error: str | None = None) -> dict:
    documents = catalog_documents()
    return {"values": values, "error": error, "leerdossier": leerdossier_choices(documents),
            "units": sorted({d["unit"] for d in documents if d.get("unit")}),
            "roles": template_outline()}


def template_outline() -> list[str]:
    """The template's headings: "Interventies (Bestuurlijk, Strafrechtelijk, …)"."""
    parts: list[list[str]] = []
    for line in authoring.template_text().splitlines():
        if line.startswith("## "):
            parts.append([line[3:].strip()])
        elif line.startswith("### ") and parts:
            parts[-1].append(line[4:].strip())
    return [p[0] + (f" ({', '.join(p[1:])})" if len(p) > 1 else "") for p in parts]


@page(bp, "/beheer/leerdossier", "admin_leerdossier.html", keep=False)
@requires("beheerder")
def new_leerdossier():
    return new_context(new_values())


@bp.get("/beheer/leerdossier/sjabloon.md")
@requires("beheerder")
def blank_template():
    return markdown_download(authoring.template_text(), authoring.TEMPLATE_NAME)


def markdown_download(text: str, name: str) -> Response:
    return Response(text, mimetype="text/markdown",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


@bp.post("/beheer/leerdossier")
@requires("beheerder")
def make_leerdossier():
    """"Download als Markdown" gives the filled template as a file; "Toevoegen aan de
    documenten" writes it into the documents folder (never over a document) and reads it in."""
    values = new_values(request.form)
    fields = {key: values[name] for key, name in NEW_FIELDS}
    fields.update(fenomenen=values["fenomenen"], thema=values["thema"], voorbeeld=values["voorbeeld"])
    action = request.form.get("actie", "")
    documents = catalog_documents()
    try:
        if action == "download":
            made = authoring.draft(fields, taxonomy=current_themes())
            return markdown_download(made.text, made.file_name)
        if action != "toevoegen":
            raise KbError("kies 'Download als Markdown' of 'Toevoegen aan de documenten'")
        lib = get_library()
        path, made = authoring.add_leerdossier(lib.documents_dir, fields, ambition_keys(documents), documents, current_themes())
    except (KbError, OSError) as exc:
        message = exc.message if isinstance(exc, KbError) else disk_message(exc, "het leerdossier")
        status = exc.status if isinstance(exc, KbError) else 507
        return render_template("admin_leerdossier.html", **new_context(values, f"Niet gemaakt: {message}")), status
    for warning in made.warnings:
        flash(f"Let op: {warning}.", "let op")
    job = start_job(current_user.name)
    if job is None:
        return redirect(url_for("admin.overview"))
    flash(f"Leerdossier {path.name} toegevoegd; het inlezen is gestart.")
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
    source = {**{key: doc.get(CATALOG_KEYS.get(key, key)) for key, _ in EDIT_FIELDS}, **written}
    period = source.get("period")
    values = {name: source.get(key) for key, name in EDIT_FIELDS}
    values["jaar"] = str(values["jaar"] or "")
    values["periode"] = f"{period[0]}-{period[1]}" if isinstance(period, (list, tuple)) and len(period) == 2 else str(period or "")
    values["datum"] = str(values["datum"] or "")
    values["rapporteert_over"] = list(values["rapporteert_over"] or [])
    values["ook_eenheden"] = ", ".join(values["ook_eenheden"] or [])
    values["fenomenen"] = list(values["fenomenen"] or [])
    values["thema"] = list(values["thema"] or [])
    values["ambities"] = ", ".join(values["ambities"] or [])
    values["voorbeeld"] = bool(values["voorbeeld"])
    return {k: "" if v is None else v for k, v in values.items()}


def current_themes():
    """The themes as the ingest will read them (the library's file, read now), for checking and
    offering a leerdossier's thema."""
    return load_taxonomy(get_library().taxonomy_path)


def leerdossier_choices(documents: list[dict] | None = None) -> dict:
    """What a leerdossier's fields choose from: the phenomena (kb/data/fenomenen.toml), the
    themes, and the keys of the ambitions of the current plans (a datalist: others may be typed)."""
    documents = catalog_documents() if documents is None else documents
    return {"phenomena": [{"slug": p.slug, "label": p.label} for p in load_phenomena().items],
            "themes": [{"slug": t.slug, "label": t.label} for t in current_themes().themes],
            "ambitions": sorted(ambition_keys(documents) or [])}


def ambition_keys(documents: list[dict]) -> set[str] | None:
    """The keys of the ambitions of the plans that are current (not superseded); None
    without a catalog (then no key is called unknown)."""
    if not documents:
        return None
    current = {d["id"] for d in documents if not d.get("superseded_by")}
    try:
        ambitions = get_snapshot().catalog.ambitions
    except NotReady:
        return None
    return {a["key"] for a in ambitions if a.get("key") and a.get("document_id") in current}


def edit_context(doc: dict, values: dict, error: str | None = None) -> dict:
    documents = catalog_documents()
    return {"document": {k: doc.get(k) for k in ("id", "title", "kind", "path", "metadata_guessed", "warnings")},
            "file": doc["path"].rsplit("/", 1)[-1], "values": values, "error": error, "kinds": kind_choices(),
            "plans": [p for p in plan_choices(documents) if p["id"] != doc["id"]],
            "units": sorted({d["unit"] for d in documents if d.get("unit")}),
            "leerdossier": leerdossier_choices(documents)}


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
    for name in ("rapporteert_over", "fenomenen", "thema"):
        values[name] = [x.strip() for x in request.form.getlist(name) if x.strip()]
    values["voorbeeld"] = request.form.get("voorbeeld") == "ja"
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
