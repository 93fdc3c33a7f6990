"""A team of three annotators from plan to gold, as they would work: ``annotate assign`` with overlap,
``annotate event add`` and ``annotate session`` (a real pseudo-terminal) following the plan,
``annotate status`` checked against hand counts, then adjudication of the double-annotated documents."""

from __future__ import annotations

import json

import pexpect
import pytest

from conftest import run_annotate
from team_support import DOC_IDS, event_add_args, event_add_kwargs, make_team_corpus, statements
from test_session_support import spawn_session

from annotate.edit import event_add
from annotate.evaluate import agree
from annotate.jsonl import read_documents
from annotate.team.status import team_status

D0, D1, D2, D3, D4 = DOC_IDS
# What --seed 0 --overlap 0.4 gives (sha256-ranked, so the same on every machine): 2 of 5 documents
# double-annotated, 7 assignments spread 2/2/3.
PLAN = {D0: ["alice", "bob"], D1: ["bob", "carol"], D2: ["alice"], D3: ["carol"], D4: ["carol"]}


def ok(*args: str) -> str:
    result = run_annotate(*args)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    return result.stdout.decode()


def status(corpus, *, cli: bool = False) -> dict:
    """``annotate status --format json`` (in this process unless ``cli``: the same library call)."""
    if cli:
        return json.loads(ok("status", "--corpus", str(corpus), "--format", "json"))
    return json.loads(json.dumps(team_status(corpus).to_json()))


def session(corpus, annotator: str, steps: list[tuple[str, str]]) -> str:
    """Run a session without --doc; expect and answer ``steps``; return what it printed after the first."""
    child = spawn_session(corpus, "--no-suggest", annotator=annotator)
    for expect, send in steps:
        child.expect_exact(expect)
        child.sendline(send)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return child.before


def test_three_annotators_from_plan_to_gold(tmp_path):
    """One story in three steps, each building on the one before."""
    corpus = make_team_corpus(tmp_path / "corpus")
    assign_then_event_add_following_the_plan(corpus)
    sessions_open_each_annotators_next_assigned_document(corpus)
    adjudicating_the_overlap_documents_into_gold(corpus)


def assign_then_event_add_following_the_plan(corpus):
    out = ok("assign", "--corpus", str(corpus), "--annotators", "alice,bob,carol", "--overlap", "0.4")
    assert "plan: 5 document(s), 2 double-annotated (overlap 0.4, seed 0); alice 2, bob 2, carol 3" in out
    plan = json.loads((corpus / "assignments.json").read_text(encoding="utf-8"))
    assert plan == {"version": 1, "seed": 0, "overlap": 0.4, "annotators": ["alice", "bob", "carol"],
                    "documents": PLAN}
    # Everyone puts the first gold Statement of each assigned document; bob adds a second one on D0
    # (a disagreement with alice); carol marks a trigger that cuts a word ("sai" of "said": a warning).
    # (the library function behind `annotate event add` for the bulk; the command for the last two)
    for doc_id, names in PLAN.items():
        for name in names:
            event_add(corpus, name, doc_id, **event_add_kwargs(doc_id, statements(doc_id)[0]))
    ok("event", "add", "--corpus", str(corpus), "-a", "bob", "-d", D0, *event_add_args(D0, statements(D0)[1]))
    ok("event", "add", "--corpus", str(corpus), "-a", "carol", "-d", D4, "--type", "Statement", "--trigger", "sai@1",
       "--arg", "Speaker=Yuri Borisov@1")

    report = status(corpus, cli=True)
    people = {a["annotator"]: a for a in report["annotators"]}
    # hand counts: alice D0 1 + D2 1; bob D0 2 + D1 1; carol D1 1 + D3 1 + D4 2
    assert {n: (a["assigned"], a["started"], a["done"], a["events"], a["warnings"], a["errors"])
            for n, a in people.items()} == {"alice": (2, 2, 0, 2, 0, 0), "bob": (2, 2, 0, 3, 0, 0),
                                            "carol": (3, 3, 0, 4, 1, 0)}
    assert report["totals"]["assignments"] == 7 and report["totals"]["events"] == 9
    assert [d["annotators"] for d in report["documents"]] == [{n: "draft" for n in PLAN[d]} for d in PLAN]
    assert report["complete"] is False and report["agreement"] is None
    check = run_annotate("status", "--corpus", str(corpus), "--check")
    assert check.returncode == 1
    assert "5 of 5 assigned document(s) not done" in check.stderr.decode()


