"""The dataset card (``README.md``) of a Hugging Face export: YAML front matter the Hub and
``datasets`` read (configurations, features, split sizes, license, ...) and prose generated from the
schema (:mod:`schema.describe`) and the corpus statistics (:mod:`annotate.stats`).
"""

from __future__ import annotations

import re
from typing import Any

from schema import EVENT_CLASSES, SCHEMA_VERSION
from schema.describe import attribute_table_markdown, event_types_markdown, mention_types_markdown, role_table_markdown

from .hf_features import CONFIGS, ExportResult, bio_tag_names, config_features, role_names

PRETTY_NAME = "eventgold: political events in news (Visit, Loan, Agreement, Statement)"
LICENSE = "cc-by-4.0"
TAGS = ["event-extraction", "information-extraction", "political-events", "news", "event-coreference",
        "timex3", "eventgold"]


def citation(year: int | None = None) -> str:
    """The BibTeX entry of the card (``year``: of the export, by default the current one)."""
    import datetime

    year = year or datetime.date.today().year
    return (
        "@misc{eventgold,\n"
        "  title        = {eventgold: a gold-standard corpus of political events in news articles},\n"
        "  author       = {{eventgold contributors}},\n"
        f"  year         = {{{year}}},\n"
        f"  howpublished = {{Hugging Face dataset, exported with eventgold (schema {SCHEMA_VERSION})}},\n"
        "  note         = {Annotations CC BY 4.0; article texts remain the property of their publishers}\n"
        "}"
    )


def size_category(n: int) -> str:
    """The Hub's ``size_categories`` value for ``n`` examples."""
    for bound, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M"), (10_000_000, "1M<n<10M"), (100_000_000, "10M<n<100M"),
                        (1_000_000_000, "100M<n<1B")):
        if n < bound:
            return name
    return "n>1T" if n >= 10**12 else "1B<n<10B"


def dump_yaml(data: Any) -> str:
    """``yaml.safe_dump`` of the card's metadata, through libyaml's emitter when PyYAML has it (the same text,
    tested; the pure-Python emitter was most of the card's cost)."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)


def front_matter(result: ExportResult) -> dict[str, Any]:
    """The card's YAML metadata as a dict."""
    configs, infos = [], []
    for config in CONFIGS:
        present = [s for s in result.splits if s.num_examples.get(config, 0) > 0]  # empty splits do not load
        if not present:
            continue
        entry: dict[str, Any] = {"config_name": config}
        if not configs:
            entry["default"] = True
        entry["data_files"] = [{"split": s.name, "path": f"{config}/{s.name}-*.parquet"} for s in present]
        configs.append(entry)
        splits = [{"name": s.name, "num_bytes": s.num_bytes.get(config, 0), "num_examples": s.num_examples.get(config, 0)}
                  for s in present]
        infos.append({
            "config_name": config,
            "features": config_features(config)._to_yaml_list(),
            "splits": splits,
            "download_size": sum(s.file_bytes.get(config, 0) for s in result.splits),
            "dataset_size": sum(item["num_bytes"] for item in splits),
        })
    return {
        "pretty_name": PRETTY_NAME,
        "license": LICENSE,
        "language": ["en"],
        "multilinguality": ["monolingual"],
        "task_categories": ["token-classification"],
        "size_categories": [size_category(result.documents)],
        "annotations_creators": [result.annotations_creators],
        "source_datasets": ["original"],
        "tags": TAGS,
        "configs": configs,
        "dataset_info": infos,
    }


#: Characters that Markdown or HTML would read as markup; escaped in text that comes from the data.
_MARKUP = re.compile(r"([\\`*_\[\]|~])")
_SAFE_NAME = re.compile(r"[A-Za-z0-9_.:\-]+")


def md_text(value: object) -> str:
    """``value`` as literal text in Markdown prose or a table cell: HTML special characters become
    entities, Markdown punctuation is backslash-escaped, and line breaks become spaces (a newline would
    end a table row or start a block). For strings from the data (publisher, agreement keys, annotator)."""
    text = " ".join(str(value).split())  # every run of white space, line breaks included, is one space
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _MARKUP.sub(r"\\\1", text)


