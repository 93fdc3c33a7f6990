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

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from schema import (
    EVENT_TYPES, AnnotationInfo, Attributes, Document, Mention, MentionType, Source, TimexType, make_span,
    span_problem,
)

from ..corpus import Corpus, sha256_text
from ..errors import DataError
from ..jsonl import write_documents
from .mapping import LabelMapping

MAX_EXAMPLES = 20  # problems and warnings listed one by one; the rest are counted


@dataclass
class Incident:
    kind: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


@dataclass
class ImportReport:
    """Counts and incidents of one import. ``blocking`` is true when something was left out."""

    source: str = ""
    documents: int = 0
    mentions: int = 0
    events: int = 0
    arguments: int = 0
    unmapped: dict[tuple[str, str], list[Any]] = field(default_factory=dict)  # (what, label) -> [count, example]
    ignored: dict[str, int] = field(default_factory=dict)
    problems: list[Incident] = field(default_factory=list)
    warnings: list[Incident] = field(default_factory=list)
    problem_count: int = 0
    warning_counts: dict[str, int] = field(default_factory=dict)

    def unmapped_label(self, what: str, label: str, example: str) -> None:
        entry = self.unmapped.setdefault((what, label), [0, example])
        entry[0] += 1

    def ignore(self, label: str) -> None:
        self.ignored[label] = self.ignored.get(label, 0) + 1

    def problem(self, kind: str, message: str, where: str = "") -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_EXAMPLES:
            self.problems.append(Incident(kind, message, where))

    def warn(self, kind: str, message: str, where: str = "") -> None:
        self.warning_counts[kind] = self.warning_counts.get(kind, 0) + 1
        if self.warning_counts[kind] <= MAX_EXAMPLES // 4:  # a few examples of each kind; the rest counted
            self.warnings.append(Incident(kind, message, where))

    @property
    def blocking(self) -> bool:
        return bool(self.unmapped or self.problem_count)

    def count(self, document: Document) -> None:
        self.documents += 1
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
            out.append(f"ignored label {label!r} (mapped to -): {count} time(s)")
        for incident in self.problems:
            out.append(f"left out ({incident.kind}): {incident}")
        if self.problem_count > len(self.problems):
            out.append(f"... and {self.problem_count - len(self.problems)} more item(s) left out")
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
            "unmapped": [{"what": what, "label": label, "count": count, "example": example}
                         for (what, label), (count, example) in sorted(self.unmapped.items())],
            "ignored": dict(sorted(self.ignored.items())),
            "problems": self.problem_count,
            "problem_examples": [{"kind": i.kind, "where": i.where, "message": i.message} for i in self.problems],
            "warnings": dict(sorted(self.warning_counts.items())),
            "warning_examples": [{"kind": i.kind, "where": i.where, "message": i.message} for i in self.warnings],
        }


class ImportBlocked(DataError):
    """Raised by :func:`write_imported` when the import left items out and ``skip_unmapped`` is off."""

    def __init__(self, message: str, report: ImportReport, **where: Any) -> None:
        super().__init__(message, **where)
        self.report = report


def write_imported(documents: Iterable[Document], out: str | Path, *, report: ImportReport,
                   skip_unmapped: bool = False) -> int:
    """Atomically write imported ``documents`` to ``out`` (corpus JSONL), counting them in ``report``.

    If the report blocks (unmapped labels, items left out) and ``skip_unmapped`` is false, nothing is
    written (an existing ``out`` is left untouched) and :class:`ImportBlocked` is raised.
    """

    def checked() -> Iterator[Document]:
        for document in documents:
            report.count(document)
            yield document
        if report.blocking and not skip_unmapped:
            parts = []
            if report.unmapped:
                parts.append(f"{sum(c for c, _ in report.unmapped.values())} unmapped label(s)")
            if report.problem_count:
                parts.append(f"{report.problem_count} item(s) that cannot be imported")
            raise ImportBlocked(f"{' and '.join(parts)}; nothing written to {out} "
                                "(map the labels, or pass --skip-unmapped to write the rest)", report,
                                file=report.source or None)

    return write_documents(out, checked())


# -- sources and ids ------------------------------------------------------------------------------

