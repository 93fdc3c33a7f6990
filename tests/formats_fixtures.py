"""Documents for the format tests: hand-checked annotations on the seed articles and on the emoji text.

Every span is made with :func:`schema.find_span`, so offsets and texts agree by construction. The
documents exercise what converters get wrong: non-ASCII letters (í, ó), curly quotes, non-breaking
spaces, em dashes, an emoji outside the BMP, a span across a paragraph break, repeated roles, entity
coreference, event hoppers and clusters, notes with line breaks, provenance and normalizations.
"""

from __future__ import annotations

from pathlib import Path

from annotate.corpus import sha256_text
from schema import (
    AnnotationInfo, Argument, Attributes, CreationTime, Document, Mention, MoneyValue, Provenance, Source, Span,
    TimeValue, find_span,
)
from schema.entities import ENTITY_TYPES
from schema.events import EVENT_TYPES

from conftest import SAMPLE_TEXT, SEEDS, build_sample_document

Spec = tuple  # (id, needle, type, occurrence, extras)


def _document(doc_id: str, text: str, mentions: list[tuple], events: list[tuple], *, dct: str) -> Document:
    built_mentions = []
    named: dict[str, str] = {}  # a mention's text -> its entity, for the mentions given none
    for mid, needle, type_, occurrence, extra in mentions:
        if type_ in ENTITY_TYPES and "entity" not in extra:  # finished documents link every entity mention
            extra = {**extra, "entity": named.setdefault(needle, f"E{100 + len(named)}")}
        built_mentions.append(Mention(id=mid, type=type_, **find_span(text, needle, occurrence), **extra))
    built_events = []
    for eid, type_, needle, occurrence, arguments, extra in events:
        cls = EVENT_TYPES[type_]
        built_events.append(cls(
            id=eid, trigger=Span(**find_span(text, needle, occurrence)),
            arguments=[Argument(role=role, mention=mid, **({"provenance": prov} if prov else {}))
                       for role, mid, prov in arguments],
            attributes=extra.pop("attributes", Attributes.default()), **extra))
    return Document(
        id=doc_id, text=text,
        source=Source(file_name=f"{doc_id}.txt", sha256=sha256_text(text), title=text.splitlines()[0].strip(),
                      dct=CreationTime(value=dct, method="stated")),
        annotation=AnnotationInfo(annotator="gold", status="adjudicated", adjudicated_from=["alice", "bob"]),
        mentions=built_mentions, events=built_events,
    )


def seed_text(stem: str) -> str:
    path = next(SEEDS.glob(f"{stem}_*.txt"))
    return path.read_bytes().decode("utf-8")


def seed_id(stem: str) -> str:
    return next(SEEDS.glob(f"{stem}_*.txt")).stem


AGREED = Provenance(sources=["alice", "bob"], decision="agreed")
CHOSEN = Provenance(sources=["alice"], decision="chosen", decided_by="carol")
ACTUAL_PAST = Attributes.default()


