"""``annotate score``: hand-computed TI/TC/AI/AC/AI+/AC+ on the sample text, tokens, errors, CLI.

Also home of :func:`make_doc`, the small document builder the agreement and adjudication tests share.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.corpus import sha256_text
from annotate.errors import DataError
from annotate.evaluate.matching import SpanKeys
from annotate.evaluate.score import event_tuples, score_documents, score_files
from conftest import REPO, SAMPLE_TEXT, build_sample_document, run_annotate
from schema import (
    EVENT_TYPES, AnnotationInfo, Argument, Attributes, CreationTime, Document, Source, Mention, MoneyValue, Span, TimeValue, find_span,
    parse_anchor,
)

# -- a small document builder shared by the agree/adjudicate tests ------------------------------------


def make_doc(mentions: list[tuple], events: list[tuple], *, doc_id: str = "sample-1", text: str = SAMPLE_TEXT,
             annotator: str = "tester") -> Document:
    """A document of ``text`` from compact specs.

    ``mentions``: ``(id, "TEXT[@N]", TYPE)`` or ``(id, "TEXT[@N]", TYPE, {extra fields})``.
    ``events``: ``(id, TYPE, "TRIGGER[@N]", [(role, mention_id), ...])`` or with a 5th item, a dict
    of attribute overrides (``{"realis": "other"}``).
    """
    built = []
    for spec in mentions:
        mid, anchor, mtype = spec[:3]
        extra = spec[3] if len(spec) > 3 else {}
        needle, occurrence = parse_anchor(anchor)
        built.append(Mention(id=mid, type=mtype, **find_span(text, needle, occurrence), **extra))
    evs = []
    for spec in events:
        eid, etype, anchor, args = spec[:4]
        attrs = {**Attributes.default().model_dump(), **(spec[4] if len(spec) > 4 else {})}
        needle, occurrence = parse_anchor(anchor)
        evs.append(EVENT_TYPES[etype](id=eid, trigger=Span(**find_span(text, needle, occurrence)),
                                      arguments=[Argument(role=r, mention=m) for r, m in args],
                                      attributes=Attributes(**attrs)))
    return Document(id=doc_id, text=text,
                    source=Source(file_name=f"{doc_id}.txt", sha256=sha256_text(text), title="Sample",
                                  dct=CreationTime(value="2018-11-05", method="stated")),
                    annotation=AnnotationInfo(annotator=annotator, status="complete"), mentions=built, events=evs)


def benchmark_module(name: str):
    """``benchmarks.NAME`` (the synthetic corpus), importable however pytest was started."""
    import importlib
    import sys

    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    return importlib.import_module(f"benchmarks.{name}")


def write_jsonl(path: Path, documents: list[Document]) -> Path:
    path.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    return path


SAMPLE_MENTIONS = [
    ("M1", "Díaz-Canel", "PER"), ("M2", "Moscow", "GPE"),
    ("M3", "November 1", "TIME", {"time": TimeValue(value="2018-11-01")}),
    ("M4", "The Russian government", "GPE"),
    ("M5", "$50\u00a0million", "MONEY", {"money": MoneyValue(currency="USD", amount=50_000_000)}),
    ("M6", "Cuba", "GPE"), ("M7", "the purchase of military equipment", "TOPIC"), ("M8", "Putin", "PER"),
    ("M9", "the two countries", "GPE"), ("M10", "transport", "TOPIC"),
]


def gold_doc(doc_id: str = "sample-1") -> Document:
    return build_sample_document(doc_id)


def predicted_doc(doc_id: str = "sample-1", *, duplicate: bool = True) -> Document:
    """The sample's events with four kinds of mistakes (mention ids differ from the gold's on purpose).

    - Visit "arrived": right, but its Time is normalized to 2018-11-02 (gold 2018-11-01).
    - Loan: wrong trigger ("extended" instead of "loan"), all four arguments right.
    - "said": typed Agreement (gold Statement), its one argument Putin under role Party.
    - Agreement "signed": right, and (with ``duplicate``) predicted twice (a duplicate that must collapse).

    Files hold it without the duplicate: a repeated event is a validation error (duplicate-event), and
    every command reads files through the validator's checks. The figures are the same either way.
    """
    mentions = [
        ("P1", "Díaz-Canel", "PER"), ("P2", "Moscow", "GPE"),
        ("P3", "November 1", "TIME", {"time": TimeValue(value="2018-11-02")}),
        ("P4", "The Russian government", "GPE"),
        ("P5", "$50\u00a0million", "MONEY", {"money": MoneyValue(currency="USD", amount=50_000_000)}),
        ("P6", "Cuba", "GPE"), ("P7", "the purchase of military equipment", "TOPIC"), ("P8", "Putin", "PER"),
        ("P9", "the two countries", "GPE"), ("P10", "transport", "TOPIC"),
    ]
    events = [
        ("X1", "Visit", "arrived", [("Visitor", "P1"), ("Destination", "P2"), ("Time", "P3")]),
        ("X2", "Loan", "extended", [("Lender", "P4"), ("Borrower", "P6"), ("Amount", "P5"), ("Purpose", "P7")]),
        ("X3", "Agreement", "said", [("Party", "P8")]),
        ("X4", "Agreement", "signed", [("Party", "P9"), ("Topic", "P10")]),
        ("X5", "Agreement", "signed", [("Party", "P9"), ("Topic", "P10")]),
    ][:None if duplicate else 4]
    return make_doc(mentions, events, doc_id=doc_id, annotator="system")


# -- hand-computed metrics ------------------------------------------------------------------------------


def test_hand_computed_scores_for_every_metric():
    # Gold tuples: TI {arrived, loan, said, signed} = 4; TC the same with types = 4;
    # AI/AC: Visit {Díaz-Canel, Moscow, November 1} + Loan {government, Cuba, $50 million, purchase}
    #        + Statement {Putin} + Agreement {the two countries, transport} = 10.
    # Predicted (duplicate X5 collapses into X4): TI {arrived, extended, said, signed} = 4, matched 3.
    # TC {(arrived, Visit), (extended, Loan), (said, Agreement), (signed, Agreement)}: matched 2.
    # AI/AC: 3 Visit + 4 Loan (trigger wrong, but AI/AC ignore the trigger) + (Agreement, Putin[, Party])
    #        + 2 Agreement = 10 predicted, 9 matched (the argument under the wrong-typed "said" misses).
    # AI+/AC+: the 4 Loan arguments now miss (trigger offsets differ) and Putin misses: 10 predicted, 5 matched.
    report = score_documents([(gold_doc(), predicted_doc())])
    expected = {"TI": (4, 4, 3), "TC": (4, 4, 2), "AI": (10, 10, 9), "AC": (10, 10, 9),
                "AI+": (10, 10, 5), "AC+": (10, 10, 5)}
    for metric, (gold, pred, matched) in expected.items():
        counts = report[metric]
        assert (counts.gold, counts.pred, counts.matched) == (gold, pred, matched), metric
    assert report["TI"].precision == pytest.approx(0.75) and report["TI"].f1 == pytest.approx(0.75)
    assert report["TC"].f1 == pytest.approx(0.5)
    assert report["AC"].precision == pytest.approx(0.9) and report["AC"].recall == pytest.approx(0.9)
    assert report["AC+"].f1 == pytest.approx(0.5)
    # Per type: Agreement TC gold 1, pred 2 ("said", "signed"), matched 1: P 1/2, R 1, F1 2/3.
    agreement = report.per_type["Agreement"]
    assert (agreement["TC"].gold, agreement["TC"].pred, agreement["TC"].matched) == (1, 2, 1)
    assert agreement["TC"].f1 == pytest.approx(2 / 3)
    # AC Agreement: gold {two countries/Party, transport/Topic}, pred + (Putin, Party): P 2/3, R 1, F1 0.8.
    assert agreement["AC"].f1 == pytest.approx(0.8)
    assert report.per_type["Statement"]["TC"].f1 == 0.0 and report.per_type["Statement"]["TC"].pred == 0
    assert report.per_type["Loan"]["TC"].matched == 0 and report.per_type["Loan"]["AC"].f1 == 1.0
    assert report.per_type["Loan"]["AC+"].f1 == 0.0
    assert list(report.per_type) == ["Visit", "Loan", "Agreement", "Statement"]
    # Normalization: gold Time (Visit, "November 1", Time) is matched but 2018-11-02 != 2018-11-01;
    # gold Amount is matched and equal.
    assert (report.normalization["time"].matched, report.normalization["time"].equal) == (1, 0)
    assert report.normalization["time"].accuracy == 0.0
    assert report.normalization["money"].accuracy == 1.0


def test_the_tricky_cases_as_tuples():
    gold, pred = gold_doc(), predicted_doc()
    g, p = event_tuples(gold, SpanKeys(gold.text)), event_tuples(pred, SpanKeys(pred.text))

    def at(needle: str) -> tuple[int, int]:
        span = find_span(SAMPLE_TEXT, needle)
        return (span["start"], span["end"])

    loan, extended, amount, said, putin = at("loan"), at("extended"), at("$50\u00a0million"), at("said"), at("Putin")
    # A wrong trigger span with a right argument: AC matches, AC+ does not.
    assert ("Loan", amount, "Amount") in g["AC"] and ("Loan", amount, "Amount") in p["AC"]
    assert (loan, "Loan", amount, "Amount") in g["AC+"] and (extended, "Loan", amount, "Amount") in p["AC+"]
    assert (extended, "Loan", amount, "Amount") not in g["AC+"]
    # An argument under a wrong-typed trigger: the type is in the tuple, so nothing matches but TI.
    assert (said,) in g["TI"] and (said,) in p["TI"]
    assert (said, "Statement") in g["TC"] and (said, "Agreement") in p["TC"]
    assert ("Statement", putin) in g["AI"] and ("Agreement", putin) in p["AI"] and ("Agreement", putin) not in g["AI"]
    assert ("Agreement", putin, "Party") in p["AC"] and ("Statement", putin, "Speaker") in g["AC"]
    # The duplicate "signed" event is one tuple.
    assert len([t for t in p["TC"] if t[1] == "Agreement"]) == 2  # "said" and "signed", not three


def test_tuples_are_the_textee_keys():
    doc = gold_doc()
    tuples = event_tuples(doc, SpanKeys(doc.text))
    loan = find_span(SAMPLE_TEXT, "loan")
    amount = find_span(SAMPLE_TEXT, "$50\u00a0million")
    trig = (loan["start"], loan["end"])
    arg = (amount["start"], amount["end"])
    assert (trig,) in tuples["TI"]
    assert (trig, "Loan") in tuples["TC"]
    assert ("Loan", arg) in tuples["AI"]
    assert ("Loan", arg, "Amount") in tuples["AC"]
    assert (trig, "Loan", arg) in tuples["AI+"]
    assert (trig, "Loan", arg, "Amount") in tuples["AC+"]


def test_duplicates_collapse_on_both_sides():
    gold = gold_doc()
    doubled = gold.model_copy(update={"events": gold.events + [e.model_copy(update={"id": e.id + "b"})
                                                              for e in gold.events]})
    report = score_documents([(doubled, doubled)])
    assert report["TI"].gold == 4 and report["TI"].pred == 4 and report["AC+"].matched == 10
    assert report["AC+"].f1 == 1.0


def test_empty_sides_give_zero_not_an_error():
    gold = gold_doc()
    empty = gold.model_copy(update={"events": [], "mentions": []})
    report = score_documents([(gold, empty)])
    assert report["TI"].to_json() == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "gold": 4, "pred": 0, "matched": 0}
    report = score_documents([(empty, empty)])
    assert report["AC"].f1 == 0.0 and report["AC"].gold == 0


def test_missing_prediction_counts_as_empty():
    report = score_documents([(gold_doc("a"), gold_doc("a")), (gold_doc("b"), None)])
    assert report.missing_in_pred == ["b"]
    assert (report["TI"].gold, report["TI"].pred, report["TI"].matched) == (8, 4, 4)
    assert report["TI"].recall == 0.5 and report["TI"].precision == 1.0


def test_token_mode_matches_within_sentences():
    # "arrive" (a partial token) and "arrived" are different character spans but the same token.
    gold = gold_doc()
    partial = gold.model_copy(update={"events": [
        gold.events[0].model_copy(update={"trigger": Span(**find_span(SAMPLE_TEXT, "arrive"))}),
        *gold.events[1:]]})
    assert score_documents([(gold, partial)])["TI"].matched == 3
    assert score_documents([(gold, partial)], tokens=True)["TI"].matched == 4
    keys = SpanKeys(SAMPLE_TEXT, tokens=True)
    # Sentence 1 starts with the emoji flag (two tokens) then "The Russian government extended a $ 50
    # million loan": "loan" is token 10 of sentence 1; "said" is token 1 of sentence 2.
    loan = find_span(SAMPLE_TEXT, "loan")
    said = find_span(SAMPLE_TEXT, "said")
    assert keys.key(loan["start"], loan["end"]) == (1, 10, 11)
    assert keys.key(said["start"], said["end"]) == (2, 1, 2)
    report = score_documents([(gold_doc(), predicted_doc())], tokens=True)
    assert (report["TI"].matched, report["AC"].matched, report["AC+"].matched) == (3, 9, 5)
    assert report.to_json()["offsets"] == "tokens"


def test_broken_prediction_is_a_data_error():
    gold = gold_doc()
    bad = gold.model_copy(update={"events": [gold.events[0].model_copy(update={
        "arguments": [Argument(role="Visitor", mention="NOPE")]})]})
    with pytest.raises(DataError, match="NOPE"):
        score_documents([(gold, bad)])
    other_text = build_sample_document("sample-1", SAMPLE_TEXT + " More.")  # same spans, longer text
    with pytest.raises(DataError, match="text differs"):
        score_documents([(gold, other_text)])


# -- files and the command line -------------------------------------------------------------------------


def test_score_files_streams_and_names_extra_documents(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_doc("a"), gold_doc("b")])
    pred = write_jsonl(tmp_path / "pred.jsonl", [predicted_doc("b", duplicate=False)])
    report = score_files(gold, pred)
    assert report.missing_in_pred == ["a"] and report["TI"].gold == 8 and report["TI"].matched == 3
    extra = write_jsonl(tmp_path / "extra.jsonl",
                        [predicted_doc("b", duplicate=False), predicted_doc("zzz", duplicate=False)])
    with pytest.raises(DataError, match="zzz"):
        score_files(gold, extra)


def test_cli_json_shape_and_values(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_doc()])
    pred = write_jsonl(tmp_path / "pred.jsonl", [predicted_doc(duplicate=False)])
    result = run_annotate("score", str(gold), str(pred), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for metric in ("TI", "TC", "AI", "AC", "AI+", "AC+"):
        assert set(data[metric]) >= {"precision", "recall", "f1"}
        assert all(0.0 <= data[metric][k] <= 1.0 for k in ("precision", "recall", "f1"))
    assert data["TC"]["f1"] == pytest.approx(0.5)
    assert data["AC+"]["matched"] == 5
    assert data["per_type"]["Agreement"]["TC"]["f1"] == pytest.approx(2 / 3)
    assert data["normalization"]["time"]["accuracy"] == 0.0
    assert data["normalization"]["money"]["accuracy"] == 1.0


def test_cli_table(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_doc()])
    pred = write_jsonl(tmp_path / "pred.jsonl", [predicted_doc(duplicate=False)])
    result = run_annotate("score", str(gold), str(pred))
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "TC       50.0  50.0  50.0      4      4      2" in out
    assert "Agreement" in out and "time" in out


def test_cli_errors_exit_1_with_a_message(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_doc("a")])
    extra = write_jsonl(tmp_path / "pred.jsonl",
                        [predicted_doc("a", duplicate=False), predicted_doc("unknown-doc", duplicate=False)])
    result = run_annotate("score", str(gold), str(extra))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.startswith("annotate: error:") and "unknown-doc" in err and "Traceback" not in err
    changed = write_jsonl(tmp_path / "changed.jsonl", [build_sample_document("a", SAMPLE_TEXT + " Extra.")])
    result = run_annotate("score", str(gold), str(changed))
    assert result.returncode == 1 and "text differs" in result.stderr.decode()
    duplicate = write_jsonl(tmp_path / "dup.jsonl", [gold_doc("a"), gold_doc("a")])
    result = run_annotate("score", str(duplicate), str(gold))
    assert result.returncode == 1 and "duplicate document id" in result.stderr.decode()
    result = run_annotate("score", str(gold), str(tmp_path / "missing.jsonl"))
    assert result.returncode == 2 and "missing.jsonl" in result.stderr.decode()


def textee_reference(golds: list[Document], preds: list[Document]) -> dict[str, tuple[int, int, int]]:
    """TextEE's scorer written out literally: global sets of doc-prefixed tuples, then intersections."""
    def tuples(docs):
        out = {m: set() for m in ("TI", "TC", "AI", "AC", "AI+", "AC+")}
        for d in docs:
            by_id = d.mentions_by_id()
            for e in d.events:
                t = (e.trigger.start, e.trigger.end)
                out["TI"].add((d.id, *t))
                out["TC"].add((d.id, *t, e.type))
                for a in e.arguments:
                    m = by_id[a.mention]
                    out["AI"].add((d.id, e.type, m.start, m.end))
                    out["AC"].add((d.id, e.type, m.start, m.end, a.role))
                    out["AI+"].add((d.id, *t, e.type, m.start, m.end))
                    out["AC+"].add((d.id, *t, e.type, m.start, m.end, a.role))
        return out

    g, p = tuples(golds), tuples(preds)
    return {m: (len(g[m]), len(p[m]), len(g[m] & p[m])) for m in g}


def test_agrees_with_a_literal_textee_scorer_on_a_synthetic_corpus():
    perturbed = benchmark_module("score_agree").perturbed
    synthetic_documents = benchmark_module("synthetic").synthetic_documents

    golds = list(synthetic_documents(30))
    preds = [d for d in perturbed(30) if d.id != golds[7].id]  # one document missing from PRED
    report = score_documents((g, next((p for p in preds if p.id == g.id), None)) for g in golds)
    expected = textee_reference(golds, preds)
    assert {m: (c.gold, c.pred, c.matched) for m, c in report.metrics.items()} == expected
    assert 0 < report["TC"].f1 < 1 and report.missing_in_pred == [golds[7].id]
    identical = score_documents((g, g) for g in golds)
    assert all(c.f1 == 1.0 for c in identical.metrics.values())
    assert all(a.accuracy == 1.0 for a in identical.normalization.values())
