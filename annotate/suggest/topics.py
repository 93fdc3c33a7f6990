"""TOPIC spans: the content of a statement, the purpose of a visit or loan, the subject of an agreement.

Spans follow the guidelines (7.3): a TOPIC starts at the first word of the content — the introducing
"to", "that", "on", "about", "for" and quotation marks are left out — and runs to the end of its
clause, stopping before a comma that opens a participial phrase (", citing"), before a non-restrictive
", which", and before "and" + another trigger of the sentence ("vowed to strengthen ties and called
for ..."). Returned spans are token index ranges ``[first, end)``; callers make exact spans of them.
"""

from __future__ import annotations

from .entities import Tok

_EDGE = {'"', "\u201c", "\u201d", "'", "\u2018", "\u2019", ",", ".", ";", ":", "(", ")", "-", "\u2014", "|"}
_QUOTE_OPEN = {'"', "\u201c"}
_QUOTE_CLOSE = {'"', "\u201d"}
_OBJECT_VERBS = frozenset("""said says stated announced announces warned warns warn criticized criticised
    criticizes denounced denounces condemned condemns stressed stresses highlighted confirmed reaffirmed
    reaffirms assail assailed expressed noted added declared claimed denied told tells called for calls for
    call for calling for shared share suggested suggest caution cautioned""".split())


def content_span(toks: list[Tok], first: int, *, trigger_starts: set[int] = frozenset()) -> tuple[int, int] | None:
    """The clause content that starts at token ``first`` (edge punctuation and quotes trimmed)."""
    if first >= len(toks):
        return None
    sent = toks[first].sent
    end = first
    while end < len(toks) and toks[end].sent == sent:
        tok = toks[end]
        if end > first and tok.text == "," and end + 1 < len(toks) and toks[end + 1].sent == sent:
            nxt = toks[end + 1].text.lower()
            after = toks[end + 2].text.lower() if end + 2 < len(toks) else ""
            if nxt == "which" or (nxt.endswith("ing") and nxt not in ("including", "during", "bring", "king")) or (
                    nxt in ("likely", "probably", "possibly") and after.endswith("ing")):
                break
        if end > first and tok.text.lower() == "and" and end + 1 < len(toks) and (end + 1) in trigger_starts:
            break
        if end > first and tok.text.lower() == "and" and end + 2 < len(toks) and (end + 2) in trigger_starts and \
                toks[end + 1].text.lower() in ("also", "then", "later"):
            break
        end += 1
    while first < end and toks[first].text in _EDGE:
        first += 1
    while end > first and toks[end - 1].text in _EDGE:
        end -= 1
    if end <= first:
        return None
    return first, end


def statement_topic(toks: list[Tok], trig_first: int, trig_end: int, skip_to: int,
                    trigger_starts: set[int]) -> tuple[int, int] | None:
    """The content of a verbal Statement: a that-clause, a to-infinitive, a quotation or the object.

    ``skip_to`` is the token after the trigger's Addressee, if it has one right after it.
    """
    sent = toks[trig_first].sent
    words = [t.text.lower() for t in toks[trig_first:trig_end]]
    trigger = " ".join(words)
    j = max(trig_end, skip_to)
    # a quotation before "..., Diaz-Canel said."
    if j < len(toks) and (toks[j].text == "." or toks[j].sent != sent) and trigger in ("said", "says", "added"):
        return _quotation_before(toks, trig_first)
    # look a few tokens ahead for "that" (past "at the forum", "on Friday")
    for k in range(j, min(j + 6, len(toks))):
        if toks[k].sent != sent:
            break
        if toks[k].text.lower() == "that":
            return content_span(toks, k + 1, trigger_starts=trigger_starts)
        if toks[k].text in (",", ";") or k in trigger_starts:
            break
    if j < len(toks) and toks[j].sent == sent and toks[j].text.lower() == "to":
        return content_span(toks, j + 1, trigger_starts=trigger_starts)
    if j < len(toks) and toks[j].sent == sent and toks[j].text in _QUOTE_OPEN:
        return content_span(toks, j + 1, trigger_starts=trigger_starts)
    if trigger in _OBJECT_VERBS and j < len(toks) and toks[j].sent == sent and toks[j].text not in _EDGE and \
            toks[j].text.lower() not in ("at", "in", "on", "during", "after", "before", "by", "with", "him", "her"):
        return content_span(toks, j, trigger_starts=trigger_starts)
    return None


