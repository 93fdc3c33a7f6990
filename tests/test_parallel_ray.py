"""``--engine ray``: the same output as the single-process run, on a local Ray instance of 2 CPUs.

One Ray instance serves the whole module (started once: it takes seconds); the library calls run on it
in this process, and the CLI test connects to it with ``--ray-address``. Nothing goes out: no dashboard,
no usage statistics, the node on the loopback address. Skipped, with the reason shown, only when Ray is
not installed (``pip install -e '.[test,ray]'``; scripts/test installs it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[test,ray]' runs these tests)")

from annotate.errors import DataError  # noqa: E402
from tests.conftest import run_annotate  # noqa: E402
from tests.parallel_fixtures import (  # noqa: E402
    SMALL_PIECES, messy_corpus, suggest_corpus_copy, tree_bytes, write_valid,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


@pytest.fixture(scope="module", autouse=True)
def ray_session():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1")
    yield ray
    ray.shutdown()


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch):
    for name, value in SMALL_PIECES.items():
        monkeypatch.setenv(name, value)


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    return messy_corpus(tmp_path_factory.mktemp("ray") / "corpus")


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    return write_valid(tmp_path_factory.mktemp("ray") / "valid.jsonl")


def test_validate_on_ray_gives_the_incidents_of_one_process(messy: Path):
    from annotate.parallel import iter_incidents
    from annotate.validate import iter_incidents as single
    from annotate.validate import ValidationReport

    one, many = ValidationReport(), ValidationReport()
    expected = list(single([messy], report=one))
    found = list(iter_incidents([messy], report=many, engine="ray", jobs=2))
    assert found == expected
    assert (many.documents, many.files) == (one.documents, one.files) == (41, 4)
    assert {i.test_id for i in found} >= {"not-json", "duplicate-document", "cluster-mixed-types", "raw-text-mismatch",
                                          "annotation-file-count", "registry-invalid", "span-text-mismatch"}


def test_validate_cli_on_a_running_cluster(messy: Path):
    address = ray.get_runtime_context().gcs_address
    one = run_annotate("validate", str(messy), "--format", "github", env=SMALL_PIECES)
    many = run_annotate("validate", str(messy), "--format", "github", "--engine", "ray", "--ray-address", address,
                        env=SMALL_PIECES)
    assert one.returncode == 1 and many.returncode == 1, many.stderr.decode()
    assert many.stdout == one.stdout
    assert b"Traceback" not in many.stderr


def test_stats_on_ray_are_the_single_process_stats(valid: Path):
    from annotate.parallel import corpus_stats
    from annotate.stats import corpus_stats as single

    assert json.dumps(corpus_stats(valid, engine="ray").to_dict()) == json.dumps(single(valid).to_dict())


def test_a_failing_document_is_reported_with_its_file_and_line(messy: Path, valid: Path, tmp_path: Path):
    from annotate.formats.hf import export_hf as single_export
    from annotate.parallel import corpus_stats, export_hf
    from annotate.stats import corpus_stats as single

    with pytest.raises(DataError) as expected:
        single(messy / "gold.jsonl")
    with pytest.raises(DataError) as found:
        corpus_stats(messy / "gold.jsonl", engine="ray", jobs=2)
    assert str(found.value) == str(expected.value) and found.value.line == 4

    lines = valid.read_bytes().splitlines(keepends=True)
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b"".join(lines[:30] + [lines[30].replace(b'"arrived"', b'"ARRIVED"', 1)] + lines[31:]))
    with pytest.raises(DataError) as expected:
        single_export(tmp_path / "one", input=source)
    with pytest.raises(DataError) as found:
        export_hf(tmp_path / "many", input=source, engine="ray")
    assert str(found.value) == str(expected.value) and found.value.line == 31
    assert not (tmp_path / "many").exists()


def test_export_hf_on_ray_writes_the_same_parquet_files_and_card(valid: Path, tmp_path: Path):
    from annotate.formats.hf import export_hf as single
    from annotate.parallel import export_hf

    single(tmp_path / "one", input=valid, seed=3)
    result = export_hf(tmp_path / "many", input=valid, seed=3, engine="ray", jobs=2)
    assert result.documents == 40
    assert tree_bytes(tmp_path / "many") == tree_bytes(tmp_path / "one")

    import datasets

    sentences = datasets.load_dataset(str(tmp_path / "many"), "sentences")
    documents = datasets.load_dataset(str(tmp_path / "many"), "documents")
    assert sum(len(split) for split in documents.values()) == 40
    assert sum(len(split) for split in sentences.values()) == sum(
        info.num_examples["sentences"] for info in result.splits)


def test_suggest_on_ray_gives_the_same_documents(tmp_path: Path):
    from annotate.parallel import suggest_corpus
    from annotate.suggest import suggest_corpus as single

    corpus = suggest_corpus_copy(tmp_path / "corpus", n=6)
    expected = [document.to_json() for document in single(corpus=corpus)]
    assert [document.to_json() for document in suggest_corpus(corpus=corpus, engine="ray")] == expected
    assert len(expected) == 11


def test_standard_input_is_refused_with_one_line(valid: Path):
    result = run_annotate("validate", "-", "--engine", "ray", input=valid.read_bytes())
    assert result.returncode == 2
    assert result.stderr.decode().count("\n") == 1 and "not - for standard input" in result.stderr.decode()
