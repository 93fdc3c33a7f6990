"""The assignment plan: which annotators annotate which document, kept in ``CORPUS/assignments.json``.

The plan is plain JSON, one line per document, so that a pull request that assigns work is reviewable::

    {
      "version": 1,
      "seed": 0,
      "overlap": 0.2,
      "annotators": ["alice", "bob", "carol"],
      "documents": {
        "000_0850c832f78e4e8b": ["alice", "bob"],
        "001_0cefdf8c56bef465": ["carol"]
      }
    }

How :func:`extend_plan` assigns (deterministic given the seed; what is assigned is never changed):

- the plan's documents and annotators stay as they are; new documents (in corpus order) and new
  annotators are added;
- ``overlap`` is the fraction of all documents annotated by two people (for agreement): the number of
  double-annotated documents is topped up to ``round(overlap * documents)`` by choosing among the
  *new* documents those ranked first by ``sha256(seed, document id)`` (a choice that does not depend on
  the order or number of other documents);
- each new document goes to the annotator(s) with the fewest assignments so far, ties broken by
  ``sha256(seed, document id, annotator)``; a new annotator starts with none and so gets new work first.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from annotate.corpus import Corpus, check_name
from annotate.errors import DataError, StorageError, UsageError
from annotate.jsonl import atomic_write_bytes

PLAN_FILE = "assignments.json"
PLAN_VERSION = 1
_KEYS = ("version", "seed", "overlap", "annotators", "documents")


@dataclass
class Plan:
    """Annotators per document (document order is the plan's, annotator order the plan's)."""

    seed: int = 0
    overlap: float = 0.0
    annotators: list[str] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)

    def assigned_to(self, annotator: str) -> list[str]:
        """The documents assigned to ``annotator``, in plan order."""
        return [doc_id for doc_id, names in self.documents.items() if annotator in names]

    def overlap_documents(self) -> list[str]:
        """The documents assigned to two or more annotators."""
        return [doc_id for doc_id, names in self.documents.items() if len(names) > 1]

    def load(self) -> dict[str, int]:
        """Assignments per annotator."""
        counts = {name: 0 for name in self.annotators}
        for names in self.documents.values():
            for name in names:
                counts[name] += 1
        return counts

    def to_json(self) -> dict:
        return {"version": PLAN_VERSION, "seed": self.seed, "overlap": self.overlap,
                "annotators": list(self.annotators), "documents": {k: list(v) for k, v in self.documents.items()}}

    def to_bytes(self) -> bytes:
        """Pretty JSON with one line per document (small, stable diffs in pull requests)."""
        dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
        lines = ["{", f'  "version": {PLAN_VERSION},', f'  "seed": {dump(self.seed)},',
                 f'  "overlap": {dump(self.overlap)},', f'  "annotators": {dump(self.annotators)},']
        if not self.documents:
            lines.append('  "documents": {}')
        else:
            lines.append('  "documents": {')
            items = list(self.documents.items())
            for i, (doc_id, names) in enumerate(items):
                lines.append(f"    {dump(doc_id)}: {dump(names)}" + ("," if i + 1 < len(items) else ""))
            lines.append("  }")
        lines.append("}")
        return ("\n".join(lines) + "\n").encode("utf-8")


def plan_path(corpus: Corpus | str | Path) -> Path:
    """``CORPUS/assignments.json``."""
    corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    return corpus.root / PLAN_FILE


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    seen: dict = {}
    for key, value in pairs:
        if key in seen:
            raise _Duplicate(key)
        seen[key] = value
    return seen


class _Duplicate(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_plan(data: bytes, *, file: str | Path) -> Plan:
    """Check and read a plan file's bytes; raises :class:`DataError` naming the file and the field."""

    def bad(message: str, field_name: str | None = None, record: str | None = None) -> DataError:
        return DataError(message, file=file, record_id=record, field=field_name)

    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except UnicodeDecodeError as exc:
        raise bad(f"byte {exc.start} is not valid UTF-8") from None
    except _Duplicate as exc:
        raise bad(f"the key {exc.key!r} appears twice") from None
    except (ValueError, RecursionError) as exc:
        raise bad(f"not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise bad('expected a JSON object {"version": 1, "seed": N, "overlap": F, "annotators": [...], '
                  '"documents": {DOC_ID: [ANNOTATOR, ...]}}')
    unknown = [key for key in value if key not in _KEYS]
    if unknown:
        raise bad(f"unknown key (expected {', '.join(_KEYS)})", unknown[0])
    missing = [key for key in _KEYS if key not in value]
    if missing:
        raise bad("missing", missing[0])
    if value["version"] != PLAN_VERSION or isinstance(value["version"], bool):
        raise bad(f"expected {PLAN_VERSION}, found {value['version']!r}", "version")
    seed = value["seed"]
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise bad(f"expected an integer, found {seed!r}", "seed")
    overlap = value["overlap"]
    if (not isinstance(overlap, (int, float)) or isinstance(overlap, bool) or not math.isfinite(overlap)
            or not 0 <= overlap <= 1):
        raise bad(f"expected a number from 0 to 1, found {overlap!r}", "overlap")
    annotators = value["annotators"]
    if not isinstance(annotators, list):
        raise bad("expected a list of annotator names", "annotators")
    for i, name in enumerate(annotators):
        if not isinstance(name, str):
            raise bad(f"expected an annotator name, found {name!r}", f"annotators.{i}")
        _check(name, "annotator name", bad, f"annotators.{i}")
        if annotators.index(name) != i:
            raise bad(f"{name!r} is listed twice", f"annotators.{i}")
    documents = value["documents"]
    if not isinstance(documents, dict):
        raise bad("expected an object {DOC_ID: [ANNOTATOR, ...]}", "documents")
    known = set(annotators)
    for doc_id, names in documents.items():
        _check(doc_id, "document id", bad, "documents", doc_id)
        where = f"documents.{doc_id}"
        if not isinstance(names, list) or not names:
            raise bad("expected a non-empty list of annotator names", where, doc_id)
        for i, name in enumerate(names):
            if not isinstance(name, str) or name not in known:
                raise bad(f"{name!r} is not one of the plan's annotators ({', '.join(annotators) or 'none'})",
                          f"{where}.{i}", doc_id)
            if names.index(name) != i:
                raise bad(f"{name!r} is listed twice", f"{where}.{i}", doc_id)
    return Plan(seed=seed, overlap=float(overlap), annotators=list(annotators),
                documents={k: list(v) for k, v in documents.items()})


