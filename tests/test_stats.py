"""``annotate stats``: hand-checked figures on the sample document, streaming over files and folders,
and the CLI's formats and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.errors import DataError, UsageError
from annotate.stats import corpus_files, corpus_stats
from schema import Argument, Mention, Statement, find_span

from conftest import build_sample_document, run_annotate


def write_jsonl(path: Path, documents) -> Path:
    path.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    return path


def test_sample_document_figures_by_hand(sample_jsonl: Path) -> None:
    total = corpus_stats(sample_jsonl).to_dict()["total"]
    # "Díaz-Canel arrived in Moscow on November 1." -> Díaz - Canel arrived in Moscow on November 1 . (10)
    # "🇷🇺 The Russian government extended a $50 million loan to Cuba for the purchase of military
    #  equipment." -> 2 regional-indicator tokens + 18 (20); "Putin said ... on transport." (14)
    assert (total["documents"], total["sentences"], total["tokens"]) == (1, 3, 44)
    assert total["characters"] == len(build_sample_document().text)
    assert total["mentions"] == 10
    assert total["mentions_by_type"] == {"PER": 2, "ORG": 0, "GPE": 4, "LOC": 0, "FAC": 0, "MONEY": 1,
                                         "TIME": 1, "TOPIC": 2}
    assert total["entities"] == 6  # E1 Díaz-Canel, E2 the Russian government, E3 Moscow, E4 Cuba, E5 Putin, E6 the two countries
    assert total["events_by_type"] == {"Visit": 1, "Loan": 1, "Agreement": 1, "Statement": 1}
    assert total["arguments"] == 10
    assert total["arguments_by_role"]["Visit"] == {"Visitor": 1, "Host": 0, "Destination": 1, "Origin": 0,
                                                   "Time": 1, "Purpose": 0}
    assert total["arguments_by_role"]["Loan"] == {"Lender": 1, "Borrower": 1, "Amount": 1, "Purpose": 1, "Time": 0}
    assert total["arguments_by_role"]["Agreement"]["Party"] == 1
    assert total["arguments_by_role"]["Agreement"]["Topic"] == 1
    assert total["arguments_by_role"]["Statement"] == {"Speaker": 1, "Addressee": 0, "Topic": 0, "Time": 0,
                                                       "Place": 0}
    assert total["attributes"] == {"realis": {"actual": 4, "generic": 0, "other": 0},
                                   "polarity": {"positive": 4, "negative": 0},
                                   "tense": {"past": 4, "present": 0, "future": 0, "unspecified": 0}}
    assert total["normalization"]["time"] == {"normalized": 1, "mentions": 1, "coverage": 1.0}
    assert total["normalization"]["money"] == {"normalized": 1, "mentions": 1, "coverage": 1.0}
    assert total["hoppers"] == 4 and total["multi_mention_hoppers"] == 0
    assert total["clusters"]["count"] == 1
    assert total["clusters"]["documents_per_cluster"] == {"C-visit": 1}
    assert total["annotation"] == {"status": {"complete": 1}, "annotators": {"tester": 1}}
    assert total["sources"] == {"publishers": {"unknown": 1},
                                "creation_time": {"earliest": "2018-11-05", "latest": "2018-11-05",
                                                  "methods": {"stated": 1}}}


def test_coreference_clusters_and_coverage(tmp_path: Path) -> None:
    first = build_sample_document("doc-a")
    # "signed" becomes a second Statement, coreferent with "said" (contrived; a hopper has one event type)
    signed = first.events[3]
    first.events[3] = Statement(id=signed.id, trigger=signed.trigger, attributes=signed.attributes, coref="H1",
                                arguments=[Argument(role="Speaker", mention="M9"), Argument(role="Topic", mention="M10")])
    first.events[2].coref = "H1"
    second = build_sample_document("doc-b")  # its Visit is in cluster C-visit too
    # An un-normalized TIME mention is a validation error (missing-normalization): stats refuses the file
    # as annotate validate does, naming file, line, document and field (issue 10 §4).
    unnormalized = first.model_copy(deep=True)
    unnormalized.mentions.append(Mention(id="M11", type="TIME", **find_span(first.text, "November")))
    bad = write_jsonl(tmp_path / "bad.jsonl", [unnormalized])
    with pytest.raises(DataError, match=r"bad.jsonl:1 \[doc-a\]: mentions\[10\].time: TIME mention 'November' has no"):
        corpus_stats(bad)
    path = write_jsonl(tmp_path / "c.jsonl", [first, second])
    data = corpus_stats(path).to_dict()
    total = data["total"]
    assert total["documents"] == 2
    assert total["normalization"]["time"] == {"normalized": 2, "mentions": 2, "coverage": 1.0}
    assert total["hoppers"] == 3 + 4 and total["multi_mention_hoppers"] == 1
    assert total["clusters"] == {"count": 1, "cross_document": 1, "documents_per_cluster": {"C-visit": 2},
                                 "events_per_cluster": {"C-visit": 2}}
    per_doc = {d["id"]: d for d in data["documents"]}
    assert per_doc["doc-a"]["hoppers"] == 3 and per_doc["doc-b"]["hoppers"] == 4
    assert per_doc["doc-a"]["time_mentions"] == 1 and per_doc["doc-a"]["time_normalized"] == 1
    assert per_doc["doc-a"]["file"] == str(path)


def test_folders_are_read_recursively_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_jsonl(tmp_path / "a" / "x.jsonl", [build_sample_document("x")])
    write_jsonl(tmp_path / "b" / "y.jsonl", [build_sample_document("y")])
    write_jsonl(tmp_path / ".hidden.jsonl", [build_sample_document("z")])
    assert [p.name for p in corpus_files([tmp_path])] == ["x.jsonl", "y.jsonl"]
    assert corpus_stats(tmp_path).documents == 2
    with pytest.raises(UsageError):
        corpus_stats(tmp_path / "missing.jsonl")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError):
        corpus_stats(tmp_path / "empty")


def test_invalid_line_is_a_data_error(tmp_path: Path, sample_jsonl: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(sample_jsonl.read_text(encoding="utf-8") + '{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(DataError) as info:
        corpus_stats(bad)
    assert info.value.line == 2


def test_cli_json_table_and_default_gold(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "gold.jsonl", [build_sample_document("g1"), build_sample_document("g2")])
    done = run_annotate("stats", "--corpus", str(corpus), "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["total"]["documents"] == 2 and data["total"]["tokens"] == 88
    assert [d["id"] for d in data["documents"]] == ["g1", "g2"]

    table = run_annotate("stats", str(corpus / "gold.jsonl"))
    assert table.returncode == 0, table.stderr
    out = table.stdout.decode()
    for expected in ("2 documents", "Per document", "g1", "total", "Mentions by type", "Visitor",
                     "Normalized values: TIME 2/2 (100%), MONEY 2/2 (100%)", "Clusters: 1 (1 across several documents)"):
        assert expected in out


def test_cli_errors_have_no_traceback(tmp_path: Path) -> None:
    missing = run_annotate("stats", "--corpus", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert b"no gold corpus here" in missing.stderr and b"Traceback" not in missing.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    invalid = run_annotate("stats", str(bad))
    assert invalid.returncode == 1
    assert invalid.stderr.startswith(b"annotate: error: ") and b":1" in invalid.stderr
    assert b"Traceback" not in invalid.stderr


def test_cli_reads_standard_input() -> None:
    lines = "".join(build_sample_document(f"s{i}").to_json() + "\n" for i in range(3))
    done = run_annotate("stats", "-", "--format", "json", input=lines)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"]["events"] == 12


def test_a_corpus_folder_means_its_gold_as_in_render(tmp_path):
    # corpus/ holds gold.jsonl and annotators' copies of the same documents; stats of the folder is the gold's
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "gold.jsonl", [build_sample_document("x")])
    (corpus / "annotations" / "alice").mkdir(parents=True)
    write_jsonl(corpus / "annotations" / "alice" / "x.jsonl", [build_sample_document("x")])
    assert corpus_files([corpus]) == [corpus / "gold.jsonl"]
    assert corpus_stats(corpus).documents == 1
    assert corpus_stats(corpus / "annotations" / "alice").documents == 1
    from annotate.render import corpus_files as render_files

    assert render_files is corpus_files
