"""Adjudication as a library: the pure merge, provenance, --prefer, the journal, edits, validation."""

from __future__ import annotations

import json

import pytest

from annotate.adjudicate import (
    AdjudicationStopped, DecisionJournal, PromptResolver, Resolution, adjudicate, event_units, merge_document,
    prefer_resolver,
)
from annotate.errors import DataError, UsageError
from annotate.validate.content import check_document
from schema import Argument, Decision, Document, Realis, Status
from test_agree import alice, bob
from test_score import benchmark_module, write_jsonl


def never(item):
    raise AssertionError(f"asked about {item.title}")


def events_summary(doc: Document) -> list[tuple]:
    by_id = doc.mentions_by_id()
    return [(e.type, e.trigger.text, e.attributes.realis.value,
             sorted((a.role, by_id[a.mention].text) for a in e.arguments)) for e in doc.events]


def test_identical_sets_are_agreed_without_asking():
    doc, stats = merge_document({"alice": alice(), "bob": alice()}, never, adjudicator="maria")
    assert stats.decided == 0 and stats.agreed > 0
    assert events_summary(doc) == events_summary(alice())
    assert doc.annotation.annotator == "maria" and doc.annotation.status.value == "adjudicated"
    assert doc.annotation.adjudicated_from == ["alice", "bob"]
    for item in [*doc.mentions, *doc.events, *(a for e in doc.events for a in e.arguments)]:
        assert item.provenance.decision == Decision.AGREED
        assert item.provenance.sources == ["alice", "bob"] and item.provenance.decided_by is None
    assert [m.id for m in doc.mentions] == [f"M{i}" for i in range(1, 11)]
    assert [e.id for e in doc.events] == ["EV1", "EV2", "EV3", "EV4"]
    assert not [i for i in check_document(doc) if i.is_error]


def test_event_units_pair_exact_then_overlapping_triggers():
    a, b = alice(), bob()
    units = event_units({"alice": a, "bob": b})
    triggers = [{n: ({"alice": a, "bob": b}[n].events[i].trigger.text) for n, i in u.items()} for u in units]
    assert triggers == [{"alice": "arrived", "bob": "arrived"}, {"alice": "loan", "bob": "million loan"},
                        {"alice": "said", "bob": "said"}, {"alice": "signed", "bob": "signed"}]


def test_prefer_takes_the_preferred_version_including_its_absences():
    doc, stats = merge_document({"alice": alice(), "bob": bob()}, prefer_resolver("bob", ["bob", "alice"]),
                                adjudicator="gold", priority=["bob", "alice"])
    # bob's events win every disagreement, and alice's Borrower "Cuba" (bob has none) is dropped.
    assert events_summary(doc) == [
        ("Visit", "arrived", "other", [("Destination", "Moscow"), ("Time", "November 1"), ("Visitor", "Díaz-Canel")]),
        ("Loan", "million loan", "other", [("Amount", "$50\u00a0million"), ("Lender", "The Russian government"),
                                           ("Purpose", "purchase of military equipment")]),
        ("Statement", "said", "actual", [("Speaker", "Putin")]),
        ("Statement", "signed", "actual", [("Speaker", "the two countries")]),
    ]
    # Dropped: alice's Borrower slot (Cuba), alice's Topic slot under "signed" (transport: Statement has a
    # Topic role, bob has none), and alice's standalone entity mention Cuba.
    assert stats.dropped == 3
    visit = doc.events[0]
    assert visit.provenance.decision == Decision.PREFERRED and visit.provenance.sources == ["bob"]
    assert visit.provenance.decided_by is None
    time = doc.mention(next(a.mention for a in visit.arguments if a.role == "Time"))
    assert time.time.value == "2018-11-02" and time.provenance.decision == Decision.PREFERRED
    moscow = next(a for a in visit.arguments if a.role == "Destination")
    assert moscow.provenance.decision == Decision.AGREED and moscow.provenance.sources == ["alice", "bob"]
    # "Cuba" is an entity mention alice had on its own: asked as a mention, and bob (preferred) lacks it.
    assert all(m.text != "Cuba" for m in doc.mentions)
    # bob never marked a Borrower, so neither does a gold that always prefers bob: the validator says so.
    assert [i.test_id for i in check_document(doc) if i.is_error] == ["missing-required-role"]


def test_chosen_versions_record_who_decided():
    def take_alice(item):
        return Resolution("take", item.versions.get("alice"), Decision.CHOSEN, set="alice", by="maria")

    doc, stats = merge_document({"alice": alice(), "bob": bob()}, take_alice, adjudicator="maria")
    assert events_summary(doc) == events_summary(alice())
    signed = doc.events[3]
    assert signed.provenance.model_dump() == {"sources": ["alice"], "decision": "chosen", "decided_by": "maria"}
    # bob's Speaker under "signed" cannot go under alice's Agreement: reported, not silently lost.
    assert stats.role_mismatch == ["sample-1: bob's Speaker 'the two countries' [157,174) ORG does not fit "
                                   "Agreement at 'signed'"]
    # Arguments of a chosen event that only alice had come with the decision on the event.
    party = signed.arguments[0]
    assert party.role == "Party" and party.provenance.decision == Decision.CHOSEN
    assert not [i for i in check_document(doc) if i.is_error]


