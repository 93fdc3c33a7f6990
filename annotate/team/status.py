"""Progress of a team of annotators against the assignment plan (:mod:`.plan`).

:func:`team_status` reads the plan, each assigned annotator's files (``annotations/NAME/DOC_ID.jsonl``)
through the annotation-set readers that ``annotate agree`` uses, and the ids of ``gold.jsonl``, and
reports:

- per annotator: documents assigned, started (a file exists), done (status ``complete``), events in
  their assigned documents, and the warnings and errors ``annotate validate`` gives those documents
  (the guideline checks: a missing required argument, an unnormalized value, ...); documents they
  annotated without being assigned are counted apart;
- per document: each assigned annotator's state (``not started``, ``draft``, ``complete``), agreement
  figures (:func:`annotate.evaluate.agree.agree_documents`) for each pair of annotators who are both done, whether
  the gold has it, and whether it is *ready to adjudicate* (every assigned annotator done, not in gold);
- totals, and agreement pooled over every double-annotated document that is done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from annotate.corpus import Corpus
from annotate.errors import DataError

from .plan import Plan, load_plan

NOT_STARTED, DRAFT, COMPLETE = "not started", "draft", "complete"


@dataclass
class AnnotatorProgress:
    name: str
    assigned: int = 0
    started: int = 0
    done: int = 0
    events: int = 0
    warnings: int = 0
    errors: int = 0
    unassigned: list[str] = field(default_factory=list)  # documents annotated without being assigned

    def to_json(self) -> dict:
        return {"annotator": self.name, "assigned": self.assigned, "started": self.started, "done": self.done,
                "events": self.events, "warnings": self.warnings, "errors": self.errors,
                "unassigned": list(self.unassigned)}


@dataclass
class PairFigures:
    """Agreement of two annotators who are both done with a document (or pooled over documents)."""

    a: str
    b: str
    agreement: object  # annotate.evaluate.agree.PairAgreement

    def to_json(self) -> dict:
        f1 = self.agreement.f1
        return {"a": self.a, "b": self.b, "mentions_f1": _mentions_f1(self.agreement),
                "trigger_f1": f1["triggers"].f1, "trigger_type_f1": f1["triggers_typed"].f1,
                "argument_f1": f1["arguments_exact"].f1, "event_type_alpha": self.agreement.event_type_alpha,
                "matched_events": self.agreement.matched_events}


def _mentions_f1(agreement) -> float | None:
    ent, val = agreement.f1["entity_mentions"], agreement.f1["value_mentions"]
    total = ent.a + ent.b + val.a + val.b
    return 2 * (ent.matched + val.matched) / total if total else None


@dataclass
class DocumentStatus:
    id: str
    states: dict[str, str]  # assigned annotator -> state
    events: dict[str, int]  # assigned annotator -> events in their file
    in_gold: bool
    agreement: list[PairFigures] = field(default_factory=list)
    others: dict[str, str] = field(default_factory=dict)  # unassigned annotators with a file -> state

    @property
    def done(self) -> bool:
        return all(state == COMPLETE for state in self.states.values())

    @property
    def ready_to_adjudicate(self) -> bool:
        return self.done and not self.in_gold

    def to_json(self) -> dict:
        return {"id": self.id, "annotators": dict(self.states), "events": dict(self.events),
                "done": self.done, "in_gold": self.in_gold, "ready_to_adjudicate": self.ready_to_adjudicate,
                "agreement": [pair.to_json() for pair in self.agreement], "unassigned": dict(self.others)}


@dataclass
class TeamStatus:
    plan: Plan
    annotators: list[AnnotatorProgress]
    documents: list[DocumentStatus]
    unplanned: list[str]  # corpus articles the plan does not cover
    pooled: PairFigures | None = None
    pooled_documents: int = 0

    @property
    def complete(self) -> bool:
        """Every assigned document is done by every annotator it is assigned to."""
        return all(doc.done for doc in self.documents)

    def totals(self) -> dict:
        docs = self.documents
        return {
            "documents": len(docs), "overlap_documents": sum(1 for d in docs if len(d.states) > 1),
            "done": sum(1 for d in docs if d.done), "in_gold": sum(1 for d in docs if d.in_gold),
            "ready_to_adjudicate": sum(1 for d in docs if d.ready_to_adjudicate),
            "assignments": sum(a.assigned for a in self.annotators),
            "started": sum(a.started for a in self.annotators), "assignments_done": sum(a.done for a in self.annotators),
            "events": sum(a.events for a in self.annotators), "warnings": sum(a.warnings for a in self.annotators),
            "errors": sum(a.errors for a in self.annotators), "unplanned_documents": list(self.unplanned),
        }

    def to_json(self) -> dict:
        return {"annotators": [a.to_json() for a in self.annotators],
                "documents": [d.to_json() for d in self.documents],
                "totals": self.totals(), "complete": self.complete,
                "agreement": None if self.pooled is None else {**self.pooled.to_json(), "a": None, "b": None,
                                                                "documents": self.pooled_documents}}


def _state(document) -> str:
    return COMPLETE if document.annotation.status.value == "complete" else DRAFT


def team_status(corpus: Corpus | str | Path) -> TeamStatus:
    """The team's progress on ``corpus`` against its plan (see the module docstring).

    Raises :class:`UsageError` when the corpus has no plan, :class:`DataError` (naming file, line, document
    and field) when the plan or an assigned annotator's file is not valid.
    """
    from annotate.evaluate.agree import PairAgreement, agree_documents
    from annotate.annotation_sets import FolderSet, JsonlSet
    from annotate.evaluate.matching import check_document as check_comparable
    from annotate.validate import check_document

    corpus = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    corpus.require()
    plan = load_plan(corpus)
    gold_ids = set(JsonlSet(corpus.gold_path).ids()) if corpus.gold_path.is_file() else set()
    sets = {}
    for name in plan.annotators:
        folder = corpus.annotator_dir(name)
        sets[name] = FolderSet(folder, name=name) if folder.is_dir() else None
    progress = {name: AnnotatorProgress(name) for name in plan.annotators}
    for name, aset in sets.items():
        if aset is not None:
            mine = set(plan.assigned_to(name))
            progress[name].unassigned = [doc_id for doc_id in aset.ids() if doc_id not in mine]

    def read(name: str, doc_id: str):
        aset = sets.get(name)
        if aset is None or doc_id not in aset:
            return None
        document = aset.get(doc_id)
        path, line = aset.location(doc_id)
        if document.annotation.annotator != name:
            raise DataError(f"belongs to annotator {document.annotation.annotator!r}, expected {name!r} (the "
                            "folder's name)", file=path, line=line, record_id=doc_id, field="annotation.annotator")
        check_comparable(document, file=f"{path}:{line}")
        return document

    documents: list[DocumentStatus] = []
    pooled = PairAgreement()
    pooled_docs = 0
    for doc_id, names in plan.documents.items():
        status = DocumentStatus(doc_id, states={}, events={}, in_gold=doc_id in gold_ids)
        complete = []
        for name in names:
            person = progress[name]
            person.assigned += 1
            document = read(name, doc_id)
            if document is None:
                status.states[name] = NOT_STARTED
                status.events[name] = 0
                continue
            state = _state(document)
            status.states[name] = state
            status.events[name] = len(document.events)
            person.started += 1
            person.events += len(document.events)
            for incident in check_document(document, corpus_root=corpus.root):
                if incident.severity == "error":
                    person.errors += 1
                elif incident.severity == "warning":
                    person.warnings += 1
            if state == COMPLETE:
                person.done += 1
                complete.append((name, document))
        for name, aset in sets.items():
            if name not in names and aset is not None and doc_id in aset:
                status.others[name] = _state(read(name, doc_id))
        compared = False
        for (a, doc_a), (b, doc_b) in combinations(complete, 2):
            if doc_a.text != doc_b.text:
                continue  # validate reports the text that differs from the article
            result = agree_documents(doc_a, doc_b)
            status.agreement.append(PairFigures(a, b, result))
            pooled.add(result)
            compared = True
        pooled_docs += compared
        documents.append(status)
    planned = set(plan.documents)
    unplanned = [doc_id for doc_id in corpus.doc_ids() if doc_id not in planned]
    return TeamStatus(plan=plan, annotators=list(progress.values()), documents=documents, unplanned=unplanned,
                      pooled=PairFigures("", "", pooled) if pooled_docs else None, pooled_documents=pooled_docs)


__all__ = ["AnnotatorProgress", "DocumentStatus", "PairFigures", "TeamStatus", "team_status"]
