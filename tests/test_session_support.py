"""Helpers shared by the session, store and event CLI tests (no tests here)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from annotate.corpus import Corpus, sha256_text
from annotate.jsonl import read_documents
from annotate.validate import check_document
from schema import Document, Source

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "corpus" / "raw"  # the five seed articles, byte for byte (tests use only the repository)
LOAN_DOC = "001_0cefdf8c56bef465"  # "This entails the $50 million military loan that Cuba will use ..."


def make_corpus(root: Path, *doc_ids: str, texts: dict[str, str] | None = None) -> Path:
    """A corpus folder with the given seed articles (and extra ``texts`` by id), with a registry."""
    raw = root / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    sources = {}
    for doc_id in doc_ids:
        shutil.copyfile(SEEDS / f"{doc_id}.txt", raw / f"{doc_id}.txt")
    for doc_id, text in (texts or {}).items():
        (raw / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
    for path in sorted(raw.glob("*.txt")):
        text = path.read_bytes().decode("utf-8")
        sources[path.stem] = Source(file_name=path.name, sha256=sha256_text(text))
    Corpus(root).write_registry(sources)
    return root


def load_one(path: Path) -> Document:
    docs = list(read_documents(path))
    assert len(docs) == 1, f"{path} has {len(docs)} lines"
    return docs[0]


def assert_valid(path: Path, corpus_root: Path | None = None) -> Document:
    """The file holds one document that ``annotate validate`` accepts (no error-level incident)."""
    doc = load_one(path)
    errors = [str(i) for i in check_document(doc, corpus_root=corpus_root) if i.severity == "error"]
    assert not errors, errors
    for mention in doc.mentions:
        assert doc.text[mention.start:mention.end] == mention.text
    for event in doc.events:
        assert doc.text[event.trigger.start:event.trigger.end] == event.trigger.text
    return doc


def session_env() -> dict[str, str]:
    return {**os.environ, "TERM": "dumb", "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8",
            "PYTHONUNBUFFERED": "1"}


def spawn_session(corpus: Path, *args: str, annotator: str = "alice", timeout: float = 30,
                  env: dict[str, str] | None = None):
    """A real ``annotate session`` in a pseudo-terminal (pexpect), plain output, 200 columns; ``env``
    adds to its environment."""
    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "annotate", "session", "--corpus", str(corpus),
                                           "--annotator", annotator, *args],
                          env={**session_env(), **(env or {})}, encoding="utf-8", timeout=timeout, dimensions=(50, 200), cwd=str(REPO),
                          preexec_fn=default_sigint)
    return child


def default_sigint() -> None:
    """In a spawned child: Ctrl-C acts as in a terminal even when the test run was started with SIGINT
    ignored (a background job of a non-interactive shell inherits SIG_IGN, and Python then never raises
    KeyboardInterrupt: the Ctrl-C tests failed in a CI run started that way)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def side_state(corpus: Path, annotator: str, doc_id: str) -> dict:
    return json.loads((corpus / "annotations" / annotator / f"{doc_id}.session.json").read_text(encoding="utf-8"))
