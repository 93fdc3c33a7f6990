"""Small corpora for the parallel engines: a valid synthetic one, and a messy corpus folder that holds an
incident of every level (format, schema, content, and corpus-wide: duplicate ids, cluster types, source
articles, annotation files), spread over many pieces (EVENTGOLD_PIECE_BYTES cuts them small)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from benchmarks.synthetic import synthetic_documents
from tests.conftest import REPO, build_sample_document

#: Bytes per piece in these tests: a few documents each, so that every run has many pieces.
SMALL_PIECES = {"EVENTGOLD_PIECE_BYTES": "12000"}


def write_valid(path: Path, n: int = 40) -> Path:
    path.write_text("".join(doc.to_json() + "\n" for doc in synthetic_documents(n, seed=3)), encoding="utf-8")
    return path


def messy_corpus(root: Path) -> Path:
    """A corpus folder with a gold.jsonl of 30 good lines and bad ones in between, raw/ articles (one
    that differs from its gold text) and annotations/ files (one right, one misnamed, one empty)."""
    documents = list(synthetic_documents(30, seed=5))
    (root / "raw").mkdir(parents=True)
    for document in documents[:6]:
        (root / "raw" / f"{document.id}.txt").write_text(document.text, encoding="utf-8", newline="")
    (root / "raw" / f"{documents[7].id}.txt").write_text(documents[7].text + " changed", encoding="utf-8",
                                                           newline="")
    lines = [doc.to_json().encode() for doc in documents]
    clustered = next(doc for doc in documents if any(e.cluster for e in doc.events))
    event = next(e for e in clustered.events if e.cluster)
    other = next(e for e in documents[-1].events if e.type != event.type)
    mixed = documents[-1].model_copy(deep=True)
    mixed.id = "mixed-cluster"
    for candidate in mixed.events:
        if candidate.id == other.id:
            candidate.cluster = event.cluster
    bad = [
        (3, b"garbage"),
        (5, b""),
        (8, lines[2]),  # a duplicate document
        (11, b'{"id": "x", "id": "y"}'),
        (13, b"\xff\xfe not utf-8"),
        (16, build_sample_document("bad").to_json().encode().replace(b'"Moscow"', b'"Moskau"')),
        (18, build_sample_document("warn").to_json().encode().replace(
            b'"start":22,"end":28,"text":"Moscow"', b'"start":22,"end":25,"text":"Mos"')),
        (21, mixed.to_json().encode()),
        (24, lines[4] + b"\r"),  # CRLF: fine, but a duplicate too
        (26, json.dumps({"schema_version": "1.0", "id": "no-text"}).encode()),
    ]
    for at, line in bad:
        lines.insert(at, line)
    (root / "gold.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    alice = root / "annotations" / "alice"
    alice.mkdir(parents=True)
    for name, document, annotator in (("right", documents[1], "alice"), ("wrong", documents[2], "bob")):
        copy = document.model_copy(deep=True)
        copy.annotation.annotator = annotator
        target = alice / f"{copy.id if name == 'right' else 'misnamed'}.jsonl"
        target.write_text(copy.to_json() + "\n", encoding="utf-8")
    (alice / "empty.jsonl").write_bytes(b"")
    (root / "raw" / "registry.json").write_text("{not json", encoding="utf-8")
    return root


def suggest_corpus_copy(root: Path, n: int = 12) -> Path:
    """The bundled corpus plus ``n`` synthetic articles in raw/ (for suggest --all)."""
    shutil.copytree(REPO / "corpus", root)
    for document in synthetic_documents(n, seed=9):
        (root / "raw" / f"{document.id}.txt").write_text(document.text, encoding="utf-8", newline="")
    return root


def tree_bytes(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (relative path -> content)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
