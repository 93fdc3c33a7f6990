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

from annotate.validate import fast, guidelines, run, validate_paths
from annotate.validate.guidelines import check_data, clean_incidents, sentence_at, sentence_spans
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


PLACES = ["Cuba", "Washington", "Texas", "Paris", "Havana", "Chad", "Georgia", "Jordan", "Moscow", "Narnia"]


def _place_mention(doc: dict, rng: random.Random) -> None:
    """Insert a place name at a word boundary and give it an entity mention that fills an Agreement's
    Party or a Visit's Visitor (level 5: gazetteer-type / gazetteer-place-type when it is not GPE)."""
    events = [e for e in doc.get("events", []) if e["type"] in ("Agreement", "Visit")]
    if not events:
        return
    name = rng.choice(PLACES)
    start = len(doc["text"]) + 1
    doc["text"] += f" {name}."
    mention_id = f"MP{rng.randrange(1000)}"
    entity = rng.choice([f"EP{rng.randrange(3)}", None]) if rng.random() < 0.2 else f"EP-{name}"
    mention = {"id": mention_id, "type": rng.choice(["PER", "ORG", "GPE", "PER", "ORG"]), "start": start,
               "end": start + len(name), "text": name}
    if entity is not None:
        mention["entity"] = entity
    doc["mentions"].append(mention)
    event = rng.choice(events)
    role = "Party" if event["type"] == "Agreement" else "Visitor"
    event.setdefault("arguments", []).append({"role": role, "mention": mention_id})


def _mutate(doc: dict, rng: random.Random) -> dict:
    doc = copy.deepcopy(doc)
    mentions, events = doc.setdefault("mentions", []), doc.setdefault("events", [])
    # mostly changes that keep levels 1-3 quiet, so that level 5 runs; now and then one that does not
    for _ in range(rng.randrange(1, 7)):
        what = rng.choice([0, 0, 1, 1, 2, 3, 3, 5, 5, 6, 6, 8, 9, 4, 7, 10, 11, 12, 12, 13, 14])
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
        elif what == 12:  # a place name (country, capital, state, or not) as a PER/ORG/GPE argument
            _place_mention(doc, rng)
        elif what == 13 and mentions:  # an orphan: a mention no argument uses
            mention = copy.deepcopy(rng.choice(mentions))
            mention["id"] = f"MX{rng.randrange(1000)}"
            mentions.append(mention)
        elif what == 14 and events:  # a second event on one trigger, with other arguments
            event = copy.deepcopy(rng.choice(events))
            event["id"] = f"EVT{rng.randrange(1000)}"
            event["arguments"] = event.get("arguments", [])[1:]
            events.append(event)
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
            "entity-without-id", "gazetteer-type", "gazetteer-place-type", "duplicate-trigger"
            } <= set(summary["by_test"])


# -- level 5 on the fast path (guidelines.clean_incidents) against check_data --------------------------

def _documents(seed: int, count: int) -> list[dict]:
    rng = random.Random(seed)
    return [_mutate(rng.choice(SEEDS), rng) for _ in range(count)]


def test_clean_incidents_equal_check_data():
    """Every complete document the fast path passes, with level 5's facts, gets from clean_incidents
    exactly what check_data says; and those that it sends to check_data are the ones with something
    at the mention level (or a draft)."""
    shortcut = reported = sent_back = 0
    for doc in _documents(7, 400):
        doc["annotation"]["status"] = "complete"
        raw = json.dumps(doc, ensure_ascii=False).encode()
        clean = fast.clean_record(raw)
        if clean is None:
            continue
        expected = [str(i) for i in check_data(clean.data)]
        if clean.guidelines is None:
            sent_back += 1
            continue
        shortcut += 1
        found = [str(i) for i in clean_incidents(clean.data, clean.guidelines)]
        assert found == expected, doc["id"]
        reported += bool(found)
        assert not any(t in " ".join(found) for t in ("fills no argument", "has no entity id", "names a"))
    assert shortcut > 50 and reported > 20 and sent_back > 20, (shortcut, reported, sent_back)


def test_drafts_and_mention_level_problems_take_check_data():
    doc = json.loads(SEED_LINE)
    assert fast.clean_record(json.dumps(doc).encode()).guidelines is not None
    for change in (lambda d: d["annotation"].update(status="draft"),
                   lambda d: d["mentions"][0].pop("entity"),  # entity-without-id
                   lambda d: d["mentions"].append({**d["mentions"][0], "id": "MZ"}),  # an orphan
                   lambda d: d["mentions"][0].update(text="Cuba", end=d["mentions"][0]["start"] + 4)):
        changed = copy.deepcopy(doc)
        change(changed)
        changed["text"] = doc["text"]
        clean = fast.clean_record(json.dumps(changed, ensure_ascii=False).encode())
        assert clean is None or clean.guidelines is None


SEED_LINE = next(doc.to_json() for doc in synthetic_documents(1, seed=5))


