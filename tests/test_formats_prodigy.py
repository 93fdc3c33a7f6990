"""Prodigy JSONL: task shape as Prodigy defines it, lossless round trip, db-out import with mapping."""

from __future__ import annotations

import json

from annotate.formats.importing import ImportReport
from annotate.formats.mapping import build_mapping
from annotate.formats.prodigy import document_to_sentence_tasks, document_to_task, export_prodigy, import_prodigy
from annotate.jsonl import read_documents
from annotate.validate.content import check_document
from conftest import REPO, SAMPLE_TEXT, run_annotate
from formats_fixtures import all_documents, emoji_document, make_corpus, seed_documents, write_jsonl
from schema import Document


def read_tasks(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_round_trip_is_lossless(tmp_path):
    documents = all_documents()
    out = tmp_path / "tasks.jsonl"
    summary = export_prodigy(documents, out)
    assert summary.tasks == len(documents)
    report = ImportReport()
    back = list(import_prodigy(out, report=report))
    assert report.lines() == []
    assert back == documents


def test_tasks_follow_prodigys_conventions(tmp_path):
    documents = all_documents()
    out = tmp_path / "tasks.jsonl"
    export_prodigy(documents, out)
    for doc, task in zip(documents, read_tasks(out)):
        assert task["text"] == doc.text and task["answer"] == "accept" and task["_view_id"] == "relations"
        assert task["meta"]["id"] == doc.id
        assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)
        tokens = task["tokens"]
        assert [t["id"] for t in tokens] == list(range(len(tokens)))
        for token in tokens:
            assert doc.text[token["start"]:token["end"]] == token["text"]
        # tokens and their trailing white space rebuild the text exactly
        assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == doc.text
        assert len(task["spans"]) == len(doc.mentions) + len(doc.events)
        for span in task["spans"]:
            assert tokens[span["token_start"]]["start"] == span["start"]  # token_start: first token
            assert tokens[span["token_end"]]["end"] == span["end"]  # token_end: last token, inclusive
        assert [s["label"] for s in task["spans"]] == [m.type.value for m in doc.mentions] + [e.type for e in doc.events]
        assert len(task["relations"]) == sum(len(e.arguments) for e in doc.events)
        for relation in task["relations"]:
            assert relation["head"] == relation["head_span"]["token_end"]
            assert relation["child"] == relation["child_span"]["token_end"]
            assert relation["head_span"] in task["spans"] and relation["child_span"] in task["spans"]
        roles = [r["label"] for r in task["relations"]]
        assert roles == [a.role for e in doc.events for a in e.arguments]


def test_hashes_are_stable_and_depend_on_content():
    doc = seed_documents()[2]
    first, _ = document_to_task(doc)
    again, _ = document_to_task(doc)
    assert (first["_input_hash"], first["_task_hash"]) == (again["_input_hash"], again["_task_hash"])
    fewer = doc.model_copy(update={"events": doc.events[:1]})
    changed, _ = document_to_task(fewer)
    assert changed["_input_hash"] == first["_input_hash"] and changed["_task_hash"] != first["_task_hash"]


def test_emoji_offsets_are_code_points():
    doc = emoji_document()
    task, misaligned = document_to_task(doc)
    assert misaligned == 0
    flag = next(s for s in task["spans"] if s["label"] == "GPE" and SAMPLE_TEXT[s["start"]:s["end"]] == "\U0001F1F7\U0001F1FA")
    after = next(s for s in task["spans"] if SAMPLE_TEXT[s["start"]:s["end"]] == "The Russian government")
    assert flag["end"] == flag["start"] + 2 and after["start"] == SAMPLE_TEXT.index("The Russian government")


def test_spans_edited_in_prodigy_keep_the_rest(tmp_path):
    """Removing a span (and its relation) in Prodigy must not shift ids or normalizations of the others."""
    doc = seed_documents()[0]
    task, _ = document_to_task(doc)
    removed = next(s for s in task["spans"] if s["label"] == "PER")  # M1 Miguel Díaz-Canel
    task["spans"] = [s for s in task["spans"] if s is not removed]
    path = tmp_path / "edited.jsonl"
    path.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    back = list(import_prodigy(path))[0]
    assert [m.id for m in back.mentions] == [m.id for m in doc.mentions[1:]]
    assert back.mentions == doc.mentions[1:]
    # M1's one argument (a Visitor of EV1) goes with it; every other argument is kept as it was
    without_m1 = [e.model_copy(update={"arguments": [a for a in e.arguments if a.mention != "M1"]})
                  for e in doc.events]
    assert back.events == without_m1 and without_m1 != doc.events