def test_entity_and_hopper_ids_are_renumbered_per_source_set():
    a = alice()
    a = a.model_copy(update={"mentions": [m.model_copy(update={"entity": "E1"}) if m.text in ("Díaz-Canel",) else m
                                          for m in a.mentions]})
    b = alice().model_copy(update={"mentions": [
        m.model_copy(update={"entity": "E1"}) if m.text in ("Putin",) else m for m in alice().mentions]})
    doc, _ = merge_document({"alice": a, "bob": b}, never)
    entities = {m.text: m.entity for m in doc.mentions if m.entity}
    # alice's E1 (Díaz-Canel) and bob's E1 (Putin) are different entities and must stay apart.
    assert entities == {"Díaz-Canel": "E1", "Putin": "E2"}


def test_journal_round_trip_torn_line_and_reset(tmp_path):
    path = tmp_path / "j.jsonl"
    seen = []

    def take_bob(item):
        seen.append(item.key)
        return Resolution("take", item.versions.get("bob"), Decision.CHOSEN, set="bob", by="maria")

    store = DecisionJournal(path)
    versions = {"alice": alice(), "bob": bob()}

    def journaled(item):
        found = store.lookup(item)
        if found:
            return found
        resolution = take_bob(item)
        store.record(item, resolution)
        return resolution

    first, _ = merge_document(versions, journaled, adjudicator="maria")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(seen) > 0
    # A crash in the middle of a write leaves a torn last line: it is cut off, the rest is kept.
    with open(path, "ab") as handle:
        handle.write(b'{"doc": "sample-1", "key": "tor')
    reopened = DecisionJournal(path)
    assert reopened.repaired and len(reopened) == len(seen)
    again, _ = merge_document(versions, lambda item: reopened.lookup(item) or never(item), adjudicator="maria")
    assert again.model_dump(exclude={"annotation"}) == first.model_dump(exclude={"annotation"})
    reopened.reset("sample-1")
    assert len(DecisionJournal(path)) == 0
    path.write_text("not json\n" + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        DecisionJournal(path)


def scripted(answers: list[str]):
    shown: list[str] = []
    queue = list(answers)

    def ask(prompt: str):
        shown.append(prompt)
        return queue.pop(0) if queue else None

    return ask, shown.append, shown


def test_prompt_edits_an_event_and_an_argument_slot():
    ask, show, shown = scripted([
        # event at "arrived": edit -> type Visit (default), trigger "arrived" (default), realis other,
        # polarity (default), tense present
        "e", "", "", "other", "", "present",
        # its Time slot: edit -> filler "November 1", type TIME (default), value 2018-11-03
        "e", "", "", "2018-11-03",
        # every other item: take alice's version
        *["alice"] * 20,
    ])
    resolver = PromptResolver(ask, show, sets=["alice", "bob"], adjudicator="maria")
    doc, _ = merge_document({"alice": alice(), "bob": bob()}, resolver, adjudicator="maria")
    visit = doc.events[0]
    assert (visit.type, visit.trigger.text, visit.attributes.realis.value, visit.attributes.tense.value) == \
        ("Visit", "arrived", "other", "present")
    assert visit.provenance.decision == Decision.EDITED and visit.provenance.decided_by == "maria"
    assert visit.provenance.sources == []  # nobody had exactly this version
    time_arg = next(a for a in visit.arguments if a.role == "Time")
    assert doc.mention(time_arg.mention).time.value == "2018-11-03"
    assert time_arg.provenance.decision == Decision.EDITED
    assert any("2 bob" in line and "realis=other" in line for line in shown)
    assert not [i for i in check_document(doc) if i.is_error]


def test_prompt_rejects_nonsense_and_quits_on_end_of_input():
    ask, show, shown = scripted(["what", "7", "d"])
    resolver = PromptResolver(ask, show, sets=["alice", "bob"], adjudicator="maria")
    ask2, show2, _ = scripted([])
    with pytest.raises(AdjudicationStopped):
        merge_document({"alice": alice(), "bob": bob()},
                       PromptResolver(ask2, show2, sets=["alice", "bob"], adjudicator="m"))
    doc_items = []

    def first_then_stop(item):
        doc_items.append(item)
        if len(doc_items) > 1:
            raise AdjudicationStopped("stop")
        return resolver(item)

    with pytest.raises(AdjudicationStopped):
        merge_document({"alice": alice(), "bob": bob()}, first_then_stop)
    assert any("not understood: 'what'" in line for line in shown)
    assert any("not understood: '7'" in line for line in shown)


def test_adjudicate_with_prefer_writes_valid_gold_atomically(tmp_path):
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1"), alice("d2")])
    b = write_jsonl(tmp_path / "bob.jsonl", [bob("d1", borrower=True)])
    out = tmp_path / "gold.jsonl"
    summary = adjudicate([a, b], out=out, prefer="alice", adjudicator="maria")
    docs = [Document.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [d.id for d in docs] == ["d1", "d2"] and summary.documents == 2
    assert events_summary(docs[0]) == events_summary(alice())
    assert summary.partial_documents == {"d2": ["alice"]}
    assert summary.problems == [] and not (tmp_path / "gold.jsonl.decisions.jsonl").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".gold")] == [] or all(
        p.name.endswith(".lock") for p in tmp_path.iterdir() if p.name.startswith(".gold"))
    with pytest.raises(UsageError, match="--prefer 'carol'"):
        adjudicate([a, b], out=out, prefer="carol")


