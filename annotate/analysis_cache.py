"""One on-disk cache of text analyses (the tokens and sentences of :mod:`annotate.nlp`), shared by the
commands that tokenize whole corpora, so that spaCy runs once per text rather than once per command.

Sentences and tokens are always derived with spaCy (:func:`annotate.stats.iter_analyzed`, equal to
:func:`annotate.nlp.analyze`); this module only keeps the result, keyed by everything it depends on:
the SHA-256 of the text and :func:`pipeline_key` (the installed spaCy version and the source of
``annotate/nlp.py``, the pipeline's rules). An entry of another key is ignored and rewritten. It is never
a source of truth for spans.

The folder is the one ``annotate stats`` uses (:func:`annotate.stats.default_cache_folder`:
``$EVENTGOLD_CACHE/analysis``, else ``~/.cache/eventgold/analysis``), and an entry is the file that
:class:`annotate.stats.CountStore` reads, ``AB/ABCDEF....json``, with the whole analysis added::

    {"sha256": ..., "pipeline": ..., "sentences": 2, "tokens": 5,
     "offsets": [s0, e0, s1, e1, ...], "sentence_starts": [0, 3]}

``offsets``: the code-point ``[start, end)`` of each token (white space excluded); ``sentence_starts``:
the index of each sentence's first token (sentences partition the tokens, in order). So ``annotate stats``
reads what ``export hf`` wrote, and an entry with counts only (written by ``annotate stats``) is
completed here the first time its text is exported.

Texts missing from the cache are analysed by :class:`annotate.nlp.Analyzer` (spaCy's tokenizer with its
cache primed, :class:`annotate.nlp.TokenizerPrimer`, re-exported here; sentences from the tokens' arrays):
the same tokens and sentences as the whole pipeline, faster.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import le, lt
from pathlib import Path
from typing import TYPE_CHECKING

from .nlp import Sentence, TextAnalysis, TokenizerPrimer

if TYPE_CHECKING:  # pragma: no cover
    from schema import Document

__all__ = ["AnalysisStore", "TokenizerPrimer", "iter_cached_analyses", "pipeline_key"]

#: Texts tokenized together (spaCy's ``nlp.pipe``) when they are missing from the cache.
BATCH = 64


@lru_cache(maxsize=1)
def pipeline_key() -> str:
    """What an analysis depends on besides the text: spaCy's version and the rules of ``annotate/nlp.py``
    (the same key as :mod:`annotate.stats`' counts and the session's cache)."""
    from importlib.metadata import PackageNotFoundError, version

    from . import nlp

    try:
        spacy_version = version("spacy")
    except PackageNotFoundError:  # pragma: no cover - spaCy is a dependency
        spacy_version = "unknown"
    return f"spacy {spacy_version}; nlp.py {hashlib.sha256(Path(nlp.__file__).read_bytes()).hexdigest()[:16]}"


def encode(analysis: TextAnalysis) -> tuple[list[int], list[int]]:
    """``(offsets, sentence_starts)`` of an analysis (see the module docstring)."""
    offsets = [x for token in analysis.tokens for x in token]
    return offsets, [s.token_start for s in analysis.sentences]


def decode(text: str, offsets: list[int], sentence_starts: list[int]) -> TextAnalysis | None:
    """The analysis of ``text`` from its stored lists, or None when they are not a valid analysis of it
    (tokens in order, not overlapping, inside the text; sentences partitioning the tokens)."""
    n = len(offsets) // 2
    if len(offsets) != 2 * n or (n == 0) != (not sentence_starts):
        return None
    if n:
        try:  # integers only (checked at C speed)
            array("q", offsets), array("q", sentence_starts)
        except (TypeError, OverflowError):
            return None
        if offsets[0] < 0 or offsets[-1] > len(text) or sentence_starts[0] != 0 or sentence_starts[-1] >= n:
            return None
        # tokens in order: s0 < e0 <= s1 < e1 <= ...; sentences start at increasing tokens
        if (not all(map(lt, offsets[0::2], offsets[1::2])) or not all(map(le, offsets[1::2], offsets[2::2]))
                or not all(map(lt, sentence_starts, sentence_starts[1:]))):
            return None
    it = iter(offsets)
    tokens = tuple(zip(it, it))
    ends = [*sentence_starts[1:], n]
    sentences = tuple(Sentence(i, tokens[first][0], tokens[last - 1][1], first, last)
                      for i, (first, last) in enumerate(zip(sentence_starts, ends)))
    return TextAnalysis(text, tokens, sentences)


class AnalysisStore:
    """Analyses of texts kept in a folder, one small JSON file per text (see the module docstring)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def path(self, text: str) -> tuple[Path, str]:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / digest[:2] / f"{digest}.json", digest

    def get(self, text: str) -> TextAnalysis | None:
        """The analysis of ``text``, or None when missing, unreadable, stale or not a valid analysis."""
        path, digest = self.path(text)
        try:
            data = json.loads(path.read_bytes())
            if data["sha256"] != digest or data["pipeline"] != pipeline_key():
                return None
            offsets, starts = data["offsets"], data["sentence_starts"]
            if type(offsets) is not list or type(starts) is not list:
                return None
            analysis = decode(text, offsets, starts)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if analysis is None or len(analysis.tokens) != data.get("tokens") \
                or len(analysis.sentences) != data.get("sentences"):
            return None
        return analysis

    def put(self, text: str, analysis: TextAnalysis) -> None:
        """Write atomically (a reader never sees half a file) but without fsync: a lost entry is only
        recomputed. A cache that cannot be written is only slower next time."""
        path, digest = self.path(text)
        offsets, starts = encode(analysis)
        data = {"sha256": digest, "pipeline": pipeline_key(), "sentences": len(analysis.sentences),
                "tokens": len(analysis.tokens), "offsets": offsets, "sentence_starts": starts}
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                handle.write(json.dumps(data, separators=(",", ":")).encode("ascii"))
            os.replace(tmp, path)
        except OSError:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def iter_cached_analyses(documents: Iterable["Document"], store: AnalysisStore | None, *,
                         batch_size: int = BATCH) -> Iterator[tuple["Document", TextAnalysis]]:
    """``(document, analysis)`` pairs in the input order, like :func:`annotate.stats.iter_analyzed` (and
    equal to it), taking the analyses ``store`` has and tokenizing the others in batches
    (:class:`annotate.nlp.Analyzer`: one tokenizer primer for the run), then storing them. ``store`` None:
    every text is tokenized. Holds at most two batches in memory."""
    from .nlp import Analyzer

    analyzer: Analyzer | None = None
    pending: list[tuple["Document", TextAnalysis | None]] = []

    def flush() -> Iterator[tuple["Document", TextAnalysis]]:
        nonlocal analyzer
        missing = [document.text for document, found in pending if found is None]
        if missing and analyzer is None:
            analyzer = Analyzer()
        analyses = iter(analyzer.analyze(missing)) if missing else iter(())
        for document, found in pending:
            if found is None:
                found = next(analyses)
                if store is not None:
                    store.put(document.text, found)
            yield document, found
        pending.clear()

    missing_count = 0
    for document in documents:
        found = store.get(document.text) if store is not None else None
        if found is not None and not pending:  # nothing waits for spaCy: no need to hold it
            yield document, found
            continue
        pending.append((document, found))
        missing_count += found is None
        if missing_count >= batch_size or len(pending) >= 2 * batch_size:
            yield from flush()
            missing_count = 0
    if pending:
        yield from flush()