DB_OUT = [
    {"text": "Putin met Díaz-Canel 🇨🇺 in Moscow.", "meta": {"source": "wire-7"},
     "spans": [{"start": 0, "end": 5, "label": "PERSON", "token_start": 0, "token_end": 0},
               {"start": 6, "end": 9, "label": "MEETING", "token_start": 1, "token_end": 1},
               {"start": 10, "end": 20, "label": "PERSON", "token_start": 2, "token_end": 4},
               {"start": 27, "end": 33, "label": "CITY", "token_start": 8, "token_end": 8}],
     "relations": [
         {"head": 1, "child": 4, "label": "visitor",
          "head_span": {"start": 6, "end": 9, "token_start": 1, "token_end": 1, "label": "MEETING"},
          "child_span": {"start": 10, "end": 20, "token_start": 2, "token_end": 4, "label": "PERSON"}},
         {"head": 0, "child": 1, "label": "host",  # drawn from the argument to the trigger
          "head_span": {"start": 0, "end": 5, "token_start": 0, "token_end": 0, "label": "PERSON"},
          "child_span": {"start": 6, "end": 9, "token_start": 1, "token_end": 1, "label": "MEETING"}},
         {"head": 1, "child": 8, "label": "where",
          "head_span": {"start": 6, "end": 9, "token_start": 1, "token_end": 1, "label": "MEETING"},
          "child_span": {"start": 27, "end": 33, "token_start": 8, "token_end": 8, "label": "CITY"}}],
     "answer": "accept", "_input_hash": 11, "_task_hash": 12, "_session_id": "events-alice", "_view_id": "relations"},
    {"text": "A rejected task.", "spans": [], "answer": "reject", "_input_hash": 21, "_task_hash": 22},
    {"text": "An ignored task.", "spans": [], "answer": "ignore", "_input_hash": 31, "_task_hash": 32},
]
DB_MAP = ["PERSON=PER", "CITY=GPE", "MEETING=Visit", "visitor=Visitor", "host=Host", "where=Destination"]


def with_tokens(task):
    from annotate.nlp import spacy_doc

    return {**task, "tokens": [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
                                "ws": bool(t.whitespace_)} for t in spacy_doc(task["text"])]}


def test_offsets_that_disagree_with_tokens_are_reported(tmp_path):
    """Offsets counted in UTF-16 (one more after the emoji) land outside the tokens they name."""
    task = with_tokens(DB_OUT[0])
    task["spans"] = [*task["spans"][:3], {"start": 28, "end": 34, "label": "CITY", "token_start": 8, "token_end": 8}]
    task["relations"] = task["relations"][:2]
    path = tmp_path / "shifted.jsonl"
    path.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    report = ImportReport()
    (doc,) = import_prodigy(path, report=report, mapping=build_mapping(options=DB_MAP))
    assert [m.text for m in doc.mentions] == ["Putin", "Díaz-Canel"]
    assert [p.kind for p in report.problems] == ["offsets"] and "another unit" in report.problems[0].message


def write_db_out(path):
    path.write_text("".join(json.dumps(with_tokens(t), ensure_ascii=False) + "\n" for t in DB_OUT), encoding="utf-8")
    return path


def test_db_out_with_mapping(tmp_path):
    path = write_db_out(tmp_path / "db.jsonl")
    report = ImportReport()
    docs = list(import_prodigy(path, report=report, mapping=build_mapping(options=DB_MAP)))
    assert len(docs) == 1
    doc = docs[0]
    assert [(m.type.value, m.text) for m in doc.mentions] == [("PER", "Putin"), ("PER", "Díaz-Canel"),
                                                              ("GPE", "Moscow")]
    (visit,) = doc.events
    assert visit.trigger.text == "met"
    by_id = doc.mentions_by_id()
    assert [(a.role, by_id[a.mention].text) for a in visit.arguments] == [
        ("Visitor", "Díaz-Canel"), ("Host", "Putin"), ("Destination", "Moscow")]
    assert report.warning_counts == {"skipped": 2, "direction": 1, "attributes": 1}
    assert not report.blocking
    assert doc.id == "prodigy-11" and doc.source.file_name == "wire-7" and doc.annotation.annotator == "prodigy" and doc.annotation.status.value == "draft"
    assert [i for i in check_document(doc) if i.severity == "error"] == []


def test_db_out_without_mapping_reports_labels(tmp_path):
    path = write_db_out(tmp_path / "db.jsonl")
    out = tmp_path / "out.jsonl"
    result = run_annotate("import", "prodigy", str(path), "--out", str(out))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "unmapped span label 'PERSON': 2 time(s)" in err and "unmapped span label 'MEETING'" in err
    assert not out.exists()
    mapped = run_annotate("import", "prodigy", str(path), "--out", str(out), *[f"--map={m}" for m in DB_MAP],
                          "--annotator", "alice", "--json")
    assert mapped.returncode == 0, mapped.stderr
    summary = json.loads(mapped.stdout)
    assert summary["documents"] == 1 and summary["warnings"]["skipped"] == 2
    (doc,) = read_documents(out)
    assert doc.annotation.annotator == "alice"


