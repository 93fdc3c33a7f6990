"""Pre-annotation: rule-based event suggestions for a document (``annotate suggest``).

:func:`suggest` runs the suggester's spaCy pipeline (:mod:`.pipeline`: blank English with sentence
splitting plus rule components for entities, money and time values, and triggers; or an installed
trained pipeline's NER with ``model``), fills the arguments of each trigger by type and position
(:mod:`.arguments`), sets attributes from simple cues ("will", "plans to", "close to" -> realis other,
tense future; "not" -> polarity negative; bare plurals -> generic), and returns a NEW
:class:`schema.Document` with annotator ``suggest`` and status ``draft``: mention ids ``SM1, SM2...``,
event ids ``SE1...``, entity ids ``SX1...``, event hoppers ``SH1...``.

Suggestions are candidates, never gold until a person accepts them. Every suggestion document passes
:func:`annotate.validate.check_document` without errors: an event whose required roles cannot be
filled is left out.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from schema import (
    EVENT_TYPES, AnnotationInfo, Document, Mention, MoneyValue, Source, TimeValue, make_span,
)

from ..corpus import Corpus, sha256_text
from ..errors import UsageError

__all__ = ["SUGGEST_ANNOTATOR", "source_document", "suggest", "suggest_corpus", "suggest_sources"]

#: The annotator name of suggestion documents.
SUGGEST_ANNOTATOR = "suggest"


def suggest(document: Document, *, model: str | Path | None = None, threshold: float | None = None) -> Document:
    """Suggested mentions and events for ``document``'s text, as a new draft Document.

    The input is not changed. Its id, text and source are kept; its own mentions and events are not
    looked at. ``model`` is either a folder written by ``annotate train`` (an eventgold model: its
    events are added to the rules' ones, each event noting its source and score, and model events
    scored below ``threshold``, default 0.5, are hidden; :mod:`.model`), or an installed trained spaCy
    pipeline whose NER supplies the entity mentions (UsageError when it is not installed).
    """
    from .model import is_model_dir

    if model is not None and is_model_dir(model):
        from .model import DEFAULT_THRESHOLD, combine

        result, candidates = _rules(document, model=None)
        return combine(result, candidates, model, threshold=DEFAULT_THRESHOLD if threshold is None else threshold)
    return _rules(document, model=None if model is None else str(model))[0]


def _rules(document: Document, *, model: str | None) -> tuple[Document, list]:
    """The rules' suggestion document, and the entity and value candidates they found."""
    from .arguments import TOPIC_PREFIX, Draft, Filler, M, complete_required, link_coreference
    from .pipeline import MENTIONS, TRIGGERS, run_pipeline, tokens_of

    text = document.text
    dct = document.source.dct.value if document.source.dct else None
    doc = run_pipeline(text, dct=dct, model=model)
    toks = tokens_of(doc)
    starts = [t.start for t in toks]

    def token_span(start: int, end: int) -> tuple[int, int]:
        first = max(0, bisect.bisect_right(starts, start) - 1)
        if toks[first].end <= start and first + 1 < len(toks):
            first += 1
        last = max(first, bisect.bisect_left(starts, end) - 1)
        return first, last

    candidates = [c for c in doc.user_data.get(MENTIONS, []) if _exact(text, c.start, c.end)]
    fillers: list[M] = []
    by_id = {}
    for number, cand in enumerate(candidates, start=1):
        first, last = token_span(cand.start, cand.end)
        time_value = cand.value.value if isinstance(cand.value, TimeValue) else None
        time_type = cand.value.type.value if isinstance(cand.value, TimeValue) else None
        fillers.append(M(f"c{number}", cand.type, cand.start, cand.end, first, last, toks[first].sent,
                         cand.key, cand.rule, time_value, time_type))
        by_id[f"c{number}"] = cand

    triggers = [t for t in doc.user_data.get(TRIGGERS, []) if _exact(text, t.start, t.stop)]
    _loan_accords(toks, triggers)
    filler = Filler(toks, fillers, dct)
    filler.set_triggers(triggers)
    drafts: list[Draft] = []
    seen: set[tuple[int, int]] = set()
    unique = []
    for trig in triggers:
        if (trig.start, trig.stop) not in seen:
            seen.add((trig.start, trig.stop))
            unique.append(trig)
    # Visits first, so that meetings know who travels; then the rest, in text order.
    keys = {m.id: m.key for m in fillers}
    for trig in [t for t in unique if not t.entry.meeting] + [t for t in unique if t.entry.meeting]:
        draft = filler.fill(trig)
        filler.attributes(draft)
        drafts.append(draft)
        if draft.type == "Visit" and not trig.entry.meeting:
            filler.visitor_keys |= {keys[ref] for role, ref in draft.arguments if role == "Visitor" and keys.get(ref)}
    drafts.sort(key=lambda d: (d.trigger.start, d.trigger.stop))
    _inherit_tense(toks, drafts)
    drafts = complete_required(filler, drafts)
    link_coreference(toks, drafts)

    # Keep the arguments each role admits, then only the mentions that fill one (guidelines: mentions
    # are argument-centric), numbered in text order.
    types = {m.id: m.type for m in fillers}
    kept_arguments: list[list[tuple[str, str]]] = []
    for draft in drafts:
        cls = EVENT_TYPES[draft.type]
        counts: dict[str, int] = {}
        chosen = []
        for role_name, ref in draft.arguments:
            role = cls.role(role_name)
            kind = "TOPIC" if ref.startswith(TOPIC_PREFIX) else types.get(ref)
            if role is None or kind not in _filler_types(draft.type, role_name):
                continue
            counts[role_name] = counts.get(role_name, 0) + 1
            if role.max is not None and counts[role_name] > role.max:
                continue
            chosen.append((role_name, ref))
        kept_arguments.append(chosen)
    spans: dict[str, tuple[int, int, str]] = {}
    for chosen in kept_arguments:
        for _role, ref in chosen:
            if ref.startswith(TOPIC_PREFIX):
                first, end = (int(x) for x in ref[len(TOPIC_PREFIX):].split(":"))
                spans[ref] = (toks[first].start, toks[end - 1].end, "TOPIC")
            else:
                spans[ref] = (by_id[ref].start, by_id[ref].end, by_id[ref].type)
    mention_ids: dict[str, str] = {}
    mentions: list[dict] = []  # validated as one list below (one call instead of one per mention)
    entity_ids: dict[str, str] = {}
    for ref, (start, end, kind) in sorted(spans.items(), key=lambda item: (item[1][0], item[1][1])):
        if not _exact(text, start, end):
            continue
        mention_id = mention_ids[ref] = f"SM{len(mentions) + 1}"
        cand = by_id.get(ref)
        entity = None
        if kind in ("PER", "ORG", "GPE", "LOC", "FAC"):
            key = cand.key if cand is not None and cand.key else f"single:{ref}"
            entity = entity_ids.setdefault(key, f"SX{len(entity_ids) + 1}")
        value = cand.value if cand is not None else None
        mentions.append(dict(
            id=mention_id, type=kind, entity=entity, **make_span(text, start, end),
            time=value if isinstance(value, TimeValue) else None,
            money=value if isinstance(value, MoneyValue) else None,
        ))
    mentions = _adapter(Mention).validate_python(mentions)

    # Each event type's events are validated as one list (arguments, trigger and attributes as dicts:
    # the same models, with the same fields set, as built one by one), then put back in order.
    by_type: dict[str, list[tuple[int, dict]]] = {}
    for number, (draft, chosen) in enumerate(zip(drafts, kept_arguments), start=1):
        by_type.setdefault(draft.type, []).append((number - 1, dict(
            id=f"SE{number}",
            trigger=make_span(text, draft.trigger.start, draft.trigger.stop),
            arguments=[{"role": role, "mention": mention_ids[ref]} for role, ref in chosen if ref in mention_ids],
            attributes={"realis": draft.realis, "polarity": draft.polarity, "tense": draft.tense},
            coref=draft.coref,
        )))
    events: list = [None] * len(drafts)
    for event_type, numbered in by_type.items():
        made = _adapter(EVENT_TYPES[event_type]).validate_python([fields for _index, fields in numbered])
        for (index, _fields), event in zip(numbered, made):
            events[index] = event
    return Document(
        id=document.id,
        text=text,
        source=document.source.model_copy(deep=True),
        annotation=AnnotationInfo(annotator=SUGGEST_ANNOTATOR, status="draft"),
        mentions=mentions,
        events=events,
    ), candidates


