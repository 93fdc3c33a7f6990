"""Differential tests of the validator's optimised paths (issue 13): what ``annotate validate`` reports
for a file is the same, byte for byte, with the fast path on (typed dicts, level 5 on those dicts) and
with it off (every line through the Document model, the detailed checks, and level 5 on the dumped
model); and :func:`~annotate.validate.guidelines.sentence_at` (the sentence around one offset) agrees with
:func:`~annotate.validate.guidelines.sentence_spans` (all of them).

The documents are the corpus's (``corpus/gold.jsonl``, ``corpus/annotations/``) and synthetic ones,
randomly mutated: text inserted between spans (dates, abbreviations, line breaks, punctuation) with
the offsets moved along, realis, types, entity ids, arguments, hoppers, statuses changed, mentions and
arguments dropped, events duplicated, and lines broken at the JSON level (values swapped, keys
repeated, NaN, huge numbers, lone surrogates, truncation), so that every level has something to say.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotate.validate import run, validate_paths
from annotate.validate.guidelines import sentence_at, sentence_spans
from benchmarks.synthetic import synthetic_documents

from conftest import REPO

ENTITY = ("PER", "ORG", "GPE", "LOC", "FAC")
INSERTS = ["since 2014", " on May 3", "Nov. 5", "U.S. ", "Mr. Smith. ", "\n", "\n\n", " Monday", "today. ",
           "yesterday", "3.5 ", ". A", "? B", "! “C", "”. D", "etc. E", "1st", "March", "Mayday ", "Sept. 11",
           " 2018-11-02 ", "\u00a0", " (Jan.) ", " x.Y ", "Sun", "Tuesday", "in 1999", "Q4 2019", "abcdefgh. 7",
           "…", "\t", "  ", "..", "?!", " Washington ", "Cuba", "tomorrow", "last week", "4 November 2018"]
DATES = [" on Monday", " on May 3", " last Friday", " on 4 November", " in 2016", " since Jan. 2", " today",
         " (Nov. 5)", " on Sept. 11, 2001", " in March", " this week", " on Oct. 2. The", " 12 May."]


def _seeds() -> list[dict]:
    files = [REPO / "corpus" / "gold.jsonl", *sorted((REPO / "corpus" / "annotations").rglob("*.jsonl"))]
    seeds = [json.loads(line) for path in files for line in path.read_bytes().splitlines() if line.strip()]
    seeds += [json.loads(doc.to_json()) for doc in synthetic_documents(6, seed=13)]
    return seeds


SEEDS = _seeds()


def _spans(doc: dict) -> list[tuple[int, int]]:
    return ([(m["start"], m["end"]) for m in doc.get("mentions", [])]
            + [(e["trigger"]["start"], e["trigger"]["end"]) for e in doc.get("events", [])])


def _insert_text(doc: dict, rng: random.Random) -> None:
    """Insert a piece of text where no span is cut (often just after a trigger: a date in the sentence
    of an event), and move the spans after it."""
    text = doc["text"]
    for _ in range(10):
        if doc.get("events") and rng.random() < 0.5:
            at = rng.choice(doc["events"])["trigger"]["end"]
            piece = rng.choice(DATES)
        else:
            at = rng.randrange(len(text) + 1)
            piece = rng.choice(INSERTS)
        if all(not s < at < e for s, e in _spans(doc)):
            break
    else:
        return
    doc["text"] = text[:at] + piece + text[at:]
    for span in [*doc.get("mentions", []), *(e["trigger"] for e in doc.get("events", []))]:
        if span["start"] >= at:
            span["start"] += len(piece)
            span["end"] += len(piece)


def _mutate(doc: dict, rng: random.Random) -> dict:
    doc = copy.deepcopy(doc)
    mentions, events = doc.setdefault("mentions", []), doc.setdefault("events", [])
    # mostly changes that keep levels 1-3 quiet, so that level 5 runs; now and then one that does not
    for _ in range(rng.randrange(1, 7)):
        what = rng.choice([0, 0, 1, 1, 2, 3, 3, 5, 5, 6, 6, 8, 9, 4, 7, 10, 11])
        if what <= 2:
            _insert_text(doc, rng)
        elif what == 3 and events:
            rng.choice(events)["attributes"]["realis"] = rng.choice(["actual", "generic", "other"])
        elif what == 4 and events:
            arguments = rng.choice(events).get("arguments", [])
            if arguments:
                arguments.pop(rng.randrange(len(arguments)))
        elif what == 5 and mentions:
            mention = rng.choice(mentions)
            if mention["type"] in ENTITY:
                if rng.random() < 0.5:
                    mention["type"] = rng.choice(ENTITY)
                elif rng.random() < 0.5:
                    mention.pop("entity", None)
                else:
                    mention["entity"] = rng.choice(["E1", "E2", mention.get("entity") or "E3"])
        elif what == 6 and events:
            event = rng.choice(events)
            if rng.random() < 0.5:
                event["coref"] = rng.choice(["H1", "H2", event.get("coref") or "H3"])
            else:
                events.append({**copy.deepcopy(event), "id": f"EVX{rng.randrange(1000)}"})
        elif what == 7 and events and mentions:
            arguments = rng.choice(events).get("arguments", [])
            if arguments:
                rng.choice(arguments)["mention"] = rng.choice(mentions)["id"]
        elif what == 8:
            doc["annotation"]["status"] = rng.choice(["complete", "adjudicated", "draft"])
        elif what == 9 and mentions:
            gone = mentions.pop(rng.randrange(len(mentions)))["id"]
            for event in events:
                event["arguments"] = [a for a in event.get("arguments", []) if a["mention"] != gone]
        elif what == 10 and mentions:  # a span one character off: level 3 has a word to say
            mention = rng.choice(mentions)
            mention["end"] = max(mention["start"] + 1, mention["end"] + rng.choice([-1, 1]))
            mention["text"] = doc["text"][mention["start"]:mention["end"]]
        elif what == 11 and mentions:
            mention = rng.choice(mentions)
            mention["id"] = rng.choice([m["id"] for m in mentions])
    if rng.random() < 0.9:  # else a stale checksum (level 3)
        doc["source"]["sha256"] = hashlib.sha256(doc["text"].encode("utf-8", "surrogatepass")).hexdigest()
    return doc


def _broken_line(doc: dict, rng: random.Random) -> bytes:
    """The document as a JSON line, broken at the JSON level in one of many ways (or not)."""
    line = json.dumps(doc, ensure_ascii=rng.random() < 0.2, separators=(",", ":")).encode()
    what = rng.randrange(10)
    if what == 0:
        return line[: rng.randrange(len(line))]
    if what == 1:  # a repeated key
        return line.replace(b'"status":', b'"status":"draft","status":', 1)
    if what == 2:
        return line.replace(b'"start":', b'"start":NaN,"x":', 1)
    if what == 3:
        return line.replace(b'"end":', b'"end":1' + b"0" * 30 + b',"end0":', 1)
    if what == 4:  # a lone surrogate in the text
        return line.replace(b'"text":"', b'"text":"\\ud800', 1)
    if what == 5:  # spaces around the separators
        return json.dumps(doc, ensure_ascii=False, separators=(", ", ": ")).encode()
    return line


def _corpus_file(path: Path, seed: int, count: int) -> Path:
    rng = random.Random(seed)
    lines = []
    ids = []
    for number in range(count):
        doc = _mutate(rng.choice(SEEDS), rng) if rng.random() < 0.9 else copy.deepcopy(rng.choice(SEEDS))
        doc["id"] = rng.choice(ids) if ids and rng.random() < 0.1 else f"{doc['id']}-{number}"  # level 4
        ids.append(doc["id"])
        lines.append(_broken_line(doc, rng) if rng.random() < 0.3 else json.dumps(doc, ensure_ascii=False).encode())
        if rng.random() < 0.02:
            lines.append(b"")
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def _report(path: Path, level: int, *, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple:
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(run, "clean_record", lambda raw: None)
        report = validate_paths([path], corpus_root=None, max_errors=None, level=level)
    return [str(i) for i in report.incidents], report.summary()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_and_detailed_paths_report_the_same(tmp_path, monkeypatch, seed):
    path = _corpus_file(tmp_path / "mutated.jsonl", seed, 150)
    fast = _report(path, 5, fast=True, monkeypatch=monkeypatch)
    assert fast == _report(path, 5, fast=False, monkeypatch=monkeypatch)
    assert _report(path, 4, fast=True, monkeypatch=monkeypatch) == _report(path, 4, fast=False,
                                                                           monkeypatch=monkeypatch)


def test_the_mutations_reach_every_level(tmp_path, monkeypatch):
    path = _corpus_file(tmp_path / "mutated.jsonl", 1, 150)
    summary = _report(path, 5, fast=True, monkeypatch=monkeypatch)[1]
    assert {row["level"] for row in summary["by_class"]} == {1, 2, 3, 4, 5}, summary["by_class"]
    assert {"unused-date", "orphan-mention", "hopper-contradicting-arguments", "entity-type-conflict",
            "entity-without-id"} <= set(summary["by_test"])


# -- the sentence of one offset -------------------------------------------------------------------

TEXT = st.lists(st.sampled_from(["a", "B", "Mr", "U", "S", "etc", "Nov", "word", "7", " ", "  ", "\n", ".", "!",
                                 "?", "”", "“", "’", ")", "(", "\u00a0", "\t", "Ünïcode", "_x", "abcde"]),
                max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_sentence_at_agrees_with_sentence_spans(text: str):
    spans = sentence_spans(text)
    for offset in range(-1, len(text) + 1):
        expected = next(((lo, hi) for lo, hi in spans if lo <= offset < hi), None)
        assert sentence_at(text, offset) == expected, (text, offset)


def test_sentence_at_on_the_corpus_texts():
    for doc in SEEDS:
        text = doc["text"]
        spans = sentence_spans(text)
        assert len(spans) > 3
        for offset in range(0, len(text), 7):
            expected = next(((lo, hi) for lo, hi in spans if lo <= offset < hi), None)
            assert sentence_at(text, offset) == expected
