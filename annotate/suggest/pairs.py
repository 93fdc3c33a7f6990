"""How the role classifier sees a (trigger, candidate mention) pair: one short marked-up text.

Shared by training (:mod:`annotate.train.run`) and prediction (:mod:`annotate.suggest.model`), so that
both present a pair in exactly the same way: the event type, the side and distance of the mention,
then the trigger's sentence with the trigger between ``[T]``/``[/T]`` and the mention between
``[TYPE]``/``[/A]`` (``[PER] Putin [/A] said``). A bag-of-n-grams text classifier reads the words
next to the markers.
"""

from __future__ import annotations

#: The label of a pair whose mention fills no role of the event.
NO_ROLE = "NONE"
#: Mention types the role classifier considers (TOPIC spans come from the rules' stop rules).
CANDIDATE_TYPES = frozenset("PER ORG GPE LOC FAC MONEY TIME".split())


def pair_text(text: str, sentence: tuple[int, int], event_type: str, trigger: tuple[int, int],
              mention: tuple[int, int], mention_type: str) -> str:
    """The marked-up text of one pair; spans are character offsets into ``text``."""
    start, end = min(sentence[0], trigger[0], mention[0]), max(sentence[1], trigger[1], mention[1])
    marks = [(trigger[0], 1, " [T] "), (trigger[1], 0, " [/T] "),
             (mention[0], 1, f" [{mention_type}] "), (mention[1], 0, " [/A] ")]
    marks.sort(key=lambda m: (m[0], m[1]))
    parts, at = [], start
    for offset, _kind, mark in marks:
        parts.append(text[at:offset])
        parts.append(mark)
        at = offset
    parts.append(text[at:end])
    side = "before" if mention[1] <= trigger[0] else "after" if mention[0] >= trigger[1] else "inside"
    gap = abs(mention[0] - trigger[0]) // 40
    return f"{event_type} {mention_type} {side} gap{min(gap, 5)} " + " ".join("".join(parts).split())
