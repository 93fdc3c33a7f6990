"""Level 5, GUIDELINES: one bad example per test id, the scope (complete documents), ``--level`` and the
gold's verdict. The bad examples are made from the committed gold (a real document) by one edit each."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotate.jsonl import read_documents
from annotate.validate import TESTS, check_guidelines, check_record, validate_paths
from annotate.validate.guidelines import GUIDELINE_TESTS, SECTIONS, sentence_spans
from schema import Argument, Mention, MentionType, Status

from conftest import REPO, run_annotate

GOLD = REPO / "corpus" / "gold.jsonl"


@pytest.fixture(scope="module")
def gold():
    return {doc.id[:3]: doc for doc in read_documents(GOLD)}


def _mention(doc, text: str):
    return next(m for m in doc.mentions if m.text == text)


def _replace_mention(doc, mention_id: str, **update):
    return doc.model_copy(update={"mentions": [m.model_copy(update=update) if m.id == mention_id else m
                                               for m in doc.mentions]})


def _ids(found, test_id):
    return [i for i in found if i.test_id == test_id]


def _bad_orphan(doc):
    span = doc.text.index("Caribbean")
    orphan = Mention(id="M999", type="LOC", start=span, end=span + 9, text="Caribbean", entity="E-caribbean")
    return doc.model_copy(update={"mentions": [*doc.mentions, orphan]}), "M999 'Caribbean' (LOC) fills no argument"


def _bad_entity_without_id(doc):
    cuba = _mention(doc, "Cuba")
    return _replace_mention(doc, cuba.id, entity=None), f"{cuba.id} 'Cuba' (GPE) has no entity id"


def _bad_entity_type_conflict(doc):
    he = next(m for m in doc.mentions if m.entity == "E-diaz-canel")
    return (_replace_mention(doc, he.id, entity="E-russia"),
            "entity 'E-russia' has mentions of several types")


def _bad_gazetteer(doc):
    # the case: "Cuba" typed PER (the old default of --mention-type) validates at level 3
    cuba = _mention(doc, "Cuba")
    return _replace_mention(doc, cuba.id, type=MentionType.PER), f"{cuba.id} 'Cuba' is PER but names a country"


def _bad_gazetteer_place(doc):
    washington = _mention(doc, "Washington")  # the Speaker of "accusations" (003): a capital, typed PER
    return (_replace_mention(doc, washington.id, type=MentionType.PER),
            f"{washington.id} 'Washington' is PER but names a capital")


def _bad_duplicate_trigger(doc):
    first = doc.events[0]
    twin = first.model_copy(update={"id": "EV999", "arguments": first.arguments[:1]})
    return doc.model_copy(update={"events": [*doc.events, twin]}), f"EV999 and {first.id} are both {first.type}"


def _bad_unused_date(doc):
    # drop the Time "November 1" of "Díaz-Canel arrived in Russia on November 1"
    time = _mention(doc, "November 1")
    events = [e.model_copy(update={"arguments": [a for a in e.arguments if a.mention != time.id]}) for e in doc.events]
    mentions = [m for m in doc.mentions if m.id != time.id]
    return doc.model_copy(update={"events": events, "mentions": mentions}), "the date 'November 1' (2018-11-01)"


def _bad_hopper(doc):
    # two mentions of the $50 million loan: give one of them a Borrower that is another entity
    loans = [e for e in doc.events if e.coref == "H-loan-russia-cuba-usd50m"]
    assert len(loans) >= 2
    putin = _mention(doc, "Vladimir Putin")
    second = loans[1].model_copy(update={"arguments": [
        Argument(role=a.role, mention=putin.id) if a.role == "Borrower" else a for a in loans[1].arguments]})
    events = [second if e.id == second.id else e for e in doc.events]
    return doc.model_copy(update={"events": events}), "their Borrowers have no entity in common"


BAD = {
    "orphan-mention": ("000", _bad_orphan),
    "entity-without-id": ("000", _bad_entity_without_id),
    "entity-type-conflict": ("000", _bad_entity_type_conflict),
    "gazetteer-type": ("000", _bad_gazetteer),
    "gazetteer-place-type": ("003", _bad_gazetteer_place),
    "duplicate-trigger": ("000", _bad_duplicate_trigger),
    "unused-date": ("000", _bad_unused_date),
    "hopper-contradicting-arguments": ("000", _bad_hopper),
}


def test_every_level_5_test_id_has_a_bad_example_and_a_quoted_section():
    assert set(BAD) | {"undecided-suggestions"} == set(GUIDELINE_TESTS)
    assert set(SECTIONS) == set(GUIDELINE_TESTS)
    guidelines = (REPO / "guidelines.md").read_text(encoding="utf-8")
    flat = " ".join(guidelines.replace("*", "").split())
    for test_id, (section, sentence) in SECTIONS.items():
        assert TESTS[test_id].level == 5 and TESTS[test_id].category == "GUIDELINES"
        assert " ".join(sentence.split()) in flat, f"{test_id}: the quoted sentence is not in guidelines.md"
        assert test_id in guidelines, f"{test_id} is not named next to its rule in guidelines.md"


@pytest.mark.parametrize("test_id", sorted(BAD))
def test_one_bad_example_per_test_id(gold, test_id):
    key, make = BAD[test_id]
    bad, expected = make(gold[key])
    assert not any(expected in i.message for i in check_guidelines(gold[key]))
    found = [i for i in _ids(check_guidelines(bad), test_id) if expected in i.message]
    assert found, f"{test_id} not reported: {[str(i) for i in check_guidelines(bad)]}"
    section = SECTIONS[test_id][0]
    assert f"guidelines §{section}: " in found[0].message
    # the same through the validator's reading of a raw line, located
    _, incidents = check_record(bad.to_json().encode(), file="x.jsonl", line=3)
    located = [i for i in _ids(incidents, test_id) if expected in i.message]
    assert located and (located[0].file, located[0].line, located[0].doc_id) == ("x.jsonl", 3, bad.id)
    assert f" L5 GUIDELINES {test_id}" in str(located[0])
    # --level 4 does not look at the guidelines
    _, shallow = check_record(bad.to_json().encode(), level=4)
    assert not any(i.level == 5 for i in shallow)


def test_drafts_are_left_alone(gold):
    bad, _ = _bad_gazetteer(gold["000"])
    draft = bad.model_copy(update={"annotation": bad.annotation.model_copy(update={"status": Status.DRAFT})})
    assert check_guidelines(draft) == []
    assert _ids(check_guidelines(draft, status=False), "gazetteer-type")


def test_undecided_suggestions_read_from_the_session_side_file(gold, tmp_path):
    doc = gold["000"]
    complete = doc.model_copy(update={"annotation": doc.annotation.model_copy(update={
        "annotator": "alice", "status": Status.COMPLETE})})
    taken = f"{doc.events[0].type}:{doc.events[0].trigger.start}-{doc.events[0].trigger.end}"
    start = doc.text.index("forum")
    side = tmp_path / "side.json"
    side.write_text(json.dumps({"offered": [taken, f"Visit:{start}-{start + 5}", "Loan:1-2"],
                                "rejected": ["Loan:1-2"]}))
    found = _ids(check_guidelines(complete, side_path=side), "undecided-suggestions")
    assert len(found) == 1 and "1 suggestion(s) neither accepted nor rejected: Visit 'forum'" in found[0].message
    side.write_text(json.dumps({"offered": [taken], "rejected": []}))
    assert _ids(check_guidelines(complete, side_path=side), "undecided-suggestions") == []


def test_undecided_suggestions_through_annotate_validate(gold, tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    doc = gold["000"]
    (corpus / "raw" / f"{doc.id}.txt").write_bytes(doc.text.encode())
    folder = corpus / "annotations" / "alice"
    folder.mkdir(parents=True)
    complete = doc.model_copy(update={"annotation": doc.annotation.model_copy(update={
        "annotator": "alice", "status": Status.COMPLETE})})
    (folder / f"{doc.id}.jsonl").write_text(complete.to_json() + "\n")
    (folder / f"{doc.id}.session.json").write_text(json.dumps({"offered": ["Loan:10-14"], "rejected": []}))
    result = run_annotate("validate", str(corpus), "--format", "json")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert body["summary"]["by_test"].get("undecided-suggestions") == 1
    assert run_annotate("validate", str(corpus), "--level", "4").returncode == 0


def test_the_gold_passes_level_5_with_the_warnings_its_readme_accepts():
    report = validate_paths([GOLD], max_errors=None)
    assert report.errors == 0, [str(i) for i in report.incidents if i.is_error]
    readme = (REPO / "corpus" / "README.md").read_text(encoding="utf-8")
    for found in report.incidents:
        # every remaining warning is listed in corpus/README.md with its reason
        assert f"`{found.test_id}`" in readme
        assert f"| {found.doc_id[:3]} |" in readme, str(found)
    assert f"{report.warnings} warnings" in readme


def test_level_option_and_its_bounds(tmp_path, gold):
    bad, _ = _bad_gazetteer(gold["000"])
    path = tmp_path / "bad.jsonl"
    path.write_text(bad.to_json() + "\n")
    deep = run_annotate("validate", str(path))
    assert deep.returncode == 1 and b"L5 GUIDELINES gazetteer-type" in deep.stdout
    assert run_annotate("validate", str(path), "--level", "4").returncode == 0
    assert run_annotate("validate", str(path), "--level", "6").returncode == 2
    # levels 1-2 only: a content error (level 3) is not reported
    broken = json.loads(bad.to_json())
    broken["mentions"][0]["text"] = "X" * len(broken["mentions"][0]["text"])
    path.write_text(json.dumps(broken) + "\n")
    assert run_annotate("validate", str(path), "--level", "2").returncode == 0
    assert run_annotate("validate", str(path), "--level", "3").returncode == 1


def test_light_sentence_splitter_keeps_abbreviations_and_quotes():
    text = "The U.S. said no. “We will go,” he said.\nA headline\nOn Nov. 2 Putin met him. Then he left!"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["The U.S. said no.", "“We will go,” he said.", "A headline", "On Nov. 2 Putin met him.",
                     "Then he left!"]


def test_level_5_does_not_import_spacy(tmp_path):
    code = ("import sys; from annotate.validate import validate_paths; "
            f"r = validate_paths([{str(GOLD)!r}]); "
            "assert r.errors == 0; assert 'spacy' not in sys.modules, 'spacy imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
