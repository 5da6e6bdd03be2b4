"""One view, two renderings (Datasette's pattern): a view returns a context dict of plain
JSON data; `page` registers it at RULE as HTML (the template) and at RULE.json as JSON.
A view may also return a Response (a redirect, a download) that both renderings pass on.
Both renderings are kept per snapshot, person and address (web/cache.py)."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    jsonify,
    render_template,
    request,
    url_for,
)

from kb.text import dutch_number, shown_score
from web.cache import cached


def page(bp: Blueprint, rule: str, template: str, keep: bool = True, **options):
    """Register `view` at `rule` (HTML) and `rule`.json (JSON). Blueprints that use this
    have no url_prefix, so the twin sits beside the page: /ambities and /ambities.json.
    `keep=False` for pages that show more than the snapshot (an ingest job's progress)."""
    remember = cached if keep else (lambda view: view)

    def deco(view):
        @wraps(view)
        def as_html(**kwargs):
            context = view(**kwargs)
            if isinstance(context, (Response, tuple)):
                return context
            return render_template(template, **context)

        def as_json(**kwargs):
            context = view(**kwargs)
            if isinstance(context, (Response, tuple)):
                return context
            return jsonify(context)

        bp.add_url_rule(rule, view.__name__, remember(as_html), **options)
        bp.add_url_rule(rule + ".json", view.__name__ + "_json", remember(wraps(view)(as_json)), **options)
        return as_html
    return deco


def json_twin_url() -> str | None:
    """The address of this page's JSON twin, with the same arguments, if it has one."""
    endpoint = request.endpoint
    if not endpoint or endpoint.endswith("_json") or f"{endpoint}_json" not in current_app.view_functions:
        return None
    return url_for(f"{endpoint}_json", **(request.view_args or {}), **request.args.to_dict(flat=False))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["json_twin_url"] = json_twin_url
    app.jinja_env.filters["getal"] = dutch_number  # {{ value|getal }}: "62,18", "94"
    app.jinja_env.filters["score"] = shown_score  # {{ link.score|score }}: "0,14" for 0.1485