def sessions_open_each_annotators_next_assigned_document(corpus):
    # alice: her first assigned document opens; done; > goes to her next assigned one (D2, 2 of 2), not D1
    session(corpus, "alice", [(f"doc 1/2 {D0}", ""), ("session> ", "done"), ("saved: status complete", ">"),
                              (f"doc 2/2 {D2}", ""), ("session> ", "q")])
    mid = status(corpus)
    alice = mid["annotators"][0]
    assert (alice["started"], alice["done"]) == (2, 1)
    assert mid["documents"][0]["annotators"] == {"alice": "complete", "bob": "draft"}
    # the next session opens her next unfinished document directly; then she is finished
    session(corpus, "alice", [(f"doc 2/2 {D2}", ""), ("session> ", "done"), ("saved: status complete", "q")])
    finished = session(corpus, "alice", [])
    assert "alice: all 2 assigned document(s) are complete" in finished
    session(corpus, "bob", [(f"doc 1/2 {D0}", ""), ("session> ", "done"), ("saved: status complete", ">"),
                            (f"doc 2/2 {D1}", ""), ("session> ", "done"), ("saved: status complete", "q")])
    session(corpus, "carol", [(f"doc 1/3 {D1}", ""), ("session> ", "done"), ("saved: status complete", ">"),
                              (f"doc 2/3 {D3}", ""), ("session> ", "done"), ("saved: status complete", ">"),
                              (f"doc 3/3 {D4}", ""), ("session> ", "done"), ("saved: status complete", "q")])

    report = status(corpus)
    assert [(a["annotator"], a["done"]) for a in report["annotators"]] == [("alice", 2), ("bob", 2), ("carol", 3)]
    assert report["complete"] is True
    assert report["totals"] | {"unplanned_documents": None} == {
        "documents": 5, "overlap_documents": 2, "done": 5, "in_gold": 0, "ready_to_adjudicate": 5, "assignments": 7,
        "started": 7, "assignments_done": 7, "events": 9, "warnings": 1, "errors": 0, "unplanned_documents": None}
    by_id = {d["id"]: d for d in report["documents"]}
    # D0: alice 1 Statement (3 arguments), bob the same + 1 (3 arguments): F1 = 2*1/(1+2), 2*3/(3+6)
    (pair,) = by_id[D0]["agreement"]
    assert (pair["a"], pair["b"]) == ("alice", "bob")
    assert pair["trigger_type_f1"] == pytest.approx(2 / 3) and pair["argument_f1"] == pytest.approx(2 / 3)
    (pair,) = by_id[D1]["agreement"]
    assert (pair["a"], pair["b"], pair["trigger_type_f1"], pair["argument_f1"]) == ("bob", "carol", 1.0, 1.0)
    assert by_id[D2]["agreement"] == []
    # pooled over D0 and D1: triggers 2 matched of 2 + 3; arguments 5 matched of 5 + 8
    pooled = report["agreement"]
    assert pooled["documents"] == 2
    assert pooled["trigger_type_f1"] == pytest.approx(4 / 5) and pooled["argument_f1"] == pytest.approx(10 / 13)
    # the same pair figures as annotate agree's
    assert agree(["alice", "bob"], corpus=corpus).pairs[0].overall.f1["triggers_typed"].f1 == pytest.approx(2 / 3)

    table = ok("status", "--corpus", str(corpus))
    assert f"{D0}  no    alice done, bob done; ready to adjudicate; alice/bob 66.7 66.7" in table
    assert "5 of 5 document(s) done (2 double-annotated), 5 ready to adjudicate, 0 in gold" in table
    assert run_annotate("status", "--corpus", str(corpus), "--check").returncode == 0


def adjudicating_the_overlap_documents_into_gold(corpus):
    gold = corpus / "gold.jsonl"
    out = ok("adjudicate", "alice", "bob", "carol", "--corpus", str(corpus), "--out", str(gold), "--prefer", "bob",
             "--adjudicator", "lead")
    assert "wrote 5 adjudicated document(s)" in out
    documents = {d.id: d for d in read_documents(gold)}
    assert sorted(documents) == sorted(PLAN)
    # D0: bob's extra Statement was the one disagreement, resolved his way; D1: bob and carol agreed
    assert [e.trigger.text for e in documents[D0].events] == [statements(D0)[0].trigger.text,
                                                             statements(D0)[1].trigger.text]
    assert [e.trigger.text for e in documents[D1].events] == [statements(D1)[0].trigger.text]
    validated = ok("validate", "--corpus", str(corpus), str(gold))
    assert "*** PASSED ***" in validated and "(span-cuts-word 1)" in validated  # carol's "sai", kept

    report = status(corpus)
    assert (report["totals"]["in_gold"], report["totals"]["ready_to_adjudicate"]) == (5, 0)
    # what adjudication changed against each annotator, reviewable as a diff: bob's D0 is the gold's
    diff = json.loads(ok("diff", str(corpus / "annotations" / "alice" / f"{D0}.jsonl"),
                         str(corpus / "annotations" / "bob" / f"{D0}.jsonl"), "--format", "json"))
    (doc,) = diff["documents"]
    assert [(c["kind"], c["action"]) for c in doc["changes"]] == [("event", "added"), ("mention", "added")]
