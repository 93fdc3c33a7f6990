"""What every import of foreign annotations shares: the report, sources, ids, normalization, assembly.

An import never guesses and never drops silently. Each importer fills an :class:`ImportReport`:

- *unmapped* labels (span, role, relation or attribute labels the mapping does not cover), with a count
  and one example each;
- *problems*: items that cannot be represented (a discontinuous span, offsets that do not match the
  text, a relation between two events) and were therefore left out;
- *warnings*: what was read but deserves a look (rejected tasks skipped, cancelled annotations, a
  normalization that failed, attributes set to their defaults).

Unmapped labels and problems block the import (:func:`write_imported` writes nothing and raises
:class:`DataError`, exit 1) unless the caller passes ``skip_unmapped=True`` (``--skip-unmapped``), in
which case the output is written without those items and the report still lists them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import to_json, to_jsonable_python

from schema import (
    ATTRIBUTES, EVENT_TYPES, SCHEMA_VERSION, AnnotationInfo, Document, Mention, MentionType, Source, Status,
    TimexType, span_problem,
)
from schema.events import EVENT_CLASSES

from ..bulk import no_collection
from ..corpus import Corpus, sha256_text
from ..errors import DataError
from ..jsonl import atomic_write_chunks
from .mapping import IGNORE, LabelMapping

#: Attribute name -> the values it takes (``{"realis": {"actual", ...}, ...}``).
ATTRIBUTE_VALUES: dict[str, frozenset[str]] = {name: frozenset(m.value for m in enum)
                                               for name, enum in ATTRIBUTES.items()}
MAX_SHOWN = 20  # left-out items and warnings a person sees one by one; --json lists every left-out item


@dataclass
class Incident:
    kind: str
    message: str
    where: str = ""
    spans: int = 0  # how many spans of the foreign file this left-out item accounts for

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "where": self.where, "message": self.message, "spans": self.spans}


@dataclass
class ImportReport:
    """Counts and incidents of one import. ``blocking`` is true when something was left out.

    Every item left out is kept (``problems``, ``unmapped_items``, ``ignored_items``) so that ``--json``
    lists each one; people see the first :data:`MAX_SHOWN` of each list and a count of the rest.
    ``spans_read`` counts the spans of the foreign file; each one is either in the output
    (``spans_imported``) or reported as left out (items with ``spans``).
    """

    source: str = ""
    documents: int = 0
    mentions: int = 0
    events: int = 0
    arguments: int = 0
    spans_read: int = 0
    spans_imported: int = 0
    unmapped: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # (what, label) -> [count, example]
    unmapped_items: list[Incident] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    ignored_items: list[Incident] = field(default_factory=list)
    problems: list[Incident] = field(default_factory=list)
    warnings: list[Incident] = field(default_factory=list)
    problem_count: int = 0
    warning_counts: dict[str, int] = field(default_factory=dict)

    def unmapped_label(self, what: str, label: str, example: str, *, spans: int = 0) -> None:
        entry = self.unmapped.setdefault((what, label), [0, example])
        entry[0] += 1
        self.unmapped_items.append(Incident(f"unmapped {what}", f"label {label!r}", example, spans))

    def ignore(self, label: str, where: str = "", *, spans: int = 0, why: str = "") -> None:
        self.ignored[label] = self.ignored.get(label, 0) + 1
        self.ignored_items.append(Incident("ignored", f"label {label!r}{' ' + why if why else ''}", where, spans))

    def problem(self, kind: str, message: str, where: str = "", *, spans: int = 0) -> None:
        self.problem_count += 1
        self.problems.append(Incident(kind, message, where, spans))

    def warn(self, kind: str, message: str, where: str = "") -> None:
        self.warning_counts[kind] = self.warning_counts.get(kind, 0) + 1
        if self.warning_counts[kind] <= MAX_SHOWN // 4:  # a few examples of each kind; the rest counted
            self.warnings.append(Incident(kind, message, where))

    @property
    def blocking(self) -> bool:
        return bool(self.unmapped or self.problem_count)

    @property
    def left_out(self) -> list[Incident]:
        """Every item of the foreign file that is not in the output, and why."""
        return [*self.unmapped_items, *self.ignored_items, *self.problems]

    @property
    def spans_left_out(self) -> int:
        return sum(item.spans for item in self.left_out)

    def count(self, document: Document | ImportedLine) -> None:
        self.documents += 1
        if isinstance(document, ImportedLine):
            self.mentions += document.mentions
            self.events += document.events
            self.arguments += document.arguments
            return
        self.mentions += len(document.mentions)
        self.events += len(document.events)
        self.arguments += sum(len(event.arguments) for event in document.events)

    def summary(self) -> str:
        return (f"{self.documents} document(s), {self.mentions} mention(s), {self.events} event(s), "
                f"{self.arguments} argument(s)")

    def lines(self) -> list[str]:
        """The report as lines for a person (the CLI prints them to standard error)."""
        out: list[str] = []
        for (what, label), (count, example) in sorted(self.unmapped.items(), key=lambda kv: (-kv[1][0], kv[0])):
            out.append(f"unmapped {what} label {label!r}: {count} time(s), e.g. {example}")
        if self.unmapped:
            out.append("  map them with --map FOREIGN=OURS (or a --mapping file), or --map LABEL=- to ignore")
        for label, count in sorted(self.ignored.items()):
            out.append(f"ignored {label!r}: {count} time(s)")
        for incident in self.problems[:MAX_SHOWN]:
            out.append(f"left out ({incident.kind}): {incident}")
        if self.problem_count > MAX_SHOWN:
            out.append(f"... and {self.problem_count - MAX_SHOWN} more item(s) left out (--json lists every one)")
        shown: dict[str, int] = {}
        for incident in self.warnings:
            shown[incident.kind] = shown.get(incident.kind, 0) + 1
            out.append(f"warning ({incident.kind}): {incident}")
        for kind, count in sorted(self.warning_counts.items()):
            if count > shown.get(kind, 0):
                out.append(f"... and {count - shown.get(kind, 0)} more warning(s) of kind {kind}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "documents": self.documents, "mentions": self.mentions, "events": self.events,
            "arguments": self.arguments,
            "spans": {"read": self.spans_read, "imported": self.spans_imported, "left_out": self.spans_left_out},
            "unmapped": [{"what": what, "label": label, "count": count, "example": example}
                         for (what, label), (count, example) in sorted(self.unmapped.items())],
            "ignored": dict(sorted(self.ignored.items())),
            "problems": self.problem_count,
            "problem_examples": [i.to_dict() for i in self.problems],
            "left_out": [i.to_dict() for i in self.left_out],
            "warnings": dict(sorted(self.warning_counts.items())),
            "warning_examples": [i.to_dict() for i in self.warnings],
        }


class ImportBlocked(DataError):
    """Raised by :func:`write_imported` when the import left items out and ``skip_unmapped`` is off."""

    def __init__(self, message: str, report: ImportReport, **where: Any) -> None:
        super().__init__(message, **where)
        self.report = report


def write_imported(documents: Iterable[Document | ImportedLine], out: str | Path, *, report: ImportReport,
                   skip_unmapped: bool = False) -> int:
    """Atomically write imported ``documents`` to ``out`` (corpus JSONL), counting them in ``report``.

    If the report blocks (unmapped labels, items left out) and ``skip_unmapped`` is false, nothing is
    written (an existing ``out`` is left untouched) and :class:`ImportBlocked` is raised.

    While it pulls each document, :func:`writing_lines` is true: the importers then yield a document the
    validator's fast path proves clean as its line (:class:`ImportedLine`, :func:`clean_line`), the same
    bytes its model would write, without building the model.
    """
    count = 0

    def lines() -> Iterator[bytes]:
        nonlocal count
        # No garbage collection during the bulk work: an import allocates many small objects that never
        # form cycles, and the collector's passes over them cost a third of the run (issue 13).
        with no_collection():
            pending = iter(documents)
            while True:
                token = _WRITING.set(True)
                try:
                    document = next(pending)
                except StopIteration:
                    break
                finally:
                    _WRITING.reset(token)
                report.count(document)
                count += 1
                if isinstance(document, ImportedLine):
                    yield document.line + b"\n"
                else:
                    yield document.to_json().encode("utf-8") + b"\n"
        if report.blocking and not skip_unmapped:
            parts = []
            if report.unmapped:
                parts.append(f"{sum(c for c, _ in report.unmapped.values())} unmapped label(s)")
            if report.problem_count:
                parts.append(f"{report.problem_count} item(s) that cannot be imported")
            hint = "map the labels, or pass --skip-unmapped" if report.unmapped else "pass --skip-unmapped"
            raise ImportBlocked(f"{' and '.join(parts)}; nothing written to {out} ({hint} to write the rest)",
                                report, file=report.source or None)

    atomic_write_chunks(out, lines())
    return count


# -- the write path of clean documents: a corpus line from the assembled dicts ----------------------

#: True while :func:`write_imported` pulls the next document from an importer (see :func:`writing_lines`).
_WRITING: ContextVar[bool] = ContextVar("eventgold_import_writing", default=False)


def writing_lines() -> bool:
    """Whether :func:`write_imported` is pulling the next document right now: an importer may then yield
    an :class:`ImportedLine` for a document :func:`clean_line` proved clean, instead of building its
    model. Everywhere else (a caller iterating an importer) importers yield :class:`~schema.Document`."""
    return _WRITING.get()


@dataclass(frozen=True)
class ImportedLine:
    """An imported document as its corpus line, proved clean by the validator's fast path
    (:func:`clean_line`): the bytes ``Document.to_json()`` gives for it, without building the model."""

    id: str
    line: bytes  # UTF-8 JSON, no newline
    mentions: int
    events: int
    arguments: int

    def document(self) -> Document:
        return Document.model_validate_json(self.line)


class _Layout:
    """How ``model_dump_json(exclude_none=True)`` lays out one model: its fields in order, the defaults
    it writes when a field is absent (its non-None defaults, as JSON values), the float fields (an int
    there is written as a float) and the nested models (their layouts; lists of them as ``[layout]``)."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.order = tuple(model.model_fields)
        self.defaults: dict[str, Any] = {}
        self.floats: set[str] = set()
        self.nested: dict[str, Any] = {}
        self.ordered: dict[tuple[str, ...], Any] = {}  # key sequence -> checks(it)
        for name, info in model.model_fields.items():
            if not info.is_required():
                default = info.get_default(call_default_factory=True)
                if default is not None:
                    self.defaults[name] = to_jsonable_python(default)
            kinds = _kinds(info.annotation)
            models = [k for k in kinds if isinstance(k, type) and issubclass(k, BaseModel)]
            if float in kinds:
                self.floats.add(name)
            if models:
                if len(models) != 1 or len(kinds - {models[0], type(None), list}) > 0:
                    raise TypeError(f"{model.__name__}.{name}: a field this writer does not lay out")
                self.nested[name] = [_Layout(models[0])] if list in kinds else _Layout(models[0])

    def checks(self, keys: tuple[str, ...]) -> tuple[tuple[str, Any], ...] | bool:
        """For a dict with these keys, in this order: False when it is not laid out as the model writes
        it (a key the model lacks, keys out of the model's order, a default not written), else what is
        left to check of its values: ``(name, float or a nested layout)`` of its float and model fields."""
        position = {name: index for index, name in enumerate(self.order)}
        indexes = [position.get(key, -1) for key in keys]
        if (-1 in indexes or indexes != sorted(indexes) or len(set(keys)) != len(keys)
                or not set(self.defaults) <= set(keys)):
            return False
        return tuple((name, float if name in self.floats else self.nested[name]) for name in keys
                     if name in self.floats or name in self.nested)


