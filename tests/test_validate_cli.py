"""``annotate validate`` in a real subprocess: exit codes 0/1/2, the three output formats, bad inputs."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from tests.conftest import build_sample_document, run_annotate

BAD_LINES = [
    b"garbage",
    build_sample_document("bad").to_json().encode().replace(b'"Moscow"', b'"Moskau"'),
    build_sample_document("warn").to_json().encode().replace(
        b'"start":22,"end":28,"text":"Moscow"', b'"start":22,"end":25,"text":"Mos"'),
]


@pytest.fixture
def bad_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b"\n".join(BAD_LINES) + b"\n")
    return path


def test_valid_file_exits_0(sample_jsonl: Path):
    result = run_annotate("validate", str(sample_jsonl))
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == "*** PASSED *** (1 documents, 0 warnings)\n"
    assert result.stderr == b""


def test_text_format_streams_ud_style_lines_and_a_summary(bad_jsonl: Path):
    result = run_annotate("validate", str(bad_jsonl))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith(f"{bad_jsonl}:1 L1 FORMAT not-json: Expecting value")
    assert lines[1] == (f"{bad_jsonl}:2 [bad] L3 CONTENT span-text-mismatch: mentions[1].text: 'Moskau' does not "
                        "match the text at [22, 28): expected 'Moscow'")
    assert lines[2].startswith(f"{bad_jsonl}:3 [warn] L3 CONTENT span-cuts-word (warning): mentions[1]: 'Mos'")
    assert "L1 FORMAT: 1 error(s) (not-json 1)" in lines
    assert "L3 CONTENT: 1 error(s) and 1 warning(s) (span-cuts-word 1, span-text-mismatch 1)" in lines
    assert lines[-1] == "*** FAILED *** with 2 errors (1 warnings)"
    assert b"Traceback" not in result.stderr


def test_warnings_only_exit_0(tmp_path: Path):
    path = tmp_path / "warn.jsonl"
    path.write_bytes(BAD_LINES[2] + b"\n")
    result = run_annotate("validate", str(path), "--quiet")
    assert result.returncode == 0
    assert result.stdout.decode() == "*** PASSED *** (1 documents, 1 warnings)\n"


def test_json_format_is_one_object(bad_jsonl: Path):
    result = run_annotate("validate", str(bad_jsonl), "--format", "json")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert [i["test_id"] for i in body["incidents"]] == ["not-json", "span-text-mismatch", "span-cuts-word"]
    assert body["incidents"][1] == {
        "file": str(bad_jsonl), "line": 2, "doc_id": "bad", "level": 3, "severity": "error", "class": "CONTENT",
        "test_id": "span-text-mismatch", "field": "mentions[1].text",
        "message": "'Moskau' does not match the text at [22, 28): expected 'Moscow'"}
    summary = body["summary"]
    assert (summary["ok"], summary["documents"], summary["errors"], summary["warnings"]) == (False, 3, 2, 1)


def test_github_format_emits_workflow_commands(bad_jsonl: Path):
    result = run_annotate("validate", str(bad_jsonl), "--format", "github")
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines[1] == (f"::error file={bad_jsonl},line=2,title=span-text-mismatch::[bad] L3 CONTENT "
                        "mentions[1].text: 'Moskau' does not match the text at [22, 28): expected 'Moscow'")
    assert lines[2].startswith(f"::warning file={bad_jsonl},line=3,title=span-cuts-word::[warn]")
    assert lines[-1] == "*** FAILED *** with 2 errors (1 warnings)"


def test_max_errors_says_how_many_were_not_shown(tmp_path: Path):
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"x\n" * 12)
    result = run_annotate("validate", str(path), "--max-errors", "3")
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 1
    assert sum(" not-json: " in line for line in lines) == 3
    assert "... 9 more not-json incident(s) not shown (--max-errors 3)" in lines
    assert lines[-1] == "*** FAILED *** with 12 errors (0 warnings)"


def test_usage_and_io_errors_exit_2(tmp_path: Path, sample_jsonl: Path):
    missing = run_annotate("validate", str(tmp_path / "nope.jsonl"))
    assert missing.returncode == 2 and b"no such file or folder" in missing.stderr
    (tmp_path / "empty").mkdir()
    no_jsonl = run_annotate("validate", str(tmp_path / "empty"))
    assert no_jsonl.returncode == 2 and b"without any *.jsonl file" in no_jsonl.stderr
    not_a_dir = run_annotate("validate", str(sample_jsonl / "child.jsonl"))
    assert not_a_dir.returncode == 2 and b"annotate: error:" in not_a_dir.stderr
    bad_option = run_annotate("validate", str(sample_jsonl), "--format", "xml")
    assert bad_option.returncode == 2
    no_corpus = run_annotate("validate", cwd=tmp_path)
    assert no_corpus.returncode == 2 and b"nothing to validate" in no_corpus.stderr
    for result in (missing, no_jsonl, not_a_dir, bad_option, no_corpus):
        assert b"Traceback" not in result.stderr


def test_stdin_and_default_corpus(tmp_path: Path):
    line = build_sample_document().to_json() + "\n"
    piped = run_annotate("validate", "-", input=line + "oops\n")
    assert piped.returncode == 1
    assert piped.stdout.decode().splitlines()[0].startswith("<stdin>:2 L1 FORMAT not-json")
    corpus = tmp_path / "corpus"
    (corpus / "annotations" / "ana").mkdir(parents=True)
    (corpus / "gold.jsonl").write_text(line, encoding="utf-8")
    (corpus / "annotations" / "ana" / "sample-1.jsonl").write_text(line.replace('"tester"', '"ana"'), encoding="utf-8")
    default = run_annotate("validate", cwd=tmp_path)
    assert default.returncode == 0, default.stdout
    assert default.stdout.decode() == "*** PASSED *** (2 documents, 0 warnings)\n"


def test_a_fifo_is_read_as_a_stream(tmp_path: Path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as writer:
            writer.write(build_sample_document().to_json().encode() + b"\n")

    writer = threading.Thread(target=feed)
    writer.start()
    result = run_annotate("validate", str(fifo), timeout=60)
    writer.join(timeout=10)
    assert result.returncode == 0 and b"PASSED" in result.stdout


def test_hostile_inputs_never_trace_back(tmp_path: Path):
    inputs = {
        "junk.jsonl": b"\xff" + os.urandom(4096) + b"\n\x00\x00\n",  # line 1 is never valid UTF-8
        "deep.jsonl": b"[" * 100_000 + b"\n" + b'{"a":' * 100_000 + b"\n",
        "numbers.jsonl": b'{"id": 1' + b"0" * 100_000 + b"}\n" + b'{"id": 1e999999}\n' + b"-" * 50 + b"\n",
        "nan.jsonl": b'{"x": NaN, "y": -Infinity}\n',
        "surrogates.jsonl": b'{"id": "\\ud800", "text": "\\udfff\\ud83c"}\n',
        "truncated.jsonl": build_sample_document().to_json().encode()[:-40],  # and no final newline
        "empty.jsonl": b"",
    }
    for name, data in inputs.items():
        (tmp_path / name).write_bytes(data)
    result = run_annotate("validate", str(tmp_path), "--max-errors", "0")
    assert result.returncode == 1, result.stderr
    assert result.stderr == b""
    out = result.stdout.decode()
    for expected in ("deep.jsonl:1 L1 FORMAT too-deep", "deep.jsonl:2 L1 FORMAT too-deep",
                     "numbers.jsonl:1 L1 FORMAT huge-number", "numbers.jsonl:2 L1 FORMAT huge-number",
                     "nan.jsonl:1 L1 FORMAT json-nan", "surrogates.jsonl:1 L1 FORMAT lone-surrogate",
                     "truncated.jsonl:1 [sample-1] L1 FORMAT not-json",
                     "the end of the line: truncated?", "junk.jsonl:1 L1 FORMAT not-utf8"):
        assert expected in out
