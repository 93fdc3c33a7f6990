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
from ..errors import DataError, StorageError, UsageError
from ..jsonl import atomic_write_chunks
from ..evaluate.matching import check_document
from .importing import (
    ForeignRelation, ForeignSpan, IdAllocator, ImportReport, SourceResolver, assemble_document, make_annotation,
    safe_id, start_import,
)
from .mapping import LabelMapping
from .reading import iter_json_records, read_records

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
    cut: int = 0  # with unit "sentence": mentions, events, arguments no sentence task shows (kept for import)

    def to_dict(self) -> dict[str, Any]:
        return {"out": str(self.out), "tasks": self.tasks, "spans": self.spans, "relations": self.relations,
                "misaligned_spans": self.misaligned, "ambiguous_spans": self.ambiguous, "cut": self.cut}


class _Tokens:
    def __init__(self, text: str, tokens: list[dict[str, Any]] | None = None) -> None:
        if tokens is None:
            from ..nlp import spacy_doc

            doc = spacy_doc(text)
            tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
                       "ws": bool(t.whitespace_)} for t in doc]
        self.tokens = tokens
        self.starts = [t["start"] for t in self.tokens]

    def window(self, start: int, end: int) -> "_Tokens":
        """The tokens of ``[start, end)``, offsets and ids counted from the window's start."""
        inside = [t for t in self.tokens if start <= t["start"] < end]
        shifted = [{**t, "start": t["start"] - start, "end": min(t["end"], end) - start, "id": i,
                    "text": t["text"][:end - t["start"]], "ws": t["ws"] and t["end"] < end}
                   for i, t in enumerate(inside)]
        return _Tokens("", shifted)

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, start: int, end: int, label: str) -> tuple[dict[str, Any], bool]:
        first, last = self.index(start), self.index(end - 1)
        aligned = bool(self.tokens) and self.tokens[first]["start"] == start and self.tokens[last]["end"] == end
        return {"start": start, "end": end, "token_start": first, "token_end": last, "label": label}, aligned


def _argument_key(role: str, filler: dict[str, Any]) -> list[Any]:
    """What tells an exported argument's relation apart: its role and its filler span (task offsets)."""
    return [role, filler["start"], filler["end"], filler["label"]]


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
            extra["argument_keys"] = [_argument_key(a.role, span_of_mention[a.mention]) for a in event.arguments]
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