def test_adjudicate_asks_redoes_an_invalid_document_then_reuses_the_journal(tmp_path):
    # Both inputs are valid (the commands refuse invalid files): bob's Loan names "the two countries" as
    # Borrower, alice's names Cuba, so the Borrower is asked as two slots.
    b_doc = bob("d1")
    loan = b_doc.events[1].model_copy(update={"arguments": [*b_doc.events[1].arguments,
                                                            Argument(role="Borrower", mention="B9")]})
    b_doc = b_doc.model_copy(update={"events": [b_doc.events[0], loan, *b_doc.events[2:]]})
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1")])
    b = write_jsonl(tmp_path / "bob.jsonl", [b_doc])
    out = tmp_path / "gold.jsonl"
    prompts: list[str] = []
    state = {"answer": "bob"}

    def ask(prompt: str):
        prompts.append(prompt)
        if "keep it as is" in prompt:  # bob's Loan without either Borrower: missing-required-role
            state["answer"] = "alice"
            return "redo"
        header = next((line for line in reversed(shown) if line.startswith("──")), "")
        if state["answer"] == "bob" and "Borrower" in header and "the two countries" in shown[-1]:
            return "alice"  # drop bob's Borrower too (alice's Cuba was dropped by taking bob)
        return state["answer"]

    shown: list[str] = []
    summary = adjudicate([a, b], out=out, adjudicator="maria", ask=ask, show=shown.append)
    assert any("missing-required-role" in line for line in shown)
    assert summary.problems == []
    docs = [Document.model_validate_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert events_summary(docs[0]) == events_summary(alice())
    journal_lines = [json.loads(line) for line in (tmp_path / "gold.jsonl.decisions.jsonl").read_text().splitlines()]
    assert sum(1 for e in journal_lines if e.get("reset")) == 1
    decided = [e for e in journal_lines if not e.get("reset")]
    assert {e["by"] for e in decided} == {"maria"} and {e["set"] for e in decided} == {"alice", "bob"}
    assert len(decided) == summary.decisions_recorded
    first = out.read_text(encoding="utf-8")
    again = adjudicate([a, b], out=out, adjudicator="maria", ask=lambda prompt: None, show=shown.append)
    after_reset = len(journal_lines) - 1 - next(i for i, e in enumerate(journal_lines) if e.get("reset"))
    assert again.decisions_recorded == 0 and again.decisions_reused == after_reset > 0
    strip = [json.loads(line) for line in first.splitlines()]
    for doc in strip:
        doc["annotation"].pop("modified")
    redo = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for doc in redo:
        doc["annotation"].pop("modified")
    assert redo == strip


def test_a_changed_item_is_asked_again_and_nothing_else(tmp_path):
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1")])
    b = write_jsonl(tmp_path / "bob.jsonl", [bob("d1", borrower=True)])
    out = tmp_path / "gold.jsonl"
    adjudicate([a, b], out=out, adjudicator="maria", ask=lambda prompt: "alice", show=lambda line: None)
    # bob revises the realis of his Visit: only that event is asked again, its argument slots are not.
    revised = bob("d1", borrower=True)
    visit = revised.events[0]
    revised.events[0] = visit.model_copy(update={"attributes": visit.attributes.model_copy(update={"realis": Realis.GENERIC})})
    write_jsonl(b, [revised])
    shown: list[str] = []
    summary = adjudicate([a, b], out=out, adjudicator="maria", ask=lambda prompt: "alice", show=shown.append)
    titles = [line for line in shown if line.startswith("── ")]
    assert titles == ["── d1 · event at 'arrived' [11,18) ──  (document 1 of 1)"]
    assert summary.decisions_recorded == 1 and summary.decisions_reused > 0


def test_prefer_keeps_decisions_already_made_by_a_person(tmp_path):
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1")])
    b = write_jsonl(tmp_path / "bob.jsonl", [bob("d1", borrower=True)])
    out = tmp_path / "gold.jsonl"
    answers = iter(["bob"])  # the first question (the Visit) is answered, then the session stops
    with pytest.raises(AdjudicationStopped):
        adjudicate([a, b], out=out, adjudicator="maria", ask=lambda prompt: next(answers, None),
                   show=lambda line: None)
    assert not out.exists()
    adjudicate([a, b], out=out, prefer="alice", adjudicator="maria")
    doc = Document.model_validate_json(out.read_text(encoding="utf-8").splitlines()[0])
    visit = doc.events[0]
    assert (visit.attributes.realis.value, visit.attributes.tense.value) == ("other", "future")  # bob's
    assert visit.provenance.decision == Decision.CHOSEN and visit.provenance.decided_by == "maria"
    assert doc.events[2].provenance.decision == Decision.PREFERRED  # "said": alice's, by --prefer


def test_two_sessions_cannot_share_a_journal(tmp_path):
    from annotate.corpus import file_lock
    from annotate.errors import LockedError

    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1")])
    b = write_jsonl(tmp_path / "bob.jsonl", [bob("d1", borrower=True)])
    out = tmp_path / "gold.jsonl"
    with file_lock(tmp_path / "gold.jsonl.decisions.jsonl"):
        with pytest.raises(LockedError, match="in use by another process"):
            adjudicate([a, b], out=out, prefer="alice")
    assert not out.exists()


def test_drafts_and_texts_differing_from_the_source_article_are_reported(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "raw" / "d1.txt").write_text(alice("d1").text.replace("Moscow", "Moskva"), encoding="utf-8")
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1")])
    draft = bob("d1", borrower=True).model_copy(update={"annotation": bob("d1").annotation.model_copy(
        update={"status": Status.DRAFT})})
    b = write_jsonl(tmp_path / "bob.jsonl", [draft])
    summary = adjudicate([a, b], out=tmp_path / "gold.jsonl", prefer="alice", corpus=corpus)
    assert summary.drafts == {} and summary.left_out_drafts == {"d1": ["bob"]}  # drafts are left out
    assert any("raw-text-mismatch" in problem for problem in summary.problems)
    summary = adjudicate([a, b], out=tmp_path / "gold.jsonl", prefer="alice", corpus=corpus, force=True,
                         include_drafts=True)
    assert summary.drafts == {"d1": ["bob"]} and summary.left_out_drafts == {}


def test_the_journal_does_not_depend_on_the_order_of_the_sets(tmp_path):
    a = write_jsonl(tmp_path / "alice.jsonl", [alice("d1")])
    b = write_jsonl(tmp_path / "bob.jsonl", [bob("d1", borrower=True)])
    out = tmp_path / "gold.jsonl"
    first = adjudicate([a, b], out=out, adjudicator="maria", ask=lambda prompt: "alice", show=lambda line: None)
    assert first.decisions_recorded > 0
    again = adjudicate([b, a], out=out, adjudicator="maria", ask=lambda prompt: None, show=lambda line: None)
    assert again.decisions_recorded == 0 and again.decisions_reused == first.decisions_recorded


def _partition(pairs) -> set[frozenset]:
    groups: dict[str, set] = {}
    for item, group in pairs:
        if group is not None:
            groups.setdefault(group, set()).add(item)
    return {frozenset(g) for g in groups.values()}


def test_merging_identical_sets_reproduces_realistic_documents():
    # Synthetic documents shaped like the corpus: entity ids, hoppers, clusters, times, money, emoji.
    synthetic_documents = benchmark_module("synthetic").synthetic_documents

    for source in synthetic_documents(15, seed=3):
        doc, stats = merge_document({"a": source, "b": source, "c": source}, never)
        assert stats.decided == 0
        def mentions(d):
            return sorted((m.start, m.end, m.type.value, repr(m.time), repr(m.money)) for m in d.mentions)
        def events(d):
            by_id = d.mentions_by_id()
            return sorted((e.trigger.start, e.trigger.end, e.type, e.attributes.model_dump_json(), e.cluster,
                           tuple(sorted((a.role, by_id[a.mention].start, by_id[a.mention].end) for a in e.arguments)))
                          for e in d.events)
        assert mentions(doc) == mentions(source)
        assert events(doc) == events(source)
        assert _partition(((m.start, m.end), m.entity) for m in doc.mentions) == \
            _partition(((m.start, m.end), m.entity) for m in source.mentions)
        assert _partition(((e.trigger.start, e.type), e.coref) for e in doc.events) == \
            _partition(((e.trigger.start, e.type), e.coref) for e in source.events)
        assert not [i for i in check_document(doc) if i.is_error]
