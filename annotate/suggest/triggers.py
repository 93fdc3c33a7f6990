"""Trigger matching: lexicon entries found in the tokens, with the constraints of :mod:`.lexicon`."""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .entities import Candidate, Tok, covered_tokens, word_index

#: Words after which a form that is also a noun ("visit", "pledge") is a verb.
_VERBAL_BEFORE = {"to", "will", "would", "could", "may", "might", "should", "can", "not", "n't", "also", "'ll",
                  "they", "we", "i", "you", "did", "didn't", "never"}
#: Possessive determiners that give a communication noun its speaker ("our demand", "his promises").
_POSSESSORS = {"his", "her", "their", "our", "its", "my"}
#: Support verbs of communication nouns ("made promises", "issued a statement", "gave a speech").
_SPEECH_SUPPORT = {"made", "makes", "make", "issued", "issues", "issue", "gave", "gives", "give", "delivered",
                   "delivers", "deliver", "held", "holds", "hold", "offered", "offers"}
#: Words after which an -ing form is an adverbial clause sharing the subject of its sentence ("Trump held
#: a press conference hours before reiterating his plans", "who rose to fame by preaching against").
_ADVERBIAL = {"before", "after", "while", "when", "by", "since", "without", "upon", "on"}
_QUOTES = {"\"", "\u201c", "\u201d", "'", "\u2018", "\u2019"}
_CLAUSE_BREAKS = {",", ";", ":", "(", ")", "\"", "\u201c", "\u201d", "--", "\u2014", "\u2013"}
#: A character for which ``str.isalnum()`` is true (SRE's word class is exactly that plus "_").
_ALNUM = re.compile(r"[^\W_]")


@dataclass
class TriggerCandidate:
    """A trigger found in the text: tokens ``[first, end)``, characters ``[start, stop)``."""

    type: str
    first: int
    end: int
    start: int
    stop: int
    entry: lx.Entry
    verbal: bool = True  # used as a verb ("intends to visit"), not as a noun ("his visit")
    supported: bool = False  # the object of a support verb ("signed major agreements"): asserted, specific
    support_at: int | None = None  # token index of that support verb (attribute cues are read before it)

    @property
    def nominal(self) -> bool:
        return not self.verbal


