"""Differential tests of the importers' optimised paths against the straightforward ones (issue 13).

No timing here (speed is measured by ``benchmarks/imports.py``): each optimisation must give exactly
what the straightforward code gave, on random documents and texts.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.formats.importing import build_document, sentence_around, utf16_index
from annotate.formats.offsets import OffsetError, OffsetIndex, _width
from benchmarks.synthetic import synthetic_documents
from schema import AnnotationInfo, Document

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
TEXTS = st.text(alphabet=st.sampled_from(["a", " ", "é", "\n", "\u00a0", "“", "😀", "🇷", "𝔸", "中", "\r"]),
                max_size=40)


def loop_index(text: str, unit: str) -> tuple[list[int], list[int], list[int]]:
    """The index OffsetIndex built before: a Python loop over every character."""
    wide_cp, wide_unit, extras, extra = [], [], [], 0
    for index, char in enumerate(text):
        if ord(char) >= (0x10000 if unit == "utf-16" else 0x80):
            wide_cp.append(index)
            wide_unit.append(index + extra)
            extra += _width(char, unit) - 1
            extras.append(extra)
    return wide_cp, wide_unit, extras


@SETTINGS
@given(TEXTS, st.sampled_from(["utf-16", "utf-8"]))
def test_offset_index_by_regex_equals_the_loop(text, unit):
    index = OffsetIndex(text, unit)
    assert (index._wide_cp, index._wide_unit, index._extra) == loop_index(text, unit)


def convert(index, offset):
    try:
        return index.to_codepoint(offset)
    except OffsetError as exc:
        return ("error", str(exc))


@SETTINGS
@given(TEXTS, st.lists(st.integers(-2, 50), max_size=8))
def test_utf16_identity_index_equals_the_full_index(text, offsets):
    fast, full = utf16_index(text), OffsetIndex(text, "utf-16")
    assert fast.length == full.length
    assert [convert(fast, o) for o in offsets] == [convert(full, o) for o in offsets]


def test_build_document_equals_the_json_round_trip_on_random_documents():
    for document in synthetic_documents(40, seed=7):
        annotation = AnnotationInfo.model_validate_json(json.dumps({
            "annotator": "alice", "status": "draft", "created": "2019-03-01T10:00:00Z",
            "modified": "2019-03-02T11:30:00+02:00"}))
        data = json.loads(document.to_json())
        straightforward = Document.model_validate_json(json.dumps({
            **data, "annotation": annotation.model_dump(mode="json", exclude_none=True)}, ensure_ascii=False))
        optimised = build_document({**data, "source": document.source, "annotation": annotation})
        assert optimised == straightforward and optimised.to_json() == straightforward.to_json()


@SETTINGS
@given(TEXTS, st.data())
def test_sentence_around_holds_the_span_and_no_sentence_end_outside_it(text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    context = sentence_around(text, start, end)
    at = text.find(context)
    assert at != -1 and text[start:end] in context


# -- the write path of clean documents (ImportedLine) against the model path ------------------------

def _both_paths(importer, path, mapping):
    """What an import yields with the line write path on (as write_imported pulls it) and off: the lines,
    the report, or the error."""
    from annotate.errors import EventgoldError
    from annotate.formats.importing import _WRITING, ImportedLine, ImportReport
    from annotate.formats.mapping import build_mapping

    results = []
    for writing in (True, False):
        report = ImportReport()
        token = _WRITING.set(writing)
        try:
            items = list(importer(path, report=report, mapping=build_mapping(options=mapping)))
            got = [(item.line if isinstance(item, ImportedLine) else item.to_json().encode("utf-8")) for item in items]
            fast = sum(isinstance(item, ImportedLine) for item in items)
            for item in items:
                if isinstance(item, ImportedLine):  # the model it stands for is the one the model path builds
                    assert item.document().to_json().encode("utf-8") == item.line
        except EventgoldError as exc:
            got, fast = f"{type(exc).__name__}: {exc}", 0
        finally:
            _WRITING.reset(token)
        results.append((got, json.dumps(report.to_dict(), sort_keys=True), fast))
    return results


def test_the_line_write_path_equals_the_model_path_on_damaged_random_and_real_inputs(tmp_path):
    from test_import_differential import cases

    taken = 0
    for name, importer, path, mapping in cases(tmp_path):
        (lines, report, fast), (model_lines, model_report, none) = _both_paths(importer, path, mapping)
        assert none == 0
        assert lines == model_lines, name
        assert report == model_report, name
        taken += fast
    assert taken >= 30  # the line path is taken (the comparison is not vacuous)


def test_write_imported_writes_the_lines_the_model_path_writes(tmp_path):
    """write_imported on an importer (line path) and on the list of its Documents (model path)."""
    from annotate.formats.doccano import document_to_record, import_doccano
    from annotate.formats.importing import ImportReport, write_imported

    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(document_to_record(d)) + "\n" for d in synthetic_documents(12, seed=3)), "utf-8")
    fast_report, model_report = ImportReport(), ImportReport()
    write_imported(import_doccano(path, report=fast_report), tmp_path / "fast.jsonl", report=fast_report)
    write_imported(list(import_doccano(path, report=model_report)), tmp_path / "model.jsonl", report=model_report)
    assert (tmp_path / "fast.jsonl").read_bytes() == (tmp_path / "model.jsonl").read_bytes()
    assert fast_report.to_dict() == model_report.to_dict() and fast_report.documents == 12


def test_laid_out_dicts_are_what_the_models_write():
    """_laid_out on shuffled, defaulted, None-holding, int-amount variants of random mention and event
    dicts gives the JSON the model writes (key order included), or None for a key the model lacks."""
    import random

    from pydantic import ValidationError
    from pydantic_core import to_json

    from annotate.formats.importing import _LAYOUTS, _laid_out
    from schema import Mention
    from schema.events import EVENT_TYPES

    assert _LAYOUTS is not None  # the schema is one the line path knows
    mention_layout, event_layout, _head = _LAYOUTS
    rng = random.Random(11)

    def vary(value):
        if isinstance(value, list):
            return [vary(v) for v in value]
        if not isinstance(value, dict):
            return value
        items = [(k, vary(v)) for k, v in value.items()]
        if rng.random() < 0.5:
            rng.shuffle(items)
        out = dict(items)
        for key in ("type", "anchor", "approximate", "arguments"):
            if key in out and rng.random() < 0.3 and key != "type" or (key == "type" and "value" in out
                                                                       and rng.random() < 0.3):
                out.pop(key, None)
        for key in ("amount", "min", "max"):
            if isinstance(out.get(key), float) and out[key].is_integer() and rng.random() < 0.5:
                out[key] = int(out[key])
        if rng.random() < 0.2:
            out[rng.choice(["entity", "mod", "notes", "coref", "provenance", "min"])] = None
        if rng.random() < 0.05:
            out["unknown"] = 1
        return out

    checked = 0
    for document in synthetic_documents(30, seed=5):
        for model, layout, items in ((Mention, mention_layout, document.mentions),
                                     (None, event_layout, document.events)):
            for item in items:
                data = vary(item.model_dump(mode="json", exclude_none=rng.random() < 0.6))  # or None in order
                cls = model or EVENT_TYPES[item.type]
                if "type" not in data and model is None:
                    continue
                try:
                    expected = cls.model_validate(data).model_dump_json(exclude_none=True).encode()
                except ValidationError:
                    continue
                laid = _laid_out(data, layout)
                assert laid is not None and to_json(laid) == expected, (data, laid)
                checked += 1
    assert checked > 500


@SETTINGS
@given(st.text(alphabet=st.sampled_from(["a", "b", " ", "é", "😀"]), min_size=1, max_size=12), st.data())
def test_assembled_spans_are_judged_as_span_problem_judges_them(text, data):
    """assemble_document takes a span whose text is the document's text there without calling
    span_problem; every other span (a text that differs, offsets outside or empty, no text) is judged
    by span_problem (or, without a text, by its range) exactly as before."""
    from annotate.corpus import sha256_text
    from annotate.formats.importing import ForeignSpan, ImportReport, assemble_document, make_annotation
    from annotate.formats.mapping import LabelMapping
    from schema import Source, span_problem

    spans, expected = [], []
    for n in range(data.draw(st.integers(1, 6))):
        start = data.draw(st.integers(-1, len(text) + 1))
        end = data.draw(st.integers(start - 1, len(text) + 1))
        shown = data.draw(st.one_of(st.none(), st.just(text[max(start, 0):max(end, 0)]), st.sampled_from(["a", "é"])))
        spans.append(ForeignSpan(key=f"k{n}", start=start, end=end, label="ORG", where=f"span {n}", text=shown))
        inside = 0 <= start < end <= len(text)
        problem = (span_problem(text, start, end, shown) if shown is not None else None if inside
                   else f"offsets [{start}, {end}) are not a non-empty range inside the text")
        expected.append(f"ORG: {problem}" if problem else text[start:end])
    report = ImportReport()
    document = assemble_document(doc_id="d", text=text, source=Source(file_name="d.txt", sha256=sha256_text(text)),
                                 annotation=make_annotation("x"), spans=spans, relations=[],
                                 mapping=LabelMapping().frozen(), report=report, where="here")
    problems = iter(report.problems)
    mentions = iter(document.mentions if document is not None else [])
    for want in expected:
        if want.startswith("ORG: "):
            assert next(problems).message == want
        else:
            assert next(mentions).text == want
    assert next(problems, None) is None and next(mentions, None) is None


def test_coreference_gives_an_entity_to_entity_mentions_only():
    """assign_entities reads whether a type names an entity from a table, not the enum: the same answer
    for every mention type, and an unknown type still refused by the enum."""
    import pytest

    from annotate.formats.importing import assign_entities
    from schema import MentionType

    mentions = [{"id": f"M{n}", "type": kind.value} for n, kind in enumerate(MentionType)]
    assign_entities(mentions, [(a["id"], b["id"]) for a, b in zip(mentions, mentions[1:])])
    assert [("entity" in m) for m in mentions] == [kind.is_entity for kind in MentionType]
    assert any(kind.is_entity for kind in MentionType) and not all(kind.is_entity for kind in MentionType)
    with pytest.raises(ValueError):
        assign_entities([{"id": "a", "type": "NOPE"}, {"id": "b", "type": "PER"}], [("a", "b")])


def test_a_nested_none_is_left_out_as_the_model_leaves_it_out():
    """_is_laid takes a nested dict whose keys are in the model's order without a call of its own
    (a trigger, an argument, a provenance); a None in it must still send the event to _relaid."""
    from pydantic_core import to_json

    from annotate.formats.importing import _LAYOUTS, _laid_out
    from schema.events import EVENT_TYPES

    event_layout = _LAYOUTS[1]
    document = next(d for d in synthetic_documents(5, seed=5) if any(e.arguments for e in d.events))
    event = next(e for e in document.events if e.arguments)
    data = event.model_dump(mode="json", exclude_none=True)
    assert _laid_out(data, event_layout) is data  # laid out as the model writes it: taken as it is
    data["provenance"] = {"sources": [], "decision": "agreed", "decided_by": None}
    data["arguments"][0]["provenance"] = {"sources": ["a"], "decision": "agreed", "decided_by": None}
    expected = EVENT_TYPES[event.type].model_validate(data).model_dump_json(exclude_none=True).encode()
    laid = _laid_out(data, event_layout)
    assert laid is not data and to_json(laid) == expected and b"null" not in to_json(laid)
    del data["provenance"], data["arguments"][0]["provenance"]
    data["arguments"][-1]["mention"] = None  # the model refuses it; laid out, the None goes as _relaid drops it
    laid = _laid_out(data, event_layout)
    assert laid is not None and laid is not data and b"null" not in to_json(laid)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("TE#*Aaz019²٣ _-\u00e9")), max_size=6))
def test_brat_id_check_equals_the_id_pattern(ann_id):
    """_parse_line's cheap acceptance of ``T12``/``#3`` ids refuses exactly what the _ID pattern refuses."""
    import pytest

    from annotate.formats.brat import _ID, _parse_line

    if "\t" in ann_id:
        return
    refused = ann_id != "*" and not _ID.match(ann_id)
    if refused:
        with pytest.raises(ValueError, match="invalid id"):
            _parse_line(f"{ann_id}\tPER 0 1\tx", 1)
    else:
        try:
            _parse_line(f"{ann_id}\tPER 0 1\tx", 1)
        except ValueError as exc:
            assert "invalid id" not in str(exc)
