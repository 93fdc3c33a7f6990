"""``python -m benchmarks`` runs as the README says and reports the floors under the validate and import
rows (the schema's validation and the validator's fast-path proof of the lines each one proves).

Tiny sizes, one repeat: this checks that the entry point works and what it reports, never a time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_benchmarks_report_the_rows_with_their_schema_and_proof_floors(tmp_path):
    out = tmp_path / "rows.json"
    done = subprocess.run([sys.executable, "-m", "benchmarks", "--only", "validate,import doccano", "--scale", "0.04",
                           "--repeat", "1", "--json", str(out)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = json.loads(out.read_text())
    assert [(row["row"], row["size"]) for row in rows] == [("validate", 80), ("validate", 320), ("import doccano", 10),
                                                           ("import doccano", 40)]
    for row in rows:
        assert row["seconds"] > 0 and row["baseline_seconds"] > 0
        assert row["schema_seconds"] > 0 and row["proof_seconds"] > 0, row
    assert "schema, proof = floors" in done.stdout
    header = next(line for line in done.stdout.splitlines() if line.startswith("row "))
    assert header.split()[:7] == ["row", "size", "CPU", "s", "base", "s", "ratio"] and "schema" in header
