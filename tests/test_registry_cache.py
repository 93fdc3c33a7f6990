"""``Corpus.registry()`` reuses the parsed registry while the file is unchanged (issue 13: ``suggest --all``
re-read and re-validated the whole registry once per article, a cost quadratic in the corpus).

Differential: on random registries, and after each random change to the file (rewritten by
``write_registry``, edited in place, replaced, removed), what the cached reader returns equals what the
straightforward parse of the file's current bytes (:func:`annotate.corpus.parse_registry`) returns.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate import corpus as corpus_module
from annotate.corpus import Corpus, parse_registry, sha256_text
from annotate.errors import DataError, StorageError
from schema import Source

ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
titles = st.one_of(st.none(), st.text(min_size=1, max_size=30))
sources = st.builds(
    lambda text, title, url: Source(file_name="a.txt", sha256=sha256_text(text), title=title, url=url),
    st.text(max_size=20), titles, st.one_of(st.none(), st.just("https://example.org/a"), st.just("x")))
registries = st.dictionaries(ids, sources, max_size=8)
changes = st.lists(st.tuples(st.sampled_from(["rewrite", "append-space", "in-place", "break", "remove"]),
                             registries), min_size=1, max_size=6)


def _straightforward(store: Corpus) -> dict[str, Source] | type:
    path = store.registry_path
    if not path.exists():
        return {}
    try:
        return parse_registry(path.read_bytes(), path)
    except DataError:
        return DataError


def _cached(store: Corpus) -> dict[str, Source] | type:
    try:
        return store.registry()
    except DataError:
        return DataError


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=registries, steps=changes)
def test_cached_registry_equals_a_fresh_parse_after_every_change(tmp_path_factory, first, steps) -> None:
    store = Corpus(tmp_path_factory.mktemp("corpus"))
    store.raw_dir.mkdir()
    store.write_registry(first)
    assert store.registry() == first
    for kind, registry in steps:
        path = store.registry_path
        if kind == "rewrite":
            store.write_registry(registry)
        elif kind == "append-space" and path.exists():
            with open(path, "a", encoding="utf-8") as handle:  # in place: same inode, new size
                handle.write(" ")
        elif kind == "in-place" and path.exists():
            # written in place (same inode): new content and modification time
            body = {"documents": {k: json.loads(v.model_dump_json(exclude_none=True)) for k, v in registry.items()}}
            path.write_text(json.dumps(body), encoding="utf-8")
        elif kind == "break":
            path.write_text('{"documents": [', encoding="utf-8")
        elif kind == "remove" and path.exists():
            path.unlink()
        expected = _straightforward(store)
        assert _cached(store) == expected
        assert _cached(store) == expected  # a second call (from the cache) too


def test_a_caller_cannot_change_the_cached_registry(tmp_path: Path) -> None:
    store = Corpus(tmp_path)
    store.raw_dir.mkdir()
    source = Source(file_name="a.txt", sha256=sha256_text("a"))
    store.write_registry({"a": source})
    first = store.registry()
    first["b"] = source
    del first["a"]
    assert store.registry() == {"a": source}


def test_the_registry_is_parsed_once_while_unchanged(tmp_path: Path, monkeypatch) -> None:
    store = Corpus(tmp_path)
    store.raw_dir.mkdir()
    store.write_registry({f"d{i}": Source(file_name=f"d{i}.txt", sha256=sha256_text(str(i))) for i in range(50)})
    calls = []
    real = corpus_module.parse_registry
    monkeypatch.setattr(corpus_module, "parse_registry", lambda data, path: calls.append(path) or real(data, path))
    for _ in range(100):
        assert len(Corpus(tmp_path).registry()) == 50
    assert len(calls) == 1
    os.utime(store.registry_path, ns=(1, 1))  # touched: read again
    assert len(store.registry()) == 50
    assert len(calls) == 2


def test_a_folder_named_registry_is_an_io_error(tmp_path: Path) -> None:
    store = Corpus(tmp_path)
    store.registry_path.mkdir(parents=True)
    with pytest.raises(StorageError):
        store.registry()