@lru_cache(maxsize=None)
def _adapter(model: type):
    """A validator of a list of ``model`` (validating a list in one call costs less than a model at a time;
    the models are the same, with the same fields set)."""
    from pydantic import TypeAdapter

    return TypeAdapter(list[model])


@lru_cache(maxsize=None)
def _filler_types(event_type: str, role_name: str) -> frozenset[str]:
    """The mention types that may fill ``role_name`` of ``event_type`` (the schema's, read once)."""
    return frozenset(t.value for t in EVENT_TYPES[event_type].role(role_name).fillers)


def _inherit_tense(toks, drafts) -> None:
    """"Cuba's president arrives in Moscow for a 3-day visit": a noun trigger with no cue of its own
    takes the tense of the verb trigger it completes (same clause, a few words before it)."""
    for index, draft in enumerate(drafts):
        trig = draft.trigger
        if trig.verbal or draft.realis != "actual" or any(role == "Time" for role, _ in draft.arguments):
            continue
        for other in reversed(drafts[:index]):
            verb = other.trigger
            if verb.nominal or toks[verb.first].sent != toks[trig.first].sent:
                continue
            between = toks[verb.end:trig.first]
            if len(between) <= 8 and not any(t.text in (",", ";", ":") for t in between) and other.realis == "actual":
                draft.tense = other.tense
            break


