"""Prodigy JSONL: export documents as ``relations`` tasks, and import Prodigy tasks (also ``db-out``).

One task per document (events often take arguments from the neighbouring sentence, and a per-sentence
task would cut those links; news articles are short enough for Prodigy's ``relations`` view with
``wrap``). A task has:

- ``text``, ``meta`` (``id``, ``title``, ``dct``), ``tokens`` ``[{text, start, end, id, ws}]`` from
  :func:`annotate.nlp.spacy_doc` (every spaCy token, white-space tokens included, as Prodigy's own
  ``add_tokens`` does);
- ``spans`` ``[{start, end, token_start, token_end, label}]``: character offsets (code points, end
  exclusive) and token indices (``token_end`` inclusive): mentions labeled with their type, triggers
  with their event type;
- ``relations`` ``[{head, child, head_span, child_span, label}]``: trigger -> argument, ``label`` the
  role, ``head``/``child`` the index of the last token of each span (Prodigy's convention);
- ``answer: "accept"``, ``_input_hash`` / ``_task_hash`` (stable 32-bit ints), ``_view_id: "relations"``;
- ``eventgold``: what Prodigy has no place for (ids, entity ids, normalizations, attributes, hoppers,
  clusters, notes, provenance, source metadata), keyed by span offsets and label so that spans added or
  removed in Prodigy do not shift it. Prodigy keeps unknown task keys, so the import restores them.

Import: spans whose (mapped) label is an event type are triggers, others mentions; relations from a
trigger are arguments (a relation drawn from the argument to the trigger is read the other way and
reported); relations between mentions that map to ``Coreference`` link entities. Rejected and
ignored tasks are skipped and reported.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schema import AnnotationInfo, Document, Source

from ..corpus import Corpus, sha256_text
from ..errors import DataError, StorageError
from ..jsonl import atomic_write_chunks, iter_lines
from .importing import (
    ForeignRelation, ForeignSpan, IdAllocator, ImportReport, SourceResolver, assemble_document, make_annotation,
    safe_id,
)
from .mapping import LabelMapping

VIEW_ID = "relations"


def stable_hash(value: Any) -> int:
    """A signed 32-bit int from the canonical JSON of ``value`` (Prodigy's hashes are 32-bit ints too)."""
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return int.from_bytes(hashlib.sha256(data).digest()[:4], "big", signed=True)


@dataclass
class ProdigyExportSummary:
    out: Path
    tasks: int = 0
    spans: int = 0
    relations: int = 0
    misaligned: int = 0  # spans that do not start and end on token boundaries (offsets stay exact)
    ambiguous: int = 0  # spans equal to an earlier span of the task (relations cannot tell them apart)

    def to_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "tasks": self.tasks, "spans": self.spans, "relations": self.relations,
                "misaligned_spans": self.misaligned, "ambiguous_spans": self.ambiguous}


class _Tokens:
    def __init__(self, text: str) -> None:
        from ..nlp import spacy_doc

        doc = spacy_doc(text)
        self.tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
                        "ws": bool(t.whitespace_)} for t in doc]
        self.starts = [t["start"] for t in self.tokens]

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, start: int, end: int, label: str) -> tuple[dict[str, Any], bool]:
        first, last = self.index(start), self.index(end - 1)
        aligned = bool(self.tokens) and self.tokens[first]["start"] == start and self.tokens[last]["end"] == end
        return {"start": start, "end": end, "token_start": first, "token_end": last, "label": label}, aligned


