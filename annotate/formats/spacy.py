"""Export documents to spaCy's binary ``DocBin`` format, loadable with plain spaCy 3.8.

Each :class:`schema.Document` becomes one ``spacy.tokens.Doc``:

- tokens from spaCy's blank English tokenizer and sentence boundaries from eventgold's pipeline
  (:func:`annotate.nlp.load_pipeline`: a line break ends a sentence, then the rule-based sentencizer);
  ``doc.text`` is the exact source text;
- ``doc.ents``: the entity mentions (PER ORG GPE LOC FAC), label = type, ``span.id_`` = mention id.
  ``doc.ents`` cannot overlap: when entity mentions nest or overlap, the longest is kept there and the
  others are only in the ``mentions`` span group (counted in :attr:`ExportSummary.ents_left_out`).
  With ``ents="triggers"`` it holds the triggers instead (label = event type), ready to train a
  trigger detector with spaCy's ``ner`` component;
- span groups ``doc.spans["triggers"]`` (label = event type, ``id_`` = event id),
  ``doc.spans["arguments"]`` (label = role, ``id_`` = event id, ``kb_id_`` = filler mention id) and
  ``doc.spans["mentions"]`` (every mention, label = type, ``id_`` = mention id);
- custom attributes stored in ``doc.user_data`` (which DocBin serializes): ``doc._.doc_id``,
  ``doc._.events`` and ``doc._.mentions``, plain JSON-able lists of dicts with the exact character
  offsets (see :func:`event_record`, :func:`mention_record`).

spaCy spans are made of whole tokens. A character span that does not start and end on token boundaries
is widened to the tokens it touches (``alignment_mode="expand"``) and reported as a
:class:`Misalignment`; its exact offsets stay in ``doc._.events`` / ``doc._.mentions``.

Reading back with plain spaCy (no eventgold needed)::

    import spacy
    from spacy.tokens import Doc, DocBin
    for name in ("doc_id", "events", "mentions"):
        Doc.set_extension(name, default=None, force=True)
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk("corpus.spacy").get_docs(nlp.vocab))
    docs[0]._.events[0]["trigger"]   # {'start_char': ..., 'end_char': ..., 'text': ...}

Lists inside ``doc._.events`` come back as tuples (spaCy reads ``user_data`` with msgpack's
``use_list=False``); :func:`load_docbin` returns them as lists.

spaCy is imported inside the functions, never at module import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from schema import Document, span_problem

from ..errors import DataError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

#: Custom ``Doc`` attributes written by the export (``doc._.NAME``).
EXTENSIONS = ("doc_id", "events", "mentions")
#: Span groups written by the export.
SPAN_GROUPS = ("triggers", "arguments", "mentions")
#: What ``doc.ents`` can hold.
ENTS_CHOICES = ("entities", "triggers")
#: Token attributes stored in the DocBin: the text, sentence starts and entities. (spaCy's default adds
#: tags, lemmas, morphology and dependencies, which a blank pipeline does not set: half the size for nothing.)
DOCBIN_ATTRS = ("ORTH", "SENT_START", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID")

@dataclass(frozen=True)
class Misalignment:
    """A character span that does not start and end on token boundaries, and the tokens it became."""

    doc_id: str
    kind: str  # "mention" or "trigger"
    item_id: str  # mention or event id
    label: str
    start: int
    end: int
    text: str
    token_start: int | None  # character offsets of the exported token span (None: not representable)
    token_end: int | None
    token_text: str | None

    def describe(self) -> str:
        where = f"{self.doc_id}: {self.kind} {self.item_id} ({self.label}) {self.text!r} [{self.start}, {self.end})"
        if self.token_start is None:
            return f"{where} covers no token; left out of the span groups (exact offsets kept in doc._.)"
        return (f"{where} does not align to tokens; exported as {self.token_text!r} "
                f"[{self.token_start}, {self.token_end}) (exact offsets kept in doc._.events / doc._.mentions)")

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ExportSummary:
    """What :func:`export_spacy` wrote."""

    outputs: dict[str, Path] = field(default_factory=dict)  # split name ("all" without --split) -> file
    documents: dict[str, int] = field(default_factory=dict)  # split name -> documents
    tokens: int = 0
    sentences: int = 0
    mentions: int = 0
    ents: int = 0
    ents_left_out: list[tuple[str, str]] = field(default_factory=list)  # (doc id, item id) kept out of doc.ents
    ents_kind: str = "entities"  # what doc.ents holds: "entities" or "triggers"
    triggers: int = 0
    arguments: int = 0
    misaligned: list[Misalignment] = field(default_factory=list)

    @property
    def total_documents(self) -> int:
        return sum(self.documents.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "outputs": {name: str(path) for name, path in self.outputs.items()},
            "documents": dict(self.documents),
            "tokens": self.tokens,
            "sentences": self.sentences,
            "mentions": self.mentions,
            "ents": self.ents,
            "ents_kind": self.ents_kind,
            "ents_left_out": [list(item) for item in self.ents_left_out],
            "triggers": self.triggers,
            "arguments": self.arguments,
            "misaligned": [m.to_dict() for m in self.misaligned],
        }


# -- records stored in doc._ -----------------------------------------------------------------------

def mention_record(mention: Any) -> dict[str, Any]:
    """The plain dict stored in ``doc._.mentions`` for one mention (character offsets, code points)."""
    record: dict[str, Any] = {
        "id": mention.id, "type": mention.type.value,
        "start_char": mention.start, "end_char": mention.end, "text": mention.text,
    }
    if mention.entity is not None:
        record["entity"] = mention.entity
    if mention.time is not None:
        record["time"] = mention.time.model_dump(mode="json", exclude_none=True)
    if mention.money is not None:
        record["money"] = mention.money.model_dump(mode="json", exclude_none=True)
    return record


def event_record(event: Any, mentions: dict[str, Any]) -> dict[str, Any]:
    """The plain dict stored in ``doc._.events`` for one event.

    ``{"id", "type", "trigger": {"start_char", "end_char", "text"}, "arguments": [{"role", "mention",
    "start_char", "end_char", "text"}], "attributes": {"realis", "polarity", "tense"}, "coref",
    "cluster"}`` (``coref`` and ``cluster`` may be None).
    """
    arguments = []
    for argument in event.arguments:
        filler = mentions[argument.mention]
        arguments.append({
            "role": argument.role, "mention": argument.mention,
            "start_char": filler.start, "end_char": filler.end, "text": filler.text,
        })
    return {
        "id": event.id,
        "type": event.type,
        "trigger": {"start_char": event.trigger.start, "end_char": event.trigger.end, "text": event.trigger.text},
        "arguments": arguments,
        "attributes": event.attributes.model_dump(mode="json"),
        "coref": event.coref,
        "cluster": event.cluster,
    }


def register_extensions() -> None:
    """Register ``doc._.doc_id``, ``doc._.events`` and ``doc._.mentions`` (default None; idempotent)."""
    from spacy.tokens import Doc

    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


# -- conversion ------------------------------------------------------------------------------------

@dataclass
class ConvertedDoc:
    """One document as a spaCy Doc, with what did not fit exactly."""

    doc: "Doc"
    misaligned: list[Misalignment]
    ents_left_out: list[str]  # ids of the mentions (or events) that overlap a longer one in doc.ents


def _check_document(document: Document) -> dict[str, Any]:
    """Refuse documents whose spans or argument references are wrong (exports never guess)."""
    text = document.text
    mentions: dict[str, Any] = {}
    for index, mention in enumerate(document.mentions):
        problem = span_problem(text, mention.start, mention.end, mention.text)
        if problem:
            raise DataError(problem, record_id=document.id, field=f"mentions.{index}")
        if mention.id in mentions:
            raise DataError(f"mention id {mention.id!r} is used twice", record_id=document.id,
                            field=f"mentions.{index}.id")
        mentions[mention.id] = mention
    for index, event in enumerate(document.events):
        trigger = event.trigger
        problem = span_problem(text, trigger.start, trigger.end, trigger.text)
        if problem:
            raise DataError(problem, record_id=document.id, field=f"events.{index}.trigger")
        for a_index, argument in enumerate(event.arguments):
            if argument.mention not in mentions:
                raise DataError(f"argument refers to mention {argument.mention!r}, which the document does not have",
                                record_id=document.id, field=f"events.{index}.arguments.{a_index}.mention")
    return mentions


def _aligned_span(doc: "Doc", document: Document, kind: str, item_id: str, label: str, start: int, end: int,
                  misaligned: list[Misalignment]) -> Any:
    span = doc.char_span(start, end, label=label, alignment_mode="strict")
    if span is not None:
        return span
    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    misaligned.append(Misalignment(
        doc_id=document.id, kind=kind, item_id=item_id, label=label, start=start, end=end,
        text=document.text[start:end],
        token_start=span.start_char if span is not None else None,
        token_end=span.end_char if span is not None else None,
        token_text=span.text if span is not None else None,
    ))
    return span


def _non_overlapping(spans: list[Any]) -> tuple[list[Any], list[Any]]:
    """Split spans into a non-overlapping set (longest first, then earliest) and the rest."""
    kept, dropped, taken = [], [], set()
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start, s.end)):
        tokens = set(range(span.start, span.end))
        if tokens & taken:
            dropped.append(span)
        else:
            kept.append(span)
            taken |= tokens
    kept.sort(key=lambda s: (s.start, s.end))
    return kept, dropped


def to_spacy_doc(document: Document, *, nlp: "Language | None" = None, ents: str = "entities") -> ConvertedDoc:
    """Convert one document to a spaCy ``Doc`` (see the module docstring for what goes where).

    ``ents`` says what goes to ``doc.ents``: ``"entities"`` (entity mentions) or ``"triggers"``.

    Raises :class:`DataError` when a span does not match the text or an argument names a missing mention.
    """
    from spacy.tokens import SpanGroup

    from ..nlp import load_pipeline

    register_extensions()
    mentions = _check_document(document)
    doc = (nlp or load_pipeline())(document.text)
    if doc.text != document.text:  # spaCy's tokenizer is lossless; refuse rather than shift offsets
        raise DataError("spaCy's tokenizer did not reproduce the text exactly", record_id=document.id)
    misaligned: list[Misalignment] = []

    mention_spans, entity_spans = [], []
    for mention in document.mentions:
        span = _aligned_span(doc, document, "mention", mention.id, mention.type.value, mention.start, mention.end,
                             misaligned)
        if span is None:
            continue
        span.id_ = mention.id
        mention_spans.append(span)
        if mention.type.is_entity:
            entity_spans.append(span)
    trigger_spans, argument_spans = [], []
    for event in document.events:
        span = _aligned_span(doc, document, "trigger", event.id, event.type, event.trigger.start, event.trigger.end,
                             misaligned)
        if span is not None:
            span.id_ = event.id
            trigger_spans.append(span)
        for argument in event.arguments:
            filler = mentions[argument.mention]
            arg = doc.char_span(filler.start, filler.end, label=argument.role, alignment_mode="expand")
            if arg is not None:  # a misaligned filler was reported once, as a mention
                arg.id_ = event.id
                arg.kb_id_ = argument.mention
                argument_spans.append(arg)

    if ents not in ENTS_CHOICES:
        raise UsageError(f"ents must be one of {', '.join(ENTS_CHOICES)}, not {ents!r}")
    kept, left_out = _non_overlapping(entity_spans if ents == "entities" else trigger_spans)
    doc.ents = kept
    doc.spans["triggers"] = SpanGroup(doc, name="triggers", spans=trigger_spans)
    doc.spans["arguments"] = SpanGroup(doc, name="arguments", spans=argument_spans)
    doc.spans["mentions"] = SpanGroup(doc, name="mentions", spans=mention_spans)
    doc._.doc_id = document.id
    doc._.mentions = [mention_record(m) for m in document.mentions]
    doc._.events = [event_record(e, mentions) for e in document.events]
    return ConvertedDoc(doc, misaligned, [span.id_ for span in left_out])


# -- splits ----------------------------------------------------------------------------------------
# The same rules as ``annotate export hf`` (annotate.formats.hf): with the same spec and seed, a document
# lands in the same split in both exports.

def parse_split_spec(spec: str) -> dict[str, float]:
    """Parse ``"train=0.8,dev=0.2"`` into ``{"train": 0.8, "dev": 0.2}`` (fractions in (0, 1], summing to
    1). Raises :class:`UsageError` on a malformed spec."""
    from .hf import parse_split_spec as parse

    return dict(parse(spec))


def assign_splits(doc_ids: Iterable[str], fractions: dict[str, float], *, seed: int = 0) -> dict[str, str]:
    """Document id -> split name, exactly as the Hugging Face export assigns them: ids ordered by a
    SHA-256 of the seed and the id, cut into runs sized by largest remainder (5 documents at 0.8/0.2 give
    4 and 1), every split getting at least one document."""
    from .hf import assign_splits as assign

    return assign(list(doc_ids), list(fractions.items()), seed=seed)


# -- export ----------------------------------------------------------------------------------------

def export_spacy(documents: Iterable[Document], out_path: str | Path, *, split: str | dict[str, float] | None = None,
                 seed: int = 0, ents: str = "entities", nlp: "Language | None" = None) -> ExportSummary:
    """Write ``documents`` as a spaCy DocBin.

    Without ``split``, ``out_path`` is one ``.spacy`` file. With ``split`` (``"train=0.8,dev=0.2"`` or a
    dict), ``out_path`` is a folder that receives ``NAME.spacy`` per split, documents assigned by
    :func:`assign_splits` with ``seed``. ``ents`` chooses what ``doc.ents`` holds (``"entities"`` or
    ``"triggers"``, see :func:`to_spacy_doc`). Files are written atomically. Raises :class:`DataError` on a
    document whose spans are wrong or whose id repeats.
    """
    from spacy.tokens import DocBin

    from ..jsonl import atomic_write_bytes

    fractions = parse_split_spec(split) if isinstance(split, str) else split
    out = Path(out_path)
    if ents not in ENTS_CHOICES:
        raise UsageError(f"ents must be one of {', '.join(ENTS_CHOICES)}, not {ents!r}")
    if fractions is not None and out.exists() and not out.is_dir():
        raise UsageError(f"{out}: with --split, the output must be a folder (it receives NAME.spacy per split)")
    summary = ExportSummary(ents_kind=ents)
    seen: set[str] = set()
    # Docs go into DocBins (compact arrays) at once, never kept as Doc objects. Without a split there is
    # one DocBin; with one, each document waits in its own small DocBin until every id is known.
    whole = DocBin(attrs=list(DOCBIN_ATTRS), store_user_data=True)
    waiting: list[tuple[str, DocBin]] = []
    for document in documents:
        if document.id in seen:
            raise DataError(f"document id {document.id!r} occurs twice in the input", record_id=document.id)
        seen.add(document.id)
        result = to_spacy_doc(document, nlp=nlp, ents=ents)
        doc = result.doc
        summary.tokens += sum(1 for token in doc if not token.is_space)
        summary.sentences += sum(1 for _ in doc.sents)
        summary.mentions += len(document.mentions)
        summary.ents += len(doc.ents)
        summary.ents_left_out += [(document.id, mention_id) for mention_id in result.ents_left_out]
        summary.triggers += len(doc.spans["triggers"])
        summary.arguments += len(doc.spans["arguments"])
        summary.misaligned += result.misaligned
        if fractions is None:
            whole.add(doc)
        else:
            single = DocBin(attrs=list(DOCBIN_ATTRS), store_user_data=True)
            single.add(doc)
            waiting.append((document.id, single))

    if fractions is None:
        targets, bins = {"all": out}, {"all": whole}
    else:
        targets = {name: out / f"{name}.spacy" for name in fractions}
        bins = {name: DocBin(attrs=list(DOCBIN_ATTRS), store_user_data=True) for name in targets}
        assignment = assign_splits(seen, fractions, seed=seed)
        for doc_id, single in waiting:
            bins[assignment[doc_id]].merge(single)
    if fractions is None:
        atomic_write_bytes(out, whole.to_bytes())
    else:  # a folder of NAME.spacy files: staged beside and swapped in whole, under a lock
        from ..outputs import replace_folder

        with replace_folder(out, owned=()) as staging:
            for name in targets:
                atomic_write_bytes(staging / f"{name}.spacy", bins[name].to_bytes())
    for name, path in targets.items():
        summary.outputs[name] = path
        summary.documents[name] = len(bins[name])
    return summary


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def load_docbin(path: str | Path, *, nlp: "Language | None" = None) -> Iterator["Doc"]:
    """Read a DocBin written by :func:`export_spacy`, with ``doc._.events`` and ``doc._.mentions`` as
    plain lists of dicts. Raises :class:`annotate.errors.StorageError` when the file cannot be read."""
    import spacy
    from spacy.tokens import DocBin

    from ..errors import StorageError

    register_extensions()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StorageError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        docbin = DocBin(store_user_data=True).from_bytes(data)
    except Exception as exc:  # zlib/msgpack errors on a file that is not a DocBin
        raise DataError(f"not a spaCy DocBin ({type(exc).__name__})", file=path) from None
    vocab = (nlp or spacy.blank("en")).vocab
    for doc in docbin.get_docs(vocab):
        doc._.events = _plain(doc._.events)
        doc._.mentions = _plain(doc._.mentions)
        yield doc


__all__ = [
    "ENTS_CHOICES", "EXTENSIONS", "SPAN_GROUPS", "ConvertedDoc", "ExportSummary", "Misalignment", "assign_splits", "event_record",
    "export_spacy", "load_docbin", "mention_record", "parse_split_spec", "register_extensions", "to_spacy_doc",
]
