"""``annotate import text`` and :func:`annotate.articles.import_texts`: byte-for-byte copies, registry,
re-import detection, ids, and clear errors for bad input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from annotate.corpus import Corpus
from annotate.errors import DataError, UsageError
from annotate.articles import doc_id_from_path, import_texts, title_of
from conftest import SAMPLE_TEXT, SEEDS, run_annotate

SEED = SEEDS / "000_0850c832f78e4e8b.txt"  # has í, curly quotes
SEED_NBSP = SEEDS / "001_0cefdf8c56bef465.txt"  # has non-breaking spaces


def test_import_copies_bytes_exactly_and_records_the_source(tmp_path):
    corpus = tmp_path / "corpus"
    results = import_texts([SEED, SEED_NBSP], corpus=corpus, dct="2018-11-05")
    assert [r.status for r in results] == ["imported", "imported"]
    assert [r.doc_id for r in results] == ["000_0850c832f78e4e8b", "001_0cefdf8c56bef465"]
    for path in (SEED, SEED_NBSP):
        copied = corpus / "raw" / path.name
        assert copied.read_bytes() == path.read_bytes()
    assert "\u00a0" in (corpus / "raw" / SEED_NBSP.name).read_text(encoding="utf-8")
    registry = Corpus(corpus).registry()
    source = registry["000_0850c832f78e4e8b"]
    assert source.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert source.file_name == SEED.name
    assert source.title == "Cuba Strengthens Relations with Russia"
    assert source.dct.value == "2018-11-05" and source.dct.method.value == "stated"
    assert source.language == "en"
    assert Corpus(corpus).raw_text("000_0850c832f78e4e8b") == SEED.read_text(encoding="utf-8")


def test_emoji_and_crlf_text_is_kept_byte_for_byte(tmp_path):
    article = tmp_path / "emoji story.txt"
    data = ("Headline\r\n\r\n" + SAMPLE_TEXT + "\r\n").encode("utf-8")
    article.write_bytes(data)
    [result] = import_texts([article], corpus=tmp_path / "c")
    assert result.doc_id == "emoji_story"
    assert (tmp_path / "c" / "raw" / "emoji_story.txt").read_bytes() == data
    assert result.characters == len(data.decode("utf-8"))
    assert result.source.title == "Headline"


def test_reimport_of_the_same_text_under_any_id_writes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    import_texts([SEED], corpus=corpus)
    registry_before = (corpus / "raw" / "registry.json").read_bytes()
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(SEED.read_bytes())
    [again] = import_texts([copy], corpus=corpus, doc_id="another-id")
    assert again.status == "already-imported" and again.doc_id == "000_0850c832f78e4e8b"
    assert not (corpus / "raw" / "another-id.txt").exists()
    assert not (corpus / "raw" / "renamed.txt").exists()
    assert (corpus / "raw" / "registry.json").read_bytes() == registry_before


def test_same_file_twice_in_one_call_is_imported_once(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    results = import_texts([SEED, copy], corpus=tmp_path / "c")
    assert [r.status for r in results] == ["imported", "already-imported"]
    assert results[1].doc_id == results[0].doc_id
    assert len(Corpus(tmp_path / "c").registry()) == 1


def test_id_clash_with_a_different_text_is_an_error_and_changes_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    import_texts([SEED], corpus=corpus)
    other = tmp_path / SEED.name  # same stem, different text
    other.write_text("A different article.\n", encoding="utf-8")
    fresh = tmp_path / "fresh.txt"
    fresh.write_text("Yet another article.\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already used by a different text"):
        import_texts([fresh, other], corpus=corpus)
    assert not (corpus / "raw" / "fresh.txt").exists()  # checked before anything was written
    assert list(Corpus(corpus).registry()) == ["000_0850c832f78e4e8b"]


def test_not_utf8_is_a_data_error_with_the_byte_offset(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Díaz-Canel".encode("latin-1"))
    with pytest.raises(DataError, match=r"byte 0xed at byte offset 1") as info:
        import_texts([bad], corpus=tmp_path / "c")
    assert info.value.file == str(bad)
    assert not (tmp_path / "c" / "raw" / "latin1.txt").exists()


def test_ids_titles_and_options():
    assert doc_id_from_path("Cuba visit (1).txt") == "Cuba_visit_1"
    assert doc_id_from_path("/x/__.hidden.txt") == "hidden"
    assert doc_id_from_path("???.txt") == "document"
    assert title_of("\n\n  Title here  \nbody") == "Title here"
    assert title_of(" \n ") is None
    assert title_of("\ufeffHeadline\nbody") == "Headline"


def test_option_errors(tmp_path):
    with pytest.raises(UsageError, match="one document"):
        import_texts([SEED, SEED_NBSP], corpus=tmp_path, doc_id="x")
    with pytest.raises(UsageError, match="not valid"):
        import_texts([SEED], corpus=tmp_path, doc_id="../escape")
    with pytest.raises(UsageError, match="not a date"):
        import_texts([SEED], corpus=tmp_path, dct="05/11/2018")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"\n  \n")
    with pytest.raises(DataError, match="empty"):
        import_texts([empty], corpus=tmp_path / "c")


def test_cli_import_text_exit_codes_and_messages(tmp_path):
    corpus = tmp_path / "corpus"
    done = run_annotate("import", "text", str(SEED), str(SEED_NBSP), "--corpus", str(corpus), "--dct", "2018-11-05")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert "imported 000_0850c832f78e4e8b" in out and "imported 001_0cefdf8c56bef465" in out

    copy = tmp_path / "same.txt"
    copy.write_bytes(SEED.read_bytes())
    again = run_annotate("import", "text", str(copy), "--corpus", str(corpus), "--id", "new")
    assert again.returncode == 0
    assert "already imported as 000_0850c832f78e4e8b" in again.stdout.decode()

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    failed = run_annotate("import", "text", str(bad), "--corpus", str(corpus))
    assert failed.returncode == 1
    assert failed.stderr.decode().startswith("annotate: error:") and "byte offset 3" in failed.stderr.decode()
    assert "Traceback" not in failed.stderr.decode()

    clash = tmp_path / SEED.name
    clash.write_text("Different text.\n", encoding="utf-8")
    clashed = run_annotate("import", "text", str(clash), "--corpus", str(corpus))
    assert clashed.returncode == 2 and "already used by a different text" in clashed.stderr.decode()

    missing = run_annotate("import", "text", str(tmp_path / "nope.txt"), "--corpus", str(corpus))
    assert missing.returncode == 2 and "no such file" in missing.stderr.decode()

    titled = tmp_path / "t.txt"
    titled.write_text("body only\n", encoding="utf-8")
    done = run_annotate("import", "text", str(titled), "--corpus", str(corpus), "--title", "My title", "--id", "t-1")
    assert done.returncode == 0
    registry = json.loads((corpus / "raw" / "registry.json").read_text(encoding="utf-8"))["documents"]
    assert registry["t-1"]["title"] == "My title"
    assert list(registry) == ["000_0850c832f78e4e8b", "001_0cefdf8c56bef465", "t-1"]


def test_concurrent_imports_lose_no_registry_entry(tmp_path):
    """Two processes import different articles into one corpus at the same time: all are registered."""
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    batches = []
    for batch in range(2):
        files = []
        for number in range(4):
            path = tmp_path / f"b{batch}-{number}.txt"
            path.write_text(f"Article {batch}-{number}\n\nDíaz-Canel visited Moscow.\n", encoding="utf-8")
            files.append(str(path))
        batches.append(files)
    code = ("import sys; from annotate.articles import import_texts; "
            "[import_texts([f], corpus=sys.argv[1]) for f in sys.argv[2:]]")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(corpus), *files]) for files in batches]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    registry = Corpus(corpus).registry()
    assert sorted(registry) == sorted(Path(f).stem for files in batches for f in files)
    for doc_id in registry:
        assert Corpus(corpus).raw_text(doc_id).startswith(f"Article {doc_id[1]}-{doc_id[3]}")