def _check(name: str, what: str, bad, field_name: str, record: str | None = None) -> None:
    try:
        check_name(name, what)
    except UsageError as exc:
        raise bad(str(exc), field_name, record) from None


def read_plan(corpus: Corpus | str | Path, *, check_documents: bool = True) -> Plan | None:
    """The corpus's plan, checked, or None when there is none.

    With ``check_documents``, every planned document must have its article in ``raw/`` (a removed
    article is a :class:`DataError` naming it: take it out of the plan in the same change).
    """
    corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    path = plan_path(corpus)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    plan = parse_plan(data, file=path)
    if check_documents:
        have = set(corpus.doc_ids())
        for doc_id in plan.documents:
            if doc_id not in have:
                raise DataError(f"no source article {doc_id}.txt in {corpus.raw_dir}", file=path,
                                record_id=doc_id, field=f"documents.{doc_id}")
    return plan


def load_plan(corpus: Corpus | str | Path) -> Plan:
    """Like :func:`read_plan`, but a corpus without a plan is a :class:`UsageError`."""
    plan = read_plan(corpus)
    if plan is None:
        raise UsageError(f"{plan_path(corpus)}: no assignment plan here (make one with annotate assign "
                         "--annotators NAME,NAME)")
    return plan


def _rank(*parts: object) -> bytes:
    return hashlib.sha256("\0".join(str(p) for p in parts).encode("utf-8")).digest()


def _round(value: float) -> int:
    return math.floor(value + 0.5 + 1e-9)


@dataclass
class Extension:
    """What :func:`extend_plan` added."""

    plan: Plan
    new_documents: list[str] = field(default_factory=list)
    new_annotators: list[str] = field(default_factory=list)
    new_overlap: list[str] = field(default_factory=list)
    written: bool = False  # set by :func:`assign` when it wrote the plan file

    @property
    def changed(self) -> bool:
        return bool(self.new_documents or self.new_annotators)