class TriggerRules:
    def __init__(self) -> None:
        self.by_first: dict[str, list[lx.Entry]] = {}
        for entry in lx.ENTRIES:
            self.by_first.setdefault(entry.words[0], []).append(entry)
        for entries in self.by_first.values():
            entries.sort(key=lambda e: -len(e.words))

    def __call__(self, toks: list[Tok], mentions: list[Candidate]) -> list[TriggerCandidate]:
        agent_tokens = covered_tokens(toks, [m for m in mentions if m.type in ("PER", "ORG", "GPE")])
        found: list[TriggerCandidate] = []
        k = 0
        for start in word_index(toks).lower_in(self.by_first):  # the tokens an entry starts with
            if start < k:
                continue  # inside the trigger found before
            k = start
            match = self._match(toks, k, agent_tokens, found)
            if match is None:
                k += 1
                continue
            found.append(match)
            k = match.end
        found = _apply_support_verbs(toks, found)
        found = _drop_framing_nouns(toks, found)
        if not any(c.type == lx.VISIT and not c.entry.meeting for c in found):
            found = [c for c in found if not c.entry.meeting]  # talks with no visit reported: not a Visit
        return found

    def _match(self, toks: list[Tok], k: int, agent_tokens: set[int],
               found: list[TriggerCandidate]) -> TriggerCandidate | None:
        tok = toks[k]
        for entry in self.by_first.get(tok.lower, ()):
            n = len(entry.words)
            span = toks[k:k + n]
            # one word: it is the entry's (the entries are looked up by their first word)
            if n > 1 and (len(span) < n or tuple([t.lower for t in span]) != entry.words):
                continue
            if n > 1 and (any(t.sent != tok.sent for t in span) or any(
                    span[m].end != span[m + 1].start - 1 and span[m].end != span[m + 1].start
                    for m in range(n - 1))):
                continue  # a multi-word trigger is one stretch of text
            if self._accept(entry, toks, k, n, agent_tokens, found):
                prev = toks[k - 1].lower if k and toks[k - 1].sent == tok.sent else ""
                verbal = not entry.noun or (prev in _VERBAL_BEFORE and not entry.plural)
                return TriggerCandidate(entry.type, k, k + n, tok.start, span[-1].end, entry, verbal)
        return None

    def _accept(self, entry: lx.Entry, toks: list[Tok], k: int, n: int, agent_tokens: set[int],
                found: list[TriggerCandidate]) -> bool:
        tok = toks[k]
        prev = toks[k - 1] if k and toks[k - 1].sent == tok.sent else None
        nxt = toks[k + n] if k + n < len(toks) and toks[k + n].sent == tok.sent else None
        if tok.cap and prev is not None and prev.text not in _QUOTES | {":", "\u2014", "--"} and not tok.text.isupper():
            return False  # capitalized inside a sentence: part of a name ("the INF Treaty", "Business Forum")
        if nxt is not None and nxt.text == ":":
            return False  # "Credit: Business Insider", "Statement:" headings
        if k in agent_tokens:
            return False
        if entry.verb_only and prev is not None and prev.lower in lx.NOUN_CONTEXT:
            return False  # "air travel", "a call"
        if not entry.noun and prev is not None and prev.lower in lx.DETERMINERS and entry.tense == "past":
            return False  # "their shared ideological views", "the announced plan": a participle as adjective
        if entry.type == lx.STATEMENT and tok.lower.endswith("ing") and prev is not None and \
                prev.text == "," and not entry.noun and any(
                    c.type == lx.STATEMENT and toks[c.first].sent == tok.sent for c in found):
            return False  # "criticized the deal, saying ...": part of the statement it follows (3.4)
        if entry.meeting and not entry.noun:
            window = toks[k + n:k + n + 6]
            if not any((t.i in agent_tokens or t.lower == "with") and t.sent == tok.sent and not (
                    t.i + 1 < len(toks) and toks[t.i + 1].text in ("'s", "\u2019s")) for t in window):
                return False  # "meet Cuba's domestic oil demand" is no meeting
        if entry.attend:
            window = toks[k + n:k + n + 10]
            if (nxt is not None and nxt.lower == "by") or not any(
                    t.lower in lx.ATTENDED_EVENTS and t.sent == tok.sent for t in window):
                return False
        if entry.words == ("deal",) and nxt is not None and nxt.text == "of":
            return False  # "a great deal of"
        if entry.needs_treaty:
            after = [t.lower for t in toks[k + n:k + n + 12] if t.sent == tok.sent]
            before = [t.lower for t in toks[max(0, k - 40):k] if tok.sent - 1 <= t.sent <= tok.sent]
            if entry.words[0] in lx.LEAVING_NOUNS:
                if prev is None or prev.lower not in ("the", "an") or not any(
                        w in lx.TREATY_WORDS for w in after[:6]):
                    return False
            elif not any(word in lx.TREATY_WORDS for word in after + before):
                return False
        if entry.needs_support:
            if nxt is not None and nxt.lower in lx.ENTRIES_BY_TYPE_WORDS[lx.AGREEMENT] | lx.TREATY_WORDS:
                return False  # "ceasefire agreement": the head noun is the trigger (4.2)
            before = [t.lower for t in toks[max(0, k - lx.OBJECT_WINDOW - 1):k] if t.sent == tok.sent]
            after = []
            for t in toks[k + n:k + n + 10]:  # the clause after it: "an agreement with Ukraine [...] made"
                if t.sent != tok.sent or t.text in _CLAUSE_BREAKS:
                    break
                after.append(t.lower)
            if not any(word in lx.SUPPORT_VERBS for word in before) and not any(
                    word in lx.CONCLUDED_AFTER for word in after) and "new" not in before[-3:]:
                return False
        if entry.type == lx.STATEMENT and entry.words[0] in lx.WEAK_STATEMENT_FORMS:
            near = range(max(0, k - 3), k)
            passive = nxt is not None and nxt.lower == "by"  # "accusations, denied by Moscow"
            if not passive and not any(_speaker_word(toks, m, agent_tokens) for m in near) and not (
                    prev is not None and prev.lower == "and" and _coordinated_speaker(toks, k, agent_tokens)) \
                    and not (entry.noun and prev is not None and prev.lower in _POSSESSORS) \
                    and not _supported_by_speaker(toks, k, agent_tokens) \
                    and not (prev is not None and prev.lower == "to" and _infinitive_speaker(toks, k, agent_tokens)) \
                    and not (tok.lower.endswith("ing") and not entry.noun and prev is not None and
                             prev.lower in _ADVERBIAL and _coordinated_speaker(toks, k, agent_tokens)):
                return False
        return True




def _speaker_word(toks: list[Tok], m: int, agent_tokens: set[int]) -> bool:
    """Token ``m`` can be a speaker: part of an agent mention, a personal pronoun or a role noun
    ("his liberal critics suggested", "officials confirmed")."""
    word = toks[m].lower
    return m in agent_tokens or word in lx.SPEAKER_PRONOUNS or word in lx.SPEAKER_NOUNS


def _supported_by_speaker(toks: list[Tok], k: int, agent_tokens: set[int]) -> bool:
    """"He made full-throated promises", "the FBI issued a statement": a support verb (guidelines 4.3)
    a few words before the form, right after a speaker."""
    for m in range(k - 1, max(-1, k - lx.OBJECT_WINDOW - 1), -1):
        if toks[m].sent != toks[k].sent or toks[m].text in _CLAUSE_BREAKS:
            return False
        if toks[m].lower in _SPEECH_SUPPORT:
            return m > 0 and _speaker_word(toks, m - 1, agent_tokens)
    return False


