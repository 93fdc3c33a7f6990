"""Events: a trigger, typed argument roles, attributes and coreference.

Each event type is one model class whose role table is class data (:attr:`EventBase.ROLES`). Adding an
event type means adding one class here and listing it in :data:`EVENT_CLASSES`: validation, CLI
prompts, the JSON Schema, the brat configuration, the Hugging Face features and the guideline tables
are all derived from these classes.

Attributes follow Rich ERE and ACE 2005: *realis* (Rich ERE's actual | generic | other, which folds
ACE's Modality and Genericity into one decision), *polarity* (ACE) and *tense* (ACE).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, ClassVar, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from .entities import MentionType
from .provenance import Provenance
from .spans import Identifier, Span

PER, ORG, GPE, LOC, FAC = MentionType.PER, MentionType.ORG, MentionType.GPE, MentionType.LOC, MentionType.FAC
MONEY, TIME, TOPIC = MentionType.MONEY, MentionType.TIME, MentionType.TOPIC
AGENTS = (PER, ORG, GPE)
PLACES = (GPE, LOC, FAC)


@dataclass(frozen=True)
class Role:
    """One argument role of an event type: its name, allowed filler types and cardinality.

    ``min`` applies to specific events (realis actual or other); a generic mention may leave any role
    empty. ``max`` of None means any number.
    """

    name: str
    fillers: tuple[MentionType, ...]
    description: str
    min: int = 0
    max: int | None = 1

    def __post_init__(self) -> None:
        if not self.name[-1:].isalpha():
            raise ValueError(f"role name {self.name!r} must end in a letter (brat numbers repeated roles)")

    @property
    def required(self) -> bool:
        return self.min > 0

    @property
    def cardinality(self) -> str:
        """``1``, ``0-1``, ``0+`` or ``1+`` (also ``{n-m}`` forms for other bounds)."""
        if self.max is None:
            return f"{self.min}+"
        if self.min == self.max:
            return str(self.min)
        return f"{self.min}-{self.max}"


class Realis(str, Enum):
    ACTUAL = "actual"
    GENERIC = "generic"
    OTHER = "other"


class Polarity(str, Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Tense(str, Enum):
    PAST = "past"
    PRESENT = "present"
    FUTURE = "future"
    UNSPECIFIED = "unspecified"


ATTRIBUTE_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "realis": {
        "": "Did the event happen as a specific occurrence? (Rich ERE realis)",
        "actual": "A specific event asserted to have happened or to be happening.",
        "generic": "A kind of event, not a specific occurrence (\"new deals\", \"loans and investments\").",
        "other": "A specific event that is not asserted as real: future, planned, intended, hoped for, "
                 "requested, negated, conditional, or under negotiation.",
    },
    "polarity": {
        "": "Is the event said to happen or said not to happen? (ACE polarity)",
        "positive": "The event is asserted, planned or asked for.",
        "negative": "The text says the event did not or will not happen, or asks that it not happen "
                    "(\"urged Trump to not withdraw\").",
    },
    "tense": {
        "": "When the event happens relative to the document creation time. (ACE tense)",
        "past": "Before the document creation time.",
        "present": "Around the document creation time, ongoing at it.",
        "future": "After the document creation time.",
        "unspecified": "The text does not tell (generic events, unclear timing).",
    },
}


class Attributes(BaseModel):
    """Event attributes. All three are always written; see ATTRIBUTE_DESCRIPTIONS for decision tests."""

    model_config = ConfigDict(extra="forbid", strict=True)

    realis: Realis = Field(strict=False)
    polarity: Polarity = Field(strict=False)
    tense: Tense = Field(strict=False)

    @classmethod
    def default(cls) -> "Attributes":
        """The values a new event starts with: an actual, positive event in the past."""
        return cls(realis=Realis.ACTUAL, polarity=Polarity.POSITIVE, tense=Tense.PAST)


#: Attribute name -> its enum, in schema order.
ATTRIBUTES: dict[str, type[Enum]] = {"realis": Realis, "polarity": Polarity, "tense": Tense}


class Argument(BaseModel):
    """A role filled by a mention of the same document."""

    model_config = ConfigDict(extra="forbid", strict=True)

    role: str = Field(min_length=1, max_length=64, description="A role of the event's type.")
    mention: Identifier = Field(description="Id of the filler mention.")
    provenance: Provenance | None = None


class EventBase(BaseModel):
    """Fields shared by every event type."""

    model_config = ConfigDict(extra="forbid", strict=True)

    #: The role table of the event type, in the order the annotator fills them.
    ROLES: ClassVar[tuple[Role, ...]] = ()
    #: One-sentence definition used in prompts, tables and the dataset card.
    DEFINITION: ClassVar[str] = ""
    #: The closest types in other schemes, for documentation and conversion.
    EQUIVALENTS: ClassVar[str] = ""

    id: Identifier = Field(description="Unique within the document, e.g. EV3.")
    type: str
    trigger: Span = Field(description="The word or phrase that most clearly expresses the event.")
    arguments: list[Argument] = Field(default_factory=list)
    attributes: Attributes
    coref: Identifier | None = Field(
        None, description="Event hopper: mentions of the same event in this document share it.")
    cluster: Identifier | None = Field(
        None, description="Corpus-wide id shared by mentions of the same real-world event across documents.")
    notes: str | None = Field(None, max_length=10_000, description="Annotator's note.")
    provenance: Provenance | None = None

    @classmethod
    def role(cls, name: str) -> Role | None:
        for role in cls.ROLES:
            if role.name == name:
                return role
        return None

    @classmethod
    def role_names(cls) -> tuple[str, ...]:
        return tuple(role.name for role in cls.ROLES)


def _time(description: str) -> Role:
    return Role("Time", (TIME,), description)


class Visit(EventBase):
    DEFINITION: ClassVar[str] = (
        "A person or delegation travels to a place, hosted by another party, for an official purpose: "
        "state and working visits, trips and tours by officials.")
    EQUIVALENTS: ClassVar[str] = "ACE Movement.Transport / Contact.Meet; PLOVER CONSULT (mode visit); CAMEO 042/043"
    ROLES: ClassVar[tuple[Role, ...]] = (
        Role("Visitor", AGENTS, "Who travels.", min=1, max=None),
        Role("Host", AGENTS, "Who receives the visitor.", max=None),
        Role("Destination", PLACES, "Where the visitor goes.", max=None),
        Role("Origin", PLACES, "Where the visitor comes from."),
        _time("When the visit happens."),
        Role("Purpose", (TOPIC,), "What the visit is for.", max=None),
    )
    type: Literal["Visit"] = "Visit"


class Loan(EventBase):
    DEFINITION: ClassVar[str] = (
        "A lender provides, or agrees or offers to provide, money to a borrower that is to be repaid: "
        "loans and credit lines (not grants, aid or investment).")
    EQUIVALENTS: ClassVar[str] = "ACE Transaction.Transfer-Money; PLOVER AID (economic/military); CAMEO 071/072"
    ROLES: ClassVar[tuple[Role, ...]] = (
        Role("Lender", AGENTS, "Who lends.", min=1, max=None),
        Role("Borrower", AGENTS, "Who receives the loan.", min=1, max=None),
        Role("Amount", (MONEY,), "How much is lent."),
        Role("Purpose", (TOPIC,), "What the money is for.", max=None),
        _time("When the loan is extended or agreed."),
    )
    type: Literal["Loan"] = "Loan"


class Agreement(EventBase):
    DEFINITION: ClassVar[str] = (
        "Parties conclude a formal agreement, deal, contract or treaty, or withdraw from one: signing, "
        "concluding, ratifying, exiting. A vow or call is a Statement, not an Agreement.")
    EQUIVALENTS: ClassVar[str] = "PLOVER COOPERATE / AGREE; CAMEO 057 sign formal agreement"
    ROLES: ClassVar[tuple[Role, ...]] = (
        Role("Party", AGENTS, "Who makes (or leaves) the agreement.", min=1, max=None),
        Role("Topic", (TOPIC,), "What the agreement is about.", max=None),
        Role("Value", (MONEY,), "The money value of the agreement."),
        _time("When it is concluded."),
        Role("Place", PLACES, "Where it is concluded."),
    )
    type: Literal["Agreement"] = "Agreement"


class Statement(EventBase):
    DEFINITION: ClassVar[str] = (
        "A party publicly communicates a position: says, states, announces, vows, calls for, urges, "
        "warns, criticizes, denounces, invites.")
    EQUIVALENTS: ClassVar[str] = "ACE Contact.Phone-Write (partly); PLOVER statements, ACCUSE; CAMEO 01x, 111"
    ROLES: ClassVar[tuple[Role, ...]] = (
        Role("Speaker", AGENTS, "Who communicates.", min=1, max=None),
        Role("Addressee", AGENTS, "To whom it is said, called or urged.", max=None),
        Role("Topic", (TOPIC,), "What is said: the content or subject.", max=None),
        _time("When it is said."),
        Role("Place", PLACES, "Where it is said."),
    )
    type: Literal["Statement"] = "Statement"


#: Every event type, in the order of menus and tables. Add a new event class here.
EVENT_CLASSES: tuple[type[EventBase], ...] = (Visit, Loan, Agreement, Statement)
#: Event type name -> class.
EVENT_TYPES: dict[str, type[EventBase]] = {cls.__name__: cls for cls in EVENT_CLASSES}

#: A field of any event type, discriminated by its ``type``.
Event = Annotated[Union[EVENT_CLASSES], Field(discriminator="type")]  # type: ignore[valid-type]