def _kinds(annotation: Any) -> set[Any]:
    """The plain types a field annotation can hold, with ``list`` for a list (unions, Optional,
    Annotated and Literal flattened)."""
    origin = get_origin(annotation)
    if origin is None:
        return {annotation}
    args = get_args(annotation)
    if origin is Annotated:
        return _kinds(args[0])
    if origin is list:
        return {list} | _kinds(args[0])
    if origin is Union or origin is UnionType:
        return set().union(*(_kinds(arg) for arg in args))
    if origin is Literal:
        return {type(arg) for arg in args}
    return {origin}


def _laid_out(value: dict[str, Any], layout: _Layout) -> dict[str, Any] | None:
    """``value`` itself when it is already laid out as the model writes it (:func:`_is_laid`: the common
    case, the dicts the importers build), else :func:`_relaid`."""
    return value if _is_laid(value, layout) else _relaid(value, layout)


def _is_laid(value: dict[str, Any], layout: _Layout) -> bool:
    """Whether ``value`` is laid out as the model writes it: its keys in the model's order with every
    default written (remembered by key sequence), no None value, no int in a float field, and its nested
    values laid out themselves."""
    keys = tuple(value)
    checks = layout.ordered.get(keys)
    if checks is None:
        checks = layout.ordered[keys] = layout.checks(keys)
    if checks is False or None in value.values():
        return False
    for name, nested in checks:
        item = value[name]
        if nested is float:
            if type(item) is int:
                return False
        elif type(nested) is list:
            if type(item) is not list:
                return False
            inner = nested[0]
            for element in item:
                if type(element) is not dict:
                    return False
                # a dict with nothing left to check once its keys are in order (an argument): no call
                if inner.ordered.get(tuple(element)) != () or None in element.values():
                    if not _is_laid(element, inner):
                        return False
        elif type(item) is not dict:
            return False
        elif nested.ordered.get(tuple(item)) != () or None in item.values():  # as above (a trigger)
            if not _is_laid(item, nested):
                return False
    return True


