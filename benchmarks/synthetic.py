"""A synthetic corpus shaped like the real one, for benchmarks (and for tests that need volume).

:func:`synthetic_documents` yields valid :class:`schema.Document` objects: 2-4 KB texts with the
non-ASCII characters of the seed articles (accents, curly quotes, non-breaking spaces) and an emoji,
about 40 mentions and 12 events of all four types, with entity ids, hoppers and cross-document
clusters. The same ``(n, seed)`` always gives the same documents. Every document passes
``annotate validate`` without warnings.

    from benchmarks.synthetic import synthetic_documents, write_synthetic_corpus
    write_synthetic_corpus("/tmp/synthetic.jsonl", 2000)
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

from schema import (
    AnnotationInfo, Argument, Attributes, CreationTime, Document, Mention, MoneyValue, Polarity, Realis, Source,
    Span, Tense, TimeValue, make_span,
)
from schema.events import EVENT_TYPES

PEOPLE = ["Miguel Díaz-Canel", "Vladimir Putin", "Xi Jinping", "Nicolás Maduro", "Recep Tayyip Erdoğan",
          "Angela Merkel", "Emmanuel Macron", "Narendra Modi", "Jair Bolsonaro", "Cyril Ramaphosa",
          "Sergei Lavrov", "Mike Pompeo", "Federica Mogherini", "Shinzō Abe"]
ORGS = ["the World Bank", "the International Monetary Fund", "Rosneft", "the Export-Import Bank of China",
        "the Kremlin", "the European Commission", "Gazprom", "the Ministry of Finance", "NATO", "OPEC"]
PLACES = ["Moscow", "Havana", "Beijing", "Caracas", "Ankara", "Berlin", "Paris", "New Delhi", "Brasília",
          "Pretoria", "Cuba", "Venezuela", "Turkey", "São Paulo", "Bogotá"]
TOPICS = ["energy cooperation", "the modernization of the railway network", "military equipment",
          "trade and investment", "the nuclear deal", "debt restructuring", "oil exploration",
          "the construction of a power plant", "regional security", "climate policy"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
FILLERS = [
    "The visit comes amid growing tensions over sanctions, analysts said.",
    "“We are open to dialogue,” a spokesman told reporters, declining to give details.",
    "Observers in the region described the talks as “constructive but difficult.”",
    "The ministry’s statement did not mention the dispute over tariffs.",
    "Critics argue that such deals increase the country’s dependence on foreign creditors.",
    "Officials declined to comment on the timing of the next round of negotiations.",
    "Relations between the two countries have improved since 2015.\u00a0Trade doubled in three years.",
    "Markets reacted calmly to the news \U0001F1F7\U0001F1FA, with the rouble little changed.",
]


class _Builder:
    """Accumulates text and the mentions placed in it, using exact spans only."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.pending: list[tuple[str, int, int, dict]] = []  # (kind, start, end, extra)

    def add(self, piece: str, kind: str | None = None, **extra: object) -> tuple[int, int]:
        start = self.size
        self.parts.append(piece)
        self.size += len(piece)
        if kind is not None:
            self.pending.append((kind, start, self.size, extra))
        return start, self.size


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:]


def _time(rng: random.Random, year: int) -> tuple[str, TimeValue]:
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 29)
    if rng.random() < 0.7:
        return f"{MONTHS[month - 1]} {day}", TimeValue(value=f"{year}-{month:02d}-{day:02d}")
    return f"{MONTHS[month - 1]} {year}", TimeValue(value=f"{year}-{month:02d}")


def _money(rng: random.Random) -> tuple[str, MoneyValue]:
    millions = rng.choice([50, 120, 260, 500, 1200, 3000])
    currency, sign = rng.choice([("USD", "$"), ("EUR", "€")])
    if rng.random() < 0.3:
        return f"about {sign}{millions}\u00a0million", MoneyValue(currency=currency, amount=millions * 1e6,
                                                                  approximate=True)
    return f"{sign}{millions}\u00a0million", MoneyValue(currency=currency, amount=millions * 1e6)


