"""Import source articles into a corpus: ``raw/DOC_ID.txt`` byte for byte, plus a registry entry.

:func:`import_texts` is the library behind ``annotate import text``. For each file it

- reads the bytes and requires UTF-8 (else :class:`~annotate.errors.DataError` with the byte offset);
- picks a stable id: ``doc_id`` when given, else the file stem sanitized to the id pattern
  (``Cuba visit (1).txt`` -> ``Cuba_visit_1``);
- detects a re-import: a text whose SHA-256 is already in the corpus, under any id, is reported as
  ``already imported as ID`` and nothing is written;
- refuses an id that is already used by a different text (:class:`~annotate.errors.UsageError`);
- copies the exact bytes to ``raw/ID.txt`` (atomic write) and records a :class:`schema.Source` (file
  name, sha256, title = first non-empty line unless given, DCT with method "stated" when given,
  language "en") in ``raw/registry.json`` (atomic write, under a lock);
- into a new corpus, writes a ``.gitignore`` (:data:`CORPUS_GITIGNORE`) for the locks, session files
  and caches that annotation leaves beside the annotations.

Every file of a call is checked before anything is written: one bad file means no change at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from schema import CreationTime, DctMethod, Source

from .corpus import Corpus, check_name, file_lock, sha256_text
from .errors import DataError, LockedError, StorageError, UsageError
from .jsonl import atomic_write_bytes

__all__ = ["CORPUS_GITIGNORE", "ImportResult", "doc_id_from_path", "import_texts", "title_of"]

#: Written as ``.gitignore`` into a corpus that ``import_texts`` creates: what sessions and commands keep
#: beside the annotations (locks, session side files, caches, temporary files) is not corpus data.
CORPUS_GITIGNORE = """\
# eventgold: session state, caches and locks beside the annotations (not corpus data)
*.lock
*.session.json
.last-session.json
.cache/
.*.tmp
*.bak
"""

ImportStatus = Literal["imported", "already-imported"]


@dataclass(frozen=True)
class ImportResult:
    """What happened to one file: ``imported`` as ``doc_id``, or ``already-imported`` as ``doc_id``."""

    path: Path
    doc_id: str
    status: ImportStatus
    source: Source
    characters: int

    @property
    def imported(self) -> bool:
        return self.status == "imported"


def doc_id_from_path(path: str | Path) -> str:
    """A document id from a file name: its stem, with characters outside ``[A-Za-z0-9_.:-]`` as ``_``."""
    stem = Path(path).name
    if stem.lower().endswith(".txt"):
        stem = stem[:-4]
    cleaned = re.sub(r"[^A-Za-z0-9_.:\-]+", "_", stem).strip("_.:-")
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned)[:128].rstrip("_.:-")
    return cleaned or "document"


def title_of(text: str, *, limit: int = 1000) -> str | None:
    """The first non-empty line of ``text``, stripped (None when there is none)."""
    for line in text.lstrip("\ufeff").splitlines():  # a byte-order mark is kept in the text, not the title
        line = line.strip()
        if line:
            return line[:limit]
    return None


def _check_dct(dct: str) -> str:
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", dct)
    if match:
        from datetime import date

        year, month, day = int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1)
        try:
            date(year, month, day)
            return dct
        except ValueError:
            pass
    raise UsageError(f"--dct {dct!r} is not a date: expected YYYY-MM-DD (or YYYY-MM, YYYY)")


def _read_utf8(path: Path) -> tuple[bytes, str]:
    if path.is_dir():
        raise UsageError(f"{path}: is a directory, expected a text file")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} (line {line}) "
                        "cannot be decoded; convert the file to UTF-8 first (e.g. iconv -f cp1252 -t utf-8)",
                        file=path) from None
    if not text.strip():
        raise DataError("the file is empty (or only white space); there is nothing to annotate", file=path)
    return data, text


def import_texts(
    paths: Iterable[str | Path],
    *,
    corpus: str | Path | Corpus,
    doc_id: str | None = None,
    title: str | None = None,
    dct: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    wait: float = 10.0,
) -> list[ImportResult]:
    """Add the articles at ``paths`` to ``corpus``; return one :class:`ImportResult` per file, in order.

    ``doc_id`` and ``title`` apply to a single file only. ``dct`` (``YYYY-MM-DD``) is recorded with
    method "stated" for every file. Raises DataError (not UTF-8, empty file) or UsageError (bad id,
    id clash, ``--id`` with several files) before writing anything. Another import holding the
    registry is waited for up to ``wait`` seconds (then :class:`~annotate.errors.LockedError`).
    """
    files = [Path(p) for p in paths]
    if not files:
        raise UsageError("no files to import")
    if doc_id is not None and len(files) > 1:
        raise UsageError("--id names one document; import the files one at a time to give each an id")
    if title is not None and len(files) > 1:
        raise UsageError("--title applies to one document; import the files one at a time to give each a title")
    if doc_id is not None:
        check_name(doc_id, "document id")
    dct_value = _check_dct(dct) if dct else None
    store = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    if store.root.exists() and not store.root.is_dir():
        raise UsageError(f"{store.root}: is not a folder (use --corpus DIR)")

    new_corpus = not store.registry_path.exists() and not (store.root / ".gitignore").exists()
    with _registry_lock(store, wait=wait):
        registry = store.registry()
        by_hash: dict[str, str] = {source.sha256: known for known, source in registry.items()}
        # Articles copied into raw/ by hand, without a registry entry, count too.
        unregistered: dict[str, str] = {}
        if store.raw_dir.is_dir():
            for raw in sorted(store.raw_dir.glob("*.txt")):
                if raw.stem not in registry:
                    try:
                        digest = hashlib.sha256(raw.read_bytes()).hexdigest()  # = sha256_text, any bytes
                    except OSError as exc:
                        raise StorageError(f"{raw}: cannot read: {exc.strerror or exc}") from exc
                    unregistered[raw.stem] = digest
                    by_hash.setdefault(digest, raw.stem)

        results: list[ImportResult] = []
        writes: list[tuple[str, bytes, Source]] = []
        for path in files:
            data, text = _read_utf8(path)
            digest = sha256_text(text)
            new_id = doc_id or doc_id_from_path(path)
            check_name(new_id, "document id")
            known = by_hash.get(digest)
            if known is not None:
                source = registry.get(known) or next((s for i, _, s in writes if i == known), None)
                if source is None:  # an unregistered raw file with the same text: register it
                    source = _source(path, digest, text, title, dct_value, publisher, url)
                    writes.append((known, data, source))
                    results.append(ImportResult(path, known, "imported", source, len(text)))
                    continue
                results.append(ImportResult(path, known, "already-imported", source, len(text)))
                continue
            taken = new_id in registry or new_id in unregistered or any(i == new_id for i, _, _ in writes)
            if taken:
                raise UsageError(f"{path}: document id {new_id!r} is already used by a different text in "
                                 f"{store.root}; choose another with --id")
            source = _source(path, digest, text, title, dct_value, publisher, url)
            writes.append((new_id, data, source))
            by_hash[digest] = new_id
            results.append(ImportResult(path, new_id, "imported", source, len(text)))

        if writes:
            for new_id, data, _source_ in writes:
                target = store.raw_path(new_id)
                if not (target.exists() and target.read_bytes() == data):
                    atomic_write_bytes(target, data)
            for new_id, _data, source in writes:
                registry[new_id] = source
            store.write_registry(registry)
            if new_corpus and not (store.root / ".gitignore").exists():
                atomic_write_bytes(store.root / ".gitignore", CORPUS_GITIGNORE.encode("utf-8"))
    return results


@contextlib.contextmanager
def _registry_lock(store: Corpus, *, wait: float) -> Iterator[None]:
    """Hold the registry's lock, waiting up to ``wait`` seconds for another import to finish."""
    deadline = time.monotonic() + wait
    with contextlib.ExitStack() as stack:
        while True:
            try:
                stack.enter_context(file_lock(store.registry_path, what=f"the registry of {store.root}"))
                break
            except LockedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)
        yield


def _source(path: Path, digest: str, text: str, title: str | None, dct: str | None, publisher: str | None,
            url: str | None) -> Source:
    return Source(
        file_name=path.name[:1024],
        sha256=digest,
        title=(title.strip()[:1000] or None) if title is not None else title_of(text),
        publisher=publisher,
        url=url,
        dct=CreationTime(value=dct, method=DctMethod.STATED) if dct else None,
        language="en",
    )