def _code(value: str) -> str:
    """A name in a code span when it is a plain identifier, else as escaped text (a backtick in a name
    would end the code span early)."""
    return f"`{value}`" if _SAFE_NAME.fullmatch(value) else md_text(value)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else f"{part}/{whole}"


def _demote_headings(markdown: str, levels: int = 2) -> str:
    return re.sub(r"^(#+)", lambda m: m.group(1) + "#" * levels, markdown, flags=re.M)


def _size_warning(result: ExportResult) -> str:
    stats = result.stats
    split_docs = ", ".join(f"{s.name} {s.documents}" for s in result.splits)
    text = (f"**This is a {'very ' if stats.documents < 100 else ''}small dataset: {stats.documents} "
            f"document{'s' if stats.documents != 1 else ''}, {stats.sentences} sentences, "
            f"{stats.total_events} event mentions** (documents per split: {split_docs}).")
    if stats.documents < 100:
        text += (" It is a carefully annotated evaluation and few-shot resource, not a training set: a split "
                 "of a handful of documents gives scores whose confidence intervals are wide, several "
                 "event types or roles may be absent from a split, and results on it should be reported "
                 "with the exact split (seed) and compared only across systems evaluated on the same "
                 "documents. Cross-validation over documents, or `--split train=1` and evaluation on the "
                 "whole set, is usually the better use of so few documents.")
    return text


def _statistics(result: ExportResult) -> str:
    data = result.stats.to_dict()["total"]
    norm = data["normalization"]
    clusters = data["clusters"]
    parts = [_table(["", "count"], [
        ["documents", data["documents"]], ["characters", data["characters"]], ["sentences", data["sentences"]],
        ["tokens (spaCy)", data["tokens"]], ["entity and value mentions", data["mentions"]],
        ["entities (coreference groups of entity mentions)", data["entities"]],
        ["event mentions", data["events"]], ["filled argument roles", data["arguments"]],
        ["event hoppers (after within-document coreference)", data["hoppers"]],
        ["hoppers with several mentions", data["multi_mention_hoppers"]],
        ["corpus-wide event clusters", clusters["count"]],
        ["clusters reported by several documents", clusters["cross_document"]],
        ["TIME mentions normalized (TIMEX3)", _pct(norm["time"]["normalized"], norm["time"]["mentions"])],
        ["MONEY mentions normalized (ISO 4217)", _pct(norm["money"]["normalized"], norm["money"]["mentions"])],
    ])]
    parts += ["", "Mentions by type:", "",
              _table(["type", "mentions"], [[k, v] for k, v in data["mentions_by_type"].items()])]
    rows = []
    for type_name, roles in data["arguments_by_role"].items():
        role_text = ", ".join(f"{role} {n}" for role, n in roles.items())
        attrs = data["attributes_by_type"].get(type_name, {})
        attr_text = "; ".join(", ".join(f"{v} {n}" for v, n in values.items() if n) for values in attrs.values())
        rows.append([type_name, data["events_by_type"].get(type_name, 0), role_text, attr_text or "-"])
    parts += ["", "Events, filled roles and attributes by type:", "",
              _table(["event type", "mentions", "arguments per role", "realis; polarity; tense"], rows)]
    if clusters["documents_per_cluster"]:
        parts += ["", "Clusters (the same real-world event in several articles):", "",
                  _table(["cluster", "documents", "event mentions"],
                         [[cid, n, clusters["events_per_cluster"][cid]]
                          for cid, n in clusters["documents_per_cluster"].items()])]
    return "\n".join(parts)


def _splits(result: ExportResult) -> str:
    rows = [[s.name, f"{s.fraction:g}", s.documents, s.num_examples.get("documents", 0),
             s.num_examples.get("sentences", 0)] for s in result.splits]
    spec = ",".join(f"{s.name}={s.fraction:g}" for s in result.splits)
    empty = [f"`{s.name}` of `{config}`" for s in result.splits for config in ("documents", "sentences")
             if s.num_examples.get(config, 0) == 0]
    note = ([f"Left out because they have no rows (`datasets` cannot load an empty split): {', '.join(empty)}.", ""]
            if empty else [])
    return "\n".join([
        _table(["split", "fraction", "documents", "`documents` rows", "`sentences` rows"], rows),
        "",
        *note,
        "Splits are by document: all sentences of an article are in one split (the same real-world event "
        "may still be reported by articles in different splits; see Limitations). They are deterministic: documents are ordered by SHA-256 of "
        f"`\"{result.seed}\\x00\" + document id` (seed {result.seed}) and cut into consecutive runs whose "
        "sizes are the fractions rounded by largest remainder, every split getting at least one document. "
        "The order of the input file does not matter. Reproduce or change them with",
        "",
        "```bash",
        f"annotate export hf OUT_DIR --split {spec} --seed {result.seed}",
        "```",
        *_split_members(result),
    ])


