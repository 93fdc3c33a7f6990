"""Hostile input gets one clear line, never a traceback, and every command reads as ``annotate validate``
checks (issue 10 §2 and §4). Each case is the failing input of the issue, run through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.corpus import sha256_text
from annotate.errors import DataError
from annotate.validate import check_document
from conftest import REPO, SAMPLE_TEXT, build_sample_document, run_annotate
from schema import TimeValue

GOLD = REPO / "corpus" / "gold.jsonl"


def one_line_error(done, code: int) -> str:
    err = done.stderr.decode()
    assert done.returncode == code, (done.returncode, err, done.stdout.decode()[-2000:])
    assert "Traceback" not in err and err.count("\n") == 1, err
    return err


# -- §4: every reader refuses what the validator refuses ----------------------------------------------

@pytest.fixture(scope="module")
def duplicate_key(tmp_path_factory) -> Path:
    """The gold's first document with ``"realis"`` given twice in its first event (the last value is the
    gold's own, so a reader that keeps the last value sees nothing wrong)."""
    folder = tmp_path_factory.mktemp("dup")
    line = GOLD.read_text(encoding="utf-8").splitlines()[0]
    assert '"realis":"' in line
    path = folder / "dup.jsonl"
    path.write_text(line.replace('"realis":', '"realis":"generic","realis":', 1) + "\n", encoding="utf-8")
    (folder / "one.jsonl").write_text(line + "\n", encoding="utf-8")  # the same document, valid
    return path


READERS = {
    "validate": lambda f, out: ["validate", str(f)],
    "stats": lambda f, out: ["stats", str(f)],
    "score as gold": lambda f, out: ["score", str(f), str(f.parent / "one.jsonl")],
    "score as prediction": lambda f, out: ["score", str(f.parent / "one.jsonl"), str(f)],
    "agree": lambda f, out: ["agree", str(f), str(GOLD)],
    "adjudicate": lambda f, out: ["adjudicate", str(GOLD), str(f), "--out", str(out / "adjudicated.jsonl"),
                                  "--prefer", "gold"],
    "render": lambda f, out: ["render", str(f), "-o", str(out / "review.html")],
    "export hf": lambda f, out: ["export", "hf", str(out / "hf"), "--input", str(f), "--split", "train=1"],
    "export brat": lambda f, out: ["export", "brat", str(out / "brat"), "--input", str(f)],
    "export prodigy": lambda f, out: ["export", "prodigy", str(out / "prodigy.jsonl"), "--input", str(f)],
    "export spacy": lambda f, out: ["export", "spacy", str(out / "docs.spacy"), "--input", str(f)],
}


