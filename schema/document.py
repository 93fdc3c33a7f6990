"""A document: its exact text, source metadata, mentions, events and annotation metadata.

One :class:`Document` is one line of a corpus JSONL file, self-contained (the full text is included).
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .entities import Mention
from .events import Event
from .spans import Identifier

#: Version of the corpus line format. Bump the minor part for additions, the major for breaking changes.
SCHEMA_VERSION = "1.0"


class DctMethod(str, Enum):
    """How the document creation time was established."""

    STATED = "stated"  # the text or its metadata gives the publication date
    INFERRED = "inferred"  # reasoned from dated events the text reports
    UNKNOWN = "unknown"


class CreationTime(BaseModel):
    """Document creation time (DCT), the anchor for normalizing relative time expressions."""

    model_config = ConfigDict(extra="forbid", strict=True)

    value: str = Field(description="TIMEX3 date value, e.g. 2018-11-05 or 2018-11.")
    method: DctMethod = Field(strict=False)
    note: str | None = Field(None, max_length=4000, description="How it was established; caveats.")


class Source(BaseModel):
    """Where the text comes from."""

    model_config = ConfigDict(extra="forbid", strict=True)

    file_name: str = Field(min_length=1, max_length=1024, description="Name of the source file as received.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the UTF-8 text.")
    title: str | None = Field(None, max_length=1000)
    publisher: str | None = Field(None, max_length=1000, description="Publisher, where the text names it.")
    url: str | None = Field(None, max_length=4000)
    dct: CreationTime | None = None
    language: str = Field("en", pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", description="BCP 47 language tag.")


class Status(str, Enum):
    DRAFT = "draft"
    COMPLETE = "complete"
    ADJUDICATED = "adjudicated"


class AnnotationInfo(BaseModel):
    """Who annotated the document, how far, and when."""

    model_config = ConfigDict(extra="forbid", strict=True)

    annotator: str = Field(min_length=1, max_length=200, description="Annotator or annotation-set name.")
    status: Status = Field(strict=False)
    created: datetime | None = None
    modified: datetime | None = None
    adjudicated_from: list[str] = Field(default_factory=list, description="Sets merged into this gold.")


class Document(BaseModel):
    """One corpus record: ``schema_version``, ``id``, ``text``, ``source``, ``annotation``,
    ``mentions``, ``events``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    id: Identifier = Field(description="Document id, unique in the corpus.")
    text: str = Field(max_length=10_000_000, description="The exact source text.")
    source: Source
    annotation: AnnotationInfo
    mentions: list[Mention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)

    def mention(self, mention_id: str) -> Mention | None:
        for mention in self.mentions:
            if mention.id == mention_id:
                return mention
        return None

    def mentions_by_id(self) -> dict[str, Mention]:
        return {mention.id: mention for mention in self.mentions}

    def to_json(self) -> str:
        """The corpus line for this document (no trailing newline), in canonical field order."""
        return self.model_dump_json(exclude_none=True)