def extend_plan(plan: Plan | None, doc_ids: list[str], *, annotators: list[str] | None = None,
                overlap: float | None = None, seed: int | None = None) -> Extension:
    """The plan extended to ``doc_ids`` and ``annotators`` (see the module docstring); pure.

    Raises :class:`UsageError` for an annotator list that drops one of the plan's annotators, a seed
    other than the plan's, an overlap outside 0..1 or one that needs two annotators when there are fewer.
    """
    base = plan or Plan(seed=0 if seed is None else seed, overlap=0.0 if overlap is None else overlap)
    if plan is not None and seed is not None and seed != plan.seed:
        raise UsageError(f"the plan was made with seed {plan.seed}; another seed would reshuffle it (leave out "
                         "--seed, or start a new plan by removing assignments.json)")
    names = list(base.annotators)
    added: list[str] = []
    for name in annotators or []:
        check_name(name, "annotator name")
        if name not in names:
            names.append(name)
            added.append(name)
    if annotators is not None:
        dropped = [name for name in base.annotators if name not in annotators]
        if dropped:
            raise UsageError(f"the plan assigns work to {', '.join(dropped)}, not in --annotators: an annotator is "
                             "never removed automatically (their documents would be reshuffled); list them too, "
                             "or edit assignments.json by hand")
    if not names:
        raise UsageError("no annotators: give --annotators NAME,NAME,...")
    fraction = base.overlap if overlap is None else overlap
    if not (math.isfinite(fraction) and 0 <= fraction <= 1):
        raise UsageError(f"--overlap must be from 0 to 1, not {fraction:g}")
    if fraction > 0 and len(names) < 2:
        raise UsageError("an overlap needs at least two annotators")
    result = Plan(seed=base.seed, overlap=fraction, annotators=names,
                  documents={k: list(v) for k, v in base.documents.items()})
    new = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id not in result.documents]
    total = len(result.documents) + len(new)
    have = len(result.overlap_documents())
    need = min(len(new), max(0, _round(fraction * total) - have))
    double = set(sorted(new, key=lambda doc_id: _rank(result.seed, doc_id))[:need])
    load = result.load()
    for doc_id in new:
        k = 2 if doc_id in double else 1
        chosen = sorted(names, key=lambda name: (load[name], _rank(result.seed, doc_id, name)))[:k]
        chosen.sort(key=names.index)
        for name in chosen:
            load[name] += 1
        result.documents[doc_id] = chosen
    return Extension(plan=result, new_documents=new, new_annotators=added,
                     new_overlap=[d for d in new if d in double])


def assign(corpus: Corpus | str | Path, *, annotators: list[str] | None = None, overlap: float | None = None,
           seed: int | None = None, dry_run: bool = False) -> Extension:
    """Make or extend ``CORPUS/assignments.json`` for every article in the corpus and write it atomically
    (unless ``dry_run``). The plan on disk is read and checked first; what it assigns is kept."""
    corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    corpus.require()
    plan = read_plan(corpus)
    if plan is None and not annotators:
        raise UsageError("no assignment plan yet: give --annotators NAME,NAME,...")
    doc_ids = corpus.doc_ids()
    if not doc_ids:
        raise UsageError(f"no articles in {corpus.raw_dir} (add them with annotate import text)")
    extension = extend_plan(plan, doc_ids, annotators=annotators, overlap=overlap, seed=seed)
    if not dry_run and (plan is None or extension.plan.to_bytes() != plan.to_bytes()):
        atomic_write_bytes(plan_path(corpus), extension.plan.to_bytes())
        extension.written = True
    return extension


def next_assigned(corpus: Corpus | str | Path, annotator: str) -> tuple[list[str], str | None] | None:
    """For a session without ``--doc``: ``(documents assigned to annotator, the one to open)``, or None
    when the corpus has no plan or the plan assigns nothing to ``annotator`` (the session then works as
    without a plan). The one to open is where the annotator's last session was, when that document is
    assigned and not complete, else the first assigned document not complete; None when all are done."""
    from annotate.edit.store import AnnotationStore
    from schema import Status

    plan = read_plan(corpus)
    if plan is None:
        return None
    assigned = plan.assigned_to(annotator)
    if not assigned:
        return None
    store = AnnotationStore(corpus, annotator)
    unfinished = [doc_id for doc_id in assigned if store.status(doc_id) != Status.COMPLETE]
    if not unfinished:
        return assigned, None
    last = store.corpus.annotator_dir(annotator) / ".last-session.json"
    try:
        name = json.loads(last.read_text(encoding="utf-8"))["doc"]
    except (OSError, ValueError, KeyError, TypeError):
        name = None
    return assigned, (name if name in unfinished else unfinished[0])


__all__ = ["PLAN_FILE", "Extension", "Plan", "assign", "extend_plan", "load_plan", "next_assigned", "parse_plan",
           "plan_path", "read_plan"]
