"""Shared fixtures: small, hand-checked documents built through the schema's span helpers."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from annotate.corpus import sha256_text
from schema import (
    Agreement, AnnotationInfo, Argument, Attributes, CreationTime, Document, Loan, Mention, MoneyValue, Span,
    Statement, Source, TimeValue, Visit, find_span,
)

REPO = Path(__file__).resolve().parent.parent
# `annotate stats` keeps analyses in a cache folder: the tests' goes to a temporary folder, not ~/.cache
os.environ.setdefault("EVENTGOLD_CACHE", tempfile.mkdtemp(prefix="eventgold-test-cache-"))
SEEDS = REPO / "corpus" / "raw"  # the five seed articles, byte for byte (tests use only the repository)

#: A short text with the non-ASCII characters the seeds have (í, curly quotes, a non-breaking space)
#: and an emoji outside the Basic Multilingual Plane (two UTF-16 code units, four UTF-8 bytes).
SAMPLE_TEXT = (
    "Díaz-Canel arrived in Moscow on November 1. \U0001F1F7\U0001F1FA The Russian government extended a "
    "$50\u00a0million loan to Cuba for the purchase of military equipment. Putin said the two countries "
    "signed “8 cooperative agreements” on transport."
)


def build_sample_document(doc_id: str = "sample-1", text: str = SAMPLE_TEXT) -> Document:
    """A small, complete document: one Visit, one Loan, one Agreement and one Statement (guideline-clean:
    every entity mention has an entity id, so it passes ``annotate validate`` level 5)."""

    def m(mid: str, needle: str, type_: str, occurrence: int = 1, **extra: object) -> Mention:
        return Mention(id=mid, type=type_, **find_span(text, needle, occurrence), **extra)

    def trig(needle: str, occurrence: int = 1) -> Span:
        return Span(**find_span(text, needle, occurrence))

    mentions = [
        m("M1", "Díaz-Canel", "PER", entity="E1"),
        m("M2", "Moscow", "GPE", entity="E3"),
        m("M3", "November 1", "TIME", time=TimeValue(value="2018-11-01")),
        m("M4", "The Russian government", "GPE", entity="E2"),
        m("M5", "$50\u00a0million", "MONEY", money=MoneyValue(currency="USD", amount=50_000_000)),
        m("M6", "Cuba", "GPE", entity="E4"),
        m("M7", "the purchase of military equipment", "TOPIC"),
        m("M8", "Putin", "PER", entity="E5"),
        m("M9", "the two countries", "GPE", entity="E6"),
        m("M10", "transport", "TOPIC"),
    ]
    events = [
        Visit(id="EV1", trigger=trig("arrived"), attributes=Attributes.default(),
              arguments=[Argument(role="Visitor", mention="M1"), Argument(role="Destination", mention="M2"),
                         Argument(role="Time", mention="M3")], cluster="C-visit"),
        Loan(id="EV2", trigger=trig("loan"), attributes=Attributes.default(),
             arguments=[Argument(role="Lender", mention="M4"), Argument(role="Borrower", mention="M6"),
                        Argument(role="Amount", mention="M5"), Argument(role="Purpose", mention="M7")]),
        Statement(id="EV3", trigger=trig("said"), attributes=Attributes.default(),
                  arguments=[Argument(role="Speaker", mention="M8")]),
        Agreement(id="EV4", trigger=trig("signed"), attributes=Attributes.default(),
                  arguments=[Argument(role="Party", mention="M9"), Argument(role="Topic", mention="M10")]),
    ]
    return Document(
        id=doc_id,
        text=text,
        source=Source(file_name=f"{doc_id}.txt", sha256=sha256_text(text), title="Sample",
                      dct=CreationTime(value="2018-11-05", method="stated")),
        annotation=AnnotationInfo(annotator="tester", status="complete"),
        mentions=mentions,
        events=events,
    )


@pytest.fixture
def sample_document() -> Document:
    return build_sample_document()


@pytest.fixture
def sample_jsonl(tmp_path: Path, sample_document: Document) -> Path:
    path = tmp_path / "sample.jsonl"
    path.write_text(sample_document.to_json() + "\n", encoding="utf-8")
    return path


def run_annotate(*args: str, input: str | bytes | None = None, cwd: Path | None = None,
                 env: dict[str, str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real ``annotate`` command (``python -m annotate``) in a subprocess."""
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "annotate", *args],
        input=input.encode() if isinstance(input, str) else input,
        capture_output=True,
        cwd=cwd or REPO,
        env=full_env,
        timeout=timeout,
    )