def document_to_sentence_tasks(document: Document) -> tuple[list[dict[str, Any]], int, int]:
    """One task per sentence of ``document`` (sentences of :func:`annotate.nlp.analyze`).

    Returns the tasks, the number of misaligned spans, and the number of items no sentence task can show
    (a mention or trigger across a sentence boundary, an argument in another sentence than its trigger).
    Those are not lost: the first task's ``eventgold.cut`` keeps them, so the import puts them back.
    Each task's ``eventgold`` holds ``offset`` (where its text starts in the document), ``index`` of each
    mention and event, and ``argument_positions``; the first task also holds the document text.
    """
    from ..nlp import analyze

    text = document.text
    sentences = analyze(text).sentences
    if not sentences:
        task, misaligned = document_to_task(document)
        return [task], misaligned, 0
    starts = [s.start for s in sentences]

    def sentence_of(start: int, end: int) -> int | None:
        from bisect import bisect_right as _bisect

        i = _bisect(starts, start) - 1
        return i if i >= 0 and end <= sentences[i].end else None

    mention_in = {m.id: sentence_of(m.start, m.end) for m in document.mentions}
    event_in = [sentence_of(e.trigger.start, e.trigger.end) for e in document.events]
    cut: dict[str, list[Any]] = {"mentions": [], "events": [], "arguments": []}
    for index, mention in enumerate(document.mentions):
        if mention_in[mention.id] is None:
            cut["mentions"].append({"index": index, **mention.model_dump(mode="json", exclude_none=True)})
    for index, (event, where) in enumerate(zip(document.events, event_in)):
        if where is None:
            cut["events"].append({"index": index, **event.model_dump(mode="json", exclude_none=True)})
            continue
        for position, argument in enumerate(event.arguments):
            if mention_in.get(argument.mention) != where:
                cut["arguments"].append({"event": event.id, "position": position,
                                         **argument.model_dump(mode="json", exclude_none=True)})
    all_tokens = _Tokens(text)
    header = document.model_dump(mode="json", exclude_none=True,
                                 include={"schema_version", "id", "source", "annotation"})
    tasks, misaligned = [], 0
    for number, sentence in enumerate(sentences):
        lo, hi = sentence.start, sentence.end
        tokens = all_tokens.window(lo, hi)
        spans: list[dict[str, Any]] = []
        relations: list[dict[str, Any]] = []
        span_of: dict[str, dict[str, Any]] = {}
        mention_extras, event_extras = [], []
        for index, mention in enumerate(document.mentions):
            if mention_in[mention.id] != number:
                continue
            span, aligned = tokens.span(mention.start - lo, mention.end - lo, mention.type.value)
            misaligned += not aligned
            spans.append(span)
            span_of[mention.id] = span
            extra = mention.model_dump(mode="json", exclude_none=True,
                                       include={"id", "entity", "time", "money", "provenance"})
            mention_extras.append({"key": [span["start"], span["end"], span["label"]], "index": index, **extra})
        for index, (event, where) in enumerate(zip(document.events, event_in)):
            if where != number:
                continue
            trigger, aligned = tokens.span(event.trigger.start - lo, event.trigger.end - lo, event.type)
            misaligned += not aligned
            spans.append(trigger)
            positions = []
            for position, argument in enumerate(event.arguments):
                child = span_of.get(argument.mention)
                if child is None:
                    continue  # in cut["arguments"]
                positions.append(position)
                relations.append({"head": trigger["token_end"], "child": child["token_end"],
                                  "head_span": dict(trigger), "child_span": dict(child), "label": argument.role})
            extra = event.model_dump(mode="json", exclude_none=True,
                                     include={"id", "attributes", "coref", "cluster", "notes", "provenance"})
            provenance = [event.arguments[p].provenance for p in positions]
            if any(p is not None for p in provenance):
                extra["argument_provenance"] = [p.model_dump(mode="json", exclude_none=True) if p else None
                                                for p in provenance]
                extra["argument_keys"] = [_argument_key(event.arguments[p].role, span_of[event.arguments[p].mention])
                                          for p in positions]
            event_extras.append({"key": [trigger["start"], trigger["end"], trigger["label"]], "index": index,
                                 "argument_positions": positions, **extra})
        block: dict[str, Any] = {"document": header, "offset": lo, "sentence": number,
                                 "sentences": len(sentences), "mentions": mention_extras, "events": event_extras}
        if number == 0:
            block["text"] = text
            block["cut"] = cut
        task: dict[str, Any] = {
            "text": text[lo:hi], "meta": {"id": document.id, "sentence": number, "offset": lo},
            "tokens": tokens.tokens, "spans": spans, "relations": relations, "answer": "accept",
            "_view_id": VIEW_ID, "eventgold": block,
        }
        task["_input_hash"] = stable_hash({"text": task["text"], "id": document.id, "sentence": number})
        task["_task_hash"] = stable_hash({"input": task["_input_hash"], "spans": spans, "relations": relations})
        tasks.append(task)
    cut_count = len(cut["mentions"]) + len(cut["events"]) + len(cut["arguments"])
    return tasks, misaligned, cut_count


UNITS = ("document", "sentence")


