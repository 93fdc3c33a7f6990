"""The library under the session: pure operations, value syntax, undo history, the store."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_TEXT, build_sample_document
from test_session_support import LOAN_DOC, make_corpus

from annotate.errors import DataError, LockedError
from annotate.edit import ops
from annotate.session.app import guideline_section
from annotate.edit.history import History, restore, snapshot
from annotate.edit.store import AnnotationStore
from annotate.edit.values import format_money, format_time, parse_money, parse_time
from annotate.validate import check_document
from schema import MoneyValue, Status, TimeValue


def errors(doc):
    return [str(i) for i in check_document(doc) if i.severity == "error"]


def test_add_event_with_new_and_existing_mentions():
    doc = build_sample_document()
    trigger, _ = ops.anchor_span(doc, "extended")
    new_doc, event_id = ops.add_event(doc, type="Loan", trigger=trigger, args=[
        ops.ArgSpec(role="Lender", mention="M4"),
        ops.ArgSpec(role="Borrower", span=ops.anchor_span(doc, "Cuba")[0], mention_type="GPE"),
    ], attributes={"realis": "other"})
    assert event_id == "EV5"
    assert len(new_doc.mentions) == len(doc.mentions)  # "Cuba" is M6 already: reused
    event = new_doc.events[-1]
    assert [(a.role, a.mention) for a in event.arguments] == [("Lender", "M4"), ("Borrower", "M6")]
    assert event.attributes.realis.value == "other" and event.attributes.tense.value == "past"
    assert not errors(new_doc)
    assert len(doc.events) == 4  # the input document is unchanged


def test_operations_refuse_what_validate_would_refuse():
    doc = build_sample_document()
    trigger = ops.anchor_span(doc, "loan")[0]
    with pytest.raises(DataError, match="Borrower is required"):
        ops.add_event(doc, type="Loan", trigger=trigger, args=[ops.ArgSpec(role="Lender", mention="M4")])
    with pytest.raises(DataError, match="Amount takes at most 1"):
        ops.add_event(doc, type="Loan", trigger=trigger, args=[
            ops.ArgSpec(role="Lender", mention="M4"), ops.ArgSpec(role="Borrower", mention="M6"),
            ops.ArgSpec(role="Amount", mention="M5"),
            ops.ArgSpec(role="Amount", span=ops.anchor_span(doc, "million")[0], money=MoneyValue(currency="USD", amount=1e6))])
    with pytest.raises(DataError, match="does not allow a TIME mention"):
        ops.add_event(doc, type="Loan", trigger=trigger, args=[ops.ArgSpec(role="Lender", mention="M3")])
    with pytest.raises(DataError, match="no mention 'M99'"):
        ops.add_event(doc, type="Loan", trigger=trigger, args=[ops.ArgSpec(role="Lender", mention="M99")])
    with pytest.raises(DataError, match="already mention M6 of type GPE"):
        ops.add_mention(doc, span=ops.anchor_span(doc, "Cuba")[0], type="PER")
    generic, _ = ops.add_event(doc, type="Loan", trigger=trigger, args=[], attributes={"realis": "generic"})
    assert not errors(generic)


def test_edit_link_and_remove():
    doc = build_sample_document()
    doc = ops.set_attribute(doc, "EV2", "polarity", "negative")
    assert doc.events[1].attributes.polarity.value == "negative"
    doc = ops.edit_event(doc, "EV2", remove_args=[("Purpose", None)], cluster="C9")
    assert [a.role for a in doc.events[1].arguments] == ["Lender", "Borrower", "Amount"]
    assert doc.events[1].cluster == "C9"
    with pytest.raises(DataError, match="EV2 has no argument Purpose"):
        ops.edit_event(doc, "EV2", remove_args=[("Purpose", None)])
    doc, hopper = ops.link_events(doc, ["EV3"])
    assert hopper == "H1"
    with pytest.raises(DataError, match="one type"):
        ops.link_events(doc, ["EV1", "EV2"])
    doc, entity = ops.link_entities(doc, ["M8", "M1"])
    # every entity mention of the sample has an entity (6.3): linking merges M8's E5 with M1's E1
    assert entity == "E5" and doc.mention("M8").entity == doc.mention("M1").entity == "E5"
    doc, entity = ops.link_entities(doc, ["M4", "M9"])
    assert entity == "E2" and doc.mention("M9").entity == "E2"
    removed = ops.remove_event(doc, "EV2")
    assert [e.id for e in removed.events] == ["EV1", "EV3", "EV4"]
    # M6 (Cuba) and M5 (money) only served EV2; M4 is in entity E2 with M9 and stays.
    assert removed.mention("M5") is None and removed.mention("M6") is None and removed.mention("M4") is not None
    assert not errors(removed)
    kept = ops.remove_event(doc, "EV2", drop_orphan_mentions=False)
    assert len(kept.mentions) == len(doc.mentions)


def test_normalizations_and_status():
    doc = build_sample_document()
    doc = ops.set_normalization(doc, "M3", time=TimeValue(value="2018-11"))
    assert doc.mention("M3").time.value == "2018-11"
    with pytest.raises(DataError, match="TIMEX3 value '2018-13'"):
        ops.set_normalization(doc, "M3", time=TimeValue(value="2018-13"))
    with pytest.raises(DataError, match="only TIME and MONEY"):
        ops.set_normalization(doc, "M1", time=TimeValue(value="2018"))
    done = ops.set_status(doc, "complete")
    assert done.annotation.status == Status.COMPLETE


def test_anchor_span_whole_words_and_counts():
    doc = build_sample_document()
    span, count = ops.anchor_span(doc, "Russian")
    assert span.text == "Russian" and count == 1
    with pytest.raises(DataError, match="occurs 1 time"):
        ops.anchor_span(doc, "Moscow@2")
    text = "Russian ties: Russia lends."
    other = doc.model_copy(update={"text": text})
    span, count = ops.anchor_span(other, "Russia")
    assert span.start == text.index("Russia lends") and count == 1  # whole word first
    assert ops.anchor_span(other, "Russia@1")[0].start == text.index("Russia lends")  # @N counts whole words
    sub = doc.model_copy(update={"text": "Sovietized and Sovietism"})
    assert ops.anchor_span(sub, "Soviet@2")[0].start == sub.text.index("Sovietism")  # never whole: all count


@pytest.mark.parametrize("spec, expected", [
    ("USD:50000000", MoneyValue(currency="USD", amount=5e7)),
    ("usd:50M", MoneyValue(currency="USD", amount=5e7)),
    ("EUR:1.5B~", MoneyValue(currency="EUR", amount=1.5e9, approximate=True)),
    ("USD:260M..", MoneyValue(currency="USD", min=2.6e8)),
    ("RUB:..50M", MoneyValue(currency="RUB", max=5e7)),
    ("CNY:10K..20K", MoneyValue(currency="CNY", min=1e4, max=2e4)),
])
def test_money_syntax(spec, expected):
    assert parse_money(spec) == expected
    assert parse_money(format_money(expected)) == expected


@pytest.mark.parametrize("spec", ["50M", "USD:", "USD:abc", "USD:20M..10M", "ABC:5", "USD:.."])
def test_bad_money_syntax_is_explained(spec):
    with pytest.raises(DataError):
        parse_money(spec)


@pytest.mark.parametrize("spec, value, kind, mod", [
    ("2018-11-02", "2018-11-02", "DATE", None), ("P3D", "P3D", "DURATION", None),
    ("2018-11-02T10:30", "2018-11-02T10:30", "TIME", None), ("present_ref", "PRESENT_REF", "DATE", None),
    ("2014,mod=ON_OR_AFTER", "2014", "DATE", "ON_OR_AFTER"), ("P1W,type=SET", None, None, None),
])
def test_time_syntax(spec, value, kind, mod):
    if value is None:
        with pytest.raises(DataError, match="does not fit"):
            parse_time(spec)
        return
    time = parse_time(spec)
    assert (time.value, time.type.value, time.mod.value if time.mod else None) == (value, kind, mod)
    assert parse_time(format_time(time)) == time


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=len(SAMPLE_TEXT) - 1), st.integers(min_value=1, max_value=40))
def test_spans_made_by_ops_always_match_the_text(start, length):
    doc = build_sample_document()
    end = min(len(SAMPLE_TEXT), start + length)
    span = ops.span_at(doc, start, end)
    assert span.text == SAMPLE_TEXT[start:end] and span.end - span.start == len(span.text)


def test_history_undo_redo_round_trip():
    doc = build_sample_document()
    history = History()
    states = [snapshot(doc)]
    for event_id in ("EV4", "EV3"):
        history.record(f"delete {event_id}", snapshot(doc))
        doc = ops.remove_event(doc, event_id)
        states.append(snapshot(doc))
    step = history.undo(snapshot(doc))
    assert step.label == "delete EV3" and step.state == states[1]
    doc = restore(doc, step.state)
    step = history.redo(snapshot(doc))
    assert step.state == states[2]
    again = History.from_json(json.loads(json.dumps(history.to_json())))
    assert [s.label for s in again.undo_stack] == ["delete EV4", "delete EV3"]
    assert restore(doc, states[0]).events == build_sample_document().events
    history.record("new action", snapshot(doc))
    assert not history.can_redo


def test_store_creates_saves_and_reconciles_outside_changes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    store = AnnotationStore(corpus, "alice")
    doc, side = store.open_session(LOAN_DOC)
    assert doc.annotation.status == Status.DRAFT and doc.source.file_name == f"{LOAN_DOC}.txt"
    trigger = ops.anchor_span(doc, "urged")[0]
    changed, _ = ops.add_event(doc, type="Statement", trigger=trigger,
                               args=[ops.ArgSpec(role="Speaker", span=ops.anchor_span(doc, "Putin")[0])])
    side.history.record("add", snapshot(doc))
    side.sentence = 7
    store.commit(changed, side)
    # A batch edit while no session runs:
    outside = ops.remove_event(store.read(LOAN_DOC), "EV1")
    store.save(outside)
    doc, side = store.open_session(LOAN_DOC)
    assert doc.events == [] and side.sentence == 7
    assert [s.label for s in side.history.undo_stack] == ["add", "changes saved outside this session"]
    assert restore(doc, side.history.undo_stack[-1].state).events[0].type == "Statement"


def test_store_refuses_invalid_documents_and_locks(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", LOAN_DOC)
    store = AnnotationStore(corpus, "alice")
    doc = store.load(LOAN_DOC)
    bad = doc.model_copy(update={"text": doc.text + "x"})
    with pytest.raises(DataError, match="source-sha256-mismatch"):
        store.save(bad)
    assert not store.exists(LOAN_DOC)
    stale = store.path(LOAN_DOC).with_name(f".{LOAN_DOC}.jsonl.abc123.tmp")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_text("half a line", encoding="utf-8")
    with store.lock(LOAN_DOC):
        assert not stale.exists()  # a killed writer's temporary file is removed under the lock
        with pytest.raises(LockedError, match="in use by another process"):
            with store.lock(LOAN_DOC):
                pass


def test_guideline_section_is_found_by_heading(tmp_path):
    (tmp_path / "guidelines.md").write_text("# Manual\n\n## Visit\nvisit rules\n\n### Visit triggers\nx\n\n"
                                            "## Loan events\nloan rules\n\n## Agreement\n\n## Roles\n"
                                            "### Loan roles\nlender first\n### Visit roles\n", encoding="utf-8")
    assert guideline_section("Loan", search=[tmp_path]) == "## Loan events\nloan rules\n\n### Loan roles\nlender first"
    assert guideline_section("Visit", search=[tmp_path]) == "## Visit\nvisit rules\n\n### Visit triggers\nx\n\n### Visit roles"
    assert guideline_section("Statement", search=[tmp_path]) is None
    assert guideline_section("Loan", search=[tmp_path / "missing"]) is None


def test_long_history_is_stored_once_per_distinct_item():
    doc = build_sample_document()
    history = History()
    states = []
    for number in range(60):  # 60 actions, each changing one attribute of one event
        states.append(snapshot(doc))
        history.record(f"step {number}", states[-1])
        event_id = f"EV{number % 4 + 1}"
        value = ["past", "present", "future", "unspecified"][number % 4]
        doc = ops.set_attribute(doc, event_id, "tense", value)
    for _ in range(10):
        step = history.undo(snapshot(doc))
        doc = restore(doc, step.state)
    data = json.loads(json.dumps(history.to_json()))
    one_state = len(json.dumps(states[0]))
    assert len(json.dumps(data)) < 6 * one_state  # not 60 copies of the document's annotations
    again = History.from_json(data)
    assert [s.state for s in again.undo_stack] == [s.state for s in history.undo_stack]
    assert [s.state for s in again.redo_stack] == [s.state for s in history.redo_stack]
    assert again.undo_stack[0].state == states[0]


def test_screen_marks_escape_brackets_and_never_overlap():
    import io

    from annotate.session.app import Terminal
    from annotate.session.screen import render_sentence, sentence_marks

    text = "Russia and Cuba vowed [to] discuss a loan [sic] of $5 million."
    doc = build_sample_document().model_copy(update={"text": text, "mentions": [], "events": []})
    doc, m1 = ops.add_mention(doc, span=ops.anchor_span(doc, "Russia")[0], type="GPE")
    doc, m2 = ops.add_mention(doc, span=ops.anchor_span(doc, "Russia and Cuba")[0], type="GPE")  # overlaps M1
    doc, _ = ops.add_event(doc, type="Loan", trigger=ops.anchor_span(doc, "loan")[0], attributes={"realis": "generic"})
    marks = sentence_marks(doc, 0, len(text), [])
    assert [(m.label, m.kind) for m in marks] == [("M1", "mention"), ("EV1", "event")]  # M2 overlaps M1: listed, not marked
    for plain in (True, False):
        from rich.console import Console

        term = Terminal(plain=plain, width=200)
        term.console = Console(file=io.StringIO(), force_terminal=not plain, no_color=plain or None, width=200,
                               highlight=False, emoji=False)
        term.say(render_sentence(doc, 0, len(text), []))
        out = term.console.file.getvalue()
        import re as _re

        visible = _re.sub(r"\x1b\[[0-9;]*m", "", out)
        assert visible.strip() == "[Russia|M1] and Cuba vowed [to] discuss a [loan|EV1] [sic] of $5 million."
        assert ("\x1b[" in out) is (not plain)


def test_analysis_cache_is_spacys_result_and_invalidated_by_the_text(tmp_path):
    from annotate.nlp import analyze
    from annotate.session.analysis_cache import cached_analysis

    cache = tmp_path / ".cache" / "doc.analysis.json"
    fresh = cached_analysis(SAMPLE_TEXT, cache)
    assert cache.exists()
    again = cached_analysis(SAMPLE_TEXT, cache)  # from the file
    assert again == fresh == analyze(SAMPLE_TEXT)
    other = SAMPLE_TEXT.replace("Moscow", "Havana")
    assert cached_analysis(other, cache) == analyze(other)  # another text: recomputed, not the stale cache
    cache.write_text("{not json", encoding="utf-8")
    assert cached_analysis(SAMPLE_TEXT, cache) == analyze(SAMPLE_TEXT)
    # Another annotator's cache of the same text is used (and copied), a stale one is not.
    data = json.loads(cache.read_text(encoding="utf-8"))
    data["sentences"] = [[0, len(SAMPLE_TEXT), 0, len(data["tokens"])]]  # marked, to see that it was read
    theirs = tmp_path / "alice" / "doc.analysis.json"
    theirs.parent.mkdir()
    theirs.write_text(json.dumps(data), encoding="utf-8")
    mine = tmp_path / "bob" / "doc.analysis.json"
    got = cached_analysis(SAMPLE_TEXT, mine, also=[tmp_path / "nobody.json", theirs])
    assert len(got.sentences) == 1 and got.tokens == analyze(SAMPLE_TEXT).tokens
    assert json.loads(mine.read_text(encoding="utf-8")) == data


def test_remove_mention_only_when_unused():
    doc = build_sample_document()
    with pytest.raises(DataError, match="M4 fills EV2 Lender"):
        ops.remove_mention(doc, "M4")
    doc = ops.remove_event(doc, "EV2", drop_orphan_mentions=False)
    doc = ops.remove_mention(doc, "M7")
    assert doc.mention("M7") is None and not errors(doc)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["remove", "attr", "link", "mention", "arg"]), st.integers(0, 50)),
                min_size=1, max_size=12))
def test_any_sequence_of_actions_undoes_and_redoes_exactly(actions):
    """Random actions, each recorded like the session does; undoing all returns the original state,
    redoing all the final one, and every intermediate state validates."""
    from annotate.nlp import analyze

    doc = build_sample_document()
    tokens = analyze(doc.text).tokens
    history = History()
    states = [snapshot(doc)]
    for kind, n in actions:
        try:
            if kind == "remove" and doc.events:
                new = ops.remove_event(doc, doc.events[n % len(doc.events)].id)
            elif kind == "attr" and doc.events:
                new = ops.set_attribute(doc, doc.events[n % len(doc.events)].id, "tense",
                                        ["past", "present", "future", "unspecified"][n % 4])
            elif kind == "link" and len(doc.events) > 1:
                new = ops.link_events(doc, [doc.events[n % len(doc.events)].id])[0]
            elif kind == "mention":
                start, end = tokens[n % len(tokens)]
                new = ops.add_mention(doc, span=ops.span_at(doc, start, end), type="TOPIC")[0]
            elif kind == "arg" and doc.events:
                start, end = tokens[n % len(tokens)]
                new = ops.edit_event(doc, doc.events[n % len(doc.events)].id,
                                     add_args=[ops.ArgSpec(role="Time", span=ops.span_at(doc, start, end),
                                                           time=TimeValue(value="2018-11"))])
            else:
                continue
        except DataError:
            continue  # refused actions change nothing, as in the session
        assert not errors(new), errors(new)
        history.record(kind, snapshot(doc))
        doc = new
        states.append(snapshot(doc))
    stored = History.from_json(json.loads(json.dumps(history.to_json())))  # as persisted in the side file
    current = snapshot(doc)
    for expected in reversed(states[:-1]):
        current = stored.undo(current).state
        assert current == expected
    assert not stored.can_undo
    for expected in states[1:]:
        current = stored.redo(current).state
        assert current == expected
    assert restore(doc, current) == doc


def test_edit_mention_type_span_entity():
    doc = build_sample_document()
    with pytest.raises(DataError, match="M4 fills EV2 Lender, which does not allow TOPIC"):
        ops.edit_mention(doc, "M4", type="TOPIC")
    edited = ops.edit_mention(doc, "M4", type="ORG", entity=None)
    assert edited.mention("M4").type.value == "ORG" and edited.mention("M4").entity is None
    wider = ops.edit_mention(doc, "M10", span=ops.anchor_span(doc, "on transport")[0])
    assert wider.mention("M10").text == "on transport" and wider.mention("M10").start == SAMPLE_TEXT.index("on transport")
    with pytest.raises(DataError, match="already mention M6"):
        ops.edit_mention(doc, "M2", span=ops.anchor_span(doc, "Cuba")[0])
    retyped = ops.edit_mention(ops.remove_event(doc, "EV1", drop_orphan_mentions=False), "M3", type="TOPIC")  # value dropped
    assert retyped.mention("M3").time is None and not errors(retyped)
    for d in (edited, wider):
        assert not errors(d)


def test_spans_that_disagree_with_the_text_are_refused_not_recut():
    from schema import Span

    doc = build_sample_document()
    wrong = Span(start=0, end=10, text="Diaz-Canel")  # the text has "Díaz-Canel"
    with pytest.raises(DataError, match="does not match the document text"):
        ops.add_mention(doc, span=wrong, type="PER")
    with pytest.raises(DataError, match="trigger: .*does not match"):
        ops.add_event(doc, type="Loan", trigger=Span(start=0, end=4, text="loan"), attributes={"realis": "generic"})
    with pytest.raises(DataError, match="outside the text"):
        ops.edit_mention(doc, "M1", span=Span(start=len(SAMPLE_TEXT), end=len(SAMPLE_TEXT) + 3, text="abc"))


def test_time_proposal_follows_the_guidelines_for_ranges():
    # guidelines.md 7.1: a range of days is the smallest calendar unit that holds it
    from annotate.edit.values import propose_time
    from tests.conftest import build_sample_document
    from schema import CreationTime

    doc = build_sample_document()
    doc = doc.model_copy(update={"source": doc.source.model_copy(
        update={"dct": CreationTime(value="2019-10-30", method="inferred")})})
    assert propose_time(doc, "from October 3-5").value == "2019-W40"
    assert propose_time(doc, "November 2").value == "2019-11-02"
