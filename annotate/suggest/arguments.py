"""The argument filler and the attribute cues: from a trigger and the mentions around it to an event.

Roles are assigned by filler type and position within the trigger's sentence, following the roles
and the scope rules of ``guidelines.md`` (5, 5.1):

- the agents before a verb trigger that are not the object of a preposition, nor inside a relative
  clause or an apposition, are its subject (Visitor, Speaker, Party, Lender); coordinated agents
  ("Díaz-Canel and Putin vowed") are all taken; a Speaker or Visitor prefers a person in the same
  clause, a Lender a government or organization;
- a noun trigger takes only its possessor ("Medvedev's visit"), the subject of a support verb ("the
  Russian government extended a $50 million loan"), or, in a phrase that opens the sentence
  ("Following a meeting on November 2, Díaz-Canel and Putin vowed"), the subject after it;
- a place after "to"/"in"/"at" (or right after a verb trigger: "visited Moscow") is a Destination, a
  Place for Statements and Agreements; "from X" is an Origin (Visit) or the Lender (Loan); "to/for Y"
  after a Loan is its Borrower; "with X" after a meeting is its Host, after an Agreement a Party;
- the agent right after "urged", "invited", "told", "called on" is the Addressee;
- the nearest MONEY is a Loan's Amount, "worth X" an Agreement's Value; a time or a place belongs to
  the nearest trigger before it (durations and "since X" are no Time);
- Purpose and Topic are TOPIC spans (:mod:`.topics`).

Required roles left empty are then filled from the same participant in the previous event of the type
(its nearest mention before the trigger), or from the nearest suitable mention in the two sentences
before; an event whose required roles still cannot be filled is not suggested (it would not validate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import gazetteer as gz
from . import lexicon as lx
from . import topics
from .entities import Tok
from .triggers import TriggerCandidate, clause_words

AGENTS = ("PER", "ORG", "GPE")
#: Argument ids that stand for a TOPIC span still to be made a mention: ``topic:FIRST:END`` (tokens).
TOPIC_PREFIX = "topic:"
PLACES = ("GPE", "LOC", "FAC")
PREPOSITIONS = frozenset("""of to in from by with for at on against between about than into toward towards
    among via including like near across according under over within through amid despite""".split())
_SKIP_BEFORE = {"the", "a", "an", "its", "their", "his", "her"}
#: Words after a noun that show it is not a premodifier of a following noun ("the loan you got").
_NOT_HEADS = frozenset("""of to for from with and or but that which who whom whose is was are were be been has
    had have will would could may might can should shall must not worth in on at by as than the a an this
    these those its his her their our my your i you he she it we they me him us them there here""".split())
_POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}


def _demonyms() -> frozenset[str]:
    return frozenset(row[0] for row in gz.DEMONYMS)


_DEMONYMS = _demonyms()
#: The attribute cues of :mod:`.lexicon` as sets (a cue is found when it is one of the n-grams before).
_NEGATION_CUES, _ATTEMPT_CUES, _FUTURE_CUES, _MODAL_CUES, _PRESENT_CUES = (
    frozenset(cues) for cues in (lx.NEGATION_CUES, lx.ATTEMPT_CUES, lx.FUTURE_CUES, lx.MODAL_CUES, lx.PRESENT_CUES))
_CALENDAR = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _grams(words: list[str]) -> frozenset[tuple[str, ...]]:
    """The 1-, 2- and 3-grams of ``words``."""
    return frozenset(zip(words)).union(zip(words, words[1:]), zip(words, words[1:], words[2:]))


@dataclass
class M:
    """A mention as the filler sees it: id, type, character and token span."""

    id: str
    type: str
    start: int
    end: int
    first: int
    last: int  # token index of the last token
    sent: int
    key: str | None = None
    rule: str = ""
    time_value: str | None = None
    time_type: str | None = None


@dataclass
class Draft:
    """An event being built: trigger, arguments as (role, mention id), attributes."""

    trigger: TriggerCandidate
    arguments: list[tuple[str, str]] = field(default_factory=list)
    realis: str = "actual"
    polarity: str = "positive"
    tense: str = "past"
    coref: str | None = None

    @property
    def type(self) -> str:
        return self.trigger.type

    def has(self, role: str) -> bool:
        for name, _mention in self.arguments:
            if name == role:
                return True
        return False

    def add(self, role: str, mention: M | None) -> None:
        if mention is not None and (role, mention.id) not in self.arguments:
            self.arguments.append((role, mention.id))

    def add_topic(self, role: str, span: tuple[int, int]) -> None:
        key = f"{TOPIC_PREFIX}{span[0]}:{span[1]}"
        if (role, key) not in self.arguments:
            self.arguments.append((role, key))


class Filler:
    def __init__(self, toks: list[Tok], mentions: list[M], dct: str | None) -> None:
        self.toks = toks
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.position = {m.id: index for index, m in enumerate(self.mentions)}  # id -> index in self.mentions
        self._preps: dict[tuple[int, int], str | None] = {}  # (first token, sentence) -> prep()
        self._around: dict[tuple, list[M]] = {}  # before() and after(), per trigger span and types
        self._clauses: dict[int, list[str]] = {}  # clause_words(), per token
        self.by_key: dict[str, list[M]] = {}  # entity key -> its mentions, in self.mentions order
        for mention in self.mentions:
            if mention.key:
                self.by_key.setdefault(mention.key, []).append(mention)
        self.dct = dct
        self.by_sent: dict[int, list[M]] = {}
        for mention in self.mentions:
            self.by_sent.setdefault(mention.sent, []).append(mention)
        self.trigger_positions: dict[int, list[int]] = {}
        self.trigger_starts: set[int] = set()
        self.visitor_keys: set[str] = set()  # entities that travel in the document's visits (not meetings)
        self.agent_tokens = {k for m in self.mentions if m.type in AGENTS for k in range(m.first, m.last + 1)}
        self.place_tokens = {k for m in self.mentions if m.type in PLACES for k in range(m.first, m.last + 1)}

    def set_triggers(self, triggers: list[TriggerCandidate]) -> None:
        """Know every trigger, so that a time or place attaches to its nearest trigger only."""
        for trig in triggers:
            self.trigger_positions.setdefault(self.toks[trig.first].sent, []).append(trig.first)
            self.trigger_starts.add(trig.first)

    def topic(self, draft: "Draft", role: str, span: tuple[int, int] | None) -> None:
        """Add a TOPIC filler for tokens ``[first, end)``; its mention is made when the document is built."""
        if span is not None and span[1] > span[0]:
            draft.add_topic(role, span)

    def closest_trigger(self, trig: TriggerCandidate, mention: M) -> bool:
        """True when ``trig`` owns ``mention`` among the triggers of the sentence: the nearest trigger
        before the mention, or, when none precedes it, the nearest after it (guidelines 5.1). A time at
        the start of a sentence, before its first trigger and followed by a comma, belongs to all of
        them ("Early this month, Medvedev paid a visit to Cuba and signed major agreements")."""
        positions = self.trigger_positions.get(self.toks[trig.first].sent, [trig.first])
        if mention.type == "MONEY":  # an amount modifies the nearest trigger ("a $50 million loan")
            def gap(position: int) -> int:
                return min(abs(position - mention.first), abs(position - mention.last))
            return all(gap(p) >= gap(trig.first) for p in positions)
        before = [p for p in positions if p < mention.first]
        if before:
            return trig.first == max(before)
        if mention.type == "TIME" and self._opening_adjunct(mention):
            return True
        return trig.first == min(positions)

    def _in_opening_adjunct(self, trig: TriggerCandidate) -> bool:
        """"Following a meeting on November 2, Díaz-Canel and Putin vowed ...": a noun trigger in the phrase
        that opens the sentence, whose participants are the subject after the comma (guidelines 5.1)."""
        sent = self.toks[trig.first].sent
        first = trig.first
        while first > 0 and self.toks[first - 1].sent == sent:
            first -= 1
        if self.toks[first].lower not in ("in", "following", "during", "after", "before", "at", "on", "ahead"):
            return False
        if any(t.text in (",", ";") for t in self.toks[first:trig.first]):
            return False
        return any(t.text == "," and t.sent == sent for t in self.toks[trig.end:trig.end + 14])

    def _opening_phrase(self, mention: M) -> bool:
        """The mention stands in a phrase that opens its sentence ("In Vietnam ...", "In an interview
        on ... in Moscow, ...")."""
        first = mention.first
        while first > 0 and self.toks[first - 1].sent == mention.sent:
            first -= 1
        if self.toks[first].lower not in ("in", "at", "during"):
            return False
        between = self.toks[first:mention.first]
        return not any(t.text in (",", ";") for t in between) and mention.first - first <= 12

    def _opening_adjunct(self, mention: M) -> bool:
        k = mention.last + 1
        starts_sentence = all(self.toks[m].lower in ("on", "in", "at", "during", "since", "by", "early",
                                                              "late", "the")
                              for m in range(mention.first - 1, -1, -1) if self.toks[m].sent == mention.sent)
        return starts_sentence and k < len(self.toks) and self.toks[k].text == ","

    def nearest_of_entity(self, mention_id: str, trig: TriggerCandidate) -> M | None:
        """The mention of the same entity as ``mention_id`` nearest before the trigger (a name or a
        nominal, no pronoun), else the mention itself (guidelines 5.1)."""
        index = self.position.get(mention_id)
        if index is None:
            return None
        donor = self.mentions[index]
        if donor.key:
            for m in reversed(self.by_key[donor.key]):  # the last in text order that qualifies
                if m.last < trig.first and m.rule != "pronoun":
                    return m
        return donor

    def clause_words(self, k: int) -> list[str]:
        """:func:`.triggers.clause_words` before token ``k`` (the cue window), once per token; callers
        only read the list."""
        words = self._clauses.get(k)
        if words is None:
            words = self._clauses[k] = clause_words(self.toks, k, lx.CUE_WINDOW)
        return words

    def possessive(self, mention: M) -> bool:
        nxt = mention.last + 1
        return nxt < len(self.toks) and self.toks[nxt].text in _POSSESSIVE

    # -- positions ---------------------------------------------------------------------------------
    def prep(self, mention: M) -> str | None:
        """The preposition governing ``mention`` ("to" in "to the United States", "with" in "with Russian
        President Vladimir Putin"), if any. (It depends on where the mention starts only: computed once.)"""
        key = (mention.first, mention.sent)
        found = self._preps.get(key, self)
        if found is not self:
            return found
        m = mention.first - 1
        while m >= 0 and self.toks[m].sent == mention.sent and (
                self.toks[m].lower in _SKIP_BEFORE or self.toks[m].text in gz.TITLES or
                self.toks[m].text in _DEMONYMS):
            m -= 1
        if m < 0 or self.toks[m].sent != mention.sent:
            found = None
        else:
            word = self.toks[m].lower
            found = word if word in PREPOSITIONS else None
        self._preps[key] = found
        return found

    def before(self, trig: TriggerCandidate, types: tuple[str, ...]) -> list[M]:
        """The mentions of ``types`` before the trigger in its sentence, nearest first (made once per
        trigger and types: callers only read it)."""
        key = (True, trig.first, trig.end, types)
        found = self._around.get(key)
        if found is None:
            sent = self.toks[trig.first].sent
            found = self._around[key] = [m for m in reversed(self.by_sent.get(sent, []))
                                         if m.last < trig.first and m.type in types]
        return found

    def after(self, trig: TriggerCandidate, types: tuple[str, ...]) -> list[M]:
        """The mentions of ``types`` after the trigger in its sentence, in text order (made once per
        trigger and types: callers only read it)."""
        key = (False, trig.first, trig.end, types)
        found = self._around.get(key)
        if found is None:
            sent = self.toks[trig.first].sent
            found = self._around[key] = [m for m in self.by_sent.get(sent, []) if m.first >= trig.end and m.type in types]
        return found

    def subjects(self, trig: TriggerCandidate, types: tuple[str, ...], prefer: tuple[str, ...] = ()) -> list[M]:
        """The subject agents before the trigger: the nearest free one (a preferred type first when there
        is one), plus the agents coordinated with it."""
        free = [m for m in self.before(trig, types)
                if (self.prep(m) is None or self.possessive(m)) and not self._appositive(m)
                and not self._in_relative_clause(m, trig)
                and not (self.possessive(m) and trig.first - m.last > 4)]
        if not free:
            return []
        head = free[0]
        if prefer and head.type not in prefer:
            preferred = [m for m in free if m.type in prefer]
            if preferred and self._distance(preferred[0], trig) <= 25 and not any(
                    t.text in (",", ";") for t in self.toks[preferred[0].last + 1:trig.first]):
                head = preferred[0]
        group = [head]
        for other in self.before(trig, types):
            if other.last >= group[-1].first:
                continue
            if self.possessive(other) and other.last + 2 == group[-1].first:
                continue  # "and Russia's Vladimir Putin": the possessor belongs to the next name
            if self._coordinated(other, group[-1], need_and=len(group) == 1):
                group.append(other)
            else:
                break
        return list(reversed(group))

    def nominal_subjects(self, trig: TriggerCandidate, candidates: list[M]) -> list[M]:
        """The agents before a noun trigger that are its participants: a possessor ("Medvedev's visit"),
        or the subject of a support verb ("the Russian government extended a $50 million loan",
        "Medvedev paid a visit", "Cuba's president is in Russia for an official visit"). ``candidates``
        are coordinated (from :meth:`subjects`): when the nearest qualifies, all do."""
        if candidates and self._participant_of_noun(trig, candidates[-1]):
            return candidates
        return [m for m in candidates if self._participant_of_noun(trig, m)]

    def _participant_of_noun(self, trig: TriggerCandidate, mention: M) -> bool:
        between = [t.lower for t in self.toks[mention.last + 1:trig.first]]
        if self.possessive(mention) and len(between) <= 4:
            return True
        if any(word in lx.NOMINAL_SUPPORT for word in between) and not any(
                w in (",", ";", "that", "which", "who") for w in between) and len(between) <= 10:
            return True
        if "," in between and len(between) <= 20 and not any(w in (";", "that", "which", "who") for w in between):
            # "Diaz-Canel reaffirmed bilateral relations, negotiated trade deals, and worked to secure a
            # loan": the subject of a list of predicates, the last of which governs the noun
            last = between[len(between) - between[::-1].index(","):]
            return bool(last) and last[0] == "and" and any(w in lx.NOMINAL_SUPPORT for w in last) and \
                between[0][:1].islower() and between[0] not in ("and", "or", "of", "in")
        if len(between) <= 1:
            return True
        # "Putin and Diaz-Canel at a joint press conference"
        return bool(between) and between[0] in ("at", "in", "during") and all(
            w in ("at", "in", "during", "a", "an", "the", "joint", "their", "his", "her") for w in between)

    def _in_relative_clause(self, mention: M, trig: TriggerCandidate) -> bool:
        """"Shamanov, a Russian official who heads the Defense Committee ..., stated": the Committee is
        inside a relative clause, not the subject of "stated"."""
        k = mention.first - 1
        while k >= 0 and self.toks[k].sent == mention.sent and self.toks[k].text not in (",", ";", "(", ")"):
            if self.toks[k].lower in ("who", "which", "whom", "whose"):
                closing = [t for t in self.toks[mention.last + 1:trig.first] if t.text == ","]
                return bool(closing)
            k -= 1
        return False

    def _distance(self, mention: M, trig: TriggerCandidate) -> int:
        return trig.first - mention.last

    def _appositive(self, mention: M) -> bool:
        """"Shamanov, a Russian official who ...": the description is not the subject."""
        if mention.rule != "group":
            return False
        m = mention.first - 1
        if m >= 0 and self.toks[m].lower in ("a", "an", "the"):
            m -= 1
        return m >= 0 and self.toks[m].text == ","

    def _coordinated(self, left: M, right: M, *, need_and: bool = True) -> bool:
        """``left`` and ``right`` are members of one list: "X and Y", "X, Y and Z" (titles may stand
        between: "Díaz-Canel and Russian President Vladimir Putin")."""
        between = self.toks[left.last + 1:right.first]
        words = [t.text for t in between]
        if not words or not any(w in ("and", "&", ",") for w in words):
            return False
        if need_and and not any(w in ("and", "&") for w in words):
            return False
        has_and = any(w in ("and", "&") for w in words)
        return all(w in ("and", "&", ",", "the", "The", "along", "with") or w in gz.TITLES or w in _DEMONYMS or
                   w in _POSSESSIVE or (has_and and w[:1].isupper()) for w in words) and len(words) <= 6

    def coordinated_after(self, first: M, candidates: list[M]) -> list[M]:
        """``first`` and the mentions listed after it ("Vietnam, North Korea, Laos, and China")."""
        group = [first]
        for other in candidates:
            if other.first <= group[-1].last:
                continue
            same_kind = (other.type in PLACES) == (first.type in PLACES)
            if self._coordinated(group[-1], other, need_and=False) and same_kind:
                group.append(other)
                if any(t.text in ("and", "&") for t in self.toks[group[-2].last + 1:other.first]):
                    break
            else:
                break
        return group

    def nearest_time(self, trig: TriggerCandidate) -> M | None:
        dates = [m for m in self.after(trig, ("TIME",)) + self.before(trig, ("TIME",))
                 if m.time_type != "DURATION" and not (m.time_value or "").endswith("_REF")
                 and not (m.first and self.toks[m.first - 1].lower in ("since", "until", "till", "before",
                                                                                 "after"))
                 and (min(abs(m.first - trig.end), abs(trig.first - m.last)) <= 10 or (
                     m.last < trig.first and self._opening_adjunct(m))) and self.closest_trigger(trig, m)]
        if not dates:
            return None
        return min(dates, key=lambda m: (abs(m.first - trig.first) + (0 if m.first > trig.first else 2)))

    # -- roles per event type ----------------------------------------------------------------------------
    def fill(self, trig: TriggerCandidate) -> Draft:
        draft = Draft(trig)
        getattr(self, f"_fill_{trig.type.lower()}")(draft, trig)
        return draft

    def _places_after(self, trig: TriggerCandidate, preps: tuple[str, ...], direct: bool, within: int = 5) -> list[M]:
        places = self.after(trig, PLACES)
        for mention in places:
            if mention.first - trig.end > within or not self.closest_trigger(trig, mention):
                break
            if self.possessive(mention):
                continue  # "at the Russian government's Protocol Palace": the palace is the place
            prep = self.prep(mention)
            immediately = mention.first - trig.end <= 1 and prep is None
            if prep in preps or (direct and immediately):
                return self.coordinated_after(mention, [p for p in places if p.first > mention.last])
            if prep is None and mention.first - trig.end > 1:
                break
        return []

    def _fill_visit(self, draft: Draft, trig: TriggerCandidate) -> None:
        visitors = self.subjects(trig, AGENTS, prefer=("PER",))
        if trig.nominal:
            visitors = self.nominal_subjects(trig, visitors)
        participants: list[M] = []
        before_words = [t.lower for t in self.toks[max(0, trig.first - 3):trig.first]
                        if t.sent == self.toks[trig.first].sent]
        determiner = next((w for w in reversed(before_words) if w in ("his", "her", "their")), "")
        if not visitors and trig.nominal and determiner == "their":
            # "Putin and Diaz-Canel exchanged documents following their meeting": the group before
            people = self.before(trig, ("PER",))
            if people:
                group = [people[0]]
                for other in people[1:]:
                    if self._coordinated(other, group[-1], need_and=len(group) == 1):
                        group.append(other)
                    else:
                        break
                participants = list(reversed(group))
                visitors = participants[:1] if trig.entry.meeting else participants
        if not visitors and trig.nominal and (determiner in ("his", "her") or self._in_opening_adjunct(trig)):
            # "In his first international tour, Cuban President Miguel Diaz-Canel reaffirmed ...",
            # "Following a meeting on November 2, Díaz-Canel and Putin vowed": the participants after it
            people = [m for m in self.after(trig, ("PER",)) if self.prep(m) is None]
            if people:
                participants = self.coordinated_after(people[0], [m for m in self.after(trig, ("PER",))
                                                                  if m.first > people[0].last])
                single = trig.entry.meeting or any(
                    t.lower in ("his", "her") for t in self.toks[max(0, trig.first - 3):trig.first])
                visitors = participants[:1] if single else participants
        if trig.entry.meeting and len(visitors) + len(participants) > 1:
            # who travelled: the one that is a Visitor of the document's other visits; the others host
            people = participants or visitors
            travellers = [m for m in people if m.key and m.key in self.visitor_keys]
            if travellers:
                visitors = travellers[:1]
                for other in people:
                    if other not in visitors and other.type == "PER":
                        draft.add("Host", other)
        for visitor in visitors:
            draft.add("Visitor", visitor)
        within = 14 if trig.entry.attend else 8
        for place in self._places_after(trig, ("to", "in", "at"), direct=trig.verbal, within=within):
            draft.add("Destination", place)
        if not draft.has("Destination") and trig.nominal:
            # "arrives in Moscow for a 3-day visit": the place of the motion verb the visit is the purpose of
            for place in self.before(trig, PLACES):
                between = self.toks[place.last + 1:trig.first]
                k = place.first - 1
                while k >= 0 and self.toks[k].lower in ("the", "in", "to"):
                    k -= 1
                governor = self.toks[k].lower if k >= 0 else ""
                motion = k in self.trigger_starts or governor in ("is", "was", "are", "were", "arrived", "arrives")
                if motion and self.prep(place) in ("in", "to") and len(between) <= 6 and any(
                        t.lower == "for" for t in between) and not any(t.text in (",", ";") for t in between):
                    draft.add("Destination", place)
                break
        for place in self.after(trig, PLACES):
            if self.prep(place) == "from" and place.first - trig.end <= 6:
                draft.add("Origin", place)
                break
        reach = 8 if trig.entry.meeting else 4
        hosts = [m for m in self.after(trig, ("PER",)) if self.prep(m) == "with" and m.first - trig.end <= reach]
        if not hosts and trig.entry.meeting and trig.verbal:  # "to meet President Uhuru Kenyatta"
            hosts = [m for m in self.after(trig, ("PER",)) if self.prep(m) is None and m.first - trig.end <= 2]
        if hosts:  # "held talks with Russian President Vladimir Putin", "meeting with Castro"
            for host in self.coordinated_after(hosts[0], [m for m in self.after(trig, AGENTS) if m.first > hosts[0].last]):
                draft.add("Host", host)
        inviter = self._inviter(trig)
        if inviter is not None and not any(mid == inviter.id for _, mid in draft.arguments):
            draft.add("Host", inviter)
        if trig.entry.attend:  # "attend the 18th NAM Summit in Azerbaijan": the event attended
            k = trig.end + (1 if trig.end < len(self.toks) and self.toks[trig.end].lower == "in" else 0)
            self.topic(draft, "Purpose", topics.content_span(self.toks, k, trigger_starts=self.trigger_starts,
                                                             purpose=True))
        self.topic(draft, "Purpose", topics.purpose_after(
            self.toks, trig.end, agent_tokens=self.agent_tokens, place_tokens=self.place_tokens,
            trigger_starts=self.trigger_starts, allow_for=False))
        if not self._counted_occurrences(trig):
            draft.add("Time", self.nearest_time(trig))

    def _inviter(self, trig: TriggerCandidate) -> M | None:
        """The subject of "invited X to visit": the Host of the invited visit."""
        words = self.clause_words(trig.first)
        if not any(w in ("invited", "invites", "inviting") for w in words):
            return None
        for k in range(trig.first - 1, max(-1, trig.first - 10), -1):
            if self.toks[k].lower in ("invited", "invites", "inviting"):
                subjects = [m for m in self.before(trig, AGENTS) if m.last < k and self.prep(m) is None]
                return subjects[0] if subjects else None
        return None

    def _counted_occurrences(self, trig: TriggerCandidate) -> bool:
        """"twice traveled there, in 2000 and 2014": one time value cannot name several visits."""
        return trig.first > 0 and self.toks[trig.first - 1].lower in ("twice", "thrice", "repeatedly")

    def _fill_loan(self, draft: Draft, trig: TriggerCandidate) -> None:
        after = self.after(trig, AGENTS)
        borrowing = trig.verbal and trig.entry.words[0].startswith("borrow")
        lender_from = next((m for m in after if self.prep(m) == "from" and
                            m.first - trig.end <= (12 if borrowing else 4)), None)
        borrower_to = next((m for m in after if self.prep(m) in ("to", "for") and m.first - trig.end <= 4), None)
        subjects = self.subjects(trig, AGENTS, prefer=("GPE", "ORG"))
        if trig.nominal:
            subjects = self.nominal_subjects(trig, subjects)
        if borrowing:  # "She borrowed $75 from a microfinance company": the subject borrows
            for subject in subjects:
                draft.add("Borrower", subject)
            if lender_from is not None:
                draft.add("Lender", lender_from)
        elif lender_from is not None:
            draft.add("Lender", lender_from)
            for subject in subjects:
                if subject.id != lender_from.id:
                    draft.add("Borrower", subject)
        else:
            for subject in subjects:
                draft.add("Lender", subject)
        if borrower_to is None and trig.verbal and trig.entry.words[0] in ("lend", "lends", "lent", "lending",
                                                                           "loaned", "loan"):
            # "will lend Pakistan $2 billion": the indirect object
            borrower_to = next((m for m in after if m.first == trig.end), None)
        with_party = next((m for m in after if self.prep(m) == "with" and m.first - trig.end <= 4), None)
        if with_party is not None and lender_from is None and with_party.type == "ORG":
            # "a new loan agreement with the IMF": the institution lends, the subject borrows
            draft.arguments = [(r, mid) for r, mid in draft.arguments if r != "Lender"]
            draft.add("Lender", with_party)
            for subject in subjects:
                draft.add("Borrower", subject)
        if borrower_to is None:
            # "the $50 million military loan that Cuba will use": the subject of the relative clause
            k = trig.end
            if k + 1 < len(self.toks) and self.toks[k].lower in ("that", "which"):
                borrower_to = next((m for m in after if m.first in (k + 1, k + 2)), None)
        if borrower_to is not None and not any(r == "Lender" and mid == borrower_to.id for r, mid in draft.arguments):
            draft.add("Borrower", borrower_to)
        money = self.before(trig, ("MONEY",))[:1] or self.after(trig, ("MONEY",))[:1]
        if money and abs(money[0].first - trig.first) <= 8 and self.closest_trigger(trig, money[0]):
            draft.add("Amount", money[0])
        self.topic(draft, "Purpose", topics.purpose_after(
            self.toks, trig.end, agent_tokens=self.agent_tokens, place_tokens=self.place_tokens,
            trigger_starts=self.trigger_starts, allow_for=True))
        draft.add("Time", self.nearest_time(trig))

    def _fill_agreement(self, draft: Draft, trig: TriggerCandidate) -> None:
        parties = self.subjects(trig, AGENTS)
        if trig.nominal:
            parties = self.nominal_subjects(trig, parties)
        if not parties and trig.supported:  # "a treaty ratified by 196 nations"
            by = [m for m in self.after(trig, AGENTS) if self.prep(m) == "by" and m.first - trig.end <= 3]
            parties = self.coordinated_after(by[0], self.after(trig, AGENTS)) if by else []
        for party in parties:
            draft.add("Party", party)
        for mention in self.after(trig, AGENTS):
            prep = self.prep(mention)
            if prep in ("with", "between") and mention.first - trig.end <= 8:
                for party in self.coordinated_after(mention, [m for m in self.after(trig, AGENTS)
                                                              if m.first > mention.last]):
                    draft.add("Party", party)
                break
        money = self.after(trig, ("MONEY",))
        if money and money[0].first - trig.end <= 4:
            between = {t.lower for t in self.toks[trig.end:money[0].first]}
            if not between & {",", ";", "and", "to", "that"} and self.closest_trigger(trig, money[0]):
                draft.add("Value", money[0])  # "deals worth over $260 million"
        elif trig.nominal:
            before = self.before(trig, ("MONEY",))
            if before and trig.first - before[0].last <= 3:
                draft.add("Value", before[0])  # "a $2 billion deal"
        if trig.verbal or trig.supported:
            places = self._places_after(trig, ("in", "at"), direct=False, within=14 if trig.supported else 2)
            if places:
                draft.add("Place", places[0])
        self.topic(draft, "Topic", topics.agreement_topic(
            self.toks, trig.first, trig.end, trigger_starts=self.trigger_starts,
            premodifiers=lx.TOPIC_PREMODIFIERS, treaty_words=lx.TREATY_WORDS))
        draft.add("Time", self.nearest_time(trig))

    def _fill_statement(self, draft: Draft, trig: TriggerCandidate) -> None:
        speakers = self.subjects(trig, AGENTS, prefer=("PER",))
        if trig.nominal:
            speakers = self.nominal_subjects(trig, speakers)
        if trig.end < len(self.toks) and self.toks[trig.end].lower == "by":
            by = [m for m in self.after(trig, AGENTS) if m.first - trig.end <= 3]
            speakers = by[:1] or speakers  # "denied by Moscow"
        if not speakers and trig.nominal:
            # "In a joint statement following talks ..., Díaz-Canel and Putin also called for ..."
            people = [m for m in self.after(trig, AGENTS) if self.prep(m) is None and m.type == "PER"]
            if people:
                speakers = self.coordinated_after(people[0], [m for m in self.after(trig, ("PER",))
                                                              if m.first > people[0].last])
        if not speakers:
            # "..., said Nikolai Kalashnikov" / "the statement issued by the two presidents"
            after = self.after(trig, AGENTS)
            if after and (after[0].first - trig.end <= 1 or self.prep(after[0]) == "by" and
                          after[0].first - trig.end <= 4):
                speakers = [after[0]]
        for speaker in speakers:
            draft.add("Speaker", speaker)
        skip_to = trig.end
        if trig.entry.words[0] in ("urged", "urges", "urging", "urge", "invited", "invites", "inviting",
                                   "invite", "told", "tells", "called", "calls", "calling", "call", "warned"):
            after = [m for m in self.after(trig, AGENTS) if m.first - trig.end <= 3 and self.prep(m) in (
                None, "on", "upon") and not self.possessive(m)]
            if after:
                for addressee in self.coordinated_after(after[0], [m for m in self.after(trig, AGENTS)
                                                                   if m.first > after[0].last]):
                    draft.add("Addressee", addressee)
                    skip_to = max(skip_to, addressee.last + 1)
        places = self._places_after(trig, ("in", "at"), direct=False, within=2)
        if places:
            draft.add("Place", places[0])
        elif trig.verbal:
            # "In Vietnam the two countries reaffirmed", "In an interview [...] in Moscow in June, Putin said"
            for place in self.before(trig, PLACES):
                if self.prep(place) in ("in", "at") and self.closest_trigger(trig, place) and \
                        self._opening_phrase(place):
                    draft.add("Place", place)
                    break
        if trig.verbal:
            span = topics.statement_topic(self.toks, trig.first, trig.end, skip_to, self.trigger_starts)
            if span is None:  # '"This visit opens a new chapter," Khan told reporters after the meeting.'
                span = topics.quotation_before(self.toks, trig.first)
            self.topic(draft, "Topic", span)
        draft.add("Time", self.nearest_time(trig))

    # -- attributes ----------------------------------------------------------------------------------
    def attributes(self, draft: Draft) -> None:
        trig = draft.trigger
        cue_at = trig.support_at if trig.support_at is not None else trig.first
        words = self.clause_words(cue_at)
        near = words[-lx.NEGATION_WINDOW:]

        entry = trig.entry
        following = [t.lower for t in self.toks[trig.end:trig.end + 3] if t.sent == self.toks[trig.first].sent]
        if following and following[0] in lx.AFTER_MODALS and (trig.nominal or not words or words[-1] in (
                "a", "an", "the", "u.s.", "us")):
            draft.realis, draft.tense = "other", "future"  # "the accord could be finalized", "a withdraw would"
            return
        if trig.nominal and trig.type == "Loan" and not entry.plural and following and following[0].isalpha() and \
                following[0].islower() and following[0] not in _NOT_HEADS and not lx.ENTRIES_BY_TYPE_WORDS["Loan"] & {
                    following[0]}:
            draft.realis, draft.tense = "generic", "unspecified"  # "loan servicers": a kind (guidelines 10.7)
            return
        if trig.nominal and entry.plural and not trig.supported:
            det = words[-2:]  # "8 cooperative agreements", "the loans"; not the subject's "two countries"
            if not any(w in lx.SPECIFIC_DETERMINERS or w.isdigit() for w in det):
                draft.realis, draft.tense = "generic", "unspecified"
                return
        grams = _grams(words)  # a cue is one of the 1- to 3-grams of the words before
        if not _grams(near).isdisjoint(_NEGATION_CUES):
            draft.polarity = "negative"
            draft.realis = "other"
        if not grams.isdisjoint(_ATTEMPT_CUES):
            draft.realis, draft.tense = "other", "past"  # "worked to secure a loan"
            return
        if not grams.isdisjoint(_FUTURE_CUES):
            draft.realis, draft.tense = "other", "future"
            return
        if not grams.isdisjoint(_MODAL_CUES):
            draft.realis, draft.tense = "other", "unspecified"
            return
        continuing = words[-2:] in (["continue", "to"], ["continues", "to"], ["continued", "to"])
        if trig.verbal and words and words[-1] == "to" and not continuing:
            draft.realis, draft.tense = "other", "future"  # "to suggest new ideas": not (yet) done
            return
        if entry.tense == "present" or continuing or (trig.nominal and not grams.isdisjoint(_PRESENT_CUES)) or (
                trig.nominal and following[:1] in (["is"], ["are"])):  # "these talks are all about ..."
            draft.tense = "present"
        time = self._time_of(draft)
        if time is not None and self.dct and _CALENDAR.fullmatch(time) and _CALENDAR.match(self.dct):
            value, dct = time, _CALENDAR.match(self.dct).group(0)
            size = min(len(value), len(dct))
            if value[:size] > dct[:size]:
                draft.tense = "future"
                draft.realis = "other" if draft.realis == "actual" else draft.realis
            elif value[:size] < dct[:size]:
                draft.tense = "past"

    def _time_of(self, draft: Draft) -> str | None:
        """The value of the first (in text order) Time argument that is a calendar date."""
        found = sorted((self.position[mid] for role, mid in draft.arguments if role == "Time" and mid in self.position))
        for index in found:
            mention = self.mentions[index]
            if mention.time_value and mention.time_value[:4].isdigit():
                return mention.time_value
        return None


#: Required roles per type, and the mention types a fallback may use for them.
REQUIRED = {
    "Visit": (("Visitor", ("PER", "GPE", "ORG")),),
    "Loan": (("Lender", ("GPE", "ORG", "PER")), ("Borrower", ("GPE", "ORG", "PER"))),
    "Agreement": (("Party", ("GPE", "PER", "ORG")),),
    "Statement": (("Speaker", ("PER", "ORG", "GPE")),),
}


def complete_required(filler: Filler, drafts: list[Draft]) -> list[Draft]:
    """Fill empty required roles from the previous same-type event or the sentences before; drop the
    events that still lack one (generic events need none)."""
    kept: list[Draft] = []
    seen: dict[str, list[Draft]] = {}  # event type -> the drafts of that type before this one, in order
    for draft in drafts:
        earlier = seen.setdefault(draft.type, [])
        if draft.realis != "generic":
            for role, types in REQUIRED[draft.type]:
                if draft.has(role):
                    continue
                used = {mid for _, mid in draft.arguments}
                previous = [d for d in earlier if d.has(role)]
                previous.sort(key=lambda d: d.realis == draft.realis)  # the same kind of event last: preferred
                donor = next((mid for d in reversed(previous) for r, mid in d.arguments
                              if r == role and mid not in used), None)
                donor = filler.nearest_of_entity(donor, draft.trigger) if donor is not None else None
                if donor is not None and (draft.trigger.nominal or draft.trigger.entry.words[0] in (
                        "withdrawal",)):
                    draft.add(role, donor)
                    continue
                mention = _recent_mention(filler, draft.trigger, types, used)
                if mention is not None:
                    draft.add(role, mention)
                elif donor is not None:
                    draft.add(role, donor)
        earlier.append(draft)
        if draft.realis != "generic" and any(not draft.has(role) for role, _ in REQUIRED[draft.type]):
            continue
        kept.append(draft)
    return kept


def _recent_mention(filler: Filler, trig: TriggerCandidate, types: tuple[str, ...], used: set[str]) -> M | None:
    sent = filler.toks[trig.first].sent
    used_keys = {m.key for m in filler.mentions if m.id in used and m.key}
    for type_ in types:
        for back in (0, 1, 2):
            pool = [m for m in filler.by_sent.get(sent - back, []) if m.type == type_ and m.id not in used and
                    not (m.key and m.key in used_keys) and
                    (back or m.last < trig.first) and filler.prep(m) is None and m.rule != "pronoun"]
            if pool:
                return pool[-1]
    return None


def link_coreference(toks: list[Tok], drafts: list[Draft]) -> None:
    """A definite singular nominal trigger ("the loan", "this visit") joins the hopper of the previous
    event of its type; hopper ids are ``SH1``, ``SH2``..."""
    hoppers = 0
    for index, draft in enumerate(drafts):
        trig = draft.trigger
        if trig.verbal or trig.entry.plural or trig.first == 0 or draft.type == "Statement":
            continue  # statements are too many and too alike to be linked by position
        det = toks[trig.first - 1].lower
        if det not in ("the", "this", "that"):
            continue
        previous = next((d for d in reversed(drafts[:index]) if d.type == draft.type), None)
        if previous is None:
            continue
        if previous.coref is None:
            hoppers += 1
            previous.coref = f"SH{hoppers}"
        draft.coref = previous.coref