def _quotation_before(toks: list[Tok], trig_first: int) -> tuple[int, int] | None:
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
    first, end = k + 1, close
    while first < end and toks[first].text in _EDGE:
        first += 1
    while end > first and toks[end - 1].text in _EDGE:
        end -= 1
    return (first, end) if end > first else None


def purpose_after(toks: list[Tok], trig_end: int, *, agent_tokens: set[int], place_tokens: set[int],
                  trigger_starts: set[int], allow_for: bool) -> tuple[int, int] | None:
    """The purpose of a visit or a loan: "to discuss ...", "was to discuss ...", "for the purchase of ...".

    Looks in the rest of the clause after the trigger, past places, agents and times.
    """
    if trig_end >= len(toks):
        return None
    sent = toks[trig_end].sent
    for k in range(trig_end, min(trig_end + 14, len(toks))):
        tok = toks[k]
        if tok.sent != sent or tok.text in (";", ".") or (k > trig_end and k in trigger_starts):
            return None
        nxt = toks[k + 1] if k + 1 < len(toks) and toks[k + 1].sent == sent else None
        if nxt is None:
            return None
        if tok.text.lower() == "to" and nxt.text[:1].islower() and (k + 1) not in place_tokens and \
                (k + 1) not in agent_tokens and nxt.text.lower() not in ("the", "a", "an", "its", "their", "his"):
            return content_span(toks, k + 1, trigger_starts=trigger_starts)
        if allow_for and tok.text.lower() == "for" and (k + 1) not in agent_tokens and (k + 2) not in agent_tokens \
                and nxt.text.lower() in ("the", "a", "an"):
            return content_span(toks, k + 1, trigger_starts=trigger_starts)
    return None


def agreement_topic(toks: list[Tok], trig_first: int, trig_end: int, *, trigger_starts: set[int],
                    premodifiers: frozenset[str], treaty_words: frozenset[str]) -> tuple[int, int] | None:
    """What an agreement is about: "agreements on transport, ...", "trade deals", "agreed to eliminate
    ...", or the treaty a party signs or leaves ("withdraw from the INF Treaty", "signed the INF")."""
    sent = toks[trig_first].sent
    j = trig_end
    if j < len(toks) and toks[j].sent == sent:
        word = toks[j].text.lower()
        if word in ("on", "about", "to") and j + 1 < len(toks) and toks[j + 1].sent == sent:
            nxt = toks[j + 1]
            if word == "to" and nxt.text.lower() in ("the", "a", "an"):
                return _treaty_name(toks, j + 1, treaty_words)  # "the end to a nuclear missiles treaty"
            return content_span(toks, j + 1, trigger_starts=trigger_starts)
        if word in ("from", "of"):
            return _treaty_name(toks, j + 1, treaty_words)
        if word == "the" and j + 1 < len(toks) and toks[j + 1].text[:1].isupper():
            return _treaty_name(toks, j, treaty_words)  # "signed the INF"
    if trig_first > 0 and toks[trig_first - 1].text.lower() in premodifiers and toks[trig_first - 1].sent == sent:
        return trig_first - 1, trig_first  # "trade deals", "a new arms deal"
    return None


def _treaty_name(toks: list[Tok], k: int, treaty_words: frozenset[str]) -> tuple[int, int] | None:
    if k >= len(toks):
        return None
    sent = toks[k].sent
    first = k
    if toks[first].text.lower() == "the" and first + 1 < len(toks) and toks[first + 1].text[:1].isupper():
        first += 1  # a name is annotated without its article
    end = first
    while end < len(toks) and toks[end].sent == sent and end - first < 12:
        word = toks[end].text
        if word.lower() in treaty_words and word.lower() not in ("deal", "deals"):
            end += 1
            if end + 2 < len(toks) and toks[end].text == "(" and toks[end + 2].text == ")":
                end += 3  # "Treaty (INF)"
            return first, end
        if word in (",", ";", ".", "that", "which", "and") or word.lower() in ("with", "along", "in"):
            break
        end += 1
    if end > first and all(t.text[:1].isupper() or t.text in ("-", "(", ")") for t in toks[first:end]):
        return first, end  # a bare name: "the INF"
    return None
