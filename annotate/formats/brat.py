"""brat standoff: export documents to ``DOC.txt`` + ``DOC.ann``, and import them back.

What goes where (see ``docs/formats.md`` for the full syntax):

- ``DOC.txt``: the exact text, UTF-8, byte for byte. Offsets are code points, as in brat.
- ``T`` lines: mentions (type = mention type) and event triggers (type = event type). A span that
  crosses a line break is written as fragments split at the line break (as brat itself does); the
  import joins fragments separated only by white space with a line break.
- ``E`` lines: events, ``Type:T7 Visitor:T1 Destination:T2``; a repeated role is ``Party``,
  ``Party2``... in argument order.
- ``A`` lines: ``Realis``, ``Polarity``, ``Tense`` of each event.
- ``*`` lines: ``*<TAB>Coreference T1 T4``: entity coreference (mentions sharing an entity id).
- ``N`` lines: ``Reference T3 TIMEX3:2018-11-01`` for time, ``Reference T5 ISO4217:USD`` for money.
- ``#`` lines: ``AnnotatorNotes`` on each mention and event carry what brat cannot express, as
  ``[FREE TEXT ]eventgold:{JSON}``: ids, entity id, the full time and money normalizations,
  event hopper (``coref``), ``cluster``, provenance; an event's own notes are the free text (or go in
  the JSON when they contain line breaks or tabs).
- ``DOC.eventgold.json``: the document's id, source and annotation metadata (brat ignores it).

Import reads our own exports losslessly, and foreign brat data through a
:class:`~annotate.formats.mapping.LabelMapping`: unmapped labels, discontinuous spans, relations and
attributes the schema cannot hold are reported (see :mod:`annotate.formats.importing`).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from schema import (
    ATTRIBUTES, AnnotationInfo, Document, Mention, MentionType, MoneyValue, Source, make_span,
)

from ..corpus import Corpus, sha256_text
from ..errors import DataError, StorageError, UsageError
from ..jsonl import atomic_write_bytes, describe_validation_error
from ..evaluate.matching import check_document
from ..validate.fast import typed_dict_validator
from .brat_conf import BRAT_ATTRIBUTE_NAMES, CURRENCY_DB, TIMEX3_DB, annotation_conf, tools_conf, visual_conf
from .importing import (
    ATTRIBUTE_VALUES, IdAllocator, ImportedLine, ImportReport, Origin, SourceResolver, assign_entities, finish_document,
    make_annotation, normalize_fields, sentence_around, start_import, timex_type_of, writing_lines,
)
from .mapping import IGNORE, LabelMapping

NOTE_MARKER = "eventgold:"
NOTE_TYPE = "AnnotatorNotes"
SIDECAR_SUFFIX = ".eventgold.json"
COREF_TYPE = "Coreference"
#: Characters that end a line for brat (Python's str.splitlines): spans are split there, JSON escapes them.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_RE = re.compile(f"[{re.escape(LINE_BREAKS)}]+")


# == export =========================================================================================

@dataclass
class BratExportSummary:
    out_dir: Path
    documents: int = 0
    mentions: int = 0
    events: int = 0
    fragmented: int = 0  # spans written as fragments because they cross a line break
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"out_dir": str(self.out_dir), "documents": self.documents, "mentions": self.mentions,
                "events": self.events, "fragmented_spans": self.fragmented, "warnings": self.warnings}


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split around line breaks: the pieces brat can show on one line each."""
    pieces, at = [], start
    for match in _BREAK_RE.finditer(text, start, end):
        if match.start() > at:
            pieces.append((at, match.start()))
        at = match.end()
    if at < end:
        pieces.append((at, end))
    return pieces or [(start, end)]


def _note_json(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in LINE_BREAKS:  # control characters are escaped by json already; these are not
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _plain_note(notes: str) -> bool:
    """True when an event's notes can stand as visible free text in an AnnotatorNotes line."""
    return (notes == notes.strip() and "\t" not in notes and not any(c in notes for c in LINE_BREAKS)
            and NOTE_MARKER not in notes)


def document_to_ann(document: Document) -> tuple[str, int]:
    """The ``.ann`` text of ``document`` and how many spans had to be fragmented."""
    text = document.text
    lines: list[str] = []
    notes: list[tuple[str, str]] = []  # (target, note text)
    normalizations: list[str] = []
    t_of: dict[str, str] = {}
    t_count = 0
    fragmented = 0

    def textbound(label: str, start: int, end: int) -> tuple[str, list[int] | None]:
        """Write a T line; returns its id, and ``[start, end]`` when the line cannot show the exact extent
        (line breaks at an edge of the span), for the note to carry."""
        nonlocal t_count, fragmented
        t_count += 1
        pieces = fragments(text, start, end)
        if any(c in LINE_BREAKS for s, e in pieces for c in text[s:e]):
            raise DataError(f"the span [{start}, {end}) {text[start:end]!r} holds only line breaks, which a brat "
                            "line cannot hold", record_id=document.id, field=label)
        if len(pieces) > 1:
            fragmented += 1
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        lines.append(f"T{t_count}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in pieces)}")
        exact = None if (pieces[0][0], pieces[-1][1]) == (start, end) else [start, end]
        return f"T{t_count}", exact

    for mention in document.mentions:
        tid, exact = textbound(mention.type.value, mention.start, mention.end)
        t_of[mention.id] = tid
        if mention.time is not None:
            normalizations.append(f"Reference {tid} {TIMEX3_DB}:{mention.time.value}\t{mention.time.value}")
        if mention.money is not None and mention.money.currency and not any(c.isspace() for c in mention.money.currency):
            normalizations.append(f"Reference {tid} {CURRENCY_DB}:{mention.money.currency}\t"
                                  f"{_money_text(mention.money)}")
        extra = mention.model_dump(mode="json", exclude_none=True,
                                   include={"id", "entity", "time", "money", "provenance"})
        if exact:
            extra["span"] = exact
        notes.append((tid, NOTE_MARKER + _note_json(extra)))

    trigger_t = [textbound(event.type, event.trigger.start, event.trigger.end) for event in document.events]
    attributes: list[str] = []
    for index, (event, (trigger, trigger_exact)) in enumerate(zip(document.events, trigger_t), start=1):
        eid = f"E{index}"
        used: dict[str, int] = {}
        arguments = []
        for argument in event.arguments:
            used[argument.role] = used.get(argument.role, 0) + 1
            number = used[argument.role]
            target = t_of.get(argument.mention)
            if target is None:
                raise DataError(f"event {event.id}: argument {argument.role} points to mention "
                                f"{argument.mention!r}, which the document does not have", record_id=document.id,
                                field="events")
            arguments.append(f"{argument.role}{number if number > 1 else ''}:{target}")
        lines.append(f"E{index}\t{event.type}:{trigger}" + "".join(f" {a}" for a in arguments))
        for name in ATTRIBUTES:
            attributes.append(f"{BRAT_ATTRIBUTE_NAMES[name]} {eid} {getattr(event.attributes, name).value}")
        extra = event.model_dump(mode="json", exclude_none=True, include={"id", "coref", "cluster", "provenance"})
        if trigger_exact:
            extra["trigger_span"] = trigger_exact
        if any(argument.provenance is not None for argument in event.arguments):
            extra["argument_provenance"] = [
                argument.provenance.model_dump(mode="json", exclude_none=True) if argument.provenance else None
                for argument in event.arguments
            ]
            # which argument each provenance belongs to, so that an argument removed in brat shifts nothing
            extra["argument_keys"] = [f"{argument.role}:{t_of[argument.mention]}" for argument in event.arguments]
        prefix = ""
        if event.notes is not None:
            if _plain_note(event.notes) and event.notes:
                prefix = event.notes + " "
            else:
                extra["notes"] = event.notes
        notes.append((eid, prefix + NOTE_MARKER + _note_json(extra)))

    lines += [f"A{i}\t{a}" for i, a in enumerate(attributes, start=1)]
    lines += [f"N{i}\t{n}" for i, n in enumerate(normalizations, start=1)]
    groups: dict[str, list[str]] = {}
    for mention in document.mentions:
        if mention.entity is not None:
            groups.setdefault(mention.entity, []).append(t_of[mention.id])
    lines += [f"*\t{COREF_TYPE} {' '.join(members)}" for members in groups.values() if len(members) > 1]
    lines += [f"#{i}\t{NOTE_TYPE} {target}\t{note}" for i, (target, note) in enumerate(notes, start=1)]
    return "".join(line + "\n" for line in lines), fragmented


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)