def export_prodigy(documents: Iterable[Document], out: str | Path, *, unit: str = "document") -> ProdigyExportSummary:
    """Write Prodigy ``relations`` tasks to ``out`` (JSONL, atomically, streamed): one per document, or
    one per sentence with ``unit="sentence"`` (what no sentence can show is kept for the import and counted
    in ``summary.cut``)."""
    if unit not in UNITS:
        raise UsageError(f"unknown task unit {unit!r}; expected {' or '.join(UNITS)}")
    summary = ProdigyExportSummary(Path(out))

    def lines() -> Iterator[bytes]:
        for document in documents:
            check_document(document)  # a span whose text disagrees with the document is refused
            if unit == "sentence":
                tasks, misaligned, cut = document_to_sentence_tasks(document)
                summary.cut += cut
            else:
                task, misaligned = document_to_task(document)
                tasks = [task]
            summary.misaligned += misaligned
            for task in tasks:
                summary.tasks += 1
                summary.spans += len(task["spans"])
                summary.relations += len(task["relations"])
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
    line: int | None = None,
) -> Document | None:
    """The Document of one accepted Prodigy task (None when the validator's checks leave nothing to
    hold). ``line`` (the task's line) names a task without id or input hash: ``prodigy-line12``."""
    text = task.get("text")
    if not isinstance(text, str):
        raise DataError("a Prodigy task needs a string 'text'", file=where, field="text")
    extras = task.get("eventgold") if isinstance(task.get("eventgold"), dict) else {}
    doc_id, source, annotation = _header(task, text, extras, resolver=resolver, annotator=annotator, where=where,
                                         line=line)
    if ids is not None:
        doc_id = ids.take(doc_id, report, where)
    spans, relations = read_task(task, text, report=report, where=where)
    return _assemble(doc_id=doc_id, text=text, source=source, annotation=annotation, spans=spans,
                     relations=relations, mapping=mapping, report=report, where=where,
                     corpus_root=resolver.corpus_root)


def _assemble(*, doc_id: str, where: str, **fields: Any) -> Document | None:
    try:
        return assemble_document(doc_id=doc_id, where=where, **fields)
    except ValidationError as exc:
        from ..jsonl import describe_validation_error

        field_name, message = describe_validation_error(exc)
        raise DataError(message, file=where, record_id=doc_id, field=field_name) from None


