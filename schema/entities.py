"""Entity and value mentions.

A mention is a span of the text with a type. Entity mentions (people, organizations, places) may be
grouped into entities by a shared ``entity`` id (within-document entity coreference). Value mentions
are fillers that are not entities: money and time expressions, which carry a normalized value, and
topics or purposes, which are free-text content.
"""

from __future__ import annotations

from enum import Enum

from pydantic import Field, model_validator

from .provenance import Provenance
from .spans import Identifier, Span
from .values import MoneyValue, TimeValue


class MentionType(str, Enum):
    """Types of mentions. The first five are entities, the last three are values."""

    PER = "PER"
    ORG = "ORG"
    GPE = "GPE"
    LOC = "LOC"
    FAC = "FAC"
    MONEY = "MONEY"
    TIME = "TIME"
    TOPIC = "TOPIC"

    @property
    def is_entity(self) -> bool:
        return self in ENTITY_TYPES

    @property
    def description(self) -> str:
        return MENTION_TYPE_DESCRIPTIONS[self]


ENTITY_TYPES = frozenset({MentionType.PER, MentionType.ORG, MentionType.GPE, MentionType.LOC, MentionType.FAC})
VALUE_TYPES = frozenset({MentionType.MONEY, MentionType.TIME, MentionType.TOPIC})

MENTION_TYPE_DESCRIPTIONS = {
    MentionType.PER: "A person, or a group of people named by role (\"the two presidents\").",
    MentionType.ORG: "An organization: government body, ministry, company, party, agency, alliance.",
    MentionType.GPE: "A geo-political entity: country, city or state, as a place or as its government.",
    MentionType.LOC: "A location that is not a GPE: a region, park, body of water, oil field.",
    MentionType.FAC: "A facility: a building, palace, base, gallery, railway line.",
    MentionType.MONEY: "An amount of money; normalized to an amount and an ISO 4217 currency.",
    MentionType.TIME: "A date, time, duration or set; normalized to a TIMEX3 value.",
    MentionType.TOPIC: "What an event is about or for: a purpose, a subject of talks or of an agreement.",
}


class Mention(Span):
    """A typed span: an entity mention or a value mention."""

    id: Identifier = Field(description="Unique within the document, e.g. M12.")
    type: MentionType = Field(strict=False, description="Mention type.")
    entity: Identifier | None = Field(
        None, description="Entity id shared by coreferent entity mentions in the document (e.g. E3)."
    )
    time: TimeValue | None = Field(None, description="Normalization of a TIME mention.")
    money: MoneyValue | None = Field(None, description="Normalization of a MONEY mention.")
    provenance: Provenance | None = Field(None, description="Where an adjudicated mention came from.")

    @model_validator(mode="after")
    def _normalization_fits_type(self) -> "Mention":
        if self.time is not None and self.type != MentionType.TIME:
            raise ValueError(f"only TIME mentions carry a time normalization, not {self.type.value}")
        if self.money is not None and self.type != MentionType.MONEY:
            raise ValueError(f"only MONEY mentions carry a money normalization, not {self.type.value}")
        if self.entity is not None and not self.type.is_entity:
            raise ValueError(f"{self.type.value} is a value type; only entity mentions have an entity id")
        return self