def test_known_text_gets_registry_id(tmp_path):
    seed = seed_documents()[2]
    corpus = make_corpus(tmp_path / "corpus", [seed])
    task = {"text": seed.text, "spans": [], "answer": "accept"}
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    (doc,) = import_prodigy(path, corpus=corpus)
    assert doc.id == seed.id and doc.source == seed.source


def test_cli_export_and_import(tmp_path):
    documents = all_documents()
    source = write_jsonl(tmp_path / "gold.jsonl", documents)
    out = tmp_path / "tasks.jsonl"
    exported = run_annotate("export", "prodigy", str(out), "--input", str(source))
    assert exported.returncode == 0, exported.stderr
    assert f"{len(documents)} task(s)" in exported.stdout.decode()
    back = tmp_path / "back.jsonl"
    imported = run_annotate("import", "prodigy", str(out), "--out", str(back))
    assert imported.returncode == 0, imported.stderr
    assert list(read_documents(back)) == documents


def test_bad_input_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "x", "answer": "accept"}\n{not json\n', encoding="utf-8")
    result = run_annotate("import", "prodigy", str(path), "--out", str(tmp_path / "o.jsonl"))
    assert result.returncode == 1 and f"{path}:2" in result.stderr.decode()
    assert "Traceback" not in result.stderr.decode()
    missing = run_annotate("import", "prodigy", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl"))
    assert missing.returncode == 2


def test_session_filter_for_multi_annotator_db_out(tmp_path):
    alice = with_tokens({**DB_OUT[0], "_session_id": "events-alice"})
    bob = with_tokens({**DB_OUT[0], "_session_id": "events-bob", "spans": DB_OUT[0]["spans"][:2], "relations": []})
    path = tmp_path / "db.jsonl"
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in (alice, bob)), encoding="utf-8")
    report = ImportReport()
    both = list(import_prodigy(path, report=report, mapping=build_mapping(options=DB_MAP)))
    assert [d.id for d in both] == ["prodigy-11", "prodigy-11-2"] and report.warning_counts["duplicate-id"] == 1
    out = tmp_path / "bob.jsonl"
    result = run_annotate("import", "prodigy", str(path), "--out", str(out), "--session", "bob",
                          *[f"--map={m}" for m in DB_MAP])
    # bob drew no relations: his event lacks its required role, which the validator refuses
    assert result.returncode == 1 and "missing-required-role" in result.stderr.decode() and not out.exists()
    result = run_annotate("import", "prodigy", str(path), "--out", str(out), "--session", "bob",
                          *[f"--map={m}" for m in DB_MAP], "--skip-unmapped")
    assert result.returncode == 0, result.stderr
    (doc,) = read_documents(out)
    assert doc.annotation.annotator == "bob" and len(doc.mentions) == 1 and doc.events == []


def test_sentence_tasks_round_trip_and_keep_what_crosses_sentences(tmp_path):
    documents = all_documents()
    out = tmp_path / "sentences.jsonl"
    summary = export_prodigy(documents, out, unit="sentence")
    tasks = read_tasks(out)
    assert summary.tasks == len(tasks) > len(documents) and summary.cut > 0
    for task in tasks:
        offset = task["eventgold"]["offset"]
        doc = next(d for d in documents if d.id == task["meta"]["id"])
        assert doc.text[offset:offset + len(task["text"])] == task["text"]
        assert "\n" not in task["text"]  # a line break always ends a sentence (annotate.nlp)
        for span in task["spans"]:
            assert task["tokens"][span["token_start"]]["start"] == span["start"]
            assert task["tokens"][span["token_end"]]["end"] == span["end"]
        for relation in task["relations"]:
            assert relation["head_span"] in task["spans"] and relation["child_span"] in task["spans"]
    report = ImportReport()
    assert list(import_prodigy(out, report=report)) == documents
    assert report.lines() == []
    # tasks may come back in any order (db-out follows annotation order)
    shuffled = tmp_path / "shuffled.jsonl"
    shuffled.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in reversed(tasks)), encoding="utf-8")
    assert list(import_prodigy(shuffled)) == list(reversed(documents))


