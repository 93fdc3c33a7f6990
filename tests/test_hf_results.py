"""Baselines in the dataset card: ``annotate export hf --results "SYSTEM|TRAINED ON|SCORED ON=FILE"``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, run_annotate
from markdown_it import MarkdownIt

from annotate.errors import DataError, UsageError
from annotate.formats.hf import export_hf
from annotate.formats.hf_results import (
    BaselineResult, escape_markdown, load_result, parse_results_option, results_markdown,
)
from annotate.evaluate import score_files

GOLD = REPO / "corpus" / "gold.jsonl"
INDEP = REPO / "corpus" / "annotations" / "indep"


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """Two real `annotate score --format json` reports: the independent annotation, by characters and by
    tokens."""
    root = tmp_path_factory.mktemp("scores")
    out = {}
    for name, tokens in (("chars", False), ("tokens", True)):
        out[name] = root / f"indep-{name}.json"
        out[name].write_text(json.dumps(score_files(GOLD, INDEP, tokens=tokens, corpus=REPO / "corpus").to_json()))
    return out


def table_cells(markdown: str) -> list[list[str]]:
    """The literal text of each cell of the first table (markup and raw HTML left out), rows after the
    header."""
    tokens = MarkdownIt().enable("table").parse(markdown)
    rows, row, inside = [], None, False
    for token in tokens:
        if token.type == "tr_open":
            row = []
        elif token.type in ("td_open", "th_open"):
            inside = True
        elif token.type == "inline" and inside:
            row.append("".join(child.content for child in token.children if child.type == "text"))
        elif token.type in ("td_close", "th_close"):
            inside = False
        elif token.type == "tr_close":
            rows.append(row)
    return rows[1:]


def test_option_names_system_training_and_scoring_data():
    assert parse_results_option("rules|nothing|test of --split train=0.6,test=0.4=out/s.json") == \
        ("rules", "nothing", "test of --split train=0.6,test=0.4", Path("out/s.json"))  # the file: after the last =
    assert parse_results_option(" spaCy ner | train split (3 docs) | test split = s.json ") == \
        ("spaCy ner", "train split (3 docs)", "test split", Path("s.json"))
    for bad in ("s.json", "rules=s.json", "a|b=s.json", "a||c=s.json", "a|b|c=", "a|b|c|d=s.json"):
        with pytest.raises(UsageError, match="SYSTEM\\|TRAINED ON\\|SCORED ON=FILE"):
            parse_results_option(bad)


def test_only_score_reports_are_accepted(tmp_path, reports):
    result = load_result(reports["tokens"], system="s", trained_on="t", scored_on="o")
    assert (result.offsets, result.documents) == ("tokens", 5)
    agreement = tmp_path / "agree.json"
    agreement.write_text(json.dumps({"pairs": [{"a": "gold", "b": "indep", "overall": {"trigger": {"f1": 0.9}}}]}))
    with pytest.raises(DataError, match="no TI figures"):
        load_result(agreement, system="s", trained_on="t", scored_on="o")
    percent = json.loads(reports["chars"].read_text())
    percent["AC"]["f1"] = 99.8  # percentages, not fractions
    (tmp_path / "pct.json").write_text(json.dumps(percent))
    with pytest.raises(DataError, match="AC.f1 must be a fraction"):
        load_result(tmp_path / "pct.json", system="s", trained_on="t", scored_on="o")


def test_labels_are_escaped_in_the_table(reports):
    scores = json.loads(reports["chars"].read_text())
    nasty = BaselineResult(system="a|b *bold* <script>alert(1)</script>\nnext", trained_on="[link](http://x)",
                           scored_on="`code` _em_ ~~s~~ \\", scores=scores, file="we|ird*.json")
    markdown = results_markdown([nasty])
    assert "<script>" not in markdown
    html = MarkdownIt().enable("table").render(markdown)
    html = html[html.index("<table>"):]
    assert "<script>" not in html and "<strong>bold" not in html and "<a href" not in html and "<code>" not in html
    (row,) = table_cells(markdown)
    assert len(row) == 10  # the | in the label did not add a cell
    assert row[0] == "a|b *bold* <script>alert(1)</script> next"  # shown as literal text, not markup
    assert row[1] == "[link](http://x)"
    assert row[2] == "`code` _em_ ~~s~~ \\ (5 documents scored)"
    assert escape_markdown("plain text, seed 0 (v1.2)") == "plain text, seed 0 (v1.2)"


def test_export_hf_results_fill_the_card(tmp_path, reports):
    result = run_annotate(
        "export", "hf", str(tmp_path / "hf"), "--split", "train=1", "--quiet",
        "--results", f"second annotator (indep)|nothing: a person|all 5 gold documents={reports['chars']}",
        "--results", f"second annotator (indep)|nothing: a person|all 5 gold documents={reports['tokens']}")
    assert result.returncode == 0, result.stderr.decode()
    card = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    section = card[card.index("## Baseline results"):card.index("## License")]
    rows = table_cells(section)
    expected = json.loads(reports["chars"].read_text())
    assert [row[:4] for row in rows] == [
        ["second annotator (indep)", "nothing: a person", "all 5 gold documents (5 documents scored)", "characters"],
        ["second annotator (indep)", "nothing: a person", "all 5 gold documents (5 documents scored)", "tokens"]]
    assert rows[0][4] == f"{100 * expected['TI']['precision']:.1f} / {100 * expected['TI']['recall']:.1f} / " \
                         f"{100 * expected['TI']['f1']:.1f}"
    assert rows[0][7] == f"{100 * expected['AC']['precision']:.1f} / {100 * expected['AC']['recall']:.1f} / " \
                         f"{100 * expected['AC']['f1']:.1f}"
    assert "Score reports: indep-chars.json, indep-tokens.json." in section


def test_bad_results_stop_before_anything_is_written(tmp_path, reports):
    out = tmp_path / "hf"
    missing = run_annotate("export", "hf", str(out), "--results", f"a|b|c={tmp_path / 'none.json'}")
    assert missing.returncode == 2 and b"no such file" in missing.stderr and not out.exists()
    unlabelled = run_annotate("export", "hf", str(out), "--results", str(reports["chars"]))
    assert unlabelled.returncode == 2 and b"SYSTEM|TRAINED ON|SCORED ON=FILE" in unlabelled.stderr
    assert not out.exists()


def test_no_results_no_section(tmp_path, sample_jsonl):
    result = export_hf(tmp_path / "hf", input=sample_jsonl, split="train=1")
    assert "## Baseline results" not in (result.out_dir / "README.md").read_text(encoding="utf-8")
