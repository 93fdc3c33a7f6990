"""TextEE: export the corpus as TextEE's processed JSONL, and import TextEE files.

TextEE (ej0cl6/TextEE, ``data/README.md``) reads one JSON object per *window* (a sentence, or a whole
document): ``doc_id``, ``wnd_id``, ``text``, ``lang``, ``tokens``, ``entity_mentions`` (``id``,
``entity_type``, ``text``, token ``start``/``end``, end exclusive) and ``event_mentions`` (``id``,
``event_type``, ``trigger`` with token ``start``/``end`` and ``text``, ``arguments`` pointing at entity
mentions by ``entity_id`` with a ``role``). Token offsets are relative to the window.

Export (:func:`export_textee`) writes ``OUT_DIR/SPLIT.jsonl`` per split with the tokens, sentences and
document-level splits of ``annotate export hf`` (:mod:`annotate.nlp`, :func:`annotate.formats.hf.assign_splits`).
Every mention becomes an entity mention, value mentions (TIME, MONEY, TOPIC) with their own type. With
``window="sentence"`` an event belongs to the window of its trigger's first token; an argument whose
filler lies in another sentence cannot be written there and is counted (``arguments_cut``); with
``window="document"`` (one window per document) every argument is kept. A span that does not fall on
token boundaries is widened to the tokens it touches and counted (``widened``).

Each window also carries an ``eventgold`` block that TextEE ignores: ``spaces`` (the white space after
each token, so ``"".join(t + s for t, s in zip(tokens, spaces)) == text``), ``offset`` (where the window
starts in the document), ``before`` (the text between the previous window and this one) and, in the
first window, the document header and what no window can show (``cut``); ids, exact character offsets
of widened spans, entity ids, normalizations, attributes, hoppers and clusters are keyed by the TextEE
ids. With it, import then export gives the same files, and export then import the same corpus lines.

Import (:func:`import_textee`) regroups windows into documents by ``doc_id`` in ``wnd_id`` order (natural
order: ``D-2`` before ``D-10``), computes character offsets from the tokens against the rebuilt text,
and maps types and roles with :class:`~annotate.formats.mapping.LabelMapping`. A window without our
block is read as plain TextEE: its tokens are found one after the other in its ``text`` (a token that
is not there is reported and the window's annotations are left out), and the windows' texts are joined
by line breaks (reported: TextEE keeps no text between windows). Every imported document must pass the
validator's content checks; one that does not is reported and not written. The windows of the input
files are held in memory until every file is read (windows of one document may be in several files).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from schema import AnnotationInfo, Document, Source

from ..corpus import Corpus, sha256_text
from ..errors import DataError, StorageError, UsageError
from ..jsonl import describe_validation_error, iter_lines
from .importing import (
    ForeignRelation, ForeignSpan, IdAllocator, ImportReport, SourceResolver, assemble_document, make_annotation,
    safe_id, start_import,
)
from .mapping import LabelMapping

if TYPE_CHECKING:  # pragma: no cover
    from ..nlp import TextAnalysis

WINDOWS = ("sentence", "document")
BLOCK = "eventgold"


# == export ===========================================================================================

@dataclass
class TextEECounts:
    """What the windows could not show exactly (all of it kept in the ``eventgold`` blocks)."""

    instances: int = 0
    entity_mentions: int = 0
    events: int = 0
    arguments: int = 0
    arguments_cut: int = 0  # filler in another window than the trigger (sentence windows)
    mentions_cut: int = 0  # mention across a window boundary, or on no token
    events_cut: int = 0  # trigger on no token
    triggers_cut: int = 0  # trigger across a sentence boundary: cut at the window's end
    widened: int = 0  # spans not on token boundaries, widened to whole tokens

    def add(self, other: "TextEECounts") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def to_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def window_id(doc_id: str, index: int) -> str:
    return f"{doc_id}-{index}"


def document_instances(document: Document, analysis: "TextAnalysis", *, window: str = "sentence",
                       counts: TextEECounts | None = None) -> list[dict[str, Any]]:
    """The TextEE instances (windows) of one document, in order (see the module docstring)."""
    if window not in WINDOWS:
        raise UsageError(f"--window {window!r}: expected {' or '.join(WINDOWS)}")
    counts = counts if counts is not None else TextEECounts()
    text = document.text
    tokens = analysis.tokens
    if not tokens:
        bounds = [(len(text), len(text), 0, 0)]
    elif window == "document":
        bounds = [(tokens[0][0], tokens[-1][1], 0, len(tokens))]
    else:
        bounds = [(s.start, s.end, s.token_start, s.token_end) for s in analysis.sentences]
    window_of_token = [0] * len(tokens)
    for index, (_, _, first, last) in enumerate(bounds):
        for k in range(first, last):
            window_of_token[k] = index
    wnd_ids = [window_id(document.id, i) for i in range(len(bounds))]
    instances: list[dict[str, Any]] = []
    blocks: list[dict[str, Any]] = []
    previous_end = 0
    for index, (start, end, first, last) in enumerate(bounds):
        spaces = [text[tokens[k][1]:tokens[k + 1][0]] for k in range(first, last - 1)] + ([""] if last > first else [])
        instances.append({
            "doc_id": document.id, "wnd_id": wnd_ids[index], "text": text[start:end],
            "lang": document.source.language, "tokens": [text[s:e] for s, e in tokens[first:last]],
            "entity_mentions": [], "event_mentions": [],
        })
        block: dict[str, Any] = {"window": index, "windows": len(bounds), "offset": start,
                                 "before": text[previous_end:start], "spaces": spaces, "mentions": {}, "events": {}}
        blocks.append(block)
        previous_end = end
    blocks[-1]["after"] = text[previous_end:]
    first_block = blocks[0]
    first_block["document"] = document.model_dump(mode="json", exclude_none=True,
                                                  include={"schema_version", "id", "source", "annotation"})
    cut: dict[str, list[Any]] = {"mentions": [], "events": [], "arguments": []}

    def local(rng: tuple[int, int], w: int) -> tuple[int, int]:
        return rng[0] - bounds[w][2], rng[1] - bounds[w][2]

    placed: dict[str, tuple[int, str]] = {}  # mention id -> (window, TextEE entity id)
    entity_text: dict[str, str] = {}
    for index, mention in enumerate(document.mentions):
        rng = analysis.token_range(mention.start, mention.end)
        if rng is None or window_of_token[rng[0]] != window_of_token[rng[1] - 1]:
            counts.mentions_cut += 1
            cut["mentions"].append({"index": index, **mention.model_dump(mode="json", exclude_none=True)})
            continue
        w = window_of_token[rng[0]]
        s, e = local(rng, w)
        entity_id = f"{wnd_ids[w]}-{mention.id}"
        char_start, char_end = tokens[rng[0]][0], tokens[rng[1] - 1][1]
        entity_text[entity_id] = text[char_start:char_end]
        instances[w]["entity_mentions"].append({"id": entity_id, "entity_type": mention.type.value,
                                                "text": entity_text[entity_id], "start": s, "end": e})
        extra: dict[str, Any] = {"key": [s, e, mention.type.value], "index": index,
                                 **mention.model_dump(mode="json", exclude_none=True,
                                                      include={"id", "entity", "time", "money", "provenance"})}
        if (char_start, char_end) != (mention.start, mention.end):
            counts.widened += 1
            extra["start"], extra["end"] = mention.start, mention.end
        blocks[w]["mentions"][entity_id] = extra
        placed[mention.id] = (w, entity_id)
        counts.entity_mentions += 1

    for index, event in enumerate(document.events):
        rng = analysis.token_range(event.trigger.start, event.trigger.end)
        if rng is None:
            counts.events_cut += 1
            cut["events"].append({"index": index, **event.model_dump(mode="json", exclude_none=True)})
            continue
        w = window_of_token[rng[0]]
        if rng[1] > bounds[w][3]:
            counts.triggers_cut += 1
            rng = (rng[0], bounds[w][3])
        s, e = local(rng, w)
        event_id = f"{wnd_ids[w]}-{event.id}"
        char_start, char_end = tokens[rng[0]][0], tokens[rng[1] - 1][1]
        arguments, positions, provenance = [], [], []
        for position, argument in enumerate(event.arguments):
            where = placed.get(argument.mention)
            if where is None or where[0] != w:
                counts.arguments_cut += 1
                cut["arguments"].append({"event": event.id, "position": position,
                                         **argument.model_dump(mode="json", exclude_none=True)})
                continue
            entity = blocks[w]["mentions"][where[1]]
            arguments.append({"entity_id": where[1], "role": argument.role,
                              "text": entity_text[where[1]],
                              "start": entity["key"][0], "end": entity["key"][1]})
            positions.append(position)
            provenance.append(argument.provenance.model_dump(mode="json", exclude_none=True)
                              if argument.provenance else None)
        instances[w]["event_mentions"].append({
            "id": event_id, "event_type": event.type,
            "trigger": {"text": text[char_start:char_end], "start": s, "end": e}, "arguments": arguments})
        extra = {"key": [s, e, event.type], "index": index, "argument_positions": positions,
                 **event.model_dump(mode="json", exclude_none=True,
                                    include={"id", "attributes", "coref", "cluster", "notes", "provenance"})}
        if any(p is not None for p in provenance):
            extra["argument_provenance"] = provenance
            # which argument each provenance belongs to, so that an argument removed by hand shifts nothing
            extra["argument_keys"] = [[a["role"], a["entity_id"]] for a in arguments]
        if (char_start, char_end) != (event.trigger.start, event.trigger.end):
            counts.widened += 1
            extra["start"], extra["end"] = event.trigger.start, event.trigger.end
        blocks[w]["events"][event_id] = extra
        counts.events += 1
        counts.arguments += len(arguments)
    if any(cut.values()):
        first_block["cut"] = cut
    for instance, block in zip(instances, blocks):
        instance[BLOCK] = block
    counts.instances += len(instances)
    return instances


def instance_line(instance: dict[str, Any]) -> bytes:
    return json.dumps(instance, ensure_ascii=False).encode("utf-8") + b"\n"


@dataclass
class TextEESplit:
    name: str
    fraction: float
    documents: int = 0
    counts: TextEECounts = field(default_factory=TextEECounts)
    path: Path | None = None


@dataclass
class TextEEExportResult:
    """What :func:`export_textee` wrote."""

    out_dir: Path
    source: Path
    window: str
    seed: int
    splits: list[TextEESplit]
    validation_warnings: int = 0

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.splits)

    @property
    def counts(self) -> TextEECounts:
        total = TextEECounts()
        for s in self.splits:
            total.add(s.counts)
        return total

    def to_dict(self) -> dict[str, Any]:
        return {"out_dir": str(self.out_dir), "source": str(self.source), "window": self.window, "seed": self.seed,
                "documents": self.documents, "validation_warnings": self.validation_warnings,
                "splits": [{"name": s.name, "fraction": s.fraction, "documents": s.documents,
                            "file": str(s.path) if s.path else None, **s.counts.to_dict()} for s in self.splits],
                "total": self.counts.to_dict()}


def split_file_name(split: str) -> str:
    return f"{split}.jsonl"


def export_textee(
    out_dir: str | Path,
    *,
    input: str | Path,
    split: str | None = None,
    seed: int = 0,
    window: str = "sentence",
    validate: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> TextEEExportResult:
    """Export the corpus JSONL ``input`` as TextEE JSONL files ``out_dir/SPLIT.jsonl``.

    Splits (``split``, default that of ``annotate export hf``) and ``seed`` are those of
    :func:`annotate.formats.hf.export_hf`, so both exports put every document in the same split. Each
    document must pass the validator's content checks (unless ``validate=False``); the first error stops
    the export. The files are written into a new folder beside ``out_dir`` that then replaces it in one
    rename: ``out_dir`` must be missing, empty, or an earlier TextEE export (only ``.jsonl`` files with
    eventgold blocks); a failed export leaves it as it was. Raises DataError, UsageError, StorageError.
    """
    from ..jsonl import read_documents
    from ..stats import iter_analyzed
    from .hf import DEFAULT_SPLIT, _check, assign_splits, parse_split_spec, scan_ids

    if window not in WINDOWS:
        raise UsageError(f"--window {window!r}: expected {' or '.join(WINDOWS)}")
    source = Path(input)
    if not source.is_file():
        raise UsageError(f"{source}: no such corpus file (export a gold.jsonl: --corpus DIR or --input FILE)")
    target = Path(out_dir)
    _check_target(target)
    spec = parse_split_spec(split or DEFAULT_SPLIT)
    ids = scan_ids(source)
    if not ids:
        raise DataError("the corpus has no documents", file=source)
    assignment = assign_splits(ids, spec, seed=seed)
    splits = {name: TextEESplit(name, fraction) for name, fraction in spec}
    for doc_id in ids:
        splits[assignment[doc_id]].documents += 1
    result = TextEEExportResult(out_dir=target, source=source, window=window, seed=seed, splits=list(splits.values()))
    from ..outputs import FolderOutput

    output = FolderOutput(target, owned=None)  # staged beside, swapped in whole, under a lock
    handles: dict[str, Any] = {}
    try:
        staging = output.open()
        for name in splits:
            handles[name] = open(staging / split_file_name(name), "wb")
        done = 0
        for document, analysis in iter_analyzed(read_documents(source)):
            if validate:
                result.validation_warnings += _check(document, source, done + 1)
            name = assignment.get(document.id)
            if name is None:
                raise StorageError(f"{source}: changed during the export (unknown id {document.id!r})")
            for instance in document_instances(document, analysis, window=window, counts=splits[name].counts):
                handles[name].write(instance_line(instance))
            done += 1
            if progress is not None:
                progress(done, len(ids))
        if done != len(ids):
            raise StorageError(f"{source}: changed during the export ({len(ids)} ids, {done} documents)")
        for handle in handles.values():
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
        output.commit()
        for info in result.splits:
            info.path = target / split_file_name(info.name)
        return result
    except OSError as exc:
        if isinstance(exc, StorageError):
            raise
        raise StorageError(f"{target}: cannot write: {exc.strerror or exc}") from exc
    finally:
        for handle in handles.values():
            handle.close()
        output.close()


def _is_textee_export(path: Path) -> bool:
    """A ``.jsonl`` file whose first line is a window with an eventgold block (or an empty file)."""
    if not (path.is_file() and path.suffix == ".jsonl"):
        return False
    try:
        with open(path, "rb") as handle:
            first = handle.readline()
        if not first.strip():
            return True
        record = json.loads(first)
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(record, dict) and "wnd_id" in record and isinstance(record.get(BLOCK), dict)


def _check_target(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder")
    if not target.is_dir():
        return
    foreign = [p.name for p in target.iterdir() if not _is_textee_export(p)]
    if foreign:
        raise UsageError(f"{target}: this folder holds files that are not an earlier `annotate export textee` "
                         f"output ({', '.join(sorted(foreign)[:5])}); export to a new or empty folder")


# == import ===========================================================================================

def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


_DIGITS = re.compile(r"(\d+)")


def natural_key(value: str) -> tuple:
    """``D-2`` before ``D-10``: digit runs compare as numbers."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(value) if part)