def document_to_task(document: Document) -> tuple[dict[str, Any], int]:
    """The Prodigy task for ``document`` and the number of spans not aligned to tokens."""
    tokens = _Tokens(document.text)
    misaligned = 0
    spans: list[dict[str, Any]] = []
    span_of_mention: dict[str, dict[str, Any]] = {}
    mention_extras = []
    for mention in document.mentions:
        span, aligned = tokens.span(mention.start, mention.end, mention.type.value)
        misaligned += not aligned
        spans.append(span)
        span_of_mention[mention.id] = span
        extra = mention.model_dump(mode="json", exclude_none=True, include={"id", "entity", "time", "money",
                                                                            "provenance"})
        mention_extras.append({"key": [mention.start, mention.end, mention.type.value], **extra})
    relations = []
    event_extras = []
    for event in document.events:
        trigger, aligned = tokens.span(event.trigger.start, event.trigger.end, event.type)
        misaligned += not aligned
        spans.append(trigger)
        for argument in event.arguments:
            child = span_of_mention.get(argument.mention)
            if child is None:
                raise DataError(f"event {event.id}: argument {argument.role} points to mention {argument.mention!r}, "
                                "which the document does not have", record_id=document.id, field="events")
            relations.append({"head": trigger["token_end"], "child": child["token_end"], "head_span": dict(trigger),
                              "child_span": dict(child), "label": argument.role})
        extra = event.model_dump(mode="json", exclude_none=True,
                                 include={"id", "attributes", "coref", "cluster", "notes", "provenance"})
        if any(a.provenance is not None for a in event.arguments):
            extra["argument_provenance"] = [a.provenance.model_dump(mode="json", exclude_none=True)
                                            if a.provenance else None for a in event.arguments]
        event_extras.append({"key": [event.trigger.start, event.trigger.end, event.type], **extra})
    meta: dict[str, Any] = {"id": document.id}
    if document.source.title:
        meta["title"] = document.source.title
    if document.source.dct:
        meta["dct"] = document.source.dct.value
    task: dict[str, Any] = {
        "text": document.text, "meta": meta, "tokens": tokens.tokens, "spans": spans, "relations": relations,
        "answer": "accept", "_view_id": VIEW_ID,
        "eventgold": {
            "document": document.model_dump(mode="json", exclude_none=True,
                                            include={"schema_version", "id", "source", "annotation"}),
            "mentions": mention_extras, "events": event_extras,
        },
    }
    task["_input_hash"] = stable_hash({"text": document.text})
    task["_task_hash"] = stable_hash({"input": task["_input_hash"], "spans": spans, "relations": relations})
    return task, misaligned


def export_prodigy(documents: Iterable[Document], out: str | Path) -> ProdigyExportSummary:
    """Write one Prodigy ``relations`` task per document to ``out`` (JSONL, atomically, streamed)."""
    summary = ProdigyExportSummary(Path(out))

    def lines() -> Iterator[bytes]:
        for document in documents:
            task, misaligned = document_to_task(document)
            summary.tasks += 1
            summary.spans += len(task["spans"])
            summary.relations += len(task["relations"])
            summary.misaligned += misaligned
            keys = [(span["start"], span["end"], span["label"]) for span in task["spans"]]
            summary.ambiguous += len(keys) - len(set(keys))
            yield json.dumps(task, ensure_ascii=False).encode("utf-8") + b"\n"

    atomic_write_chunks(out, lines())
    return summary


# == import =========================================================================================