def seed_documents() -> list[Document]:
    """Four seed articles with hand-made annotations (not the gold: enough to test converters)."""
    docs = []
    text = seed_text("000")
    docs.append(_document(seed_id("000"), text, [
        ("M1", "Miguel Díaz-Canel", "PER", 1, {"entity": "E1", "provenance": AGREED}),
        ("M2", "Vladimir Putin", "PER", 1, {"entity": "E2"}),
        ("M3", "Díaz-Canel", "PER", 2, {"entity": "E1"}),
        ("M4", "Russia", "GPE", 3, {}),
        ("M5", "November 1", "TIME", 1, {"time": TimeValue(value="2018-11-01")}),
        ("M6", "the Russian government", "GPE", 1, {}),
        ("M7", "$50 million", "MONEY", 1, {"money": MoneyValue(currency="USD", amount=50_000_000)}),
        ("M8", "Cuba", "GPE", 4, {}),
        ("M9", "the purchase of military equipment", "TOPIC", 1, {}),
        ("M10", "Díaz-Canel’s", "PER", 1, {"entity": "E1"}),
    ], [
        ("EV1", "Visit", "arrived", 1, [("Visitor", "M1", None), ("Visitor", "M3", None), ("Destination", "M4", CHOSEN),
                                        ("Time", "M5", None)], {"coref": "H1", "cluster": "C-visit-2018"}),
        ("EV2", "Loan", "loan", 1, [("Lender", "M6", None), ("Borrower", "M8", None), ("Amount", "M7", None),
                                    ("Purpose", "M9", None)],
         {"notes": "Herald says the loan\nbuys arms;\tcheck", "provenance": AGREED}),
        ("EV3", "Visit", "meeting", 2, [("Visitor", "M10", None), ("Host", "M2", None)],
         {"coref": "H1", "cluster": "C-visit-2018", "notes": "same visit as EV1"}),
    ], dct="2018-11-05"))

    text = seed_text("001")
    docs.append(_document(seed_id("001"), text, [
        ("M1", "Miguel Diaz-Canel", "PER", 1, {}),
        ("M2", "$50 million", "MONEY", 1, {"money": MoneyValue(currency="USD", amount=50_000_000)}),
        ("M3", "Russia", "GPE", 2, {}),
        # a span across the non-breaking space and the paragraph break after it
        ("M4", "care about.\u00a0\n\nCuba and Russia", "TOPIC", 1, {}),
        ("M5", "Cuba’s plan to modernize infrastructure", "TOPIC", 1, {}),
        ("M6", "Russia", "GPE", 4, {}),
    ], [
        ("EV1", "Loan", "loan", 1, [("Lender", "M3", None), ("Borrower", "M1", None), ("Amount", "M2", None)],
         {"attributes": Attributes(realis="other", polarity="positive", tense="past")}),
        ("EV2", "Statement", "committed", 1, [("Speaker", "M6", None), ("Topic", "M5", None),
                                              ("Topic", "M4", None)], {}),
    ], dct="2018-11-20"))

    text = seed_text("003")
    docs.append(_document(seed_id("003"), text, [
        ("M1", "The presidents of Russia and Cuba", "PER", 1, {}),
        ("M2", "U.S.", "GPE", 1, {}),
        ("M3", "“interference in the domestic affairs of sovereign nations.”", "TOPIC", 1, {}),
        ("M4", "Miguel Diaz-Canel", "PER", 1, {}),
        ("M5", "Russia’s Vladimir Putin", "PER", 1, {}),
        ("M6", "Moscow", "GPE", 1, {}),
        ("M7", "November 2", "TIME", 1, {"time": TimeValue(value="2018-11-02")}),
    ], [
        ("EV1", "Statement", "denounced", 1, [("Speaker", "M1", None), ("Addressee", "M2", None),
                                              ("Topic", "M3", None)], {}),
        ("EV2", "Visit", "talks", 1, [("Visitor", "M4", None), ("Host", "M5", None), ("Destination", "M6", None),
                                      ("Time", "M7", None)],
         {"attributes": Attributes(realis="actual", polarity="positive", tense="past")}),
    ], dct="2018-11-02"))

    text = seed_text("004")
    docs.append(_document(seed_id("004"), text, [
        ("M1", "Cuba’s president", "PER", 1, {"entity": "E1"}),
        ("M2", "Moscow", "GPE", 1, {}),
        ("M3", "Russia’s Deputy Prime Minister Yuri Borisov", "PER", 1, {}),
        ("M4", "Moscow", "GPE", 2, {}),
        ("M5", "over $260 million", "MONEY", 1,
         {"money": MoneyValue(currency="USD", min=260_000_000, approximate=False)}),
        ("M6", "Havana", "GPE", 1, {}),
        ("M7", "Miguel Diaz-Canel’s", "PER", 1, {"entity": "E1"}),
        ("M8", "3-day", "TIME", 1, {"time": TimeValue(type="DURATION", value="P3D", anchor="none")}),
    ], [
        ("EV1", "Visit", "arrives", 1, [("Visitor", "M1", None), ("Visitor", "M7", None),
                                        ("Destination", "M2", None), ("Origin", "M6", None),
                                        ("Time", "M8", None)], {"cluster": "C-visit-2018"}),
        ("EV2", "Agreement", "signed", 1, [("Party", "M4", None), ("Party", "M3", None), ("Value", "M5", None)],
         {"attributes": Attributes(realis="actual", polarity="positive", tense="past")}),
    ], dct="2018-10-29"))
    return docs


def emoji_document() -> Document:
    """conftest's sample (an emoji, a non-breaking space, curly quotes) with a mention after the emoji."""
    doc = build_sample_document("emoji-1", SAMPLE_TEXT)
    flag = Mention(id="M11", type="GPE", entity="E7", **find_span(SAMPLE_TEXT, "\U0001F1F7\U0001F1FA"))
    events = [e.model_copy(update={"arguments": [*e.arguments, Argument(role="Party", mention="M11")]})
              if e.type == "Agreement" else e for e in doc.events]
    return doc.model_copy(update={"mentions": [*doc.mentions, flag], "events": events})


def all_documents() -> list[Document]:
    return [*seed_documents(), emoji_document()]


def write_jsonl(path: Path, documents: list[Document]) -> Path:
    path.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    return path


def make_corpus(root: Path, documents: list[Document]) -> Path:
    """A corpus folder with raw texts, a registry and gold.jsonl for ``documents``."""
    from annotate.corpus import Corpus

    corpus = Corpus(root)
    corpus.raw_dir.mkdir(parents=True, exist_ok=True)
    for doc in documents:
        corpus.raw_path(doc.id).write_bytes(doc.text.encode("utf-8"))
    corpus.write_registry({doc.id: doc.source for doc in documents})
    write_jsonl(corpus.gold_path, documents)
    return root
