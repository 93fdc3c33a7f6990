"""A semantic diff of two versions of a corpus or an annotation set: what a change to the gold changed.

A *version* is any of:

- a corpus JSONL file (``gold.jsonl``, an export), its documents keyed by id;
- a folder of ``DOC_ID.jsonl`` files (an annotator's ``annotations/NAME/``);
- a corpus folder (one with ``raw/``, ``annotations/`` or ``gold.jsonl``): its gold (set ``gold``) and every
  annotator's folder (set ``annotations/NAME``);
- a git revision (``HEAD~1``, a branch, a commit), meaning the corpus folder ``--corpus`` at that revision,
  or ``REV:PATH`` for another path. Files are listed with ``git ls-tree`` and read with ``git cat-file``;
  a file whose blob is the same in two revisions is not read at all.

Every document is read through the readers ``annotate agree`` uses (:mod:`annotate.annotation_sets`),
so a version that does not parse is one clear error naming the file (``REV:path`` for a revision), line
and document. Documents are paired by set and id; events by trigger (:func:`annotate.evaluate.matching.align_events`:
exact span first, then overlapping); arguments by role and filler span; mentions by span. Reported:

- documents added and removed, status changes, a text that changed;
- events added, removed and changed: type, trigger, realis/polarity/tense, corpus-wide cluster, note, and
  argument by argument (``Lender 'Russia' -> 'the Russian government'``, added, removed);
- mentions added, removed, retyped, and normalizations (TIME, MONEY values) changed;
- event hoppers and entity coreference whose grouping changed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from annotate.annotation_sets import AnnotationSet, FolderSet, JsonlSet
from annotate.errors import DataError, StorageError, UsageError
from .matching import align_events, check_document, normalization_key
from schema import Document, Mention


# -- results -----------------------------------------------------------------------------------------


@dataclass
class Change:
    """One change: ``kind`` (event, argument, attribute, mention, normalization, coreference, status, text)
    and ``action`` (added, removed, changed) of ``target`` (e.g. ``EV3 Loan 'loan'``), worded in ``detail``."""

    kind: str
    action: str
    target: str
    detail: str

    def to_json(self) -> dict:
        return {"kind": self.kind, "action": self.action, "target": self.target, "detail": self.detail}

    def line(self) -> str:
        mark = {"added": "+", "removed": "-"}.get(self.action, "~")
        return f"{mark} {self.kind} {self.target}" + (f": {self.detail}" if self.detail else "")


@dataclass
class DocumentDiff:
    """The changes of one document of one set; ``file``/``line`` locate it in the new version (the old
    one when it was removed)."""

    set: str
    id: str
    action: str  # added, removed, changed
    file: str
    line: int | None
    changes: list[Change] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"set": self.set, "id": self.id, "action": self.action, "file": self.file, "line": self.line,
                "changes": [c.to_json() for c in self.changes]}


_PLURAL = {"status": "statuses", "text": "texts"}


@dataclass
class CorpusDiff:
    old: str
    new: str
    documents: list[DocumentDiff] = field(default_factory=list)
    compared: int = 0  # documents present in both versions
    unchanged_files: int = 0  # files identical in two git revisions, not read

    def summary(self) -> dict:
        counts: dict[str, dict[str, int]] = {}
        for doc in self.documents:
            for change in doc.changes:
                bucket = counts.setdefault(change.kind, {"added": 0, "removed": 0, "changed": 0})
                bucket[change.action] += 1
        by_action = {a: sum(1 for d in self.documents if d.action == a) for a in ("added", "removed", "changed")}
        return {"documents": {**by_action, "compared": self.compared}, "unchanged_files_not_read": self.unchanged_files,
                "changes": counts}

    def summary_line(self) -> str:
        summary = self.summary()
        docs = summary["documents"]
        if not self.documents:
            skipped = f", {self.unchanged_files} unchanged file(s) not read" if self.unchanged_files else ""
            return f"no semantic change ({docs['compared']} document(s) compared{skipped})"
        parts = []
        for kind in ("event", "argument", "attribute", "mention", "normalization", "coreference", "status", "text"):
            if kind in summary["changes"]:
                c = summary["changes"][kind]
                parts.append(f"{_PLURAL.get(kind, kind + 's')} " + " ".join(f"{sign}{c[a]}" for sign, a in
                                                    (("+", "added"), ("-", "removed"), ("~", "changed")) if c[a]))
        total = docs["added"] + docs["removed"] + docs["changed"]
        return (f"{total} document(s) differ ({docs['added']} added, {docs['removed']} removed, {docs['changed']} "
                "changed)" + (": " + ", ".join(parts) if parts else ""))

    def to_json(self) -> dict:
        return {"old": self.old, "new": self.new, "summary": self.summary(), "summary_line": self.summary_line(),
                "documents": [d.to_json() for d in self.documents]}


# -- one document ------------------------------------------------------------------------------------


def _q(text: str, limit: int = 60) -> str:
    text = re.sub(r"[\r\n\t]+", " ", text)  # one line; other characters (a no-break space) stay as they are
    return "'" + (text if len(text) <= limit else text[:limit - 3] + "...") + "'"


def _mention_label(mention: Mention) -> str:
    return f"{mention.type.value} {_q(mention.text)}@{mention.start}"


def _value(mention: Mention | None) -> str:
    if mention is None:
        return "-"
    value = mention.time if mention.time is not None else mention.money
    if value is None:
        return "none"
    if mention.time is not None:
        t = mention.time
        return t.value + (f" ({t.mod.value})" if t.mod else "")
    m = mention.money
    if m.amount is not None:
        amount = _number(m.amount)
    else:
        amount = f"{'' if m.min is None else _number(m.min)}..{'' if m.max is None else _number(m.max)}"
    return f"{m.currency} {amount}" + (" approx." if m.approximate else "")


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _event_label(event) -> str:
    return f"{event.id} {event.type} {_q(event.trigger.text)}@{event.trigger.start}"


def _fillers(doc: Document, event, by_id: dict[str, Mention]) -> dict[str, list[Mention]]:
    roles: dict[str, list[Mention]] = {}
    for argument in event.arguments:
        roles.setdefault(argument.role, []).append(by_id[argument.mention])
    return roles


def _argument_summary(doc: Document, event, by_id: dict[str, Mention]) -> str:
    return ", ".join(f"{a.role} {_q(by_id[a.mention].text, 40)}" for a in event.arguments) or "no arguments"


def _event_changes(old: Document, new: Document, a, b, old_ids, new_ids) -> list[Change]:
    target = _event_label(b)
    changes: list[Change] = []
    if a.type != b.type:
        changes.append(Change("event", "changed", target, f"type {a.type} -> {b.type}"))
    if a.trigger.offsets != b.trigger.offsets:
        changes.append(Change("event", "changed", target, f"trigger {_q(a.trigger.text)}@{a.trigger.start} -> "
                                                          f"{_q(b.trigger.text)}@{b.trigger.start}"))
    for name in ("realis", "polarity", "tense"):
        va, vb = getattr(a.attributes, name), getattr(b.attributes, name)
        if va != vb:
            changes.append(Change("attribute", "changed", target, f"{name} {getattr(va, 'value', va)} -> "
                                                                  f"{getattr(vb, 'value', vb)}"))
    if a.cluster != b.cluster:
        changes.append(Change("attribute", "changed", target, f"cluster {a.cluster or '-'} -> {b.cluster or '-'}"))
    if (a.notes or None) != (b.notes or None):
        changes.append(Change("attribute", "changed", target, f"notes {_q(a.notes or '-')} -> {_q(b.notes or '-')}"))
    roles_a, roles_b = _fillers(old, a, old_ids), _fillers(new, b, new_ids)
    for role in list(dict.fromkeys([*roles_a, *roles_b])):
        spans_b = {m.offsets for m in roles_b.get(role, [])}
        spans_a = {m.offsets for m in roles_a.get(role, [])}
        gone = [m for m in roles_a.get(role, []) if m.offsets not in spans_b]
        came = [m for m in roles_b.get(role, []) if m.offsets not in spans_a]
        for x, y in zip(gone, came):
            changes.append(Change("argument", "changed", target, f"{role} {_q(x.text)}@{x.start} -> {_q(y.text)}@{y.start}"))
        for x in gone[len(came):]:
            changes.append(Change("argument", "removed", target, f"{role} {_q(x.text)}@{x.start}"))
        for y in came[len(gone):]:
            changes.append(Change("argument", "added", target, f"{role} {_q(y.text)}@{y.start}"))
    return changes


def _groups(items: list[tuple[tuple, str | None]]) -> set[frozenset]:
    by_label: dict[str, set] = {}
    for key, label in items:
        if label:
            by_label.setdefault(label, set()).add(key)
    return {frozenset(members) for members in by_label.values() if len(members) > 1}


def _coref_change(kind: str, old_items, new_items, describe: Callable[[tuple], str]) -> Change | None:
    old_groups, new_groups = _groups(old_items), _groups(new_items)
    if old_groups == new_groups:
        return None
    parts = []
    for group in sorted(new_groups - old_groups, key=min):
        parts.append("now together: " + ", ".join(describe(k) for k in sorted(group)))
    for group in sorted(old_groups - new_groups, key=min):
        parts.append("no longer together: " + ", ".join(describe(k) for k in sorted(group)))
    return Change("coreference", "changed", kind, "; ".join(parts))


def diff_documents(old: Document, new: Document) -> list[Change]:
    """The semantic changes from ``old`` to ``new`` (two versions of one document); empty when none."""
    changes: list[Change] = []
    if old.annotation.status != new.annotation.status:
        changes.append(Change("status", "changed", "document", f"{old.annotation.status.value} -> "
                                                               f"{new.annotation.status.value}"))
    if old.text != new.text:
        changes.append(Change("text", "changed", "document", f"{len(old.text)} -> {len(new.text)} code points; "
                                                             "offsets below refer to each version's own text"))
    old_ids, new_ids = old.mentions_by_id(), new.mentions_by_id()
    pairs = align_events(old, new)
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    for i, event in enumerate(old.events):
        if i not in paired_old:
            changes.append(Change("event", "removed", _event_label(event), _argument_summary(old, event, old_ids)))
    for j, event in enumerate(new.events):
        if j not in paired_new:
            changes.append(Change("event", "added", _event_label(event), _argument_summary(new, event, new_ids)))
    for i, j in pairs:
        changes += _event_changes(old, new, old.events[i], new.events[j], old_ids, new_ids)
    # mentions, by span (and type)
    old_spans = {(m.start, m.end): m for m in old.mentions}
    new_spans = {(m.start, m.end): m for m in new.mentions}
    for span, m in old_spans.items():
        if span not in new_spans:
            changes.append(Change("mention", "removed", _mention_label(m), ""))
    for span, m in new_spans.items():
        before = old_spans.get(span)
        if before is None:
            changes.append(Change("mention", "added", _mention_label(m),
                                  f"normalized {_value(m)}" if normalization_key(m) is not None else ""))
        elif before.type != m.type:
            changes.append(Change("mention", "changed", _mention_label(m), f"type {before.type.value} -> {m.type.value}"))
        elif normalization_key(before) != normalization_key(m):
            changes.append(Change("normalization", "changed", _mention_label(m), f"{_value(before)} -> {_value(m)}"))
    # coreference: event hoppers and entities, compared as groupings of spans
    hop = _coref_change("event hoppers", [((e.trigger.start, e.trigger.end), e.coref) for e in old.events],
                        [((e.trigger.start, e.trigger.end), e.coref) for e in new.events],
                        lambda k: _q(new.text[k[0]:k[1]], 30) + f"@{k[0]}")
    ent = _coref_change("entities", [((m.start, m.end), m.entity) for m in old.mentions],
                        [((m.start, m.end), m.entity) for m in new.mentions],
                        lambda k: _q(new.text[k[0]:k[1]], 30) + f"@{k[0]}")
    changes += [c for c in (hop, ent) if c is not None]
    return changes


# -- versions ----------------------------------------------------------------------------------------


@dataclass
class _Version:
    label: str
    sets: dict[str, AnnotationSet]  # set name ("" for a lone file or folder) -> set
    display: Callable[[str], str] = str  # a path read -> the path to show
    error_name: Callable[[str], str] = str  # a path read -> its name in error messages (REV:path for git)
    unchanged: int = 0  # git: JSONL files with the same blob at the same path in both revisions (not read)


def _is_corpus_folder(path: Path) -> bool:
    return any((path / part).is_dir() for part in ("raw", "annotations")) or (path / "gold.jsonl").is_file()


def _sets_of_corpus(path: Path) -> dict[str, AnnotationSet]:
    sets: dict[str, AnnotationSet] = {}
    if (path / "gold.jsonl").is_file():
        sets["gold"] = JsonlSet(path / "gold.jsonl", name="gold")
    annotations = path / "annotations"
    if annotations.is_dir():
        for folder in sorted(p for p in annotations.iterdir() if p.is_dir() and not p.name.startswith(".")):
            sets[f"annotations/{folder.name}"] = FolderSet(folder, name=folder.name)
    return sets


def _local(path: Path, label: str) -> dict[str, AnnotationSet]:
    if path.is_dir():
        return _sets_of_corpus(path) if _is_corpus_folder(path) else {"": FolderSet(path)}
    return {"": JsonlSet(path)}


def _git(args: list[str], *, cwd: Path, input: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=input, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed: give files or folders instead of revisions") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'}")
    return done.stdout


def _git_revision(spec: str, *, default_path: Path, cwd: Path) -> tuple[str, str] | None:
    """``(commit, path)`` when ``spec`` names a git revision (``REV`` or ``REV:PATH``), else None."""
    rev, sep, path = spec.partition(":")
    if not rev:
        return None
    try:
        done = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=cwd,
                              capture_output=True, check=False)
    except FileNotFoundError:
        return None
    if done.returncode != 0:
        return None
    commit = done.stdout.decode().strip()
    return commit, (path if sep else str(default_path))


def _read_blobs(ids: list[str], *, cwd: Path) -> Iterator[bytes]:
    """The contents of blobs ``ids``, in order, from one ``git cat-file --batch``."""
    if not ids:
        return
    out = _git(["cat-file", "--batch"], cwd=cwd, input=("\n".join(ids) + "\n").encode())
    at = 0
    for _ in ids:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if len(header) < 3 or header[1] != b"blob":
            raise StorageError(f"git cat-file: unexpected answer {out[at:end][:80]!r}")
        size = int(header[2])
        yield out[end + 1:end + 1 + size]
        at = end + 1 + size + 1


def _git_version(spec: str, commit: str, path: str, *, cwd: Path, workdir: Path, skip: set[tuple[str, str]]) -> _Version:
    """Write the JSONL files under ``path`` at ``commit`` (except blobs in ``skip``, unchanged on both sides)
    below ``workdir`` and open them like local files; shown paths are repository paths."""
    prefix = _git(["rev-parse", "--show-prefix"], cwd=cwd).decode().strip()
    wanted = os.path.normpath(os.path.join(prefix, path)) if (prefix or path) else "."
    wanted = "" if wanted == "." else wanted
    listing = _git(["ls-tree", "-r", "-z", "--full-name", commit, "--", path], cwd=cwd)
    entries: dict[str, str] = {}
    for item in listing.split(b"\0"):
        if item:
            meta, _, name = item.partition(b"\t")
            entries[name.decode("utf-8", "surrogateescape")] = meta.split()[2].decode()
    if not entries:
        raise UsageError(f"{spec}: nothing at {path!r} in revision {commit[:12]} (give REV:PATH for another path)")
    todo = [(name, blob) for name, blob in entries.items() if name.endswith(".jsonl") and (name, blob) not in skip]
    for (name, _), data in zip(todo, _read_blobs([blob for _, blob in todo], cwd=cwd)):
        target = workdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    local = workdir / wanted if wanted else workdir
    root = str(workdir) + os.sep
    rev = spec.partition(":")[0]

    def display(p: str) -> str:
        return p[len(root):] if p.startswith(root) else p

    def error_name(p: str) -> str:
        return f"{rev}:{display(p)}"

    sets: dict[str, AnnotationSet]
    try:
        if wanted in entries:  # a file
            if not wanted.endswith(".jsonl"):
                raise UsageError(f"{spec}: {wanted} is not a JSONL file")
            sets = {"": JsonlSet(local)} if local.exists() else {}
        else:
            inner = [name[len(wanted) + 1:] if wanted else name for name in entries]
            local.mkdir(parents=True, exist_ok=True)
            if any(name.startswith(("raw/", "annotations/")) or name == "gold.jsonl" for name in inner):
                sets = _sets_of_corpus(local)
            else:
                sets = {"": FolderSet(local)}
    except DataError as exc:  # a JSONL file whose ids cannot be read
        if exc.file is not None and exc.file.startswith(root):
            exc.file = error_name(exc.file)
        raise
    unchanged = sum(1 for name, blob in entries.items() if name.endswith(".jsonl") and (name, blob) in skip)
    return _Version(label=spec, sets=sets, display=display, error_name=error_name, unchanged=unchanged)


# -- the diff ----------------------------------------------------------------------------------------


def _documents(version: _Version) -> dict[tuple[str, str], tuple[AnnotationSet, str]]:
    found: dict[tuple[str, str], tuple[AnnotationSet, str]] = {}
    for name, aset in version.sets.items():
        for doc_id in aset.ids():
            found[(name, doc_id)] = (aset, doc_id)
    return found


def _load(version: _Version, aset: AnnotationSet, doc_id: str) -> tuple[Document, str, int | None]:
    path, line = aset.location(doc_id)
    shown = version.display(str(path))
    try:
        document = aset.get(doc_id)
        name = version.error_name(str(path))
        check_document(document, file=f"{name}:{line}" if line else name)
    except DataError as exc:
        if exc.file == str(path):
            exc.file = version.error_name(str(path))
        raise
    return document, shown, line


def diff_versions(old: str | Path, new: str | Path, *, corpus: str | Path = "corpus",
                  cwd: str | Path | None = None) -> CorpusDiff:
    """The semantic diff from ``old`` to ``new``: files, folders, corpus folders or git revisions (see the
    module docstring). Both must be the same kind of thing (two corpora, two sets, two files).

    Raises :class:`UsageError` for a spec that is neither an existing path nor a git revision, or a corpus
    compared with a lone set; :class:`DataError` for a document that does not parse or whose spans do
    not fit its text.
    """
    cwd = Path(cwd or ".")
    workdir = Path(tempfile.mkdtemp(prefix="eventgold-diff-"))
    try:
        specs = [str(old), str(new)]
        revisions = []
        for spec in specs:
            if not spec.strip():
                raise UsageError("an empty version was given (an unset shell variable?): name a file, a folder or "
                                 "a git revision")
            path = cwd / spec
            revisions.append(None if path.exists() else _git_revision(spec, default_path=Path(corpus), cwd=cwd))
            if not path.exists() and revisions[-1] is None:
                raise UsageError(f"{spec}: no such file or folder, and not a git revision here")
        skip: set[tuple[str, str]] = set()
        if revisions[0] and revisions[1]:
            listings = []
            for commit, path in revisions:
                listing = _git(["ls-tree", "-r", "-z", "--full-name", commit, "--", path], cwd=cwd)
                listings.append({(name.decode("utf-8", "surrogateescape"), meta.split()[2].decode())
                                 for meta, _, name in (item.partition(b"\t") for item in listing.split(b"\0") if item)})
            skip = listings[0] & listings[1]  # the same blob at the same path in both: unchanged, never read
        versions = []
        for spec, revision in zip(specs, revisions):
            if revision is None:
                versions.append(_Version(label=spec, sets=_local(cwd / spec, spec)))
            else:
                versions.append(_git_version(spec, *revision, cwd=cwd, workdir=workdir / str(len(versions)),
                                             skip=skip))
        kinds = [tuple(sorted(v.sets)) != ("",) for v in versions]
        if kinds[0] != kinds[1] and all(v.sets for v in versions):
            raise UsageError(f"{old} and {new} are not the same kind: compare two corpus folders (or revisions), "
                             "two annotation folders, or two JSONL files")
        return _diff(versions[0], versions[1])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _diff(old: _Version, new: _Version) -> CorpusDiff:
    result = CorpusDiff(old=old.label, new=new.label, unchanged_files=new.unchanged)
    before, after = _documents(old), _documents(new)
    for key in list(dict.fromkeys([*after, *before])):
        set_name, doc_id = key
        if key in before and key in after:
            a, _, _ = _load(old, *before[key])
            b, file, line = _load(new, *after[key])
            result.compared += 1
            if a == b:
                continue
            changes = diff_documents(a, b)
            if changes:
                result.documents.append(DocumentDiff(set_name, doc_id, "changed", file, line, changes))
        elif key in after:
            b, file, line = _load(new, *after[key])
            result.documents.append(DocumentDiff(set_name, doc_id, "added", file, line, [
                Change("event", "added", _event_label(e), _argument_summary(b, e, b.mentions_by_id()))
                for e in b.events]))
        else:
            a, file, line = _load(old, *before[key])
            result.documents.append(DocumentDiff(set_name, doc_id, "removed", file, line, [
                Change("event", "removed", _event_label(e), _argument_summary(a, e, a.mentions_by_id()))
                for e in a.events]))
    return result


# -- output ------------------------------------------------------------------------------------------


def format_text(diff: CorpusDiff) -> str:
    """Plain text, fit for a pull-request comment: a block per document, then the summary line."""
    lines: list[str] = []
    for doc in diff.documents:
        where = f"{doc.file}:{doc.line}" if doc.line else doc.file
        lines.append(f"{doc.set + ' ' if doc.set else ''}[{doc.id}] {doc.action} ({where})")
        lines += [f"  {change.line()}" for change in doc.changes]
        lines.append("")
    lines.append(diff.summary_line())
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(diff: CorpusDiff) -> str:
    """GitHub Actions workflow commands: one ``::notice`` per changed document on its line (the changes,
    one per line, in the message), then the summary as a plain line."""
    lines = []
    for doc in diff.documents:
        props = f"file={_escape_property(doc.file)}"
        if doc.line and doc.action != "removed":
            props += f",line={doc.line}"
        title = f"{doc.set + ' ' if doc.set else ''}{doc.id} {doc.action}"
        body = "\n".join(change.line() for change in doc.changes) or doc.action
        lines.append(f"::notice {props},title={_escape_property(title)}::{_escape_data(body)}")
    lines.append(diff.summary_line())
    return "\n".join(lines)


__all__ = ["Change", "CorpusDiff", "DocumentDiff", "diff_documents", "diff_versions", "format_github",
           "format_text"]
