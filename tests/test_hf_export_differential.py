"""Differential test of the optimised ``export hf`` (issue 13): on random documents made from the seed
articles (non-ASCII text, no events, many events), the export, with the analysis cache cold, warm and off,
equals the straightforward construction: every document's ``model_dump`` turned into the features' values
field by field, sentences and tokens from a fresh spaCy pipeline text by text (no primed tokenizer cache,
no analysis cache), and both
built into ``datasets.Dataset.from_list`` — compared with what ``datasets.load_dataset`` reads back."""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotate.analysis_cache import DB_NAME, AnalysisStore, TokenizerPrimer, decode, encode, pipeline_key, text_key
from annotate.formats.hf import (
    assign_splits, document_features, export_hf, parse_split_spec, sentence_block, sentence_features, sentence_rows,
)
from annotate.nlp import analysis_from_doc, analyze, load_pipeline
from annotate.stats import CountStore
from annotate.validate import check_document
from schema import (
    EVENT_TYPES, AnnotationInfo, Argument, Attributes, CreationTime, Document, Mention, MentionType, Polarity,
    Realis, Source, Span, Tense, make_span,
)

from conftest import REPO, SEEDS

INSERTS = ["Díaz-Canel", "“quoted”", "São Paulo", "\u00a0", "€50", "Erdoğan’s", "\U0001F1F7\U0001F1FA", "naïve",
           "\n\n", "Mr. Lavrov said:", "«Да»", "北京", "e\u0301"]


