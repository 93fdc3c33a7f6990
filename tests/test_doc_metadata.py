"""Document metadata after import (issue 12): ``annotate doc set ID --dct ...`` with provenance, the
import warning when no creation time is known, the re-import that offers the new DCT, and the
``.gitignore`` of a new corpus (and of this repository) for what sessions leave beside annotations."""

from __future__ import annotations

import json
import subprocess

from conftest import REPO, run_annotate
from test_session_support import load_one

TEXT = "Talks in Moscow\nCuba's president held talks with Putin in Moscow on Tuesday.\n"


def _corpus(tmp_path, *extra):
    article = tmp_path / "talks.txt"
    article.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    result = run_annotate("import", "text", str(article), "--corpus", str(corpus), *extra)
    assert result.returncode == 0, result.stderr.decode()
    return corpus, article, result


def test_import_without_a_dct_warns_and_says_how_to_set_it(tmp_path):
    corpus, article, result = _corpus(tmp_path)
    assert ("warning: talks has no document creation time (DCT): relative times such as \"on Tuesday\" cannot "
            "be normalized without it; set it with: annotate doc set talks --dct YYYY-MM-DD") in result.stderr.decode()
    again = run_annotate("import", "text", str(article), "--corpus", str(corpus), "--dct", "2019-10-30")
    assert again.returncode == 0
    assert ("its creation time is not set; to set it to 2019-10-30, run: annotate doc set talks --dct 2019-10-30"
            in again.stdout.decode())
    with_dct = run_annotate("import", "text", str(tmp_path / "talks.txt"), "--corpus", str(tmp_path / "c2"),
                            "--dct", "2019-10-30")
    assert "warning" not in with_dct.stderr.decode()


def test_doc_set_records_the_dct_everywhere_with_provenance(tmp_path):
    corpus, _, _ = _corpus(tmp_path)
    added = run_annotate("event", "add", "--corpus", str(corpus), "-a", "alice", "-d", "talks", "--type", "Visit",
                         "--trigger", "talks", "--arg", "Visitor=Cuba's president", "--mention-type", "Visitor=PER")
    assert added.returncode == 0, added.stderr.decode()
    # without a DCT, "Tuesday" cannot be normalized: a Time must be typed as raw TIMEX3
    no_dct = run_annotate("event", "edit", "EV1", "--corpus", str(corpus), "-a", "alice", "-d", "talks",
                          "--arg", "Time=Tuesday")
    assert no_dct.returncode == 1 and "needs a value" in no_dct.stderr.decode()
    result = run_annotate("doc", "set", "talks", "--dct", "2019-10-30", "--publisher", "VOVWORLD",
                          "--corpus", str(corpus))
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "talks: dct (none) -> 2019-10-30" in out and "talks: publisher (none) -> VOVWORLD" in out
    registry = json.loads((corpus / "raw" / "registry.json").read_text(encoding="utf-8"))["documents"]
    dct = registry["talks"]["dct"]
    assert dct["value"] == "2019-10-30" and dct["method"] == "stated"
    assert "set with annotate doc set on" in dct["note"] and "there was none" in dct["note"]
    log = [json.loads(line) for line in (corpus / "raw" / "registry.log").read_text().splitlines()]
    assert [(e["doc"], e["field"], e["old"], e["new"]) for e in log] == [
        ("talks", "dct", None, "2019-10-30"), ("talks", "publisher", None, "VOVWORLD")]
    doc = load_one(corpus / "annotations" / "alice" / "talks.jsonl")
    assert doc.source.dct.value == "2019-10-30" and doc.source.publisher == "VOVWORLD"
    # now the relative time is normalized against the new DCT
    timed = run_annotate("event", "edit", "EV1", "--corpus", str(corpus), "-a", "alice", "-d", "talks",
                         "--arg", "Time=Tuesday")
    assert timed.returncode == 0, timed.stderr.decode()
    assert "proposed time value 2019-10-29" in timed.stderr.decode()
    assert run_annotate("validate", str(corpus)).returncode == 0
    # a correction says what it was
    fixed = run_annotate("doc", "set", "talks", "--dct", "2019-10-31", "--dct-method", "inferred", "--corpus",
                         str(corpus))
    assert fixed.returncode == 0 and "dct 2019-10-30 -> 2019-10-31" in fixed.stdout.decode()
    note = json.loads((corpus / "raw" / "registry.json").read_text())["documents"]["talks"]["dct"]["note"]
    assert "was 2019-10-30 (stated)" in note


def test_doc_set_errors_are_one_line(tmp_path):
    corpus, _, _ = _corpus(tmp_path)
    for args, message, code in [
        (["nope", "--dct", "2019-10-30"], "no document 'nope'", 2),
        (["talks"], "nothing to set", 2),
        (["talks", "--dct", "2019-13-40"], "is not a date", 2),
        (["talks", "--url", "javascript:alert(1)"], "expected an http(s) address", 2),
        (["talks", "--dct", "2019-10-30", "--dct-method", "guessed"], "expected stated or inferred", 2),
    ]:
        result = run_annotate("doc", "set", *args, "--corpus", str(corpus))
        err = result.stderr.decode()
        assert result.returncode == code and message in err and "Traceback" not in err, (args, err)
    assert not (corpus / "raw" / "registry.log").exists()


def test_a_new_corpus_gets_a_gitignore_for_session_files(tmp_path):
    corpus, _, _ = _corpus(tmp_path)
    ignore = (corpus / ".gitignore").read_text(encoding="utf-8")
    for pattern in ("*.lock", "*.session.json", ".last-session.json", ".cache/", ".*.tmp"):
        assert pattern in ignore.splitlines()
    # git itself ignores what a session leaves (and this repository's .gitignore does the same)
    subprocess.run(["git", "init", "-q", str(corpus)], check=True)
    for name in ("annotations/alice/x.jsonl.lock", "annotations/alice/x.session.json",
                 "annotations/alice/.last-session.json", "annotations/alice/.cache/x.analysis.json"):
        assert subprocess.run(["git", "-C", str(corpus), "check-ignore", "-q", name]).returncode == 0, name
    assert subprocess.run(["git", "-C", str(corpus), "check-ignore", "-q", "annotations/alice/x.jsonl"]).returncode == 1
    for name in ("corpus/annotations/alice/x.jsonl.lock", "corpus/annotations/alice/x.session.json",
                 "corpus/annotations/alice/.cache/x.analysis.json"):
        assert subprocess.run(["git", "-C", str(REPO), "check-ignore", "-q", "--no-index", name]).returncode == 0, name