def read_task(task: dict[str, Any], text: str, *, report: ImportReport, where: str, offset: int = 0,
              prefix: str = "S") -> tuple[list[ForeignSpan], list[ForeignRelation]]:
    """The spans and relations of one task, with offsets moved by ``offset`` (for sentence tasks) and
    eventgold extras attached (relations get the argument's ``position`` and ``provenance``)."""
    extras = task.get("eventgold") if isinstance(task.get("eventgold"), dict) else {}
    pools: dict[tuple[int, int, str], list[dict[str, Any]]] = {}
    for kind in ("mentions", "events"):
        for extra in extras.get(kind, []) if isinstance(extras.get(kind), list) else []:
            key = extra.get("key") if isinstance(extra, dict) else None
            if (isinstance(key, list) and len(key) == 3 and _int(key[0]) is not None and _int(key[1]) is not None
                    and isinstance(key[2], str)):
                pools.setdefault((key[0], key[1], key[2]), []).append(
                    {k: v for k, v in extra.items() if k != "key"})

    tokens = task.get("tokens") if isinstance(task.get("tokens"), list) else []
    spans: list[ForeignSpan] = []
    by_key: dict[str, ForeignSpan] = {}
    by_offsets: dict[tuple[int, int, str | None], str] = {}
    duplicates: set[tuple[int, int, str]] = set()
    by_token_end: dict[int, list[str]] = {}
    raw_spans = task.get("spans") or []
    if not isinstance(raw_spans, list):
        raise DataError("'spans' must be a list", file=where, field="spans")
    report.spans_read += len(raw_spans)
    for index, span in enumerate(raw_spans):
        start, end, label = (span.get("start"), span.get("end"), span.get("label")) if isinstance(span, dict) \
            else (None, None, None)
        if _int(start) is None or _int(end) is None or not isinstance(label, str):
            report.problem("span", f"spans[{index}] needs integer start/end and a label: {str(span)[:80]}", where,
                           spans=1)
            continue
        problem = _token_problem(text[offset:] if offset else text, tokens, span)
        if problem:
            shown = text[offset + start:offset + end]
            report.problem("offsets", f"spans[{index}] {label} [{start}, {end}) {shown!r}: {problem}", where,
                           spans=1)
            continue
        key = f"{prefix}{index}"
        pool = pools.get((start, end, label))
        extra = pool.pop(0) if pool else {}
        foreign = ForeignSpan(key=key, start=offset + start, end=offset + end, label=label,
                              where=f"{where} spans[{index}]",
                              text=span.get("text") if isinstance(span.get("text"), str) else None, extra=extra)
        spans.append(foreign)
        by_key[key] = foreign
        if (start, end, label) in by_offsets:
            duplicates.add((start, end, label))
        by_offsets.setdefault((start, end, label), key)
        by_offsets.setdefault((start, end, None), key)
        if _int(span.get("token_end")) is not None:
            by_token_end.setdefault(span["token_end"], []).append(key)

    def find(span_ref: Any, token: Any) -> str | None:
        if isinstance(span_ref, dict) and _int(span_ref.get("start")) is not None:
            if _int(span_ref.get("end")) is None:
                return None
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
    seen_per_head: dict[str, int] = {}
    keys_taken: dict[str, set[int]] = {}
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
        head_extra = by_key[head].extra
        if head_extra:  # an event of our own export: which argument this is, and its provenance
            keys = head_extra.get("argument_keys")
            if isinstance(keys, list):  # found by role and filler, so a relation removed in Prodigy shifts nothing
                filler = by_key[child]
                wanted = [relation["label"], filler.start - offset, filler.end - offset, filler.label]
                taken = keys_taken.setdefault(head, set())
                nth = next((i for i, k in enumerate(keys) if i not in taken and k == wanted), None)
                if nth is None:  # a relation added in Prodigy: after the exported ones, without provenance
                    relations.append(ForeignRelation(head=head, child=child, label=relation["label"],
                                                     where=f"{where} relations[{index}]",
                                                     extra={"position": (1 << 30) + index}))
                    continue
                taken.add(nth)
            else:  # an export from before argument_keys: the nth relation of this event
                nth = seen_per_head.get(head, 0)
                seen_per_head[head] = nth + 1
            positions = head_extra.get("argument_positions")
            extra["position"] = positions[nth] if isinstance(positions, list) and nth < len(positions) else nth
            provenance = head_extra.get("argument_provenance")
            provenance = provenance if isinstance(provenance, list) else []
            if nth < len(provenance) and provenance[nth] is not None:
                extra["provenance"] = provenance[nth]
        relations.append(ForeignRelation(head=head, child=child, label=relation["label"],
                                         where=f"{where} relations[{index}]", extra=extra))
    return spans, relations


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
            annotator: str | None, where: str, line: int | None = None) -> tuple[str, Source, AnnotationInfo]:
    header = extras.get("document") if isinstance(extras.get("document"), dict) else None
    if header is not None:
        try:
            source = Source.model_validate_json(json.dumps(header["source"]))  # JSON mode, as the corpus
            annotation = AnnotationInfo.model_validate_json(json.dumps(header["annotation"]))  # reader
            doc_id = header["id"]
        except (KeyError, TypeError, ValueError):
            header = None
        else:
            if source.sha256 == sha256_text(text) and isinstance(doc_id, str):
                if annotator:
                    annotation = annotation.model_copy(update={"annotator": annotator})
                return doc_id, source, annotation
            header = None  # the text was changed: treat it as a new text
    meta = task.get("meta") if isinstance(task.get("meta"), dict) else {}
    input_hash = task.get("_input_hash")
    fallback = next((str(meta[k]) for k in ("id", "doc_id", "document")
                     if isinstance(meta.get(k), (str, int)) and not isinstance(meta.get(k), bool) and str(meta[k])),
                    None) or (f"prodigy-{input_hash}" if isinstance(input_hash, (str, int))
                              and not isinstance(input_hash, bool)
                              else f"prodigy-line{line}" if line is not None else "prodigy-task")
    file_name = meta.get("source") if isinstance(meta.get("source"), str) and meta.get("source") else fallback
    doc_id, source, _known = resolver.resolve(text, file_name=file_name, fallback_id=safe_id(fallback))
    return doc_id, source, make_annotation(annotator or "prodigy")


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
    mapping, report, resolver, ids = start_import(path, mapping=mapping, report=report, corpus=corpus)
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = {}  # sentence tasks waiting for their document

    def merged(key: str) -> Iterator[Document]:
        document = sentence_tasks_to_document(groups.pop(key), mapping=mapping, report=report, resolver=resolver,
                                              annotator=annotator, ids=ids, corpus=corpus)
        if document is not None:
            yield document

    for foreign in read_records(path):
        task, where = foreign.value, foreign.where
        line = foreign.line if foreign.line is not None else foreign.position + 1
        if not isinstance(task, dict):
            raise DataError("a Prodigy task is a JSON object", file=where)
        block = task.get("eventgold")
        if isinstance(block, dict) and "offset" in block and isinstance(block.get("document"), dict):
            if session is not None and not _in_session(task, session):
                report.warn("other-session", "task of another session: not imported", where)
                continue
            key = str(block["document"].get("id"))
            groups.setdefault(key, []).append((where, task))
            if len(groups[key]) == block.get("sentences"):
                yield from merged(key)
            continue
        if session is not None:
            if not _in_session(task, session):
                report.warn("other-session", f"task of session {str(task.get('_session_id', '')) or '(none)'!r}: "
                            "not imported", where)
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
        document = task_to_document(task, mapping=mapping, report=report, resolver=resolver, where=where,
                                    annotator=annotator, ids=ids, line=line)
        if document is not None:
            yield document
    for key in list(groups):
        yield from merged(key)


