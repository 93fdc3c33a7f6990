"""The benchmarks' synthetic inputs are valid documents: the commands they measure read through the
validator's checks, so an invalid synthetic file would measure an error path (or stop the run).

``benchmarks/synthetic.py`` writes the gold-shaped corpus, ``benchmarks/score_agree.py: perturbed`` the
second annotation that ``agree`` and ``score`` compare it with.
"""

from __future__ import annotations

from collections import Counter

from annotate.jsonl import write_documents
from annotate.validate import validate_paths
from conftest import run_annotate
from test_score import benchmark_module


def test_synthetic_gold_and_its_perturbed_copy_pass_validate_without_warnings(tmp_path):
    synthetic = benchmark_module("synthetic")
    perturbed = benchmark_module("score_agree").perturbed
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    synthetic.write_synthetic_corpus(gold, 60)
    write_documents(pred, perturbed(60))
    for path in (gold, pred):
        report = validate_paths([path], corpus_root=None, max_errors=None)
        assert report.ok and report.errors == 0 and report.warnings == 0, [str(i) for i in report.incidents[:5]]
        assert report.documents == 60
    # as a user runs it, too (the same checks through the CLI)
    result = run_annotate("validate", str(pred))
    assert result.returncode == 0, result.stdout.decode()[-2000:]
    assert b"*** PASSED *** (60 documents, 0 warnings)" in result.stdout


def test_perturbed_copy_disagrees_in_every_announced_way():
    synthetic_documents = benchmark_module("synthetic").synthetic_documents
    perturbed = benchmark_module("score_agree").perturbed
    seen = Counter()
    for gold, pred in zip(synthetic_documents(40), perturbed(40)):
        assert pred.id == gold.id and pred.text == gold.text
        by_id = {event.id: event for event in gold.events}
        seen["dropped"] += len(gold.events) - len(pred.events)
        for event in pred.events:
            original = by_id[event.id]
            assert event.trigger == original.trigger
            if event.type != original.type:
                seen["retyped"] += 1
                # the same fillers, in roles of the new type (a MONEY filler may find none)
                assert {a.mention for a in event.arguments} <= {a.mention for a in original.arguments}
            elif event.arguments != original.arguments:
                seen["argument removed"] += 1
                assert len(event.arguments) == len(original.arguments) - 1
        used = {a.mention for event in pred.events for a in event.arguments}
        assert {m.id for m in pred.mentions} == used  # no orphan mention left behind
        assert all(m in gold.mentions for m in pred.mentions)
    assert seen["dropped"] > 20 and seen["retyped"] > 20 and seen["argument removed"] > 20, seen


def test_hoppers_of_the_synthetic_corpus_share_their_actors():
    """A later event that joins a hopper names the same actor (and amount) as the first one: two
    mentions of one real-world event (guidelines 9.1)."""
    synthetic_documents = benchmark_module("synthetic").synthetic_documents
    joined = 0
    for doc in synthetic_documents(20, seed=4):
        by_id = doc.mentions_by_id()
        members: dict[str, list] = {}
        for event in doc.events:
            if event.coref:
                members.setdefault(event.coref, []).append(event)
        for events in members.values():
            if len(events) > 1:
                joined += 1
                actors = [{(a.role, by_id[a.mention].text) for a in e.arguments
                           if a.role in ("Visitor", "Lender", "Borrower", "Speaker", "Amount")} for e in events]
                assert all(a == actors[0] for a in actors), actors
    assert joined > 5
