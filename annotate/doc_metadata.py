"""Set or correct a document's metadata after import: its creation time (DCT) and source fields.

:func:`set_document_metadata` is the library behind ``annotate doc set``. A document imported without
``--dct`` (or with a wrong one) had no way to get it later: a re-import said "already imported,
nothing written". This changes the registry entry (``raw/registry.json``) and the ``source`` of every
record of the document (each annotator's ``annotations/NAME/DOC_ID.jsonl`` and the gold), so that the
session's suggestions and normalizations use the new DCT at once. Every change is recorded:

- the DCT's ``note`` says when and how it was set and what it was before;
- a line per changed field is appended to ``raw/registry.log`` (JSON lines: time, user, document,
  field, old value, new value, note): the provenance of the metadata.

Writes are atomic (registry, each annotation file, the gold), each under its lock; the records are
checked like ``annotate validate`` before they are written.
"""

from __future__ import annotations

import getpass
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from schema import CreationTime, DctMethod, Source

from .corpus import Corpus, check_name, file_lock
from .errors import DataError, StorageError, UsageError

__all__ = ["MetadataChange", "set_document_metadata"]

_FIELDS = ("title", "publisher", "url")


@dataclass
class MetadataChange:
    """What :func:`set_document_metadata` changed: ``changes`` is field -> (old, new)."""

    doc_id: str
    source: Source
    changes: dict[str, tuple[object, object]] = field(default_factory=dict)
    records: list[Path] = field(default_factory=list)  # annotation files and gold rewritten

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


def set_document_metadata(
    corpus: str | Path | Corpus,
    doc_id: str,
    *,
    dct: str | None = None,
    method: str | None = None,
    note: str | None = None,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    wait: float = 10.0,
) -> MetadataChange:
    """Set the creation time and/or source fields of ``doc_id``; returns what changed.

    ``dct`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; ``method`` is ``stated`` (default: the text or
    its metadata gives it) or ``inferred``; ``note`` says how it was established (default: when it was
    set and what it was before). ``title``, ``publisher`` and ``url`` replace those fields; an empty
    string clears one. Raises UsageError for an unknown document or a bad value.
    """
    from .articles import _check_dct, _registry_lock

    store = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    check_name(doc_id, "document id")
    if dct is None and method is not None:
        raise UsageError("--dct-method needs --dct")
    if dct is None and note is not None:
        raise UsageError("--note describes a new --dct; give --dct too")
    if dct is None and title is None and publisher is None and url is None:
        raise UsageError("nothing to set: give --dct, --title, --publisher or --url")
    if url and not url.startswith(("http://", "https://")):
        raise UsageError(f"--url {url!r}: expected an http(s) address")
    with _registry_lock(store, wait=wait):
        registry = store.registry()
        source = registry.get(doc_id)
        if source is None:
            raise UsageError(f"no document {doc_id!r} in {store.registry_path} (ids: "
                             f"{', '.join(list(registry)[:5]) or 'none'}{', ...' if len(registry) > 5 else ''})")
        today = datetime.now(timezone.utc).date().isoformat()
        update: dict[str, object] = {}
        changes: dict[str, tuple[object, object]] = {}
        if dct is not None:
            value = _check_dct(dct)
            try:
                how = DctMethod(method or "stated")
            except ValueError:
                raise UsageError(f"--dct-method {method!r}: expected stated or inferred") from None
            old = source.dct
            was = f"; was {old.value} ({old.method.value})" if old else "; there was none"
            new_note = note or f"set with annotate doc set on {today}{was}"
            new = CreationTime(value=value, method=how, note=new_note[:4000])
            if old is None or (old.value, old.method) != (new.value, new.method) or note is not None:
                update["dct"] = new
                changes["dct"] = (old.value if old else None, value)
        for name, given in (("title", title), ("publisher", publisher), ("url", url)):
            if given is None:
                continue
            new_value = given.strip()[:1000] or None
            if getattr(source, name) != new_value:
                update[name] = new_value
                changes[name] = (getattr(source, name), new_value)
        result = MetadataChange(doc_id, source)
        if not update:
            return result
        new_source = source.model_copy(update=update)
        Source.model_validate(new_source.model_dump())  # the same checks as the registry reader
        result.source, result.changes = new_source, changes
        records = _rewrite_records(store, doc_id, new_source)  # checked before the registry changes
        registry[doc_id] = new_source
        store.write_registry(registry)
        _log(store, doc_id, changes, note)
        result.records = records
    return result


def _rewrite_records(store: Corpus, doc_id: str, source: Source) -> list[Path]:
    """Give every record of ``doc_id`` (annotators' files, the gold) the new source; returns the files."""
    from .jsonl import read_documents, write_documents
    from .validate import check_document

    written: list[Path] = []
    for annotator in store.annotators():
        path = store.annotation_path(annotator, doc_id)
        if not path.exists():
            continue
        with file_lock(path, what=f"{annotator}'s annotation of {doc_id}"):
            docs = list(read_documents(path))
            new_docs = [d.model_copy(update={"source": source}) if d.id == doc_id else d for d in docs]
            _check(new_docs, path, check_document)
            write_documents(path, new_docs)
        written.append(path)
    gold = store.gold_path
    if gold.exists():
        with file_lock(gold, what=f"the gold {gold}"):
            docs = list(read_documents(gold))
            if any(d.id == doc_id for d in docs):
                new_docs = [d.model_copy(update={"source": source}) if d.id == doc_id else d for d in docs]
                _check([d for d in new_docs if d.id == doc_id], gold, check_document)
                write_documents(gold, new_docs)
                written.append(gold)
    return written


def _check(docs, path: Path, check_document) -> None:
    for doc in docs:
        errors = [str(i) for i in check_document(doc) if i.is_error]
        if errors:
            raise DataError(f"the new metadata would make the record invalid: {errors[0]}", file=path,
                            record_id=doc.id)


def _log(store: Corpus, doc_id: str, changes: dict[str, tuple[object, object]], note: str | None) -> None:
    """Append the changes to ``raw/registry.log`` (JSON lines), durably."""
    path = store.raw_dir / "registry.log"
    at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    lines = "".join(json.dumps({"at": at, "by": _user(), "doc": doc_id, "field": name, "old": old, "new": new,
                                "note": note, "tool": "annotate doc set"}, ensure_ascii=False) + "\n"
                    for name, (old, new) in changes.items())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, lines.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise StorageError(f"{path}: cannot record the change: {exc.strerror or exc}") from exc
