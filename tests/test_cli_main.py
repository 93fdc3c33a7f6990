"""The entry point: help, version, exit codes for usage errors, ``python -m annotate``."""

from conftest import run_annotate


def test_version_and_help():
    result = run_annotate("--version")
    assert result.returncode == 0
    assert result.stdout.decode().startswith("eventgold 0.1.0 (corpus schema 1.0)")
    help_text = run_annotate("--help").stdout.decode()
    for command in ("validate", "schema", "stats", "session", "suggest", "score", "agree", "adjudicate",
                    "export", "import", "event", "render", "publish", "formats", "assign", "status", "diff"):
        assert f"  {command} " in help_text, command


def test_no_command_shows_help_and_unknown_command_is_a_usage_error():
    result = run_annotate()
    assert result.returncode in (0, 2) and b"Usage: annotate" in result.stdout + result.stderr
    result = run_annotate("frobnicate")
    assert result.returncode == 2 and b"No such command" in result.stderr
    assert b"Traceback" not in result.stderr


def test_schema_formats():
    table = run_annotate("schema")
    assert table.returncode == 0 and "Visitor" in table.stdout.decode()
    conf = run_annotate("schema", "--format", "brat-conf").stdout.decode()
    assert "[events]" in conf and "Loan\tLender+:PER|ORG|GPE, Borrower+:PER|ORG|GPE, Amount?:MONEY" in conf
    bad = run_annotate("schema", "--format", "nope")
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr
