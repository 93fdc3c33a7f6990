"""``annotate stats`` reuses cached sentence and token counts (issue 13: stats imported spaCy for every run).

Differential: statistics computed through the cache (cold, then warm, then with a stale or corrupt
entry) equal those computed with spaCy on every text, on random synthetic documents; and a warm run
never imports spaCy.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotate.jsonl import write_documents
from annotate.stats import CountStore, corpus_stats
from benchmarks.synthetic import synthetic_document
from tests.conftest import REPO, build_sample_document


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 5), damage=st.sampled_from(["none", "corrupt", "stale"]))
def test_cached_statistics_equal_fresh_ones(tmp_path_factory, seed: int, n: int, damage: str) -> None:
    rng = random.Random(seed)
    folder: Path = tmp_path_factory.mktemp("stats")
    documents = [synthetic_document(i, rng, events=rng.randrange(1, 6)) for i in range(n)]
    documents.append(build_sample_document())  # non-ASCII text, an emoji
    path = folder / "corpus.jsonl"
    write_documents(path, documents)
    cache = folder / "cache"
    fresh = corpus_stats(path).to_dict()
    assert corpus_stats(path, cache=cache).to_dict() == fresh  # cold: fills the cache
    import sqlite3

    from annotate.analysis_cache import DB_NAME

    with sqlite3.connect(cache / DB_NAME) as db:
        keys = [key for key, in db.execute("SELECT sha256 FROM analyses ORDER BY sha256")]
        assert len(keys) == len({d.text for d in documents})
        if damage == "corrupt":  # counts that no text can have
            db.execute("UPDATE analyses SET sentences = 7, tokens = 3 WHERE sha256 = ?", (keys[0],))
        elif damage == "stale":  # the entry of another text, or of another pipeline: refused, recomputed
            db.execute("UPDATE analyses SET sha256 = ?, tokens = 3 WHERE sha256 = ?", ("0" * 64, keys[0]))
            db.execute("UPDATE analyses SET pipeline = 'spacy 0.0', tokens = 3 WHERE sha256 = ?", (keys[-1],))
    db.close()
    if damage == "corrupt" and rng.random() < 0.5:  # or a file that is not a database at all: replaced
        (cache / DB_NAME).write_bytes(b"{not a database" * 50)
        for suffix in ("-wal", "-shm"):
            (cache / f"{DB_NAME}{suffix}").unlink(missing_ok=True)
    assert corpus_stats(path, cache=cache).to_dict() == fresh  # warm (or repaired)


def test_a_warm_run_does_not_load_spacy(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    write_documents(path, [build_sample_document()])
    cache = tmp_path / "cache"
    code = ("import sys, json\nfrom annotate.stats import corpus_stats\n"
            f"stats = corpus_stats({str(path)!r}, cache={str(cache)!r})\n"
            "print(json.dumps([stats.tokens, 'spacy' in sys.modules]))")
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                                      check=True).stdout) for _ in range(2)]
    assert runs[0][1] is True and runs[1][1] is False  # the first run tokenized, the second read the cache
    assert runs[0][0] == runs[1][0] > 0
    assert CountStore(cache).get(build_sample_document().text) is not None


def test_counts_come_in_input_order_whatever_the_cache_holds(tmp_path: Path) -> None:
    """A document whose counts are cached is handed on at once unless an uncached one waits before it
    (issue 13: a warm run held batches of parsed documents); the order and the counts stay those of a
    run without cache, for any mix of cached and uncached texts across small batches."""
    from annotate.stats import iter_analyzed, iter_counted

    rng = random.Random(11)
    documents = [synthetic_document(i, rng, events=rng.randrange(1, 4)) for i in range(23)]
    fresh = [(d.id, len(a.sentences), len(a.tokens)) for d, a in iter_analyzed(documents)]
    for trial in range(4):
        store = CountStore(tmp_path / f"cache-{trial}")
        for document, (_, sentences, tokens) in zip(documents, fresh):
            if rng.random() < 0.6:  # cached before this run
                from annotate.stats import Counts

                store.put(document.text, Counts(range(sentences), range(tokens)))
        got = [(d.id, len(a.sentences), len(a.tokens)) for d, a in iter_counted(documents, store, batch_size=3)]
        assert got == fresh


def test_the_entries_of_the_cache_before_its_database_are_removed_once(tmp_path: Path) -> None:
    """Before the database, the cache held one JSON file per text (``AB/ABCDEF....json``): nothing reads
    them now, so a new database deletes them; what else the folder holds stays."""
    from annotate.analysis_cache import DB_NAME

    cache = tmp_path / "cache"
    digest = "ab" + "0" * 62
    legacy = cache / "ab" / f"{digest}.json"
    legacy.parent.mkdir(parents=True)
    legacy.write_text("{}", encoding="utf-8")
    kept = [cache / "ab" / "notes.json", cache / "cd" / ("cd" + "1" * 61 + ".json"), cache / "readme.txt"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("mine", encoding="utf-8")
    corpus = tmp_path / "c.jsonl"
    write_documents(corpus, [build_sample_document()])
    corpus_stats(corpus, cache=cache)
    assert (cache / DB_NAME).is_file()
    assert not legacy.exists() and all(path.read_text(encoding="utf-8") == "mine" for path in kept)
