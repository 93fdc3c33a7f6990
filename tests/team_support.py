"""Helpers for the team tests (no tests here): a corpus of the bundled articles without gold, and the
``annotate event add`` arguments that replay a gold event."""

from __future__ import annotations

import shutil
from pathlib import Path

from annotate.jsonl import read_documents
from schema import Document

REPO = Path(__file__).resolve().parent.parent
GOLD = {doc.id: doc for doc in read_documents(REPO / "corpus" / "gold.jsonl")}
DOC_IDS = list(GOLD)


def make_team_corpus(root: Path) -> Path:
    """``root`` with raw/ (the five bundled articles and their registry), no gold, no annotations."""
    shutil.copytree(REPO / "corpus" / "raw", root / "raw")
    return root


def anchor(doc: Document, start: int, end: int) -> str:
    """``TEXT@N``: the N-th whole-word occurrence of the span's text in the document (as TEXT@N counts)."""
    from schema.spans import occurrences, word_occurrences

    text = doc.text[start:end]
    starts = word_occurrences(doc.text, text) or occurrences(doc.text, text)
    return f"{text}@{starts.index(start) + 1}"


def statements(doc_id: str) -> list:
    """The gold Statement events of a document."""
    return [e for e in GOLD[doc_id].events if e.type == "Statement"]


def event_add_kwargs(doc_id: str, event) -> dict:
    """The same as :func:`event_add_args`, as keyword arguments of ``annotate.edit.event_add`` (the
    library function behind ``annotate event add``)."""
    options = event_add_args(doc_id, event)
    names = {"--type": "type", "--trigger": "trigger", "--arg": "args", "--mention-type": "mention_types",
             "--attr": "attributes"}
    kwargs: dict = {"args": [], "mention_types": [], "attributes": []}
    for option, value in zip(options[::2], options[1::2]):
        key = names[option]
        if isinstance(kwargs.get(key), list):
            kwargs[key].append(value)
        else:
            kwargs[key] = value
    return kwargs


def event_add_args(doc_id: str, event) -> list[str]:
    """``event add`` options that make ``event`` (a gold Statement: Speaker and Topic fillers)."""
    doc = GOLD[doc_id]
    by_id = doc.mentions_by_id()
    args = ["--type", event.type, "--trigger", anchor(doc, event.trigger.start, event.trigger.end)]
    types: dict[str, str] = {}
    for argument in event.arguments:
        mention = by_id[argument.mention]
        args += ["--arg", f"{argument.role}={anchor(doc, mention.start, mention.end)}"]
        types[argument.role] = mention.type.value
    for role, type_ in types.items():
        args += ["--mention-type", f"{role}={type_}"]
    for name in ("realis", "polarity", "tense"):
        args += ["--attr", f"{name}={getattr(event.attributes, name).value}"]
    return args
