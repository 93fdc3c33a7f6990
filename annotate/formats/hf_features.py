"""The shape of a Hugging Face export: its configurations, their ``datasets`` features derived from the
schema's pydantic models, and the record of what an export wrote (:class:`ExportResult`).

Both the writer (:mod:`annotate.formats.hf`) and the dataset card (:mod:`annotate.formats.hf_card`) read
it; it imports neither. ``datasets`` is imported inside the functions that build features.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from inspect import isclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from schema import EVENT_CLASSES, Document, MentionType, Polarity, Realis, Tense

from ..errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    import datasets

    from ..stats import CorpusStats

CONFIGS = ("documents", "sentences")
#: Enumerations exported as ``ClassLabel`` (the labels a model predicts); other enums are strings.
LABEL_ENUMS: tuple[type[Enum], ...] = (MentionType, Realis, Polarity, Tense)


# -- labels derived from the schema ------------------------------------------------------------------

def event_type_names() -> list[str]:
    return [cls.__name__ for cls in EVENT_CLASSES]


def role_names() -> list[str]:
    """Every role of every event type, in schema order, each once."""
    names: list[str] = []
    for cls in EVENT_CLASSES:
        names += [name for name in cls.role_names() if name not in names]
    return names


def bio_tag_names() -> list[str]:
    """``B-Visit, I-Visit, B-Loan, I-Loan, ..., O``: trigger tags in schema order, ``O`` last."""
    names: list[str] = []
    for name in event_type_names():
        names += [f"B-{name}", f"I-{name}"]
    return names + ["O"]


# -- features ------------------------------------------------------------------------------------------

def _feature_for(annotation: Any, where: str) -> Any:
    """The ``datasets`` feature of a pydantic field annotation."""
    from datasets import ClassLabel, List, Value

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _feature_for(typing.get_args(annotation)[0], where)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _feature_for(options[0], where)
        if all(isclass(a) and issubclass(a, BaseModel) for a in options):
            return _union_struct(options, where)
        raise TypeError(f"{where}: cannot map union {annotation!r} to a feature")
    if origin is list:
        return List(_feature_for(typing.get_args(annotation)[0], where + "[]"))
    if origin is typing.Literal:
        values = typing.get_args(annotation)
        if all(isinstance(v, str) for v in values):
            return Value("string")
        raise TypeError(f"{where}: cannot map {annotation!r} to a feature")
    if isclass(annotation):
        if issubclass(annotation, Enum):
            if annotation in LABEL_ENUMS:
                return ClassLabel(names=[member.value for member in annotation])
            return Value("string")
        if issubclass(annotation, BaseModel):
            return _model_struct(annotation, where)
        if issubclass(annotation, bool):
            return Value("bool")
        if issubclass(annotation, int):
            return Value("int64")
        if issubclass(annotation, float):
            return Value("float64")
        if issubclass(annotation, (str, datetime, date)):  # datetimes as their exact JSON text
            return Value("string")
    raise TypeError(f"{where}: cannot map {annotation!r} to a feature")


def _model_struct(model: type[BaseModel], where: str) -> dict[str, Any]:
    return {name: _feature_for(info.annotation, f"{where}.{name}") for name, info in model.model_fields.items()}


def _union_struct(models: list[type[BaseModel]], where: str) -> dict[str, Any]:
    """One struct for a discriminated union of models: the union of their fields, the ``type``
    discriminator (a Literal per model) as a ``ClassLabel`` of every model's type name."""
    from datasets import ClassLabel

    struct: dict[str, Any] = {}
    for model in models:
        for name, info in model.model_fields.items():
            if typing.get_origin(info.annotation) is typing.Literal and name == "type":
                continue
            feature = _feature_for(info.annotation, f"{where}.{name}")
            if name in struct and repr(struct[name]) != repr(feature):
                raise TypeError(f"{where}.{name}: event types disagree on the field's type")
            struct.setdefault(name, feature)
    names = [typing.get_args(m.model_fields["type"].annotation)[0] for m in models]
    return {"id": struct.pop("id"), "type": ClassLabel(names=names), **struct} if "id" in struct else \
        {"type": ClassLabel(names=names), **struct}


def document_features() -> "datasets.Features":
    """Features of the ``documents`` configuration, generated from :class:`schema.Document`."""
    from datasets import Features

    return Features(_model_struct(Document, "document"))


def sentence_features() -> "datasets.Features":
    """Features of the ``sentences`` configuration (labels from the schema)."""
    from datasets import ClassLabel, Features, List, Value

    event_types = ClassLabel(names=event_type_names())
    token_span = {"text": Value("string"), "start": Value("int32"), "end": Value("int32"),
                  "char_start": Value("int64"), "char_end": Value("int64")}
    return Features({
        "document_id": Value("string"),
        "sentence_index": Value("int32"),
        "start": Value("int64"),
        "end": Value("int64"),
        "text": Value("string"),
        "tokens": List(Value("string")),
        "token_offsets": List({"start": Value("int64"), "end": Value("int64")}),
        "trigger_tags": List(ClassLabel(names=bio_tag_names())),
        "entity_mentions": List({
            "id": Value("string"),
            "type": ClassLabel(names=[t.value for t in MentionType]),
            "entity": Value("string"),
            **token_span,
        }),
        "event_mentions": List({
            "id": Value("string"),
            "event_type": event_types,
            "trigger": dict(token_span),
            "arguments": List({"mention_id": Value("string"), "role": ClassLabel(names=role_names()),
                               **token_span}),
            "realis": ClassLabel(names=[m.value for m in Realis]),
            "polarity": ClassLabel(names=[m.value for m in Polarity]),
            "tense": ClassLabel(names=[m.value for m in Tense]),
            "coref": Value("string"),
            "cluster": Value("string"),
        }),
    })


def config_features(config: str) -> "datasets.Features":
    if config == "documents":
        return document_features()
    if config == "sentences":
        return sentence_features()
    raise UsageError(f"unknown configuration {config!r} (expected one of {', '.join(CONFIGS)})")


# -- what an export wrote ---------------------------------------------------------------------------

@dataclass
class SentenceCounts:
    """What the sentence view could not represent, stated in the dataset card."""

    arguments_outside_sentence: int = 0
    overlapping_triggers: int = 0
    triggers_crossing_sentences: int = 0
    mentions_crossing_sentences: int = 0


@dataclass
class SplitInfo:
    name: str
    fraction: float
    documents: int = 0
    num_examples: dict[str, int] = field(default_factory=dict)  # config -> rows
    num_bytes: dict[str, int] = field(default_factory=dict)  # config -> Arrow bytes
    file_bytes: dict[str, int] = field(default_factory=dict)  # config -> Parquet file size
    ids: list[str] = field(default_factory=list)  # document ids, in input order


@dataclass
class ExportResult:
    """What :func:`export_hf` wrote."""

    out_dir: Path
    source: Path
    seed: int
    splits: list[SplitInfo]
    stats: "CorpusStats"
    sentence_counts: SentenceCounts
    files: list[Path]
    guidelines: str | None = None
    validated: bool = False  # every document passed the validator's content checks
    validation_warnings: int = 0
    annotations_creators: str = "expert-generated"  # the card's Hub metadata value (ANNOTATIONS_CREATORS)

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.splits)
