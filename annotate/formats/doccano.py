"""doccano: import sequence-labeling and relation exports (JSONL).

The shapes doccano has exported, one record a line (or one pretty-printed record a file):

- ``{"text": ..., "label": [[start, end, "LABEL"], ...]}`` (sequence labeling, doccano >= 1.3; older
  exports call the text ``data`` and the spans ``labels``);
- ``{"text": ..., "entities": [{"id", "start_offset", "end_offset", "label"}], "relations": [{"id",
  "from_id", "to_id", "type"}]}`` (sequence labeling with relations);
- ``{"text": ..., "annotations": [{"label", "start_offset", "end_offset", "user", ["label_name"]}]}``
  (doccano <= 1.2, and doccano-transformer's ``labeling.jsonl``): ``label`` is doccano's label *number*
  unless ``label_name`` gives the name, so map the numbers (``--map 12=LOC``). When several users
  annotated one record, each user's spans become their own document (annotation set
  ``ANNOTATOR-userN``).

A record whose span-like content is in none of these shapes (a Prodigy task's ``spans``, a Label Studio
task) is an error, never an empty document. doccano exports carry no span text to check offsets
against. Offsets are read as code points by default (``offsets="codepoint"``); doccano's web front end
has counted UTF-16 units in some versions, so a text with characters outside the Basic Multilingual
Plane (emoji) is reported as ambiguous, and ``offsets="utf-16"`` converts explicitly. Spans are
imported exactly as the offsets say (never trimmed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from schema import Document

from ..corpus import Corpus
from ..errors import DataError, UsageError
from .importing import (
    ForeignRelation, ForeignSpan, IdAllocator, ImportedLine, ImportReport, SourceResolver, assemble_document,
    make_annotation, safe_id, start_import, utf16_index, writing_lines,
)
from .mapping import LabelMapping
from .offsets import OffsetError
from .reading import read_records

#: Keys that hold spans or relations in some annotation tool's records; a doccano record holding one
#: the importer does not read is refused rather than imported empty.
SPAN_LIKE_KEYS = ("spans", "result", "completions", "predictions", "tokens", "ner", "entities", "relations",
                  "annotations", "label", "labels")


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _label_of(entry: dict[str, Any]) -> str | None:
    """The label of a doccano <= 1.2 annotation: its name when given, else doccano's label number."""
    name = entry.get("label_name")
    if isinstance(name, str) and name:
        return name
    label = entry.get("label")
    if isinstance(label, str) and label:
        return label
    if _int(label):
        return str(label)
    return None


def _shape(record: dict[str, Any], where: str) -> str:
    """Which doccano shape ``record`` has: ``entities``, ``label``, ``annotations`` or ``none``."""
    if "entities" in record:
        return "entities"
    label_key = "label" if "label" in record else "labels" if "labels" in record else None
    if label_key is not None and (record[label_key] is None or isinstance(record[label_key], list)):
        return "label"
    annotations = record.get("annotations")
    if isinstance(annotations, list) and all(isinstance(a, dict) and "label" in a for a in annotations):
        return "annotations"
    unread = [key for key in SPAN_LIKE_KEYS if record.get(key) not in (None, [], {})]
    if unread:
        hint = (" (a Prodigy task? use annotate import prodigy)" if "spans" in unread
                else " (a Label Studio task? use annotate import label-studio)"
                if any(k in unread for k in ("result", "completions", "predictions"))
                or (isinstance(annotations, list) and annotations and isinstance(annotations[0], dict)
                    and "result" in annotations[0]) else "")
        raise DataError(f"{', '.join(repr(k) for k in unread)} is not in a doccano shape this importer reads "
                        "(label: [[start, end, LABEL]], entities + relations, or annotations: [{label, "
                        f"start_offset, end_offset}}]){hint}; nothing imported", file=where, field=unread[0])
    return "none"


def split_by_user(record: dict[str, Any]) -> list[tuple[str | None, dict[str, Any]]]:
    """``[(user, record)]``: a doccano <= 1.2 record annotated by several users, one record per user
    (``user_name`` when given, else ``user`` N); any other record as it is (user None)."""
    annotations = record.get("annotations")
    if not isinstance(annotations, list) or not all(isinstance(a, dict) for a in annotations):
        return [(None, record)]
    users: dict[str, list[dict[str, Any]]] = {}
    for entry in annotations:
        user = entry.get("user_name") or entry.get("user")
        users.setdefault(str(user) if user is not None else "", []).append(entry)
    if len(users) < 2:
        return [(None, record)]
    return [(user, {**record, "annotations": entries}) for user, entries in users.items()]


