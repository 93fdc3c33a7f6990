"""``--jobs N`` on validate, stats, suggest and export hf: the output of ``--jobs 1``, byte for byte.

Each command runs in a real subprocess with small pieces (a few documents each), so that every run
spreads its input over many tasks and the reduce must put them back in order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotate.parallel import file_pieces, merge_stats, ordered_map, piece_lines
from annotate.jsonl import iter_lines
from tests.conftest import run_annotate
from tests.parallel_fixtures import SMALL_PIECES, messy_corpus, suggest_corpus_copy, tree_bytes, write_valid


def both(*args: str, cwd: Path | None = None, jobs: str = "2"):
    one = run_annotate(*args, "--jobs", "1", env=SMALL_PIECES, cwd=cwd)
    many = run_annotate(*args, "--jobs", jobs, env=SMALL_PIECES, cwd=cwd)
    return one, many


def assert_same(one, many) -> None:
    assert b"Traceback" not in one.stderr + many.stderr, (one.stderr + many.stderr).decode()
    assert many.returncode == one.returncode
    assert many.stdout == one.stdout
    assert many.stderr == one.stderr


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    return messy_corpus(tmp_path_factory.mktemp("parallel") / "corpus")


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    return write_valid(tmp_path_factory.mktemp("parallel") / "valid.jsonl")


# -- pieces -----------------------------------------------------------------------------------------


def test_pieces_give_the_lines_of_iter_lines(tmp_path: Path):
    """Cut anywhere, the pieces of a file hold exactly its lines, numbered as iter_lines numbers them:
    CRLF, blank lines, a last line without newline, an over-long line."""
    path = tmp_path / "lines.jsonl"
    body = b"".join(b"line %d " % i + b"x" * (i * 37 % 300) + (b"\r\n" if i % 3 else b"\n") for i in range(200))
    path.write_bytes(body + b"\n\n" + b"y" * 5000 + b"\nlast")
    expected = list(iter_lines(path, max_bytes=4096))
    for size in (1, 50, 700, 4096, 1 << 20):
        pieces = list(file_pieces(0, path, piece_bytes=size))
        assert pieces[0].first and pieces[-1].last and sum(p.first for p in pieces) == 1
        assert sum(p.last for p in pieces) == 1
        got = [line for piece in pieces for line in piece_lines(piece, max_bytes=4096)]
        assert got == expected, size
        assert all(a.end == b.start for a, b in zip(pieces, pieces[1:]))


def test_an_empty_file_is_one_empty_piece(tmp_path: Path):
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")
    pieces = list(file_pieces(0, path))
    assert len(pieces) == 1 and pieces[0].first and pieces[0].last
    assert list(piece_lines(pieces[0])) == []


def test_ordered_map_keeps_order_and_raises_in_turn():
    assert list(ordered_map(abs, range(-50, 0), jobs=2, window=3)) == list(range(50, 0, -1))
    results = ordered_map(_fail_on_three, range(6), jobs=2)
    assert [next(results) for _ in range(3)] == [0, 1, 2]
    with pytest.raises(ValueError, match="three"):
        next(results)


def _fail_on_three(value: int) -> int:
    if value == 3:
        raise ValueError("three")
    return value


# -- validate ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("options", [(), ("--format", "json"), ("--format", "github", "--max-errors", "0"),
                                     ("--max-errors", "1"), ("--quiet",)],
                         ids=["text", "json", "github", "max-errors", "quiet"])
def test_validate_jobs_output_is_the_single_process_output(messy: Path, options: tuple[str, ...]):
    one, many = both("validate", str(messy), *options)
    assert one.returncode == 1
    assert_same(one, many)


def test_validate_jobs_finds_every_level_with_file_and_line(messy: Path):
    result = run_annotate("validate", str(messy), "--jobs", "2", "--format", "json", "--max-errors", "0",
                          env=SMALL_PIECES)
    report = json.loads(result.stdout)
    found = {(Path(i["file"]).name, i["line"], i["test_id"]) for i in report["incidents"]}
    for expected in [("gold.jsonl", 4, "not-json"), ("gold.jsonl", 6, "blank-line"),
                     ("gold.jsonl", 9, "duplicate-document"), ("gold.jsonl", 14, "not-utf8"),
                     ("gold.jsonl", 17, "span-text-mismatch"), ("gold.jsonl", 22, "cluster-mixed-types"),
                     ("gold.jsonl", 27, "missing-field"), ("gold.jsonl", 11, "raw-text-mismatch"),
                     ("empty.jsonl", None, "annotation-file-count"), ("misnamed.jsonl", 1, "annotation-file-mismatch"),
                     ("registry.json", None, "registry-invalid")]:
        assert expected in found
    assert report["summary"]["documents"] == 41 and report["summary"]["files"] == 4


def test_validate_jobs_on_a_valid_file_and_on_standard_input(valid: Path):
    one, many = both("validate", str(valid))
    assert one.returncode == 0 and b"*** PASSED *** (40 documents, 0 warnings)" in one.stdout.splitlines()[-1]
    assert_same(one, many)
    data = valid.read_bytes() + b"garbage\n"
    one = run_annotate("validate", "-", "--jobs", "1", input=data, env=SMALL_PIECES)
    many = run_annotate("validate", "-", "--jobs", "2", input=data, env=SMALL_PIECES)
    assert one.stdout.startswith(b"<stdin>:41 L1 FORMAT not-json") and one.returncode == 1
    assert_same(one, many)


def test_validate_jobs_library_report_equals_single_process(messy: Path, monkeypatch):
    from annotate.parallel import validate_paths as parallel_validate
    from annotate.validate import validate_paths

    monkeypatch.setenv("EVENTGOLD_PIECE_BYTES", "9000")
    single = validate_paths([messy], max_errors=None)
    parallel = parallel_validate([messy], max_errors=None, jobs=2)
    assert parallel.incidents == single.incidents and parallel.summary() == single.summary()


def test_jobs_must_be_positive(valid: Path):
    result = run_annotate("validate", str(valid), "--jobs", "0")
    assert result.returncode == 2 and b"Traceback" not in result.stderr


# -- stats ------------------------------------------------------------------------------------------


def test_stats_jobs_output_is_the_single_process_output(valid: Path):
    one, many = both("stats", str(valid), "--format", "json")
    assert one.returncode == 0 and json.loads(one.stdout)["total"]["documents"] == 40
    assert_same(one, many)


def test_stats_jobs_over_a_folder_of_files(tmp_path: Path, monkeypatch):
    from annotate.parallel import corpus_stats as parallel_stats
    from annotate.stats import corpus_stats

    folder = tmp_path / "set"
    folder.mkdir()
    write_valid(folder / "a.jsonl", 7)
    write_valid(folder / "b.jsonl", 12)
    (folder / "c.jsonl").write_bytes(b"")
    monkeypatch.setenv("EVENTGOLD_PIECE_BYTES", "9000")
    single = corpus_stats(folder)
    assert single.documents == 19
    assert json.dumps(parallel_stats(folder, jobs=2).to_dict()) == json.dumps(single.to_dict())


def test_stats_jobs_names_the_failing_document(messy: Path):
    one, many = both("stats", str(messy / "gold.jsonl"))
    assert one.returncode == 1
    assert one.stderr.decode().startswith(f"annotate: error: {messy / 'gold.jsonl'}:4")
    assert_same(one, many)


def test_merge_stats_equals_one_pass(valid: Path):
    from annotate.stats import CorpusStats, iter_analyzed
    from annotate.jsonl import read_documents

    documents = list(iter_analyzed(read_documents(valid)))[:20]
    total = CorpusStats()
    for start in range(0, len(documents), 7):
        part = CorpusStats()
        for document, analysis in documents[start:start + 7]:
            part.add(document, analysis, file=str(valid))
        merge_stats(total, part)
    single = CorpusStats()
    for document, analysis in documents:
        single.add(document, analysis, file=str(valid))
    assert json.dumps(total.to_dict()) == json.dumps(single.to_dict())


# -- suggest ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> Path:
    return suggest_corpus_copy(tmp_path_factory.mktemp("parallel") / "corpus")


def test_suggest_jobs_output_is_the_single_process_output(articles: Path, tmp_path: Path):
    one = run_annotate("suggest", "--all", "--corpus", str(articles), "--format", "json", "--jobs", "1")
    many = run_annotate("suggest", "--all", "--corpus", str(articles), "-o", str(tmp_path / "many.jsonl"),
                        "--jobs", "2")
    assert one.returncode == many.returncode == 0, one.stderr + many.stderr
    assert len(one.stdout.splitlines()) == 17
    assert (tmp_path / "many.jsonl").read_bytes() == one.stdout


def test_suggest_jobs_unknown_id_is_a_usage_error(articles: Path):
    from annotate.errors import UsageError
    from annotate.parallel import suggest_corpus

    with pytest.raises(UsageError, match="no document 'nope'"):
        list(suggest_corpus(corpus=articles, doc_ids=["nope"], jobs=2))


# -- export hf --------------------------------------------------------------------------------------


def test_export_hf_jobs_writes_the_same_files(valid: Path, tmp_path: Path):
    for jobs in ("1", "2"):
        result = run_annotate("export", "hf", str(tmp_path / jobs), "--input", str(valid), "--jobs", jobs,
                              "--split", "train=0.5,validation=0.25,test=0.25", env=SMALL_PIECES)
        assert result.returncode == 0, result.stderr
    assert tree_bytes(tmp_path / "1") == tree_bytes(tmp_path / "2")
    assert len(list((tmp_path / "2").rglob("*.parquet"))) == 6

    import datasets

    loaded = datasets.load_dataset(str(tmp_path / "2"), "documents")
    assert sum(len(split) for split in loaded.values()) == 40


def test_export_hf_jobs_names_the_failing_document(tmp_path: Path, valid: Path):
    lines = valid.read_bytes().splitlines(keepends=True)
    bad = lines[22].replace(b'"arrived"', b'"ARRIVED"', 1)
    assert bad != lines[22]
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b"".join(lines[:22] + [bad] + lines[23:]))
    one, many = both("export", "hf", str(tmp_path / "out"), "--input", str(source), "-q")
    assert one.returncode == 1
    assert one.stderr.decode().startswith(f"annotate: error: {source}:23 [")
    assert "span-text-mismatch" in one.stderr.decode()
    assert_same(one, many)
    assert not (tmp_path / "out").exists()


# -- the Ray engine without Ray ---------------------------------------------------------------------


def test_engine_ray_without_ray_is_one_line_with_the_install_command(valid: Path, tmp_path: Path):
    """Even where Ray is installed: a ``ray`` package that fails to import stands for a missing one."""
    fake = tmp_path / "site" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    env = {"PYTHONPATH": str(tmp_path / "site")}
    for args in (("validate", str(valid)), ("stats", str(valid)),
                 ("export", "hf", str(tmp_path / "out"), "--input", str(valid))):
        result = run_annotate(*args, "--engine", "ray", env=env)
        assert result.returncode == 2, result.stderr
        message = result.stderr.decode()
        assert message.count("\n") == 1 and "pip install 'eventgold[ray]'" in message, message
    assert not (tmp_path / "out").exists()


def test_ray_address_needs_the_ray_engine(valid: Path):
    result = run_annotate("validate", str(valid), "--ray-address", "auto")
    assert result.returncode == 2 and "--ray-address goes with --engine ray" in result.stderr.decode()
