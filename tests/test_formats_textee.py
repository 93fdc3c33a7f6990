"""TextEE export and import: files checked with TextEE's own scorer and statistics script, round trips,
cross-sentence arguments, non-ASCII text, foreign TextEE windows and bad input."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import sys
import types
from pathlib import Path

import pytest
from conftest import REPO, build_sample_document, run_annotate

from annotate.errors import DataError
from annotate.formats.hf import assign_splits, parse_split_spec
from annotate.formats.importing import ImportBlocked, ImportReport, write_imported
from annotate.formats.textee import export_textee, import_textee
from annotate.jsonl import read_documents
from annotate.nlp import analyze
from annotate.evaluate import score_files
from annotate.stats import corpus_stats
from annotate.validate import validate_paths

GOLD = REPO / "corpus" / "gold.jsonl"
INDEP = REPO / "corpus" / "annotations" / "indep"
TEXTEE = REPO / "tests" / "data" / "textee"
METRICS = {"trigger_id": "TI", "trigger_cls": "TC", "argument_id": "AI", "argument_cls": "AC",
           "argument_attached_id": "AI+", "argument_attached_cls": "AC+"}


def export_lib(out: Path, source: Path = GOLD, **options) -> dict:
    """``annotate export textee --json`` through the library (the CLI, a thin wrapper, is run where it is
    what is tested; this keeps the tests fast)."""
    return export_textee(out, input=source, **options).to_dict()


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, tuple[Path, dict]]:
    """The gold exported once per window mode: ``sentence`` (default splits) and ``document`` (train=1)."""
    root = tmp_path_factory.mktemp("textee")
    return {"sentence": (root / "s", export_lib(root / "s")),
            "document": (root / "d", export_lib(root / "d", window="document", split="train=1"))}


def import_lib(files: list[Path], out: Path, **options) -> ImportReport:
    report = ImportReport()
    write_imported(import_textee(files, report=report, **options), out, report=report)
    return report


def instances(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def gold_lines() -> dict[str, str]:
    return {json.loads(line)["id"]: line for line in GOLD.read_text(encoding="utf-8").splitlines()}


# -- export ----------------------------------------------------------------------------------------------

def test_export_writes_one_file_per_split_with_the_hf_splits_and_consistent_windows(exports):
    folder, summary = exports["sentence"]
    assert sorted(p.name for p in folder.iterdir()) == ["test.jsonl", "train.jsonl", "validation.jsonl"]
    documents = {d.id: d for d in read_documents(GOLD)}
    expected = assign_splits(documents, parse_split_spec("train=0.6,validation=0.2,test=0.2"), seed=0)
    values = set()
    for split in summary["splits"]:
        rows = instances(Path(split["file"]))
        assert {row["doc_id"] for row in rows} == {d for d, s in expected.items() if s == split["name"]}
        for row in rows:
            assert set(row) == {"doc_id", "wnd_id", "text", "lang", "tokens", "entity_mentions", "event_mentions",
                                "eventgold"}
            document, block = documents[row["doc_id"]], row["eventgold"]
            # tokens joined by the recorded spacing give the window's text, found at its offset
            assert "".join(t + s for t, s in zip(row["tokens"], block["spaces"])) == row["text"]
            assert document.text[block["offset"]:block["offset"] + len(row["text"])] == row["text"]
            starts, at = [], block["offset"]
            for token, space in zip(row["tokens"], block["spaces"]):
                starts.append(at)
                at += len(token) + len(space)
            by_id = {m.id: m for m in document.mentions}
            entities = {e["id"]: e for e in row["entity_mentions"]}
            for entity in row["entity_mentions"]:
                mention = by_id[entity["id"].rsplit("-", 1)[1]]
                assert entity["entity_type"] == mention.type.value
                values.add(entity["entity_type"])
                begin = starts[entity["start"]]
                end = starts[entity["end"] - 1] + len(row["tokens"][entity["end"] - 1])
                assert document.text[begin:end] == entity["text"]
                if "start" not in block["mentions"][entity["id"]]:  # on token boundaries: the exact span
                    assert (begin, end) == (mention.start, mention.end)
            for event in row["event_mentions"]:
                for argument in event["arguments"]:
                    entity = entities[argument["entity_id"]]  # every argument points at an entity of its window
                    assert (argument["start"], argument["end"], argument["text"]) == \
                        (entity["start"], entity["end"], entity["text"])
    assert {"TIME", "MONEY", "TOPIC"} <= values  # value mentions are entity mentions with their own types


def cross_sentence_arguments() -> tuple[int, int]:
    """(arguments whose filler lies in another sentence than the trigger's first token, all arguments)."""
    crossing = total = 0
    for document in read_documents(GOLD):
        analysis = analyze(document.text)
        by_id = document.mentions_by_id()
        for event in document.events:
            sentence = analysis.sentence_of(event.trigger.start)
            for argument in event.arguments:
                mention = by_id[argument.mention]
                total += 1
                crossing += not (sentence.start <= mention.start and mention.end <= sentence.end)
    return crossing, total


def test_cross_sentence_arguments_are_reported_and_kept_in_document_windows(tmp_path, exports):
    crossing, total = cross_sentence_arguments()
    assert crossing > 0
    result = run_annotate("export", "textee", str(tmp_path / "s"))
    assert result.returncode == 0
    assert f"note: {crossing} argument(s) whose filler is in another sentence" in result.stderr.decode()
    assert "train.jsonl" in result.stdout.decode()
    sentence = exports["sentence"][1]["total"]
    assert (sentence["arguments_cut"], sentence["arguments"]) == (crossing, total - crossing)
    folder, summary = exports["document"]
    document = summary["total"]
    assert (document["arguments_cut"], document["arguments"], document["instances"]) == (0, total, 5)
    written = sum(len(e["arguments"]) for p in folder.iterdir() for row in instances(p) for e in row["event_mentions"])
    assert written == total


@pytest.mark.parametrize("window", ["sentence", "document"])
def test_export_import_export_is_identical(tmp_path, exports, window):
    folder, summary = exports[window]
    files = sorted(folder.iterdir())
    back_file = tmp_path / "back.jsonl"
    if window == "sentence":  # the command, once
        result = run_annotate("import", "textee", *map(str, files), "--out", str(back_file))
        assert result.returncode == 0, result.stderr.decode()
        assert result.stdout.decode().startswith(f"wrote {back_file}: 5 document(s)")
    else:
        report = import_lib(files, back_file)
        assert not report.blocking and report.warning_counts == {}
    back = {json.loads(line)["id"]: line for line in back_file.read_text(encoding="utf-8").splitlines()}
    assert back == gold_lines()  # every corpus line byte for byte: ids, attributes, normalizations, cut arguments
    export_lib(tmp_path / "two", back_file, window=window, split="train=1" if window == "document" else None)
    for path in files:
        assert (tmp_path / "two" / path.name).read_bytes() == path.read_bytes()
    assert validate_paths([back_file]).ok


def test_non_ascii_text_round_trips_and_tokens_are_code_points(tmp_path):
    document = build_sample_document()  # an emoji (2 UTF-16 units), a no-break space, curly quotes
    source = tmp_path / "sample.jsonl"
    source.write_text(document.to_json() + "\n", encoding="utf-8")
    export_lib(tmp_path / "out", source, split="train=1", window="document")
    (row,) = instances(tmp_path / "out" / "train.jsonl")
    assert row["text"] == document.text and {"\U0001F1F7", "\U0001F1FA"} <= set(row["tokens"])
    money = next(e for e in row["entity_mentions"] if e["entity_type"] == "MONEY")
    assert money["text"] == "$50\u00a0million"
    assert row["tokens"][money["start"]:money["end"]] == ["$", "50", "million"]
    assert row["eventgold"]["spaces"][money["start"]:money["end"]] == ["", "\u00a0", " "]
    cuba = next(e for e in row["entity_mentions"] if e["text"] == "Cuba")  # after the emoji: code points count
    pieces = [t + s for t, s in zip(row["tokens"], row["eventgold"]["spaces"])]
    begin = len("".join(pieces[:cuba["start"]]))
    assert document.text.index("Cuba") == begin
    import_lib([tmp_path / "out" / "train.jsonl"], tmp_path / "b.jsonl")
    assert (tmp_path / "b.jsonl").read_text(encoding="utf-8") == document.to_json() + "\n"


def test_export_refuses_a_foreign_folder_and_a_failed_export_changes_nothing(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    result = run_annotate("export", "textee", str(foreign))
    assert result.returncode == 2 and b"not an earlier `annotate export textee` output" in result.stderr
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"]
    out = tmp_path / "out"
    export_lib(out, split="train=1")
    before = (out / "train.jsonl").read_bytes()
    broken = tmp_path / "broken.jsonl"
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    bad = json.loads(lines[1])
    bad["mentions"][0]["text"] = "not the text"
    broken.write_text(lines[0] + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    failed = run_annotate("export", "textee", str(out), "--input", str(broken), "--split", "train=1")
    assert failed.returncode == 1 and b"broken.jsonl:2" in failed.stderr
    assert sorted(p.name for p in out.iterdir()) == ["train.jsonl"] and (out / "train.jsonl").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".") and not p.name.endswith(".export.lock")] == []  # no staging folder left (the lock file stays beside, by design)


# -- TextEE's own code ----------------------------------------------------------------------------------

def _load(name: str):
    """A TextEE file loaded by path; ``ipdb`` (imported, never called) gets an empty stand-in module."""
    path = TEXTEE / name
    if not path.is_file():
        pytest.skip(f"TextEE's {name} is not in {TEXTEE} (see its README.md to restore it)")
    sys.modules.setdefault("ipdb", types.ModuleType("ipdb"))
    spec = importlib.util.spec_from_file_location(f"textee_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def e2e_instances(path: Path) -> list[dict]:
    """TextEE's ``load_E2E_data`` (TextEE/utils.py) without the model hooks: arguments take their
    offsets from the entity mention they name."""
    out = []
    for dt in instances(path):
        entity_map = {entity["id"]: entity for entity in dt["entity_mentions"]}
        events = []
        for mention in sorted(dt["event_mentions"], key=lambda x: x["trigger"]["start"]):
            trigger = (mention["trigger"]["start"], mention["trigger"]["end"], mention["event_type"],
                       mention["trigger"]["text"])
            arguments = sorted(((entity_map[a["entity_id"]]["start"], entity_map[a["entity_id"]]["end"], a["role"],
                                 a["text"]) for a in mention["arguments"]), key=lambda x: (x[0], x[1]))
            events.append({"trigger": trigger, "arguments": arguments})
        events.sort(key=lambda x: (x["trigger"][0], x["trigger"][1]))
        out.append({"doc_id": dt["doc_id"], "wnd_id": dt["wnd_id"], "tokens": dt["tokens"], "text": dt["text"],
                    "events": events})
    return out


@pytest.mark.parametrize("window", ["sentence", "document"])
def test_textee_scorer_gives_100_on_gold_against_itself(exports, window):
    scorer = _load("scorer.py")
    summary = exports[window][1]
    for split in summary["splits"]:
        data = e2e_instances(Path(split["file"]))
        scores = scorer.compute_scores(data, data, "E2E")
        assert set(scores) == set(METRICS)
        for name, figures in scores.items():
            assert figures["gold_num"] > 0, (split["name"], name)
            assert (figures["precision"], figures["recall"], figures["f1"]) == (100.0, 100.0, 100.0), (split, name)
        assert scores["trigger_cls"]["gold_num"] == split["events"]
        assert scores["argument_attached_cls"]["gold_num"] == split["arguments"]
        ed = scorer.compute_scores([{**d, "triggers": [e["trigger"] for e in d["events"]]} for d in data],
                                   [{**d, "triggers": [e["trigger"] for e in d["events"]]} for d in data], "ED")
        assert all(figures["f1"] == 100.0 for figures in ed.values())


def _without_last_optional_argument(event):
    """``event`` without its last argument that can go (a required role keeps its last filler)."""
    from schema import EVENT_TYPES

    cls = EVENT_TYPES[event.type]
    for index in range(len(event.arguments) - 1, -1, -1):
        role = event.arguments[index].role
        fillers = sum(1 for a in event.arguments if a.role == role)
        if fillers > cls.role(role).min:
            return event.model_copy(update={"arguments": event.arguments[:index] + event.arguments[index + 1:]})
    return event


def perturbed_predictions(path: Path) -> Path:
    """The gold with every third event dropped and an argument removed from every other event (a valid
    prediction: every reader, ``annotate score`` included, holds it to the validator's checks)."""
    lines = []
    for document in read_documents(GOLD):
        events = [e if n % 2 else _without_last_optional_argument(e)
                  for n, e in enumerate(document.events) if n % 3 != 2]
        lines.append(document.model_copy(update={"events": events}).to_json() + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_textee_scorer_agrees_with_annotate_score_on_predictions(tmp_path, exports):
    """Document windows: TextEE's scorer over two exports gives the counts `annotate score --tokens` gives."""
    scorer = _load("scorer.py")
    gold = exports["document"][0] / "train.jsonl"
    indep = tmp_path / "indep.jsonl"
    indep.write_text("".join(p.read_text(encoding="utf-8") for p in sorted(INDEP.glob("*.jsonl"))), encoding="utf-8")
    for name, pred in (("indep", indep), ("perturbed", perturbed_predictions(tmp_path / "perturbed.jsonl"))):
        # predictions need not satisfy the guidelines (level 5): no validation
        export_textee(tmp_path / name, input=pred, window="document", split="train=1", validate=False)
        ours = score_files(GOLD, pred, tokens=True).to_json()  # `annotate score --tokens --format json`
        theirs = scorer.compute_scores(e2e_instances(tmp_path / name / "train.jsonl"), e2e_instances(gold), "E2E")
        for metric, figures in theirs.items():
            mine = ours[METRICS[metric]]
            assert (figures["gold_num"], figures["pred_num"], figures["match_num"]) == \
                (mine["gold"], mine["pred"], mine["matched"]), (name, metric)
            assert figures["f1"] == pytest.approx(100 * mine["f1"])
    assert theirs["trigger_cls"]["f1"] < 100 and theirs["argument_cls"]["recall"] < 90  # the perturbed run


def textee_statistics(path: Path) -> dict[str, int]:
    script = _load("get_data_statistics.py")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        script.get_statistics(str(path))
    return {key.strip(): int(value) for key, value in (line.split(":") for line in printed.getvalue().splitlines())}


@pytest.mark.parametrize("window", ["sentence", "document"])
def test_textee_statistics_match_annotate_stats(tmp_path, exports, window):
    if window == "document":
        summary = exports["document"][1]
        figures = textee_statistics(exports["document"][0] / "train.jsonl")
    else:
        summary = export_lib(tmp_path / "out", split="train=1")
        figures = textee_statistics(tmp_path / "out" / "train.jsonl")
    stats = corpus_stats(GOLD).to_dict()["total"]  # `annotate stats --format json`
    roles = {role for by_role in stats["arguments_by_role"].values() for role, n in by_role.items() if n}
    analyses = [analyze(d.text) for d in read_documents(GOLD)]
    if window == "sentence":
        instances_expected = stats["sentences"]
        longest = max(s.token_end - s.token_start for a in analyses for s in a.sentences)
    else:
        instances_expected = stats["documents"]
        longest = max(len(a.tokens) for a in analyses)
    assert figures == {
        "# of Docs": stats["documents"],
        "# of Instances": instances_expected,
        "Max Length": longest,
        "# of Event Types": sum(1 for n in stats["events_by_type"].values() if n),
        "# of Events": stats["events"],
        "# of Role Types": len(roles),
        "# of Arguments": stats["arguments"] - summary["total"]["arguments_cut"],
    }
    assert (summary["total"]["arguments_cut"] == 0) == (window == "document")


# -- foreign TextEE files --------------------------------------------------------------------------------

#: TextEE's own example (data/README.md, the START_JOB instance) with a second window of the same
#: document first in the file, so that the import has to put the windows in wnd_id order.
FOREIGN = [
    {"doc_id": "DOC101", "wnd_id": "DOC101-10", "text": "He met Putin in Moscow.", "lang": "en",
     "tokens": ["He", "met", "Putin", "in", "Moscow", "."],
     "entity_mentions": [{"id": "DOC101-10-E0", "entity_type": "PER", "text": "He", "start": 0, "end": 1},
                         {"id": "DOC101-10-E1", "entity_type": "GPE", "text": "Moscow", "start": 4, "end": 5}],
     "event_mentions": [{"id": "DOC101-10-EV0", "event_type": "Contact:Meet",
                         "trigger": {"text": "met", "start": 1, "end": 2},
                         "arguments": [{"entity_id": "DOC101-10-E0", "role": "Entity", "text": "He", "start": 0,
                                        "end": 1},
                                       {"entity_id": "DOC101-10-E1", "role": "Place", "text": "Moscow", "start": 4,
                                        "end": 5}]}]},
    {"doc_id": "DOC101", "wnd_id": "DOC101-2", "text": "James will start his first job at Google in June.",
     "lang": "en", "tokens": ["James", "will", "start", "his", "first", "job", "at", "Google", "in", "June", "."],
     "entity_mentions": [{"id": "DOC101-2-E0", "entity_type": "PER", "text": "James", "start": 0, "end": 1},
                         {"id": "DOC101-2-E1", "entity_type": "ORG", "text": "Google", "start": 7, "end": 8},
                         {"id": "DOC101-2-E3", "entity_type": "TIME", "text": "June", "start": 9, "end": 10}],
     "event_mentions": [{"id": "DOC101-2-EV0", "event_type": "START_JOB",
                         "trigger": {"text": "start", "start": 2, "end": 3},
                         "arguments": [{"entity_id": "DOC101-2-E1", "role": "company", "text": "Google", "start": 7,
                                        "end": 8},
                                       {"entity_id": "DOC101-2-E3", "role": "time", "text": "June", "start": 9,
                                        "end": 10}]}]},
]


def write_windows(path: Path, windows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(w) + "\n" for w in windows), encoding="utf-8")
    return path


def test_foreign_textee_windows_import_in_wnd_id_order_with_the_label_mapping(tmp_path):
    source = write_windows(tmp_path / "dev.json", FOREIGN)
    out = tmp_path / "out.jsonl"
    blocked = run_annotate("import", "textee", str(source), "--out", str(out))
    assert blocked.returncode == 1 and not out.exists()
    stderr = blocked.stderr.decode()
    assert "unmapped span label 'START_JOB'" in stderr and "unmapped span label 'Contact:Meet'" in stderr
    result = run_annotate("import", "textee", str(source), "--out", str(out), "--map", "Contact:Meet=Visit",
                          "--map", "Visit:Entity=Visitor", "--map", "Visit:Place=Destination",
                          "--map", "START_JOB=-", "--map", "TIME=-", "--json")
    assert result.returncode == 0, result.stderr.decode()
    report = json.loads(result.stdout)
    assert report["warnings"]["text"] == 1  # windows joined by a line break, said so
    (document,) = read_documents(out)
    assert document.id == "DOC101"
    assert document.text == "James will start his first job at Google in June.\nHe met Putin in Moscow."
    assert [(m.type.value, m.text) for m in document.mentions] == [
        ("PER", "James"), ("ORG", "Google"), ("PER", "He"), ("GPE", "Moscow")]
    assert report["ignored"] == {"START_JOB": 1, "START_JOB (argument)": 2, "TIME": 1}
    for mention in document.mentions:
        assert document.text[mention.start:mention.end] == mention.text
    (event,) = document.events
    assert (event.type, event.trigger.text, event.trigger.start) == ("Visit", "met", len(FOREIGN[1]["text"]) + len("\nHe "))
    assert [(a.role, a.mention) for a in event.arguments] == [("Visitor", "M3"), ("Destination", "M4")]
    assert validate_paths([out]).ok


def test_foreign_problems_are_reported_and_nothing_is_written(tmp_path):
    windows = json.loads(json.dumps(FOREIGN))
    windows[0]["tokens"][2] = "Putín"  # not in the text
    windows[1]["event_mentions"][0]["event_type"] = "Visit"
    windows[1]["event_mentions"][0]["arguments"][0]["entity_id"] = "DOC101-2-E9"
    source = write_windows(tmp_path / "bad.jsonl", windows)
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n")
    result = run_annotate("import", "textee", str(source), "--out", str(out), "--map", "START_JOB=-",
                          "--map", "TIME=-", "--map", "Contact:Meet=Visit", "--map", "Visit:Entity=Visitor",
                          "--map", "Visit:Place=Destination")
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "window DOC101-10: token 2 'Putín' is not in the text" in stderr
    assert "points to entity 'DOC101-2-E9'" in stderr
    assert out.read_text() == "previous\n"
    broken = tmp_path / "broken.jsonl"
    broken.write_text(json.dumps(FOREIGN[0]) + "\n{\"wnd_id\": \"x\"}\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        import_lib([broken], out)
    assert str(error.value) == f"{broken}:2: doc_id: a TextEE instance needs a string 'doc_id'"


def test_an_argument_removed_by_hand_leaves_the_others_provenance_in_place(tmp_path):
    """Per-argument provenance is found by role and entity id, not by position: removing EV1's first
    Visitor (and its entity mention) leaves the chosen Destination's provenance on the Destination."""
    import formats_fixtures

    doc = formats_fixtures.seed_documents()[0]
    source = formats_fixtures.write_jsonl(tmp_path / "in.jsonl", [doc])
    export_lib(tmp_path / "out", source, split="train=1", window="document")
    path = tmp_path / "out" / "train.jsonl"
    rows = instances(path)
    visit = next(e for e in rows[0]["event_mentions"] if e["trigger"]["text"] == "arrived")
    first = visit["arguments"].pop(0)
    assert first["role"] == "Visitor" and first["text"] == "Miguel Díaz-Canel"
    rows[0]["entity_mentions"] = [m for m in rows[0]["entity_mentions"] if m["id"] != first["entity_id"]]
    write_windows(path, rows)
    out = tmp_path / "back.jsonl"
    report = import_lib([path], out)
    assert not report.blocking, report.lines()
    back = next(read_documents(out)).events[0]
    assert back.arguments == [a for a in doc.events[0].arguments if a.mention != "M1"]
    assert [a.provenance is not None for a in back.arguments] == [False, True, False]


def test_edited_export_takes_the_edit_and_drops_stale_extras(tmp_path):
    export_lib(tmp_path / "out", split="train=1", window="document")
    path = tmp_path / "out" / "train.jsonl"
    rows = instances(path)
    event = rows[0]["event_mentions"][0]
    removed = event["arguments"].pop()  # a researcher removes an argument
    write_windows(path, rows)
    out = tmp_path / "back.jsonl"
    # its filler now fills no argument, which the guidelines forbid in an adjudicated document (level 5):
    # the import says so and writes nothing; with --skip-unmapped the edit comes in, as a draft
    with pytest.raises(ImportBlocked):
        import_lib([path], out)
    assert not out.exists()
    report = ImportReport()
    write_imported(import_textee([path], report=report), out, report=report, skip_unmapped=True)
    assert [p.kind for p in report.problems] == ["orphan-mention"]
    first = next(read_documents(out))
    gold = next(read_documents(GOLD))
    assert first.annotation.status.value == "draft" and gold.annotation.status.value == "adjudicated"
    assert len(first.events[0].arguments) == len(gold.events[0].arguments) - 1
    assert removed["role"] in {a.role for a in gold.events[0].arguments}
    assert first.events[0].id == gold.events[0].id and first.events[0].attributes == gold.events[0].attributes
