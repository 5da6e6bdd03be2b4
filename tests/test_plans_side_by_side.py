"""Several plans in one data folder. Until ambition ids are per plan (issue 15), a second
version or another format of one plan cannot sit beside the first: that file is refused
with a message that says so, and the rest of the ingest goes in (it used to fail whole,
with "UNIQUE constraint failed: ambitions.id")."""

from __future__ import annotations

import shutil

from click.testing import CliRunner
from helpers.paths import DOCUMENTS, PLAN_ID, REPORT_ID

from kb.cli import main
from kb.library import Library


def test_a_second_copy_of_a_plan_is_refused_and_the_rest_goes_in(tmp_path):
    docs = tmp_path / "documents"
    shutil.copytree(DOCUMENTS, docs)
    shutil.copy(docs / f"{PLAN_ID}.txt", docs / "herziene-versie-van-het-plan.txt")
    shutil.copy(docs / f"{PLAN_ID}.meta.toml", docs / "herziene-versie-van-het-plan.meta.toml")
    data = tmp_path / "data"
    r = CliRunner().invoke(main, ["ingest", str(docs), "--data-dir", str(data)])
    assert r.exit_code == 1, r.output  # one file was not read: said, not hidden
    assert "Traceback" not in r.output and "UNIQUE" not in r.output
    assert "twee versies of vormen van één plan" in r.output
    snapshot = Library(data).snapshot()
    documents = set(snapshot.catalog.document_by_id)
    assert REPORT_ID in documents and len(documents) == 2  # the report and one of the two plans
    assert len(snapshot.catalog.ambitions) == 136