def synthetic_document(index: int, rng: random.Random, *, events: int = 12) -> Document:
    """One synthetic document (see the module docstring); ``rng`` drives every choice."""
    year = rng.choice([2017, 2018, 2019])
    b = _Builder()
    mentions: list[Mention] = []
    event_models = []
    entity_of: dict[str, str] = {}

    def mention(surface: str, mtype: str, **extra: object) -> str:
        start, end = b.add(surface)
        mid = f"M{len(mentions) + 1}"
        fields = make_span(text_so_far(), start, end)
        if mtype in ("PER", "ORG", "GPE"):
            extra.setdefault("entity", entity_of.setdefault(surface, f"E{len(entity_of) + 1}"))
        mentions.append(Mention(id=mid, type=mtype, **fields, **extra))
        return mid

    def text_so_far() -> str:
        return "".join(b.parts)

    def trigger(word: str) -> Span:
        start, end = b.add(word)
        return Span(**make_span(text_so_far(), start, end))

    b.add(f"{rng.choice(PLACES).upper()} — ")
    # a later event may join the hopper of events[number % 4]; it then names the same actors and amount,
    # as two mentions of one real-world event do (guidelines 9.1: no hopper-contradicting-arguments)
    actors: dict[int, dict[str, object]] = {}
    for number in range(events):
        kind = ("Visit", "Loan", "Agreement", "Statement")[number % 4]
        joins = number >= 8 and rng.random() < 0.5
        same = actors.get(number % 4, {}) if joins else {}
        chosen = actors.setdefault(number, {})

        def pick(key: str, choose):
            chosen[key] = same[key] if key in same else choose()
            return chosen[key]

        args: list[tuple[str, str]] = []
        if kind == "Visit":
            args.append(("Visitor", mention(pick("person", lambda: rng.choice(PEOPLE)), "PER")))
            b.add(" ")
            trig = trigger("arrived")
            b.add(" in ")
            args.append(("Destination", mention(rng.choice(PLACES), "GPE")))
            b.add(" on ")
            surface, value = _time(rng, year)
            args.append(("Time", mention(surface, "TIME", time=value)))
            b.add(" for talks on ")
            args.append(("Purpose", mention(rng.choice(TOPICS), "TOPIC")))
            b.add(". ")
        elif kind == "Loan":
            args.append(("Lender", mention(pick("org", lambda: _capitalized(rng.choice(ORGS))), "ORG")))
            b.add(" extended a ")
            surface, value = pick("money", lambda: _money(rng))
            args.append(("Amount", mention(surface, "MONEY", money=value)))
            b.add(" ")
            trig = trigger("loan")
            b.add(" to ")
            args.append(("Borrower", mention(pick("place", lambda: rng.choice(PLACES)), "GPE")))
            b.add(" for ")
            args.append(("Purpose", mention(rng.choice(TOPICS), "TOPIC")))
            b.add(". ")
        elif kind == "Agreement":
            first, second = rng.sample(PLACES, 2)
            args.append(("Party", mention(first, "GPE")))
            b.add(" and ")
            args.append(("Party", mention(second, "GPE")))
            b.add(" ")
            trig = trigger("signed")
            b.add(" an agreement on ")
            args.append(("Topic", mention(rng.choice(TOPICS), "TOPIC")))
            b.add(". ")
        else:
            args.append(("Speaker", mention(pick("person", lambda: rng.choice(PEOPLE)), "PER")))
            b.add(" ")
            trig = trigger("said")
            b.add(" on ")
            surface, value = _time(rng, year)
            args.append(("Time", mention(surface, "TIME", time=value)))
            b.add(" that ")
            args.append(("Topic", mention(rng.choice(TOPICS), "TOPIC")))
            b.add(" remained a priority. ")
        for filler in rng.sample(FILLERS, rng.choice((1, 2, 3))):
            b.add(filler + " ")
        realis = Realis.ACTUAL if rng.random() < 0.8 else Realis.OTHER
        attributes = Attributes(realis=realis, polarity=Polarity.POSITIVE,
                                tense=Tense.PAST if realis is Realis.ACTUAL else Tense.FUTURE)
        extra = {}
        if rng.random() < 0.3:
            extra["cluster"] = f"C-{kind}-{rng.randrange(50)}"
        if joins:
            extra["coref"] = f"H{number % 4 + 1}"  # same type as events[number % 4]
        if number < 4 and rng.random() < 0.5:
            extra["coref"] = f"H{number + 1}"
        event_models.append(EVENT_TYPES[kind](
            id=f"EV{number + 1}", trigger=trig, attributes=attributes,
            arguments=[Argument(role=role, mention=mid) for role, mid in args], **extra))
    b.add(rng.choice(FILLERS))
    text = text_so_far()
    doc_id = f"syn_{index:06d}"
    return Document(
        id=doc_id, text=text,
        source=Source(file_name=f"{doc_id}.txt", sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                      title=f"Synthetic article {index}", publisher="Synthetic News",
                      dct=CreationTime(value=f"{year}-12-31", method="inferred")),
        annotation=AnnotationInfo(annotator="gold", status="adjudicated"),
        mentions=mentions, events=event_models,
    )


def synthetic_documents(n: int, *, seed: int = 0) -> Iterator[Document]:
    """Yield ``n`` valid synthetic documents (ids ``syn_000000``...), reproducibly for one ``seed``."""
    rng = random.Random(seed)
    for index in range(n):
        yield synthetic_document(index, rng)


def write_synthetic_corpus(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write ``n`` synthetic documents to ``path`` as corpus JSONL (atomically); returns the path."""
    from annotate.jsonl import write_documents

    write_documents(path, synthetic_documents(n, seed=seed))
    return Path(path)