@dataclass
class _Window:
    where: str
    record: dict[str, Any]
    order: int  # position in the input, for ties

    @property
    def wnd_id(self) -> str:
        return str(self.record.get("wnd_id"))

    @property
    def block(self) -> dict[str, Any] | None:
        block = self.record.get(BLOCK)
        return block if isinstance(block, dict) else None


def iter_windows(paths: Iterable[str | Path]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(where, record)`` for every window of the TextEE JSONL files ``paths``. A line that is not a JSON
    object with a string ``doc_id`` and ``wnd_id`` raises DataError."""
    for path in paths:
        p = Path(path)
        if not p.is_file():
            raise StorageError(f"{p}: no such file")
        for number, raw in iter_lines(p):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except (ValueError, RecursionError) as exc:
                raise DataError(f"not valid JSON: {exc}", file=p, line=number) from None
            if not isinstance(record, dict):
                raise DataError("a TextEE instance is a JSON object", file=p, line=number)
            for key in ("doc_id", "wnd_id"):
                if not isinstance(record.get(key), str) or not record[key]:
                    raise DataError(f"a TextEE instance needs a string {key!r}", file=p, line=number, field=key)
            for key in ("tokens", "entity_mentions", "event_mentions"):
                if not isinstance(record.get(key, []), list):
                    raise DataError(f"{key!r} must be a list", file=p, line=number, record_id=record["wnd_id"],
                                    field=key)
            if not isinstance(record.get("text", ""), str):
                raise DataError("'text' must be a string", file=p, line=number, record_id=record["wnd_id"],
                                field="text")
            yield f"{p}:{number}", record


def _align(text: str, tokens: list[Any]) -> list[tuple[int, int]] | str:
    """Character offsets of ``tokens`` found one after the other in ``text``, or why they cannot be."""
    offsets: list[tuple[int, int]] = []
    at = 0
    for index, token in enumerate(tokens):
        if not isinstance(token, str) or not token:
            return f"token {index} is not a non-empty string"
        while at < len(text) and text[at].isspace() and not token[0].isspace():
            at += 1
        if not text.startswith(token, at):
            return f"token {index} {token!r} is not in the text at offset {at} ({text[at:at + 20]!r})"
        offsets.append((at, at + len(token)))
        at += len(token)
    return offsets


def _our_text(windows: list[_Window]) -> tuple[str, list[int], list[list[tuple[int, int]]]] | None:
    """The document text, window offsets and token offsets from our blocks, or None when they do not fit."""
    parts: list[str] = []
    offsets: list[int] = []
    token_offsets: list[list[tuple[int, int]]] = []
    at = 0
    for number, window in enumerate(windows):
        block = window.block
        tokens, text = window.record.get("tokens", []), window.record.get("text", "")
        if (block is None or block.get("window") != number or block.get("windows") != len(windows)
                or not isinstance(block.get("before"), str) or not isinstance(block.get("spaces"), list)
                or len(block["spaces"]) != len(tokens) or not all(isinstance(t, str) for t in tokens)
                or not all(isinstance(s, str) and not s.strip() for s in block["spaces"])
                or "".join(t + s for t, s in zip(tokens, block["spaces"])) != text):
            return None
        at += len(block["before"])
        parts += [block["before"], text]
        offsets.append(at)
        local, k = [], 0
        for token, space in zip(tokens, block["spaces"]):
            local.append((k, k + len(token)))
            k += len(token) + len(space)
        token_offsets.append(local)
        at += len(text)
    after = windows[-1].block.get("after") if windows[-1].block else None
    if not isinstance(after, str):
        return None
    parts.append(after)
    return "".join(parts), offsets, token_offsets


def _header(block: dict[str, Any] | None, text: str) -> tuple[str, Source, AnnotationInfo] | None:
    header = block.get("document") if block else None
    if not isinstance(header, dict):
        return None
    try:
        source = Source.model_validate_json(json.dumps(header["source"]))  # JSON mode, as the corpus reader
        annotation = AnnotationInfo.model_validate_json(json.dumps(header["annotation"]))
        doc_id = str(header["id"])
    except (KeyError, TypeError, ValidationError):
        return None
    if source.sha256 != sha256_text(text):
        return None  # the text was changed: a new text
    return doc_id, source, annotation


def windows_to_document(
    doc_id: str,
    windows: list[_Window],
    *,
    mapping: LabelMapping,
    report: ImportReport,
    resolver: SourceResolver,
    annotator: str | None = None,
    ids: IdAllocator | None = None,
) -> Document | None:
    """One Document from the windows of ``doc_id`` (already in order); None when it cannot be written
    (reported)."""
    where = windows[0].where
    ours = _our_text(windows)
    if ours is None and any(w.block for w in windows):
        report.warn("eventgold-block", f"document {doc_id}: the eventgold blocks do not fit the windows (edited "
                    "text or tokens, or a window missing); read as plain TextEE", where)
    if ours is not None:
        text, window_offsets, token_offsets = ours
        blocks = [w.block or {} for w in windows]
    else:
        blocks = [{} for _ in windows]
        window_offsets, token_offsets, parts, at = [], [], [], 0
        for number, window in enumerate(windows):
            if number:
                parts.append("\n")
                at += 1
            wtext = window.record.get("text", "")
            aligned = _align(wtext, window.record.get("tokens", []))
            if isinstance(aligned, str):
                report.problem("tokens", f"window {window.wnd_id}: {aligned}; its annotations are not imported",
                               window.where)
                aligned = []
                blocks[number] = {"unaligned": True}
            window_offsets.append(at)
            token_offsets.append(aligned)
            parts.append(wtext)
            at += len(wtext)
        text = "".join(parts)
        if len(windows) > 1:
            report.warn("text", f"document {doc_id}: text rebuilt from {len(windows)} windows joined by line "
                        "breaks (TextEE keeps no text between windows)", where)

    header = _header(blocks[0], text) if ours is not None else None
    if header is not None:
        new_id, source, annotation = header
        if annotator:
            annotation = annotation.model_copy(update={"annotator": annotator})
    else:
        new_id, source, _known = resolver.resolve(text, file_name=doc_id, fallback_id=safe_id(doc_id))
        lang = windows[0].record.get("lang")
        if isinstance(lang, str) and lang != source.language and re.match(r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", lang):
            source = source.model_copy(update={"language": lang})
        annotation = make_annotation(annotator or "textee")
    if ids is not None:
        new_id = ids.take(new_id, report, where)

    spans: list[ForeignSpan] = []
    relations: list[ForeignRelation] = []
    key_of_id: dict[str, str] = {}  # our mention/event id -> span key (for the cut items)
    for number, (window, block) in enumerate(zip(windows, blocks)):
        if block.get("unaligned"):
            continue
        _read_window(number, window, block, text, window_offsets[number], token_offsets[number], spans, relations,
                     key_of_id, report, mapping)
    cut = blocks[0].get("cut") if isinstance(blocks[0].get("cut"), dict) else {}
    _read_cut(cut, spans, relations, key_of_id, where)
    order = {span.key: (span.extra.get("index", 1 << 30), n) for n, span in enumerate(spans)}
    spans.sort(key=lambda span: order[span.key])
    relations.sort(key=lambda r: (order.get(r.head, (1 << 30, 0)), r.extra.get("position", 1 << 30)))
    for span in spans:
        span.extra.pop("index", None)
    for relation in relations:
        relation.extra.pop("position", None)
    try:
        document = assemble_document(doc_id=new_id, text=text, source=source, annotation=annotation, spans=spans,
                                     relations=relations, mapping=mapping, report=report, where=where)
    except ValidationError as exc:
        field_name, message = describe_validation_error(exc)
        raise DataError(message, file=where, record_id=new_id, field=field_name) from None
    if document is None:  # assemble_document left it out (reported): the validator's checks found it whole-invalid
        return None
    from ..validate import check_document

    errors = [found for found in check_document(document) if found.is_error]
    if errors:
        for found in errors:
            report.problem("invalid", f"document {new_id}: {found.test_id} at {found.field}: {found.message}", where)
        return None
    return document


_MENTION_EXTRAS = ("id", "entity", "time", "money", "provenance", "index")
_EVENT_EXTRAS = ("id", "attributes", "coref", "cluster", "notes", "provenance", "index")


def _read_window(number: int, window: _Window, block: dict[str, Any], text: str, offset: int,
                 token_offsets: list[tuple[int, int]], spans: list[ForeignSpan], relations: list[ForeignRelation],
                 key_of_id: dict[str, str], report: ImportReport, mapping: LabelMapping) -> None:
    record, at = window.record, window.where
    tokens = record.get("tokens", [])
    extras_m = block.get("mentions") if isinstance(block.get("mentions"), dict) else {}
    extras_e = block.get("events") if isinstance(block.get("events"), dict) else {}

    def char_span(item: Any, what: str, label: str) -> tuple[int, int] | None:
        s, e = (_int(item.get("start")), _int(item.get("end"))) if isinstance(item, dict) else (None, None)
        if s is None or e is None or not 0 <= s < e <= len(token_offsets):
            report.problem("offsets", f"window {window.wnd_id}: {what} {label}: token offsets "
                           f"[{item.get('start') if isinstance(item, dict) else None}, "
                           f"{item.get('end') if isinstance(item, dict) else None}) are not tokens of the window "
                           f"({len(token_offsets)} tokens)", at)
            return None
        start, end = offset + token_offsets[s][0], offset + token_offsets[e - 1][1]
        given = item.get("text")
        if isinstance(given, str) and given not in (text[start:end], " ".join(tokens[s:e])):
            report.problem("offsets", f"window {window.wnd_id}: {what} {label}: its text {given!r} is not that of "
                           f"tokens {s}-{e} ({text[start:end]!r})", at)
            return None
        return start, end

    def extras(pool: dict[str, Any], foreign_id: str, key: list[Any], allowed: tuple[str, ...]) -> dict[str, Any]:
        extra = pool.get(foreign_id)
        if not isinstance(extra, dict) or extra.get("key") != key:
            if isinstance(extra, dict):
                report.warn("edited", f"window {window.wnd_id}: {foreign_id} changed since the export; its "
                            "eventgold extras (ids, exact offsets, attributes...) are not applied", at)
            return {}
        return {k: v for k, v in extra.items() if k in allowed}

    entity_keys: dict[str, str] = {}
    for position, entity in enumerate(record.get("entity_mentions", [])):
        foreign_id = str(entity.get("id", f"#{position}")) if isinstance(entity, dict) else f"#{position}"
        label = entity.get("entity_type") if isinstance(entity, dict) else None
        if not isinstance(label, str):
            report.problem("span", f"window {window.wnd_id}: entity mention {foreign_id} has no entity_type", at)
            continue
        if foreign_id in entity_keys:
            report.problem("span", f"window {window.wnd_id}: entity mention id {foreign_id} repeated", at)
            continue
        rng = char_span(entity, "entity mention", f"{foreign_id} ({label})")
        if rng is None:
            continue
        extra = extras(extras_m, foreign_id, [entity["start"], entity["end"], label], _MENTION_EXTRAS)
        exact = extras_m.get(foreign_id, {}) if extra else {}
        start, end = rng
        if extra and _int(exact.get("start")) is not None and _int(exact.get("end")) is not None:
            start, end = exact["start"], exact["end"]
        key = f"w{number}:{foreign_id}"
        spans.append(ForeignSpan(key=key, start=start, end=end, label=label, where=at, extra=extra))
        entity_keys[foreign_id] = key
        if extra.get("id"):
            key_of_id[str(extra["id"])] = key

    for position, event in enumerate(record.get("event_mentions", [])):
        if not isinstance(event, dict):
            report.problem("event", f"window {window.wnd_id}: event_mentions[{position}] is not an object", at)
            continue
        foreign_id = str(event.get("id", f"#ev{position}"))
        label = event.get("event_type")
        if not isinstance(label, str):
            report.problem("event", f"window {window.wnd_id}: event {foreign_id} has no event_type", at)
            continue
        trigger = event.get("trigger")
        rng = char_span(trigger, "trigger of", f"{foreign_id} ({label})")
        if rng is None:
            continue
        extra = extras(extras_e, foreign_id, [trigger["start"], trigger["end"], label], _EVENT_EXTRAS)
        exact = extras_e.get(foreign_id, {}) if extra else {}
        start, end = rng
        if extra and _int(exact.get("start")) is not None and _int(exact.get("end")) is not None:
            start, end = exact["start"], exact["end"]
        key = f"w{number}:ev:{foreign_id}"
        spans.append(ForeignSpan(key=key, start=start, end=end, label=label, where=at, extra=extra))
        if extra.get("id"):
            key_of_id[str(extra["id"])] = key
        positions = exact.get("argument_positions") if extra else None
        provenance = exact.get("argument_provenance") if extra else None
        arguments = event.get("arguments") or []
        if mapping.is_ignored(label):  # the event is left out (reported as ignored): so are its arguments
            for _ in arguments if isinstance(arguments, list) else []:
                report.ignore(f"{label} (argument)")
            continue
        taken: set[int] = set()
        for nth, argument in enumerate(arguments if isinstance(arguments, list) else []):
            role = argument.get("role") if isinstance(argument, dict) else None
            if not isinstance(role, str):
                report.problem("relation", f"window {window.wnd_id}: event {foreign_id}: argument {nth} has no role",
                               at)
                continue
            entity_id = argument.get("entity_id")
            if entity_id is None:
                report.problem("relation", f"window {window.wnd_id}: event {foreign_id}: argument {role!r} names no "
                               "entity_id (TextEE prediction files do not; eventgold needs the filler's mention)", at)
                continue
            child = entity_keys.get(str(entity_id))
            if child is None:
                report.problem("relation", f"window {window.wnd_id}: event {foreign_id}: argument {role!r} points to "
                               f"entity {entity_id!r}, which the window does not have (or was not imported)", at)
                continue
            relation_extra: dict[str, Any] = {}
            keys = exact.get("argument_keys") if extra else None
            if isinstance(keys, list) and isinstance(positions, list) and len(keys) == len(positions):
                found = next((i for i, k in enumerate(keys) if i not in taken and k == [role, entity_id]), None)
                if found is None:  # an argument added by hand: after the exported ones, without provenance
                    relation_extra["position"] = (1 << 30) + nth
                else:
                    taken.add(found)
                    relation_extra["position"] = positions[found]
                    if isinstance(provenance, list) and found < len(provenance) and provenance[found] is not None:
                        relation_extra["provenance"] = provenance[found]
            elif isinstance(positions, list) and len(positions) == len(arguments):
                relation_extra["position"] = positions[nth]
                if isinstance(provenance, list) and nth < len(provenance) and provenance[nth] is not None:
                    relation_extra["provenance"] = provenance[nth]
            relations.append(ForeignRelation(head=key, child=child, label=role, where=at, extra=relation_extra))


def _read_cut(cut: dict[str, Any], spans: list[ForeignSpan], relations: list[ForeignRelation],
              key_of_id: dict[str, str], where: str) -> None:
    """Put back what no window could show (our export's ``cut``)."""
    for mention in cut.get("mentions") or []:
        key = f"cut:m{mention.get('index')}"
        spans.append(ForeignSpan(key=key, start=mention.get("start", -1), end=mention.get("end", -1),
                                 label=str(mention.get("type", "")), where=where, text=mention.get("text"),
                                 extra={k: v for k, v in mention.items() if k in _MENTION_EXTRAS}))
        key_of_id[str(mention.get("id"))] = key
    for event in cut.get("events") or []:
        key = f"cut:e{event.get('index')}"
        trigger = event.get("trigger") or {}
        spans.append(ForeignSpan(key=key, start=trigger.get("start", -1), end=trigger.get("end", -1),
                                 label=str(event.get("type", "")), where=where, text=trigger.get("text"),
                                 extra={k: v for k, v in event.items() if k in _EVENT_EXTRAS}))
        key_of_id[str(event.get("id"))] = key
        for position, argument in enumerate(event.get("arguments") or []):
            relations.append(ForeignRelation(
                head=key, child=key_of_id.get(str(argument.get("mention")), f"?{argument.get('mention')}"),
                label=str(argument.get("role", "")), where=where,
                extra={"position": position, **({"provenance": argument["provenance"]} if "provenance" in argument
                                                else {})}))
    for argument in cut.get("arguments") or []:
        relations.append(ForeignRelation(
            head=key_of_id.get(str(argument.get("event")), f"?{argument.get('event')}"),
            child=key_of_id.get(str(argument.get("mention")), f"?{argument.get('mention')}"),
            label=str(argument.get("role", "")), where=where,
            extra={"position": argument.get("position"),
                   **({"provenance": argument["provenance"]} if "provenance" in argument else {})}))


def import_textee(
    paths: str | Path | Iterable[str | Path],
    *,
    mapping: LabelMapping | None = None,
    report: ImportReport | None = None,
    corpus: Corpus | str | Path | None = None,
    annotator: str | None = None,
) -> Iterator[Document]:
    """Yield one Document per ``doc_id`` of the TextEE JSONL file(s) ``paths``, in order of first
    appearance (see the module docstring). Raises DataError for a line that is not a TextEE instance."""
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    mapping, report, resolver, ids = start_import(", ".join(str(p) for p in paths), mapping=mapping, report=report,
                                                  corpus=corpus)
    groups: dict[str, list[_Window]] = {}
    for order, (where, record) in enumerate(iter_windows(paths)):
        groups.setdefault(record["doc_id"], []).append(_Window(where, record, order))
    for doc_id, windows in groups.items():
        windows.sort(key=lambda w: (natural_key(w.wnd_id), w.order))
        unique: list[_Window] = []
        for window in windows:
            if unique and unique[-1].wnd_id == window.wnd_id:
                report.problem("window", f"window {window.wnd_id} of document {doc_id} appears again (first at "
                               f"{unique[-1].where}); this copy is not imported", window.where)
                continue
            unique.append(window)
        document = windows_to_document(doc_id, unique, mapping=mapping, report=report, resolver=resolver,
                                       annotator=annotator, ids=ids)
        if document is not None:
            yield document


__all__ = [
    "TextEECounts", "TextEEExportResult", "TextEESplit", "WINDOWS", "document_instances", "export_textee",
    "import_textee", "iter_windows", "natural_key", "split_file_name", "windows_to_document",
]