def test_sentence_tasks_rejected_or_missing(tmp_path):
    doc = seed_documents()[0]
    tasks, _, _ = document_to_sentence_tasks(doc)
    first_with_spans = next(i for i, t in enumerate(tasks) if i > 0 and t["spans"])
    tasks[first_with_spans]["answer"] = "reject"
    path = tmp_path / "t.jsonl"
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks), encoding="utf-8")
    report = ImportReport()
    (back,) = import_prodigy(path, report=report)
    assert report.warning_counts["skipped"] == 1
    assert len(back.mentions) == len(doc.mentions) - len(tasks[first_with_spans]["eventgold"]["mentions"])
    # without the first task (it carries the text), the source article of the corpus is used
    corpus = make_corpus(tmp_path / "corpus", [doc])
    path.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in tasks[1:]), encoding="utf-8")
    report = ImportReport()
    (back,) = import_prodigy(path, report=report, corpus=corpus)
    assert back.text == doc.text and report.warning_counts["sentences"] == 1
    report = ImportReport()
    assert list(import_prodigy(path, report=report)) == []
    assert report.problems[0].kind == "sentences" and report.blocking


def test_cli_sentence_unit_on_gold_is_byte_identical(tmp_path):
    gold = REPO / "corpus" / "gold.jsonl"
    if not gold.exists():
        return
    out, back = tmp_path / "s.jsonl", tmp_path / "back.jsonl"
    exported = run_annotate("export", "prodigy", str(out), "--input", str(gold), "--unit", "sentence")
    assert exported.returncode == 0, exported.stderr
    assert "cross a sentence boundary" in exported.stderr.decode()
    imported = run_annotate("import", "prodigy", str(out), "--out", str(back))
    assert imported.returncode == 0, imported.stderr
    assert back.read_bytes() == gold.read_bytes()


def test_export_refuses_a_span_whose_text_disagrees_with_the_document(tmp_path):
    line = json.loads(seed_documents()[0].to_json())
    line["mentions"][0]["start"] += 1  # same length, shifted one code point: text no longer matches
    line["mentions"][0]["end"] += 1
    source = tmp_path / "shifted.jsonl"
    source.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    for unit in ("document", "sentence"):
        out = tmp_path / f"{unit}.jsonl"
        result = run_annotate("export", "prodigy", str(out), "--input", str(source), "--unit", unit)
        err = result.stderr.decode()
        assert result.returncode == 1, err
        assert (f"shifted.jsonl:1 [{line['id']}]: mentions[0].text: {line['mentions'][0]['text']!r} does not "
                "match the text at") in err  # the reader's check: annotate validate's span-text-mismatch
        assert "Traceback" not in err and not out.exists()


def test_cli_refuses_to_write_over_the_corpus_it_exports(tmp_path):
    # `annotate export prodigy corpus/gold.jsonl` used to replace the gold corpus with Prodigy tasks.
    corpus = make_corpus(tmp_path / "corpus", seed_documents()[:1])
    gold = corpus / "gold.jsonl"
    before = gold.read_bytes()
    for args in (("export", "prodigy", str(gold), "--corpus", str(corpus)),
                 ("export", "spacy", str(gold), "--corpus", str(corpus)),
                 ("export", "prodigy", str(corpus / ".." / "corpus" / "gold.jsonl"), "--input", str(gold))):
        result = run_annotate(*args)
        err = result.stderr.decode()
        assert result.returncode == 2, (args, err)
        assert f"this is {gold}, the corpus being exported; writing there would replace it" in err
        assert gold.read_bytes() == before


def test_json_nested_too_deep_is_a_clear_error_in_every_json_import(tmp_path):
    # json.loads raises RecursionError (not ValueError) on deep nesting: the imports showed a traceback.
    deep = "[" * 100_000 + "]" * 100_000
    for command, name, content in (("prodigy", "tasks.jsonl", '{"text": ' + deep + "}\n"),
                                   ("doccano", "records.jsonl", deep + "\n"),
                                   ("label-studio", "tasks.json", deep + "\n")):
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        result = run_annotate("import", command, str(path), "--out", str(tmp_path / "out.jsonl"))
        err = result.stderr.decode()
        assert result.returncode == 1, (command, err)
        assert f"{path}" in err and "not valid JSON: maximum recursion depth exceeded" in err
        assert "Traceback" not in err


def test_an_annotators_document_with_timestamps_round_trips(tmp_path):
    # The header was validated in python mode, which refuses the created/modified times as text: the
    # document task silently fell back to annotator "prodigy" without timestamps, sentence tasks failed.
    from datetime import datetime, timezone

    document = seed_documents()[0]
    when = datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
    document = document.model_copy(update={"annotation": document.annotation.model_copy(
        update={"annotator": "alice", "created": when, "modified": when})})
    source = write_jsonl(tmp_path / "alice.jsonl", [document])
    for unit in ("document", "sentence"):
        tasks = tmp_path / f"{unit}.jsonl"
        assert run_annotate("export", "prodigy", str(tasks), "--input", str(source), "--unit", unit).returncode == 0
        back = tmp_path / f"back-{unit}.jsonl"
        imported = run_annotate("import", "prodigy", str(tasks), "--out", str(back))
        assert imported.returncode == 0, imported.stderr.decode()
        assert back.read_bytes() == source.read_bytes(), unit
