"""The assignment plan: deterministic, balanced, extended without reshuffling, validated when read."""

from __future__ import annotations

import json

import pytest

from conftest import run_annotate
from team_support import DOC_IDS, make_team_corpus

from annotate.errors import DataError, UsageError
from annotate.team.plan import Plan, extend_plan, parse_plan

IDS = [f"doc{i:03d}" for i in range(40)]


def test_the_same_seed_gives_the_same_plan_and_another_seed_another():
    one = extend_plan(None, IDS, annotators=["alice", "bob", "carol"], overlap=0.25, seed=3).plan
    two = extend_plan(None, IDS, annotators=["alice", "bob", "carol"], overlap=0.25, seed=3).plan
    other = extend_plan(None, IDS, annotators=["alice", "bob", "carol"], overlap=0.25, seed=4).plan
    assert one == two and one.to_bytes() == two.to_bytes()
    assert one.documents != other.documents
    assert list(one.documents) == IDS  # corpus order


def test_overlap_fraction_and_balanced_load():
    plan = extend_plan(None, IDS, annotators=["alice", "bob", "carol"], overlap=0.25, seed=0).plan
    assert len(plan.overlap_documents()) == 10  # 0.25 * 40
    assert all(len(names) in (1, 2) and len(set(names)) == len(names) for names in plan.documents.values())
    load = plan.load()
    assert sum(load.values()) == 50 and max(load.values()) - min(load.values()) <= 1
    assert extend_plan(None, IDS, annotators=["a", "b"], overlap=0.0).plan.overlap_documents() == []
    assert len(extend_plan(None, IDS, annotators=["a", "b"], overlap=1.0).plan.overlap_documents()) == 40


def test_new_documents_and_annotators_extend_without_reshuffling():
    first = extend_plan(None, IDS[:30], annotators=["alice", "bob", "carol"], overlap=0.2, seed=1).plan
    assert len(first.overlap_documents()) == 6
    later = extend_plan(first, IDS, annotators=["alice", "bob", "carol", "dave"])
    plan = later.plan
    assert {d: plan.documents[d] for d in IDS[:30]} == first.documents  # nothing assigned moved
    assert later.new_documents == IDS[30:] and later.new_annotators == ["dave"]
    assert len(plan.overlap_documents()) == 8  # topped up to 0.2 * 40 with new documents only
    assert set(later.new_overlap) <= set(IDS[30:]) and len(later.new_overlap) == 2
    assert plan.load()["dave"] >= 10 - 2  # the newcomer, with no work yet, gets the new work first
    # the same extension is deterministic, and a plan with everything is left as it is
    assert extend_plan(first, IDS, annotators=["alice", "bob", "carol", "dave"]).plan == plan
    again = extend_plan(plan, IDS)
    assert again.plan == plan and not again.changed
    # a new overlap fraction is recorded for documents to come; nobody is taken off a document
    lower = extend_plan(plan, IDS, overlap=0.0).plan
    assert lower.documents == plan.documents and lower.overlap == 0.0


def test_what_would_reshuffle_is_refused():
    plan = extend_plan(None, IDS, annotators=["alice", "bob"], overlap=0.5, seed=1).plan
    with pytest.raises(UsageError, match="seed 1"):
        extend_plan(plan, IDS, seed=2)
    with pytest.raises(UsageError, match="bob, not in --annotators"):
        extend_plan(plan, IDS, annotators=["alice"])
    with pytest.raises(UsageError, match="at least two annotators"):
        extend_plan(None, IDS, annotators=["alice"], overlap=0.1)
    with pytest.raises(UsageError, match="from 0 to 1"):
        extend_plan(None, IDS, annotators=["alice", "bob"], overlap=1.5)
    with pytest.raises(UsageError, match="not valid"):
        extend_plan(None, IDS, annotators=["../x"])


def test_plan_file_round_trip_one_line_per_document():
    plan = extend_plan(None, IDS[:3], annotators=["alice", "bob"], overlap=0.4, seed=5).plan
    data = plan.to_bytes()
    assert parse_plan(data, file="p.json") == plan
    assert json.loads(data) == plan.to_json()
    lines = data.decode().splitlines()
    assert [line.strip().split(":")[0] for line in lines[6:9]] == [f'"{d}"' for d in IDS[:3]]
    assert parse_plan(Plan().to_bytes(), file="p.json") == Plan()


GOOD = {"version": 1, "seed": 0, "overlap": 0.2, "annotators": ["alice", "bob"], "documents": {"d1": ["alice"]}}


