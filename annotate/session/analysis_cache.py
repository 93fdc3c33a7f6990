"""A cache of the sentences and tokens of a document, so that resuming a session needs no spaCy.

Sentences and tokens are always derived with spaCy (:func:`annotate.nlp.analyze`); this module only
keeps that result next to the annotator's work, keyed by everything it depends on: the SHA-256 of the
text, the installed spaCy version and the source of ``annotate/nlp.py`` (the pipeline's rules). When any
of them changes, the cache is ignored and rewritten. It is never a source of truth for spans.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from annotate.errors import StorageError
from annotate.jsonl import atomic_write_bytes
from annotate.nlp import Sentence, TextAnalysis

__all__ = ["cached_analysis"]


@lru_cache(maxsize=1)
def _pipeline_key() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import annotate.nlp

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "unknown"
    source = Path(annotate.nlp.__file__).read_bytes()
    return f"spacy {spacy_version}; nlp.py {hashlib.sha256(source).hexdigest()[:16]}"


def _read(path: Path, text_sha: str) -> TextAnalysis | None:
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(path.read_bytes())
        if data["sha256"] != text_sha or data["pipeline"] != _pipeline_key():
            return None
        tokens = tuple((int(s), int(e)) for s, e in data["tokens"])
        sentences = tuple(Sentence(i, int(s), int(e), int(ts), int(te))
                          for i, (s, e, ts, te) in enumerate(data["sentences"]))
        return tokens, sentences  # type: ignore[return-value]
    return None


def cached_analysis(text: str, cache_path: Path, *, also: Iterable[Path] = ()) -> TextAnalysis:
    """:func:`annotate.nlp.analyze` of ``text``, read from ``cache_path`` (or, read-only, from one of the
    ``also`` paths: other annotators' caches of the same article) when it is still valid."""
    text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for index, path in enumerate([cache_path, *also]):
        found = _read(path, text_sha)
        if found is None:
            continue
        tokens, sentences = found  # type: ignore[misc]
        if all(0 <= s < e <= len(text) for s, e in tokens):
            analysis = TextAnalysis(text, tokens, sentences)
            if index:  # keep a copy of our own
                _write(cache_path, text_sha, analysis)
            return analysis
    from annotate.nlp import analyze

    analysis = analyze(text)
    _write(cache_path, text_sha, analysis)
    return analysis


def _write(cache_path: Path, text_sha: str, analysis: TextAnalysis) -> None:
    data = {"sha256": text_sha, "pipeline": _pipeline_key(), "tokens": [list(t) for t in analysis.tokens],
            "sentences": [[s.start, s.end, s.token_start, s.token_end] for s in analysis.sentences]}
    with contextlib.suppress(StorageError):  # a cache that cannot be written is only slower next time
        atomic_write_bytes(cache_path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
