"""One adjudication: open the sets, decide every item (journal, person or ``--prefer``), write the gold.

Two passes over the documents. The first asks a person about every item that the journal does not
already decide, journaling each answer durably as it is given (so a killed session loses nothing
confirmed and a re-run continues where it stopped). The second pass merges again, now entirely from
the journal, and streams the gold documents into the output, written atomically. With ``--prefer``
there is nothing to ask: one pass merges and writes, the preferred set's version winning each
disagreement, including its absence (an item the preferred set does not have is dropped).
"""

from __future__ import annotations

import contextlib
import getpass
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from schema import Decision, Document

from ..annotation_sets import AnnotationSet, open_annotation_sets
from ..corpus import Corpus, check_name, file_lock
from ..errors import DataError, UsageError
from ..jsonl import atomic_write_bytes, write_documents
from .interactive import PromptResolver
from .merge import Item, MergeStats, Resolution, merge_document
from .store import DecisionJournal


#: Without --force, a merge may lose at most this fraction of the events the output file already holds.
DEFAULT_MAX_LOSS = 0.1


@dataclass
class AdjudicationSummary:
    """What :func:`adjudicate` did."""

    out: Path
    journal: Path | None
    sets: list[str]
    documents: int = 0
    stats: MergeStats = field(default_factory=MergeStats)
    decisions_recorded: int = 0  # by this run
    decisions_reused: int = 0  # from the journal of earlier runs
    partial_documents: dict[str, list[str]] = field(default_factory=dict)  # doc id -> sets that have it
    drafts: dict[str, list[str]] = field(default_factory=dict)  # doc id -> sets whose version is a draft
    problems: list[str] = field(default_factory=list)  # validation errors of the output
    warnings: list[str] = field(default_factory=list)  # validation warnings of the output
    left_out_drafts: dict[str, list[str]] = field(default_factory=dict)  # doc id -> sets whose draft was left out
    # doc id -> (events, arguments) before (in the file replaced; None when new) and after
    changes: dict[str, tuple[tuple[int, int] | None, tuple[int, int] | None]] = field(default_factory=dict)
    backup: Path | None = None  # where the replaced file was kept
    reference: Path | None = None  # the existing gold compared with (the output file, else the corpus gold)
    forced: bool = False

    @property
    def events_before(self) -> int:
        return sum(before[0] for before, _ in self.changes.values() if before)

    @property
    def events_lost(self) -> int:
        """Events of the replaced file that the new one does not have, counted per document."""
        return sum(max(0, before[0] - (after[0] if after else 0)) for before, after in self.changes.values() if before)

    def to_json(self) -> dict:
        return {
            "out": str(self.out), "journal": str(self.journal) if self.journal else None, "sets": self.sets,
            "documents": self.documents, "agreed": self.stats.agreed, "decided": self.stats.decided,
            "dropped": self.stats.dropped, "role_mismatch": self.stats.role_mismatch,
            "superseded_mentions": self.stats.superseded, "decisions_recorded": self.decisions_recorded,
            "decisions_reused": self.decisions_reused, "partial_documents": self.partial_documents,
            "drafts": self.drafts, "left_out_drafts": self.left_out_drafts,
            "changes": {doc: {"before": list(b) if b else None, "after": list(a) if a else None}
                        for doc, (b, a) in self.changes.items()},
            "backup": str(self.backup) if self.backup else None, "forced": self.forced,
            "problems": self.problems, "warnings": self.warnings,
        }


def prefer_resolver(preferred: str, order: Sequence[str]):
    """The ``--prefer`` policy: the preferred set's version (or absence) wins; where the preferred set
    does not take part (it lacks the document or the event), the first set in ``order`` that does."""

    def resolve(item: Item) -> Resolution:
        name = preferred if preferred in item.versions else next(n for n in order if n in item.versions)
        return Resolution("take", item.versions[name], Decision.PREFERRED, set=name)

    return resolve


def _validation_problems(document: Document, corpus_root: Path | None = None) -> tuple[list[str], list[str]]:
    """The error and warning lines ``annotate validate`` would print for ``document`` (content level;
    with ``corpus_root``, its text is also compared with the source article there)."""
    from annotate.validate import check_document

    from annotate.validate import check_guidelines

    errors, warnings = [], []
    for incident in check_document(document, corpus_root=corpus_root):
        (errors if incident.is_error else warnings).append(str(incident))
    if not errors:  # what level 5 (GUIDELINES) will say of this gold: the person should fix it next
        warnings.extend(str(i) for i in check_guidelines(document, status=False))
    return errors, warnings


