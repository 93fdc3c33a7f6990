"""``annotate export spacy``: the DocBin is read back with plain spaCy in a fresh process and compared with
the source documents (seeds with í, curly quotes, nested mentions; the emoji sample)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_sample_document, run_annotate
from test_render_seeds import seed_documents

from annotate.formats.spacy import assign_splits, export_spacy, parse_split_spec
from annotate.errors import UsageError
from annotate.corpus import sha256_text
from schema import Document, Mention, Realis, make_span

#: Reads a DocBin with nothing but spaCy (no eventgold import) and prints what it holds as JSON.
PLAIN_SPACY_READER = r"""
import json, sys
import spacy
from spacy.tokens import Doc, DocBin
for name in ("doc_id", "events", "mentions"):
    Doc.set_extension(name, default=None, force=True)
assert "annotate" not in sys.modules and "schema" not in sys.modules
nlp = spacy.blank("en")
files = []
for path in sys.argv[1:]:
  out = []
  files.append(out)
  for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
    out.append({
        "doc_id": doc._.doc_id,
        "text": doc.text,
        "sentences": [[s.start_char, s.end_char] for s in doc.sents],
        "ents": [[e.start_char, e.end_char, e.label_, e.id_] for e in doc.ents],
        "spans": {name: [[s.start_char, s.end_char, s.label_, s.id_, s.kb_id_] for s in group]
                  for name, group in doc.spans.items()},
        "events": doc._.events,
        "mentions": doc._.mentions,
    })
