"""Differential test of ``import label-studio``'s short paths (issue 13): the usual region
(``_plain_region``) and the usual relation (``_plain_relation``) must give exactly what the general path
gives -- the same document, the same report, item for item -- on random and hostile tasks, in every
``--offsets`` mode. The general path is the one the importer takes when the short one declines (returns
None), so switching the short one off gives the straightforward import to compare with.
"""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import annotate.formats.label_studio as ls
from annotate.formats.importing import ImportReport, SourceResolver
from annotate.formats.mapping import LabelMapping
from annotate.formats.offsets import OffsetIndex

SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Texts with ASCII, BMP non-ASCII and astral characters (one code point, two UTF-16 units).
TEXTS = st.text(alphabet=st.sampled_from(["a", "b", " ", "é", "中", "😀", "🇷", "𝔸", "\n"]), min_size=1,
                max_size=30)
LABELS = ["PER", "ORG", "LOC", "TIME", "MONEY", "Protest", "Visit", "Sign Agreement", "(no label)", "Junk"]
ROLES = ["Participant", "Place", "Time", "Coreference", "Entity", "junk"]


def hostile(draw, good):
    """``good``, or now and then a value of the wrong kind that the general path must judge."""
    if draw(st.integers(0, 7)):
        return good
    return draw(st.one_of(st.sampled_from([None, True, False, 1.0, "1", [], {}, -1, 10**6]), st.integers(-3, 70)))


@st.composite
def tasks(draw):
    text = draw(TEXTS)
    units = OffsetIndex(text, "utf-16")
    results, region_ids = [], []
    for n in range(draw(st.integers(1, 8))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        unit = draw(st.sampled_from(["utf-16", "utf-16", "codepoint", "shifted"]))
        if unit == "utf-16":
            s, e = units.from_codepoint(start), units.from_codepoint(end)
        elif unit == "codepoint":
            s, e = start, end
        else:
            s, e = start + draw(st.integers(-2, 2)), end + draw(st.integers(-2, 2))
        shown = text[start:end] if draw(st.booleans()) or unit != "shifted" else draw(TEXTS)
        value = {"start": hostile(draw, s), "end": hostile(draw, e),
                 "text": shown if draw(st.integers(0, 5)) else draw(st.sampled_from([None, 1, ["x"]]))}
        if draw(st.integers(0, 9)) == 0:
            del value["text"]
        labels = [draw(st.sampled_from(LABELS))] if draw(st.integers(0, 3)) else draw(st.one_of(
            st.lists(st.sampled_from(LABELS), max_size=3), st.sampled_from(["PER", None, [1], [True], ["PER", 2]])))
        value["labels"] = labels
        region = f"r{n}" if draw(st.integers(0, 3)) else draw(
            st.sampled_from([n, True, None, f"r{max(n - 1, 0)}"]))
        region_ids.append(region)
        result = {"id": region, "from_name": "label", "to_name": "text", "type": "labels", "value": value}
        if draw(st.integers(0, 9)) == 0:
            result["value"] = draw(st.sampled_from([None, [], "x"]))
        results.append(result)
        for name in draw(st.lists(st.sampled_from(["realis", "polarity", "tense", "other"]), max_size=2)):
            results.append({"id": region, "from_name": name, "to_name": "text", "type": "choices",
                            "value": {"choices": draw(st.one_of(
                                st.lists(st.sampled_from(["actual", "other", "negative", "present", "x"]),
                                         min_size=1, max_size=1),
                                st.lists(st.sampled_from(["actual", "future"]), max_size=2),
                                st.sampled_from([None, "actual", [1]])))}})
    ends = region_ids + ["nowhere", 3, False, None]
    for _ in range(draw(st.integers(0, 6))):
        relation = {"from_id": draw(st.sampled_from(ends)), "to_id": draw(st.sampled_from(ends)),
                    "type": "relation",
                    "direction": draw(st.sampled_from(["right", "left", "bi", None])),
                    "labels": draw(st.one_of(st.lists(st.sampled_from(ROLES), min_size=1, max_size=1),
                                             st.lists(st.sampled_from(ROLES), max_size=2),
                                             st.sampled_from([None, "Place", [3]])))}
        if draw(st.integers(0, 5)) == 0:
            del relation["direction"]
        results.append(relation)
    results = draw(st.permutations(results))
    return {"id": draw(st.integers(1, 5)), "data": {"text": text},
            "annotations": [{"id": 1, "result": results, "was_cancelled": False}]}


def imported(task, offsets, *, short: bool, monkeypatch) -> tuple[str | None, dict]:
    with monkeypatch.context() as patch:
        if not short:
            patch.setattr(ls, "_plain_region", lambda *args: None)
            patch.setattr(ls, "_plain_relation", lambda *args: None)
        report = ImportReport()
        mapping = LabelMapping().frozen()
        mapping.add("Junk", "-")
        try:
            document = ls.task_to_document(json.loads(json.dumps(task)), mapping=mapping, report=report,
                                           resolver=SourceResolver(None), where="tasks.json[0]",
                                           offsets=offsets, line=1)
        except Exception as exc:  # noqa: BLE001 -- the same refusal on both paths
            return f"{type(exc).__name__}: {exc}", dataclasses.asdict(report)
    return (document.to_json() if document is not None else None), dataclasses.asdict(report)


@pytest.mark.parametrize("offsets", ["auto", "utf-16", "codepoint"])
def test_short_paths_give_what_the_general_path_gives(offsets, monkeypatch):
    taken = {"short": 0, "general": 0}
    plain_region = ls._plain_region

    def counted(*args):
        found = plain_region(*args)
        taken["short" if found is not None else "general"] += 1
        return found

    @SETTINGS
    @given(tasks())
    def check(task):
        with monkeypatch.context() as patch:
            patch.setattr(ls, "_plain_region", counted)
            short = imported(task, offsets, short=True, monkeypatch=monkeypatch)
        assert short == imported(task, offsets, short=False, monkeypatch=monkeypatch)

    check()
    assert taken["short"] > 100 and taken["general"] > 100  # both paths really taken


def test_the_short_region_declines_what_the_general_path_must_judge():
    text = "a😀b"  # the emoji: one code point, two UTF-16 units
    utf16 = OffsetIndex(text, "utf-16").to_codepoint
    good = {"start": 3, "end": 4, "text": "b", "labels": ["PER"]}
    assert ls._plain_region(text, good, "r1", utf16) == ("r1", 2, 3, "PER", "b")
    assert ls._plain_region(text, {**good, "start": 2, "end": 3}, "r1", utf16) is None  # code points: warned
    assert ls._plain_region(text, {**good, "start": 2}, "r1", utf16) is None  # inside the emoji
    assert ls._plain_region(text, {**good, "start": True}, "r1", utf16) is None
    assert ls._plain_region(text, {**good, "end": 4.0}, "r1", utf16) is None
    assert ls._plain_region(text, good, 1, utf16) is None
    assert ls._plain_region(text, {**good, "labels": ["PER", "ORG"]}, "r1", utf16) is None
    assert ls._plain_region(text, {**good, "text": "a"}, "r1", utf16) is None
    assert ls._plain_relation({"from_id": "a", "to_id": "b", "labels": ["Place"], "direction": "left"}) == \
        ("b", "a", "Place")
    assert ls._plain_relation({"from_id": "a", "to_id": 2, "labels": ["Place"]}) is None