def _union_ids(sets: Sequence[AnnotationSet]) -> list[str]:
    seen: dict[str, None] = {}
    for aset in sets:
        for doc_id in aset.ids():
            seen.setdefault(doc_id, None)
    return list(seen)


def adjudicate(
    sets: Sequence[str | Path],
    *,
    out: str | Path,
    prefer: str | None = None,
    adjudicator: str | None = None,
    corpus: str | Path | Corpus | None = None,
    journal: str | Path | None = None,
    ask=None,
    show=None,
    force: bool = False,
    include_drafts: bool = False,
    max_loss: float = DEFAULT_MAX_LOSS,
) -> AdjudicationSummary:
    """Merge annotation sets into gold documents written atomically to ``out`` (corpus JSONL).

    Without ``prefer``, disagreements are put to a person through ``ask(prompt) -> line | None`` and
    ``show(line)`` (see :class:`~annotate.adjudicate.interactive.PromptResolver`); every answer goes to
    the journal (default ``OUT.decisions.jsonl``) at once. With ``prefer`` (a set name) nothing is
    asked. Raises :class:`~annotate.adjudicate.interactive.AdjudicationStopped` when the person quits
    (decisions so far are kept), :class:`UsageError` for bad names, :class:`DataError` for bad data.

    Protections of existing gold: an existing ``out`` is replaced only with ``force`` or by a re-run of
    the same interactive adjudication (its journal holds decisions); the replaced file is kept as
    ``OUT.bak``; drafts (documents not marked complete) are left out unless ``include_drafts``; and a
    merge that loses more than ``max_loss`` (a fraction) of the events of the existing gold (``out``,
    else the corpus's ``gold.jsonl``) is refused (:class:`GoldLossError`, nothing written; ``max_loss=1``
    allows any loss; ``force`` does not, so that replacing the gold stays protected). ``summary.changes`` gives the events and
    arguments of every document before and after.
    """
    if not 0 <= max_loss <= 1:
        raise UsageError(f"--max-loss must be a fraction from 0 to 1, not {max_loss}")
    if adjudicator is not None:  # it becomes the documents' annotator: a name like every annotator's
        check_name(adjudicator, "--adjudicator name")
    opened = open_annotation_sets(list(sets), corpus=corpus, minimum=2)
    names = [s.name for s in opened]
    if prefer is not None and prefer not in names:
        raise UsageError(f"--prefer {prefer!r} is not one of the sets: {', '.join(names)}")
    if prefer is None and (ask is None or show is None):
        raise UsageError("without --prefer the adjudication needs a person to answer (ask and show)")
    out = Path(out)
    journal_path = Path(journal) if journal is not None else Path(str(out) + ".decisions.jsonl")
    # a re-run of an adjudication (its journal holds decisions) continues it and may rewrite its output
    resumed = prefer is None and journal_path.is_file() and journal_path.stat().st_size > 0
    if out.exists() and not (force or resumed):
        raise UsageError(f"{out} exists; adjudicating would replace it: write to a new file, or give --force "
                         f"(the current file is then kept as {out}.bak)")
    person = adjudicator or _user()
    order = ([prefer] if prefer else []) + [n for n in names if n != prefer]
    summary = AdjudicationSummary(out=out, journal=journal_path, sets=names)
    doc_ids = _union_ids(opened)
    root = corpus.root if isinstance(corpus, Corpus) else (Path(corpus) if corpus is not None else None)
    corpus_root = root if root is not None and (root / "raw").is_dir() else None

    from ..evaluate.agree import load_versions

    def versions_of(doc_id: str) -> dict[str, Document]:
        loaded = load_versions(opened, doc_id)
        present = {name: doc for name, doc in zip(names, loaded) if doc is not None}
        if not include_drafts:
            drafts = [name for name, doc in present.items() if doc.annotation.status.value == "draft"]
            if drafts:
                summary.left_out_drafts[doc_id] = drafts
                present = {name: doc for name, doc in present.items() if name not in drafts}
        return present

    # the gold this merge may replace: the output file, else the corpus's gold.jsonl
    reference = out if out.exists() else (root / "gold.jsonl" if root is not None else None)
    before = _counts(reference) if reference is not None and reference.is_file() else {}
    if reference != out:  # a new file replaces only the gold of the documents it holds
        before = {doc_id: counts for doc_id, counts in before.items() if doc_id in set(doc_ids)}
    summary.reference = reference if before else None

    with file_lock(journal_path, what=f"the adjudication journal {journal_path}"):
        store = DecisionJournal(journal_path)
        reused: set[str] = set()
        counting = [True]  # count reused decisions in the first pass only

        def from_journal(item: Item) -> Resolution | None:
            found = store.lookup(item)
            if found is not None and counting[0]:
                reused.add(item.key)
            return found

        if prefer is None:
            prompt = PromptResolver(ask, show, sets=names, adjudicator=person)

            def ask_person(item: Item) -> Resolution:
                found = from_journal(item)
                if found is not None:
                    return found
                resolution = prompt(item)
                store.record(item, resolution)
                return resolution

            for number, doc_id in enumerate(doc_ids, start=1):
                prompt.progress = f"document {number} of {len(doc_ids)}"
                while True:
                    versions = versions_of(doc_id)
                    if not versions:
                        break
                    document, _ = merge_document(versions, ask_person, adjudicator=adjudicator, priority=order)
                    errors, _warnings = _validation_problems(document, corpus_root)
                    if not errors or prompt.confirm_document(doc_id, errors):
                        break
                    store.reset(doc_id)
            counting[0] = False
            final = _journal_only(from_journal)
        else:
            policy = prefer_resolver(prefer, order)

            def final(item: Item) -> Resolution:
                return from_journal(item) or policy(item)

        def merged() -> Iterator[Document]:
            for doc_id in doc_ids:
                versions = versions_of(doc_id)
                if not versions:  # only drafts: left out, as the gold must not hold unfinished work
                    summary.changes[doc_id] = (before.get(doc_id), None)
                    continue
                if len(versions) < len(names):
                    summary.partial_documents[doc_id] = list(versions)
                drafts = [name for name, doc in versions.items() if doc.annotation.status.value == "draft"]
                if drafts:
                    summary.drafts[doc_id] = drafts
                document, stats = merge_document(versions, final, adjudicator=adjudicator, priority=order)
                summary.stats.add(stats)
                errors, warnings = _validation_problems(document, corpus_root)
                summary.problems.extend(errors)
                summary.warnings.extend(warnings)
                summary.documents += 1
                summary.changes[doc_id] = (before.get(doc_id), _count(document))
                yield document

        staging = out.with_name(f".{out.name}.adjudicate.tmp")
        write_documents(staging, merged())
        for doc_id, counts in before.items():
            summary.changes.setdefault(doc_id, (counts, None))
        try:
            lost, total = summary.events_lost, summary.events_before
            if total and lost / total > max_loss:
                raise GoldLossError(summary, max_loss)
            summary.forced = bool(force and out.exists())
            if out.exists():
                summary.backup = Path(str(out) + ".bak")
                atomic_write_bytes(summary.backup, out.read_bytes())
            os.replace(staging, out)
            _sync_folder(out.parent)
        finally:
            with contextlib.suppress(OSError):
                staging.unlink()
        summary.decisions_recorded = store.recorded
        summary.decisions_reused = len(reused)
    return summary


