"""The converters eventgold has, in one table: what each reads and writes, how it counts offsets, what it
keeps. The CLI, the docs and the tests list converters from here; nothing here imports a converter until
:func:`load` is called (so listing them is cheap).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Direction = Literal["export", "import"]


@dataclass(frozen=True)
class Converter:
    """One foreign format. ``export``/``import_`` name library functions of ``module`` (None: not offered)."""

    name: str
    tool: str
    module: str
    export: str | None
    import_: str | None
    export_command: str | None
    import_command: str | None
    offsets: str
    keeps: str
    doc: str = "docs/formats.md"

    def function(self, direction: Direction) -> Callable[..., Any]:
        name = self.export if direction == "export" else self.import_
        if name is None:
            raise LookupError(f"{self.name} has no {direction}")
        return getattr(importlib.import_module(self.module), name)


CONVERTERS: dict[str, Converter] = {
    "brat": Converter(
        name="brat", tool="brat rapid annotation tool (standoff .txt/.ann)", module="annotate.formats.brat",
        export="export_brat", import_="import_brat",
        export_command="annotate export brat OUT_DIR", import_command="annotate import brat DIR --out FILE",
        offsets="code points (as brat); spans across line breaks become fragments and are joined back",
        keeps="everything: what brat cannot show (ids, hoppers, clusters, provenance, full normalizations) "
              "is kept in AnnotatorNotes and a DOC.eventgold.json sidecar; lossless round trip"),
    "prodigy": Converter(
        name="prodigy", tool="Prodigy (relations tasks, db-out JSONL)", module="annotate.formats.prodigy",
        export="export_prodigy", import_="import_prodigy",
        export_command="annotate export prodigy OUT.jsonl [--unit sentence]",
        import_command="annotate import prodigy FILE --out FILE",
        offsets="code points, plus spaCy token indices (token_end inclusive); imports check offsets against tokens",
        keeps="spans and trigger->argument relations, one task per document or per sentence; the rest in the "
              "task's 'eventgold' block, so our own tasks round-trip losslessly"),
    "doccano": Converter(
        name="doccano", tool="doccano (sequence labeling, with or without relations)",
        module="annotate.formats.doccano", export=None, import_="import_doccano",
        export_command=None, import_command="annotate import doccano FILE --out FILE",
        offsets="code points by default; --offsets utf-16 converts explicitly (reported as ambiguous on emoji text)",
        keeps="spans, relations (roles, Coreference); attributes default and are reported; "
              "document_to_record() writes records for seeding doccano"),
    "label-studio": Converter(
        name="label-studio", tool="Label Studio (task JSON export)", module="annotate.formats.label_studio",
        export=None, import_="import_label_studio",
        export_command=None, import_command="annotate import label-studio FILE --out FILE",
        offsets="UTF-16 code units, converted to code points and checked against each span's text",
        keeps="spans, relations, per-region choices (attributes) and text areas (notes); "
              "document_to_task() writes tasks (or predictions) for seeding Label Studio"),
    "spacy": Converter(
        name="spacy", tool="spaCy DocBin", module="annotate.formats.spacy", export="export_spacy", import_=None,
        export_command="annotate export spacy OUT.spacy", import_command=None,
        offsets="spaCy tokens; misaligned spans widened and reported, exact offsets in doc._.events",
        keeps="entities, trigger/argument span groups, events as a custom attribute", doc="docs/spacy-and-render.md"),
    "hf": Converter(
        name="hf", tool="Hugging Face dataset (Parquet + dataset card)", module="annotate.formats.hf",
        export="export_hf", import_=None, export_command="annotate export hf OUT_DIR", import_command=None,
        offsets="code points, with derived token offsets", keeps="the whole corpus", doc="docs/dataset.md"),
    "textee": Converter(
        name="textee", tool="TextEE processed data (JSONL windows: tokens, entity and event mentions)",
        module="annotate.formats.textee", export="export_textee", import_="import_textee",
        export_command="annotate export textee OUT_DIR [--window document]",
        import_command="annotate import textee FILE... --out FILE",
        offsets="tokens within a window (spaCy tokens, as export hf); imports compute code points from the tokens",
        keeps="entity/value mentions, triggers and arguments; the rest (ids, exact offsets, attributes, "
              "normalizations, cross-sentence arguments) in an eventgold block: lossless round trip"),
}


def converters() -> list[Converter]:
    """Every converter, in table order."""
    return list(CONVERTERS.values())


def converter(name: str) -> Converter:
    try:
        return CONVERTERS[name]
    except KeyError:
        raise LookupError(f"no converter {name!r} ({', '.join(CONVERTERS)})") from None


def load(name: str, direction: Direction) -> Callable[..., Any]:
    """The library function that exports to or imports from format ``name``."""
    return converter(name).function(direction)


def markdown_table() -> str:
    """The converters as a Markdown table (for docs/formats.md)."""
    lines = ["| Format | Export | Import | Offsets | What is kept |", "|---|---|---|---|---|"]
    for c in converters():
        lines.append(f"| {c.tool} | {('`' + c.export_command + '`') if c.export_command else '-'} | "
                     f"{('`' + c.import_command + '`') if c.import_command else '-'} | {c.offsets} | {c.keeps} |")
    return "\n".join(lines)


__all__ = ["CONVERTERS", "Converter", "converter", "converters", "load", "markdown_table"]
