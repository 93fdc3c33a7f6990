"""Differential test of the optimised importers (issue 13): the same output as the code before them.

Each case is a foreign input -- a real third-party file of ``tests/data`` with a label mapping, or one
made from seeded random documents (:mod:`benchmarks.synthetic`) and then randomly damaged: labels
renamed, offsets shifted or out of range, relations pointing nowhere, notes and normalizations edited,
ids repeated, records of other shapes -- imported twice (blocking, and with ``skip_unmapped``). What
the import gives -- the bytes it writes, or the error it raises, and its whole report (``to_dict()``)
-- is compared with ``tests/expected/import_outputs.json``, which holds the SHA-256 of each case as
the importers gave it *before* they were optimised (written by this module, run as a script, on that
code). So the optimised paths must give exactly what the straightforward ones gave, byte for byte and
item for item of the report.

When a change of behaviour is intended, regenerate the expectations and say why in the commit:

    PYTHONPATH=. python tests/test_import_differential.py --write
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from annotate.errors import EventgoldError  # noqa: E402
from annotate.formats.brat import export_brat, import_brat  # noqa: E402
from annotate.formats.doccano import document_to_record, import_doccano  # noqa: E402
from annotate.formats.importing import ImportReport, write_imported  # noqa: E402
from annotate.formats.label_studio import document_to_task, import_label_studio  # noqa: E402
from annotate.formats.mapping import build_mapping  # noqa: E402
from annotate.validate import validate_paths  # noqa: E402
from benchmarks.synthetic import synthetic_documents  # noqa: E402

DATA = REPO / "tests" / "data"
EXPECTED = REPO / "tests" / "expected" / "import_outputs.json"
LABELS = ["PER", "ORG", "GPE", "TIME", "MONEY", "TOPIC", "Visit", "Loan", "Agreement", "Statement", "PERSON",
          "Meeting", "MISC", "Coreference", "Visitor", "Lender", "Party", "agent", "(no label)"]
MAPS = [[], ["PERSON=PER", "Meeting=Visit", "agent=Visitor", "MISC=-"], ["GPE=-", "Coreference=-"],
        ["Visit=-", "TOPIC=-"], ["Loan:Lender=-", "PER=ORG"]]


# -- damage ------------------------------------------------------------------------------------------

def damage_doccano(record: dict, rng: random.Random) -> dict:
    record = copy.deepcopy(record)
    entities, relations = record["entities"], record["relations"]
    for _ in range(rng.randrange(4)):
        what = rng.randrange(9)
        if what == 0 and entities:
            rng.choice(entities)["label"] = rng.choice(LABELS)
        elif what == 1 and entities:
            entity = rng.choice(entities)
            entity["start_offset"] += rng.choice([-2, -1, 1, 3])
        elif what == 2 and entities:
            rng.choice(entities)["end_offset"] = len(record["text"]) + rng.randrange(1, 9)
        elif what == 3 and relations:
            rng.choice(relations)["to_id"] = 10_000
        elif what == 4 and relations:
            rng.choice(relations)["type"] = rng.choice(LABELS)
        elif what == 5 and entities:
            del entities[rng.randrange(len(entities))]
        elif what == 6:
            record["id"] = "repeated"
        elif what == 7 and entities:
            rng.choice(entities)["start_offset"] = "x"
        elif what == 8:
            record = {"id": record["id"], "text": record["text"],
                      "label": [[e["start_offset"], e["end_offset"], e["label"]] for e in entities]}
            entities, relations = [], []
    return record


def damage_task(task: dict, rng: random.Random) -> dict:
    task = copy.deepcopy(task)
    results = task["annotations"][0]["result"]
    for _ in range(rng.randrange(4)):
        what = rng.randrange(9)
        spans = [r for r in results if r.get("type") == "labels"]
        if what == 0 and spans:
            rng.choice(spans)["value"]["labels"] = [rng.choice(LABELS)]
        elif what == 1 and spans:
            rng.choice(spans)["value"]["start"] += rng.choice([-1, 1, 2])
        elif what == 2 and spans:
            del rng.choice(spans)["value"]["text"]
        elif what == 3 and results:
            del results[rng.randrange(len(results))]
        elif what == 4:
            choices = [r for r in results if r.get("type") == "choices"]
            if choices:
                rng.choice(choices)["value"]["choices"] = [rng.choice(["actual", "nope", "generic", "negative"])]
        elif what == 5 and spans:
            rng.choice(spans)["value"]["labels"] = []
        elif what == 6:
            task["annotations"].append({"id": 2, "result": results[: len(results) // 2], "was_cancelled":
                                        rng.random() < 0.5, "updated_at": "2020-01-01"})
        elif what == 7:
            relations = [r for r in results if r.get("type") == "relation"]
            if relations:
                rng.choice(relations)["direction"] = "left"
        elif what == 8:
            task["data"]["id"] = "repeated"
    return task


def damage_ann(ann: str, rng: random.Random) -> str:
    lines = ann.splitlines()
    for _ in range(rng.randrange(4)):
        if not lines:
            break
        at = rng.randrange(len(lines))
        line = lines[at]
        what = rng.randrange(8)
        if what == 0:
            del lines[at]
        elif what == 1 and line.startswith("T"):
            head, _, rest = line.partition("\t")
            label, _, tail = rest.partition(" ")
            lines[at] = f"{head}\t{rng.choice(LABELS)} {tail}"
        elif what == 2 and line.startswith("#"):
            lines[at] = line.replace('"id":"', '"id":"x', 1) if rng.random() < 0.5 else line.split("eventgold:")[0]
        elif what == 3 and line.startswith("N"):
            lines[at] = line.replace("TIMEX3:", "TIMEX3:XXXX-13-", 1)
        elif what == 4 and line.startswith("E"):
            lines[at] = line + " Visitor:T9999"
        elif what == 5:
            lines.append(rng.choice(["R90\tFamily Arg1:T1 Arg2:T2", "A90\tNegation E1", "*\tAlias T1 T2",
                                     "T90\tPER 0 3;5 9\tab cd", "#90\tComment T1\tc", "E90\tVisit:T1 Visitor:T1"]))
        elif what == 6 and line.startswith("A"):
            lines[at] = line.rsplit(" ", 1)[0] + " sometimes"
        elif what == 7 and line.startswith("#"):
            lines[at] = line.replace('"entity":"E', '"entity":"E9' if rng.random() < 0.5 else '"entity":"bad id', 1)
    return "".join(line + "\n" for line in lines)


# -- cases ---------------------------------------------------------------------------------------------

def cases(work: Path) -> list[tuple[str, object, Path, list[str]]]:
    """``(name, importer, input path, mapping)``, all written under ``work``."""
    found: list[tuple[str, object, Path, list[str]]] = []
    for name in sorted((DATA / "doccano").glob("*.jsonl")):
        for n, mapping in enumerate([[], ["12=LOC", "PERSON=PER", "ORG=-", "LOC=GPE", "MISC=-"]]):
            found.append((f"real doccano {name.name} {n}", import_doccano, name, mapping))
    for name in sorted((DATA / "label-studio-frontend").glob("*.json")):
        for n, mapping in enumerate([[], ["Person=PER", "Organization=ORG", "Location=GPE", "Misc=-", "(no label)=-"]]):
            found.append((f"real label-studio {name.name} {n}", import_label_studio, name, mapping))
    for n, mapping in enumerate([[], ["Person=PER", "Organization=ORG", "GPE=-", "Merge-org=Agreement",
                                      "Org-Arg=Party", "Alias=Coreference", "AnnotatorNotes=-", "Family=-"]]):
        found.append((f"real brat news-tutorial {n}", import_brat, DATA / "brat-news-tutorial", mapping))

    rng = random.Random(13)
    documents = list(synthetic_documents(24, seed=13))
    for batch in range(6):
        chosen = documents[batch * 4:(batch + 1) * 4]
        mapping = MAPS[batch % len(MAPS)]
        records = [document_to_record(d) for d in chosen]
        records = [damage_doccano(r, rng) if batch else r for r in records]
        if batch == 3:  # the same id twice; a relation drawn from the argument to the trigger
            records[0]["id"] = records[1]["id"] = "same"
        path = work / f"doccano-{batch}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
        found.append((f"random doccano {batch}", import_doccano, path, mapping))
        tasks = [damage_task(document_to_task(d), rng) if batch else document_to_task(d) for d in chosen]
        if batch == 3:
            for relation in [r for r in tasks[0]["annotations"][0]["result"] if r.get("type") == "relation"
                             and r["labels"] == ["Speaker"]][:2]:
                relation["direction"] = "left"
            tasks[1]["annotations"].append({"id": 7, "result": [], "was_cancelled": True})
        path = work / f"tasks-{batch}.json"
        path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
        found.append((f"random label-studio {batch}", import_label_studio, path, mapping))
        folder = work / f"brat-{batch}"
        export_brat(chosen, folder, config=False)
        if batch:
            for ann in sorted(folder.glob("*.ann")):
                ann.write_text(damage_ann(ann.read_text("utf-8"), rng), "utf-8")
            first = sorted(folder.glob("*.ann"))[0]  # values in notes that the schema refuses
            first.write_text(first.read_text("utf-8").replace('"entity":"E', '"entity":"bad id', 1)
                             .replace('"type":"DATE","value":"', '"type":"DATE","value":"x', 1), "utf-8")
            if batch % 2:  # foreign brat: no notes, no sidecars
                for sidecar in folder.glob("*.eventgold.json"):
                    sidecar.unlink()
                for ann in sorted(folder.glob("*.ann")):
                    ann.write_text("".join(line + "\n" for line in ann.read_text("utf-8").splitlines()
                                           if not line.startswith("#")), "utf-8")
        found.append((f"random brat {batch}", import_brat, folder, mapping))
    return found


def outcome(importer, path: Path, mapping: list[str], out: Path, work: Path) -> str:
    """The SHA-256 of what the import gives: written bytes or error, and the report, both skip modes."""
    parts = []
    for skip in (False, True):
        report = ImportReport()
        try:
            documents = importer(path, report=report, mapping=build_mapping(options=mapping))
            write_imported(documents, out, report=report, skip_unmapped=skip)
            result = out.read_bytes().decode("utf-8")
            out.unlink()
        except EventgoldError as exc:
            result = f"error {type(exc).__name__}: {exc}"
        parts.append(result + json.dumps(report.to_dict(), sort_keys=True, ensure_ascii=False))
    text = "\n".join(parts).replace(str(work), "WORK").replace(str(REPO), "REPO")
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def outcomes() -> dict[str, str]:
    with tempfile.TemporaryDirectory(prefix="import-diff-") as tmp:
        work = Path(tmp)
        return {name: outcome(importer, path, mapping, work / "out.jsonl", work)
                for name, importer, path, mapping in cases(work)}


def test_the_optimised_importers_give_what_the_straightforward_ones_gave():
    expected = json.loads(EXPECTED.read_text("utf-8"))
    got = outcomes()
    assert sorted(got) == sorted(expected)
    differ = [name for name in expected if got[name] != expected[name]]
    assert not differ, f"{len(differ)} of {len(expected)} cases differ: {differ}"


def test_the_cases_exercise_what_the_importers_report():
    """The random damage reaches the reports' branches (so the comparison above is not vacuous), and
    whatever an import writes from it passes the validator at its default level (Principle 2)."""
    with tempfile.TemporaryDirectory(prefix="import-diff-") as tmp:
        work = Path(tmp)
        kinds: set[str] = set()
        documents = 0
        invalid = []
        for name, importer, path, mapping in cases(work):
            report = ImportReport()
            out = work / "out.jsonl"
            try:
                write_imported(importer(path, report=report, mapping=build_mapping(options=mapping)),
                               out, report=report, skip_unmapped=True)
            except EventgoldError:
                pass
            if out.exists():
                checked = validate_paths([out])
                if not checked.ok:
                    invalid.append((name, [str(i) for i in checked.incidents if i.is_error][:3]))
                out.unlink()
            documents += report.documents
            kinds |= {i.kind for i in report.left_out} | set(report.warning_counts)
    assert documents > 100
    for kind in ("unmapped span", "unmapped role (Loan)", "ignored", "offsets", "relation", "argument", "trigger",
                 "mention", "span", "attributes", "cancelled", "other-annotations", "duplicate-id", "direction"):
        assert kind in kinds, sorted(kinds)
    assert not invalid, invalid


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        raise SystemExit("usage: python tests/test_import_differential.py --write")
    EXPECTED.parent.mkdir(exist_ok=True)
    EXPECTED.write_text(json.dumps(outcomes(), indent=1, sort_keys=True) + "\n", "utf-8")
    print(f"wrote {EXPECTED}")
