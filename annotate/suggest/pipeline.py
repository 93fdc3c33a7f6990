"""The spaCy pipeline of the suggester (spaCy is imported only when a pipeline is built).

Default: the blank English pipeline of :func:`annotate.nlp.load_pipeline` (paragraph splitter and
sentencizer; a fresh copy, so the shared cached one is never changed) plus three rule components
registered as spaCy factories:

- ``eventgold_entities``: rule entity mentions (:mod:`.entities`; gazetteer, titles, heads, groups);
- ``eventgold_values``: MONEY and TIME mentions with normalized values (:mod:`.values`);
- ``eventgold_triggers``: trigger candidates from the lexicons (:mod:`.lexicon`, :mod:`.triggers`).

With ``model``, an installed trained pipeline is loaded with ``spacy.load`` (never downloaded) and its
named entities supply the names (PERSON -> PER, ORG -> ORG, GPE -> GPE, LOC -> LOC, FAC -> FAC); the
rules still add nominals and pronouns ("the two countries", "Cuba's president", "he"), and the value
and trigger components are added after it.

Results are stored in ``doc.user_data``: ``"eventgold.mentions"`` (a list of
:class:`.entities.Candidate`) and ``"eventgold.triggers"`` (a list of
:class:`.triggers.TriggerCandidate`); the document creation time is read from
``doc.user_data["eventgold.dct"]``. Use :func:`run_pipeline` to set it and run the components.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from annotate.errors import UsageError

from .entities import Candidate, EntityRules, Tok, make_tokens, resolve_overlaps
from .triggers import TriggerRules
from .values import value_candidates

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

MENTIONS, TRIGGERS, DCT, TEXT = "eventgold.mentions", "eventgold.triggers", "eventgold.dct", "eventgold.text"

#: spaCy NER labels -> eventgold mention types (others are ignored; MONEY and dates come from the rules).
NER_LABELS = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "FAC"}


def tokens_of(doc: "Doc") -> list[Tok]:
    """The non-space tokens of ``doc`` with their sentence index (computed once per Doc)."""
    cached = doc.user_data.get(_TOKENS)
    if cached is None:
        _analyse(doc)
        cached = doc.user_data[_TOKENS]
    return cached


_TOKENS, _SENTENCES = "eventgold.tokens", "eventgold.sentence_bounds"


def text_of(doc: "Doc") -> str:
    """``doc.text``, read once per Doc (``Doc.text`` joins the text of every token at each access)."""
    text = doc.user_data.get(TEXT)
    if text is None:
        text = doc.user_data[TEXT] = doc.text
    return text


def _analyse(doc: "Doc") -> None:
    """Tokens (:func:`tokens_of`) and sentence character bounds of ``doc``, read in one pass over
    ``Doc.to_array`` (no spaCy Token or Span objects), the same as iterating ``doc.sents``: a sentence
    starts at token 0 and at every token whose ``sent_start`` is 1; its bounds are its first token's
    start and its last token's end (``Span.start_char``, ``Span.end_char``)."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START"):
        _analyse_slowly(doc)  # a custom sentence hook, or none set (doc.sents raises as it always did)
        return
    import numpy
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

    text = text_of(doc)
    table = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START])  # one row per token, uint64
    if not len(table):
        texts, starts, ends, sents, bounds = [], [], [], [], []
    else:
        first = table[:, 0].astype(numpy.int64)
        last = first + table[:, 1].astype(numpy.int64)
        opens = table[:, 3] == 1  # sent_start -1 (not a start) is 2**64 - 1 here
        opens[0] = True
        sentence = numpy.cumsum(opens) - 1
        heads = numpy.flatnonzero(opens)
        tails = numpy.append(heads[1:] - 1, len(table) - 1)
        bounds = list(zip(first[heads].tolist(), last[tails].tolist()))
        words = table[:, 2] == 0
        starts, ends, sents = first[words].tolist(), last[words].tolist(), sentence[words].tolist()
        texts = [text[a:b] for a, b in zip(starts, ends)]
    doc.user_data[_TOKENS] = make_tokens(texts, starts, ends, sents)
    doc.user_data[_SENTENCES] = bounds


def _analyse_slowly(doc: "Doc") -> None:
    toks: list[Tok] = []
    bounds: list[tuple[int, int]] = []
    for index, sent in enumerate(doc.sents):
        bounds.append((sent.start_char, sent.end_char))
        for token in sent:
            if not token.is_space:
                toks.append(Tok(len(toks), token.text, token.idx, token.idx + len(token.text), index))
    doc.user_data[_TOKENS] = toks
    doc.user_data[_SENTENCES] = bounds


