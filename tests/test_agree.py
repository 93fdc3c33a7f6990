"""``annotate agree``: hand-computed agreement figures, checked against scikit-learn and krippendorff."""

from __future__ import annotations

import json
import random
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotate.evaluate.agree import agree, agree_documents, cohen_kappa, krippendorff_alpha_nominal
from annotate.errors import DataError, UsageError
from conftest import SAMPLE_TEXT, build_sample_document, run_annotate
from schema import TimeValue
from test_score import SAMPLE_MENTIONS, benchmark_module, make_doc, write_jsonl


def alice(doc_id: str = "sample-1"):
    """The sample's annotation with some attribute variation: Loan realis other, Agreement tense future."""
    return make_doc(SAMPLE_MENTIONS, [
        ("EV1", "Visit", "arrived", [("Visitor", "M1"), ("Destination", "M2"), ("Time", "M3")]),
        ("EV2", "Loan", "loan", [("Lender", "M4"), ("Borrower", "M6"), ("Amount", "M5"), ("Purpose", "M7")],
         {"realis": "other"}),
        ("EV3", "Statement", "said", [("Speaker", "M8")]),
        ("EV4", "Agreement", "signed", [("Party", "M9"), ("Topic", "M10")], {"tense": "future"}),
    ], doc_id=doc_id, annotator="alice")


def bob(doc_id: str = "sample-1", *, borrower: bool = False):
    """A second annotator who disagrees in hand-picked ways (see test_hand_computed_pair).

    bob's Loan (realis other) has no Borrower, which ``annotate validate`` refuses (missing-required-role),
    so the commands refuse such a file: files get ``borrower=True``, where bob's Loan names Cuba as alice's.
    """
    mentions = [
        ("B1", "Díaz-Canel", "PER"), ("B2", "Moscow", "GPE"),
        ("B3", "November 1", "TIME", {"time": TimeValue(value="2018-11-02")}),
        ("B4", "The Russian government", "GPE"),
        ("B5", "$50\u00a0million", "MONEY", {"money": {"currency": "USD", "amount": 50_000_000}}),
        ("B7", "purchase of military equipment", "TOPIC"),  # overlaps alice's "the purchase of ..."
        ("B8", "Putin", "PER"), ("B9", "the two countries", "ORG"),  # alice: GPE
        ("B10", "transport", "TOPIC"),
        # no "Cuba" (unless borrower)
    ] + ([("B6", "Cuba", "GPE")] if borrower else [])
    return make_doc(mentions, [
        ("E1", "Visit", "arrived", [("Visitor", "B1"), ("Destination", "B2"), ("Time", "B3")],
         {"realis": "other", "tense": "future"}),
        ("E2", "Loan", "million loan", [("Lender", "B4"), ("Amount", "B5"), ("Purpose", "B7")]
         + ([("Borrower", "B6")] if borrower else []), {"realis": "other"}),
        ("E3", "Statement", "said", [("Speaker", "B8")], {"polarity": "negative"}),
        ("E4", "Statement", "signed", [("Speaker", "B9")], {"tense": "future"}),
    ], doc_id=doc_id, annotator="bob")


