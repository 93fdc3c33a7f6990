"""``annotate export hf``: the folder loads with the real ``datasets`` library offline, in a fresh
interpreter, with the declared features; the documents rows give back the corpus byte for byte; the
card's YAML parses; BIO tags agree with the triggers; splits are deterministic."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from annotate.corpus import sha256_text
from annotate.formats.hf import (
    assign_splits, bio_tag_names, document_features, documents_from_rows, parse_split_spec, role_names,
    rows_from_parquet, rows_to_jsonl, sentence_features, sentence_rows, split_sizes,
)
from annotate.nlp import analyze
from annotate.publish import read_front_matter
from schema import (
    EVENT_CLASSES, AnnotationInfo, Argument, Attributes, CreationTime, Document, Mention, MentionType, Source,
    Span, Statement, Visit, make_span,
)
from annotate.errors import UsageError

from conftest import REPO, SEEDS, build_sample_document, run_annotate

GOLD = REPO / "corpus" / "gold.jsonl"
TRIGGERS = {"visit": "Visit", "loan": "Loan", "signed": "Agreement", "said": "Statement"}


def seed_document(path: Path) -> Document:
    """A document made from a seed article: GPE mentions of Russia and Cuba, and an event at the first
    whole-word occurrence of each trigger word, with coreference between two visits when there are two."""
    text = path.read_bytes().decode("utf-8")
    mentions, events = [], []
    for name in ("Russia", "Cuba", "Moscow"):
        found = re.search(rf"\b{name}\b", text)
        if found:
            mentions.append(Mention(id=f"M{len(mentions) + 1}", type="GPE", entity=f"E-{name}",
                                    **make_span(text, found.start(), found.end())))
    by_name = {m.text: m.id for m in mentions}
    roles = {"Visit": [("Visitor", "Cuba"), ("Destination", "Moscow")],
             "Loan": [("Lender", "Russia"), ("Borrower", "Cuba")],
             "Agreement": [("Party", "Russia"), ("Party", "Cuba")], "Statement": [("Speaker", "Russia")]}
    from schema import EVENT_TYPES

    for word, type_name in TRIGGERS.items():
        hits = list(re.finditer(rf"\b{word}\b", text))
        for n, hit in enumerate(hits[:2] if type_name == "Visit" else hits[:1]):
            events.append(EVENT_TYPES[type_name](
                id=f"EV{len(events) + 1}", trigger=Span(**make_span(text, hit.start(), hit.end())),
                attributes=Attributes.default(),
                arguments=[Argument(role=role, mention=by_name[name]) for role, name in roles[type_name]
                           if name in by_name],
                coref="H-visit" if type_name == "Visit" and len(hits) > 1 else None,
                cluster="C-moscow-visit" if type_name == "Visit" and n == 0 else None))
    return Document(id=path.stem, text=text,
                    source=Source(file_name=path.name, sha256=sha256_text(text),
                                  dct=CreationTime(value="2018-11", method="inferred", note="test")),
                    annotation=AnnotationInfo(annotator="tester", status="complete"),
                    mentions=mentions, events=events)


def corpus_documents() -> list[Document]:
    docs = [build_sample_document()] + [seed_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    docs[1].annotation.created = __import__("datetime").datetime(2026, 11, 22, 10, 0, 0)
    return docs


def load_in_fresh_interpreter(folder: Path, cache: Path) -> dict:
    """Load both configurations with ``datasets`` in a new process, offline, and describe them."""
    script = textwrap.dedent(f"""
        import json, datasets
        out = {{}}
        for config in ("documents", "sentences"):
            ds = datasets.load_dataset({str(folder)!r}, config)
            out[config] = {{
                "splits": {{name: split.num_rows for name, split in ds.items()}},
                "features": {{name: split.features.to_dict() for name, split in ds.items()}},
                "rows": {{name: split.to_list() for name, split in ds.items()}},
            }}
        from annotate.formats.hf import rows_to_jsonl
        docs = ds = datasets.load_dataset({str(folder)!r}, "documents")
        out["jsonl"] = {{name: "".join(rows_to_jsonl(split, features=split.features)) for name, split in docs.items()}}
        print(json.dumps(out))
    """)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_DATASETS_CACHE": str(cache),
           "HF_HOME": str(cache / "home"), "HF_DATASETS_DISABLE_PROGRESS_BARS": "1"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=env, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("hf")
    source = root / "corpus.jsonl"
    source.write_text("".join(d.to_json() + "\n" for d in corpus_documents()), encoding="utf-8")
    out = root / "out"
    # run outside the repository, so that no guidelines.md is found beside a ./corpus folder
    done = run_annotate("export", "hf", str(out), "--input", str(source), "--seed", "3", cwd=root)
    assert done.returncode == 0, done.stderr.decode()
    return {"root": root, "source": source, "out": out, "stdout": done.stdout.decode(),
            "loaded": load_in_fresh_interpreter(out, root / "cache")}


def test_folder_layout_and_summary(exported: dict) -> None:
    out = exported["out"]
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == ["README.md", *[f"{c}/{s}-00000-of-00001.parquet" for c in ("documents", "sentences")
                                    for s in ("test", "train", "validation")]]
    assert "Exported 6 document(s)" in exported["stdout"]
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".out.export-")]  # staging removed


def test_loads_offline_with_declared_features_and_counts(exported: dict) -> None:
    loaded = exported["loaded"]
    docs, sents = loaded["documents"], loaded["sentences"]
    # 6 documents, 60/20/20 -> 4/1/1 by largest remainder (3.6, 1.2, 1.2)
    assert docs["splits"] == {"train": 4, "validation": 1, "test": 1}
    expected_sentences = {}
    by_split = {name: [row["id"] for row in rows] for name, rows in docs["rows"].items()}
    texts = {d.id: d.text for d in corpus_documents()}
    for name, ids in by_split.items():
        expected_sentences[name] = sum(len(analyze(texts[i]).sentences) for i in ids)
    assert sents["splits"] == expected_sentences
    features = docs["features"]["train"]
    assert features["events"]["feature"]["type"] == {"names": [c.__name__ for c in EVENT_CLASSES], "_type": "ClassLabel"}
    assert features["mentions"]["feature"]["type"]["names"] == [t.value for t in MentionType]
    assert features["events"]["feature"]["attributes"]["realis"]["names"] == ["actual", "generic", "other"]
    sfeatures = sents["features"]["train"]
    assert sfeatures["trigger_tags"]["feature"]["names"] == bio_tag_names()
    assert bio_tag_names()[:2] == ["B-Visit", "I-Visit"] and bio_tag_names()[-1] == "O"
    assert sfeatures["event_mentions"]["feature"]["arguments"]["feature"]["role"]["names"] == role_names()
    # what the library declares is what datasets loaded
    assert sfeatures == sentence_features().to_dict()
    assert features == document_features().to_dict()


def test_round_trip_to_jsonl_is_byte_identical(exported: dict) -> None:
    source_lines = exported["source"].read_text(encoding="utf-8").splitlines(keepends=True)
    # through datasets (ClassLabel ids decoded with the loaded features), split by split
    via_datasets = "".join(exported["loaded"]["jsonl"].values()).splitlines(keepends=True)
    assert sorted(via_datasets) == sorted(source_lines)
    # through pyarrow, file by file
    via_arrow = []
    for path in sorted((exported["out"] / "documents").glob("*.parquet")):
        via_arrow += list(rows_to_jsonl(rows_from_parquet(path)))
    assert sorted(via_arrow) == sorted(source_lines)


def test_single_split_export_reproduces_the_file_exactly(tmp_path: Path, sample_jsonl: Path) -> None:
    source = GOLD if GOLD.is_file() else sample_jsonl
    out = tmp_path / "all"
    done = run_annotate("export", "hf", str(out), "--input", str(source), "--split", "train=1", "-q")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""
    rebuilt = "".join(rows_to_jsonl(rows_from_parquet(out / "documents" / "train-00000-of-00001.parquet")))
    assert rebuilt.encode("utf-8") == source.read_bytes()


def test_gold_corpus_round_trip_when_present(tmp_path: Path) -> None:
    if not GOLD.is_file():
        pytest.skip("corpus/gold.jsonl is not written yet (the sample and seed documents are tested above)")
    out = tmp_path / "gold"
    documents = len(GOLD.read_bytes().splitlines())
    split = "train=0.6,validation=0.2,test=0.2" if documents >= 3 else "train=1"  # the gold is being written
    done = run_annotate("export", "hf", str(out), "--input", str(GOLD), "--split", split)
    assert done.returncode == 0, done.stderr.decode()
    lines = []
    for path in sorted((out / "documents").glob("*.parquet")):
        lines += list(rows_to_jsonl(rows_from_parquet(path)))
    assert sorted(lines) == sorted(GOLD.read_text(encoding="utf-8").splitlines(keepends=True))


def test_card_yaml_names_every_configuration(exported: dict) -> None:
    readme = exported["out"] / "README.md"
    text = readme.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == read_front_matter(readme)
    assert [c["config_name"] for c in meta["configs"]] == ["documents", "sentences"]
    assert meta["configs"][0]["default"] is True
    assert {f["split"] for f in meta["configs"][1]["data_files"]} == {"train", "validation", "test"}
    assert meta["license"] == "cc-by-4.0" and meta["language"] == ["en"]
    assert meta["size_categories"] == ["n<1K"] and "token-classification" in meta["task_categories"]
    assert meta["pretty_name"] and "event-extraction" in meta["tags"]
    info = {entry["config_name"]: entry for entry in meta["dataset_info"]}
    loaded = exported["loaded"]
    for config in ("documents", "sentences"):
        splits = {s["name"]: s["num_examples"] for s in info[config]["splits"]}
        assert splits == loaded[config]["splits"]
        assert all(s["num_bytes"] > 0 for s in info[config]["splits"])
        assert info[config]["download_size"] == sum(p.stat().st_size for p in (exported["out"] / config).glob("*.parquet"))
    from huggingface_hub import DatasetCard  # the Hub's own reader of cards (local file, no network)

    card = DatasetCard.load(readme)
    assert card.data.license == "cc-by-4.0" and card.data.pretty_name == meta["pretty_name"]
    assert [c["config_name"] for c in card.data.configs] == ["documents", "sentences"]
    for split, rows in loaded["documents"]["rows"].items():  # the card lists each split's documents
        assert f"- `{split}`: " + ", ".join(f"`{row['id']}`" for row in rows) in text
    # prose: generated schema tables, statistics, size warning, loading, scoring, license, citation
    for expected in ("| Visitor |", "## Statistics", "very small dataset: 6 documents", "load_dataset(",
                     "annotate score", "remain the property of their publishers", "@misc{eventgold",
                     "## Limitations and biases", "--split train=0.6,validation=0.2,test=0.2 --seed 3"):
        assert expected in text, expected


def test_bio_tags_and_offsets_agree_with_triggers(exported: dict) -> None:
    sents = exported["loaded"]["sentences"]
    names = bio_tag_names()
    role_list = role_names()
    texts = {d.id: d.text for d in corpus_documents()}
    documents = {d.id: d for d in corpus_documents()}
    events_seen = 0
    for rows in sents["rows"].values():
        for row in rows:
            text = texts[row["document_id"]]
            assert row["text"] == text[row["start"]:row["end"]]
            assert row["tokens"] == [text[o["start"]:o["end"]] for o in row["token_offsets"]]
            assert len(row["trigger_tags"]) == len(row["tokens"])
            tags = [names[i] for i in row["trigger_tags"]]
            b_tags = [i for i, t in enumerate(tags) if t.startswith("B-")]
            assert len(b_tags) == len({(e["trigger"]["start"], e["trigger"]["end"]) for e in row["event_mentions"]})
            for event in row["event_mentions"]:
                events_seen += 1
                type_name = [c.__name__ for c in EVENT_CLASSES][event["event_type"]]
                t = event["trigger"]
                assert tags[t["start"]] == f"B-{type_name}"
                assert all(tag == f"I-{type_name}" for tag in tags[t["start"] + 1:t["end"]])
                assert text[t["char_start"]:t["char_end"]] == t["text"]
                assert " ".join(row["tokens"][t["start"]:t["end"]]).replace(" ", "") == t["text"].replace(" ", "")
                gold = next(e for e in documents[row["document_id"]].events if e.id == event["id"])
                assert (gold.trigger.start, gold.trigger.end) == (t["char_start"], t["char_end"])
                for argument in event["arguments"]:
                    mention = documents[row["document_id"]].mention(argument["mention_id"])
                    assert role_list[argument["role"]] in {a.role for a in gold.arguments if a.mention == mention.id}
                    assert (argument["char_start"], argument["char_end"]) == (mention.start, mention.end)
                    assert row["token_offsets"][argument["start"]]["start"] == mention.start
                    assert row["token_offsets"][argument["end"] - 1]["end"] == mention.end
    assert events_seen == sum(len(d.events) for d in documents.values())


def test_non_ascii_offsets_are_code_points(exported: dict) -> None:
    rows = [r for split in exported["loaded"]["sentences"]["rows"].values() for r in split
            if r["document_id"] == "sample-1"]
    second = next(r for r in rows if r["sentence_index"] == 1)
    assert second["tokens"][:2] == ["\U0001F1F7", "\U0001F1FA"]  # one code point each, not UTF-16 halves
    money = next(m for m in second["entity_mentions"] if m["id"] == "M5")
    assert money["text"] == "$50\u00a0million" and money["char_end"] - money["char_start"] == 11


def test_sentence_view_counts_what_it_cannot_represent() -> None:
    text = "Putin said it. Díaz-Canel visited Moscow."
    mentions = [Mention(id="M1", type="PER", **make_span(text, 0, 5)),
                Mention(id="M2", type="PER", **make_span(text, 15, 25))]
    said = Span(**make_span(text, 6, 10))
    doc = Document(id="d", text=text, source=Source(file_name="d.txt", sha256=sha256_text(text)),
                   annotation=AnnotationInfo(annotator="t", status="draft"), mentions=mentions, events=[
                       Statement(id="EV1", trigger=said, attributes=Attributes.default(),
                                 arguments=[Argument(role="Speaker", mention="M1"),
                                            Argument(role="Topic", mention="M2")]),
                       Statement(id="EV2", trigger=said, attributes=Attributes.default()),
                       Visit(id="EV3", trigger=Span(**make_span(text, 26, 33)), attributes=Attributes.default(),
                             arguments=[Argument(role="Visitor", mention="M2")]),
                   ])
    from annotate.formats.hf_features import SentenceCounts

    counts = SentenceCounts()
    rows = sentence_rows(doc, analyze(text), counts)
    assert [len(r["event_mentions"]) for r in rows] == [2, 1]
    assert counts.overlapping_triggers == 1  # EV2 shares EV1's trigger: one B- tag
    assert counts.arguments_outside_sentence == 1  # M2 is in the next sentence
    first_args = rows[0]["event_mentions"][0]["arguments"]
    assert [(a["mention_id"], a["start"], a["end"]) for a in first_args] == [("M1", 0, 1)]
    names = bio_tag_names()
    assert [names[i] for i in rows[1]["trigger_tags"]] == ["O", "O", "O", "B-Visit", "O", "O"]


def test_features_follow_the_schema() -> None:
    from annotate.formats.hf_features import _union_struct
    from schema import EventBase, Role
    from typing import ClassVar, Literal

    class Protest(EventBase):  # a new event type: the features change with no other edit
        ROLES: ClassVar = (Role("Protester", (MentionType.PER,), "Who protests.", min=1, max=None),)
        type: Literal["Protest"] = "Protest"

    struct = _union_struct([*EVENT_CLASSES, Protest], "events")
    assert struct["type"].names == [c.__name__ for c in EVENT_CLASSES] + ["Protest"]
    features = document_features()
    assert set(features["events"].feature) == set(EVENT_CLASSES[0].model_fields)
    assert set(features["mentions"].feature) == set(Mention.model_fields)
    assert set(features) == set(Document.model_fields)
    assert len(bio_tag_names()) == 2 * len(EVENT_CLASSES) + 1


def test_splits_are_deterministic_and_sized() -> None:
    ids = [f"doc{i}" for i in range(5)]
    spec = parse_split_spec("train=0.6,validation=0.2,test=0.2")
    first = assign_splits(ids, spec, seed=0)
    assert first == assign_splits(list(reversed(ids)), spec, seed=0)
    assert sorted(first.values()).count("train") == 3 and list(first.values()).count("test") == 1
    assert any(assign_splits(ids, spec, seed=s) != first for s in range(1, 5))
    assert split_sizes(2, [("a", 0.9), ("b", 0.1)]) == [1, 1]
    assert split_sizes(10, [("a", 0.5), ("b", 0.5)]) == [5, 5]
    for bad in ("train=0.5,test=0.4", "train", "train=x", "a=0.5,a=0.5", "bad name=1"):
        with pytest.raises(UsageError):
            parse_split_spec(bad)
    with pytest.raises(UsageError):
        split_sizes(2, spec)


def test_cli_errors(tmp_path: Path, sample_jsonl: Path) -> None:
    bad_split = run_annotate("export", "hf", str(tmp_path / "o"), "--input", str(sample_jsonl), "--split", "a=0.5")
    assert bad_split.returncode == 2 and b"sum to 0.5" in bad_split.stderr
    too_few = run_annotate("export", "hf", str(tmp_path / "o"), "--input", str(sample_jsonl))
    assert too_few.returncode == 2 and b"cannot fill 3 splits" in too_few.stderr
    no_gold = run_annotate("export", "hf", str(tmp_path / "o"), "--corpus", str(tmp_path / "none"))
    assert no_gold.returncode == 2 and b"no such corpus file" in no_gold.stderr
    broken = tmp_path / "broken.jsonl"
    broken.write_text(sample_jsonl.read_text(encoding="utf-8").replace('"start":0', '"start":-1', 1), encoding="utf-8")
    invalid = run_annotate("export", "hf", str(tmp_path / "o"), "--input", str(broken), "--split", "train=1")
    assert invalid.returncode == 1 and b"broken.jsonl:1" in invalid.stderr
    twice = tmp_path / "twice.jsonl"
    twice.write_text(sample_jsonl.read_text(encoding="utf-8") * 2, encoding="utf-8")
    duplicate = run_annotate("export", "hf", str(tmp_path / "o"), "--input", str(twice), "--split", "train=1")
    assert duplicate.returncode == 1 and b"repeated" in duplicate.stderr
    for done in (bad_split, too_few, no_gold, invalid, duplicate):
        assert b"Traceback" not in done.stderr
    assert not (tmp_path / "o").exists()  # nothing half-written


def test_reexport_replaces_only_what_it_owns(tmp_path: Path, sample_jsonl: Path) -> None:
    out = tmp_path / "repo"  # a clone of a Hub repository: only hidden entries so far
    (out / ".git").mkdir(parents=True)
    (out / ".gitattributes").write_text("*.parquet filter=lfs\n", encoding="utf-8")
    first = run_annotate("export", "hf", str(out), "--input", str(sample_jsonl), "--split", "train=1", cwd=tmp_path)
    assert first.returncode == 0, first.stderr.decode()
    (out / "documents" / "old-00000-of-00001.parquet").write_bytes(b"stale")
    done = run_annotate("export", "hf", str(out), "--input", str(sample_jsonl), "--split", "train=1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert (out / ".gitattributes").read_text(encoding="utf-8") == "*.parquet filter=lfs\n"
    assert (out / ".git").is_dir()
    assert [p.name for p in (out / "documents").iterdir()] == ["train-00000-of-00001.parquet"]
    assert pq.read_metadata(out / "sentences" / "train-00000-of-00001.parquet").num_rows == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".repo.export-")]


def test_a_folder_the_export_did_not_write_is_refused(tmp_path: Path, sample_jsonl: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "README.md").write_text("# My project\n", encoding="utf-8")
    (project / "guidelines.md").write_text("# Mine\n", encoding="utf-8")
    done = run_annotate("export", "hf", str(project), "--input", str(sample_jsonl), "--split", "train=1")
    assert done.returncode == 2 and b"not an earlier `annotate export hf` output" in done.stderr
    assert (project / "README.md").read_text(encoding="utf-8") == "# My project\n"
    assert (project / "guidelines.md").read_text(encoding="utf-8") == "# Mine\n"
    assert sorted(p.name for p in project.iterdir()) == ["README.md", "guidelines.md"]


def test_class_label_names_survive_in_the_parquet_files_alone(exported: dict) -> None:
    from datasets import Features

    for config, features in (("documents", document_features()), ("sentences", sentence_features())):
        schema = pq.read_schema(exported["out"] / config / "train-00000-of-00001.parquet")
        assert Features.from_arrow_schema(schema) == features


def test_guidelines_are_copied_and_linked(tmp_path: Path) -> None:
    corpus = tmp_path / "project" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "gold.jsonl").write_text(build_sample_document().to_json() + "\n", encoding="utf-8")
    (corpus.parent / "guidelines.md").write_text("# Guidelines\n", encoding="utf-8")
    (corpus / "README.md").write_text("# How the gold was made\n\nBy hand.\n", encoding="utf-8")
    agreement = tmp_path / "agree.json"
    agreement.write_text(json.dumps({"trigger": {"f1": 0.8125}, "kappa": 0.7}), encoding="utf-8")
    out = tmp_path / "out"
    done = run_annotate("export", "hf", str(out), "--corpus", str(corpus), "--split", "train=1",
                        "--agreement", str(agreement))
    assert done.returncode == 0, done.stderr.decode()
    card = (out / "README.md").read_text(encoding="utf-8")
    assert (out / "guidelines.md").read_text(encoding="utf-8") == "# Guidelines\n"
    assert "[`guidelines.md`](guidelines.md)" in card
    assert "### How the gold was made" in card and "By hand." in card
    assert "| trigger.f1 | 0.812 |" in card and "| kappa | 0.700 |" in card


def test_documents_from_rows_accepts_names_or_ids(sample_document: Document) -> None:
    from annotate.formats.hf import document_to_row

    row = document_to_row(sample_document)
    assert row["events"][0]["type"] == 0 and row["mentions"][0]["type"] == 0
    named = json.loads(sample_document.model_dump_json())
    assert [d.to_json() for d in documents_from_rows([row, named])] == [sample_document.to_json()] * 2


def test_export_refuses_a_document_the_validator_rejects(tmp_path: Path) -> None:
    document = build_sample_document()
    document.events[1].arguments = [a for a in document.events[1].arguments if a.role != "Borrower"]
    source = tmp_path / "invalid.jsonl"
    source.write_text(document.to_json() + "\n", encoding="utf-8")
    done = run_annotate("export", "hf", str(tmp_path / "o"), "--input", str(source), "--split", "train=1")
    assert done.returncode == 1
    assert b"invalid.jsonl:1 [sample-1]" in done.stderr and b"missing-required-role" in done.stderr
    assert not (tmp_path / "o").exists()


def test_progress_bar_on_a_terminal(tmp_path: Path, sample_jsonl: Path) -> None:
    import pexpect

    child = pexpect.spawn(sys.executable, ["-m", "annotate", "export", "hf", str(tmp_path / "o"), "--input",
                                           str(sample_jsonl), "--split", "train=1"],
                          cwd=str(tmp_path), env={**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "100"},
                          encoding="utf-8", timeout=120)
    child.expect("exporting")  # rich progress on stderr, a terminal here
    child.expect("Exported 1 document")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    quiet = run_annotate("export", "hf", str(tmp_path / "p"), "--input", str(sample_jsonl), "--split", "train=1")
    assert b"exporting" not in quiet.stderr  # not a terminal, few documents: no bar


def test_agreement_report_of_annotate_agree_is_summarized(tmp_path: Path) -> None:
    from annotate.cli.export_hf import load_agreement

    report = {"sets": ["alice", "bob"], "event_type_alpha_all": 0.77, "partial_documents": {},
              "pairs": [{"a": "alice", "b": "bob",
                         "overall": {"trigger": {"f1": 0.8, "a": 10, "b": 12, "matched": 9},
                                     "attributes": {"realis": {"kappa": 0.61, "observed": 0.9, "events": 9}},
                                     "documents": 2},
                         "documents": {"d1": {"trigger": {"f1": 0.5}}}}]}
    path = tmp_path / "agree.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    assert load_agreement(path) == {"alice vs bob.trigger.f1": 0.8, "alice vs bob.attributes.realis.kappa": 0.61,
                                    "alice vs bob.attributes.realis.observed": 0.9, "event_type_alpha_all": 0.77}
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(Exception, match="expected a JSON object"):
        load_agreement(path)


def test_a_split_without_sentences_is_left_out_and_still_loads(tmp_path: Path) -> None:
    empty = Document(id="empty", text="", source=Source(file_name="e.txt", sha256=sha256_text("")),
                     annotation=AnnotationInfo(annotator="t", status="draft"))
    source = tmp_path / "e.jsonl"
    source.write_text(empty.to_json() + "\n" + build_sample_document().to_json() + "\n", encoding="utf-8")
    out = tmp_path / "out"
    # seed 0 puts "empty" alone in one split: it has a documents row but no sentence
    done = run_annotate("export", "hf", str(out), "--input", str(source), "--split", "a=0.5,b=0.5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    meta = read_front_matter(out / "README.md")
    files = {c["config_name"]: sorted(f["split"] for f in c["data_files"]) for c in meta["configs"]}
    empty_split = assign_splits(["empty", "sample-1"], parse_split_spec("a=0.5,b=0.5"))["empty"]
    other = {"a": "b", "b": "a"}[empty_split]
    assert files == {"documents": ["a", "b"], "sentences": [other]}
    assert not (out / "sentences" / f"{empty_split}-00000-of-00001.parquet").exists()
    assert f"`{empty_split}` of `sentences`" in (out / "README.md").read_text(encoding="utf-8")
    loaded = load_in_fresh_interpreter(out, tmp_path / "cache")
    assert loaded["sentences"]["splits"] == {other: 3}
    assert loaded["documents"]["splits"] == {"a": 1, "b": 1}


def test_a_split_named_all_is_refused_because_datasets_cannot_load_it(tmp_path: Path, sample_jsonl: Path) -> None:
    # `--split all=1` was the documented way to export one split, but datasets reserves "all":
    # load_dataset(OUT, "documents") then fails ("`all` is a special split keyword ...").
    out = tmp_path / "o"
    refused = run_annotate("export", "hf", str(out), "--input", str(sample_jsonl), "--split", "all=1")
    err = refused.stderr.decode()
    assert refused.returncode == 2, err
    assert "'all' is reserved by the datasets library" in err and "train=1" in err and not out.exists()
    done = run_annotate("export", "hf", str(out), "--input", str(sample_jsonl), "--split", "train=1", "-q")
    assert done.returncode == 0, done.stderr.decode()
    code = ("import datasets; d = datasets.load_dataset(%r, 'documents'); print(list(d), d['train'].num_rows)"
            % str(out))
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
                                 "HF_HOME": str(tmp_path / "hf-home")})
    assert loaded.returncode == 0, loaded.stderr.decode()[-500:]
    assert loaded.stdout.decode().split() == ["['train']", "1"]


def test_card_says_who_annotated(tmp_path):
    import yaml

    from annotate.errors import UsageError
    from annotate.formats.hf import export_hf
    from tests.conftest import build_sample_document

    source = tmp_path / "c.jsonl"
    source.write_text(build_sample_document().to_json() + "\n", encoding="utf-8")
    export_hf(tmp_path / "a", input=source, split="train=1")
    card = (tmp_path / "a" / "README.md").read_text(encoding="utf-8")
    assert yaml.safe_load(card.split("---")[1])["annotations_creators"] == ["expert-generated"]
    export_hf(tmp_path / "b", input=source, split="train=1", annotations_creators="machine-generated")
    card = (tmp_path / "b" / "README.md").read_text(encoding="utf-8")
    assert yaml.safe_load(card.split("---")[1])["annotations_creators"] == ["machine-generated"]
    import pytest

    with pytest.raises(UsageError, match="annotations_creators"):
        export_hf(tmp_path / "c", input=source, split="train=1", annotations_creators="robots")