def random_text(rng: random.Random) -> str:
    """Pieces of the seed articles, shuffled, with non-ASCII words and line breaks inserted between words."""
    seeds = [p.read_bytes().decode("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    seed = rng.choice(seeds)
    words = seed.split(" ")
    start = rng.randrange(len(words))
    piece = words[start:start + rng.randrange(5, 400)]
    for _ in range(rng.randrange(0, 12)):
        piece.insert(rng.randrange(len(piece) + 1), rng.choice(INSERTS))
    return " ".join(piece).strip() or "Moscow"


def random_document(index: int, rng: random.Random) -> Document:
    text = random_text(rng)
    words = [m for m in re.finditer(r"\w+", text)]
    rng.shuffle(words)
    mentions, used = [], set()
    for match in words[:rng.randrange(0, 40)]:
        mtype = rng.choice([MentionType.PER, MentionType.ORG, MentionType.GPE, MentionType.LOC,
                            MentionType.TOPIC])
        extra = {"entity": f"E{rng.randrange(5)}"} if mtype in (MentionType.PER, MentionType.ORG,
                                                                  MentionType.GPE) else {}
        mentions.append(Mention(id=f"M{len(mentions) + 1}", type=mtype, **make_span(text, *match.span()), **extra))
        used.add(match.span())
    triggers = [m for m in words if m.span() not in used]
    events = []
    wanted = rng.randrange(16, 60) if index % 4 == 0 else 0 if index % 4 == 1 else rng.randrange(1, 8)
    for match in triggers[:wanted]:  # many events, none, a few
        type_name = rng.choice(sorted(EVENT_TYPES))
        cls = EVENT_TYPES[type_name]
        arguments = []
        required = {role.name for role in cls.ROLES if role.min}
        for role in rng.sample(cls.ROLES, rng.randrange(0, len(cls.ROLES) + 1)):  # fillers of allowed types
            fillers = [m for m in mentions if m.type in role.fillers]
            if fillers:
                arguments.append(Argument(role=role.name, mention=rng.choice(fillers).id))
        events.append(cls(  # generic events may leave required roles empty
            id=f"EV{len(events) + 1}", trigger=Span(**make_span(text, *match.span())),
            attributes=Attributes(realis=rng.choice(list(Realis)) if {a.role for a in arguments} >= required
                                  else Realis.GENERIC,
                                  polarity=rng.choice(list(Polarity)), tense=rng.choice(list(Tense))),
            arguments=arguments, coref=rng.choice([None, f"H-{type_name}"]), cluster=rng.choice([None, "C1"])))
    from annotate.corpus import sha256_text

    return Document(id=f"rand-{index:03d}", text=text,
                    source=Source(file_name=f"rand-{index}.txt", sha256=sha256_text(text),
                                  dct=CreationTime(value="2018-11", method="inferred", note="test")),
                    annotation=AnnotationInfo(annotator="tester", status=rng.choice(["complete", "draft"])),
                    mentions=mentions, events=events)


def valid_random_documents(n: int, seed: int) -> list[Document]:
    """``n`` random documents that the validator's content checks accept (errors are regenerated)."""
    rng = random.Random(seed)
    documents: list[Document] = []
    attempts = 0
    while len(documents) < n:
        attempts += 1
        assert attempts < 20 * n, "the generator makes too many invalid documents"
        document = random_document(len(documents), rng)
        document = Document.model_validate_json(document.to_json())  # as read from a line
        if not any(found.is_error for found in check_document(document)):
            documents.append(document)
    return documents


def reference_row(value, feature):
    """The straightforward conversion of a ``model_dump(mode="json")`` value to ``feature``'s value."""
    from datasets import ClassLabel, List

    if value is None:
        return None
    if isinstance(feature, ClassLabel):
        return feature.str2int(value)
    if isinstance(feature, List):
        return [reference_row(v, feature.feature) for v in value]
    if isinstance(feature, dict):
        return {name: reference_row(value.get(name), sub) for name, sub in feature.items()}
    return value


LOAD = textwrap.dedent("""
    import json, sys, datasets
    folder, out = sys.argv[1], {}
    for config in ("documents", "sentences"):
        ds = datasets.load_dataset(folder, config)
        out[config] = {name: split.to_list() for name, split in ds.items()}
    print(json.dumps(out, ensure_ascii=False))
""")


def load_with_datasets(folder: Path, cache: Path) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_DATASETS_CACHE": str(cache),
           "HF_HOME": str(cache / "home"), "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}
    done = subprocess.run([sys.executable, "-c", LOAD, str(folder)], capture_output=True, env=env, cwd=REPO,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    import json

    return json.loads(done.stdout)


def cached_rows(folder: Path, complete: bool = True) -> int:
    """Entries of the analysis cache in ``folder`` (with offsets: written by the export)."""
    import sqlite3

    with sqlite3.connect(folder / DB_NAME) as db:
        where = " WHERE offsets IS NOT NULL" if complete else ""
        return db.execute(f"SELECT count(*) FROM analyses{where}").fetchone()[0]


@pytest.mark.parametrize("seed", [11])
def test_optimised_export_equals_the_straightforward_one(tmp_path: Path, seed: int) -> None:
    import datasets

    documents = valid_random_documents(16, seed)
    assert any(not d.events for d in documents) and any(len(d.events) > 15 for d in documents)
    assert any(any(ord(c) > 127 for c in d.text) for d in documents)
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    split = "train=0.5,validation=0.25,test=0.25"

    cache = tmp_path / "analysis"
    outs = {}
    for label, option in (("no cache", None), ("cold cache", cache), ("warm cache", cache)):
        outs[label] = tmp_path / label.replace(" ", "-")
        export_hf(outs[label], input=source, split=split, seed=seed, cache=option)
    assert cached_rows(cache) == len({d.text for d in documents})
    # the three exports write the same bytes
    for config in ("documents", "sentences"):
        for path in sorted((outs["no cache"] / config).iterdir()):
            for label in ("cold cache", "warm cache"):
                assert (outs[label] / config / path.name).read_bytes() == path.read_bytes(), (label, path)

    # the straightforward construction, split by split, through datasets.Dataset.from_list
    assignment = assign_splits([d.id for d in documents], parse_split_spec(split), seed=seed)
    fresh = load_pipeline.__wrapped__(None)  # a new pipeline, not the one the export primed
    doc_features, sent_features = document_features(), sentence_features()
    expected: dict[str, dict[str, list]] = {"documents": {}, "sentences": {}}
    for document in documents:
        name = assignment[document.id]
        row = reference_row(document.model_dump(mode="json"), dict(doc_features))
        expected["documents"].setdefault(name, []).append(row)
        analysis = analysis_from_doc(fresh(document.text))  # spaCy alone, text by text, nothing primed
        assert analysis == analyze(document.text)
        expected["sentences"].setdefault(name, []).extend(sentence_rows(document, analysis))
    # the card's metadata through libyaml is the text PyYAML's own emitter writes
    import yaml

    from annotate.formats.hf_card import dump_yaml, front_matter

    result = export_hf(tmp_path / "again", input=source, split=split, seed=seed)
    assert getattr(yaml, "CSafeDumper", None) is not None  # the fast path is taken here
    assert dump_yaml(front_matter(result)) == yaml.safe_dump(front_matter(result), sort_keys=False,
                                                             allow_unicode=True, width=1000)
    loaded = load_with_datasets(outs["warm cache"], tmp_path / "hf-cache")
    for config, features in (("documents", doc_features), ("sentences", sent_features)):
        for name, rows in expected[config].items():
            reference = datasets.Dataset.from_list(rows, features=features).to_list()
            assert loaded[config][name] == reference, (config, name)
        assert set(loaded[config]) == {name for name, rows in expected[config].items() if rows}


@pytest.mark.parametrize("batch_rows,batch_chars", [(2048, None), (7, None), (1, None), (100000, 900)])
def test_sentence_blocks_write_the_parquet_of_the_rows(tmp_path: Path, monkeypatch, batch_rows, batch_chars) -> None:
    """The export's columnar ``sentences`` (a :class:`SentenceBlock` per document, built into Arrow column
    by column, row groups cut inside documents) writes the bytes ``pa.Table.from_pylist`` writes of the
    rows as dicts; and the rows carry the analysis' tokens, sentence by sentence."""
    import pyarrow.parquet as pq

    import annotate.formats.hf as hf

    if batch_chars is not None:
        monkeypatch.setattr(hf, "BATCH_CHARS", batch_chars)
    documents = valid_random_documents(10, 12)
    features = sentence_features()
    by_rows = hf.ParquetSink(tmp_path / "rows.parquet", features, batch_rows)
    by_blocks = hf.ParquetSink(tmp_path / "blocks.parquet", features, batch_rows)
    for document in documents:
        analysis = analyze(document.text)
        rows = sentence_rows(document, analysis)
        assert len(rows) == len(analysis.sentences)
        for row, sentence in zip(rows, analysis.sentences):
            tokens = analysis.tokens[sentence.token_start:sentence.token_end]
            assert row["tokens"] == [document.text[s:e] for s, e in tokens]
            assert row["token_offsets"] == [{"start": s, "end": e} for s, e in tokens]
            assert len(row["trigger_tags"]) == len(tokens)
            assert row["text"] == document.text[sentence.start:sentence.end]
        for row in rows:
            by_rows.add(row, len(row["text"]))
        by_blocks.add_block(sentence_block(document, analysis))
    by_rows.close()
    by_blocks.close()
    assert (by_blocks.num_examples, by_blocks.num_bytes) == (by_rows.num_examples, by_rows.num_bytes)
    assert (tmp_path / "blocks.parquet").read_bytes() == (tmp_path / "rows.parquet").read_bytes()
    groups = pq.ParquetFile(tmp_path / "blocks.parquet").metadata.num_row_groups
    assert groups > 1 if (batch_rows < 100 or batch_chars) else groups >= 1


def test_cached_analyses_equal_spacy_and_feed_the_stats_counts(tmp_path: Path) -> None:
    """An entry round-trips to the analysis spaCy gives, and ``annotate stats``' count store reads it: one
    cache for both commands."""
    store = AnalysisStore(tmp_path)
    texts = [d.text for d in valid_random_documents(12, 5)] + ["", "   ", "\n\nOne.\n\nTwo “three.” Four"]
    for text in texts:
        assert store.get(text) is None
        store.put(text, analyze(text))
    for text in texts:
        analysis = store.get(text)
        assert analysis == analyze(text)
        assert (analysis.token_starts, analysis.token_ends) == ([s for s, _ in analysis.tokens],
                                                                [e for _, e in analysis.tokens])
        counts = CountStore(tmp_path).get(text)
        assert counts is not None
        assert (len(counts.sentences), len(counts.tokens)) == (len(analysis.sentences), len(analysis.tokens))


def test_stale_or_damaged_entries_are_ignored(tmp_path: Path) -> None:
    import sqlite3

    from annotate.analysis_cache import _to_blob

    store = AnalysisStore(tmp_path)
    text = "Putin arrived in Havana. “We are open,” he said.\nThe end"
    store.put(text, analyze(text))
    assert store.get(text) == analyze(text)
    store.close()
    offsets, starts = encode(analyze(text))
    good = (text_key(text), pipeline_key(), len(starts), len(offsets) // 2, _to_blob(offsets), _to_blob(starts))
    damaged = [
        (good[0], "spacy 0.0; nlp.py 0", *good[2:]),  # another spaCy or other rules
        (*good[:4], _to_blob(offsets[:-1]), good[5]),
        (*good[:4], good[4][:-3], good[5]),  # not a whole number of integers
        (*good[:4], "text, not bytes", good[5]),
        (*good[:4], _to_blob([offsets[1], offsets[0], *offsets[2:]]), good[5]),
        (*good[:4], _to_blob([*offsets[:-1], len(text) + 5]), good[5]),
        (*good[:5], _to_blob([1, *starts[1:]])),
        (*good[:5], _to_blob(list(reversed(starts)))),
        (*good[:3], good[3] + 1, *good[4:]),
        (*good[:4], None, None),  # counts only, as stats writes
    ]
    for row in damaged:
        with sqlite3.connect(tmp_path / DB_NAME) as db:
            db.execute("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?)", row)
        assert AnalysisStore(tmp_path).get(text) is None, row
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("INSERT OR REPLACE INTO analyses VALUES (?, ?, ?, ?, ?, ?)", good)
    assert AnalysisStore(tmp_path).get(text) == analyze(text)
    assert decode(text, offsets, starts) == analyze(text)
    assert pipeline_key().startswith("spacy ")


def test_a_damaged_or_unwritable_cache_only_costs_time(tmp_path: Path) -> None:
    """A file that is not a database is replaced; a folder that cannot hold one leaves the export
    uncached, with the same output."""
    documents = valid_random_documents(3, 4)
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    reference = tmp_path / "reference"
    export_hf(reference, input=source, split="train=1")
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / DB_NAME).write_bytes(b"not a database" * 100)
    export_hf(tmp_path / "out-damaged", input=source, split="train=1", cache=damaged)
    assert cached_rows(damaged) == len(documents)
    # a database whose pages are damaged (a crash of the machine while writing): replaced during the run
    broken = tmp_path / "broken"
    export_hf(tmp_path / "out-fill", input=source, split="train=1", cache=broken)
    data = (broken / DB_NAME).read_bytes()
    assert len(data) > 3 * 4096
    (broken / DB_NAME).write_bytes(data[:4096] + bytes(range(256)) * ((len(data) - 4096) // 256 + 1))
    export_hf(tmp_path / "out-broken", input=source, split="train=1", cache=broken)
    assert cached_rows(broken) == len(documents)  # a sound database again, every text in it
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be")
    export_hf(tmp_path / "out-blocked", input=source, split="train=1", cache=blocked)
    for out in ("out-damaged", "out-broken", "out-blocked"):
        for config in ("documents", "sentences"):
            name = "train-00000-of-00001.parquet"
            assert (tmp_path / out / config / name).read_bytes() == (reference / config / name).read_bytes()


def test_cli_uses_the_cache_unless_told_not_to(tmp_path: Path) -> None:
    from conftest import run_annotate

    documents = valid_random_documents(4, 9)
    source = tmp_path / "corpus.jsonl"
    source.write_text("".join(d.to_json() + "\n" for d in documents), encoding="utf-8")
    env = {"EVENTGOLD_CACHE": str(tmp_path / "cache")}
    done = run_annotate("export", "hf", str(tmp_path / "off"), "--input", str(source), "--split", "train=1",
                        "--no-cache", "-q", cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert not (tmp_path / "cache").exists()
    done = run_annotate("export", "hf", str(tmp_path / "on"), "--input", str(source), "--split", "train=1", "-q",
                        cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert cached_rows(tmp_path / "cache" / "analysis") == len(documents)
    for config in ("documents", "sentences"):
        name = "train-00000-of-00001.parquet"
        assert (tmp_path / "on" / config / name).read_bytes() == (tmp_path / "off" / config / name).read_bytes()


def test_a_primed_tokenizer_splits_every_text_as_a_fresh_one(tmp_path: Path) -> None:
    """Priming spaCy's chunk cache (:class:`TokenizerPrimer`) changes no token: texts with special cases
    (``Mr.``, ``’s``, emoticons, URLs), non-ASCII words and odd white space, token by token."""
    rng = random.Random(3)
    texts = [random_text(rng) for _ in range(40)]
    texts += ["Mr. Putin's visit (don't) :) e.g. U.S.-Cuba http://x.org/a?b=1 — “Yes.”\n\n  \tNo!",
              "", " ", "a", "e\u0301\u00a0€50 «Да» 北京 \U0001F1F7\U0001F1FA.", "can't won't it's I'm N.Y."]
    primed = load_pipeline.__wrapped__(None)
    primer = TokenizerPrimer(primed.tokenizer)
    primer.prime(texts)
    primer.prime(texts)  # every chunk now seen twice: all primed
    fresh = load_pipeline.__wrapped__(None)

    def tokens(nlp, text):
        return [(t.text, t.idx, t.whitespace_, t.norm_, t.is_sent_start) for t in nlp(text)]

    for text in texts:
        assert tokens(primed, text) == tokens(fresh, text), text