@pytest.mark.parametrize("change, message", [
    ({"documents": {"d1": ["carol"]}}, "p.json [d1]: documents.d1.0: 'carol' is not one of the plan's annotators"),
    ({"documents": {"d1": []}}, "p.json [d1]: documents.d1: expected a non-empty list of annotator names"),
    ({"documents": {"d1": ["alice", "alice"]}}, "p.json [d1]: documents.d1.1: 'alice' is listed twice"),
    ({"documents": {"../d1": ["alice"]}}, "p.json [../d1]: documents: document id '../d1' is not valid"),
    ({"overlap": 2}, "p.json: overlap: expected a number from 0 to 1, found 2"),
    ({"seed": "x"}, "p.json: seed: expected an integer, found 'x'"),
    ({"version": 2}, "p.json: version: expected 1, found 2"),
    ({"annotators": ["alice", "alice"]}, "p.json: annotators.1: 'alice' is listed twice"),
    ({"extra": 1}, "p.json: extra: unknown key"),
])
def test_a_bad_plan_is_named_precisely(change, message):
    with pytest.raises(DataError) as caught:
        parse_plan(json.dumps({**GOOD, **change}).encode(), file="p.json")
    assert str(caught.value).startswith(message)


def test_plan_syntax_errors():
    with pytest.raises(DataError, match="p.json: the key 'd1' appears twice"):
        parse_plan(b'{"version": 1, "seed": 0, "overlap": 0, "annotators": ["a"], "documents": {"d1": ["a"], '
                   b'"d1": ["a"]}}', file="p.json")
    with pytest.raises(DataError, match="p.json: not valid JSON"):
        parse_plan(b'{"version": 1,', file="p.json")
    with pytest.raises(DataError, match="p.json: seed: missing"):
        parse_plan(b'{"version": 1}', file="p.json")


def test_assign_cli_writes_extends_and_refuses_a_bad_plan(tmp_path):
    corpus = make_team_corpus(tmp_path / "corpus")
    first = run_annotate("assign", "--corpus", str(corpus), "--annotators", "alice,bob", "--overlap", "0.4",
                         "--seed", "9", "--dry-run")
    assert first.returncode == 0 and "would assign 5 new document(s) (2 to two annotators)" in first.stdout.decode()
    assert not (corpus / "assignments.json").exists()
    made = run_annotate("assign", "--corpus", str(corpus), "--annotators", "alice,bob", "--overlap", "0.4", "--seed", "9")
    assert made.returncode == 0, made.stderr.decode()
    plan = json.loads((corpus / "assignments.json").read_text(encoding="utf-8"))
    assert list(plan["documents"]) == DOC_IDS and plan["seed"] == 9
    assert sorted(p.name for p in corpus.iterdir()) == ["assignments.json", "raw"]  # no temporary file left
    again = run_annotate("assign", "--corpus", str(corpus))
    assert again.returncode == 0 and "assigned 0 new document(s)" in again.stdout.decode()
    assert "unchanged: " in again.stdout.decode()
    carol = run_annotate("assign", "--corpus", str(corpus), "--annotators", "alice,bob,carol")
    assert carol.returncode == 0 and "new annotator(s): carol" in carol.stdout.decode()
    assert json.loads((corpus / "assignments.json").read_text(encoding="utf-8"))["documents"] == plan["documents"]
    refused = run_annotate("assign", "--corpus", str(corpus), "--seed", "1")
    assert refused.returncode == 2 and "seed 9" in refused.stderr.decode()

    # a hand edit that names someone the plan does not know: one line, exit 1, for every command that reads it
    path = corpus / "assignments.json"
    path.write_text(path.read_text(encoding="utf-8").replace('["alice"]', '["alcie"]', 1), encoding="utf-8")
    for args in (["assign"], ["status"], ["session", "--annotator", "alice"]):
        bad = run_annotate(*args, "--corpus", str(corpus))
        err = bad.stderr.decode()
        assert bad.returncode == 1, (args, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert f"annotate: error: {path} [" in err and "'alcie' is not one of the plan's annotators" in err
    # a planned article that is gone from raw/
    path.write_text(json.dumps({**GOOD, "documents": {"gone": ["alice"]}}), encoding="utf-8")
    bad = run_annotate("status", "--corpus", str(corpus))
    assert bad.returncode == 1 and f"{path} [gone]: documents.gone: no source article gone.txt" in bad.stderr.decode()


def test_status_without_a_plan_says_how_to_make_one(tmp_path):
    corpus = make_team_corpus(tmp_path / "corpus")
    result = run_annotate("status", "--corpus", str(corpus))
    assert result.returncode == 2
    assert "no assignment plan here (make one with annotate assign --annotators NAME,NAME)" in result.stderr.decode()