def _relaid(value: dict[str, Any], layout: _Layout) -> dict[str, Any] | None:
    """``value`` (a JSON-shaped dict of a model) with its keys in the model's order, absent defaults
    written, None values left out and ints of float fields as floats: what the model writes back. None
    when it holds a key the model does not have (the validator's detailed path words that)."""
    out: dict[str, Any] = {}
    seen = 0
    for name in layout.order:
        if name in value:
            seen += 1
            item = value[name]
            if item is None:
                continue
            nested = layout.nested.get(name)
            if nested is not None:
                if isinstance(nested, list):
                    if not isinstance(item, list) or not all(isinstance(x, dict) for x in item):
                        return None
                    item = [_laid_out(x, nested[0]) for x in item]
                    if any(x is None for x in item):
                        return None
                elif isinstance(item, dict):
                    item = _laid_out(item, nested)
                    if item is None:
                        return None
                else:
                    return None
            elif name in layout.floats and type(item) is int:
                item = float(item)
            out[name] = item
        elif name in layout.defaults:
            out[name] = copy.deepcopy(layout.defaults[name])
    return out if seen == len(value) else None


def _layouts() -> tuple[_Layout, _Layout, tuple[str, ...]] | None:
    try:
        events = {cls.__name__: _Layout(cls) for cls in EVENT_CLASSES}
        mention = _Layout(Mention)
    except TypeError:
        return None
    first = next(iter(events.values()))
    if any(layout.order != first.order or set(layout.defaults) - {"type"} != set(first.defaults) - {"type"}
           or layout.nested.keys() != first.nested.keys() for layout in events.values()):
        return None
    head = ("start", "end", "text", "id", "type")
    if mention.order[:5] != head or set(mention.defaults) or tuple(Document.model_fields) != (
            "schema_version", "id", "text", "source", "annotation", "mentions", "events"):
        return None
    return mention, first, head


#: The layouts of a mention and an event, the first keys of a plain mention, or None when the schema
#: holds something this writer does not know (then every document takes the model path).
_LAYOUTS = _layouts()


def clean_line(*, doc_id: str, text: str, source: Source, annotation: AnnotationInfo,
               mentions: list[dict[str, Any]], events: list[dict[str, Any]],
               corpus_root: str | Path | None = None) -> ImportedLine | None:
    """The corpus line of an assembled document when the validator's fast path proves it clean, else
    None (then the caller builds the model and holds it to the detailed checks, :func:`held_document`).

    ``mentions`` and ``events`` are the JSON-shaped dicts :func:`build_document` would validate. The line
    is laid out as ``Document.to_json()`` writes the model of the same data (fields in the model's
    order, defaults written, None left out) and then proved to have no incident at all at levels 1-3
    by :func:`annotate.validate.fast.clean_record` (the very fast path of ``annotate validate``; its
    doubt sends the document to the model path), and level 4 by the corpus article when ``corpus_root``
    is given; a document that claims to be finished (complete, adjudicated) must also pass level 5
    (:func:`annotate.validate.guidelines.record_incidents`, on the fast path's dicts, as ``annotate validate``). On a clean document the
    model path changes nothing and reports nothing, so the result is the same (``tests/test_import_speed.py``
    compares the two on the differential cases).
    """
    from ..validate.fast import clean_record

    if _LAYOUTS is None:
        return None
    mention_layout, event_layout, head = _LAYOUTS
    laid: list[dict[str, Any]] = []
    for mention in mentions:
        if len(mention) == 5 and tuple(mention) == head:
            laid.append(mention)
            continue
        out = _laid_out(mention, mention_layout)
        if out is None:
            return None
        laid.append(out)
    laid_events = []
    arguments = 0
    for event in events:
        out = _laid_out(event, event_layout)
        if out is None:
            return None
        arguments += len(out.get("arguments", ()))
        laid_events.append(out)
    payload = {"schema_version": SCHEMA_VERSION, "id": doc_id, "text": text,
               "source": source.model_dump(mode="json", exclude_none=True),
               "annotation": annotation.model_dump(mode="json", exclude_none=True),
               "mentions": laid, "events": laid_events}
    try:
        line = to_json(payload)
    except (ValueError, TypeError):  # e.g. a lone surrogate: the model path says what is wrong
        return None
    record = clean_record(line)
    if record is None:
        return None
    if annotation.status is not Status.DRAFT:  # level 5 applies to a finished document, as 'annotate
        from ..validate.guidelines import record_incidents  # validate' runs it: the model path decides on errors

        found = record_incidents(line, record.data, corpus_root=None, annotation_file=None,
                                 guidelines=record.guidelines)
        if any(incident.is_error for incident in found):
            return None
    if corpus_root is not None:
        from ..validate.corpus import raw_text_problem

        if raw_text_problem(corpus_root, doc_id, text) is not None:
            return None
    return ImportedLine(doc_id, line, len(laid), len(laid_events), arguments)


# -- sources and ids ------------------------------------------------------------------------------

