"""Hand-annotated documents built from the five seed articles, shared by the spaCy export and render tests.

Every span is located by a short context string that occurs once in the article (so "Russia" inside
"Russian" can never be picked by accident) and built with ``schema.make_span``. Clusters link the
Díaz-Canel visit and the $50 million loan across documents.
"""

from __future__ import annotations

from typing import Any

from conftest import SEEDS, build_sample_document

from annotate.corpus import sha256_text
from schema import (
    EVENT_TYPES, AnnotationInfo, Argument, Attributes, CreationTime, Document, Mention, MoneyValue, Span, Source,
    TimeValue, make_span, span_problem,
)

FUTURE = {"realis": "other", "polarity": "positive", "tense": "future"}


def locate(text: str, needle: str, context: str | None = None) -> dict[str, Any]:
    """The span of ``needle`` inside the only occurrence of ``context`` (default: ``needle`` itself)."""
    context = context or needle
    at = text.find(context)
    assert at != -1, f"context {context!r} not in text"
    assert text.find(context, at + 1) == -1, f"context {context!r} occurs more than once"
    inner = context.find(needle)
    assert inner != -1, f"{needle!r} not in context {context!r}"
    return make_span(text, at + inner, at + inner + len(needle))


# (id, type, needle, context, extra fields)
_M = tuple[str, str, str, str | None, dict[str, Any]]
# (id, type, trigger needle, trigger context, [(role, mention id)], extra fields)
_E = tuple[str, str, str, str | None, list[tuple[str, str]], dict[str, Any]]

USD = "USD"

SEED_ANNOTATIONS: dict[str, tuple[str, list[_M], list[_E]]] = {
    "000_0850c832f78e4e8b": ("2018-11-05", [
        ("M1", "PER", "Cuban President Miguel Díaz-Canel", None, {"entity": "E1"}),
        ("M2", "GPE", "Cuban", "Cuban President Miguel Díaz-Canel", {}),
        ("M3", "PER", "Russian President Vladimir Putin", "Díaz-Canel and Russian President Vladimir Putin vowed",
         {"entity": "E2"}),
        ("M4", "TIME", "November 2", "meeting on November 2", {"time": {"value": "2018-11-02"}}),
        ("M5", "PER", "Díaz-Canel", "Díaz-Canel arrived in Russia", {"entity": "E1"}),
        ("M6", "GPE", "Russia", "arrived in Russia on", {}),
        ("M7", "TIME", "November 1", "Russia on November 1", {"time": {"value": "2018-11-01"}}),
        ("M8", "TOPIC", "increased economic and military ties", None, {}),
        ("M9", "GPE", "the Russian government", "the Russian government extended", {}),
        ("M10", "MONEY", "$50 million", "extended a $50 million loan", {"money": {"currency": USD, "amount": 5e7}}),
        ("M11", "GPE", "Cuba", "loan to Cuba for", {}),
        ("M12", "TOPIC", "the purchase of military equipment", None, {}),
        ("M13", "PER", "The Cuban Defense Minister Leopoldo Cintra Frias", None, {}),
        ("M14", "GPE", "Moscow", "visit Moscow in November", {}),
        ("M15", "TIME", "November", "Moscow in November to", {"time": {"value": "2018-11"}}),
    ], [
        ("EV1", "Statement", "vowed", "Putin vowed", [("Speaker", "M1"), ("Speaker", "M3"), ("Time", "M4")], {}),
        ("EV2", "Visit", "arrived", "Díaz-Canel arrived",
         [("Visitor", "M5"), ("Destination", "M6"), ("Time", "M7"), ("Purpose", "M8")],
         {"cluster": "C-diaz-canel-russia", "coref": "H1"}),
        ("EV3", "Loan", "loan", "$50 million loan to Cuba",
         [("Lender", "M9"), ("Borrower", "M11"), ("Amount", "M10"), ("Purpose", "M12")], {"cluster": "C-loan-50m"}),
        ("EV4", "Visit", "visit", "intends to visit Moscow", [("Visitor", "M13"), ("Destination", "M14"),
                                                              ("Time", "M15")], {"attributes": FUTURE}),
        ("EV5", "Statement", "called for", "and called for an end", [("Speaker", "M1"), ("Speaker", "M3")], {}),
    ]),
    "001_0cefdf8c56bef465": ("2018-11", [
        ("M1", "PER", "Cuban President Miguel Diaz-Canel", "tour, Cuban President Miguel Diaz-Canel", {}),
        ("M2", "MONEY", "$50 million", "secure a $50 million military loan",
         {"money": {"currency": USD, "amount": 5e7}}),
        ("M3", "GPE", "Russia", "loan from Russia.", {}),
        ("M4", "GPE", "Cuba", "loan that Cuba will use", {}),
        ("M5", "MONEY", "$50 million", "entails the $50 million", {"money": {"currency": USD, "amount": 5e7}}),
        ("M6", "GPE", "The two countries", "The two countries also pushed", {}),
    ], [
        ("EV1", "Visit", "international tour", "In his first international tour", [("Visitor", "M1")],
         {"cluster": "C-diaz-canel-russia"}),
        ("EV2", "Loan", "loan", "military loan from Russia", [("Lender", "M3"), ("Borrower", "M1"), ("Amount", "M2")],
         {"cluster": "C-loan-50m", "attributes": {"realis": "other", "polarity": "positive", "tense": "past"}}),
        ("EV3", "Agreement", "arms deal", "new arms deal", [("Party", "M6")], {}),
        ("EV4", "Loan", "loan", "military loan that Cuba", [("Lender", "M3"), ("Borrower", "M4"), ("Amount", "M5")],
         {"cluster": "C-loan-50m"}),
    ]),
    "002_9f5bde1575a982ea": ("2018-11", [
        ("M1", "PER", "Cuban President Miguel Diaz Canel", None, {}),
        ("M2", "PER", "Russian President Vladimir Putin", "talks with Russian President Vladimir Putin", {}),
        ("M3", "GPE", "Moscow", "Putin in Moscow on", {}),
        ("M4", "GPE", "Russia", "his visit to Russia", {}),
        ("M5", "PER", "Russian Prime Minister Dmitri Medvedev", None, {}),
        ("M6", "GPE", "Russian", "Russian Prime Minister", {}),
        ("M7", "GPE", "Cuba", "paid a visit to Cuba", {}),
    ], [
        ("EV1", "Visit", "visit", "during his visit to Russia", [("Visitor", "M1"), ("Destination", "M4")],
         {"cluster": "C-diaz-canel-russia"}),
        ("EV2", "Visit", "paid a visit", None, [("Visitor", "M5"), ("Destination", "M7")], {}),
        ("EV3", "Agreement", "signed", "and signed major agreements", [("Party", "M5")], {}),
    ]),
    "003_f62a42b9fa6b0284": ("2018-11-02", [
        ("M1", "PER", "The presidents of Russia and Cuba", None, {}),
        ("M2", "GPE", "Russia", "presidents of Russia and", {}),
        ("M3", "GPE", "Moscow", "talks in Moscow", {}),
        ("M4", "TIME", "November 2", "Moscow on November 2", {"time": {"value": "2018-11-02"}}),
        ("M5", "PER", "Cuban President Miguel Diaz-Canel", "2, Cuban President Miguel Diaz-Canel", {}),
    ], [
        ("EV1", "Statement", "vowed", "have vowed", [("Speaker", "M1")], {}),
        ("EV2", "Statement", "denounced", None, [("Speaker", "M1")], {}),
        ("EV3", "Visit", "visit", "The visit comes", [("Visitor", "M5")], {"cluster": "C-diaz-canel-russia"}),
        ("EV4", "Statement", "statement", "joint statement following",
         [("Speaker", "M5"), ("Time", "M4"), ("Place", "M3")], {}),
    ]),
    "004_89f191f0531604d2": ("2018-10-29", [
        ("M1", "PER", "Cuba’s president", "Cuba’s president arrives", {}),
        ("M2", "GPE", "Moscow", "arrives in Moscow", {}),
        ("M3", "PER", "Russia’s Deputy Prime Minister Yuri Borisov", None, {}),
        ("M4", "GPE", "Moscow", "said Moscow signed", {}),
        ("M5", "MONEY", "over $260 million", None, {"money": {"currency": USD, "min": 2.6e8}}),
        ("M6", "GPE", "Havana", "this week in Havana", {}),
    ], [
        ("EV1", "Visit", "arrives", "president arrives in", [("Visitor", "M1"), ("Destination", "M2")],
         {"cluster": "C-diaz-canel-russia"}),
        ("EV2", "Statement", "said", "Borisov said", [("Speaker", "M3")], {}),
        ("EV3", "Agreement", "signed", "Moscow signed deals", [("Party", "M4"), ("Value", "M5"), ("Place", "M6")],
         {}),
    ]),
}


