#!/usr/bin/env bash
# Train the trigger detector on the gold corpus and score it (see README.md in this folder).
# Usage: examples/trigger_detector/run.sh [train.py options]   e.g. --gold corpus/gold.jsonl --out out/trigger_detector
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON="${PYTHON:-.venv/bin/python}"
exec "$PYTHON" examples/trigger_detector/train.py "$@"