class SourceResolver:
    """Finds the corpus registry entry of a text (by SHA-256), or builds a Source for a new text."""

    def __init__(self, corpus: Corpus | str | Path | None = None) -> None:
        self.corpus = Corpus(corpus) if isinstance(corpus, (str, Path)) else corpus
        self._by_sha: dict[str, tuple[str, Source]] | None = None

    @property
    def corpus_root(self) -> Path | None:
        """The corpus folder whose ``raw/`` articles imported texts are compared with (level 4), if any."""
        return self.corpus.root if self.corpus is not None and self.corpus.root.is_dir() else None

    def _index(self) -> dict[str, tuple[str, Source]]:
        if self._by_sha is None:
            self._by_sha = {}
            if self.corpus is not None and self.corpus.root.is_dir():
                for doc_id, source in self.corpus.registry().items():
                    self._by_sha.setdefault(source.sha256, (doc_id, source))
        return self._by_sha

    def resolve(self, text: str, *, file_name: str, fallback_id: str) -> tuple[str, Source, bool]:
        """``(doc_id, source, known)``: the registry's id and source when the text is a known article."""
        sha = sha256_text(text)
        known = self._index().get(sha)
        if known is not None:
            return known[0], known[1], True
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        return (safe_id(fallback_id), Source(file_name=file_name[:1024] or "unknown", sha256=sha,
                                              title=title[:1000] if title else None), False)


_ID_BAD = re.compile(r"[^A-Za-z0-9_.:\-]+")


def safe_id(raw: str, default: str = "doc") -> str:
    """``raw`` made into a valid identifier (other characters become ``_``)."""
    value = _ID_BAD.sub("_", str(raw)).strip("_.:-") or default
    if not value[0].isalnum():
        value = f"{default}-{value}"
    return value[:128]