def record_to_document(
    record: dict[str, Any],
    *,
    mapping: LabelMapping,
    report: ImportReport,
    resolver: SourceResolver,
    where: str,
    annotator: str | None = None,
    ids: IdAllocator | None = None,
    offsets: str = "codepoint",
    line: int | None = None,
    as_line: bool = False,
) -> Document | ImportedLine | None:
    """The Document of one doccano record (None when the validator's checks leave nothing to hold).

    ``line`` (the record's line, or position + 1) names a record without an id: ``doccano-line12``.
    ``as_line``: a document proved clean comes back as its corpus line (see :func:`assemble_document`).
    """
    text = record.get("text", record.get("data"))
    if not isinstance(text, str):
        raise DataError("a doccano record needs a string 'text'", file=where, field="text")
    shape = _shape(record, where)
    index = utf16_index(text)
    if index.length != len(text) and offsets == "codepoint":
        report.warn("offsets", f"the text has {index.length - len(text)} character(s) outside the BMP (emoji); "
                    "offsets read as code points (use --offsets utf-16 if the spans look shifted)", where)

    def convert(start: int, end: int, at: str) -> tuple[int, int] | None:
        if offsets == "utf-16":
            try:
                return index.to_codepoint(start), index.to_codepoint(end)
            except OffsetError as exc:
                report.problem("offsets", str(exc), at, spans=1)
                return None
        return start, end

    spans: list[ForeignSpan] = []
    relations: list[ForeignRelation] = []
    if shape == "entities":
        entities = record.get("entities") or []
        if not isinstance(entities, list):
            raise DataError("'entities' must be a list", file=where, field="entities")
        report.spans_read += len(entities)
        for position, entity in enumerate(entities):
            at = f"{where} entities[{position}]"
            if not (isinstance(entity, dict) and _int(entity.get("start_offset")) and _int(entity.get("end_offset"))
                    and isinstance(entity.get("label"), str)):
                report.problem("span", f"an entity needs integer start_offset/end_offset and a label: "
                               f"{str(entity)[:80]}", at, spans=1)
                continue
            converted = (entity["start_offset"], entity["end_offset"]) if offsets != "utf-16" else \
                convert(entity["start_offset"], entity["end_offset"], at)
            if converted is None:
                continue
            raw_key = entity.get("id")
            key = f"id:{raw_key}" if isinstance(raw_key, (str, int)) and not isinstance(raw_key, bool) \
                else f"position:{position}"
            spans.append(ForeignSpan(key=key, start=converted[0], end=converted[1], label=entity["label"], where=at))
        raw_relations = record.get("relations") or []
        if not isinstance(raw_relations, list):
            raise DataError("'relations' must be a list", file=where, field="relations")
        for position, relation in enumerate(raw_relations):
            at = f"{where} relations[{position}]"
            ends = (relation.get("from_id"), relation.get("to_id")) if isinstance(relation, dict) else (None, None)
            head, child = ends
            if not (isinstance(relation, dict) and isinstance(relation.get("type"), str)
                    and isinstance(head, (str, int)) and not isinstance(head, bool)
                    and isinstance(child, (str, int)) and not isinstance(child, bool)):
                report.problem("relation", f"a relation needs from_id, to_id and type: {str(relation)[:80]}", at)
                continue
            relations.append(ForeignRelation(head=f"id:{ends[0]}", child=f"id:{ends[1]}", label=relation["type"],
                                             where=at))
    elif shape == "label":
        labels = record.get("label", record.get("labels")) or []
        for position, triple in enumerate(labels):
            at = f"{where} label[{position}]"
            if isinstance(triple, str):
                report.unmapped_label("category", triple, f"{at} (a text classification label; events need spans)")
                continue
            report.spans_read += 1
            if not (isinstance(triple, list) and len(triple) == 3 and _int(triple[0]) and _int(triple[1])
                    and isinstance(triple[2], str)):
                report.problem("span", f"expected [start, end, label], got {str(triple)[:80]}", at, spans=1)
                continue
            converted = convert(triple[0], triple[1], at)
            if converted is None:
                continue
            spans.append(ForeignSpan(key=f"s{position}", start=converted[0], end=converted[1], label=triple[2],
                                     where=at))
    elif shape == "annotations":
        for position, entry in enumerate(record["annotations"]):
            at = f"{where} annotations[{position}]"
            label = _label_of(entry)
            if "start_offset" not in entry and "end_offset" not in entry and label is not None:
                report.unmapped_label("category", label, f"{at} (a text classification label; events need spans)")
                continue
            report.spans_read += 1
            if not (_int(entry.get("start_offset")) and _int(entry.get("end_offset")) and label is not None):
                report.problem("span", f"an annotation needs integer start_offset/end_offset and a label: "
                               f"{str(entry)[:80]}", at, spans=1)
                continue
            converted = convert(entry["start_offset"], entry["end_offset"], at)
            if converted is None:
                continue
            spans.append(ForeignSpan(key=f"a{position}", start=converted[0], end=converted[1], label=label, where=at))
    if shape in ("label", "annotations") and any((mapping.span_label(s.label) or ("",))[0] == "event" for s in spans):
        report.warn("no-relations", "this record shape has no relations: triggers are imported without "
                    "arguments (export from doccano with relations to keep them)", where)

    raw_id = record.get("id")
    if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) and str(raw_id):
        fallback = f"doccano-{raw_id}"
    else:
        fallback = f"doccano-line{line}" if line is not None else "doccano"
    filename = record.get("filename")
    doc_id, source, _known = resolver.resolve(text, file_name=filename if isinstance(filename, str) and filename
                                              else fallback, fallback_id=safe_id(fallback))
    name = annotator or "doccano"
    if ids is not None:
        doc_id = ids.take(doc_id, report, where, annotator=name)
    return assemble_document(doc_id=doc_id, text=text, source=source, annotation=make_annotation(name),
                             spans=spans, relations=relations, mapping=mapping, report=report, where=where,
                             corpus_root=resolver.corpus_root, as_line=as_line)