def _position(value: Any) -> int:
    return value if _int(value) is not None else 1 << 30


def _in_session(task: dict[str, Any], session: str) -> bool:
    task_session = str(task.get("_session_id", ""))
    return task_session == session or task_session.endswith(f"-{session}")


def sentence_tasks_to_document(
    entries: list[tuple[str, dict[str, Any]]],
    *,
    mapping: LabelMapping,
    report: ImportReport,
    resolver: SourceResolver,
    annotator: str | None = None,
    ids: IdAllocator | None = None,
    corpus: Corpus | str | Path | None = None,
) -> Document | None:
    """One Document from the sentence tasks of our ``--unit sentence`` export (in any order, some perhaps
    rejected or missing): spans move back to document offsets, and what the first task's ``cut`` kept
    (spans across sentences, arguments in another sentence) is put back. Ids, order and extras come back,
    so an untouched export round-trips exactly."""
    where = entries[0][0]
    blocks = [task["eventgold"] for _, task in entries]
    header = blocks[0]["document"]
    try:
        source = Source.model_validate_json(json.dumps(header["source"]))  # JSON mode: timestamps are text
        annotation = AnnotationInfo.model_validate_json(json.dumps(header["annotation"]))
        doc_id = str(header["id"])
    except (KeyError, TypeError, ValueError):
        raise DataError("sentence task without a valid eventgold document header", file=where) from None
    text = next((b["text"] for b in blocks if isinstance(b.get("text"), str)), None)
    if text is None and corpus is not None:
        try:
            text = Corpus(corpus).raw_text(doc_id)
        except (UsageError, DataError, StorageError):
            text = None
    if text is None or sha256_text(text) != source.sha256:
        report.problem("sentences", f"document {doc_id}: the first sentence task (which carries the text) is "
                       "missing and --corpus has no matching source article; its tasks are not imported", where)
        return None
    if annotator:
        annotation = annotation.model_copy(update={"annotator": annotator})
    if ids is not None:
        doc_id = ids.take(doc_id, report, where)

    spans: list[ForeignSpan] = []
    relations: list[ForeignRelation] = []
    cut: dict[str, Any] = {}
    seen_sentences = set()
    for (task_where, task), block in zip(entries, blocks):
        if isinstance(block.get("cut"), dict):
            cut = block["cut"]
        seen_sentences.add(repr(block.get("sentence")))
        answer = task.get("answer")
        if answer in ("reject", "ignore"):
            report.warn("skipped", f"sentence task answered {answer!r}: its spans are not imported", task_where)
            continue
        offset = block.get("offset")
        task_text = task.get("text")
        if not (_int(offset) is not None and isinstance(task_text, str)
                and text[offset:offset + len(task_text)] == task_text):
            report.problem("offsets", f"sentence task of {doc_id}: its text is not the document's at offset "
                           f"{offset}", task_where)
            continue
        task_spans, task_relations = read_task(task, text, report=report, where=task_where, offset=offset,
                                               prefix=f"s{block.get('sentence')}.")
        spans += task_spans
        relations += task_relations
    expected = blocks[0].get("sentences")
    if isinstance(expected, int) and len(seen_sentences) < expected:
        report.warn("sentences", f"document {doc_id}: {expected - len(seen_sentences)} of {expected} sentence "
                    "task(s) are missing from the file", where)

    key_of = {str(span.extra["id"]): span.key for span in spans if span.extra.get("id")}
    cut_mentions, cut_events, cut_arguments = (
        [item for item in cut.get(name) if isinstance(item, dict)] if isinstance(cut.get(name), list) else []
        for name in ("mentions", "events", "arguments"))
    report.spans_read += len(cut_mentions) + len(cut_events)

    def position_extra(item: dict[str, Any], position: Any) -> dict[str, Any]:
        extra: dict[str, Any] = {"position": position if _int(position) is not None else 1 << 30}
        if isinstance(item.get("provenance"), dict):
            extra["provenance"] = item["provenance"]
        return extra

    for mention in cut_mentions:
        key = f"cut.m{mention.get('index')}"
        start, end = _int(mention.get("start")), _int(mention.get("end"))
        spans.append(ForeignSpan(key=key, start=-1 if start is None else start, end=-1 if end is None else end,
                                 label=str(mention.get("type", "")), where=f"{where} eventgold.cut.mentions",
                                 text=mention["text"] if isinstance(mention.get("text"), str) else None,
                                 extra={k: v for k, v in mention.items() if k not in ("start", "end", "text", "type")}))
        key_of[str(mention.get("id"))] = key
    for event in cut_events:
        key = f"cut.e{event.get('index')}"
        trigger = event.get("trigger") if isinstance(event.get("trigger"), dict) else {}
        start, end = _int(trigger.get("start")), _int(trigger.get("end"))
        spans.append(ForeignSpan(key=key, start=-1 if start is None else start, end=-1 if end is None else end,
                                 label=str(event.get("type", "")), where=f"{where} eventgold.cut.events",
                                 text=trigger["text"] if isinstance(trigger.get("text"), str) else None,
                                 extra={k: v for k, v in event.items()
                                        if k in ("id", "attributes", "coref", "cluster", "notes", "provenance",
                                                 "index")}))
        key_of[str(event.get("id"))] = key
        arguments = event.get("arguments") if isinstance(event.get("arguments"), list) else []
        for position, argument in enumerate(a for a in arguments if isinstance(a, dict)):
            relations.append(ForeignRelation(head=key, child=key_of.get(str(argument.get("mention")), "?"),
                                             label=str(argument.get("role", "")), where=f"{where} eventgold.cut",
                                             extra=position_extra(argument, position)))
    for argument in cut_arguments:
        relations.append(ForeignRelation(head=key_of.get(str(argument.get("event")), "?"),
                                         child=key_of.get(str(argument.get("mention")), "?"),
                                         label=str(argument.get("role", "")), where=f"{where} eventgold.cut",
                                         extra=position_extra(argument, argument.get("position"))))
    # back to the document's order: mentions and events by their index, arguments by their position
    order = {span.key: (span.extra["index"] if _int(span.extra.get("index")) is not None else 1 << 30, n)
             for n, span in enumerate(spans)}
    spans.sort(key=lambda span: order[span.key])
    relations.sort(key=lambda r: (order.get(r.head, (1 << 30, 0)), _position(r.extra.get("position"))))
    for span in spans:
        span.extra.pop("index", None)
        span.extra.pop("argument_positions", None)
    return _assemble(doc_id=doc_id, text=text, source=source, annotation=annotation, spans=spans,
                     relations=relations, mapping=mapping, report=report, where=where,
                     corpus_root=resolver.corpus_root)


__all__ = ["UNITS", "ProdigyExportSummary", "document_to_sentence_tasks", "document_to_task", "export_prodigy",
           "import_prodigy", "iter_json_records", "read_task", "sentence_tasks_to_document", "stable_hash",
           "task_to_document"]