class IdAllocator:
    """Unique document ids within one import and annotation set (a repeated id gets ``-2``, ``-3``...)."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def take(self, doc_id: str, report: ImportReport, where: str, *, annotator: str = "") -> str:
        unique, n = doc_id, 1
        while (annotator, unique) in self.seen:
            n += 1
            unique = f"{doc_id[:120]}-{n}"
        if unique != doc_id:
            report.warn("duplicate-id", f"document id {doc_id!r} already used in this import (the same text "
                        f"twice? several annotators?); written as {unique!r}", where)
        self.seen.add((annotator, unique))
        return unique


# -- normalization ----------------------------------------------------------------------------------

_NORMALIZERS: dict[str, Callable[..., Any]] = {}


def _normalizer(name: str) -> Callable[..., Any]:
    """``annotate.normalize.<name>``, imported on first use (the normalizers load their tables then)
    and remembered: an import asks for it once per time or money mention."""
    found = _NORMALIZERS.get(name)
    if found is None:
        from .. import normalize

        found = _NORMALIZERS[name] = getattr(normalize, name)
    return found


def normalize_fields(mention: dict[str, Any], *, dct: str | None, context: str | Callable[[], str | None] | None,
                     report: ImportReport, where: str) -> None:
    """Fill in (in place) the time or money normalization a TIME or MONEY mention dict lacks.

    Uses :func:`annotate.normalize.normalize_time` / ``normalize_money``. Without a document creation
    time, absolute dates ("September 4, 1998") and durations ("three weeks") still normalize; relative
    ones ("last Tuesday") cannot. When normalization fails the mention is kept as it is and a warning
    says so (the validator then leaves it out: a TIME mention needs a value). ``context`` (the sentence
    around the mention) may be a function that returns it: it is called only when the expression needs
    its tense.
    """
    kind = mention["type"]
    if kind == "TIME" and mention.get("time") is None:
        normalize_time_json = _normalizer("normalize_time_json")
        value = normalize_time_json(mention["text"], dct=dct, context=context, ranges="enclosing")
        if value is None:
            reason = "relative, and no document creation time" if not dct else "not understood by the normalizer"
            report.warn("normalization", f"TIME {mention['text']!r} has no TIMEX3 value ({reason})", where)
            return
        mention["time"] = value
    elif kind == "MONEY" and mention.get("money") is None:
        normalize_money_json = _normalizer("normalize_money_json")
        money = normalize_money_json(mention["text"])
        if money is None:
            report.warn("normalization", f"MONEY {mention['text']!r} has no amount and currency "
                        "(not understood by the normalizer)", where)
            return
        mention["money"] = money


_SENTENCE_END = re.compile(r"[.!?\n\r\u2029]")


def sentence_around(text: str, start: int, end: int, *, reach: int = 400) -> str:
    """The sentence (roughly: between sentence punctuation or line breaks) around ``[start, end)``, at
    most ``reach`` characters each side: the context whose tense places a date (not the whole text,
    which would cost a scan of the document per time expression)."""
    lo = max(0, start - reach)
    before = text[lo:start]
    cut = None
    for cut in _SENTENCE_END.finditer(before):
        pass
    first = lo + cut.end() if cut is not None else lo
    after = _SENTENCE_END.search(text, end, min(len(text), end + reach))
    return text[first:after.end() if after is not None else min(len(text), end + reach)]


class _SameOffsets:
    """The :class:`~annotate.formats.offsets.OffsetIndex` interface for a text whose UTF-16 offsets are its
    code points (no character outside the Basic Multilingual Plane): identity, with the range check."""

    unit = "utf-16"

    def __init__(self, text: str) -> None:
        self.text, self.length = text, len(text)

    def to_codepoint(self, offset: int) -> int:
        from .offsets import OffsetError

        if isinstance(offset, bool) or not isinstance(offset, int):
            raise OffsetError(f"offset {offset!r} is not an integer")
        if not 0 <= offset <= self.length:
            raise OffsetError(f"utf-16 offset {offset} lies outside the text ({self.length} utf-16 units)")
        return offset

    from_codepoint = to_codepoint


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def utf16_index(text: str) -> Any:
    """An offset index from UTF-16 units to code points for ``text``: the full
    :class:`~annotate.formats.offsets.OffsetIndex` when the text has characters outside the BMP, else
    the identity (found by one regex search instead of a Python loop over every character)."""
    if _ASTRAL.search(text) is None:
        return _SameOffsets(text)
    from .offsets import OffsetIndex

    return OffsetIndex(text, "utf-16")


def normalize_mention(mention: Mention, *, dct: str | None, context: str | None, report: ImportReport,
                      where: str) -> Mention:
    """``mention`` with a time or money normalization filled in when it lacks one (:func:`normalize_fields`)."""
    if not ((mention.type == MentionType.TIME and mention.time is None)
            or (mention.type == MentionType.MONEY and mention.money is None)):
        return mention
    fields = {"type": mention.type.value, "text": mention.text}
    normalize_fields(fields, dct=dct, context=context, report=report, where=where)
    update = {k: v for k, v in fields.items() if k in ("time", "money")}
    if not update:
        return mention
    return Mention.model_validate({**mention.model_dump(mode="json", exclude_none=True), **update})


def timex_type_of(value: str) -> TimexType:
    """The TIMEX3 type a bare value implies (for values read from brat ``N`` lines)."""
    if value.startswith("P"):
        return TimexType.DURATION
    if "T" in value and value not in ("PRESENT_REF",) and not value.endswith("_REF"):
        return TimexType.TIME
    return TimexType.DATE


# -- assembling a document from foreign spans and relations ----------------------------------------

@dataclass(slots=True)  # slots: an import makes one per span of the file (no instance dict to fill)
class ForeignSpan:
    """A labeled span as another tool has it, already converted to code-point offsets."""

    key: str  # the tool's id for the span (for relations), unique within the record
    start: int
    end: int
    label: str
    where: str
    text: str | None = None  # the tool's copy of the span text, checked when present
    extra: dict[str, Any] = field(default_factory=dict)  # eventgold fields carried by our own exports


@dataclass(slots=True)  # as ForeignSpan: one per relation of the file
class ForeignRelation:
    head: str  # ForeignSpan.key
    child: str
    label: str
    where: str
    extra: dict[str, Any] = field(default_factory=dict)


def assemble_document(
    *,
    doc_id: str,
    text: str,
    source: Source,
    annotation: AnnotationInfo,
    spans: Iterable[ForeignSpan],
    relations: Iterable[ForeignRelation],
    mapping: LabelMapping,
    report: ImportReport,
    where: str,
    corpus_root: str | Path | None = None,
    as_line: bool = False,
) -> Document | ImportedLine | None:
    """A Document from spans (mentions or triggers, by mapped label) and relations (trigger -> argument
    roles, or coreference), reporting everything that does not fit, then held to the validator's checks
    (:func:`hold_document`); None when the document as a whole cannot be held.

    ``as_line`` (an importer passes :func:`writing_lines`): a document the validator's fast path proves
    clean comes back as its corpus line (:func:`clean_line`), the model is not built.
    """
    mentions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    mention_of: dict[str, str] = {}  # span key -> mention id
    event_of: dict[str, int] = {}  # span key -> index into events
    dropped: dict[str, str] = {}  # span key -> why it is not in the document ("ignored", "unmapped", "left out")
    span_of: dict[str, ForeignSpan] = {}  # span key -> the span (for messages: see described())
    spans = list(spans)
    used_ids = {str(s.extra["id"]) for s in spans if s.extra and s.extra.get("id")}
    counters = {"M": 0, "EV": 0}
    origin = Origin(text=text)
    origin_items = origin.items
    span_label = mapping.span_label

    def new_id(prefix: str) -> str:
        while True:
            counters[prefix] += 1
            candidate = f"{prefix}{counters[prefix]}"
            if candidate not in used_ids:
                used_ids.add(candidate)
                return candidate

    size = len(text)
    dct = source.dct.value if source.dct else None

    def described(key: str) -> str:
        """How the user knows the span of ``key``: label, text and place."""
        span = span_of[key]
        inside = 0 <= span.start < span.end <= size
        return f"{span.label} {text[span.start:span.end]!r} ({span.where})" if inside else f"{span.label} ({span.where})"

    for span in spans:
        start, end = span.start, span.end
        inside = 0 <= start < end <= size
        span_of[span.key] = span
        mapped = span_label(span.label)
        if mapped is None:
            report.unmapped_label("span", span.label, f"{span.where} {text[span.start:span.end]!r}"
                                  if inside else span.where, spans=1)
            dropped[span.key] = "unmapped"
            continue
        kind, label = mapped
        if kind == "ignore":
            report.ignore(span.label, span.where, spans=1)
            dropped[span.key] = "ignored"
            continue
        shown = span.text
        if shown is None or not inside or text[start:end] != shown:  # else span_problem finds nothing
            problem = (span_problem(text, span.start, span.end, span.text) if span.text is not None
                       else None if inside
                       else f"offsets [{span.start}, {span.end}) are not a non-empty range inside the text")
            if problem:
                report.problem("offsets", f"{span.label}: {problem}", span.where, spans=1)
                dropped[span.key] = "left out"
                continue
            shown = text[start:end]  # inside: the span has no problem
        extra = span.extra
        if kind == "mention":
            # make_span's fields, the id and the type: in the model's order (see clean_line)
            mention: dict[str, Any] = {"start": start, "end": end, "text": shown,
                                       "id": str(extra.get("id") or new_id("M")) if extra else new_id("M"),
                                       "type": label}
            if extra:
                for key in ("entity", "time", "money", "provenance"):
                    if key in extra:
                        mention[key] = extra[key]
            elif label in _NORMALIZED:  # not from our own export: fill in a normalization
                normalize_fields(mention, dct=dct, context=lambda: sentence_around(text, start, end),
                                 report=report, where=span.where)
            mention_of[span.key] = mention["id"]
            origin_items[mention["id"]] = span
            mentions.append(mention)
        else:
            if "attributes" not in extra:
                report.warn("attributes", f"event {label} {shown!r}: attributes set to the defaults "
                            "(realis actual, polarity positive, tense past); review them", span.where)
            event_of[span.key] = len(events)
            event_id = str(extra.get("id") or new_id("EV"))
            origin_items[event_id] = span
            events.append({
                "id": event_id, "type": label,
                "trigger": {"start": start, "end": end, "text": shown}, "arguments": [],
                "attributes": extra.get("attributes") or dict(_DEFAULT_ATTRIBUTES),
                **{k: extra[k] for k in ("coref", "cluster", "notes", "provenance") if extra.get(k) is not None},
            })

    coref_pairs: list[tuple[str, str]] = []
    is_ignored, role_of = mapping.is_ignored, mapping.role
    for relation in relations:
        if is_ignored(relation.label):
            report.ignore(relation.label, relation.where)
            continue
        head, child = relation.head, relation.child
        missing = (head if head not in event_of and head not in mention_of
                   else child if child not in event_of and child not in mention_of else None)
        if missing is not None:
            key = missing
            why = dropped.get(key)
            if why == "ignored":
                report.ignore(relation.label, relation.where, why=f"(it points at {described(key)}, ignored)")
            elif why is not None:
                report.problem("relation", f"relation {relation.label!r} points at {described(key)}, which is "
                               f"{why}", relation.where)
            else:
                report.problem("relation", f"relation {relation.label!r} points at {key!r}, which is not a span "
                               "of this record", relation.where)
            continue
        head_is_event, child_is_event = head in event_of, child in event_of
        if not head_is_event and not child_is_event:
            if mapping.is_coreference(relation.label):
                coref_pairs.append((mention_of[relation.head], mention_of[relation.child]))
            else:
                report.unmapped_label("relation", relation.label, f"{relation.where} between two mentions")
            continue
        if head_is_event and child_is_event:
            report.problem("relation", f"relation {relation.label!r} links two events; the schema has no "
                           "event-to-event relations", relation.where)
            continue
        if not head_is_event:  # drawn from the argument to the trigger
            head, child = child, head
            report.warn("direction", f"relation {relation.label!r} points from an argument to a trigger; read "
                        "as trigger -> argument", relation.where)
        event = events[event_of[head]]
        role = role_of(event["type"], relation.label)
        if role is None:
            report.unmapped_label(f"role ({event['type']})", relation.label, relation.where)
            continue
        if role == IGNORE:
            report.ignore(f"{event['type']}:{relation.label}", relation.where)
            continue
        argument: dict[str, Any] = {"role": role, "mention": mention_of[child]}
        if relation.extra and relation.extra.get("provenance") is not None:
            argument["provenance"] = relation.extra["provenance"]
        arguments = event["arguments"]
        origin_items[(event["id"], len(arguments))] = relation
        arguments.append(argument)

    if coref_pairs:
        assign_entities(mentions, coref_pairs)
    return finish_document(doc_id=doc_id, text=text, source=source, annotation=annotation, mentions=mentions,
                           events=events, report=report, where=where, origin=origin, corpus_root=corpus_root,
                           as_line=as_line)


def finish_document(*, doc_id: str, text: str, source: Source, annotation: AnnotationInfo,
                    mentions: list[dict[str, Any]], events: list[dict[str, Any]], report: ImportReport, where: str,
                    origin: Origin, corpus_root: str | Path | None = None,
                    as_line: bool = False) -> Document | ImportedLine | None:
    """The last step of every importer, once its mentions and events are plain dicts: with ``as_line``,
    the document's line when the validator's fast path proves it clean (the model path would keep it whole
    and report nothing); else its :class:`Document` held to the validator's checks (:func:`held_document`,
    each item it cannot keep reported), or None when nothing of it can be kept. Raises DataError (one line)
    when the dicts do not make a document."""
    if as_line:
        line = clean_line(doc_id=doc_id, text=text, source=source, annotation=annotation, mentions=mentions,
                          events=events, corpus_root=corpus_root)
        if line is not None:
            report.spans_imported += _span_count_of(mentions, events)
            return line
    try:
        document = build_document({"id": doc_id, "text": text, "source": source, "annotation": annotation,
                                   "mentions": mentions, "events": events})
    except ValidationError as exc:
        from ..jsonl import describe_validation_error

        field_name, message = describe_validation_error(exc)
        raise DataError(message, file=where, record_id=doc_id, field=field_name) from None
    held, clean = held_document(document, report=report, where=where, origin=origin, corpus_root=corpus_root)
    if held is not None and not clean:  # a clean check leaves no filler type to warn about
        check_fillers(held, report, where)
    return held


def build_document(data: dict[str, Any]) -> Document:
    """The Document of ``data``: ``source`` and ``annotation`` as models, mentions and events as plain
    JSON-shaped dicts (strings, numbers, lists), validated once.

    The same model as :meth:`Document.model_validate_json` of the JSON of ``data`` (the corpus reader's
    mode) without a JSON round trip: the only values Python mode would read otherwise are timestamps,
    and those are in ``annotation``, which is passed as a model (``tests/test_import_speed.py``
    compares the two paths on random documents). Raises pydantic's ValidationError.
    """
    return Document.model_validate(data)


_NORMALIZED = ("TIME", "MONEY")
_DEFAULT_ATTRIBUTES = {"realis": "actual", "polarity": "positive", "tense": "past"}


def _linked(pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, str], Callable[[str], str]]:
    """Connected components of coreference links (union-find): ``(parent, find)``; an id is linked when
    it is in ``parent``, and ``find`` gives its component's representative."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    return parent, find


