"""Where the test material is: the bundled corpus and the shared folders of real PDFs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = ROOT / "documents"
WILD = ROOT.parent / "shared" / "pdfs-wild"
PLAN_ID = "rotterdam-strategische-themas-2019-2022"
REPORT_ID = "rotterdam-jaarverslag-2020"


def aid(key: str, plan: str = PLAN_ID) -> str:
    """The global id of ambition `key` of a plan (the bundled one by default): "<plan>:<key>"."""
    return f"{plan}:{key}"
