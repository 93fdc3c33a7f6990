"""Provenance of adjudicated items: which annotation sets had an item and who decided on it."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Decision(str, Enum):
    AGREED = "agreed"  # every set had it: taken as is
    CHOSEN = "chosen"  # a person took one set's version
    EDITED = "edited"  # a person edited it during adjudication
    PREFERRED = "preferred"  # taken from the preferred set without a person (--prefer)
    ADDED = "added"  # a person added it during adjudication


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    sources: list[str] = Field(default_factory=list, description="Annotation sets that had the item.")
    decision: Decision = Field(strict=False, description="How the item entered the gold.")
    decided_by: str | None = Field(None, description="The adjudicator, when a person decided.")