#: Mention type value -> whether it names an entity (``MentionType(value).is_entity``, without the enum call).
_IS_ENTITY: dict[str, bool] = {kind.value: kind.is_entity for kind in MentionType}


def assign_entities(mentions: list[dict[str, Any]], pairs: Iterable[tuple[str, str]]) -> None:
    """Entity ids ``E1``, ``E2``... on mention dicts (in place) from coreference links (connected
    components); :func:`apply_coreference` on plain dicts."""
    parent, find = _linked(pairs)
    groups: dict[str, list[dict[str, Any]]] = {}
    for mention in mentions:
        if mention["id"] in parent:
            groups.setdefault(find(mention["id"]), []).append(mention)
    used = {m["entity"] for m in mentions if m.get("entity")}
    counter = 0
    for members in groups.values():
        existing = {m["entity"] for m in members if m.get("entity")}
        if len(existing) == 1 and all(m.get("entity") for m in members):
            entity = existing.pop()
        else:
            while True:
                counter += 1
                entity = f"E{counter}"
                if entity not in used:
                    used.add(entity)
                    break
        for member in members:
            is_entity = _IS_ENTITY.get(member["type"])
            if is_entity if is_entity is not None else MentionType(member["type"]).is_entity:
                member["entity"] = entity


def apply_coreference(mentions: list[Mention], pairs: Iterable[tuple[str, str]]) -> list[Mention]:
    """Mentions with entity ids ``E1``, ``E2``... from coreference links (connected components).

    Entity ids the mentions already carry are kept when their whole group shares one.
    """
    parent, find = _linked(pairs)
    groups: dict[str, list[str]] = {}
    for mention in mentions:
        if mention.id in parent:
            groups.setdefault(find(mention.id), []).append(mention.id)
    by_id = {m.id: m for m in mentions}
    used = {m.entity for m in mentions if m.entity}
    assigned: dict[str, str] = {}
    counter = 0
    for members in groups.values():
        existing = {by_id[m].entity for m in members if by_id[m].entity}
        if len(existing) == 1 and all(by_id[m].entity for m in members):
            entity = existing.pop()
        else:
            while True:
                counter += 1
                entity = f"E{counter}"
                if entity not in used:
                    used.add(entity)
                    break
        for member in members:
            assigned[member] = entity
    return [m.model_copy(update={"entity": assigned[m.id]}) if m.id in assigned and m.type.is_entity else m
            for m in mentions]