print(json.dumps(files, ensure_ascii=False))
"""


def read_with_plain_spacy(*paths: Path) -> list:
    """The documents of one DocBin (a list of dicts), or of several (a list of such lists)."""
    result = subprocess.run([sys.executable, "-c", PLAIN_SPACY_READER, *map(str, paths)], capture_output=True,
                            cwd=paths[0].parent, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    files = json.loads(result.stdout)
    return files[0] if len(paths) == 1 else files


def write_jsonl(path: Path, documents: list[Document]) -> Path:
    path.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    return path


def expected_events(document: Document) -> list[dict]:
    mentions = document.mentions_by_id()
    return [{
        "id": e.id, "type": e.type,
        "trigger": {"start_char": e.trigger.start, "end_char": e.trigger.end, "text": e.trigger.text},
        "arguments": [{"role": a.role, "mention": a.mention, "start_char": mentions[a.mention].start,
                       "end_char": mentions[a.mention].end, "text": mentions[a.mention].text} for a in e.arguments],
        "attributes": e.attributes.model_dump(mode="json"),
        "coref": e.coref, "cluster": e.cluster,
    } for e in document.events]


def overlaps(a: Mention, b: Mention) -> bool:
    return a.start < b.end and b.start < a.end


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[list[Document], list[dict], subprocess.CompletedProcess]:
    folder = tmp_path_factory.mktemp("spacy")
    docs = seed_documents()
    source = write_jsonl(folder / "gold.jsonl", docs)
    result = run_annotate("export", "spacy", str(folder / "gold.spacy"), "--input", str(source))
    assert result.returncode == 0, result.stderr.decode()
    return docs, read_with_plain_spacy(folder / "gold.spacy"), result


def test_plain_spacy_reads_text_sentences_and_events_exactly(exported):
    docs, loaded, _ = exported
    assert [d["doc_id"] for d in loaded] == [d.id for d in docs]
    for doc, got in zip(docs, loaded):
        assert got["text"] == doc.text  # code points, í, ’, “, NBSP and the emoji flag intact
        assert got["events"] == expected_events(doc)
        assert [m["id"] for m in got["mentions"]] == [m.id for m in doc.mentions]
        assert [(m["start_char"], m["end_char"], m["text"]) for m in got["mentions"]] == \
               [(m.start, m.end, m.text) for m in doc.mentions]
        assert len(got["sentences"]) > 1 and got["sentences"][0][0] == 0


def test_entities_span_groups_and_overlaps(exported):
    docs, loaded, result = exported
    left_out_total = 0
    for doc, got in zip(docs, loaded):
        spans = got["spans"]
        # every span aligns on these documents, so spaCy's offsets are the schema's offsets
        assert spans["triggers"] == [[e.trigger.start, e.trigger.end, e.type, e.id, ""] for e in doc.events]
        by_id = doc.mentions_by_id()
        assert spans["arguments"] == [[by_id[a.mention].start, by_id[a.mention].end, a.role, e.id, a.mention]
                                      for e in doc.events for a in e.arguments]
        assert spans["mentions"] == [[m.start, m.end, m.type.value, m.id, ""] for m in doc.mentions]
        entities = [m for m in doc.mentions if m.type.is_entity]
        ents = {e[3]: e for e in got["ents"]}
        for mention in entities:
            if mention.id in ents:
                assert ents[mention.id][:3] == [mention.start, mention.end, mention.type.value]
            else:  # left out only because it nests in or overlaps a longer entity mention that is there
                left_out_total += 1
                assert any(overlaps(mention, other) and other.id in ents and other.end - other.start >
                           mention.end - mention.start for other in entities)
        assert all(e[2] in {"PER", "ORG", "GPE", "LOC", "FAC"} for e in got["ents"])
    # "Cuban" inside "Cuban President Miguel Díaz-Canel" and two more nested GPEs
    assert left_out_total == 3
    out = result.stdout.decode()
    assert "3 nested or overlapping entity mention(s)" in out and "000_0850c832f78e4e8b/M2" in out
    assert "32 entities in doc.ents" in out and "23 triggers" in out and "all spans align" in out


def test_emoji_document_offsets_are_code_points(tmp_path):
    doc = build_sample_document()
    export_spacy([doc], tmp_path / "one.spacy")
    [got] = read_with_plain_spacy(tmp_path / "one.spacy")
    flag_end = doc.text.index("\U0001F1FA") + 1
    loan = next(e for e in got["events"] if e["type"] == "Loan")
    assert loan["trigger"]["start_char"] > flag_end  # after the astral characters: UTF-16 would be off by 2
    assert got["text"][loan["trigger"]["start_char"]:loan["trigger"]["end_char"]] == "loan"
    assert [s[:3] for s in got["spans"]["triggers"]] == [[e.trigger.start, e.trigger.end, e.type] for e in doc.events]
    money = next(m for m in got["mentions"] if m["type"] == "MONEY")
    assert money["text"] == "$50\u00a0million" and money["money"] == {"currency": "USD", "amount": 50_000_000.0,
                                                                       "approximate": False}
    assert got["events"] == expected_events(doc)


def test_misaligned_spans_are_widened_and_reported_never_silently(tmp_path):
    text = "The Russian loan was signed. Putin spoke."
    base = build_sample_document()
    russia = Mention(id="M1", type="GPE", **make_span(text, 4, 10))  # "Russia" inside "Russian"
    putin = Mention(id="M2", type="PER", **make_span(text, 29, 34))
    loan_cls = type(base.events[1])
    statement_cls = type(base.events[2])
    generic = base.events[1].attributes.model_copy(update={"realis": Realis.GENERIC})  # no Borrower: valid if generic
    doc = base.model_copy(update={
        "id": "misaligned", "text": text, "mentions": [russia, putin],
        "source": base.source.model_copy(update={"sha256": sha256_text(text)}),
        "events": [
            loan_cls(id="EV1", trigger=make_span(text, 12, 16), attributes=generic,
                     arguments=[{"role": "Lender", "mention": "M1"}]),
            statement_cls(id="EV2", trigger=make_span(text, 35, 39), attributes=base.events[2].attributes,
                          arguments=[{"role": "Speaker", "mention": "M2"}]),
        ],
    })
    doc = Document.model_validate_json(doc.model_dump_json())  # through validation, as a file would be
    assert text[4:10] == "Russia" and text[35:39] == "spok"
    source = write_jsonl(tmp_path / "in.jsonl", [doc])
    result = run_annotate("export", "spacy", str(tmp_path / "out.spacy"), "--input", str(source))
    assert result.returncode == 0, result.stderr.decode()
    err = result.stderr.decode()
    assert "2 span(s) do not align to token boundaries" in err
    assert "mention M1 (GPE) 'Russia' [4, 10)" in err and "exported as 'Russian' [4, 11)" in err
    assert "trigger EV2 (Statement) 'spok' [35, 39)" in err and "exported as 'spoke' [35, 40)" in err
    [got] = read_with_plain_spacy(tmp_path / "out.spacy")
    assert got["ents"][0][:3] == [4, 11, "GPE"]  # the tokens it touches
    assert got["events"][0]["arguments"][0]["start_char"] == 4  # exact offsets kept
    assert got["events"][0]["arguments"][0]["end_char"] == 10
    assert got["events"][1]["trigger"] == {"start_char": 35, "end_char": 39, "text": "spok"}


def test_split_writes_one_docbin_per_split_deterministically(tmp_path):
    source = write_jsonl(tmp_path / "gold.jsonl", seed_documents())
    outs = []
    for run in ("a", "b"):
        result = run_annotate("export", "spacy", str(tmp_path / run), "--input", str(source),
                              "--split", "train=0.67,dev=0.33", "--json")
        assert result.returncode == 0, result.stderr.decode()
        outs.append(json.loads(result.stdout))
    assert outs[0]["documents"] == outs[1]["documents"] == {"train": 4, "dev": 2}
    train, dev = ([d["doc_id"] for d in docs] for docs in
                  read_with_plain_spacy(tmp_path / "a" / "train.spacy", tmp_path / "a" / "dev.spacy"))
    assert sorted(train + dev) == sorted(d.id for d in seed_documents())
    for name in ("train.spacy", "dev.spacy"):  # deterministic, byte for byte
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    other_seed = assign_splits([d.id for d in seed_documents()], {"train": 0.67, "dev": 0.33}, seed=1)
    assert sorted(other_seed.values()).count("dev") == 2


def test_split_sizes_use_largest_remainder_as_the_hf_export_does():
    from annotate.formats import hf

    ids = [f"d{i}" for i in range(5)]
    assignment = assign_splits(ids, {"train": 0.8, "dev": 0.2})
    assert sorted(assignment.values()) == ["dev", "train", "train", "train", "train"]
    assignment = assign_splits(ids, {"train": 0.6, "validation": 0.2, "test": 0.2})
    assert sorted(assignment.values()).count("train") == 3 and len(set(assignment.values())) == 3
    assert assignment == hf.assign_splits(ids, [("train", 0.6), ("validation", 0.2), ("test", 0.2)])
    assert parse_split_spec("train=0.8, dev=0.2") == {"train": 0.8, "dev": 0.2}
    for bad in ("train", "train=0.5", "train=x,dev=1", "train=0.5,train=0.5", "../x=1"):
        with pytest.raises(UsageError):
            parse_split_spec(bad)


def test_bad_input_gives_clear_errors(tmp_path):
    doc = build_sample_document()
    line = json.loads(doc.to_json())
    line["mentions"][1]["text"] = "Moskva"  # same length, wrong text: a shifted span
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_annotate("export", "spacy", str(tmp_path / "x.spacy"), "--input", str(bad))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert err.startswith("annotate: error: ") and "[sample-1]" in err and "mentions[1]" in err and "Moskva" in err
    assert "Traceback" not in err and not (tmp_path / "x.spacy").exists()

    result = run_annotate("export", "spacy", str(tmp_path / "x.spacy"), "--corpus", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no gold corpus" in result.stderr.decode()
    result = run_annotate("export", "spacy", str(tmp_path / "x"), "--input", str(bad), "--split", "train=2")
    assert result.returncode == 2 and "(0, 1]" in result.stderr.decode()

    twice = write_jsonl(tmp_path / "twice.jsonl", [doc, doc])
    result = run_annotate("export", "spacy", str(tmp_path / "x.spacy"), "--input", str(twice))
    assert result.returncode == 1 and "occurs twice" in result.stderr.decode()


def test_cli_modules_do_not_import_spacy_at_start_up():
    code = ("import sys, annotate.cli.export_spacy, annotate.cli.render; "
            "bad = [m for m in ('spacy', 'datasets', 'pyarrow', 'sklearn') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=REPO, timeout=60)
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()


def test_trigger_detector_example_trains_predicts_and_scores(tmp_path):
    """A smoke run of examples/trigger_detector (a few training steps): export with --split and
    --ents triggers, spacy train, predictions as corpus JSONL, annotate score."""
    docs = seed_documents()
    gold = write_jsonl(tmp_path / "gold.jsonl", docs)
    out = tmp_path / "td"
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "trigger_detector" / "train.py"), "--gold", str(gold), "--out",
         str(out), "--modes", "split", "--max-steps", "3"],
        capture_output=True, cwd=REPO, timeout=300, env={**__import__("os").environ, "HF_HUB_OFFLINE": "1"})
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    # the exported training data has the triggers in doc.ents, labelled by event type
    train, dev = read_with_plain_spacy(out / "split" / "data" / "train.spacy", out / "split" / "data" / "dev.spacy")
    assert len(train) == 5 and len(dev) == 1
    by_id = {d.id: d for d in docs}
    for got in train + dev:
        events = by_id[got["doc_id"]].events
        assert [e[:3] for e in got["ents"]] == sorted([e.trigger.start, e.trigger.end, e.type] for e in events)
    [results] = json.loads((out / "results.json").read_text())
    assert results["mode"] == "split" and results["evaluated_documents"] == 1
    assert results["gold_triggers"] == len(by_id[dev[0]["doc_id"]].events)
    assert set(results["TI"]) == {"precision", "recall", "f1"} and 0 <= results["TC"]["f1"] <= 1
    assert "| held-out split | 5 | 1 |" in (out / "results.md").read_text()
    predicted = [json.loads(line) for line in (out / "split" / "pred.jsonl").read_text().splitlines()]
    assert [p["id"] for p in predicted] == [dev[0]["doc_id"]]
    assert all(e["arguments"] == [] for p in predicted for e in p["events"])


def test_the_shipped_gold_corpus_exports_exactly(tmp_path):
    from annotate.formats.spacy import load_docbin
    from annotate.jsonl import read_documents

    docs = list(read_documents(REPO / "corpus" / "gold.jsonl"))
    summary = export_spacy(docs, tmp_path / "gold.spacy")
    assert summary.misaligned == [] and summary.total_documents == len(docs) > 0
    loaded = list(load_docbin(tmp_path / "gold.spacy"))
    for doc, got in zip(docs, loaded, strict=True):
        assert got.text == doc.text and got._.events == expected_events(doc)
        assert [(s.start_char, s.end_char, s.label_) for s in got.spans["triggers"]] == \
               [(e.trigger.start, e.trigger.end, e.type) for e in doc.events]
