"""Durable per-annotator storage: ``corpus/annotations/NAME/DOC_ID.jsonl`` and its session side file.

Design (see ``docs/annotating.md``):

- The annotation file holds one line, one :class:`schema.Document` (annotator NAME, status draft or
  complete). After every confirmed action the whole line is rewritten with write, fsync, rename,
  fsync of the folder (:func:`annotate.jsonl.write_documents`). Documents are a few KB, so this costs
  about a millisecond, and at every instant the file is either the previous or the next complete line:
  a kill (SIGKILL included) can never leave a file that does not parse. Before each write the document
  is checked with :func:`annotate.validate.check_document`, so the file passes ``annotate validate``.
- The side file ``DOC_ID.session.json`` holds the session position (sentence), the undo and redo stacks,
  the suggestions the annotator rejected, and a copy of the state it describes. It is written the same
  atomic way, *after* the document. If the process dies between the two writes, or the document was
  changed by ``annotate event ...`` in between sessions, the two disagree; :meth:`AnnotationStore.open_session`
  then keeps the document (it is the annotator's confirmed work) and pushes the side file's state onto
  the undo stack, so nothing is lost and the change can still be undone.
- A session and ``annotate event`` hold ``DOC_ID.jsonl.lock`` (:func:`annotate.corpus.file_lock`, flock,
  freed by the kernel when the process dies) while they work on a document.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from annotate.corpus import Corpus, check_name, file_lock, sha256_text
from annotate.errors import DataError, LockedError, StorageError
from annotate.jsonl import atomic_write_bytes, iter_lines, write_documents
from schema import AnnotationInfo, Document, Source, Status

from .history import History, State, restore, snapshot

__all__ = ["AnnotationStore", "SessionState", "hold_lock", "validation_errors"]

SIDE_SUFFIX = ".session.json"
SIDE_VERSION = 1


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def validation_errors(doc: Document, *, corpus_root: Path | None = None) -> list[str]:
    """The error-level problems ``annotate validate`` would report for ``doc`` (warnings are allowed)."""
    from annotate.validate import check_document

    return [f"{i.field + ': ' if i.field else ''}{i.message} [{i.test_id}]"
            for i in check_document(doc, corpus_root=corpus_root) if i.severity == "error"]


@contextlib.contextmanager
def hold_lock(path: Path, *, what: str, wait: float = 0.0) -> Iterator[None]:
    """:func:`annotate.corpus.file_lock` on ``path``, retrying for up to ``wait`` seconds."""
    deadline = time.monotonic() + max(0.0, wait)
    delay = 0.01
    stack = contextlib.ExitStack()
    while True:
        try:
            stack.enter_context(file_lock(path, what=what))
            break
        except LockedError as exc:
            if time.monotonic() >= deadline:
                if wait > 0:
                    raise LockedError(f"{exc} (waited {wait:g} s)") from None
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
    with stack:
        yield


@dataclass
class SessionState:
    """What a session remembers besides the document: position, history, rejected suggestions."""

    sentence: int = 0
    history: History = field(default_factory=History)
    rejected: list[str] = field(default_factory=list)
    state: State | None = None  # the document state this side file describes
    # the suggestions the session offered ("Type:start-end"), for the validator's undecided-suggestions
    offered: list[str] | None = None
    # how the document was last marked complete: {"at", "forced", "problems"} (a forced `done` is recorded)
    completed: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        data = {"version": SIDE_VERSION, "sentence": self.sentence, "rejected": self.rejected,
                "state": self.state, **self.history.to_json()}
        if self.offered is not None:
            data["offered"] = self.offered
        if self.completed is not None:
            data["completed"] = self.completed
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "SessionState":
        offered = data.get("offered")
        completed = data.get("completed")
        return cls(sentence=int(data.get("sentence", 0)), history=History.from_json(data),
                   rejected=[str(r) for r in data.get("rejected", [])], state=data.get("state"),
                   offered=[str(k) for k in offered] if isinstance(offered, list) else None,
                   completed=completed if isinstance(completed, dict) else None)


class AnnotationStore:
    """One annotator's files in a corpus: load, create, save and lock their documents."""

    def __init__(self, corpus: Corpus | str | Path, annotator: str) -> None:
        self.corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
        self.annotator = check_name(annotator, "annotator name")

    # -- paths ------------------------------------------------------------------------------------
    def path(self, doc_id: str) -> Path:
        return self.corpus.annotation_path(self.annotator, doc_id)

    def side_path(self, doc_id: str) -> Path:
        return self.corpus.annotator_dir(self.annotator) / f"{check_name(doc_id, 'document id')}{SIDE_SUFFIX}"

    def analysis_path(self, doc_id: str) -> Path:
        """Cache of the document's sentences and tokens (see :mod:`.analysis_cache`)."""
        return self.corpus.annotator_dir(self.annotator) / ".cache" / f"{check_name(doc_id, 'document id')}.analysis.json"

    @contextlib.contextmanager
    def lock(self, doc_id: str, *, wait: float = 0.0) -> Iterator[None]:
        """Exclusive use of this annotator's document (refused at once, or after ``wait`` seconds).

        Temporary files that a killed writer of this document left behind are removed: only the lock
        holder writes them, so while we hold it any that exist are stale.
        """
        with hold_lock(self.path(doc_id), what=f"{self.annotator}'s annotation of {doc_id}", wait=wait):
            self._remove_stale_temporaries(doc_id)
            yield

    def _remove_stale_temporaries(self, doc_id: str) -> None:
        folder = self.corpus.annotator_dir(self.annotator)
        for name in (self.path(doc_id).name, self.side_path(doc_id).name):
            for stale in folder.glob(f".{name}.*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()

    # -- documents --------------------------------------------------------------------------------
    def exists(self, doc_id: str) -> bool:
        return self.path(doc_id).exists()

    def read(self, doc_id: str) -> Document | None:
        """The saved document, or None when the annotator has not started it."""
        path = self.path(doc_id)
        if not path.exists():
            return None
        from annotate.jsonl import read_documents

        docs = list(read_documents(path))
        if len(docs) != 1:
            raise DataError(f"expected exactly one document line, found {len(docs)}", file=path)
        doc = docs[0]
        if doc.id != doc_id:
            raise DataError(f"holds document {doc.id!r}, expected {doc_id!r}", file=path, line=1, field="id")
        if doc.annotation.annotator != self.annotator:
            raise DataError(f"belongs to annotator {doc.annotation.annotator!r}, expected {self.annotator!r}",
                            file=path, line=1, record_id=doc_id, field="annotation.annotator")
        return doc

    def new_document(self, doc_id: str) -> Document:
        """An empty draft of ``doc_id`` from ``raw/DOC_ID.txt`` and the registry's source metadata."""
        text = self.corpus.raw_text(doc_id)
        digest = sha256_text(text)
        source = self.corpus.registry().get(doc_id)
        if source is None:
            source = Source(file_name=f"{doc_id}.txt", sha256=digest)
        elif source.sha256 != digest:
            raise DataError(f"the registry's sha256 {source.sha256[:12]}... does not match the article text "
                            f"({digest[:12]}...): the article changed after import", file=self.corpus.raw_path(doc_id),
                            record_id=doc_id)
        now = _now()
        return Document(id=doc_id, text=text, source=source,
                        annotation=AnnotationInfo(annotator=self.annotator, status=Status.DRAFT, created=now,
                                                  modified=now))

    def load(self, doc_id: str) -> Document:
        """The saved document, or a new empty draft."""
        return self.read(doc_id) or self.new_document(doc_id)

    def save(self, doc: Document) -> Document:
        """Check ``doc`` like ``annotate validate`` and write it durably; returns what was written.

        Raises DataError (and writes nothing) when the document has an error-level problem.
        """
        problems = validation_errors(doc, corpus_root=self.corpus.root)
        if problems:
            raise DataError("; ".join(problems[:3]) + (f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""),
                            record_id=doc.id)
        info = doc.annotation.model_copy(update={"modified": _now(), "annotator": self.annotator})
        doc = doc.model_copy(update={"annotation": info})
        write_documents(self.path(doc.id), [doc])
        return doc

    # -- session side file ------------------------------------------------------------------------
    def read_side(self, doc_id: str) -> SessionState:
        path = self.side_path(doc_id)
        if not path.exists():
            return SessionState()
        try:
            data = json.loads(path.read_bytes())
            return SessionState.from_json(data)
        except OSError as exc:
            raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            raise DataError(f"session file is damaged ({exc}); move it away to start a fresh history",
                            file=path) from None

    def write_side(self, doc_id: str, state: SessionState) -> None:
        data = json.dumps(state.to_json(), ensure_ascii=False, separators=(",", ":"))
        atomic_write_bytes(self.side_path(doc_id), data.encode("utf-8"))

    def open_session(self, doc_id: str) -> tuple[Document, SessionState]:
        """The document and its session state, reconciled (see the module docstring)."""
        doc = self.load(doc_id)
        side = self.read_side(doc_id)
        current = snapshot(doc)
        if side.state is not None and side.state != current:
            try:
                restore(doc, side.state)  # only keep states that still parse
                side.history.record("changes saved outside this session", side.state)
            except ValueError:
                pass
        side.state = current
        return doc, side

    def commit(self, doc: Document, side: SessionState) -> Document:
        """Save the document, then the side file that describes it (in that order)."""
        doc = self.save(doc)
        side.state = snapshot(doc)
        self.write_side(doc.id, side)
        return doc

    def status(self, doc_id: str) -> Status | None:
        """The saved status of ``doc_id`` (None when not started), reading only what is needed."""
        path = self.path(doc_id)
        if not path.exists():
            return None
        for _, raw in iter_lines(path):
            try:
                return Status(json.loads(raw)["annotation"]["status"])
            except (ValueError, KeyError, TypeError, RecursionError):
                return None
        return None