# -- the validator's checks before anything is written -------------------------------------------

_ITEM = re.compile(r"^(mentions|events)\[(\d+)\](?:\.arguments\[(\d+)\])?(.*)$")


@dataclass
class Origin:
    """Where the items of an assembled document came from, for reports in the foreign file's terms:
    mention or event id -> ``(what, where)``; ``(event id, argument index)`` -> where."""

    items: dict[Any, tuple[str, str] | ForeignSpan | ForeignRelation] = field(default_factory=dict)
    #: The text the spans of ``items`` point into: a :class:`ForeignSpan` stands for ``(its label and
    #: text, its place)`` and a :class:`ForeignRelation` for ``(its label, its place)``, worded only when
    #: a report needs them (most documents never do).
    text: str = ""

    def describe(self, key: Any, fallback: str, where: str) -> tuple[str, str]:
        found = self.items.get(key)
        if found is None:
            return fallback, where
        if type(found) is ForeignSpan:
            return f"{found.label} {self.text[found.start:found.end]!r}", found.where
        if type(found) is ForeignRelation:
            return found.label, found.where
        return found


def hold_document(document: Document, *, report: ImportReport, where: str, origin: Origin | None = None,
                  corpus_root: str | Path | None = None) -> Document | None:
    """``document`` without what ``annotate validate`` rejects, each left-out item reported; None when
    the document itself cannot be held (its text differs from the corpus article of its id...).

    Runs the validator's own checks (:func:`annotate.validate.check_document`: levels 2-3 on the built
    model, and level 4's comparison with ``corpus_root/raw/DOC_ID.txt``); no check is written here. A
    mention that fails is left out with the arguments it fills; an argument that fails (a role the event
    type lacks, a filler type the role refuses, twice the same) is left out; an event that fails (its
    trigger, a required role left empty, too many fillers, a duplicate) is left out; a bad document
    creation time is dropped. Each is a problem of ``report``, so the import blocks unless
    ``--skip-unmapped``.
    """
    return held_document(document, report=report, where=where, origin=origin, corpus_root=corpus_root)[0]


def held_document(document: Document, *, report: ImportReport, where: str, origin: Origin | None = None,
                  corpus_root: str | Path | None = None) -> tuple[Document | None, bool]:
    """:func:`hold_document`, and whether the validator's last check found no error (then no argument
    has a filler type its role refuses, and :func:`check_fillers` has nothing to say)."""
    from ..validate import check_document

    origin = origin or Origin()
    used_before = {argument.mention for event in document.events for argument in event.arguments}
    clean = False
    for _ in range(len(document.mentions) + len(document.events) + 3):
        errors = [i for i in check_document(document, corpus_root=corpus_root) if i.is_error]
        if not errors:
            clean = True
            break
        drop_mentions: dict[int, Any] = {}
        drop_events: dict[int, Any] = {}
        drop_arguments: dict[tuple[int, int], Any] = {}
        drop_coref: dict[int, Any] = {}
        drop_dct = None
        for found in errors:
            match = _ITEM.match(found.field or "")
            if (found.field or "").startswith("source.dct"):
                drop_dct = found
            elif match is None:
                if found.test_id == "raw-text-mismatch" and corpus_root is not None:
                    found = _line_endings_hint(found, Path(corpus_root) / "raw" / f"{document.id}.txt", document.text)
                report.problem(found.test_id, f"document {document.id}: {found.message}; the document is not "
                               "imported", where, spans=_span_count(document))
                return None, False
            elif match.group(1) == "mentions":
                drop_mentions.setdefault(int(match.group(2)), found)
            elif match.group(3) is not None:
                drop_arguments.setdefault((int(match.group(2)), int(match.group(3))), found)
            elif match.group(4) == ".coref":
                drop_coref.setdefault(int(match.group(2)), found)
            else:
                drop_events.setdefault(int(match.group(2)), found)
        updates: dict[str, Any] = {}
        if drop_dct is not None:
            report.problem(drop_dct.test_id, f"document creation time {document.source.dct.value!r}: "
                           f"{drop_dct.message}; left out", where)
            updates["source"] = document.source.model_copy(update={"dct": None})
        gone: set[str] = set()
        mentions = []
        for index, mention in enumerate(document.mentions):
            found = drop_mentions.get(index)
            if found is None:
                mentions.append(mention)
                continue
            gone.add(mention.id)
            what, at = origin.describe(mention.id, f"mention {mention.id}", where)
            report.problem(found.test_id, f"{what} ({mention.type.value} {mention.text!r}): {found.message}", at,
                           spans=1)
        events = []
        kept_triggers = {(e.type, e.trigger.start, e.trigger.end) for i, e in enumerate(document.events)
                         if i not in drop_events}
        for index, event in enumerate(document.events):
            what, at = origin.describe(event.id, f"event {event.id}", where)
            found = drop_events.get(index)
            if found is not None:
                trigger = (event.type, event.trigger.start, event.trigger.end)
                report.problem(found.test_id, f"{what} ({event.type} {event.trigger.text!r}): {found.message}",
                               at, spans=0 if trigger in kept_triggers else 1)
                kept_triggers.add(trigger)  # counted once
                continue
            arguments = []
            for a_index, argument in enumerate(event.arguments):
                reason = drop_arguments.get((index, a_index))
                if reason is None and argument.mention not in gone:
                    arguments.append(argument)
                    continue
                _, a_at = origin.describe((event.id, a_index), "", at)
                message = (reason.message if reason is not None else
                           f"its filler {origin.describe(argument.mention, argument.mention, '')[0]} was left out")
                report.problem(reason.test_id if reason is not None else "argument",
                               f"argument {argument.role} of {what} ({event.type} {event.trigger.text!r}): {message}",
                               a_at)
            update: dict[str, Any] = {}
            if len(arguments) != len(event.arguments):
                update["arguments"] = arguments
            if index in drop_coref:
                report.problem(drop_coref[index].test_id, f"{what}: hopper {event.coref!r}: "
                               f"{drop_coref[index].message}; the hopper id is left out", at)
                update["coref"] = None
            events.append(event.model_copy(update=update) if update else event)
        if len(mentions) != len(document.mentions):
            updates["mentions"] = mentions
        if len(events) != len(document.events) or any(a is not b for a, b in zip(events, document.events)):
            updates["events"] = events
        document = document.model_copy(update=updates)
    document = _drop_new_orphans(document, used_before, report=report, where=where, origin=origin)
    document = _unfinished_unless_guidelines_hold(document, report=report, where=where)
    report.spans_imported += _span_count(document)
    return document, clean