class GoldLossError(DataError):
    """The merge would lose more than ``max_loss`` of the events the output file already holds."""

    def __init__(self, summary: AdjudicationSummary, max_loss: float) -> None:
        worst = sorted(((b[0] - (a[0] if a else 0), doc) for doc, (b, a) in summary.changes.items() if b),
                       reverse=True)[:3]
        detail = ", ".join(f"{doc} {summary.changes[doc][0][0]} -> "  # type: ignore[index]
                           f"{(summary.changes[doc][1] or (0, 0))[0]}" for n, doc in worst if n > 0)
        super().__init__(f"the merge would lose {summary.events_lost} of the {summary.events_before} events of "
                         f"{summary.reference} (more than {max_loss:.0%}; most in {detail}); nothing written. Check "
                         "the sets (drafts are left out unless --include-drafts), or allow the loss with "
                         "--max-loss 1", file=summary.out)
        self.summary = summary


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(str(folder) or ".", os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _count(document: Document) -> tuple[int, int]:
    return len(document.events), sum(len(e.arguments) for e in document.events)


def _counts(path: Path) -> dict[str, tuple[int, int]]:
    """Events and arguments per document of an existing gold file (read through the validator's reader)."""
    from ..jsonl import read_documents

    return {doc.id: _count(doc) for doc in read_documents(path)}


def _journal_only(lookup):
    def resolve(item: Item) -> Resolution:
        found = lookup(item)
        if found is None:  # the first pass decided every item; a change under our feet is a usage error
            raise UsageError(f"{item.doc_id}: an annotation set changed during the adjudication; run it again")
        return found

    return resolve


def _user() -> str:
    try:
        return getpass.getuser() or "adjudicator"
    except (KeyError, OSError):
        return "adjudicator"


__all__ = ["AdjudicationSummary", "DEFAULT_MAX_LOSS", "GoldLossError", "adjudicate", "prefer_resolver"]