def _money_text(money: MoneyValue) -> str:
    """What an ISO4217 ``N`` line shows: ``50000000 USD``, ``min 260000000 USD``, ``... approx.``"""
    parts = []
    if money.amount is not None:
        parts.append(_number(money.amount))
    if money.min is not None:
        parts.append(f"min {_number(money.min)}")
    if money.max is not None:
        parts.append(f"max {_number(money.max)}")
    if money.approximate:
        parts.append("approx.")
    return " ".join(parts + [money.currency])


def sidecar_json(document: Document) -> str:
    data = document.model_dump(mode="json", exclude_none=True,
                               include={"schema_version", "id", "source", "annotation"})
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def export_brat(documents: Iterable[Document], out_dir: str | Path, *, config: bool = True) -> BratExportSummary:
    """Write each document as ``OUT_DIR/ID.txt``, ``ID.ann`` and ``ID.eventgold.json``, plus
    ``annotation.conf``, ``tools.conf`` and ``visual.conf`` (unless ``config`` is false).

    Documents are streamed (at most a few dozen pending writes are held; their fsyncs overlap on a few
    threads). The whole folder is written at once: the files go to a staging folder beside ``OUT_DIR``
    that replaces it in one rename at the end, under a lock (:mod:`annotate.outputs`); other files
    already in ``OUT_DIR`` are kept. A failed or killed export leaves ``OUT_DIR`` as it was; a second
    export into the same folder at the same time stops with a LockedError.
    """
    from ..outputs import FolderOutput

    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out}: exists and is not a folder")
    summary = BratExportSummary(out)
    seen: set[str] = set()
    output = FolderOutput(out, owned=())
    staging = output.open()
    try:
        with _ParallelWriter() as writer:
            for document in documents:
                _export_one(document, staging, summary, seen, writer)
        stale = sorted(p.name for p in out.glob("*.ann") if p.stem not in seen) if out.is_dir() else []
        if stale:
            summary.warnings.append(f"{len(stale)} .ann file(s) in {out} are not part of this export and were "
                                    f"left as they were (e.g. {stale[0]}); 'import brat' of this folder reads "
                                    "them too")
        if config:
            atomic_write_bytes(staging / "annotation.conf", annotation_conf().encode("utf-8"))
            atomic_write_bytes(staging / "tools.conf", tools_conf().encode("utf-8"))
            atomic_write_bytes(staging / "visual.conf", visual_conf().encode("utf-8"))
        output.commit()
    finally:
        output.close()
    return summary


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"{folder}: cannot create folder: {exc.strerror or exc}") from exc


class _ParallelWriter:
    """Atomic, durable file writes run on a few threads, so that their fsyncs overlap.

    At most ``pending`` writes wait at a time (the export still streams); the first failure is raised.
    """

    def __init__(self, workers: int = 8, pending: int = 64) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="brat-write")
        self.pending = pending
        self.futures: list[Any] = []

    def write(self, path: Path, data: bytes) -> None:
        self.futures.append(self.pool.submit(atomic_write_bytes, path, data))
        if len(self.futures) >= self.pending:
            self.futures.pop(0).result()

    def __enter__(self) -> "_ParallelWriter":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        try:
            for future in self.futures:
                if exc_info[0] is None:
                    future.result()
                else:
                    future.cancel()
        finally:
            self.pool.shutdown(wait=True)


