"""Streaming reads with line numbers, atomic durable writes, and the corpus file lock."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotate.corpus import Corpus, file_lock
from annotate.errors import DataError, LockedError, StorageError
from annotate.jsonl import append_durably, atomic_write_bytes, iter_lines, read_documents, write_documents
from conftest import run_annotate


def test_read_documents_streams_and_locates_errors(tmp_path, sample_document):
    path = tmp_path / "c.jsonl"
    good = sample_document.to_json()
    bad = good.replace('"start":', '"start":"x","_":', 1)
    path.write_text(good + "\n" + bad + "\n", encoding="utf-8")
    docs = read_documents(path)
    assert next(docs).id == sample_document.id
    with pytest.raises(DataError) as info:
        next(docs)
    err = info.value
    assert (err.file, err.line, err.record_id) == (str(path), 2, sample_document.id)
    assert err.field and err.field.startswith("mentions[0]")  # worded as annotate validate words it
    assert str(err).startswith(f"{path}:2 [{sample_document.id}]: mentions[0]")


def test_iter_lines_numbers_lines_and_bounds_long_ones(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_bytes(b"a\r\n" + b"b" * 100 + b"\nc")
    lines = list(iter_lines(path, max_bytes=10))
    assert [n for n, _ in lines] == [1, 2, 3]
    assert lines[0][1] == b"a" and lines[2][1] == b"c"
    assert len(lines[1][1]) == 11  # truncated to max_bytes + 1 so the caller can report it


def test_directory_instead_of_file_is_a_storage_error(tmp_path):
    with pytest.raises(StorageError, match="is a directory"):
        list(iter_lines(tmp_path))


def test_atomic_write_replaces_whole_file_and_keeps_permissions(tmp_path, sample_document):
    path = tmp_path / "out" / "gold.jsonl"
    assert write_documents(path, [sample_document, sample_document]) == 2
    assert path.read_text(encoding="utf-8").count("\n") == 2
    assert path.stat().st_mode & 0o777 == 0o666 & ~_umask()
    os.chmod(path, 0o640)
    atomic_write_bytes(path, b"new\n")
    assert path.read_bytes() == b"new\n" and path.stat().st_mode & 0o777 == 0o640
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_failed_write_leaves_the_old_file(tmp_path, sample_document):
    path = tmp_path / "gold.jsonl"
    atomic_write_bytes(path, b"old\n")

    def broken():
        yield sample_document
        raise RuntimeError("crash while producing")

    with pytest.raises(RuntimeError):
        write_documents(path, broken())
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["gold.jsonl"]


def test_append_durably_appends_lines(tmp_path):
    path = tmp_path / "j" / "journal.jsonl"
    append_durably(path, '{"a": 1}')
    append_durably(path, '{"a": 2}')
    assert path.read_text().splitlines() == ['{"a": 1}', '{"a": 2}']
    with pytest.raises(ValueError):
        append_durably(path, "two\nlines")


def test_file_lock_refuses_a_second_process_and_is_freed_on_death(tmp_path):
    target = tmp_path / "doc.jsonl"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from annotate.corpus import file_lock
        with file_lock({str(target)!r}):
            print("locked", flush=True)
            time.sleep(60)
    """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(LockedError, match=f"in use by another process \\(process {holder.pid}\\)"):
            with file_lock(target, what="doc"):
                pass
    finally:
        holder.kill()
        holder.wait()
    with file_lock(target):  # the kernel released the dead holder's lock
        pass


def test_corpus_paths_refuse_unsafe_names(tmp_path):
    corpus = Corpus(tmp_path)
    assert corpus.annotation_path("alice", "000_x") == tmp_path / "annotations" / "alice" / "000_x.jsonl"
    from annotate.errors import UsageError

    for bad in ("../etc", "a b", "", "/abs"):
        with pytest.raises(UsageError):
            corpus.annotation_path(bad, "doc")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_output_path_through_a_file_is_named_as_such(tmp_path, sample_jsonl):
    # Path.mkdir(parents=True) reports "File exists" when a parent is a file, which reads as if the
    # output itself existed; the message names the file in the way instead.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    result = run_annotate("export", "prodigy", str(blocker / "tasks.jsonl"), "--input", str(sample_jsonl))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert f"{blocker / 'tasks.jsonl'}: cannot write: Not a directory ({blocker} is a file)" in err
    assert "File exists" not in err and "Traceback" not in err
    with pytest.raises(StorageError, match="cannot append: Not a directory"):
        append_durably(blocker / "journal" / "j.jsonl", "{}")


def test_a_line_that_is_not_utf8_is_called_so(tmp_path, sample_document):
    # pydantic called it "Invalid JSON: invalid unicode code point" (or, after a UTF-16 byte-order mark,
    # "expected value"): the readers of stats, render and the exporters now say what is wrong.
    path = tmp_path / "latin1.jsonl"
    line = sample_document.to_json().encode("utf-8")
    path.write_bytes(sample_document.to_json().encode("utf-8") + b"\n" + line.replace("í".encode(), b"\xed", 1) + b"\n")
    result = run_annotate("stats", str(path))
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert (f"{path}:2 [{sample_document.id}]: byte {line.index('í'.encode())} (0xed) is not valid UTF-8 "
            "(invalid continuation byte); expected UTF-8 text") in err  # worded as annotate validate words it
    assert "Invalid JSON" not in err and "Traceback" not in err


def test_an_input_error_while_streaming_an_output_is_not_blamed_on_the_output(tmp_path):
    # atomic_write_chunks wrapped every OSError, the input's StorageError included, as
    # "OUT: cannot write: IN: is a directory", naming the wrong file first.
    corpus = tmp_path / "corpus"
    (corpus / "gold.jsonl").mkdir(parents=True)
    out = tmp_path / "tasks.jsonl"
    result = run_annotate("export", "prodigy", str(out), "--corpus", str(corpus))
    err = result.stderr.decode()
    assert result.returncode == 2, err
    assert f"annotate: error: {corpus / 'gold.jsonl'}: is a directory, expected a JSONL file" in err
    assert "cannot write" not in err and not out.exists()
