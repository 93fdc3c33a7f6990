"""``annotate diff``: semantic changes between hand-made versions, and between commits of a real git repository."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import build_sample_document, run_annotate

from annotate.errors import UsageError
from annotate.evaluate.diff import diff_documents, diff_versions, format_text
from schema import Argument, Attributes, Document, Loan, Span, find_span


def edited(doc_id: str = "sample-1") -> Document:
    """The sample document with one change of every kind the diff reports."""
    doc = build_sample_document(doc_id)
    data = json.loads(doc.to_json())
    mentions = {m["id"]: m for m in data["mentions"]}
    mentions["M2"]["type"] = "LOC"
    mentions["M5"]["money"]["amount"] = 60_000_000
    mentions["M9"]["entity"] = "E2"
    del mentions["M10"]
    mentions["M11"] = {"id": "M11", "type": "TOPIC", **find_span(doc.text, "cooperative agreements")}
    events = {e["id"]: e for e in data["events"]}
    events["EV1"]["attributes"]["polarity"] = "negative"
    del events["EV3"]
    events["EV4"]["arguments"] = [{"role": "Party", "mention": "M9"}, {"role": "Topic", "mention": "M11"}]
    events["EV5"] = json.loads(Loan(id="EV5", trigger=Span(**find_span(doc.text, "extended")),
                                    attributes=Attributes.default(),
                                    arguments=[Argument(role="Lender", mention="M4"),
                                               Argument(role="Borrower", mention="M6")]).model_dump_json())
    data["annotation"]["status"] = "draft"
    data["mentions"], data["events"] = list(mentions.values()), list(events.values())
    return Document.model_validate(data)


EXPECTED = [
    "~ status document: complete -> draft",
    "- event EV3 Statement 'said'@{said}: Speaker 'Putin'",
    "+ event EV5 Loan 'extended'@{extended}: Lender 'The Russian government', Borrower 'Cuba'",
    "~ attribute EV1 Visit 'arrived'@{arrived}: polarity positive -> negative",
    "~ argument EV4 Agreement 'signed'@{signed}: Topic 'transport'@{transport} -> 'cooperative agreements'@{coop}",
    "~ mention GPE->LOC",  # replaced below
    "~ normalization MONEY '$50\u00a0million'@{money}: USD 50,000,000 -> USD 60,000,000",
    "- mention TOPIC 'transport'@{transport}",
    "+ mention TOPIC 'cooperative agreements'@{coop}",
    "~ coreference entities: now together: 'The Russian government'@{govt}, 'the two countries'@{two}",
]


def expected_lines(text: str) -> list[str]:
    at = {name: text.index(needle) for name, needle in [
        ("said", "said"), ("extended", "extended"), ("arrived", "arrived"), ("signed", "signed"),
        ("transport", "transport"), ("coop", "cooperative agreements"), ("money", "$50"),
        ("govt", "The Russian government"), ("two", "the two countries"), ("moscow", "Moscow")]}
    lines = [line.format(**at) for line in EXPECTED]
    lines[5] = f"~ mention LOC 'Moscow'@{at['moscow']}: type GPE -> LOC"
    return lines


def test_every_kind_of_change_between_two_versions_of_a_document():
    old, new = build_sample_document(), edited()
    changes = diff_documents(old, new)
    assert sorted(c.line() for c in changes) == sorted(expected_lines(old.text))
    assert diff_documents(old, old) == [] and diff_documents(new, new) == []
    # the other way round: the event comes back, the new one goes, values swap
    back = {c.line() for c in diff_documents(new, old)}
    assert f"+ event EV3 Statement 'said'@{old.text.index('said')}: Speaker 'Putin'" in back
    assert f"~ normalization MONEY '$50\u00a0million'@{old.text.index('$50')}: USD 60,000,000 -> USD 50,000,000" in back


def test_a_moved_trigger_and_a_retyped_event_are_changes_of_the_same_event():
    old = build_sample_document()
    loan = old.events[1]
    moved = loan.model_copy(update={"trigger": Span(**find_span(old.text, "million loan"))})
    new = old.model_copy(update={"events": [old.events[0], moved, *old.events[2:]]})
    (change,) = diff_documents(old, new)
    at = old.text.index("million loan")
    assert change.line() == f"~ event EV2 Loan 'million loan'@{at}: trigger 'loan'@{at + 8} -> 'million loan'@{at}"


def write_jsonl(path: Path, *docs) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(d.to_json() + "\n" for d in docs), encoding="utf-8")
    return path


def test_cli_on_two_jsonl_files_text_json_and_github(tmp_path):
    old = write_jsonl(tmp_path / "old.jsonl", build_sample_document("a"), build_sample_document("b"))
    new = write_jsonl(tmp_path / "new.jsonl", build_sample_document("c"), edited("b"))
    text = run_annotate("diff", str(old), str(new))
    assert text.returncode == 0, text.stderr.decode()
    out = text.stdout.decode()
    assert f"[b] changed ({new}:2)" in out and f"[c] added ({new}:1)" in out and f"[a] removed ({old}:1)" in out
    summary = out.strip().splitlines()[-1]
    assert summary == ("3 document(s) differ (1 added, 1 removed, 1 changed): events +5 -5, arguments ~1, "
                       "attributes ~1, mentions +1 -1 ~1, normalizations ~1, coreferences ~1, statuses ~1")
    data = diff_versions(old, new).to_json()  # what --format json prints
    assert data["summary"]["documents"] == {"added": 1, "removed": 1, "changed": 1, "compared": 1}
    assert [(d["id"], d["action"], d["line"]) for d in data["documents"]] == [("c", "added", 1), ("b", "changed", 2),
                                                                             ("a", "removed", 1)]
    changed = data["documents"][1]["changes"]
    assert sorted(f"{c['kind']} {c['action']}" for c in changed).count("event added") == 1
    github = run_annotate("diff", str(old), str(new), "--format", "github").stdout.decode().splitlines()
    assert github[1].startswith(f"::notice file={new},line=2,title=b changed::~ status document: complete -> draft%0A")
    assert github[2].startswith(f"::notice file={old},title=a removed::- event EV1 Visit")  # no line: it is gone
    assert github[-1] == summary
    assert format_text(diff_versions(old, old)) == "no semantic change (2 document(s) compared)"


def test_cli_on_two_annotation_folders_and_refusals(tmp_path):
    write_jsonl(tmp_path / "alice" / "sample-1.jsonl", build_sample_document())
    write_jsonl(tmp_path / "bob" / "sample-1.jsonl", edited())
    result = run_annotate("diff", str(tmp_path / "alice"), str(tmp_path / "bob"))
    assert result.returncode == 0, result.stderr.decode()
    assert f"[sample-1] changed ({tmp_path / 'bob' / 'sample-1.jsonl'}:1)" in result.stdout.decode()
    # a folder against a JSONL file of the same documents (an export, a system's output) compares them by id
    export = write_jsonl(tmp_path / "export.jsonl", edited())
    assert f"[sample-1] changed ({export}:1)" in format_text(diff_versions(tmp_path / "alice", export))
    # a corpus folder holds several sets: it is compared with a corpus (or a revision) only
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    write_jsonl(tmp_path / "corpus" / "gold.jsonl", build_sample_document())
    mixed = run_annotate("diff", str(tmp_path / "corpus"), str(tmp_path / "bob"))
    assert mixed.returncode == 2 and "not the same kind" in mixed.stderr.decode()
    missing = run_annotate("diff", str(tmp_path / "nope"), str(tmp_path / "bob"), cwd=tmp_path)
    assert missing.returncode == 2
    assert "nope: no such file or folder, and not a git revision here" in missing.stderr.decode()


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path):
    """A corpus repository with two commits: the gold's second document and bob's work changed."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "lead@example.org")
    git(repo, "config", "user.name", "Lead")
    corpus = repo / "corpus"
    write_jsonl(corpus / "gold.jsonl", build_sample_document("a"), build_sample_document("b"))
    write_jsonl(corpus / "annotations" / "alice" / "a.jsonl", build_sample_document("a"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "first")
    write_jsonl(corpus / "gold.jsonl", build_sample_document("a"), edited("b"))
    write_jsonl(corpus / "annotations" / "bob" / "a.jsonl", build_sample_document("a"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "second")
    return repo


def test_git_revisions_of_a_corpus(repo):
    result = run_annotate("diff", "HEAD~1", "HEAD", cwd=repo)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "gold [b] changed (corpus/gold.jsonl:2)" in out
    assert "annotations/bob [a] added (corpus/annotations/bob/a.jsonl:1)" in out
    assert "alice" not in out and "[a] changed" not in out  # unchanged files are not even read
    assert format_text(diff_versions("HEAD", "HEAD", cwd=repo)) == (
        "no semantic change (0 document(s) compared, 3 unchanged file(s) not read)")
    assert out.strip().splitlines()[-1].startswith("2 document(s) differ (1 added, 0 removed, 1 changed)")
    github = run_annotate("diff", "HEAD~1", "HEAD", "--format", "github", cwd=repo).stdout.decode()
    assert "::notice file=corpus/gold.jsonl,line=2,title=gold b changed::" in github
    assert "::notice file=corpus/annotations/bob/a.jsonl,line=1,title=annotations/bob a added::+ event EV1" in github
    # REV:PATH, and a revision against the working tree
    files = format_text(diff_versions("HEAD~1:corpus/gold.jsonl", "HEAD:corpus/gold.jsonl", cwd=repo))
    assert "[b] changed (corpus/gold.jsonl:2)" in files
    write_jsonl(repo / "corpus" / "gold.jsonl", build_sample_document("a"))
    assert "gold [b] removed" in format_text(diff_versions("HEAD", "corpus", cwd=repo))  # against the working tree
    # --corpus names the folder a bare revision means; from a subfolder too
    (repo / "sub").mkdir()
    sub = format_text(diff_versions("HEAD~1", "HEAD", corpus="../corpus", cwd=repo / "sub"))
    assert "gold [b] changed (corpus/gold.jsonl:2)" in sub


def test_git_revision_that_does_not_parse_is_one_clear_line(repo):
    gold = repo / "corpus" / "gold.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1])
    broken["events"][0]["trigger"]["start"] += 1
    gold.write_text(lines[0] + "\n" + json.dumps(broken) + "\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    result = run_annotate("diff", "HEAD~1", "HEAD", cwd=repo)
    err = result.stderr.decode()
    assert result.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("annotate: error: HEAD:corpus/gold.jsonl:2 [b]")
    unknown = run_annotate("diff", "nosuchrev", "HEAD", cwd=repo)
    assert unknown.returncode == 2 and "nosuchrev: no such file or folder, and not a git revision" in unknown.stderr.decode()
    with pytest.raises(UsageError, match="nothing at 'nothing' in revision"):
        diff_versions("HEAD~1", "HEAD", corpus="nothing", cwd=repo)