def test_hand_computed_pair():
    result = agree_documents(alice(), bob())
    f1 = {name: (c.a, c.b, c.matched) for name, c in result.f1.items()}
    # Entity mentions: alice {Díaz-Canel PER, Moscow GPE, government GPE, Cuba GPE, Putin PER,
    # two countries GPE} = 6; bob lacks Cuba and has two countries as ORG: 5; matched 4. F1 = 8/11.
    assert f1["entity_mentions"] == (6, 5, 4)
    assert result.f1["entity_mentions"].f1 == pytest.approx(8 / 11)
    # Values: {November 1, $50 million, the purchase..., transport} vs {..., purchase...}: 3 of 4.
    assert f1["value_mentions"] == (4, 4, 3)
    # Triggers: {arrived, loan, said, signed} vs {arrived, million loan, said, signed}: 3 matched.
    assert f1["triggers"] == (4, 4, 3) and result.f1["triggers"].f1 == 0.75
    # With types: "signed" is Agreement vs Statement: 2 matched, F1 0.5.
    assert f1["triggers_typed"] == (4, 4, 2) and result.f1["triggers_typed"].f1 == 0.5
    # Arguments exact: alice 10, bob 8 (3 + 3 + 1 + 1); only arrived's three and said's Speaker share
    # trigger span, role and filler span: 4 matched, F1 8/18.
    assert f1["arguments_exact"] == (10, 8, 4)
    assert result.f1["arguments_exact"].f1 == pytest.approx(4 / 9)
    # Overlapping: "loan" ~ "million loan" brings Lender, Amount and Purpose ("the purchase..." ~
    # "purchase..."); "signed" Party vs Speaker still differ by role: 7 matched, F1 14/18.
    assert f1["arguments_overlap"] == (10, 8, 7)
    assert result.f1["arguments_overlap"].f1 == pytest.approx(7 / 9)
    # Matched events (overlapping triggers): arrived, loan/million loan, said, signed.
    realis = [("actual", "other"), ("other", "other"), ("actual", "actual"), ("actual", "actual")]
    tense = [("past", "future"), ("past", "past"), ("past", "past"), ("future", "future")]
    polarity = [("positive", "positive"), ("positive", "positive"), ("positive", "negative"), ("positive", "positive")]
    assert result.attribute_pairs == {"realis": realis, "polarity": polarity, "tense": tense}
    # Tense by hand: p_o = 3/4; alice past 3/4 future 1/4, bob past 1/2 future 1/2: p_e = 1/2; kappa 1/2.
    assert result.kappa("tense") == pytest.approx(0.5)
    assert result.kappa("polarity") == pytest.approx(0.0)  # alice always positive: p_e = p_o = 3/4
    for name, pairs in result.attribute_pairs.items():
        a, b = zip(*pairs)
        assert result.kappa(name) == pytest.approx(cohen_kappa_score(a, b)), name
    # Event type units: arrived (Visit, Visit), loan (Loan, -), million loan (-, Loan),
    # said (Statement, Statement), signed (Agreement, Statement). Coincidences: VV 2, SS 2, AS 1, SA 1;
    # n_V 2, n_S 3, n_A 1, n 6: alpha = 1 - 5 * 2 / (36 - 4 - 9 - 1) = 12/22.
    assert result.event_type_alpha == pytest.approx(12 / 22)
    data = np.array([[0, 1, np.nan, 2, 3], [0, np.nan, 1, 2, 2]], dtype=float)  # V=0 L=1 S=2 A=3
    assert result.event_type_alpha == pytest.approx(krippendorff.alpha(reliability_data=data,
                                                                       level_of_measurement="nominal"))
    # Normalization: the exact-matched Time argument differs (2018-11-01 vs 2018-11-02); no Amount is
    # matched exactly (the triggers differ), so money agreement is undefined.
    assert result.normalization == {"time": [1, 0], "money": [0, 0]}
    json_out = result.to_json()
    assert json_out["normalization"]["money"]["agreement"] is None
    assert json_out["normalization"]["time"]["agreement"] == 0.0


@pytest.mark.filterwarnings("ignore::UserWarning")  # sklearn warns that kappa is undefined, as it is
def test_identical_sets_agree_perfectly_and_undefined_kappa_is_none():
    result = agree_documents(alice(), alice())
    assert all(c.f1 == 1.0 for c in result.f1.values())
    assert result.kappa("realis") == pytest.approx(1.0)  # two categories used: defined
    assert result.kappa("polarity") is None  # one category throughout: undefined (sklearn gives nan)
    assert np.isnan(cohen_kappa_score(["positive"] * 4, ["positive"] * 4))
    assert result.event_type_alpha == 1.0