def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def task_to_document(
    task: dict[str, Any],
    *,
    mapping: LabelMapping,
    report: ImportReport,
    resolver: SourceResolver,
    where: str,
    annotator: str | None = None,
    ids: IdAllocator | None = None,
) -> Document:
    """The Document of one accepted Prodigy task."""
    text = task.get("text")
    if not isinstance(text, str):
        raise DataError("a Prodigy task needs a string 'text'", file=where, field="text")
    extras = task.get("eventgold") if isinstance(task.get("eventgold"), dict) else {}
    doc_id, source, annotation = _header(task, text, extras, resolver=resolver, annotator=annotator, where=where)
    if ids is not None:
        doc_id = ids.take(doc_id, report, where)

    pools: dict[tuple[int, int, str], list[dict[str, Any]]] = {}
    for kind in ("mentions", "events"):
        for extra in extras.get(kind, []) if isinstance(extras.get(kind), list) else []:
            key = extra.get("key") if isinstance(extra, dict) else None
            if isinstance(key, list) and len(key) == 3:
                pools.setdefault((key[0], key[1], key[2]), []).append(
                    {k: v for k, v in extra.items() if k != "key"})

    tokens = task.get("tokens") if isinstance(task.get("tokens"), list) else []
    spans: list[ForeignSpan] = []
    by_offsets: dict[tuple[int, int, str | None], str] = {}
    duplicates: set[tuple[int, int, str]] = set()
    by_token_end: dict[int, list[str]] = {}
    raw_spans = task.get("spans") or []
    if not isinstance(raw_spans, list):
        raise DataError("'spans' must be a list", file=where, field="spans")
    for index, span in enumerate(raw_spans):
        start, end, label = (span.get("start"), span.get("end"), span.get("label")) if isinstance(span, dict) \
            else (None, None, None)
        if _int(start) is None or _int(end) is None or not isinstance(label, str):
            report.problem("span", f"spans[{index}] needs integer start/end and a label: {str(span)[:80]}", where)
            continue
        problem = _token_problem(text, tokens, span)
        if problem:
            report.problem("offsets", f"spans[{index}] {label} [{start}, {end}) {text[start:end]!r}: {problem}", where)
            continue
        key = f"S{index}"
        pool = pools.get((start, end, label))
        extra = pool.pop(0) if pool else {}
        spans.append(ForeignSpan(key=key, start=start, end=end, label=label, where=f"{where} spans[{index}]",
                                 text=span.get("text") if isinstance(span.get("text"), str) else None, extra=extra))
        if (start, end, label) in by_offsets:
            duplicates.add((start, end, label))
        by_offsets.setdefault((start, end, label), key)
        by_offsets.setdefault((start, end, None), key)
        if _int(span.get("token_end")) is not None:
            by_token_end.setdefault(span["token_end"], []).append(key)

    def find(span_ref: Any, token: Any) -> str | None:
        if isinstance(span_ref, dict) and _int(span_ref.get("start")) is not None:
            label = span_ref.get("label") if isinstance(span_ref.get("label"), str) else None
            if (span_ref["start"], span_ref.get("end"), label) in duplicates:
                report.warn("ambiguous-span", f"a relation points to {label} [{span_ref['start']}, "
                            f"{span_ref.get('end')}), which the task has twice; the first one is used", where)
            found = by_offsets.get((span_ref["start"], span_ref.get("end"), label))
            if found is None:
                found = by_offsets.get((span_ref["start"], span_ref.get("end"), None))
            return found
        candidates = by_token_end.get(token, []) if _int(token) is not None else []
        return candidates[0] if len(candidates) == 1 else None

    relations: list[ForeignRelation] = []
    raw_relations = task.get("relations") or []
    argument_provenance = {e["id"]: e.get("argument_provenance") for e in extras.get("events", [])
                           if isinstance(e, dict) and isinstance(e.get("id"), str)} if extras else {}
    seen_per_head: dict[str, int] = {}
    for index, relation in enumerate(raw_relations if isinstance(raw_relations, list) else []):
        if not isinstance(relation, dict) or not isinstance(relation.get("label"), str):
            report.problem("relation", f"relations[{index}] needs a label", where)
            continue
        head = find(relation.get("head_span"), relation.get("head"))
        child = find(relation.get("child_span"), relation.get("child"))
        if head is None or child is None:
            report.problem("relation", f"relations[{index}] {relation['label']!r}: its "
                           f"{'head' if head is None else 'child'} is not one of the task's spans", where)
            continue
        extra: dict[str, Any] = {}
        head_span = next(s for s in spans if s.key == head)
        event_id = head_span.extra.get("id")
        provenance = argument_provenance.get(event_id) if event_id else None
        if provenance:
            position = seen_per_head.get(head, 0)
            seen_per_head[head] = position + 1
            if position < len(provenance) and provenance[position] is not None:
                extra["provenance"] = provenance[position]
        relations.append(ForeignRelation(head=head, child=child, label=relation["label"],
                                         where=f"{where} relations[{index}]", extra=extra))
    try:
        return assemble_document(doc_id=doc_id, text=text, source=source, annotation=annotation, spans=spans,
                                 relations=relations, mapping=mapping, report=report, where=where)
    except ValidationError as exc:
        from ..jsonl import describe_validation_error

        field_name, message = describe_validation_error(exc)
        raise DataError(message, file=where, record_id=doc_id, field=field_name) from None


def _token_problem(text: str, tokens: list[Any], span: dict[str, Any]) -> str | None:
    """Why a span's character offsets disagree with the tokens it names, or None.

    Prodigy's manual interfaces select whole tokens, so a span's ``start`` lies in its ``token_start``
    and its ``end`` in its ``token_end`` (or the white space after it): offsets counted another way
    (UTF-16, bytes) or shifted by hand show up here even when the span carries no text.
    """
    first, last = _int(span.get("token_start")), _int(span.get("token_end"))
    if first is None or last is None or not tokens:
        return None
    if not (0 <= first <= last < len(tokens)) or not all(isinstance(tokens[i], dict) for i in (first, last)):
        return f"token_start/token_end {first}/{last} are not tokens of the task ({len(tokens)} tokens)"
    head, tail = tokens[first], tokens[last]
    for token in (head, tail):
        t_start, t_end = _int(token.get("start")), _int(token.get("end"))
        if t_start is None or t_end is None or (isinstance(token.get("text"), str)
                                                and text[t_start:t_end] != token["text"]):
            return f"token {token.get('id')} does not match the text at its offsets"
    def limit(i: int) -> int:  # a token reaches to the next token (its trailing white space included)
        following = tokens[i + 1] if i + 1 < len(tokens) and isinstance(tokens[i + 1], dict) else None
        return following["start"] if following and _int(following.get("start")) is not None else len(text)

    if not (head["start"] <= span["start"] < limit(first) and tail["start"] < span["end"] <= limit(last)):
        return (f"the offsets fall outside tokens {first}-{last} ({text[head['start']:tail['end']]!r}); "
                "were they counted in another unit?")
    return None