def _export_one(document: Document, out: Path, summary: BratExportSummary, seen: set[str],
                writer: _ParallelWriter) -> None:
    if document.id in seen:
        raise DataError(f"document id {document.id!r} appears twice; brat files are named by id",
                        record_id=document.id, field="id")
    seen.add(document.id)
    check_document(document)  # a span whose text disagrees with the document is refused, never re-cut
    ann, fragmented = document_to_ann(document)
    if "\r" in document.text:
        summary.warnings.append(f"{document.id}: the text has carriage returns; brat reads text with "
                                "universal newlines, so brat's own display may shift offsets after them "
                                "(the files and the import are exact)")
    if not summary.documents:
        _make_folder(out)  # once, before the threads write into it
    writer.write(out / f"{document.id}.txt", document.text.encode("utf-8"))
    writer.write(out / f"{document.id}.ann", ann.encode("utf-8"))
    writer.write(out / f"{document.id}{SIDECAR_SUFFIX}", sidecar_json(document).encode("utf-8"))
    summary.documents += 1
    summary.mentions += len(document.mentions)
    summary.events += len(document.events)
    summary.fragmented += fragmented


# == reading .ann ===================================================================================

@dataclass(slots=True)
class AnnLine:
    kind: str  # T E A N # * R M
    id: str
    number: int  # line number in the .ann file
    type: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    text: str = ""
    target: str = ""
    args: list[tuple[str, str]] = field(default_factory=list)
    value: str | None = None
    db: str = ""
    ref: str = ""


_ID = re.compile(r"^([A-Za-z]+|#[A-Za-z]*)([0-9]+)(.*?)$")
_ID_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#")
_N_DATA = re.compile(r"(\S+) (\S+) (\S+?):(\S+)")


#: The common shapes of T, A/M and # lines, read by one match each (:func:`parse_ann`); what they accept,
#: :func:`_parse_line` reads the same way (``tests/test_brat_import_paths.py`` compares the two). Type
#: and target are printable ASCII without spaces, so ``str.split()`` would cut them the same way.
_T_LINE = re.compile(r"(T[0-9]+)\t([^ \t]+) ([0-9]+) ([0-9]+)(?:\t(.*))?", re.S)
_A_LINE = re.compile(r"([AM][0-9]+)\t([!-~]+) ([!-~]+)(?: ([!-~]+))?(?:\t.*)?", re.S)
_NOTE_LINE = re.compile(r"(#[0-9]+)\t([!-~]+) ([!-~]+)(?:\t(.*))?", re.S)


def parse_ann(content: str, *, path: str, report: ImportReport) -> list[AnnLine]:
    """The lines of a ``.ann`` file (brat's own syntax rules); malformed lines are reported as problems."""
    parsed: list[AnnLine] = []
    seen: set[str] = set()
    t_line, a_line, note_line = _T_LINE.fullmatch, _A_LINE.fullmatch, _NOTE_LINE.fullmatch
    cr = "\r" in content
    for number, line in enumerate(content.split("\n"), start=1):
        if cr and line.endswith("\r"):
            line = line[:-1]
        if not line or line.isspace():  # (not line.strip(), without the copy)
            continue
        # the common lines in one match each, straight to their AnnLine; the rest through _parse_line
        first = line[0]
        match = (t_line(line) if first == "T" else note_line(line) if first == "#"
                 else a_line(line) if first == "A" or first == "M" else None)
        try:
            if match is None:
                ann = _parse_line(line, number)
            elif first == "T":
                ann_id, label, start, end, shown = match.groups()
                start, end = int(start), int(end)
                if end < start:
                    ann = _parse_line(line, number)  # raises: bad offsets
                else:
                    ann = AnnLine("T", ann_id, number, label, [(start, end)], shown or "")
            elif first == "#":
                ann_id, label, target, shown = match.groups()
                ann = AnnLine("#", ann_id, number, label, [], shown.strip() if shown else "", target)
            else:
                ann_id, label, target, value = match.groups()
                ann = AnnLine("A", ann_id, number, label, [], "", target, [], value)
        except ValueError as exc:
            report.problem("syntax", f"cannot read {line[:80]!r}: {exc}", f"{path}:{number}")
            continue
        if ann.id != "*":
            if ann.id in seen:
                report.problem("syntax", f"duplicate id {ann.id}", f"{path}:{number}")
                continue
            seen.add(ann.id)
        parsed.append(ann)
    return parsed


def _parse_line(line: str, number: int) -> AnnLine:
    ann_id, sep, tail = line.partition("\t")
    if not sep:
        raise ValueError("no tab after the id")
    digits = ann_id[1:]
    if not (ann_id[:1] in _ID_FIRST and digits.isdigit() and digits.isascii()) and ann_id != "*" \
            and not _ID.match(ann_id):  # (the common T12, #3: a letter or # and digits, which _ID matches)
        raise ValueError(f"invalid id {ann_id!r}")
    data, _, data_tail = tail.partition("\t")
    kind = ann_id[0]
    if kind == "T":
        label, _, rest = data.partition(" ")
        spans = []
        for piece in rest.split(";"):
            start_end = piece.split()
            if len(start_end) != 2:
                raise ValueError("expected START END offsets")
            start, end = int(start_end[0]), int(start_end[1])
            if start < 0 or end < start:
                raise ValueError(f"bad offsets {start} {end}")
            spans.append((start, end))
        return AnnLine("T", ann_id, number, type=label, spans=spans, text=data_tail)
    if kind == "E":
        head, *args = data.split()
        label, colon, trigger = head.partition(":")
        if not colon:
            raise ValueError("expected TYPE:TRIGGER")
        pairs = []
        for arg in args:
            role, colon, target = arg.partition(":")
            if not colon or not role or not target:
                raise ValueError(f"bad argument {arg!r}")
            pairs.append((role, target))
        return AnnLine("E", ann_id, number, type=label, target=trigger, args=pairs)
    if kind in ("A", "M"):
        parts = data.split()
        if len(parts) not in (2, 3):
            raise ValueError("expected NAME TARGET [VALUE]")
        return AnnLine("A", ann_id, number, type=parts[0], target=parts[1], value=parts[2] if len(parts) == 3 else None)
    if kind == "N":
        match = _N_DATA.match(data)
        if not match:
            raise ValueError("expected Reference TARGET DB:ID")
        return AnnLine("N", ann_id, number, type=match.group(1), target=match.group(2), db=match.group(3),
                       ref=match.group(4), text=data_tail)
    if kind == "#":
        parts = data.split()
        if len(parts) != 2:
            raise ValueError("expected TYPE TARGET")
        return AnnLine("#", ann_id, number, type=parts[0], target=parts[1], text=data_tail.strip())
    if kind == "*":
        parts = data.split()
        if len(parts) < 2:
            raise ValueError("expected TYPE ID ID...")
        return AnnLine("*", ann_id, number, type=parts[0], args=[("", p) for p in parts[1:]])
    if kind == "R":
        parts = data.split()
        if len(parts) != 3:
            raise ValueError("expected TYPE Arg1:ID Arg2:ID")
        pairs = []
        for arg in parts[1:]:
            role, colon, target = arg.partition(":")
            if not colon:
                raise ValueError(f"bad argument {arg!r}")
            pairs.append((role, target))
        return AnnLine("R", ann_id, number, type=parts[0], args=pairs)
    raise ValueError(f"unknown annotation kind {kind!r}")