def test_undecided_suggestions_same_on_both_paths(tmp_path, monkeypatch):
    """The session side file of annotations/NAME/DOC.jsonl (undecided-suggestions) on the fast path."""
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    rng = random.Random(3)
    for number, doc in enumerate(_documents(11, 12)):
        doc["id"] = f"doc{number}"
        doc["annotation"].update(annotator="ann", status=rng.choice(["complete", "adjudicated", "draft"]))
        folder = corpus / "annotations" / "ann"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"doc{number}.jsonl").write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
        events = doc.get("events", [])
        offered = [f"{e['type']}:{e['trigger']['start']}-{e['trigger']['end']}" for e in events[:2]]
        offered += ["Loan:0-4", f"Visit:{rng.randrange(50)}-{rng.randrange(50, 90)}"]
        rejected = offered[-1:] if rng.random() < 0.5 else []
        (folder / f"doc{number}.session.json").write_text(json.dumps({"offered": offered, "rejected": rejected}))
    fast_report = _report(corpus, 5, fast=True, monkeypatch=monkeypatch)
    assert fast_report == _report(corpus, 5, fast=False, monkeypatch=monkeypatch)
    assert fast_report[1]["by_test"].get("undecided-suggestions", 0) >= 3, fast_report[1]["by_test"]


@pytest.mark.parametrize("sabotage", ["boundary", "digits", "words", "gazetteer", "orphans"])
def test_the_differential_test_catches_a_wrong_shortcut(tmp_path, monkeypatch, sabotage):
    """Each shortcut, broken on purpose, changes what the fast path reports: the comparison above would
    fail. (So the mutated files do exercise every shortcut.)"""
    path = _corpus_file(tmp_path / "mutated.jsonl", 1, 150)
    detailed = _report(path, 5, fast=False, monkeypatch=monkeypatch)
    with monkeypatch.context() as patch:
        if sabotage == "boundary":  # "a boundary on each side" always
            patch.setattr(guidelines, "_boundary_between", lambda text, a, b: True)
        elif sabotage == "digits":
            patch.setattr(guidelines, "_digit_runs", lambda text, encoded: [])
        elif sabotage == "words":
            patch.setattr(guidelines, "_word_candidates", lambda text: [])
        elif sabotage == "gazetteer":
            patch.setattr(fast, "_place_kind", lambda text: None)
            patch.setattr(fast, "_PLACES", {})
        else:  # the orphan test of the fast path, off
            real = fast.clean_record

            def no_orphans(raw: bytes):
                clean = real(raw)
                if clean is None or clean.guidelines is not None or b'"status":"draft"' in raw:
                    return clean
                data = clean.data
                return clean._replace(guidelines=(sorted(e["trigger"]["start"] for e in data.get("events", ())
                                                         if e["attributes"]["realis"] == "actual"),
                                                  True, clean.text.encode("utf-8", "surrogatepass")))
            patch.setattr(run, "clean_record", no_orphans)
        broken = _report(path, 5, fast=True, monkeypatch=monkeypatch)
    assert broken != detailed


# -- the cheaper scans of the fast level 5, against the expressions they replace ----------------------

PIECES = st.sampled_from(["0", "12", "2015", "٣", "۵", "x", "é", "🇷🇺", " ", "Mar", "Markets", "May", "Mayday",
                          "Sunday", "Mon", "today", "Octoday", "Mayesterday", "tomorrow", "yesterday", "Oct.",
                          "\n", "\u00a0", "€", "a1b", "Dec", "decimal", "Thursday", "Satur", "\ud800", "_"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_digit_runs_and_word_hints_match_the_expressions(text: str):
    encoded = text.encode("utf-8", "surrogatepass")
    runs = guidelines._digit_runs(text, encoded)
    expected = [m.span() for m in guidelines._DIGITS.finditer(text)]
    if runs is None:  # only when a digit is not ASCII
        assert any(c.isdecimal() and not c.isascii() for c in text)
    else:
        assert runs == expected
    words = [m.start() for m in guidelines._HINT_WORD.finditer(text)
             if guidelines._DATE_HINT.match(text, m.start()) is not None]
    candidates = guidelines._word_candidates(text)
    assert sorted(at for at in candidates if guidelines._DATE_HINT.match(text, at) is not None) == words


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


@settings(max_examples=400, deadline=None)
@given(TEXT, st.data())
def test_boundary_between_never_hides_a_sentence_mate(text: str, data):
    """``_boundary_between(a, b)`` True means a and b are in different sentences of sentence_at (or one
    is in none); the fast level 5 then skips the hint."""
    if not text:
        return
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a, len(text) - 1))
    if text[b].isspace():  # b is a hint or a trigger start
        return
    if guidelines._boundary_between(text, a, b):
        for offset, other in ((a, b), (b, a)):
            where = sentence_at(text, offset)
            assert where is None or not where[0] <= other < where[1], (text, a, b)
