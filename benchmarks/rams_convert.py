"""Convert a sample of RAMS 1.0 (news, CC BY-SA 4.0) into eventgold gold JSONL for the held-out benchmark.

    python -m benchmarks.rams_convert RAMS_DIR [--out benchmarks/data/rams] [--negatives 130]

``RAMS_DIR`` holds RAMS 1.0's ``dev.jsonlines`` and ``test.jsonlines`` (https://nlp.jhu.edu/rams/).
Each RAMS example is a five-sentence news window in which **one** event trigger is annotated with its
type and the closest span of each role. The mapping onto eventgold's types and roles is
``benchmarks/data/rams/mapping.tsv`` (read here; documented in that folder's README):

- a RAMS type mapped to an eventgold type gives a positive document: one gold event (the trigger, the
  mapped roles; RAMS roles without an eventgold counterpart are dropped);
- a RAMS type marked ``negative`` (travel by non-officials, aid, purchases, attacks ...) gives a
  document whose annotated trigger is **not** an event of ours: a suggestion there is a false positive;
- a type marked ``skip`` (private correspondence, meetings, lies, agreements in general) is left out,
  because whether it is one of ours depends on more than the type.

RAMS's ``dev.jsonlines`` becomes ``tune.jsonl`` (rules may be tuned on it) and ``test.jsonlines``
becomes ``heldout.jsonl`` (never looked at while writing rules). All positives of each file are kept,
and ``--negatives`` negatives per file are drawn with a fixed seed. ``positions.tsv`` records, per
document, the RAMS trigger span (character offsets), its RAMS type and the mapped type: the scorer uses
it because the rest of each window is not annotated (see :mod:`benchmarks.heldout`).

Text: RAMS tokens joined with spaces except before closing punctuation and clitics ("Trump 's" ->
"Trump's") and after opening brackets, "$" and opening quotes; every span is mapped through the token
offsets, so offsets are exact code points into the joined text.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

from annotate.jsonl import write_documents
from annotate.normalize import normalize_money
from schema import (
    EVENT_TYPES, AnnotationInfo, Argument, Attributes, Document, Mention, Source, Span, make_span,
)

HERE = Path(__file__).resolve().parent / "data" / "rams"
NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "”", "’", "n't", "...", "…"}
NO_SPACE_AFTER = {"(", "[", "{", "$", "“", "‘", "#", "£", "€"}
#: eventgold role -> mention type for a gold argument (RAMS has no entity types; the scorer compares
#: spans and roles only).
ROLE_TYPES = {"Speaker": "PER", "Addressee": "PER", "Party": "GPE", "Lender": "GPE", "Borrower": "GPE",
              "Visitor": "PER", "Host": "PER", "Place": "GPE", "Destination": "GPE", "Origin": "GPE",
              "Amount": "MONEY", "Topic": "TOPIC", "Purpose": "TOPIC", "Time": "TIME"}


def read_mapping(path: Path = HERE / "mapping.tsv") -> list[tuple[str, str, dict[str, str]]]:
    """(RAMS type prefix, eventgold type | negative | skip, RAMS role -> eventgold role) rows."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        prefix, target, roles, *_ = (line.split("\t") + ["", ""])[:4]
        pairs = dict(pair.split("=") for pair in roles.split(",") if "=" in pair)
        rows.append((prefix.strip(), target.strip(), pairs))
    return rows


def classify(rams_type: str, mapping) -> tuple[str, dict[str, str]] | None:
    """The mapping row of ``rams_type``: the longest matching prefix wins; None when unmapped."""
    best = None
    for prefix, target, roles in mapping:
        if rams_type == prefix or rams_type.startswith(prefix + ".") or (prefix.endswith(".") and rams_type.startswith(prefix)):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, target, roles)
    return None if best is None else (best[1], best[2])


