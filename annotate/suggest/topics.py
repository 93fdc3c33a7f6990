"""TOPIC spans: the content of a statement, the purpose of a visit or loan, the subject of an agreement.

Spans follow the guidelines (7.3): a TOPIC starts at the first word of the content — the introducing
"to", "that", "on", "about", "for" and quotation marks are left out — and runs to the end of its
clause, stopping before a comma that opens a participial phrase (", citing"), a non-restrictive
", which" / ", in which" clause or a subordinate clause (", while", ", and as"), before "and" + another
trigger of the sentence ("vowed to strengthen ties and called for ..."), before a colon, and at a
closing quotation mark whose opening one lies before the content. A bare object ("reaffirmed
bilateral relations, negotiated ...") also stops at its first comma. Returned spans are token index
ranges ``[first, end)``; callers make exact spans of them.
"""

from __future__ import annotations

from .entities import Tok

_EDGE = {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", ",", ".", ";", ":", "-", "\u2014", "|"}
_QUOTE_OPEN = {'"', "\u201c"}
_QUOTE_CLOSE = {'"', "\u201d"}
_SUBORDINATORS = {"while", "whereas", "although", "though", "because", "since", "when", "but", "as", "if",
                  "where", "who", "whom"}
_PARTICIPLE_OK = {"including", "during", "bring", "king", "according", "regarding", "concerning", "nothing",
                  "something", "anything", "everything", "building", "spring", "evening", "morning"}
#: Verbs whose Topic can be their bare object ("criticized the use of sanctions").
OBJECT_VERBS = frozenset({
    "said", "says", "stated", "announced", "announces", "warned", "warns", "warn", "criticized", "criticised",
    "criticizes", "denounced", "denounces", "condemned", "condemns", "stressed", "stresses", "highlighted",
    "confirmed", "reaffirmed", "reaffirms", "assail", "assailed", "expressed", "noted", "added", "declared",
    "claimed", "denied", "told", "tells", "called for", "calls for", "call for", "calling for", "shared",
    "share", "suggested", "suggest", "caution", "cautioned", "urged", "urges", "vowed", "invited",
})
#: Words before "to" that make it no purpose ("in addition to", "according to", "close to").
_NOT_PURPOSE_TO = {"addition", "according", "due", "next", "close", "up", "prior", "thanks", "owing", "relation",
                   "regard", "respect", "contrary"}


def content_span(toks: list[Tok], first: int, *, trigger_starts: set[int] = frozenset(),
                 bare_object: bool = False, purpose: bool = False) -> tuple[int, int] | None:
    """The clause content that starts at token ``first`` (edge punctuation and quotes trimmed)."""
    if first >= len(toks):
        return None
    sent = toks[first].sent
    end = first
    opened = 0
    while end < len(toks) and toks[end].sent == sent:
        tok = toks[end]
        word = tok.lower
        nxt = toks[end + 1].lower if end + 1 < len(toks) and toks[end + 1].sent == sent else ""
        after = toks[end + 2].lower if end + 2 < len(toks) and toks[end + 2].sent == sent else ""
        if tok.text in _QUOTE_OPEN and tok.text != '"' or (tok.text == '"' and opened == 0 and end == first):
            opened += 1
        elif tok.text in _QUOTE_CLOSE:
            if opened == 0 and end > first:
                break  # the content began inside a quotation that ends here
            opened = max(0, opened - 1)
        if end > first and tok.text == ":" and opened == 0:
            break
        if end > first and tok.text == ",":
            if (bare_object and (nxt.endswith("ed") or (nxt == "and" and after.endswith("ed")))) or \
                    nxt in ("which", "where", "who") or (nxt == "in" and after == "which") or \
                    (nxt in _SUBORDINATORS and not (nxt == "but" and after == "also")) or \
                    (nxt == "and" and after in _SUBORDINATORS) or \
                    (nxt.endswith("ing") and nxt not in _PARTICIPLE_OK) or \
                    (nxt in ("likely", "probably", "possibly", "perhaps") and after.endswith("ing")) or \
                    _reporting_clause(toks, end + 1, sent) or \
                    (nxt in ("a", "an") and any(t.lower in ("that", "which") and t.sent == sent
                                                for t in toks[end + 2:end + 5])):
                break  # ", the lender said", ", a move that ...": not part of the content
        if end > first and word == "and" and (end + 1 in trigger_starts or (
                nxt in ("also", "then", "later") and end + 2 in trigger_starts)):
            break
        if purpose and end > first and word == "as" and nxt == "part" and after == "of":
            break
        end += 1
    return _trim(toks, first, end)


_REPORTING = {"said", "says", "told", "added", "according", "noted", "stated", "reported"}


def _reporting_clause(toks: list[Tok], k: int, sent: int) -> bool:
    """", the lender said in a statement": a reporting clause after a comma (within four words)."""
    return any(t.lower in _REPORTING and t.sent == sent for t in toks[k:k + 4])


def _trim(toks: list[Tok], first: int, end: int) -> tuple[int, int] | None:
    while first < end and toks[first].text in _EDGE:
        first += 1
    while end > first and (toks[end - 1].text in _EDGE or (toks[end - 1].text == ")" and not any(
            t.text == "(" for t in toks[first:end - 1]))):
        end -= 1
    return (first, end) if end > first else None


def statement_topic(toks: list[Tok], trig_first: int, trig_end: int, skip_to: int,
                    trigger_starts: set[int]) -> tuple[int, int] | None:
    """The content of a verbal Statement: a that-clause, a to-infinitive, a quotation or the object.

    ``skip_to`` is the token after the trigger's Addressee, if it has one right after it.
    """
    sent = toks[trig_first].sent
    trigger = " ".join(t.lower for t in toks[trig_first:trig_end])
    j = max(trig_end, skip_to)
    # a quotation before "..., Diaz-Canel said."
    if (j >= len(toks) or toks[j].text == "." or toks[j].sent != sent) and trigger in ("said", "says", "added"):
        return quotation_before(toks, trig_first)
    # look a few tokens ahead for "that" (past "at the forum", "on Friday")
    for k in range(j, min(j + 6, len(toks))):
        if toks[k].sent != sent:
            break
        if toks[k].lower == "that":
            return content_span(toks, k + 1, trigger_starts=trigger_starts)
        if toks[k].text in (",", ";") or k in trigger_starts:
            break
    if j >= len(toks) or toks[j].sent != sent:
        return None
    if toks[j].lower == "to":
        return content_span(toks, j + 1, trigger_starts=trigger_starts)
    if toks[j].text in _QUOTE_OPEN:
        return content_span(toks, j, trigger_starts=trigger_starts)
    if trigger in OBJECT_VERBS and toks[j].text not in _EDGE and toks[j].lower not in (
            "at", "in", "on", "during", "after", "before", "by", "with", "him", "her", "them", "up", "as"):
        clause = trigger not in ("said", "says", "stated", "warned", "warns", "warn", "told", "added", "noted",
                                 "claimed", "declared", "caution", "cautioned", "announced", "announces")
        return content_span(toks, j, trigger_starts=trigger_starts, bare_object=clause)
    return None


def quotation_before(toks: list[Tok], trig_first: int) -> tuple[int, int] | None:
    """``“We also expressed ...," Diaz-Canel said.``: the quotation before the speaker and the verb."""
    k = trig_first - 1
    sent = toks[trig_first].sent
    while k >= 0 and toks[k].sent == sent and toks[k].text not in _QUOTE_CLOSE:
        if trig_first - k > 6:
            return None
        k -= 1
    if k < 0 or toks[k].text not in _QUOTE_CLOSE:
        return None
    close = k
    k -= 1
    while k >= 0 and toks[k].sent == sent and toks[k].text not in _QUOTE_OPEN:
        k -= 1
    if k < 0 or toks[k].text not in _QUOTE_OPEN:
        return None
    return _trim(toks, k + 1, close)


def purpose_after(toks: list[Tok], trig_end: int, *, agent_tokens: set[int], place_tokens: set[int],
                  trigger_starts: set[int], allow_for: bool) -> tuple[int, int] | None:
    """The purpose of a visit or a loan: "to discuss ...", "was to discuss ...", "for the purchase of ...",
    "the meeting covered ...".

    Looks in the rest of the clause after the trigger, past places, agents and times.
    """
    if trig_end >= len(toks):
        return None
    sent = toks[trig_end].sent
    for k in range(trig_end, min(trig_end + 14, len(toks))):
        tok = toks[k]
        if tok.sent != sent or tok.text in (";", ".", ":") or (k > trig_end and k in trigger_starts):
            return None
        nxt = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].sent == sent else None
        if nxt is None:
            return None
        word = tok.lower
        prev = toks[k - 1].lower if k else ""
        if word in ("covered", "covers") and k == trig_end:
            return content_span(toks, k + 1, trigger_starts=trigger_starts, purpose=True)
        if word == "about" and prev in ("all", "is", "are", "was", "were"):
            return content_span(toks, k + 1, trigger_starts=trigger_starts, purpose=True)
        if word == "to" and prev not in _NOT_PURPOSE_TO and nxt.text[:1].islower() and \
                (k + 1) not in place_tokens and (k + 1) not in agent_tokens and nxt.lower not in (
                "the", "a", "an", "its", "their", "his", "her", "whom", "which", "what", "be", "this", "that"):
            return content_span(toks, k + 1, trigger_starts=trigger_starts, purpose=True)
        if allow_for and word == "for" and (k + 1) not in agent_tokens and (k + 2) not in agent_tokens \
                and nxt.lower in ("the", "a", "an"):
            return content_span(toks, k + 1, trigger_starts=trigger_starts, purpose=True)
    return None


def agreement_topic(toks: list[Tok], trig_first: int, trig_end: int, *, trigger_starts: set[int],
                    premodifiers: frozenset[str], treaty_words: frozenset[str]) -> tuple[int, int] | None:
    """What an agreement is about: "agreements on transport, ...", "trade deals", "agreed to eliminate
    ...", or the treaty a party signs or leaves ("withdraw from the INF Treaty", "signed the INF")."""
    sent = toks[trig_first].sent
    j = trig_end
    if j < len(toks) and toks[j].sent == sent:
        word = toks[j].lower
        if word in ("on", "about", "to", "from", "of") and j + 1 < len(toks) and toks[j + 1].sent == sent:
            return content_span(toks, j + 1, trigger_starts=trigger_starts)
        if word == "the" and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            end = j + 1  # "signed the INF": the name, with its article
            while end < len(toks) and toks[end].sent == sent and (toks[end].text[:1].isupper() or toks[end].text in (
                    "-", "(", ")") or toks[end].lower in treaty_words):
                end += 1
            return _trim(toks, j, end)
    if trig_first > 0 and toks[trig_first - 1].lower in premodifiers and toks[trig_first - 1].sent == sent:
        return trig_first - 1, trig_first  # "trade deals", "a new arms deal"
    return None