_SCAN_JSON = json.JSONDecoder().scan_once  # what json.loads runs, without its three Python layers
_JSON_SPACE = json.decoder.WHITESPACE.match


def _json_loads(candidate: str) -> Any:
    """``json.loads(candidate)`` for a text that starts with ``{``, None where it raises ValueError or
    RecursionError (json.loads: no BOM to refuse there, the value scanned from 0, JSON white space after
    it and nothing else; ``tests/test_brat_import_paths.py`` compares the two)."""
    try:
        data, end = _SCAN_JSON(candidate, 0)
    except (StopIteration, ValueError, RecursionError):
        return None
    if end != len(candidate) and _JSON_SPACE(candidate, end).end() != len(candidate):
        return None
    return data


def split_note(text: str) -> tuple[str, dict[str, Any] | None]:
    """``(free text, eventgold data)`` of an AnnotatorNotes text (data None when there is none)."""
    at = text.find(NOTE_MARKER)
    while at != -1:
        candidate = text[at + len(NOTE_MARKER):]
        if candidate.startswith("{"):
            data = _json_loads(candidate)
            if isinstance(data, dict):
                return text[:at].rstrip(), data
        at = text.find(NOTE_MARKER, at + 1)
    return text, None


# == import =========================================================================================

#: The largest .txt or .ann file the importer reads (a document text is at most 10,000,000 code points).
MAX_BRAT_FILE_BYTES = 64 * 1024 * 1024