def document_to_record(document: Document) -> dict[str, Any]:
    """A doccano "sequence labeling with relations" record for ``document`` (code-point offsets).

    Entities are the mentions and triggers; relations are arguments (type = role) and entity
    coreference (type ``Coreference``). Attributes, normalizations and notes have no place in doccano.
    """
    entities = [{"id": n, "start_offset": m.start, "end_offset": m.end, "label": m.type.value}
                for n, m in enumerate(document.mentions, start=1)]
    number_of = {m.id: n for n, m in enumerate(document.mentions, start=1)}
    relations = []
    for event in document.events:
        entities.append({"id": len(entities) + 1, "start_offset": event.trigger.start,
                         "end_offset": event.trigger.end, "label": event.type})
        for argument in event.arguments:
            relations.append({"id": len(relations) + 1, "from_id": len(entities),
                              "to_id": number_of[argument.mention], "type": argument.role})
    groups: dict[str, list[int]] = {}
    for mention in document.mentions:
        if mention.entity:
            groups.setdefault(mention.entity, []).append(number_of[mention.id])
    for members in groups.values():
        for first, second in zip(members, members[1:]):
            relations.append({"id": len(relations) + 1, "from_id": first, "to_id": second, "type": "Coreference"})
    return {"id": document.id, "text": document.text, "entities": entities, "relations": relations}


def import_doccano(
    path: str | Path,
    *,
    mapping: LabelMapping | None = None,
    report: ImportReport | None = None,
    corpus: Corpus | str | Path | None = None,
    annotator: str | None = None,
    offsets: str = "codepoint",
) -> Iterator[Document]:
    """Yield one Document per record of a doccano JSONL export (either shape)."""
    if offsets not in ("codepoint", "utf-16"):
        raise UsageError(f"--offsets {offsets!r}: expected codepoint or utf-16")
    mapping, report, resolver, ids = start_import(path, mapping=mapping, report=report, corpus=corpus)
    for foreign in read_records(path):
        record, where = foreign.value, foreign.where
        if not isinstance(record, dict):
            raise DataError("a doccano record is a JSON object", file=where)
        line = foreign.line if foreign.line is not None else foreign.position + 1
        for user, part in split_by_user(record):
            name = annotator or "doccano"
            if user is not None:
                name = f"{name}-user{safe_id(user, 'x')}"[:64]
                report.warn("users", f"record annotated by several users: user {user}'s spans are document "
                            f"set {name!r}", where)
            document = record_to_document(part, mapping=mapping, report=report, resolver=resolver, where=where,
                                          annotator=name, ids=ids, offsets=offsets, line=line,
                                          as_line=writing_lines())
            if document is not None:
                yield document


__all__ = ["SPAN_LIKE_KEYS", "document_to_record", "import_doccano", "record_to_document", "split_by_user"]