def _loan_accords(toks, triggers) -> None:
    """"He said the accord could be finalized": a definite agreement noun right after a Loan, with no
    other agreement in view, is that loan (guidelines 10.4)."""
    for trig in triggers:
        if trig.type != "Agreement" or not trig.nominal or trig.first == 0:
            continue
        if toks[trig.first - 1].lower not in ("the", "this", "that") or trig.entry.words[0] not in (
                "accord", "agreement", "deal"):
            continue
        sent = toks[trig.first].sent
        near = [t for t in triggers if t is not trig and sent - 1 <= toks[t.first].sent <= sent and t.first < trig.first]
        if any(t.type == "Loan" for t in near) and not any(t.type == "Agreement" for t in near):
            trig.type = "Loan"


def _exact(text: str, start: int, end: int) -> bool:
    """A usable span: inside the text, not empty, no white space at its edges."""
    return 0 <= start < end <= len(text) and not text[start].isspace() and not text[end - 1].isspace()


def source_document(corpus: str | Path | Corpus, doc_id: str) -> Document:
    """An unannotated Document for ``doc_id``: its text from ``raw/`` and source from the registry, or,
    when there is no raw article, the text and source of its line in ``gold.jsonl``."""
    store = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    registry = store.registry()
    if store.raw_path(doc_id).exists():
        text = store.raw_text(doc_id)
        source = registry.get(doc_id)
        if source is None:
            from ..articles import title_of

            source = Source(file_name=f"{doc_id}.txt", sha256=sha256_text(text), title=title_of(text))
        return Document(id=doc_id, text=text, source=source,
                        annotation=AnnotationInfo(annotator=SUGGEST_ANNOTATOR, status="draft"))
    if store.gold_path.exists():
        from ..jsonl import read_documents

        for gold in read_documents(store.gold_path):
            if gold.id == doc_id:
                return Document(id=doc_id, text=gold.text, source=gold.source,
                                annotation=AnnotationInfo(annotator=SUGGEST_ANNOTATOR, status="draft"))
    raise UsageError(f"no document {doc_id!r} in {store.root} (neither raw/{doc_id}.txt nor a gold line); "
                     "import it with 'annotate import text'")


def suggest_corpus(*, corpus: str | Path | Corpus, doc_ids: Iterable[str] | None = None,
                   model: str | Path | None = None, threshold: float | None = None) -> Iterator[Document]:
    """Suggestion documents for ``doc_ids`` (default: every article of the corpus), one at a time.

    Articles come from ``raw/`` (in registry order); documents that only ``gold.jsonl`` has follow,
    read in one streaming pass over it. Unknown ids raise UsageError before any suggestion is made.
    """
    for document in suggest_sources(corpus=corpus, doc_ids=doc_ids):
        yield suggest(document, model=model, threshold=threshold)


def suggest_sources(*, corpus: str | Path | Corpus, doc_ids: Iterable[str] | None = None) -> Iterator[Document]:
    """The unannotated source documents that :func:`suggest_corpus` suggests for, in its order (the
    input of the map step :func:`suggest`; :mod:`annotate.parallel` runs it on several workers)."""
    store = corpus if isinstance(corpus, Corpus) else Corpus(corpus)
    store.require()
    raw_ids = store.doc_ids()
    on_disk = set(raw_ids)
    if doc_ids is None:
        wanted = list(raw_ids)
        gold_only: set[str] | None = None  # every gold document without a raw article
    else:
        wanted = list(dict.fromkeys(doc_ids))
        for doc_id in wanted:
            store.raw_path(doc_id)  # refuses ids that cannot be file names
        gold_only = {doc_id for doc_id in wanted if doc_id not in on_disk}
        if gold_only and not store.gold_path.exists():
            missing = sorted(gold_only)[0]
            raise UsageError(f"no document {missing!r} in {store.root} (neither raw/{missing}.txt nor a gold "
                             "line); import it with 'annotate import text'")
    if gold_only and doc_ids is not None:
        found = _gold_ids(store) & gold_only
        if found != gold_only:
            missing = sorted(gold_only - found)[0]
            raise UsageError(f"no document {missing!r} in {store.root} (neither raw/{missing}.txt nor a gold "
                             "line); import it with 'annotate import text'")
    produced = 0
    for doc_id in wanted:
        if doc_id in on_disk:
            produced += 1
            yield source_document(store, doc_id)
    if (gold_only is None or gold_only) and store.gold_path.exists():
        from ..jsonl import read_documents

        for gold in read_documents(store.gold_path):
            if gold.id in on_disk or (gold_only is not None and gold.id not in gold_only):
                continue
            on_disk.add(gold.id)  # a gold line per document: the first one counts
            produced += 1
            yield Document(id=gold.id, text=gold.text, source=gold.source,
                           annotation=AnnotationInfo(annotator=SUGGEST_ANNOTATOR, status="draft"))
    if not produced and doc_ids is None:
        raise UsageError(f"{store.root}: no articles (import some with 'annotate import text')")


def _gold_ids(store: Corpus) -> set[str]:
    """The document ids of ``gold.jsonl``, read line by line without building documents."""
    import json

    from ..jsonl import iter_lines

    ids: set[str] = set()
    for _number, raw in iter_lines(store.gold_path):
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            ids.add(value["id"])
    return ids
