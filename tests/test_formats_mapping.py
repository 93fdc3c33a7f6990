"""Label mapping (options and files), the converter registry, and imports that pass validation."""

from __future__ import annotations

import json

import pytest

from annotate.errors import DataError, UsageError
from annotate.formats.mapping import LabelMapping, build_mapping, load_mapping_file, parse_map_option
from annotate.formats.registry import converters, load, markdown_table
from annotate.jsonl import read_documents
from annotate.validate.content import check_document
from conftest import run_annotate
from test_formats_brat import write_foreign


def test_identity_for_our_labels_and_nothing_else():
    mapping = LabelMapping()
    assert mapping.span_label("PER") == ("mention", "PER") and mapping.span_label("Visit") == ("event", "Visit")
    assert mapping.span_label("Person") is None and mapping.span_label("per") is None
    assert mapping.role("Visit", "Visitor") == "Visitor" and mapping.role("Agreement", "Party3") == "Party"
    assert mapping.role("Visit", "Lender") is None  # a role of another event type
    assert mapping.is_coreference("Equiv") and mapping.is_coreference("Coreference")


def test_map_options_infer_the_kind():
    mapping = build_mapping(options=["PERSON=PER", "Meeting=Visit", "agent=Visitor", "Loan:giver=Lender",
                                     "SameAs=Coreference", "MISC=-", "Negation=polarity:negative",
                                     "role:Place=Destination", "mention:Date=TIME"])
    assert mapping.span_label("PERSON") == ("mention", "PER") and mapping.span_label("Meeting") == ("event", "Visit")
    assert mapping.span_label("Date") == ("mention", "TIME") and mapping.span_label("MISC") == ("ignore", "MISC")
    assert mapping.role("Visit", "agent") == "Visitor" and mapping.role("Visit", "Place") == "Destination"
    assert mapping.role("Loan", "giver") == "Lender" and mapping.role("Visit", "giver") is None
    assert mapping.is_coreference("SameAs")
    assert mapping.attribute("Negation", None) == ("polarity", "negative")


@pytest.mark.parametrize("option, message", [
    ("PERSON", "expected FOREIGN=OURS"),
    ("PERSON=Human", "not an eventgold label"),
    ("Visit:agent=Lender", "Visit has no role 'Lender'"),
    ("role:agent=PER", "not a role"),
    ("SameAs=relation:Coreference", "not an eventgold label"),
    ("Neg=polarity:maybe", "polarity has no value 'maybe'"),
])
def test_bad_map_options_are_usage_errors(option, message):
    with pytest.raises(UsageError, match=message):
        parse_map_option(option, LabelMapping())


def test_mapping_files_toml_and_json(tmp_path):
    toml = tmp_path / "labels.toml"
    toml.write_text('ignore = ["MISC"]\n[mentions]\nPERSON = "PER"\n[events]\nMeeting = "Visit"\n'
                    '[roles]\nagent = "Visitor"\n[roles.Loan]\ngiver = "Lender"\n[relations]\nSameAs = "Coreference"\n'
                    '[attributes]\n"Modality:Speculated" = "realis:other"\n', encoding="utf-8")
    mapping = load_mapping_file(toml)
    assert mapping.span_label("PERSON") == ("mention", "PER") and mapping.role("Loan", "giver") == "Lender"
    assert mapping.attribute("Modality", "Speculated") == ("realis", "other") and mapping.is_ignored("MISC")
    as_json = tmp_path / "labels.json"
    as_json.write_text(json.dumps(mapping.to_dict()), encoding="utf-8")
    assert load_mapping_file(as_json).to_dict() == mapping.to_dict()
    bad = tmp_path / "bad.toml"
    bad.write_text('[mentions]\nPERSON = "Human"\n', encoding="utf-8")
    with pytest.raises(DataError, match="not a mention type"):
        load_mapping_file(bad)
    bad.write_text('[colours]\nx = "y"\n', encoding="utf-8")
    with pytest.raises(DataError, match="unknown section"):
        load_mapping_file(bad)


def test_mapping_file_on_the_command_line(tmp_path):
    folder = write_foreign(tmp_path / "foreign")
    mapping = tmp_path / "map.toml"
    mapping.write_text("""\
ignore = ["Emotion"]
[mentions]
Person = "PER"
City = "GPE"
Country = "GPE"
[events]
Meeting = "Visit"
LoanEvent = "Loan"
[roles]
agent = "Visitor"
place = "Destination"
[roles.Loan]
giver = "Lender"
receiver = "Borrower"
[relations]
SameAs = "Coreference"
[attributes]
Negation = "polarity:negative"
""", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    # the note on a mention is still left out: --skip-unmapped writes the rest
    result = run_annotate("import", "brat", str(folder), "--out", str(out), "--mapping", str(mapping),
                          "--skip-unmapped")
    assert result.returncode == 0, result.stderr
    assert "unmapped" not in result.stderr.decode()
    (doc,) = read_documents(out)
    assert [a.role for a in doc.events[1].arguments] == ["Lender", "Borrower"]
    assert doc.events[0].attributes.polarity.value == "negative"
    assert [i for i in check_document(doc) if i.severity == "error"] == []
    (tmp_path / "empty-corpus").mkdir()
    validated = run_annotate("validate", str(out), "--corpus", str(tmp_path / "empty-corpus"))
    assert validated.returncode == 0 and "PASSED" in validated.stdout.decode(), validated.stdout
    # --map wins over the file
    overridden = run_annotate("import", "brat", str(folder), "--out", str(out), "--mapping", str(mapping),
                              "--map", "City=LOC", "--skip-unmapped")
    assert overridden.returncode == 0
    assert [m.type.value for m in next(read_documents(out)).mentions if m.text == "Moscow"] == ["LOC"]
    missing = run_annotate("import", "brat", str(folder), "--out", str(out), "--mapping", str(tmp_path / "no.toml"))
    assert missing.returncode == 2


def test_registry_lists_every_converter_and_its_commands():
    names = [c.name for c in converters()]
    assert names[:4] == ["brat", "prodigy", "doccano", "label-studio"]
    for c in converters():
        for direction in ("export", "import"):
            if (c.export if direction == "export" else c.import_) is not None:
                assert callable(load(c.name, direction))
    export_help = run_annotate("export", "--help").stdout.decode()
    import_help = run_annotate("import", "--help").stdout.decode()
    for c in converters():
        if c.export_command:
            assert c.export_command.split()[2] in export_help
        if c.import_command:
            assert c.import_command.split()[2] in import_help
    assert "| brat rapid annotation tool" in markdown_table()
    with pytest.raises(LookupError):
        load("doccano", "export")


def test_docs_table_is_the_registry():
    from conftest import REPO

    assert markdown_table() in (REPO / "docs" / "formats.md").read_text(encoding="utf-8")


def test_formats_command_lists_the_registry():
    result = run_annotate("formats", "--json")
    assert result.returncode == 0
    listed = json.loads(result.stdout)
    assert [c["name"] for c in listed] == [c.name for c in converters()]
    assert listed[0]["import"] == "annotate import brat DIR --out FILE"
    text = run_annotate("formats").stdout.decode()
    assert "label-studio: Label Studio" in text and "UTF-16" in text


def test_registry_docs_exist():
    from conftest import REPO

    for c in converters():
        assert (REPO / c.doc).is_file(), c.doc