#: Up to this many documents, the card lists the document ids of each split.
LIST_SPLIT_MEMBERS = 100


def _split_members(result: ExportResult) -> list[str]:
    if result.documents > LIST_SPLIT_MEMBERS:
        return []
    lines = ["", "Documents in each split:", ""]
    lines += [f"- `{s.name}`: " + ", ".join(f"`{doc_id}`" for doc_id in s.ids) for s in result.splits]
    return lines


def _provenance(result: ExportResult) -> str:
    data = result.stats.to_dict()["total"]["annotation"]
    status = ", ".join(f"{n} {name}" for name, n in data["status"].items())
    annotators = ", ".join(f"{_code(name)} ({n})" for name, n in data["annotators"].items())
    text = f"Annotation status of the documents: {status}; annotation sets: {annotators}."
    if result.validated:
        text += (" Every document passed the validator's content checks (exact offsets and span texts, "
                 "mention references, role fillers and cardinality, TIMEX3 and ISO 4217 values) when it "
                 "was exported; the export refuses a document with an error")
        text += (f", and {result.validation_warnings} warning(s) were reported." if result.validation_warnings
                 else ", and none had a warning.")
    else:
        text += " The export was made without validation (`validate=False`)."
    return text


def _selection(result: ExportResult) -> str:
    sources = result.stats.to_dict()["total"]["sources"]
    clusters = result.stats.to_dict()["total"]["clusters"]
    publishers = [name for name in sources["publishers"] if name != "unknown"]
    created = sources["creation_time"]
    text = f"- Selection: {result.stats.documents} English news article(s)"
    if publishers:
        text += f" from {len(publishers)} named publisher(s) ({', '.join(md_text(p) for p in publishers)})"
    if created["earliest"]:
        text += f", created between {created['earliest']} and {created['latest']}"
        inferred = created["methods"].get("inferred", 0)
        if inferred:
            text += f" ({inferred} creation time(s) inferred from the text, not stated)"
    text += (". Their topics, actors, outlets and viewpoints are not representative of news in general; "
             "models and figures from them do not transfer to other domains, periods or regions.")
    if clusters["cross_document"]:
        text += (f" {clusters['cross_document']} real-world event(s) are reported by several articles, so the "
                 "documents are not independent: the same event, actors and phrasing can appear in training "
                 "and evaluation splits.")
    return text


def _agreement(agreement: dict[str, Any] | None) -> str:
    if not agreement:
        return ("No inter-annotator agreement figures were available when this export was made (the gold "
                "has not been double-annotated at scale); `annotate agree` computes them from parallel "
                "annotation sets.")
    rows = []
    for name, value in agreement.items():
        if isinstance(value, float):
            value = f"{value:.3f}"
        rows.append([md_text(name), md_text(value)])  # keys and values come from a file (--agreement)
    return "Inter-annotator agreement measured on this corpus:\n\n" + _table(["measure", "value"], rows)


def _sentence_notes(result: ExportResult) -> str:
    c = result.sentence_counts
    return (
        "The `sentences` view is derived; the `documents` view is the gold. What the sentence view cannot "
        "represent, in this export: "
        f"{c.arguments_outside_sentence} argument(s) whose filler lies outside the trigger's sentence "
        "(left out of `event_mentions[].arguments`), "
        f"{c.overlapping_triggers} trigger(s) overlapping an earlier trigger (kept in `event_mentions`, "
        "but not in `trigger_tags`, where the earlier, longer trigger wins), "
        f"{c.triggers_crossing_sentences} trigger(s) crossing a sentence boundary (cut at the sentence end) "
        f"and {c.mentions_crossing_sentences} mention(s) crossing a sentence boundary (left out of "
        "`entity_mentions`).")