def _infinitive_speaker(toks: list[Tok], k: int, agent_tokens: set[int]) -> bool:
    """"the FBI's decision not to recommend charges", "officials plan to announce": an infinitive whose
    subject is a speaker earlier in its clause (a few words back, no clause break between)."""
    for m in range(k - 2, max(-1, k - 8), -1):
        if toks[m].sent != toks[k].sent or toks[m].text in _CLAUSE_BREAKS:
            return False
        if _speaker_word(toks, m, agent_tokens):
            return True
    return False


def _coordinated_speaker(toks: list[Tok], k: int, agent_tokens: set[int]) -> bool:
    """"Trump, who has questioned the need for the alliance and suggested that ...": a verb after
    "and" shares the subject of the clause it is coordinated with, when that subject is a speaker
    (within :data:`lexicon.COORDINATION_WINDOW` words of the same sentence, no ";" between)."""
    m = k - 2
    while m >= 0 and m >= k - lx.COORDINATION_WINDOW and toks[m].sent == toks[k].sent and toks[m].text != ";":
        if _speaker_word(toks, m, agent_tokens):
            return True
        m -= 1
    return False


def _governs(toks: list[Tok], verb: TriggerCandidate, noun: TriggerCandidate) -> bool:
    """True when ``noun`` is (likely) the object of ``verb``: close after it, in the same clause."""
    if verb.end > noun.first or toks[verb.first].sent != toks[noun.first].sent:
        return False
    between = toks[verb.end:noun.first]
    return len([t for t in between if t.text.isalnum()]) <= lx.OBJECT_WINDOW and not any(
        (t.text in _CLAUSE_BREAKS and t.text not in _QUOTES) or
        t.lower in ("and", "but", "while", "that", "which", "to") for t in between)


def _apply_support_verbs(toks: list[Tok], found: list[TriggerCandidate]) -> list[TriggerCandidate]:
    """"signed major agreements", "Moscow signed deals": the support verb is no trigger, its event noun is
    (guidelines 4.3); the noun is then asserted (specific, not generic)."""
    dropped: set[int] = set()
    for verb in found:
        if not verb.entry.support or verb.nominal:
            continue
        for noun in found:
            # "sign a loan agreement": signing a loan is the Loan event (guidelines 10.4)
            compatible = noun.type == verb.type or (verb.type == lx.AGREEMENT and noun.type == lx.LOAN)
            if noun.nominal and compatible and _governs(toks, verb, noun):
                dropped.add(id(verb))
                noun.supported = True
                noun.support_at = verb.first
                break
    for verb in found:  # "a treaty ratified by 196 nations": the participle after its noun supports it
        if not verb.entry.support or verb.nominal or id(verb) in dropped:
            continue
        noun = next((c for c in found if c.nominal and c.type == verb.type and c.end <= verb.first and
                     verb.first - c.end <= 1 and toks[c.first].sent == toks[verb.first].sent), None)
        if noun is not None and toks[verb.first].lower.endswith("ed"):
            dropped.add(id(verb))
            noun.supported = True
    for verb in found:  # "withdraw from the Paris climate accord": the accord is what is left, no event
        if verb.entry.needs_treaty and verb.verbal:
            for noun in found:
                if noun.nominal and noun.type == lx.AGREEMENT and not noun.entry.plural and noun.first > verb.first \
                        and _governs(toks, verb, noun):
                    dropped.add(id(noun))
                    break
    return [c for c in found if id(c) not in dropped]


def _drop_framing_nouns(toks: list[Tok], found: list[TriggerCandidate]) -> list[TriggerCandidate]:
    """"In a joint statement following talks [...], Díaz-Canel and Putin also called for": a statement
    noun that frames a speech verb of its sentence is no trigger of its own (guidelines 3.4)."""
    kept = []
    for cand in found:
        framed = cand.type == lx.STATEMENT and cand.nominal and (
            cand.first == 0 or toks[cand.first - 1].lower in ("a", "an", "joint", "the")) and any(
            t.lower in ("in", "at", "during") for t in toks[max(0, cand.first - 4):cand.first])
        if framed and any(other.type == lx.STATEMENT and other.verbal and toks[other.first].sent == toks[cand.first].sent
                          and (other.first > cand.first or cand.first - other.end <= 4) for other in found):
            continue  # "In a joint statement [...], they called for", "the lender said in a statement"
        kept.append(cand)
    return kept


def clause_words(toks: list[Tok], k: int, limit: int) -> list[str]:
    """Up to ``limit`` lowercased words before token ``k`` in its clause (nearest last)."""
    words: list[str] = []
    m = k - 1
    while m >= 0 and toks[m].sent == toks[k].sent and len(words) < limit:
        text = toks[m].text
        if text in _CLAUSE_BREAKS:
            break
        if _ALNUM.search(text) or text in ("'ll", "n't"):
            words.append(text.lower())
        m -= 1
    return list(reversed(words))