def _unfinished_unless_guidelines_hold(document: Document, *, report: ImportReport, where: str) -> Document:
    """``document`` as it came when it does not claim to be finished or its finished state holds;
    otherwise the same content with status ``draft``, each error of the guidelines level a problem of
    ``report``.

    The validator checks the guidelines (level 5) on complete and adjudicated documents only, so a
    foreign file that calls a document finished while it breaks them (a mention left without an
    argument, ...) would be written as a file that ``annotate validate`` refuses. Its content is kept
    whole and reported item by item; only the claim is withdrawn, and the import blocks unless
    ``--skip-unmapped``."""
    from ..validate.guidelines import CHECKED_STATUSES, check_guidelines

    if document.annotation.status not in CHECKED_STATUSES:
        return document
    errors = [i for i in check_guidelines(document) if i.is_error]
    if not errors:
        return document
    claimed = document.annotation.status.value
    for found in errors:
        field = f" {found.field}" if found.field else ""
        report.problem(found.test_id, f"document {document.id}{field}: {found.message}; the document is "
                       f"imported as a draft, not {claimed}", where)
    annotation = document.annotation.model_copy(update={"status": Status.DRAFT})
    return document.model_copy(update={"annotation": annotation})


def _drop_new_orphans(document: Document, used_before: set[str], *, report: ImportReport, where: str,
                      origin: Origin) -> Document:
    """``document`` without the mentions that filled an argument in the foreign file but fill none once
    the events and arguments that could not be held are left out: the guidelines allow no orphan mention
    (level 5, ``orphan-mention``), so each is left out and reported. Mentions the file itself left
    without an argument are kept as they came (the file's own state, which ``annotate validate``
    reports on it as it would on the original)."""
    used = {argument.mention for event in document.events for argument in event.arguments}
    orphaned = used_before - used
    if not orphaned:
        return document
    kept = []
    for mention in document.mentions:
        if mention.id in orphaned:
            what, at = origin.describe(mention.id, f"mention {mention.id}", where)
            report.problem("orphan-mention", f"{what} ({mention.type.value} {mention.text!r}): it fills no "
                           "argument once what could not be held is left out; left out", at, spans=1)
        else:
            kept.append(mention)
    return document.model_copy(update={"mentions": kept})


def _line_endings_hint(found: Any, path: Path, text: str) -> Any:
    """``found`` saying "line endings" when the text and the corpus article differ only in those."""
    try:
        raw = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return found
    if raw.replace("\r\n", "\n") == text.replace("\r\n", "\n"):
        side = "the imported text" if "\r\n" in text else "the corpus article"
        return type(found)(found.test_id, f"{found.message} (they differ only in line endings: {side} has CRLF; "
                           "restore the original line endings)", found.field)
    return found


def _span_count_of(mentions: list[dict[str, Any]], events: list[dict[str, Any]]) -> int:
    """:func:`_span_count` of a document's mention and event dicts."""
    return len(mentions) + len({(e["type"], e["trigger"]["start"], e["trigger"]["end"]) for e in events})


def _span_count(document: Document) -> int:
    """The foreign spans a document holds: its mentions and its distinct triggers."""
    return len(document.mentions) + len({(e.type, e.trigger.start, e.trigger.end) for e in document.events})


def check_fillers(document: Document, report: ImportReport, where: str) -> None:
    """Warn about arguments whose filler type the role does not allow (kept; validation flags them)."""
    by_id = document.mentions_by_id()
    for event in document.events:
        cls = EVENT_TYPES[event.type]
        for argument in event.arguments:
            role, mention = cls.role(argument.role), by_id.get(argument.mention)
            if role is None or mention is None:
                continue
            if mention.type not in role.fillers:
                report.warn("filler", f"{event.type} {argument.role} filled by {mention.type.value} "
                            f"{mention.text!r} (allowed: {', '.join(t.value for t in role.fillers)})", where)


def start_import(source: str | Path, *, mapping: LabelMapping | None, report: ImportReport | None,
                 corpus: Corpus | str | Path | None) -> tuple[LabelMapping, ImportReport, SourceResolver, IdAllocator]:
    """What every importer sets up once per run: the label mapping (identity when None), the report
    (named after ``source``), the resolver of known source articles, and the document id allocator. The
    mapping is a :meth:`~annotate.formats.mapping.LabelMapping.frozen` copy: its lookups are remembered."""
    report = report if report is not None else ImportReport()
    report.source = report.source or str(source)
    return (mapping or LabelMapping()).frozen(), report, SourceResolver(corpus), IdAllocator()


def make_annotation(annotator: str, status: str = "draft") -> AnnotationInfo:
    return AnnotationInfo(annotator=annotator, status=status)


__all__ = [
    "ATTRIBUTE_VALUES", "ForeignRelation", "ForeignSpan", "IdAllocator", "ImportBlocked", "ImportReport",
    "ImportedLine", "Incident", "clean_line", "writing_lines",
    "Origin", "SourceResolver", "apply_coreference", "assemble_document", "assign_entities",
    "build_document", "check_fillers", "finish_document", "held_document", "hold_document", "make_annotation", "normalize_fields", "normalize_mention", "safe_id", "sentence_around", "utf16_index",
    "start_import", "timex_type_of", "write_imported",
]