def seed_document(doc_id: str) -> Document:
    """One seed article with its hand annotation (annotator "gold", adjudicated)."""
    text = (SEEDS / f"{doc_id}.txt").read_bytes().decode("utf-8")
    dct, mention_specs, event_specs = SEED_ANNOTATIONS[doc_id]
    mentions = []
    for mid, type_, needle, context, extra in mention_specs:
        fields = dict(extra)
        if "time" in fields:
            fields["time"] = TimeValue(**fields["time"])
        if "money" in fields:
            fields["money"] = MoneyValue(**fields["money"])
        mentions.append(Mention(id=mid, type=type_, **locate(text, needle, context), **fields))
    events = []
    for eid, type_, needle, context, arguments, extra in event_specs:
        fields = dict(extra)
        attributes = Attributes(**fields.pop("attributes")) if "attributes" in fields else Attributes.default()
        events.append(EVENT_TYPES[type_](
            id=eid, trigger=Span(**locate(text, needle, context)), attributes=attributes,
            arguments=[Argument(role=role, mention=mention) for role, mention in arguments], **fields))
    return Document(
        id=doc_id, text=text,
        source=Source(file_name=f"{doc_id}.txt", sha256=sha256_text(text), dct=CreationTime(value=dct, method="inferred")),
        annotation=AnnotationInfo(annotator="gold", status="adjudicated"),
        mentions=mentions, events=events,
    )


def seed_documents(with_sample: bool = True) -> list[Document]:
    """The five annotated seeds, then (by default) ``conftest``'s emoji sample document."""
    docs = [seed_document(doc_id) for doc_id in sorted(SEED_ANNOTATIONS)]
    return docs + ([build_sample_document()] if with_sample else [])


def test_seed_annotations_are_exact_and_non_ascii():
    docs = seed_documents()
    assert len(docs) == 6 and sum(len(d.events) for d in docs) == 23
    for doc in docs:
        for item in [*doc.mentions, *(e.trigger for e in doc.events)]:
            assert span_problem(doc.text, item.start, item.end, item.text) is None
        ids = doc.mentions_by_id()
        assert all(a.mention in ids for e in doc.events for a in e.arguments)
    joined = "".join(d.text for d in docs)
    for char in ("í", "’", "“", "\U0001F1F7"):
        assert char in joined
    # The Díaz-Canel visit is one real-world event reported by each of the five seeds.
    assert sum(1 for d in docs for e in d.events if e.cluster == "C-diaz-canel-russia") == 5
