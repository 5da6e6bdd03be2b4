"""A table (kb.tables.Table) as a CSV or XLSX download: the one way every export answers."""

from __future__ import annotations

from flask import Response, abort

from kb.tables import CONTENT_TYPES, Table


def download(table: Table, fmt: str) -> Response:
    if fmt not in CONTENT_TYPES:
        abort(404, "Kies csv of xlsx.")
    response = Response(table.render(fmt), headers={
        "Content-Disposition": f'attachment; filename="beleidsbank-{table.name}.{fmt}"'})
    response.headers["Content-Type"] = CONTENT_TYPES[fmt]  # as is: Flask would add a second charset
    return response
