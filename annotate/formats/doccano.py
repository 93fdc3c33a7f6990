"""doccano: import sequence-labeling and relation exports (JSONL).

Two shapes, one record a line:

- ``{"text": ..., "label": [[start, end, "LABEL"], ...]}`` (sequence labeling; older exports call the
  text ``data`` and the spans ``labels``);
- ``{"text": ..., "entities": [{"id", "start_offset", "end_offset", "label"}], "relations": [{"id",
  "from_id", "to_id", "type"}]}`` (sequence labeling with relations).

doccano exports carry no span text to check offsets against. Offsets are read as code points by default
(``offsets="codepoint"``); doccano's web front end has counted UTF-16 units in some versions, so a text
with characters outside the Basic Multilingual Plane (emoji) is reported as ambiguous, and
``offsets="utf-16"`` converts explicitly. Spans are imported exactly as the offsets say (never trimmed).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schema import Document

from ..corpus import Corpus
from ..errors import DataError, UsageError
from ..jsonl import describe_validation_error
from .importing import (
    ForeignRelation, ForeignSpan, IdAllocator, ImportReport, SourceResolver, assemble_document, make_annotation,
    safe_id, start_import,
)
from .mapping import LabelMapping
from .offsets import OffsetError, OffsetIndex
from .prodigy import iter_json_records


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
) -> Document:
    """The Document of one doccano record."""
    text = record.get("text", record.get("data"))
    if not isinstance(text, str):
        raise DataError("a doccano record needs a string 'text'", file=where, field="text")
    index = OffsetIndex(text, "utf-16")
    if index.length != len(text) and offsets == "codepoint":
        report.warn("offsets", f"the text has {index.length - len(text)} character(s) outside the BMP (emoji); "
                    "offsets read as code points (use --offsets utf-16 if the spans look shifted)", where)

    def convert(start: int, end: int, at: str) -> tuple[int, int] | None:
        if offsets == "utf-16":
            try:
                return index.to_codepoint(start), index.to_codepoint(end)
            except OffsetError as exc:
                report.problem("offsets", str(exc), at)
                return None
        return start, end

    spans: list[ForeignSpan] = []
    relations: list[ForeignRelation] = []
    if "entities" in record:
        entities = record.get("entities") or []
        if not isinstance(entities, list):
            raise DataError("'entities' must be a list", file=where, field="entities")
        for position, entity in enumerate(entities):
            at = f"{where} entities[{position}]"
            if not (isinstance(entity, dict) and _int(entity.get("start_offset")) and _int(entity.get("end_offset"))
                    and isinstance(entity.get("label"), str)):
                report.problem("span", f"an entity needs integer start_offset/end_offset and a label: "
                               f"{str(entity)[:80]}", at)
                continue
            converted = convert(entity["start_offset"], entity["end_offset"], at)
            if converted is None:
                continue
            key = str(entity.get("id", f"e{position}"))
            spans.append(ForeignSpan(key=key, start=converted[0], end=converted[1], label=entity["label"], where=at))
        for position, relation in enumerate(record.get("relations") or []):
            at = f"{where} relations[{position}]"
            if not (isinstance(relation, dict) and isinstance(relation.get("type"), str)
                    and relation.get("from_id") is not None and relation.get("to_id") is not None):
                report.problem("relation", f"a relation needs from_id, to_id and type: {str(relation)[:80]}", at)
                continue
            relations.append(ForeignRelation(head=str(relation["from_id"]), child=str(relation["to_id"]),
                                             label=relation["type"], where=at))
    else:
        labels = record.get("label", record.get("labels")) or []
        if not isinstance(labels, list):
            raise DataError("'label' must be a list of [start, end, label]", file=where, field="label")
        for position, triple in enumerate(labels):
            at = f"{where} label[{position}]"
            if isinstance(triple, str):
                report.unmapped_label("category", triple, f"{at} (a text classification label; events need spans)")
                continue
            if not (isinstance(triple, list) and len(triple) == 3 and _int(triple[0]) and _int(triple[1])
                    and isinstance(triple[2], str)):
                report.problem("span", f"expected [start, end, label], got {str(triple)[:80]}", at)
                continue
            converted = convert(triple[0], triple[1], at)
            if converted is None:
                continue
            spans.append(ForeignSpan(key=f"s{position}", start=converted[0], end=converted[1], label=triple[2],
                                     where=at))
        if spans and any(mapping.span_label(s.label) and mapping.span_label(s.label)[0] == "event" for s in spans):
            report.warn("no-relations", "this record shape has no relations: triggers are imported without "
                        "arguments (export from doccano with relations to keep them)", where)

    raw_id = record.get("id")
    fallback = f"doccano-{raw_id}" if raw_id is not None else "doccano"
    doc_id, source, _known = resolver.resolve(text, file_name=str(record.get("filename") or fallback),
                                              fallback_id=safe_id(fallback))
    if ids is not None:
        doc_id = ids.take(doc_id, report, where)
    try:
        return assemble_document(doc_id=doc_id, text=text, source=source,
                                 annotation=make_annotation(annotator or "doccano"), spans=spans,
                                 relations=relations, mapping=mapping, report=report, where=where)
    except ValidationError as exc:
        field_name, message = describe_validation_error(exc)
        raise DataError(message, file=where, record_id=doc_id, field=field_name) from None


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
    for where, record in iter_json_records(path):
        if not isinstance(record, dict):
            raise DataError("a doccano record is a JSON object", file=where)
        yield record_to_document(record, mapping=mapping, report=report, resolver=resolver, where=where,
                                 annotator=annotator, ids=ids, offsets=offsets)


__all__ = ["document_to_record", "import_doccano", "record_to_document"]