def _read_utf8(path: Path) -> str:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size  # read(n) allocates n bytes first: ask for what is there
            data = handle.read() if 0 < size <= MAX_BRAT_FILE_BYTES else handle.read(MAX_BRAT_FILE_BYTES + 1)
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_BRAT_FILE_BYTES:
        raise DataError(f"larger than {MAX_BRAT_FILE_BYTES // (1 << 20)} MiB; not read", file=path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 (byte {exc.start})", file=path) from None


def read_brat_document(
    txt_path: Path,
    ann_path: Path | None,
    *,
    mapping: LabelMapping,
    report: ImportReport,
    resolver: SourceResolver,
    annotator: str | None = None,
    ids: IdAllocator | None = None,
    as_line: bool = False,
) -> Document | ImportedLine | None:
    """One Document from a brat ``.txt`` (+ ``.ann``, + our ``.eventgold.json`` sidecar when present);
    None when the validator's checks leave nothing to hold (reported). ``as_line``: a document proved
    clean comes back as its corpus line (see :func:`~annotate.formats.importing.assemble_document`)."""
    text = _read_utf8(txt_path)
    content = _read_utf8(ann_path) if ann_path else ""
    ann_name = str(ann_path or txt_path)

    doc_id, source, annotation = _document_header(txt_path, text, resolver=resolver, annotator=annotator)
    if ids is not None:
        doc_id = ids.take(doc_id, report, str(txt_path))
    lines = parse_ann(content, path=ann_name, report=report)
    return _build_document(lines, text=text, doc_id=doc_id, source=source, annotation=annotation, mapping=mapping,
                           report=report, path=ann_name, corpus_root=resolver.corpus_root, as_line=as_line)


def _document_header(txt_path: Path, text: str, *, resolver: SourceResolver,
                     annotator: str | None) -> tuple[str, Source, AnnotationInfo]:
    sidecar = txt_path.with_name(txt_path.name[:-len(".txt")] + SIDECAR_SUFFIX)
    if sidecar.is_file():
        try:
            data = json.loads(_read_utf8(sidecar))
            source = Source.model_validate_json(json.dumps(data["source"]))  # JSON mode, as the corpus reader:
            annotation = AnnotationInfo.model_validate_json(json.dumps(data["annotation"]))  # timestamps are text
            doc_id = data["id"]
        except (ValueError, KeyError, TypeError, RecursionError) as exc:
            if isinstance(exc, ValidationError):
                field_name, message = describe_validation_error(exc)
                raise DataError(message, file=sidecar, field=field_name) from None
            if isinstance(exc, DataError):
                raise
            raise DataError(f"not an eventgold sidecar: {exc}", file=sidecar) from None
        if not isinstance(doc_id, str):
            raise DataError("not an eventgold sidecar: 'id' is not a string", file=sidecar, field="id")
        if source.sha256 != sha256_text(text):
            endings = ""
            for a, b in (("\r\n", "\n"), ("\n", "\r\n")):
                if a in text and sha256_text(text.replace(a, b)) == source.sha256:
                    endings = (f" only in its line endings ({'CRLF' if a == chr(13) + chr(10) else 'LF'} now; an "
                               "editor or git converted them: restore the original line endings)")
            raise DataError(f"{txt_path.name} differs from the text this sidecar was written for (sha256)"
                            f"{endings or ''}; the text of a brat document must never change", file=sidecar)
        if annotator:
            annotation = annotation.model_copy(update={"annotator": annotator})
        return doc_id, source, annotation
    stem = txt_path.name[:-len(".txt")]
    doc_id, source, _known = resolver.resolve(text, file_name=txt_path.name, fallback_id=stem)
    return doc_id, source, make_annotation(annotator or "brat")


def _join_fragments(text: str, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    """One span for fragments separated only by white space containing a line break, else None."""
    ordered = sorted(spans)
    for (_, end), (start, _) in zip(ordered, ordered[1:]):
        gap = text[end:start]
        if start < end or gap.strip() or not any(c in gap for c in LINE_BREAKS):
            return None
    return ordered[0][0], ordered[-1][1]


class _LineOrigin(Origin):
    """The :class:`Origin` of a brat document's items, written out only when read: only the model path
    reads it, and a document the validator's fast path proves clean never takes it, so formatting an
    entry for each of its mentions, events and arguments would be work for nothing."""

    def __init__(self, path: str) -> None:  # (not the dataclass's: ``items`` is the property below)
        self._path = path
        self._pending: list[tuple[Any, AnnLine, str, str | None]] = []
        self._items: dict[Any, tuple[str, str]] | None = None

    def note(self, key: Any, line: AnnLine, what: str, target: str | None = None) -> None:
        """``key`` comes from ``line``, shown as ``ID WHAT`` (``ID WHAT:TARGET`` for an argument)."""
        if self._items is not None:
            self._items[key] = self._entry(line, what, target)
        else:
            self._pending.append((key, line, what, target))

    def _entry(self, line: AnnLine, what: str, target: str | None) -> tuple[str, str]:
        return (f"{line.id} {what}" if target is None else f"{line.id} {what}:{target}", f"{self._path}:{line.number}")

    @property
    def items(self) -> dict[Any, tuple[str, str]]:  # type: ignore[override]
        if self._items is None:
            self._items = {key: self._entry(line, what, target) for key, line, what, target in self._pending}
            self._pending = []
        return self._items


def _build_document(lines: list[AnnLine], *, text: str, doc_id: str, source: Source, annotation: AnnotationInfo,
                    mapping: LabelMapping, report: ImportReport, path: str,
                    corpus_root: Path | None = None, as_line: bool = False) -> Document | ImportedLine | None:
    """The document of parsed ``.ann`` lines, held to the validator's checks (:func:`hold_document`).

    Each mention that carries values from notes or ``N`` lines is validated on its own, so that one bad
    value leaves out (and reports) that mention, not the whole document: validating them only with the
    document would miss a bad value that a later step replaces (an entity id that coreference assigns).
    """
    def where(line: AnnLine) -> str:
        return f"{path}:{line.number}"

    by_id: dict[str, AnnLine] = {}
    trigger_ids: set[str] = set()
    notes: dict[str, list[AnnLine]] = {}
    by_kind: dict[str, list[AnnLine]] = {kind: [] for kind in "TEAN#*R"}  # every kind _parse_line gives
    for line in lines:  # one pass sorts the lines every step below reads
        kind = line.kind
        by_kind[kind].append(line)
        if kind == "#":
            notes.setdefault(line.target, []).append(line)
        elif kind == "E":
            trigger_ids.add(line.target)
        if kind != "*":
            by_id[line.id] = line
    note_cache: dict[str, tuple[str, dict[str, Any]]] = {}
    crlf = "\r\n" in text
    ignored: dict[str, str] = {}  # annotation id -> its ignored label (what points at it is ignored too)
    origin = _LineOrigin(path)
    report.spans_read += len(by_kind["T"])
    span_label, is_ignored = mapping.span_label, mapping.is_ignored

    def note_of(target: str) -> tuple[str, dict[str, Any]]:
        """The free text and eventgold data of ``target``'s notes (read once; reported once)."""
        found = note_cache.get(target)
        if found is None:
            found = note_cache[target] = read_notes(target)
        return found

    def read_notes(target: str) -> tuple[str, dict[str, Any]]:
        target_notes = notes.get(target)
        if target_notes is None:
            return "", {}
        if len(target_notes) == 1 and target_notes[0].type == NOTE_TYPE and not is_ignored(NOTE_TYPE):
            text_part, found = split_note(target_notes[0].text)  # the one AnnotatorNotes line of our exports
            return text_part, {} if found is None else found  # (nothing below changes the dict it returns)
        free: list[str] = []
        data: dict[str, Any] = {}
        for line in target_notes:
            if mapping.is_ignored(line.type):
                report.ignore(line.type, where(line))
                continue
            if line.type != NOTE_TYPE:
                report.unmapped_label("note", line.type, where(line))
                continue
            text_part, found = split_note(line.text)
            if found is not None:
                data.update(found)
            if text_part:
                free.append(text_part)
        return "\n".join(free), data

    def ignore_with(line: AnnLine, target: str, what: str) -> None:
        report.ignore(line.type if line.kind != "E" else what, where(line),
                      why=f"(it points at {target}, an ignored {ignored[target]})")

    # -- text-bound annotations ---------------------------------------------------------------------
    spans: dict[str, tuple[int, int]] = {}
    size = len(text)
    for line in by_kind["T"]:
        mapped = span_label(line.type)
        if mapped is None and line.id not in trigger_ids:
            continue  # reported as unmapped below, as a span
        if mapped is not None and mapped[0] == "ignore":
            report.ignore(line.type, where(line), spans=1)
            ignored[line.id] = line.type
            continue
        line_spans = line.spans
        if len(line_spans) == 1:  # (the common case, without the generators)
            reference = text[line_spans[0][0]:line_spans[0][1]]
            beyond = line_spans[0][1] > size
        else:
            reference = " ".join(text[s:e] for s, e in line_spans)
            beyond = any(e > size for _, e in line_spans)
        if beyond:
            report.problem("offsets", f"{line.id} {line.type}: offsets beyond the end of the text "
                           f"({len(text)} code points)", where(line), spans=1)
            continue
        if not line.text.startswith(reference):
            hint = (" (the .txt has CRLF line endings: were the offsets counted on a copy with other line "
                    "endings?)" if crlf else "")
            report.problem("offsets", f"{line.id} {line.type}: text {line.text!r} does not match the document "
                           f"text {reference!r} at {line.spans}{hint}", where(line), spans=1)
            continue
        if len(line_spans) > 1:
            joined = _join_fragments(text, line_spans)
            if joined is None:
                report.problem("discontinuous", f"{line.id} {line.type} {reference!r} is discontinuous "
                               f"({';'.join(f'{s} {e}' for s, e in line_spans)}); the schema has contiguous spans "
                               "only", where(line), spans=1)
                continue
            span = joined
        else:
            span = line_spans[0]
        if span[0] == span[1]:
            report.problem("offsets", f"{line.id} {line.type}: empty span", where(line), spans=1)
            continue
        spans[line.id] = span

    # -- normalizations -----------------------------------------------------------------------------
    norm: dict[str, dict[str, AnnLine]] = {}
    for line in by_kind["N"]:
        if is_ignored(line.db) or is_ignored(line.type):
            report.ignore(line.db if is_ignored(line.db) else line.type, where(line))
        elif line.target in ignored:
            report.ignore(line.db, where(line), why=f"(it points at {line.target}, an ignored {ignored[line.target]})")
        elif line.db in (TIMEX3_DB, CURRENCY_DB) and line.target in spans and line.target not in trigger_ids:
            norm.setdefault(line.target, {})[line.db] = line
        else:
            report.unmapped_label("normalization", f"{line.db}", f"{where(line)} {line.db}:{line.ref}")

    # -- mentions -----------------------------------------------------------------------------------
    mentions: list[dict[str, Any]] = []
    mention_of: dict[str, str] = {}
    used_ids: set[str] = set()
    pending: list[tuple[AnnLine, str, dict[str, Any]]] = []
    dct = source.dct.value if source.dct else None
    for line in by_kind["T"]:
        if line.id in trigger_ids:
            continue
        mapped = span_label(line.type)
        if mapped is None:
            report.unmapped_label("span", line.type, f"{where(line)} {line.text!r}", spans=1)
            continue
        kind, label = mapped
        if kind == "ignore" or line.id not in spans:
            continue  # counted as ignored, or its span problem is reported
        if kind == "event":
            report.problem("trigger", f"{line.id} {line.type} {line.text!r} is a trigger with no E line", where(line),
                           spans=1)
            continue
        free, data = note_of(line.id)
        if free:
            report.problem("note", f"{line.id}: a note on a mention cannot be kept (mentions have no notes): "
                           f"{free[:60]!r}", where(line))
        pending.append((line, label, data))
        if data and isinstance(data.get("id"), str):
            used_ids.add(data["id"])
    counter = 0
    taken_ids: set[str] = set()
    for line, label, data in pending:
        exact = data.get("span")
        start, end = spans[line.id] if exact is None else _exact_extent(text, spans[line.id], exact)
        mention_id = data.get("id")
        if not isinstance(mention_id, str) or mention_id in taken_ids:
            while True:
                counter += 1
                mention_id = f"M{counter}"
                if mention_id not in used_ids:
                    used_ids.add(mention_id)
                    break
        # make_span's fields, in the model's order: the span is inside the text and not empty (checked above)
        fields: dict[str, Any] = {"start": start, "end": end, "text": text[start:end], "id": mention_id, "type": label}
        if data:
            for key in ("entity", "time", "money", "provenance"):
                if key in data:
                    fields[key] = data[key]
        normalized = norm.get(line.id)
        time_line = money_line = None
        if normalized is not None:
            time_line, money_line = normalized.get(TIMEX3_DB), normalized.get(CURRENCY_DB)
        if time_line is not None:
            time = dict(fields["time"]) if isinstance(fields.get("time"), dict) else {}
            if time.get("value") != time_line.ref:
                time = {**time, "value": time_line.ref, "type": timex_type_of(time_line.ref).value}
            fields["time"] = time
        if money_line is not None:
            money = dict(fields["money"]) if isinstance(fields.get("money"), dict) else {}
            if not money:
                money = _money_from_reference(money_line.ref, money_line.text, text[start:end])
            else:
                money["currency"] = money_line.ref
            if money is not None:
                fields["money"] = money
        try:
            if len(fields) > 5 and not _plain_mention(fields):  # values from notes or N lines: check
                Mention.model_validate(fields)  # them here, so that one bad value leaves out this mention only
        except ValidationError as exc:
            field_name, message = describe_validation_error(exc)
            report.problem("mention", f"{line.id}: {field_name}: {message}", where(line), spans=1)
            continue
        if not data and label in ("TIME", "MONEY"):  # a mention we did not write: fill in a normalization
            normalize_fields(fields, dct=dct, context=lambda: sentence_around(text, start, end), report=report,
                             where=where(line))
        mention_of[line.id] = mention_id
        origin.note(mention_id, line, line.type)
        taken_ids.add(mention_id)
        mentions.append(fields)

    # -- coreference ----------------------------------------------------------------------------------
    pairs: list[tuple[str, str]] = []
    for line in by_kind.get("*", []) + by_kind.get("R", []):
        if mapping.is_ignored(line.type):
            report.ignore(line.type, where(line))
            ignored[line.id] = line.type
            continue
        members = [target for _, target in line.args]
        dropped = [m for m in members if m in ignored]
        if dropped and line.kind == "R":
            ignore_with(line, dropped[0], line.type)
            ignored[line.id] = line.type
            continue
        if not mapping.is_coreference(line.type):
            report.unmapped_label("relation", line.type, where(line))
            continue
        missing = [m for m in members if m not in mention_of and m not in ignored]
        if missing:
            report.problem("coreference", f"{line.type} links {', '.join(missing)}, which are not imported "
                           "mentions", where(line))
        kept = [mention_of[m] for m in members if m in mention_of]
        pairs += [(kept[0], other) for other in kept[1:]]
    if pairs:
        assign_entities(mentions, pairs)

    # -- events ---------------------------------------------------------------------------------------
    attributes: dict[str, dict[str, str]] = {}
    event_lines_ignored = {line.id for line in by_kind.get("E", [])
                           if (mapping.span_label(line.type) or ("",))[0] == "ignore" or line.target in ignored}
    for line in by_kind["A"]:
        shown = line.type if line.value is None else f"{line.type}:{line.value}"
        if is_ignored(line.type) or is_ignored(shown):
            report.ignore(shown, where(line))
            continue
        if line.target in ignored or line.target in event_lines_ignored:
            report.ignore(shown, where(line), why=f"(it is on {line.target}, which is ignored)")
            continue
        mapped_attribute = mapping.attribute(line.type, line.value)
        target = by_id.get(line.target)
        if mapped_attribute is None or mapped_attribute[1] not in ATTRIBUTE_VALUES[mapped_attribute[0]]:
            report.unmapped_label("attribute", shown, where(line))
            continue
        if target is None or target.kind != "E":
            report.problem("attribute", f"{line.id} {shown}: only events have attributes", where(line))
            continue
        attributes.setdefault(line.target, {})[mapped_attribute[0]] = mapped_attribute[1]

    events: list[dict[str, Any]] = []
    event_ids: set[str] = set()
    ev_counter = 0
    used_triggers: set[str] = set()  # T ids of imported events
    trigger_fate: dict[str, list[tuple[str, str]]] = {}  # T id -> (E id, "ignored" or "left out") of others

    def lost(line: AnnLine, why: str) -> None:
        if line.target in spans:
            trigger_fate.setdefault(line.target, []).append((line.id, why))
    pending_events = by_kind.get("E", [])
    reserved = set()
    for line in pending_events:
        if line.id in event_lines_ignored:
            continue
        _, data = note_of(line.id)
        if isinstance(data.get("id"), str):
            reserved.add(data["id"])
    for line in pending_events:
        trigger = by_id.get(line.target)
        if trigger is None or trigger.kind != "T":
            report.problem("event", f"{line.id}: trigger {line.target} is not a text-bound annotation", where(line))
            continue
        mapped = mapping.span_label(line.type)
        if mapped is None or mapped[0] == "mention":
            report.unmapped_label("event", line.type, f"{where(line)} {trigger.text!r}")
            lost(line, "left out")
            continue
        if mapped[0] == "ignore" or line.target in ignored:
            if mapping.span_label(trigger.type) != mapped:
                report.ignore(line.type, where(line))
            ignored[line.id] = line.type
            lost(line, "ignored")
            continue
        if line.target not in spans:
            continue  # the trigger's span problem is reported with its T line
        event_type = mapped[1]
        free, data = note_of(line.id)
        event_id = data.get("id") if isinstance(data.get("id"), str) else None
        if event_id is None or event_id in event_ids:
            while True:
                ev_counter += 1
                event_id = f"EV{ev_counter}"
                if event_id not in reserved and event_id not in event_ids:
                    break
        event_ids.add(event_id)
        origin.note(event_id, line, line.type)
        arguments = []
        provenance = data.get("argument_provenance") if isinstance(data.get("argument_provenance"), list) else []
        keys = data.get("argument_keys") if isinstance(data.get("argument_keys"), list) else None
        positions = _key_positions(keys or ())
        for index, (role_label, target_id) in enumerate(line.args):
            target = by_id.get(target_id)
            role = mapping.role(event_type, role_label)
            if role == IGNORE:
                report.ignore(f"{event_type}:{role_label}" if mapping.event_roles.get(event_type, {}).get(
                    role_label.rstrip("0123456789")) == IGNORE or role_label in mapping.event_roles.get(
                    event_type, {}) else role_label, where(line))
                continue
            if target_id in ignored:
                report.ignore(role_label, where(line), why=f"(its filler {target_id} is an ignored {ignored[target_id]})")
                continue
            if target is not None and target.kind == "E":
                report.problem("argument", f"{line.id} {role_label}:{target_id}: an event as an argument cannot "
                               "be represented", where(line))
                continue
            if target_id not in mention_of:
                if target_id in spans and mapping.span_label(by_id[target_id].type) is not None:
                    report.problem("argument", f"{line.id} {role_label}:{target_id}: the argument is not an "
                                   "imported mention", where(line))
                elif target is None:
                    report.problem("argument", f"{line.id} {role_label}:{target_id}: no such annotation",
                                   where(line))
                else:  # an unmapped or discontinuous filler is reported with its T line; the argument goes too
                    report.problem("argument", f"{line.id} {role_label}:{target_id}: its filler is left out (see "
                                   f"{target_id})", where(line))
                continue
            if role is None:
                report.unmapped_label(f"role ({event_type})", role_label, where(line))
                continue
            argument: dict[str, Any] = {"role": role, "mention": mention_of[target_id]}
            nth: int | None = index  # an export from before argument_keys: the nth argument of the E line
            if keys is not None:  # found by role and filler (brat may renumber repeated roles)
                free_positions = positions.get(f"{role_label.rstrip('0123456789')}:{target_id}")
                nth = free_positions.pop(0) if free_positions else None
            if nth is not None and nth < len(provenance) and provenance[nth] is not None:
                argument["provenance"] = provenance[nth]
            origin.note((event_id, len(arguments)), line, role_label, target_id)
            arguments.append(argument)
        attrs = attributes.get(line.id, {})
        if len(attrs) < len(ATTRIBUTES):
            missing = [BRAT_ATTRIBUTE_NAMES[n] for n in ATTRIBUTES if n not in attrs]
            report.warn("attributes", f"{line.id} {event_type} {trigger.text!r}: no {', '.join(missing)}; set to "
                        "the default (realis actual, polarity positive, tense past); review", where(line))
        default = {"realis": "actual", "polarity": "positive", "tense": "past"}
        event: dict[str, Any] = {
            "id": event_id, "type": event_type,
            "trigger": make_span(text, *(spans[line.target] if data.get("trigger_span") is None
                                         else _exact_extent(text, spans[line.target], data["trigger_span"]))),
            "arguments": arguments, "attributes": {**default, **attrs},
        }
        for key in ("coref", "cluster", "provenance"):
            if key in data:
                event[key] = data[key]
        if "notes" in data:
            event["notes"] = str(data["notes"]) + (("\n" + free) if free else "")
        elif free:
            event["notes"] = free
        events.append(event)
        used_triggers.add(line.target)
    # a trigger none of whose events is imported is a span left out: say so once, on its T line
    for target, fates in trigger_fate.items():
        if target in used_triggers:
            continue
        line = by_id[target]
        others = ", ".join(event_id for event_id, _ in fates)
        if all(why == "ignored" for _, why in fates):
            report.ignore(line.type, where(line), spans=1, why=f"(the trigger of ignored {others})")
        else:
            report.problem("trigger", f"{line.id} {line.type} {line.text!r}: its events ({others}) are left out",
                           where(line), spans=1)

    for line in by_kind.get("T", []):
        if line.id in trigger_ids and line.id in spans:
            _free, _data = note_of(line.id)
            if _free:
                report.problem("note", f"{line.id}: a note on a trigger cannot be kept (put it on the event)",
                               where(line))
    # notes on what no step above reads (relations, attributes, normalizations, ignored annotations)
    for target, target_notes in notes.items():
        if target in note_cache:
            continue
        for line in target_notes:
            if mapping.is_ignored(line.type):
                report.ignore(line.type, where(line))
            elif target in ignored:
                report.ignore(line.type, where(line), why=f"(it is on {target}, an ignored {ignored[target]})")
            else:
                kind = by_id[target].kind if target in by_id else None
                what = {"R": "a relation", "*": "a relation", "A": "an attribute", "N": "a normalization"}.get(
                    kind or "", "an annotation that is not imported" if kind else "no annotation of this file")
                report.problem("note", f"{line.id} on {target}: a note on {what} cannot be kept: "
                               f"{line.text[:60]!r}", where(line))

    return finish_document(doc_id=doc_id, text=text, source=source, annotation=annotation, mentions=mentions,
                           events=events, report=report, where=path, origin=origin, corpus_root=corpus_root,
                           as_line=as_line)


#: Mention's fields, validated by the schema's own core schema into typed dicts (no model built)
_MENTION_FIELDS = typed_dict_validator(Mention)


def _plain_mention(fields: dict[str, Any]) -> bool:
    """True when ``Mention.model_validate`` surely accepts ``fields`` (values from notes or N lines): the
    schema's field checks pass (:data:`_MENTION_FIELDS`, about half the cost of building the model) and
    so do the model's two validators, re-checked here (``Span._length_agrees``,
    ``Mention._normalization_fits_type``). False whenever in doubt: then the model decides and words the
    error (``tests/test_brat_import_paths.py`` holds this test to the model on random values)."""
    if _MENTION_FIELDS is None:
        return False
    try:
        checked = _MENTION_FIELDS.validate_python(fields)
    except ValidationError:
        return False
    start, end, kind = checked["start"], checked["end"], checked["type"]
    return (start < end and len(checked["text"]) == end - start
            and (checked.get("time") is None or kind is MentionType.TIME)
            and (checked.get("money") is None or kind is MentionType.MONEY)
            and (checked.get("entity") is None or kind.is_entity))


def _key_positions(keys: list[Any]) -> dict[str, list[int]]:
    """Where each ``ROLE:TARGET`` string stands in a note's ``argument_keys``, in order: an argument takes
    (pops) the first position of its key, i.e. the first one no argument took yet (one dict look-up,
    instead of a scan of the keys for each argument)."""
    positions: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        if type(key) is str:  # (only a string equals the ROLE:TARGET wanted; others may not even hash)
            positions.setdefault(key, []).append(index)
    return positions


def _exact_extent(text: str, shown: tuple[int, int], exact: Any) -> tuple[int, int]:
    """The span a note records (``[start, end]``) when the T line could not show its line-break edges.

    Used only when it adds nothing but line breaks around what the T line shows; otherwise the T line
    (perhaps edited in brat) wins.
    """
    if (isinstance(exact, list) and len(exact) == 2 and all(isinstance(x, int) for x in exact)
            and 0 <= exact[0] <= shown[0] and shown[1] <= exact[1] <= len(text)
            and all(c in LINE_BREAKS for c in text[exact[0]:shown[0]] + text[shown[1]:exact[1]])):
        return exact[0], exact[1]
    return shown


def _money_from_reference(currency: str, shown: str, span_text: str) -> dict[str, Any] | None:
    """A money value from an ``N`` line: the currency, and the amount its text gives (or the span's)."""
    first = shown.strip().split(" ")[0] if shown.strip() else ""
    try:
        amount = float(first)
    except ValueError:
        amount = None
    if amount is not None:
        return {"currency": currency, "amount": amount}
    from ..normalize import normalize_money

    value = normalize_money(span_text)
    if value is None:
        return None
    return {**value.model_dump(mode="json", exclude_none=True), "currency": currency}


def brat_documents(directory: str | Path) -> list[tuple[Path, Path | None]]:
    """``(txt, ann)`` pairs of a brat collection folder (searched recursively), sorted by path."""
    root = Path(directory)
    if not root.exists():
        raise UsageError(f"{root}: no such folder (expected a brat collection with .txt and .ann files)")
    if not root.is_dir():
        raise UsageError(f"{root}: not a folder (expected a brat collection with .txt and .ann files)")
    pairs = []
    for txt in sorted(root.rglob("*.txt")):
        ann = txt.with_suffix(".ann")
        pairs.append((txt, ann if ann.is_file() else None))
    if not pairs and not any(root.rglob("*.ann")):  # a wrong folder, not an empty corpus to write
        raise UsageError(f"{root}: no .txt or .ann files in this folder (expected a brat collection)")
    return pairs


def import_brat(
    directory: str | Path,
    *,
    mapping: LabelMapping | None = None,
    report: ImportReport | None = None,
    corpus: Corpus | str | Path | None = None,
    annotator: str | None = None,
) -> Iterator[Document]:
    """Yield one Document per ``.txt``/``.ann`` pair of a brat folder (a ``.txt`` without ``.ann`` is
    skipped and reported). Labels go through ``mapping``; what cannot be imported goes to ``report``.
    """
    mapping, report, resolver, ids = start_import(directory, mapping=mapping, report=report, corpus=corpus)
    root = Path(directory)
    for txt, ann in brat_documents(root):
        if ann is None:
            report.warn("no-ann", f"{txt.relative_to(root)} has no .ann file; not imported", str(txt))
            continue
        document = read_brat_document(txt, ann, mapping=mapping, report=report, resolver=resolver,
                                      annotator=annotator, ids=ids, as_line=writing_lines())
        if document is not None:
            yield document
    for ann in sorted(root.rglob("*.ann")):
        if not ann.with_suffix(".txt").is_file():
            report.problem("no-text", f"{ann.relative_to(root)} has no .txt file beside it", str(ann))


__all__ = [
    "BratExportSummary", "brat_documents", "document_to_ann", "export_brat", "fragments", "import_brat",
    "parse_ann", "read_brat_document", "split_note",
]