def _sentence_finder(doc: "Doc"):
    if _SENTENCES not in doc.user_data:
        _analyse(doc)
    bounds = doc.user_data[_SENTENCES]
    starts = [first for first, _last in bounds]
    text = text_of(doc)

    def sentence_of(start: int, end: int) -> str | None:
        """The text of the sentence that holds character ``start`` (sentences are disjoint, in order)."""
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and start < bounds[i][1]:
            return text[bounds[i][0]:bounds[i][1]]
        return None

    return sentence_of


class EntitiesComponent:
    def __init__(self, nlp: "Language") -> None:
        self.rules = EntityRules(lambda text: [t.text for t in nlp.make_doc(text) if not t.is_space])

    def __call__(self, doc: "Doc") -> "Doc":
        found = doc.user_data.setdefault(MENTIONS, [])
        if doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:  # a trained pipeline ran before: its entities are the names
                label = NER_LABELS.get(ent.label_)
                if label:
                    key = f"{label.lower()}:{ent.text.lower()}"
                    found.append(Candidate(ent.start_char, ent.end_char, label, key, "ner", 8))
            # nominals and pronouns ("the two countries", "Cuba's president", "he") still come from rules
            found.extend(self.rules.nominals(tokens_of(doc), found))
            return doc
        found.extend(self.rules(text_of(doc), tokens_of(doc)))
        return doc


class ValuesComponent:
    def __call__(self, doc: "Doc") -> "Doc":
        found = doc.user_data.setdefault(MENTIONS, [])
        found.extend(value_candidates(text_of(doc), dct=doc.user_data.get(DCT), sentence_of=_sentence_finder(doc)))
        return doc


class TriggersComponent:
    def __init__(self) -> None:
        self.rules = TriggerRules()

    def __call__(self, doc: "Doc") -> "Doc":
        mentions = resolve_overlaps(doc.user_data.get(MENTIONS, []))
        doc.user_data[MENTIONS] = mentions
        doc.user_data[TRIGGERS] = self.rules(tokens_of(doc), mentions)
        return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("eventgold_entities"):
        Language.factory("eventgold_entities")(lambda nlp, name: EntitiesComponent(nlp))
    if not Language.has_factory("eventgold_values"):
        Language.factory("eventgold_values")(lambda nlp, name: ValuesComponent())
    if not Language.has_factory("eventgold_triggers"):
        Language.factory("eventgold_triggers")(lambda nlp, name: TriggersComponent())


@lru_cache(maxsize=4)
def build_pipeline(model: str | None = None) -> "Language":
    """The suggester's pipeline: blank English (or the installed ``model``) plus the rule components.

    Raises :class:`~annotate.errors.UsageError` when ``model`` is not an installed spaCy pipeline.
    """
    from annotate.nlp import load_pipeline

    _register()
    try:
        nlp = load_pipeline.__wrapped__(model)  # a fresh pipeline: the cached shared one stays untouched
    except OSError as exc:
        reason = str(exc).splitlines()[0][:200]
        if model and ("/" in model or "\\" in model or Path(model).exists()):  # a path: nothing to download
            raise UsageError(f"{model}: not a spaCy pipeline folder ({reason}); give the folder a trained "
                             "pipeline was saved to (nlp.to_disk), or an installed package name") from None
        raise UsageError(f"spaCy pipeline {model!r} is not installed here ({reason}); "
                         f"install it first (e.g. python -m spacy download {model}) or leave out --model") from None
    except (ImportError, ValueError) as exc:
        raise UsageError(f"cannot load spaCy pipeline {model!r}: {exc}") from None
    nlp.add_pipe("eventgold_entities")
    nlp.add_pipe("eventgold_values")
    nlp.add_pipe("eventgold_triggers")
    return nlp


def run_pipeline(text: str, *, dct: str | None, model: str | None = None) -> "Doc":
    """Run the suggester's pipeline on ``text`` with ``dct`` as the document creation time."""
    nlp = build_pipeline(model)
    doc = nlp.make_doc(text)
    doc.user_data[DCT] = dct
    doc.user_data[TEXT] = text  # spaCy keeps the text exactly; Doc.text would join every token again
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


__all__ = ["MENTIONS", "NER_LABELS", "TRIGGERS", "build_pipeline", "run_pipeline", "tokens_of"]