def _header(task: dict[str, Any], text: str, extras: dict[str, Any], *, resolver: SourceResolver,
            annotator: str | None, where: str) -> tuple[str, Source, AnnotationInfo]:
    header = extras.get("document") if isinstance(extras.get("document"), dict) else None
    if header is not None:
        try:
            source = Source.model_validate(header["source"])
            annotation = AnnotationInfo.model_validate(header["annotation"])
            doc_id = header["id"]
        except (KeyError, TypeError, ValidationError):
            header = None
        else:
            if source.sha256 == sha256_text(text):
                if annotator:
                    annotation = annotation.model_copy(update={"annotator": annotator})
                return doc_id, source, annotation
            header = None  # the text was changed: treat it as a new text
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    fallback = next((str(meta[k]) for k in ("id", "doc_id", "document") if isinstance(meta.get(k), (str, int))),
                    None) or f"prodigy-{task.get('_input_hash', 'task')}"
    doc_id, source, _known = resolver.resolve(text, file_name=str(meta.get("source") or fallback),
                                              fallback_id=safe_id(fallback))
    return doc_id, source, make_annotation(annotator or "prodigy")


def iter_json_records(path: str | Path) -> Iterator[tuple[str, Any]]:
    """``(where, record)`` for each record of a JSONL file, of a JSON file holding a list, or of a JSON file
    holding one object."""
    p = Path(path)
    try:
        with open(p, "rb") as handle:
            head = handle.read(1 << 12).lstrip()
    except OSError as exc:
        raise StorageError(f"{p}: cannot read: {exc.strerror or exc}") from exc
    if head.startswith(b"["):
        try:
            data = json.loads(p.read_bytes())
        except ValueError as exc:
            raise DataError(f"not valid JSON: {exc}", file=p) from None
        for index, record in enumerate(data):
            yield f"{p}[{index}]", record
        return
    for number, raw in iter_lines(p):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except ValueError as exc:
            if number == 1 and head.startswith(b"{"):  # maybe one pretty-printed JSON object
                try:
                    whole = json.loads(p.read_bytes())
                except ValueError:
                    whole = None
                if isinstance(whole, dict):
                    yield str(p), whole
                    return
            raise DataError(f"not valid JSON: {exc}", file=p, line=number) from None
        yield f"{p}:{number}", record


def import_prodigy(
    path: str | Path,
    *,
    mapping: LabelMapping | None = None,
    report: ImportReport | None = None,
    corpus: Corpus | str | Path | None = None,
    annotator: str | None = None,
    session: str | None = None,
) -> Iterator[Document]:
    """Yield one Document per accepted task of a Prodigy JSONL file (``db-out`` output or our export).

    Tasks answered ``reject`` or ``ignore`` are skipped and reported; a task without an answer is taken
    as accepted (a pre-annotated input file) and reported. With ``session``, only tasks whose
    ``_session_id`` is that (``events-alice``) or ends with ``-`` + it (``alice``) are read: a ``db-out``
    of a multi-annotator dataset holds each text once per annotator.
    """
    mapping = mapping or LabelMapping()
    report = report if report is not None else ImportReport()
    report.source = report.source or str(path)
    resolver = SourceResolver(corpus)
    ids = IdAllocator()
    for where, task in iter_json_records(path):
        if not isinstance(task, dict):
            raise DataError("a Prodigy task is a JSON object", file=where)
        if session is not None:
            task_session = str(task.get("_session_id", ""))
            if task_session != session and not task_session.endswith(f"-{session}"):
                report.warn("other-session", f"task of session {task_session or '(none)'!r}: not imported", where)
                continue
        answer = task.get("answer")
        if answer in ("reject", "ignore"):
            report.warn("skipped", f"task answered {answer!r}: not imported", where)
            continue
        if answer is None:
            report.warn("no-answer", "task has no answer: imported as accepted", where)
        elif answer != "accept":
            raise DataError(f"unknown answer {answer!r} (expected accept, reject or ignore)", file=where,
                            field="answer")
        yield task_to_document(task, mapping=mapping, report=report, resolver=resolver, where=where,
                               annotator=annotator, ids=ids)


__all__ = ["ProdigyExportSummary", "document_to_task", "export_prodigy", "import_prodigy", "iter_json_records",
           "stable_hash", "task_to_document"]