class SourceResolver:
    """Finds the corpus registry entry of a text (by SHA-256), or builds a Source for a new text."""

    def __init__(self, corpus: Corpus | str | Path | None = None) -> None:
        self.corpus = Corpus(corpus) if isinstance(corpus, (str, Path)) else corpus
        self._by_sha: dict[str, tuple[str, Source]] | None = None

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
    """Unique document ids within one import (a repeated id gets ``-2``, ``-3``...)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, doc_id: str, report: ImportReport, where: str) -> str:
        unique, n = doc_id, 1
        while unique in self.seen:
            n += 1
            unique = f"{doc_id[:120]}-{n}"
        if unique != doc_id:
            report.warn("duplicate-id", f"document id {doc_id!r} already used in this import (the same text "
                        f"twice? several annotators?); written as {unique!r}", where)
        self.seen.add(unique)
        return unique


# -- normalization ----------------------------------------------------------------------------------

def normalize_mention(mention: Mention, *, dct: str | None, context: str | None, report: ImportReport,
                      where: str) -> Mention:
    """``mention`` with a time or money normalization filled in when it lacks one.

    Uses :func:`annotate.normalize.normalize_time` / ``normalize_money``. When normalization fails the
    mention is kept as it is and a warning says so (``annotate validate`` flags it for completion).
    """
    if mention.type == MentionType.TIME and mention.time is None:
        from ..normalize import normalize_time

        value = normalize_time(mention.text, dct=dct, context=context, ranges="enclosing") if dct else None
        if value is None:
            reason = "no document creation time" if not dct else "not understood by the normalizer"
            report.warn("normalization", f"TIME {mention.text!r} has no TIMEX3 value ({reason})", where)
            return mention
        return mention.model_copy(update={"time": value})
    if mention.type == MentionType.MONEY and mention.money is None:
        from ..normalize import normalize_money

        money = normalize_money(mention.text)
        if money is None:
            report.warn("normalization", f"MONEY {mention.text!r} has no amount and currency "
                        "(not understood by the normalizer)", where)
            return mention
        return mention.model_copy(update={"money": money})
    return mention


def timex_type_of(value: str) -> TimexType:
    """The TIMEX3 type a bare value implies (for values read from brat ``N`` lines)."""
    if value.startswith("P"):
        return TimexType.DURATION
    if "T" in value and value not in ("PRESENT_REF",) and not value.endswith("_REF"):
        return TimexType.TIME
    return TimexType.DATE


# -- assembling a document from foreign spans and relations ----------------------------------------

@dataclass
class ForeignSpan:
    """A labeled span as another tool has it, already converted to code-point offsets."""

    key: str  # the tool's id for the span (for relations), unique within the record
    start: int
    end: int
    label: str
    where: str
    text: str | None = None  # the tool's copy of the span text, checked when present
    extra: dict[str, Any] = field(default_factory=dict)  # eventgold fields carried by our own exports


@dataclass
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
) -> Document:
    """A Document from spans (mentions or triggers, by mapped label) and relations (trigger -> argument
    roles, or coreference), reporting everything that does not fit.
    """
    mentions: list[Mention] = []
    events: list[dict[str, Any]] = []
    mention_of: dict[str, str] = {}  # span key -> mention id
    event_of: dict[str, int] = {}  # span key -> index into events
    spans = list(spans)
    used_ids = {str(s.extra["id"]) for s in spans if s.extra.get("id")}
    counters = {"M": 0, "EV": 0}

    def new_id(prefix: str) -> str:
        while True:
            counters[prefix] += 1
            candidate = f"{prefix}{counters[prefix]}"
            if candidate not in used_ids:
                used_ids.add(candidate)
                return candidate

    dct = source.dct.value if source.dct else None
    for span in spans:
        mapped = mapping.span_label(span.label)
        if mapped is None:
            report.unmapped_label("span", span.label, f"{span.where} {text[span.start:span.end]!r}"
                                  if 0 <= span.start < span.end <= len(text) else span.where)
            continue
        kind, label = mapped
        if kind == "ignore":
            report.ignore(span.label)
            continue
        problem = (span_problem(text, span.start, span.end, span.text) if span.text is not None
                   else None if 0 <= span.start < span.end <= len(text)
                   else f"offsets [{span.start}, {span.end}) are not a non-empty range inside the text")
        if problem:
            report.problem("offsets", f"span {span.key} ({span.label}): {problem}", span.where)
            continue
        fields = make_span(text, span.start, span.end)
        if kind == "mention":
            extra = {k: v for k, v in span.extra.items() if k in ("entity", "time", "money", "provenance")}
            mention = Mention(id=str(span.extra.get("id") or new_id("M")), type=label, **fields, **extra)
            if not span.extra:  # not from our own export: fill in a missing normalization
                mention = normalize_mention(mention, dct=dct, context=text, report=report, where=span.where)
            mention_of[span.key] = mention.id
            mentions.append(mention)
        else:
            extra = span.extra
            if "attributes" not in extra:
                report.warn("attributes", f"event {label} {fields['text']!r}: attributes set to the defaults "
                            "(realis actual, polarity positive, tense past); review them", span.where)
            event_of[span.key] = len(events)
            events.append({
                "id": str(extra.get("id") or new_id("EV")), "type": label,
                "trigger": fields, "arguments": [],
                "attributes": extra.get("attributes") or Attributes.default().model_dump(mode="json"),
                **{k: extra[k] for k in ("coref", "cluster", "notes", "provenance") if extra.get(k) is not None},
            })

    coref_pairs: list[tuple[str, str]] = []
    for relation in relations:
        head_is_event, child_is_event = relation.head in event_of, relation.child in event_of
        head_is_mention, child_is_mention = relation.head in mention_of, relation.child in mention_of
        if not (head_is_event or head_is_mention) or not (child_is_event or child_is_mention):
            missing = relation.head if not (head_is_event or head_is_mention) else relation.child
            report.problem("relation", f"relation {relation.label!r} points to span {missing}, which was not "
                           "imported", relation.where)
            continue
        if mapping.is_ignored(relation.label):
            report.ignore(relation.label)
            continue
        if head_is_mention and child_is_mention:
            if mapping.is_coreference(relation.label):
                coref_pairs.append((mention_of[relation.head], mention_of[relation.child]))
            else:
                report.unmapped_label("relation", relation.label, f"{relation.where} between two mentions")
            continue
        if head_is_event and child_is_event:
            report.problem("relation", f"relation {relation.label!r} links two events; the schema has no "
                           "event-to-event relations", relation.where)
            continue
        head, child = relation.head, relation.child
        if head_is_mention:  # drawn from the argument to the trigger
            head, child = child, head
            report.warn("direction", f"relation {relation.label!r} points from an argument to a trigger; read "
                        "as trigger -> argument", relation.where)
        event = events[event_of[head]]
        role = mapping.role(event["type"], relation.label)
        if role is None:
            report.unmapped_label(f"role ({event['type']})", relation.label, relation.where)
            continue
        argument: dict[str, Any] = {"role": role, "mention": mention_of[child]}
        if relation.extra.get("provenance") is not None:
            argument["provenance"] = relation.extra["provenance"]
        event["arguments"].append(argument)

    if coref_pairs:
        mentions = apply_coreference(mentions, coref_pairs)
    document = Document.model_validate_json(json.dumps({  # JSON mode, as the corpus reader (timestamps)
        "id": doc_id, "text": text, "source": source.model_dump(mode="json", exclude_none=True),
        "annotation": annotation.model_dump(mode="json", exclude_none=True),
        "mentions": [m.model_dump(mode="json", exclude_none=True) for m in mentions],
        "events": events,
    }, ensure_ascii=False))
    check_fillers(document, report, where)
    return document


def apply_coreference(mentions: list[Mention], pairs: Iterable[tuple[str, str]]) -> list[Mention]:
    """Mentions with entity ids ``E1``, ``E2``... from coreference links (connected components).

    Entity ids the mentions already carry are kept when their whole group shares one.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
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
    (named after ``source``), the resolver of known source articles, and the document id allocator."""
    report = report if report is not None else ImportReport()
    report.source = report.source or str(source)
    return mapping or LabelMapping(), report, SourceResolver(corpus), IdAllocator()


def make_annotation(annotator: str, status: str = "draft") -> AnnotationInfo:
    return AnnotationInfo(annotator=annotator, status=status)


__all__ = [
    "ForeignRelation", "ForeignSpan", "IdAllocator", "ImportBlocked", "ImportReport", "Incident", "SourceResolver",
    "apply_coreference", "assemble_document", "check_fillers", "make_annotation", "normalize_mention", "safe_id",
    "start_import", "timex_type_of", "write_imported",
]
