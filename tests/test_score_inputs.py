"""Annotation sets as ``score``, ``agree`` and ``adjudicate`` read them: folders, NAMEs, JSONL files."""

from __future__ import annotations

import json

import pytest

from annotate.annotation_sets import FolderSet, JsonlSet, open_annotation_set, open_annotation_sets
from annotate.errors import DataError, UsageError
from conftest import build_sample_document, run_annotate
from test_score import gold_doc, predicted_doc, write_jsonl


def test_jsonl_set_is_indexed_and_read_lazily(tmp_path):
    path = write_jsonl(tmp_path / "gold.jsonl", [gold_doc("a"), gold_doc("b")])
    aset = open_annotation_set(path)
    assert isinstance(aset, JsonlSet) and aset.name == "gold" and aset.ids() == ["a", "b"]
    assert aset.get("b").id == "b" and aset.get("zzz") is None and "a" in aset
    assert [d.id for d in aset] == ["a", "b"]
    assert aset.location("b") == (path, 2)


def test_jsonl_set_errors_name_the_line(tmp_path):
    dup = write_jsonl(tmp_path / "dup.jsonl", [gold_doc("a"), gold_doc("a")])
    with pytest.raises(DataError, match=r"dup.jsonl:2 \[a\]: duplicate document id \(first at line 1\)"):
        open_annotation_set(dup)
    blank = tmp_path / "blank.jsonl"
    blank.write_text(gold_doc("a").to_json() + "\n\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"blank.jsonl:2: blank line"):
        open_annotation_set(blank)
    broken = tmp_path / "broken.jsonl"
    record = json.loads(gold_doc("a").to_json())
    record["events"][0]["trigger"]["start"] = -1
    broken.write_text(json.dumps(record) + "\n", encoding="utf-8")
    aset = open_annotation_set(broken)  # the index reads ids only
    with pytest.raises(DataError, match=r"broken.jsonl:1 \[a\]: events"):
        aset.get("a")


def test_folder_sets_names_and_gold(tmp_path):
    corpus = tmp_path / "corpus"
    folder = corpus / "annotations" / "alice"
    folder.mkdir(parents=True)
    (folder / "a.jsonl").write_text(gold_doc("a").to_json() + "\n", encoding="utf-8")
    (folder / "a.session.json").write_text("{}", encoding="utf-8")  # a session side file: not a document
    write_jsonl(corpus / "gold.jsonl", [gold_doc("a")])
    by_name = open_annotation_set("alice", corpus=corpus)
    assert isinstance(by_name, FolderSet) and by_name.name == "alice" and by_name.ids() == ["a"]
    assert open_annotation_set(folder).get("a").id == "a"
    gold = open_annotation_set("gold", corpus=corpus)
    assert isinstance(gold, JsonlSet) and gold.path == corpus / "gold.jsonl"
    (folder / "b.jsonl").write_text(gold_doc("c").to_json() + "\n", encoding="utf-8")
    with pytest.raises(DataError, match="does not match the file name"):
        open_annotation_set("alice", corpus=corpus).get("b")
    with pytest.raises(UsageError, match="no annotation set 'bob'"):
        open_annotation_set("bob", corpus=corpus)
    twice = open_annotation_sets(["alice", "alice"], corpus=corpus)
    assert [s.name for s in twice] == ["alice", "alice-2"]


def test_score_cli_reads_folders_and_token_mode(tmp_path):
    corpus = tmp_path / "corpus"
    folder = corpus / "annotations" / "system"
    folder.mkdir(parents=True)
    (folder / "sample-1.jsonl").write_text(predicted_doc(duplicate=False).to_json() + "\n", encoding="utf-8")
    write_jsonl(corpus / "gold.jsonl", [gold_doc()])
    result = run_annotate("score", "gold", "system", "--corpus", str(corpus), "--tokens", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["offsets"] == "tokens" and data["TI"]["matched"] == 3 and data["AC+"]["matched"] == 5


def test_a_corpus_folder_is_not_read_as_an_annotation_set(tmp_path):
    # A corpus folder was read as a folder of DOC_ID.jsonl files: its gold.jsonl became one document
    # "gold", and score said "1 document(s) in PRED are not in GOLD: gold".
    from annotate.corpus import Corpus

    corpus = tmp_path / "corpus"
    doc = build_sample_document()
    Corpus(corpus).raw_dir.mkdir(parents=True)
    (corpus / "gold.jsonl").write_text(doc.to_json() + "\n", encoding="utf-8")
    result = run_annotate("score", str(corpus / "gold.jsonl"), str(corpus))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert f"{corpus}: a corpus folder, not an annotation set: give {corpus / 'gold.jsonl'}" in err
    assert "Traceback" not in err


def test_an_empty_set_name_is_a_usage_error_not_the_current_folder(tmp_path):
    # Path("") is ".", so `annotate score gold ""` (an unset shell variable) read every *.jsonl of the
    # current folder as predictions and failed on whatever it found there.
    (tmp_path / "stray.jsonl").write_bytes(b"\xff not a corpus\n")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(build_sample_document().to_json() + "\n", encoding="utf-8")
    result = run_annotate("score", str(gold), "", cwd=tmp_path)
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert "an empty annotation set name" in err and "stray.jsonl" not in err