def detokenize(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text and (start, end) character offsets of each token."""
    parts: list[str] = []
    offsets = []
    position = 0
    quote_open = False
    glue = True  # no space before the next token
    for token in tokens:
        before = not glue and not (token in NO_SPACE_BEFORE or token.startswith(("'", "’")) and len(token) <= 3)
        if token == '"':
            before = not glue and not quote_open
        if before:
            parts.append(" ")
            position += 1
        offsets.append((position, position + len(token)))
        parts.append(token)
        position += len(token)
        glue = token in NO_SPACE_AFTER or (token == '"' and not quote_open)
        if token == '"':
            quote_open = not quote_open
    return "".join(parts), offsets


def convert_example(example: dict, mapping) -> tuple[Document, dict] | None:
    """One RAMS example as (eventgold Document, position record), or None when its type is skipped."""
    start_token, end_token, labels = example["evt_triggers"][0]
    rams_type = labels[0][0]
    row = classify(rams_type, mapping)
    if row is None or row[0] == "skip":
        return None
    target, roles = row
    tokens = [t for sentence in example["sentences"] for t in sentence]
    text, offsets = detokenize(tokens)
    doc_id = "rams_" + example["doc_key"].removeprefix("nw_")[-16:] + f"_{start_token}"
    trig_start, trig_end = offsets[start_token][0], offsets[end_token][1]
    events, mentions = [], []
    if target in EVENT_TYPES:
        cls = EVENT_TYPES[target]
        arguments = []
        spans: dict[tuple[int, int, str], str] = {}
        for _trigger, (a, b), role_label in example["gold_evt_links"]:
            rams_role = role_label[len("evt000arg00"):] if role_label.startswith("evt") else role_label
            role = roles.get(rams_role)
            if role is None or cls.role(role) is None:
                continue
            kind = ROLE_TYPES[role]
            start, end = offsets[a][0], offsets[b][1]
            key = (start, end, kind)
            money = normalize_money(text[start:end]) if kind == "MONEY" else None
            if kind == "MONEY" and money is None:
                continue  # an amount the normalizer cannot read is left out rather than unnormalized
            if key not in spans:
                spans[key] = f"M{len(spans) + 1}"
                mentions.append(Mention(id=spans[key], type=kind, **make_span(text, start, end), money=money,
                                        entity=f"E{len(spans)}" if kind in ("PER", "GPE") else None))
            count = sum(1 for arg in arguments if arg.role == role)
            limit = cls.role(role).max
            if (limit is None or count < limit) and all(
                    not (arg.role == role and arg.mention == spans[key]) for arg in arguments):
                arguments.append(Argument(role=role, mention=spans[key]))
        used = {arg.mention for arg in arguments}
        mentions = [m for m in mentions if m.id in used]
        required = [r.name for r in cls.ROLES if r.required and not any(arg.role == r.name for arg in arguments)]
        # A required role RAMS leaves empty (no span in the window) would make the event invalid as a
        # specific one; it is written realis generic (which may leave roles empty) so that the file
        # validates. Attributes are not part of TI/TC/AI/AC.
        realis = "actual" if not required else "generic"
        events.append(cls(id="EV1", trigger=Span(**make_span(text, trig_start, trig_end)), arguments=arguments,
                          attributes=Attributes(realis=realis, polarity="positive", tense="past")))
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    document = Document(
        id=doc_id, text=text,
        source=Source(file_name=example["doc_key"], sha256=sha, url=example.get("source_url"),
                      title=f"RAMS 1.0 {example.get('split', '')} {example['doc_key']}"),
        annotation=AnnotationInfo(annotator="rams-1.0-mapped", status="adjudicated"),
        mentions=sorted(mentions, key=lambda m: (m.start, m.end)), events=events)
    position = {"id": doc_id, "start": trig_start, "end": trig_end, "rams_type": rams_type,
                "type": target if target in EVENT_TYPES else "-", "trigger": text[trig_start:trig_end]}
    return document, position


def convert_file(path: Path, mapping, *, negatives: int, seed: int) -> tuple[list[Document], list[dict]]:
    positives, negative_pool = [], []
    seen: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        converted = convert_example(json.loads(line), mapping)
        if converted is None or converted[0].id in seen:
            continue
        seen.add(converted[0].id)
        (positives if converted[0].events else negative_pool).append(converted)
    rng = random.Random(seed)
    chosen = positives + rng.sample(negative_pool, min(negatives, len(negative_pool)))
    chosen.sort(key=lambda item: item[0].id)
    return [d for d, _ in chosen], [p for _, p in chosen]


def main(argv: list[str]) -> None:
    if not argv:
        raise SystemExit(__doc__)
    rams = Path(argv[0])
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else HERE
    negatives = int(argv[argv.index("--negatives") + 1]) if "--negatives" in argv else 130
    mapping = read_mapping()
    out.mkdir(parents=True, exist_ok=True)
    with (out / "positions.tsv").open("w", encoding="utf-8") as table:
        table.write("part\tid\tstart\tend\trams_type\ttype\ttrigger\n")
        for part, name, seed in (("tune", "dev.jsonlines", 1), ("heldout", "test.jsonlines", 2)):
            documents, positions = convert_file(rams / name, mapping, negatives=negatives, seed=seed)
            write_documents(out / f"{part}.jsonl", documents)
            for p in positions:
                table.write(f"{part}\t{p['id']}\t{p['start']}\t{p['end']}\t{p['rams_type']}\t{p['type']}\t{p['trigger']}\n")
            counts: dict[str, int] = {}
            for p in positions:
                counts[p["type"]] = counts.get(p["type"], 0) + 1
            print(f"{part}: {len(documents)} documents; " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main(sys.argv[1:])
