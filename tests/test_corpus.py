"""The committed gold corpus: sources byte for byte, registry, gold records, validation, coverage.

These tests read ``corpus/`` as committed; they fail when a raw article is changed, the registry or a
gold text drifts from its article, the validator finds anything (error or warning), or the gold
breaks one of the conventions of ``guidelines.md`` that can be checked mechanically.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict

import pytest

from annotate.corpus import Corpus, sha256_text
from annotate.jsonl import read_documents
from schema import EVENT_TYPES, Document, MentionType

from conftest import REPO, run_annotate

CORPUS = Corpus(REPO / "corpus")
SEED_IDS = [
    "000_0850c832f78e4e8b", "001_0cefdf8c56bef465", "002_9f5bde1575a982ea", "003_f62a42b9fa6b0284",
    "004_89f191f0531604d2",
]
REQUIRED = {(name, role.name) for name, cls in EVENT_TYPES.items() for role in cls.ROLES if role.required}


@pytest.fixture(scope="module")
def gold() -> list[Document]:
    return list(read_documents(CORPUS.gold_path))


@pytest.fixture(scope="module")
def registry():
    return CORPUS.registry()


# -- sources ------------------------------------------------------------------------------------------

#: sha256 of the five seed articles as first collected: a changed raw byte fails here even when the
#: registry is changed with it.
SEED_SHA256 = {
    "000_0850c832f78e4e8b": "596935c848375d3f8af659173cf8f29f7834479c4c5871fd387c1899e9f846ed",
    "001_0cefdf8c56bef465": "fc2489a9471a391131cb3c6d7d810007b04f175c9bdcf49f8c94b4513aa3edf7",
    "002_9f5bde1575a982ea": "8ad59f834ab38ec63c76b6b6c2aa7d1334796d606afa1c9fa642ec6b71c1ebf1",
    "003_f62a42b9fa6b0284": "f7ecd9eb0f0967e33918c21968fdc8ef69de95f49395f96e24181906e1598043",
    "004_89f191f0531604d2": "ef9913d0b20031511bf0a26f21b2a1dfcc105cef23afc04eeb7715fd47c22559",
}


@pytest.mark.parametrize("doc_id", SEED_IDS)
def test_raw_article_is_the_seed_byte_for_byte(doc_id: str) -> None:
    assert hashlib.sha256(CORPUS.raw_path(doc_id).read_bytes()).hexdigest() == SEED_SHA256[doc_id]


def test_raw_folder_holds_exactly_the_seed_articles() -> None:
    assert sorted(p.stem for p in CORPUS.raw_dir.glob("*.txt")) == SEED_IDS


def test_registry_describes_every_article(registry) -> None:
    assert list(registry) == SEED_IDS
    for doc_id, source in registry.items():
        text = CORPUS.raw_text(doc_id)
        assert source.sha256 == sha256_text(text) == hashlib.sha256(
            CORPUS.raw_path(doc_id).read_bytes()).hexdigest()
        assert source.file_name == f"{doc_id}.txt"
        if source.title is not None:
            assert source.title in text, f"{doc_id}: the title must come from the text"
        assert source.dct is not None and source.dct.method.value in {"stated", "inferred"}
        assert source.dct.note and len(source.dct.note) > 80, f"{doc_id}: the DCT needs a note saying how"


def test_registry_names_publishers_only_where_the_text_does(registry) -> None:
    expected = {"001_0cefdf8c56bef465": "IR Insider", "002_9f5bde1575a982ea": "VOVWORLD",
                "003_f62a42b9fa6b0284": "Periódico Digital Centroamericano y del Caribe",
                "004_89f191f0531604d2": "CGTN"}
    for doc_id, source in registry.items():
        if doc_id in expected:
            assert source.publisher and expected[doc_id] in source.publisher
            assert expected[doc_id] in CORPUS.raw_text(doc_id)
        else:
            assert source.publisher is None


def test_mixed_year_articles_say_so_in_their_dct_note(registry) -> None:
    assert registry["002_9f5bde1575a982ea"].dct.value.startswith("2019-10")
    assert "2018" in registry["002_9f5bde1575a982ea"].dct.note
    note = registry["003_f62a42b9fa6b0284"].dct.note
    assert registry["003_f62a42b9fa6b0284"].dct.value == "2019-10"
    assert "2018" in note and "2020-05-09" in note


# -- gold records ---------------------------------------------------------------------------------------

def test_gold_has_one_adjudicated_record_per_article_sorted_by_id(gold, registry) -> None:
    assert [doc.id for doc in gold] == SEED_IDS
    for doc in gold:
        assert doc.annotation.annotator == "gold"
        assert doc.annotation.status.value == "adjudicated"
        assert doc.source == registry[doc.id]


def test_gold_lines_are_canonical(gold) -> None:
    lines = CORPUS.gold_path.read_text(encoding="utf-8").splitlines()
    assert lines == [doc.to_json() for doc in gold]


@pytest.mark.parametrize("index", range(len(SEED_IDS)))
def test_gold_text_is_the_raw_article(gold, index: int) -> None:
    doc = gold[index]
    assert doc.text == CORPUS.raw_text(doc.id)
    assert doc.text.encode("utf-8") == CORPUS.raw_path(doc.id).read_bytes()


def test_gold_passes_annotate_validate_without_errors() -> None:
    """Levels 1-4 give no error and no warning; level 5 (GUIDELINES) no error and only the warnings that
    corpus/README.md lists with their reasons (tests/test_validate_guidelines.py checks the list)."""
    result = run_annotate("validate", "corpus", "--format", "json", "--level", "4")
    assert json.loads(result.stdout)["summary"]["warnings"] == 0, result.stdout.decode()
    result = run_annotate("validate", "corpus", "--format", "json")
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    summary = json.loads(result.stdout)["summary"]
    assert summary["ok"] is True
    # the gold, plus one file per document for every annotation set under corpus/annotations/
    annotation_sets = [p for p in (REPO / "corpus" / "annotations").glob("*") if p.is_dir()]
    assert summary["documents"] == len(SEED_IDS) * (1 + len(annotation_sets))
    assert summary["errors"] == 0, summary
    assert set(summary["by_test"]) <= {"unused-date", "hopper-contradicting-arguments"}, summary


def test_text_report_says_passed() -> None:
    result = run_annotate("validate", "--corpus", "corpus", "corpus/gold.jsonl")
    assert result.returncode == 0
    assert "*** PASSED *** (5 documents, 5 warnings)" in result.stdout.decode()


# -- coverage and conventions of guidelines.md ------------------------------------------------------------

def test_every_event_type_occurs(gold) -> None:
    counts = defaultdict(int)
    for doc in gold:
        for event in doc.events:
            counts[event.type] += 1
    assert set(counts) == set(EVENT_TYPES)
    assert all(n >= 5 for n in counts.values()), dict(counts)


def test_every_realis_value_occurs_and_generic_tense_is_unspecified(gold) -> None:
    seen = set()
    for doc in gold:
        for event in doc.events:
            seen.add(event.attributes.realis.value)
            if event.attributes.realis.value == "generic":
                assert event.attributes.tense.value == "unspecified", (doc.id, event.id)
    assert seen == {"actual", "generic", "other"}
    assert any(e.attributes.polarity.value == "negative" for d in gold for e in d.events)


def test_clusters_span_several_documents_and_one_type(gold) -> None:
    docs, types = defaultdict(set), defaultdict(set)
    for doc in gold:
        for event in doc.events:
            if event.cluster:
                docs[event.cluster].add(doc.id)
                types[event.cluster].add(event.type)
    assert docs, "the gold should link events across documents"
    for cluster, where in docs.items():
        assert len(where) >= 2, f"{cluster} occurs only in {where}"
        assert len(types[cluster]) == 1, f"{cluster} mixes {types[cluster]}"
        assert cluster.startswith(f"C-{next(iter(types[cluster])).lower()}-"), cluster
    assert docs["C-visit-diazcanel-russia-2018-11"] == set(SEED_IDS)
    assert docs["C-loan-russia-cuba-usd50m-2018"] == {SEED_IDS[0], SEED_IDS[1]}


def test_hoppers_are_complete_and_agree_on_cluster(gold) -> None:
    for doc in gold:
        cluster_of: dict[str, str | None] = {}
        for event in doc.events:
            assert event.coref, f"{doc.id} {event.id}: every event has a hopper id"
            assert cluster_of.setdefault(event.coref, event.cluster) == event.cluster, (doc.id, event.coref)


def test_mentions_are_argument_centric_and_entities_linked(gold) -> None:
    for doc in gold:
        used = {arg.mention for event in doc.events for arg in event.arguments}
        for mention in doc.mentions:
            assert mention.id in used, f"{doc.id} {mention.id} {mention.text!r} fills no argument"
            if mention.type.is_entity:
                assert mention.entity, f"{doc.id} {mention.id}: entity mentions carry an entity id"


def test_ids_follow_text_order(gold) -> None:
    for doc in gold:
        assert [m.id for m in doc.mentions] == [f"M{i}" for i in range(1, len(doc.mentions) + 1)]
        assert [e.id for e in doc.events] == [f"EV{i}" for i in range(1, len(doc.events) + 1)]
        starts = [m.start for m in doc.mentions]
        assert starts == sorted(starts)
        assert [e.trigger.start for e in doc.events] == sorted(e.trigger.start for e in doc.events)


EDGE = set(",;:!?\"“”‘’«»")


def test_spans_exclude_edge_quotes_and_punctuation(gold) -> None:
    for doc in gold:
        for span in [*doc.mentions, *(e.trigger for e in doc.events)]:
            assert span.text[0] not in EDGE and span.text[-1] not in EDGE, (doc.id, span.text)
            assert span.text == span.text.strip()


def test_optional_roles_come_from_the_trigger_paragraph(gold) -> None:
    """Optional roles are sentence-scoped (guidelines 5.1): at least never across a line break."""
    for doc in gold:
        mentions = doc.mentions_by_id()
        for event in doc.events:
            for arg in event.arguments:
                if (event.type, arg.role) in REQUIRED:
                    continue
                filler = mentions[arg.mention]
                lo, hi = min(filler.start, event.trigger.start), max(filler.end, event.trigger.end)
                assert "\n" not in doc.text[lo:hi], (doc.id, event.id, arg.role, filler.text)


def test_time_and_money_values(gold) -> None:
    values = {}
    for doc in gold:
        for mention in doc.mentions:
            if mention.type is MentionType.TIME:
                values[(doc.id[:3], mention.text)] = (mention.time.value, mention.time.anchor)
            if mention.type is MentionType.MONEY:
                assert mention.money.currency in {"USD", "EUR"}
    assert values[("000", "November 2")] == ("2018-11-02", "dct")
    assert values[("002", "Tuesday")] == ("2019-10-29", "dct")
    assert values[("002", "November 2, 2018")] == ("2018-11-02", "none")
    assert values[("003", "November 2")] == ("2018-11-02", "dct")
    assert values[("003", "May 9 next year")] == ("2020-05-09", "dct")
    assert values[("004", "this week")] == ("2018-W44", "dct")


def test_quoted_guideline_decisions_hold_in_the_gold(gold) -> None:
    """A few decisions of guidelines.md, checked on the events they are about."""
    by_doc = {doc.id[:3]: doc for doc in gold}

    def events(doc_key: str, trigger: str):
        doc = by_doc[doc_key]
        return doc, [e for e in doc.events if e.trigger.text == trigger]

    # light verbs: the noun is the trigger, never the support verb
    for doc in gold:
        assert not any(e.trigger.text in {"paid", "held", "extended", "secure"} for e in doc.events)
    # a vow is a Statement
    doc, vows = events("000", "vowed")
    assert [e.type for e in vows] == ["Statement"]
    # talks during a visit are a mention of the visit
    doc, talks = events("002", "talks")
    doc, visits = events("002", "visit")
    assert talks[0].type == "Visit" and talks[0].coref == visits[0].coref
    # "urged ... to not withdraw": an Agreement, other, negative, future
    doc, withdraw = events("001", "withdraw")
    negative = [e for e in withdraw if e.attributes.polarity.value == "negative"]
    assert len(negative) == 1 and negative[0].type == "Agreement"
    assert (negative[0].attributes.realis.value, negative[0].attributes.tense.value) == ("other", "future")
    # the loan under negotiation is a Loan with realis other; the accord is the same Loan
    doc, loans = events("003", "loan")
    doc, accords = events("003", "accord")
    assert loans[0].attributes.realis.value == "other" and accords[0].type == "Loan"
    assert accords[0].coref == loans[0].coref
    # "new deals" is generic
    doc, deals = events("000", "deals")
    assert deals[0].attributes.realis.value == "generic"


def test_corpus_readme_counts_match_the_gold(gold) -> None:
    """corpus/README.md states the gold's figures; they must stay true when the gold changes."""
    readme = (REPO / "corpus" / "README.md").read_text(encoding="utf-8")
    events = [e for doc in gold for e in doc.events]
    by_type = defaultdict(int)
    attrs = defaultdict(int)
    for e in events:
        by_type[e.type] += 1
        for name in ("realis", "polarity", "tense"):
            attrs[(name, getattr(e.attributes, name).value)] += 1
    mentions = sum(len(doc.mentions) for doc in gold)
    entities = sum(len({m.entity for m in doc.mentions if m.entity}) for doc in gold)
    assert f"| **{len(events)}** | **{mentions}** | **{entities}** |" in readme
    expected = ", ".join(f"{t} {by_type[t]}" for t in sorted(by_type, key=lambda t: (-by_type[t], t)))
    assert f"Events by type: {expected}." in readme.replace("\n  ", " ")
    flat = re.sub(r"\s+", " ", readme)
    for (name, value), count in attrs.items():
        if name == "tense" or (name == "realis"):
            assert f"{value} {count}" in flat, (name, value, count)
    for doc in gold:
        row = next(line for line in readme.splitlines() if line.startswith(f"| `{doc.id}`"))
        n_entities = len({m.entity for m in doc.mentions if m.entity})
        assert row.endswith(f"| {len(doc.events)} | {len(doc.mentions)} | {n_entities} |"), row