def test_coefficients_match_the_reference_packages_on_random_data():
    rng = random.Random(5)
    for _ in range(300):
        n = rng.randint(2, 25)
        a = [rng.choice("xyz") for _ in range(n)]
        b = [x if rng.random() < 0.6 else rng.choice("xyz") for x in a]
        ours = cohen_kappa(list(zip(a, b)))
        if ours is None:
            assert len(set(a) | set(b)) == 1
        else:
            assert ours == pytest.approx(cohen_kappa_score(a, b))
        coders = rng.randint(2, 4)
        units = [[rng.choice(["Visit", "Loan", "Statement", None]) for _ in range(coders)] for _ in range(n)]
        codes = {"Visit": 0, "Loan": 1, "Statement": 2}
        data = np.array([[np.nan if u[c] is None else codes[u[c]] for u in units] for c in range(coders)])
        ours = krippendorff_alpha_nominal(units)
        if ours is None:
            continue
        assert ours == pytest.approx(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_pooled_over_documents_and_three_sets(tmp_path):
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1"), alice("d2")])
    b = write_jsonl(tmp_path / "bob.jsonl", [bob("d1", borrower=True), alice("d2")])
    c = write_jsonl(tmp_path / "carol.jsonl", [bob("d1", borrower=True)])  # carol did only d1
    report = agree([a, b, c])
    assert report.sets == ["alice", "bob", "carol"]
    assert [(p.a, p.b) for p in report.pairs] == [("alice", "bob"), ("alice", "carol"), ("bob", "carol")]
    ab = report.pair("alice", "bob")
    assert ab.overall.documents == 2 and set(ab.documents) == {"d1", "d2"}
    # Pooled: d1 as in test_hand_computed_pair plus d2 identical (4 triggers, 4 matched).
    assert (ab.overall.f1["triggers"].a, ab.overall.f1["triggers"].matched) == (8, 7)
    tense = [("past", "future"), ("past", "past"), ("past", "past"), ("future", "future"),
             ("past", "past"), ("past", "past"), ("past", "past"), ("future", "future")]
    assert ab.overall.kappa("tense") == pytest.approx(cohen_kappa_score(*zip(*tense)))
    assert report.pair("alice", "carol").overall.documents == 1
    assert report.partial_documents == {"d2": ["alice", "bob"]}
    # Alpha over the three sets on d1 (the only document all three have): units
    # arrived (V, V, V), loan (L, -, -), million loan (-, L, L), said (S, S, S), signed (A, S, S).
    data = np.array([[0, 1, np.nan, 2, 3], [0, np.nan, 1, 2, 2], [0, np.nan, 1, 2, 2]], dtype=float)
    assert report.event_type_alpha_all == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def test_errors(tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", [alice("d1")])
    other = write_jsonl(tmp_path / "b.jsonl", [build_sample_document("d1", SAMPLE_TEXT + " Also.")])
    with pytest.raises(DataError, match="text differs"):
        agree([a, other])
    with pytest.raises(UsageError, match="at least 2"):
        agree([a])
    none_shared = write_jsonl(tmp_path / "c.jsonl", [alice("d9")])
    with pytest.raises(UsageError, match="no document in common"):
        agree([a, none_shared])


def _corpus_with_annotators(root: Path) -> Path:
    for name, builder in (("alice", alice), ("bob", bob)):
        folder = root / "annotations" / name
        folder.mkdir(parents=True)
        for doc_id in ("d1", "d2"):
            document = builder(doc_id, borrower=True) if builder is bob else builder(doc_id)
            (folder / f"{doc_id}.jsonl").write_text(document.to_json() + "\n", encoding="utf-8")
    return root


def test_cli_names_under_corpus_json_and_table(tmp_path):
    corpus = _corpus_with_annotators(tmp_path / "corpus")
    result = run_annotate("agree", "alice", "bob", "--corpus", str(corpus), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["sets"] == ["alice", "bob"]
    overall = data["pairs"][0]["overall"]
    assert overall["triggers"] == {"f1": 0.75, "a": 8, "b": 8, "matched": 6}
    assert overall["arguments_exact"]["matched"] == 8
    # The d1 units twice: n 12, disagreements 4, sum of n_c n_k 144 - 16 - 36 - 4 = 88: 1 - 11 * 4 / 88.
    assert overall["event_type_alpha"]["alpha"] == pytest.approx(0.5)
    assert set(overall["attributes"]) == {"realis", "polarity", "tense"}
    assert set(data["pairs"][0]["documents"]) == {"d1", "d2"}
    table = run_annotate("agree", "alice", "bob", "--corpus", str(corpus))
    assert table.returncode == 0
    out = table.stdout.decode()
    assert "trigger F1 (span)" in out and "75.0" in out and "Krippendorff" in out and "d2" in out


def test_cli_matrix_for_three_sets_and_errors(tmp_path):
    corpus = _corpus_with_annotators(tmp_path / "corpus")
    extra = write_jsonl(tmp_path / "carol.jsonl", [alice("d1"), alice("d2")])
    result = run_annotate("agree", "alice", "bob", str(extra), "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "carol" in out and "over all 3 sets" in out
    result = run_annotate("agree", "alice", "--corpus", str(corpus))
    assert result.returncode == 2 and "at least two" in result.stderr.decode()
    result = run_annotate("agree", "alice", "nobody", "--corpus", str(corpus))
    assert result.returncode == 2 and "nobody" in result.stderr.decode()
    bad = write_jsonl(tmp_path / "bad.jsonl", [build_sample_document("d1", SAMPLE_TEXT + " Also.")])
    result = run_annotate("agree", "alice", str(bad), "--corpus", str(corpus))
    assert result.returncode == 1 and "text differs" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()


def test_realistic_documents_agree_with_themselves_and_disagree_measurably():
    perturbed = benchmark_module("score_agree").perturbed
    synthetic_documents = benchmark_module("synthetic").synthetic_documents

    for doc, other in zip(synthetic_documents(10), perturbed(10)):
        same = agree_documents(doc, doc)
        assert all(c.f1 == 1.0 for c in same.f1.values())
        assert same.event_type_alpha == 1.0
        assert same.matched_events == len(doc.events)
        assert all(k in (1.0, None) for k in (same.kappa(a) for a in ("realis", "polarity", "tense")))
        differ = agree_documents(doc, other)
        # perturbed() drops or retypes events and removes arguments, then the mentions left filling
        # nothing (a valid file has no orphan mention): every mention it keeps is one of the gold's
        for kind in ("entity_mentions", "value_mentions"):
            mentions = differ.f1[kind]
            assert mentions.b <= mentions.a and mentions.matched == mentions.b
        assert differ.f1["entity_mentions"].b + differ.f1["value_mentions"].b == len(other.mentions)
        assert differ.f1["entity_mentions"].a + differ.f1["value_mentions"].a == len(doc.mentions)
        assert differ.f1["triggers_typed"].f1 <= differ.f1["triggers"].f1 <= 1.0
        assert differ.f1["arguments_exact"].matched <= differ.f1["arguments_overlap"].matched
