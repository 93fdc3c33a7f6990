"""The ``sentences`` configuration of the Hugging Face export: one row per sentence, built per document
as columns (:class:`SentenceBlock`) and turned into Arrow tables a batch at a time (:func:`sentence_table`).

The rows as dicts (:func:`sentence_rows`) are the same data one sentence at a time; the export writes the
columns (issue 13: a dict per token and Arrow's conversion of those dicts were a third of the export), and
``tests/test_hf_export_differential.py`` checks that both give the same Parquet bytes.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from schema import Document, MentionType, Polarity, Realis, Tense

from .hf_features import SentenceCounts, bio_tag_names, event_type_names, role_names

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa

    from ..nlp import TextAnalysis


def _token_span(analysis: "TextAnalysis", sent_first: int, first: int, last: int, text: str) -> dict[str, Any]:
    start, end = analysis.tokens[first][0], analysis.tokens[last - 1][1]
    return {"text": text[start:end], "start": first - sent_first, "end": last - sent_first,
            "char_start": start, "char_end": end}


def _trigger_order(item: tuple[tuple[int, int], Any]) -> tuple[int, int]:
    """Triggers by first token, the longer first (an event of ``by_sentence_events``)."""
    return item[0][0], -item[0][1]


@lru_cache(maxsize=1)
def _sentence_labels() -> tuple:
    """The ClassLabel ids of the ``sentences`` configuration, computed once (the schema does not change
    while a process runs). Enumerations are keyed by member: reading ``.value`` is slow on Python 3.11."""
    return ({name: i for i, name in enumerate(event_type_names())},
            {name: i for i, name in enumerate(role_names())},
            {name: i for i, name in enumerate(bio_tag_names())},
            {m: i for i, m in enumerate(Realis)}, {m: i for i, m in enumerate(Polarity)},
            {m: i for i, m in enumerate(Tense)}, {t: i for i, t in enumerate(MentionType)},
            event_type_names())


@dataclass(slots=True)
class SentenceBlock:
    """The ``sentences`` rows of one document as columns: per sentence (``index``, ``starts``, ``ends``,
    ``texts``, ``entity_mentions``, ``event_mentions``: lists of the rows' dicts) and per token, flat over
    the document (``tokens``, ``token_starts``, ``token_ends``, ``tags``), sentence ``i`` having the
    tokens ``token_bounds[i]:token_bounds[i + 1]``."""

    document_id: str
    index: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    token_bounds: list[int] = field(default_factory=lambda: [0])
    tokens: list[str] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)
    token_ends: list[int] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    entity_mentions: list[list[dict[str, Any]]] = field(default_factory=list)
    event_mentions: list[list[dict[str, Any]]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.index)

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts (the values ``datasets`` reads back)."""
        rows = []
        for i, index in enumerate(self.index):
            first, last = self.token_bounds[i], self.token_bounds[i + 1]
            rows.append({
                "document_id": self.document_id,
                "sentence_index": index,
                "start": self.starts[i],
                "end": self.ends[i],
                "text": self.texts[i],
                "tokens": self.tokens[first:last],
                "token_offsets": [{"start": s, "end": e}
                                  for s, e in zip(self.token_starts[first:last], self.token_ends[first:last])],
                "trigger_tags": self.tags[first:last],
                "entity_mentions": self.entity_mentions[i],
                "event_mentions": self.event_mentions[i],
            })
        return rows


def sentence_rows(document: Document, analysis: "TextAnalysis",
                  counts: SentenceCounts | None = None) -> list[dict[str, Any]]:
    """The ``sentences`` rows of one document (ClassLabel columns as ids): :func:`sentence_block` as dicts."""
    return sentence_block(document, analysis, counts).rows()


def sentence_block(document: Document, analysis: "TextAnalysis",
                   counts: SentenceCounts | None = None) -> SentenceBlock:
    """The ``sentences`` rows of one document (ClassLabel columns as ids), as a :class:`SentenceBlock`.

    Token offsets are relative to the sentence, end exclusive; ``char_start``/``char_end`` and
    ``token_offsets`` are code-point offsets into the document text. An event belongs to the sentence
    of its trigger's first token. Arguments whose mention lies outside that sentence, and the BIO tags
    of a trigger overlapping an earlier one, cannot be represented; they are counted in ``counts``
    (the ``documents`` configuration keeps them).
    """
    counts = counts if counts is not None else SentenceCounts()
    text = document.text
    event_ids, role_ids, tag_ids, realis, polarity, tense, mention_types, type_names = _sentence_labels()
    outside = tag_ids["O"]
    starts = analysis.token_starts

    def token_range(start: int, end: int) -> tuple[int, int] | None:  # TextAnalysis.token_range, O(log n)
        first = bisect.bisect_right(starts, start) - 1
        if first < 0 or analysis.tokens[first][1] <= start:
            first += 1
        last = bisect.bisect_left(starts, end) - 1
        if first >= len(starts) or last < first:
            return None
        return first, last + 1

    sentence_of_token: list[int] = [0] * len(analysis.tokens)
    for sentence in analysis.sentences:  # slice assignment: no Python loop over the tokens
        sentence_of_token[sentence.token_start:sentence.token_end] = \
            [sentence.index] * (sentence.token_end - sentence.token_start)

    mention_ranges: dict[str, tuple[int, int] | None] = {}
    by_sentence_mentions: dict[int, list[dict[str, Any]]] = {}
    for mention in document.mentions:
        rng = token_range(mention.start, mention.end)
        if rng is None or sentence_of_token[rng[0]] != sentence_of_token[rng[1] - 1]:
            counts.mentions_crossing_sentences += rng is not None
            mention_ranges[mention.id] = None
            continue
        mention_ranges[mention.id] = rng
        sentence = analysis.sentences[sentence_of_token[rng[0]]]
        by_sentence_mentions.setdefault(sentence.index, []).append({
            "id": mention.id, "type": mention_types[mention.type], "entity": mention.entity,
            **_token_span(analysis, sentence.token_start, rng[0], rng[1], text)})

    by_sentence_events: dict[int, list[tuple[tuple[int, int], dict[str, Any]]]] = {}
    for event in document.events:
        rng = token_range(event.trigger.start, event.trigger.end)
        if rng is None:  # a trigger on white space only; the validator reports it
            continue
        sentence = analysis.sentences[sentence_of_token[rng[0]]]
        if rng[1] > sentence.token_end:
            counts.triggers_crossing_sentences += 1
            rng = (rng[0], sentence.token_end)
        arguments = []
        for argument in event.arguments:
            arg_rng = mention_ranges.get(argument.mention)
            if (arg_rng is None or arg_rng[0] < sentence.token_start or arg_rng[1] > sentence.token_end
                    or argument.role not in role_ids):
                counts.arguments_outside_sentence += 1
                continue
            arguments.append({"mention_id": argument.mention, "role": role_ids[argument.role],
                              **_token_span(analysis, sentence.token_start, arg_rng[0], arg_rng[1], text)})
        attrs = event.attributes
        by_sentence_events.setdefault(sentence.index, []).append((rng, {
            "id": event.id,
            "event_type": event_ids[event.type],
            "trigger": _token_span(analysis, sentence.token_start, rng[0], rng[1], text),
            "arguments": arguments,
            "realis": realis[attrs.realis], "polarity": polarity[attrs.polarity],
            "tense": tense[attrs.tense], "coref": event.coref, "cluster": event.cluster,
        }))

    # BIO tags over the document's tokens; a trigger lies inside its sentence, so sentences do not interact
    tokens, sentences = analysis.tokens, analysis.sentences
    tags = [outside] * len(tokens)
    for events in by_sentence_events.values():
        for rng, event_row in sorted(events, key=_trigger_order):
            lo, hi = rng
            if any(tag != outside for tag in tags[lo:hi]):
                counts.overlapping_triggers += 1
                continue
            name = type_names[event_row["event_type"]]
            tags[lo] = tag_ids[f"B-{name}"]
            for i in range(lo + 1, hi):
                tags[i] = tag_ids[f"I-{name}"]
    no_events: list = []
    # the sentences of an analysis partition its tokens, in order: token_bounds index the flat lists
    return SentenceBlock(
        document.id,
        index=[sentence.index for sentence in sentences],
        starts=[sentence.start for sentence in sentences],
        ends=[sentence.end for sentence in sentences],
        texts=[text[sentence.start:sentence.end] for sentence in sentences],
        token_bounds=[0, *(sentence.token_end for sentence in sentences)],
        tokens=[text[s:e] for s, e in tokens],
        token_starts=analysis.token_starts,
        token_ends=analysis.token_ends,
        tags=tags,
        entity_mentions=[by_sentence_mentions.get(sentence.index, []) for sentence in sentences],
        event_mentions=[[row for _, row in by_sentence_events.get(sentence.index, no_events)] for sentence in sentences],
    )


def sentence_table(parts: list[tuple[SentenceBlock, int, int]], schema: "pa.Schema") -> "pa.Table":
    """The Arrow table of the sentences ``block[a:b]`` of each ``(block, a, b)`` of ``parts``, in order, built
    column by column (lists of tokens, offsets and tags from flat arrays and their list offsets): the table
    ``pa.Table.from_pylist`` makes of the same rows as dicts."""
    import pyarrow as pa

    ids: list[str] = []
    index: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    texts: list[str] = []
    offsets = [0]
    tokens: list[str] = []
    token_starts: list[int] = []
    token_ends: list[int] = []
    tags: list[int] = []
    entities: list[list] = []
    events: list[list] = []
    for block, a, b in parts:
        ids.extend([block.document_id] * (b - a))
        index.extend(block.index[a:b])
        starts.extend(block.starts[a:b])
        ends.extend(block.ends[a:b])
        texts.extend(block.texts[a:b])
        first, last = block.token_bounds[a], block.token_bounds[b]
        shift = offsets[-1] - first
        offsets.extend([bound + shift for bound in block.token_bounds[a + 1:b + 1]])
        tokens.extend(block.tokens[first:last])
        token_starts.extend(block.token_starts[first:last])
        token_ends.extend(block.token_ends[first:last])
        tags.extend(block.tags[first:last])
        entities.extend(block.entity_mentions[a:b])
        events.extend(block.event_mentions[a:b])

    def listed(name: str, values: "pa.Array") -> "pa.Array":
        return pa.ListArray.from_arrays(list_offsets, values, type=schema.field(name).type)

    list_offsets = pa.array(offsets, pa.int32())
    offset_type = schema.field("token_offsets").type.value_type
    columns = [
        pa.array(ids, schema.field("document_id").type),
        pa.array(index, schema.field("sentence_index").type),
        pa.array(starts, schema.field("start").type),
        pa.array(ends, schema.field("end").type),
        pa.array(texts, schema.field("text").type),
        listed("tokens", pa.array(tokens, schema.field("tokens").type.value_type)),
        listed("token_offsets", pa.StructArray.from_arrays(
            [pa.array(token_starts, offset_type.field("start").type), pa.array(token_ends, offset_type.field("end").type)],
            fields=list(offset_type))),
        listed("trigger_tags", pa.array(tags, schema.field("trigger_tags").type.value_type)),
        pa.array(entities, schema.field("entity_mentions").type),
        pa.array(events, schema.field("event_mentions").type),
    ]
    return pa.Table.from_arrays(columns, schema=schema)


__all__ = ["SentenceBlock", "sentence_block", "sentence_rows", "sentence_table"]
