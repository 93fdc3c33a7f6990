"""Label Studio: import task JSON exports (a list of tasks, or JSONL) with span and relation results.

A task is ``{"id", "data": {"text": ...}, "annotations": [{"id", "result": [...], "was_cancelled",
"updated_at", ...}]}``. Results used:

- ``type: "labels"``: a span, ``value: {start, end, text, labels: [...]}``. Label Studio's offsets come
  from JavaScript and count UTF-16 code units; they are converted explicitly to code points
  (:class:`annotate.formats.offsets.OffsetIndex`) and checked against ``value.text``. If the UTF-16
  reading does not match but the code-point reading does (tasks made by Python scripts), the code-point
  reading is used and reported; if neither matches, the span is left out and reported.
- ``type: "relation"``: ``from_id`` -> ``to_id`` (``direction`` ``left`` reverses it), ``labels`` the
  role; between two mentions a label mapped to ``Coreference`` links entities.
- ``type: "choices"`` on a trigger region (same ``id``): event attributes, by ``from_name``
  (``realis``, ``polarity``, ``tense`` or mapped through ``[attributes]``).
- ``type: "textarea"`` on a trigger region: the event's notes.

A region or relation without a label is reported as the label ``(no label)``, which the mapping can
ignore (``--map '(no label)=-'``); results on an ignored region are ignored with it. The task list is
streamed (``ijson``): memory stays flat however large the export.

One annotation per task is imported: the latest that was not cancelled (by ``updated_at``, then
``created_at``, then position), or the one at ``annotation_index``. Cancelled annotations, other
annotations of the same task, and tasks without an annotation are reported.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from schema import ATTRIBUTES, Attributes, Document

from ..corpus import Corpus
from ..errors import DataError, UsageError
from .importing import (
    ATTRIBUTE_VALUES, ForeignRelation, ForeignSpan, IdAllocator, ImportedLine, ImportReport, SourceResolver,
    assemble_document, make_annotation, safe_id, start_import, utf16_index, writing_lines,
)
from .mapping import LabelMapping
from .offsets import OffsetError, OffsetIndex
from .reading import read_records

SPAN_TYPES = ("labels",)
#: The attributes of an event that its task does not give (as JSON values).
_DEFAULT_ATTRIBUTES = Attributes.default().model_dump(mode="json")
#: The label of a region or relation that has none (map it, or ignore it with ``--map '(no label)=-'``).
NO_LABEL = "(no label)"


def task_text(task: dict[str, Any], *, text_key: str | None, where: str) -> str:
    data = task.get("data")
    if not isinstance(data, dict):
        raise DataError("a Label Studio task needs a 'data' object", file=where, field="data")
    if text_key is not None:
        value = data.get(text_key)
        if not isinstance(value, str):
            raise DataError(f"data.{text_key} is not a string (keys: {', '.join(data)})", file=where,
                            field=f"data.{text_key}")
        return value
    if isinstance(data.get("text"), str):
        return data["text"]
    strings = [k for k, v in data.items() if isinstance(v, str)]
    if len(strings) == 1:
        return data[strings[0]]
    raise DataError(f"cannot tell which data field is the text ({', '.join(strings) or 'none'}); "
                    "use --text-key", file=where, field="data")


def choose_annotation(task: dict[str, Any], *, index: int | None, report: ImportReport,
                      where: str) -> dict[str, Any] | None:
    annotations = task.get("annotations") or task.get("completions") or []
    if not isinstance(annotations, list):
        raise DataError("'annotations' must be a list", file=where, field="annotations")
    for position, annotation in enumerate(annotations):  # never skip one without a word
        if not isinstance(annotation, dict):
            raise DataError(f"an annotation is a JSON object with a 'result' list, not {annotation!r:.40}",
                            file=where, field=f"annotations[{position}]")
    if index is not None:
        if not -len(annotations) <= index < len(annotations):
            report.warn("no-annotation", f"task has {len(annotations)} annotation(s); no index {index}", where)
            return None
        chosen = annotations[index]
        if isinstance(chosen, dict) and chosen.get("was_cancelled"):
            report.warn("cancelled", f"annotation {index} was cancelled (skipped); not imported", where)
            return None
        return chosen
    usable = []
    for position, annotation in enumerate(annotations):
        if annotation.get("was_cancelled"):
            report.warn("cancelled", f"annotation {annotation.get('id', position)} was cancelled: not imported", where)
            continue
        usable.append((str(annotation.get("updated_at") or ""), str(annotation.get("created_at") or ""), position,
                       annotation))
    if not usable:
        if not annotations:
            report.warn("no-annotation", "task has no annotation: not imported", where)
        return None
    usable.sort(key=lambda item: item[:3])
    if len(usable) > 1:
        report.warn("other-annotations", f"task has {len(usable)} annotations; imported the latest "
                    f"({usable[-1][3].get('id', usable[-1][2])}), use --annotation-index to pick another", where)
    return usable[-1][3]


def _span_offsets(text: str, index: OffsetIndex, value: dict[str, Any], *, offsets: str,
                  report: ImportReport, where: str) -> tuple[int, int] | None:
    start, end = value.get("start"), value.get("end")
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        report.problem("offsets", f"span without integer start/end (xpath or HTML regions are not supported): "
                       f"{str(value)[:80]}", where, spans=1)
        return None
    shown = value.get("text") if isinstance(value.get("text"), str) else None
    candidates: list[tuple[str, int, int]] = []
    if offsets in ("auto", "utf-16"):
        try:
            candidates.append(("utf-16", index.to_codepoint(start), index.to_codepoint(end)))
        except OffsetError as exc:
            if offsets == "utf-16":
                report.problem("offsets", f"[{start}, {end}): {exc}", where, spans=1)
                return None
    if offsets in ("auto", "codepoint") and 0 <= start <= end <= len(text):
        candidates.append(("codepoint", start, end))
    if shown is None:
        if not candidates:
            report.problem("offsets", f"[{start}, {end}) is not a range inside the text", where, spans=1)
            return None
        unit, cp_start, cp_end = candidates[0]
        if cp_start >= cp_end:
            report.problem("offsets", f"[{start}, {end}) is an empty span", where, spans=1)
            return None
        if offsets == "auto" and index.length != len(text):
            report.warn("offsets", f"[{start}, {end}) has no value.text to check its unit against; read as "
                        f"{unit} ({text[cp_start:cp_end]!r})", where)
        return cp_start, cp_end
    for unit, cp_start, cp_end in candidates:
        if text[cp_start:cp_end] == shown:
            if unit == "codepoint" and offsets == "auto" and index.length != len(text):
                report.warn("offsets", f"[{start}, {end}) {shown!r} matches as code points, not as UTF-16 units; "
                            "read as code points", where)
            return cp_start, cp_end
    found = " or ".join(dict.fromkeys(repr(text[s:e]) for _, s, e in candidates)) or "nothing inside the text"
    report.problem("offsets", f"[{start}, {end}) should be {shown!r} but the text there is {found}", where, spans=1)
    return None


def _plain_region(text: str, value: dict[str, Any], raw_region: Any,
                  to_codepoint: Any) -> tuple[str, int, int, str, str] | None:
    """``(region, start, end, label, text)`` of a ``labels`` result in its usual shape -- a string id,
    one string label, integer offsets whose first reading (``to_codepoint``: the UTF-16 index of
    ``--offsets auto`` or ``utf-16``; None for code points) is a range ``start <= end`` holding exactly
    ``value.text`` -- else None, and the general path (:func:`_span_offsets`) decides. Where this takes a
    region, the general path takes the same span without a word: its first candidate matches."""
    if type(raw_region) is not str:
        return None
    labels = value.get("labels")
    if type(labels) is not list or len(labels) != 1:
        return None
    label = labels[0]
    start, end, shown = value.get("start"), value.get("end"), value.get("text")
    if type(label) is not str or type(start) is not int or type(end) is not int or type(shown) is not str:
        return None
    if to_codepoint is not None:
        try:
            start, end = to_codepoint(start), to_codepoint(end)
        except OffsetError:
            return None
    if 0 <= start <= end <= len(text) and text[start:end] == shown:
        return raw_region, start, end, label, shown
    return None


def _plain_relation(result: dict[str, Any]) -> tuple[str, str, str] | None:
    """``(source region, target region, label)`` of a relation in its usual shape (string ends, one string
    label), ``direction: left`` read as the general path reads it; else None (the general path decides)."""
    source, target, labels = result.get("from_id"), result.get("to_id"), result.get("labels")
    if (type(source) is not str or type(target) is not str or type(labels) is not list or len(labels) != 1
            or type(labels[0]) is not str):
        return None
    if result.get("direction") == "left":
        return target, source, labels[0]
    return source, target, labels[0]


def task_to_document(
    task: dict[str, Any],
    *,
    mapping: LabelMapping,
    report: ImportReport,
    resolver: SourceResolver,
    where: str,
    annotator: str | None = None,
    ids: IdAllocator | None = None,
    text_key: str | None = None,
    annotation_index: int | None = None,
    offsets: str = "auto",
    line: int | None = None,
    as_line: bool = False,
) -> Document | ImportedLine | None:
    """The Document of one Label Studio task (None when it has no usable annotation, or the validator's
    checks leave nothing to hold). ``line`` (the task's line or position + 1) names a task without id.
    ``as_line``: a document proved clean comes back as its corpus line (see :func:`assemble_document`)."""
    text = task_text(task, text_key=text_key, where=where)
    annotation = choose_annotation(task, index=annotation_index, report=report, where=where)
    if annotation is None:
        return None
    results = annotation.get("result") or []
    if not isinstance(results, list):
        raise DataError("annotation 'result' must be a list", file=where, field="result")
    task_id = task.get("id")
    data = task["data"]
    named = next((data[k] for k in ("id", "doc_id") if isinstance(data.get(k), (str, int))
                  and not isinstance(data.get(k), bool) and str(data[k])), None)
    if named is not None:
        fallback = str(named)
    elif isinstance(task_id, (str, int)) and not isinstance(task_id, bool):
        fallback = f"label-studio-{task_id}"
    else:
        fallback = f"label-studio-line{line}" if line is not None else "label-studio"
    file_name = data.get("file_name") if isinstance(data.get("file_name"), str) and data.get("file_name") else fallback
    doc_id, source, _known = resolver.resolve(text, file_name=file_name, fallback_id=safe_id(fallback))
    if ids is not None:
        doc_id = ids.take(doc_id, report, where)
    index = utf16_index(text)

    spans: list[ForeignSpan] = []
    first_key: dict[str, str] = {}
    ignored_regions: set[str] = set()
    region_results: dict[str, list[tuple[dict[str, Any], int]]] = {}  # region -> (result, its position)
    relations_raw: list[tuple[int, dict[str, Any]]] = []
    # The usual region -- a string id, one label, integer offsets whose first reading holds value.text --
    # is taken straight (_plain_region); any other goes the long way.
    to_codepoint = None if offsets == "codepoint" or index.length == len(text) else index.to_codepoint
    span_label = mapping.span_label
    plain_region = _plain_region
    # The spans whose label maps to an event, in the order of ``spans`` (the ones whose attributes and
    # notes the results on their region give), found with the one mapping look-up each span needs here.
    event_spans: list[ForeignSpan] = []
    plain_spans = 0  # spans_read of the usual regions, added once the loop is done
    for position, result in enumerate(results):
        if not isinstance(result, dict):
            report.problem("result", "a result is a JSON object", f"{where} result[{position}]")
            continue
        kind = result.get("type")
        if kind == "relation":
            relations_raw.append((position, result))
            continue
        if kind != "labels":  # choices, a text area...: kept by region for its trigger (below)
            raw_region = result.get("id")
            if type(raw_region) is str:
                region_results.setdefault(raw_region, []).append((result, position))
                continue
        at = f"{where} result[{position}]"
        value = result.get("value")
        if kind == "labels" and type(value) is dict:
            taken = plain_region(text, value, result.get("id"), to_codepoint)
            if taken is not None:
                region, start, end, label, shown = taken
                plain_spans += 1
                if region not in first_key:
                    first_key[region] = region
                span = ForeignSpan(region, start, end, label, at, shown)
                spans.append(span)
                mapped = span_label(label)
                if mapped is not None:
                    if mapped[0] == "event":
                        event_spans.append(span)
                    elif mapped[0] == "ignore":
                        ignored_regions.add(region)
                continue
        if not isinstance(value, dict):
            value = {}
        raw_region = result.get("id")
        region = str(raw_region) if isinstance(raw_region, (str, int)) and not isinstance(raw_region, bool) \
            else f"(result {position})"
        if kind in SPAN_TYPES:
            labels = value.get("labels") or []
            if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
                report.spans_read += 1
                report.problem("span", f"value.labels must be a list of label names, not {str(labels)[:60]}", at,
                               spans=1)
                continue
            report.spans_read += max(1, len(labels))
            if not labels:
                if mapping.is_ignored(NO_LABEL):
                    report.ignore(NO_LABEL, at, spans=1)
                    ignored_regions.add(region)
                    continue
            offsets_cp = _span_offsets(text, index, value, offsets=offsets, report=report, where=at)
            if offsets_cp is None:
                continue
            if not labels:
                report.unmapped_label("span", NO_LABEL, f"{at} {text[offsets_cp[0]:offsets_cp[1]]!r}", spans=1)
                continue
            for n, label in enumerate(labels):
                key = region if n == 0 else f"{region}#{n}"
                first_key.setdefault(region, key)
                span = ForeignSpan(key=key, start=offsets_cp[0], end=offsets_cp[1], label=label, where=at,
                                   text=text[offsets_cp[0]:offsets_cp[1]])
                spans.append(span)
                mapped = span_label(label)
                if mapped is not None and mapped[0] == "event":
                    event_spans.append(span)
            if len(labels) > 1:
                report.warn("labels", f"region {region} has {len(labels)} labels {labels}: one span each; "
                            "relations use the first", at)
            if all((mapping.span_label(label) or ("",))[0] == "ignore" for label in labels):
                ignored_regions.add(region)
        else:
            region_results.setdefault(region, []).append((result, position))
    report.spans_read += plain_spans

    # per-region choices and text areas on trigger regions: attributes and notes
    is_ignored, attribute = mapping.is_ignored, mapping.attribute
    for span in event_spans:
        attributes = dict(_DEFAULT_ATTRIBUTES)
        given: set[str] = set()
        notes: list[str] = []
        for result, result_position in region_results.pop(span.key.split("#", 1)[0], ()):
            value = result.get("value")
            if type(value) is not dict and not isinstance(value, dict):
                value = {}
            from_name = result.get("from_name")
            if type(from_name) is not str and not isinstance(from_name, str):
                from_name = ""
            if is_ignored(from_name):
                report.ignore(from_name, f"{where} result[{result_position}]")
                continue
            if result.get("type") == "choices":
                choices = value.get("choices")
                if (not (type(choices) is list and len(choices) == 1 and type(choices[0]) is str)  # the usual
                        and (not isinstance(choices, list) or not all(isinstance(c, str) for c in choices))):
                    report.problem("result", f"choices {from_name!r}: value.choices must be a list of strings, "
                                   f"not {str(choices)[:60]}", f"{where} result[{result_position}]")
                    continue
                for choice in choices:
                    target = attribute(from_name, choice)
                    if target is None or target[1] not in ATTRIBUTE_VALUES[target[0]]:
                        report.unmapped_label("attribute", f"{from_name}:{choice}",
                                              f"{where} result[{result_position}]")
                        continue
                    attributes[target[0]] = target[1]
                    given.add(target[0])
            elif result.get("type") == "textarea":
                given_text = value.get("text")
                if isinstance(given_text, str):
                    notes.append(given_text)
                elif isinstance(given_text, list) and all(isinstance(t, str) for t in given_text):
                    notes += given_text
                else:
                    report.problem("result", f"textarea {from_name!r}: value.text must be a string or a list of "
                                   f"strings, not {str(given_text)[:60]}", f"{where} result[{result_position}]")
            else:
                report.unmapped_label("result", str(result.get("type")), f"{where} result[{result_position}]")
        if given:
            span.extra["attributes"] = attributes
            if len(given) < len(ATTRIBUTES):
                report.warn("attributes", f"event {span.label} {span.text!r}: no "
                            f"{', '.join(sorted(set(ATTRIBUTES) - given))}; set to the default", span.where)
        if notes:
            span.extra["notes"] = "\n".join(notes)
    for region, leftovers in region_results.items():
        for result, result_position in leftovers:
            result_at = f"{where} result[{result_position}]"
            label = f"{result.get('type')}:{result.get('from_name')}"
            if region in ignored_regions:
                report.ignore(label, result_at, why="(on an ignored region)")
            else:
                report.unmapped_label("result", label, result_at)

    relations: list[ForeignRelation] = []
    plain_relation, key_of = _plain_relation, first_key.get
    for position, result in relations_raw:
        at = f"{where} result[{position}]"
        taken = plain_relation(result)
        if taken is not None:
            source_region, target_region, label = taken
            relations.append(ForeignRelation(key_of(source_region, source_region),
                                             key_of(target_region, target_region), label, at))
            continue
        ends = [result.get("from_id"), result.get("to_id")]
        if not all(isinstance(e, (str, int)) and not isinstance(e, bool) for e in ends):
            report.problem("relation", f"a relation needs from_id and to_id: {str(result)[:80]}", at)
            continue
        source_region, target_region = str(ends[0]), str(ends[1])
        if result.get("direction") == "left":
            source_region, target_region = target_region, source_region
        labels = result.get("labels") or []
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            report.problem("relation", f"relation labels must be a list of strings, not {str(labels)[:60]}", at)
            continue
        for label in labels or [NO_LABEL]:
            relations.append(ForeignRelation(head=first_key.get(source_region, source_region),
                                             child=first_key.get(target_region, target_region),
                                             label=label, where=at))
    return assemble_document(doc_id=doc_id, text=text, source=source,
                             annotation=make_annotation(annotator or "label-studio"), spans=spans,
                             relations=relations, mapping=mapping, report=report, where=where,
                             corpus_root=resolver.corpus_root, as_line=as_line)


def document_to_task(document: Document, *, from_name: str = "label", to_name: str = "text",
                     as_predictions: bool = False) -> dict[str, Any]:
    """A Label Studio task for ``document`` (offsets in UTF-16 units, as Label Studio counts them).

    Spans are ``labels`` results, arguments and entity coreference ``relation`` results, event attributes
    ``choices`` and notes ``textarea`` results on the trigger region. With ``as_predictions`` the results
    go to ``predictions`` (pre-annotations to review) instead of ``annotations``.
    """
    index = OffsetIndex(document.text, "utf-16")
    results: list[dict[str, Any]] = []

    def region(region_id: str, start: int, end: int, label: str) -> dict[str, Any]:
        return {"id": region_id, "from_name": from_name, "to_name": to_name, "type": "labels",
                "value": {"start": index.from_codepoint(start), "end": index.from_codepoint(end),
                          "text": document.text[start:end], "labels": [label]}}

    for mention in document.mentions:
        results.append(region(mention.id, mention.start, mention.end, mention.type.value))
    for event in document.events:
        results.append(region(event.id, event.trigger.start, event.trigger.end, event.type))
        value = {"start": index.from_codepoint(event.trigger.start), "end": index.from_codepoint(event.trigger.end),
                 "text": event.trigger.text}
        for name in ATTRIBUTES:
            results.append({"id": event.id, "from_name": name, "to_name": to_name, "type": "choices",
                            "value": {**value, "choices": [getattr(event.attributes, name).value]}})
        if event.notes:
            results.append({"id": event.id, "from_name": "notes", "to_name": to_name, "type": "textarea",
                            "value": {**value, "text": [event.notes]}})
        for argument in event.arguments:
            results.append({"from_id": event.id, "to_id": argument.mention, "type": "relation",
                            "direction": "right", "labels": [argument.role]})
    entities: dict[str, list[str]] = {}
    for mention in document.mentions:
        if mention.entity:
            entities.setdefault(mention.entity, []).append(mention.id)
    for members in entities.values():
        for first, second in zip(members, members[1:]):
            results.append({"from_id": first, "to_id": second, "type": "relation", "direction": "right",
                            "labels": ["Coreference"]})
    key = "predictions" if as_predictions else "annotations"
    return {"data": {"text": document.text, "id": document.id},
            key: [{"id": 1, "result": results, "was_cancelled": False}]}


def import_label_studio(
    path: str | Path,
    *,
    mapping: LabelMapping | None = None,
    report: ImportReport | None = None,
    corpus: Corpus | str | Path | None = None,
    annotator: str | None = None,
    text_key: str | None = None,
    annotation_index: int | None = None,
    offsets: str = "auto",
) -> Iterator[Document]:
    """Yield one Document per task of a Label Studio JSON/JSONL export that has a usable annotation.

    ``offsets``: ``auto`` (UTF-16, as Label Studio counts, checked against each span's text, falling back
    to code points), ``utf-16`` or ``codepoint``.
    """
    if offsets not in ("auto", "utf-16", "codepoint"):
        raise UsageError(f"--offsets {offsets!r}: expected auto, utf-16 or codepoint")
    mapping, report, resolver, ids = start_import(path, mapping=mapping, report=report, corpus=corpus)
    for foreign in read_records(path):
        task, where = foreign.value, foreign.where
        if not isinstance(task, dict):
            raise DataError("a Label Studio task is a JSON object", file=where)
        document = task_to_document(task, mapping=mapping, report=report, resolver=resolver, where=where,
                                    annotator=annotator, ids=ids, text_key=text_key,
                                    annotation_index=annotation_index, offsets=offsets,
                                    line=foreign.line if foreign.line is not None else foreign.position + 1,
                                    as_line=writing_lines())
        if document is not None:
            yield document


__all__ = ["choose_annotation", "document_to_task", "import_label_studio", "task_text", "task_to_document"]