def _baselines(results: list[Any]) -> str:
    from .hf_results import results_markdown

    return results_markdown(results)


#: How a corpus README says that a model, not a person, annotated it ("The gold was annotated by an AI
#: model, Claude (Anthropic)" in corpus/README.md).
_MODEL_ANNOTATED = re.compile(r"\b(?:annotated|adjudicated|labell?ed)\s+by\s+(?:an?\s+)?(?:AI\s+|language\s+|"
                              r"machine\s+learning\s+)?model\b|\bmachine-generated\b", re.IGNORECASE)


def creators_from_readme(corpus_readme: str | None) -> str | None:
    """``machine-generated`` when the corpus's own README says a model annotated it, else None."""
    if corpus_readme and _MODEL_ANNOTATED.search(corpus_readme):
        return "machine-generated"
    return None


def dataset_card(result: ExportResult, *, agreement: dict[str, Any] | None = None,
                 corpus_readme: str | None = None, results: list[Any] | None = None) -> str:
    """The text of ``README.md`` for the export described by ``result``; ``results``, a list of
    :class:`annotate.formats.hf_results.BaselineResult`, fills the "Baseline results" table.

    The Hub metadata ``annotations_creators`` follows the corpus's own provenance: when it is the
    default (``expert-generated``) and the corpus README says a model annotated the gold, the card says
    ``machine-generated`` (its prose includes that README, and the two must agree).
    """
    import dataclasses

    derived = creators_from_readme(corpus_readme)
    if derived and result.annotations_creators == "expert-generated" and dataclasses.is_dataclass(result):
        result = dataclasses.replace(result, annotations_creators=derived)

    meta = dump_yaml(front_matter(result))
    types = ", ".join(cls.__name__ for cls in EVENT_CLASSES)
    guidelines = (f"[`{result.guidelines}`]({result.guidelines}) (included in this repository)"
                  if result.guidelines else "the annotation guidelines (`guidelines.md` of the eventgold project)")
    schema_parts = ["### Event types", "", event_types_markdown(), "", "### Mention types", "",
                    mention_types_markdown(), ""]
    for cls in EVENT_CLASSES:
        schema_parts += [f"### {cls.__name__} roles", "", role_table_markdown(cls), ""]
    schema_parts += ["### Event attributes", "", attribute_table_markdown()]
    first_split = result.splits[0].name
    sections = [
        "---", meta.rstrip("\n"), "---", "",
        f"# {PRETTY_NAME}", "",
        f"English news articles annotated with political events of four types ({types}): every event "
        "mention has a trigger, typed arguments linked to entity and value mentions, attributes (realis, "
        "polarity, tense), within-document event coreference (hoppers) and corpus-wide clusters of "
        "mentions of the same real-world event. Times are normalized to TIMEX3 values and amounts of "
        "money to ISO 4217 currencies. All offsets are Unicode code points into the exact source text, "
        "`[start, end)`, and every span stores its text.", "",
        _size_warning(result), "",
        "## Configurations", "",
        "- **`documents`** (default): one row per article, the gold record as nested columns: `id`, `text`, "
        "`source` (file name, SHA-256, title, publisher, creation time and how it was established), "
        "`annotation` (annotator, status), `mentions` (entity and value mentions with character offsets, "
        "entity ids, `time` and `money` normalizations) and `events` (type, `trigger` span, `arguments` "
        "as role + mention id, `attributes`, `coref` hopper, `cluster`, notes, provenance). It is "
        "lossless: `annotate.formats.hf.rows_to_jsonl(rows)` gives back the corpus JSONL line for line.",
        "- **`sentences`**: one row per sentence, the shape that OneIE, DEGREE and TextEE consume: "
        "`tokens` and their character `token_offsets` (into the document), `trigger_tags` (BIO "
        "`ClassLabel`), `entity_mentions` and `event_mentions` whose `start`/`end` are token offsets "
        "relative to the sentence (end exclusive), with `char_start`/`char_end` in the document, and "
        "event `arguments` with their `role` (`ClassLabel`) and the filler's token offsets. Sentences "
        "and tokens come from spaCy's rule-based English tokenizer and sentencizer (a line break always "
        "ends a sentence), as in `annotate.nlp`.", "",
        f"Label names: `trigger_tags` {', '.join(bio_tag_names())}; `role` {', '.join(role_names())}.", "",
        _sentence_notes(result), "",
        "## Splits", "", _splits(result), "",
        "## Schema", "",
        f"Generated from the eventgold schema (version {SCHEMA_VERSION}); `annotate schema` prints it.", "",
        *schema_parts, "",
        "## Statistics", "",
        "From `annotate stats` over the exported corpus (tokens and sentences from spaCy as above).", "",
        _statistics(result), "",
        "## How it was annotated", "",
        f"Annotators followed {guidelines}, in the spirit of ACE 2005 and Rich ERE: a trigger is the word "
        "that most clearly expresses the event; arguments are the entity or value mentions the sentence "
        "supports; attributes follow Rich ERE realis and ACE polarity and tense; times are normalized "
        "against each article's document creation time.", "",
        _provenance(result), "",
        _agreement(agreement), "",
        *(["### Notes from the corpus", "", _demote_headings(corpus_readme.strip()), ""] if corpus_readme else []),
        "## Limitations and biases", "",
        "- Size: see above; the corpus is far too small to train a general event extractor or to estimate "
        "per-type or per-role scores reliably, and some roles have no example at all.",
        _selection(result),
        "- Ontology: four event types; other political events (protests, conflict, elections, sanctions) "
        "are not annotated even where the texts mention them, so a model trained here will treat them as "
        "non-events.",
        "- Annotation: event annotation involves judgement (a meeting or a visit, a vow or an agreement, "
        "realis of planned events, which mention fills a role); the guidelines decide hard cases, but "
        "another annotator may decide some differently. Creation times of some articles are inferred from "
        "the text, and relative times are normalized against them.",
        "- Derived views: sentences and tokens come from a rule-based tokenizer; the `sentences` view drops "
        "what it cannot represent (counts above).",
        "- Texts: the articles remain the property of their publishers (see License).", "",
        "## How to load", "",
        "```python",
        "from datasets import load_dataset",
        "",
        'documents = load_dataset("PATH_OR_REPO_ID", "documents")',
        'sentences = load_dataset("PATH_OR_REPO_ID", "sentences")',
        f'tags = sentences["{first_split}"].features["trigger_tags"].feature.names',
        f'row = sentences["{first_split}"][0]',
        'print([(t, tags[i]) for t, i in zip(row["tokens"], row["trigger_tags"])])',
        "```", "",
        "Back to corpus JSONL (the format every `annotate` command reads):", "",
        "```python",
        "from annotate.formats.hf import rows_to_jsonl",
        "",
        f'split = documents["{first_split}"]',
        f'with open("{first_split}.jsonl", "w", encoding="utf-8") as out:',
        "    out.writelines(rows_to_jsonl(split, features=split.features))",
        "```", "",
        "## How to score a model", "",
        "Write predictions as corpus JSONL (one `schema.Document` per line, the same `id` and `text` as the "
        "gold, your `mentions` and `events`; `annotate validate` checks them), then:", "",
        "```bash",
        "annotate score test.jsonl predictions.jsonl            # character offsets",
        "annotate score test.jsonl predictions.jsonl --tokens   # spaCy token offsets within sentences",
        "annotate score test.jsonl predictions.jsonl --format json",
        "```", "",
        "It reports TextEE's metrics (micro precision, recall and F1 over sets of tuples): trigger "
        "identification (TI) and classification (TC), argument identification (AI) and classification "
        "(AC), and AI+/AC+ which also require the trigger; per event type; and the accuracy of time and "
        "money normalization on matched arguments.", "",
        *(["## Baseline results", "", _baselines(results), ""] if results else []),
        "## License", "",
        "The annotations (mentions, events, normalizations, clusters, the dataset card) are released under "
        "CC BY 4.0. The article texts are included for research on these annotations only; they remain the "
        "property of their publishers, whose terms apply to any other use.", "",
        "## Citation", "",
        "```bibtex", citation(), "```", "",
    ]
    return "\n".join(sections)