@pytest.mark.parametrize("command", list(READERS))
def test_every_command_refuses_a_duplicate_json_key_with_file_and_line(command, duplicate_key, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    done = run_annotate(*READERS[command](duplicate_key, out), cwd=tmp_path)
    if command == "validate":  # the reference: the validator's own report
        assert done.returncode == 1 and "duplicate-key" in done.stdout.decode()
        return
    err = one_line_error(done, 1)
    assert f"{duplicate_key}:1 [000_0850c832f78e4e8b]: " in err, err
    assert "key 'realis' appears twice in one object" in err, err
    assert [p.name for p in out.iterdir() if not p.name.endswith(".lock")] == []  # nothing written


def test_a_content_error_is_refused_by_the_readers_too(tmp_path):
    document = build_sample_document()
    line = document.to_json().replace('"text":"Díaz-Canel"', '"text":"Diaz-Canel"', 1)  # span text != document text
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    for args in (["stats", str(path)], ["export", "brat", str(tmp_path / "brat"), "--input", str(path)]):
        err = one_line_error(run_annotate(*args, cwd=tmp_path), 1)
        assert f"{path}:1 [sample-1]: mentions[0].text: " in err
    assert not (tmp_path / "brat").exists()


def test_the_registry_is_read_with_the_validators_rules(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "raw" / "a.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    source = {"file_name": "a.txt", "sha256": sha256_text(SAMPLE_TEXT)}
    registry = corpus / "raw" / "registry.json"
    registry.write_text('{"documents": {"a": %s, "a": %s}}' % (json.dumps(source), json.dumps(source)),
                        encoding="utf-8")
    err = one_line_error(run_annotate("event", "add", "--annotator", "al", "--doc", "a", "--type", "Visit",
                                      "--trigger", "arrived", "--corpus", str(corpus), cwd=tmp_path), 1)
    assert "registry.json: key 'a' appears twice in one object" in err
    # an id ending in a line break, written by an older version or by hand
    registry.write_text(json.dumps({"documents": {"a\n": source}}), encoding="utf-8")
    err = one_line_error(run_annotate("suggest", "--all", "--corpus", str(corpus), cwd=tmp_path), 1)
    assert "registry.json: documents: document id 'a\\n' is not valid" in err
    report = run_annotate("validate", str(corpus), cwd=tmp_path)
    assert report.returncode in (1, 2) and "Traceback" not in report.stderr.decode()


# -- TIMEX3 (schema/values.py) --------------------------------------------------------------------------

TIMEX_CASES = [
    ("XXXX-13-45", "has month 13, which does not exist"),
    ("XXXX-02-30", "has day 30, which its month does not have"),
    ("XXXX-XX-32", "has day 32, which no month has"),
    ("2018-11-01\n", "is not well formed"),
    ("２０１８-11-01", "is not well formed"),  # full-width digits are not TIMEX3 digits
    ("XXXX-WXX-1", None),  # a Monday: well formed
    ("2019-W40-3", None),
    ("XXXX-02-29", None),  # some year has it
]


def _with_time(value: str):
    document = build_sample_document()
    document.mentions[2] = document.mentions[2].model_copy(update={"time": TimeValue(value=value)})
    return document


@pytest.mark.parametrize("value, problem", TIMEX_CASES)
def test_timex_month_and_day_are_checked_whatever_the_year(value, problem):
    found = [i for i in check_document(_with_time(value)) if i.is_error]
    if problem is None:
        assert found == []
    else:
        assert [i.test_id for i in found] == ["bad-timex"] and problem in found[0].message


def test_timex_through_the_cli(tmp_path):
    bad, good = tmp_path / "bad.jsonl", tmp_path / "good.jsonl"
    bad.write_text(_with_time("XXXX-13-45").to_json() + "\n", encoding="utf-8")
    good.write_text(_with_time("XXXX-WXX-1").to_json() + "\n", encoding="utf-8")
    done = run_annotate("validate", str(bad), str(good), cwd=tmp_path)
    out = done.stdout.decode()
    assert done.returncode == 1 and out.count("CONTENT bad-timex:") == 1 and f"{bad}:1 [sample-1]" in out, out
    err = one_line_error(run_annotate("stats", str(bad), cwd=tmp_path), 1)  # the readers agree
    assert "'XXXX-13-45' has month 13, which does not exist" in err
    assert run_annotate("stats", str(good), cwd=tmp_path).returncode == 0


# -- §2: names and ids ending in a newline; a lone surrogate ------------------------------------------

def test_a_name_or_id_ending_in_a_newline_is_refused_in_one_line(tmp_path):
    corpus = tmp_path / "corpus"
    article = tmp_path / "a.txt"
    article.write_text(SAMPLE_TEXT, encoding="utf-8")
    err = one_line_error(run_annotate("import", "text", str(article), "--id", "x\n", "--corpus", str(corpus),
                                      cwd=tmp_path), 2)
    assert "document id 'x\\n' is not valid (it ends with a line break)" in err
    assert not (corpus / "raw" / "registry.json").exists()  # nothing registered
    assert run_annotate("import", "text", str(article), "--id", "ok", "--corpus", str(corpus),
                        cwd=tmp_path).returncode == 0
    cases = [
        (["event", "add", "--annotator", "al", "--doc", "ok\n", "--type", "Visit", "--trigger", "arrived"],
         "document id 'ok\\n' is not valid"),
        (["event", "add", "--annotator", "al\n", "--doc", "ok", "--type", "Visit", "--trigger", "arrived"],
         "annotator name 'al\\n' is not valid"),
        (["suggest", "ok\n"], "document id 'ok\\n' is not valid"),
        (["session", "--annotator", "al\n", "--doc", "ok"], "annotator name 'al\\n' is not valid"),
    ]
    for args, message in cases:
        err = one_line_error(run_annotate(*args, "--corpus", str(corpus), cwd=tmp_path, input=""), 2)
        assert message in err, (args, err)
    done = run_annotate("event", "add", "--annotator", "al", "--doc", "ok", "--type", "Visit", "--trigger", "arrived",
                        "--coref", "H1\n", "--corpus", str(corpus), cwd=tmp_path)
    assert done.returncode in (1, 2) and "is not a valid id" in done.stderr.decode()
    assert "Traceback" not in done.stderr.decode()


def test_sha256_text_refuses_a_lone_surrogate_cleanly():
    with pytest.raises(DataError, match=r"lone surrogate \\ud800 at code point 1"):
        sha256_text("a\ud800b")
    assert sha256_text("a\U0001F600b") == sha256_text("a\ud83d\ude00b".encode("utf-16", "surrogatepass")
                                                          .decode("utf-16"))


def test_import_text_beside_a_hand_copied_file_that_is_not_utf8(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "raw").mkdir(parents=True)
    (corpus / "raw" / "latin1.txt").write_bytes("Díaz".encode("latin-1"))  # unregistered, not UTF-8
    article = tmp_path / "a.txt"
    article.write_text(SAMPLE_TEXT, encoding="utf-8")
    done = run_annotate("import", "text", str(article), "--corpus", str(corpus), cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr.decode(), done.stderr.decode()


# -- §6: the dataset card escapes what comes from the data ------------------------------------------------

def test_the_dataset_card_escapes_publisher_annotator_and_agreement_keys(tmp_path):
    from markdown_it import MarkdownIt

    hostile = "<img src=x onerror=alert(1)>\n| forged | row |\n# heading [link](javascript:alert(2))"
    document = build_sample_document()
    document.source = document.source.model_copy(update={"publisher": hostile})
    document.annotation = document.annotation.model_copy(update={"annotator": "eve`<b>"})
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(document.to_json() + "\n", encoding="utf-8")
    agreement = tmp_path / "agreement.json"
    agreement.write_text(json.dumps({"<script>alert(3)</script>\n| x | y |": 0.5, "trigger F1": 0.81}),
                         encoding="utf-8")
    done = run_annotate("export", "hf", str(tmp_path / "hf"), "--input", str(corpus), "--split", "train=1",
                        "--agreement", str(agreement), cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    card = (tmp_path / "hf" / "README.md").read_text(encoding="utf-8")
    html = MarkdownIt("commonmark").enable("table").render(card.split("\n---\n", 1)[1])  # the prose, after the YAML header
    for tag in ("<img", "<script", "<b>", 'href="javascript:'):
        assert tag not in html, tag
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # shown as text, not dropped
    assert "forged" not in [cell.strip() for cell in html.replace("<td>", "\x00").split("\x00")]
    # the agreement table still has exactly its two rows of two cells
    table = card[card.index("| measure | value |"):].split("\n\n", 1)[0].splitlines()
    assert len(table) == 4 and all(line.count("|") - line.count("\\|") == 3 for line in table), table
