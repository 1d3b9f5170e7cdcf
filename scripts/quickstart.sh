#!/usr/bin/env bash
# The main job on the bundled offline model, from a fresh checkout:
#   1. a virtual environment in .venv (override with VENV=...)
#   2. the project with the offline model and the `report` extra (matplotlib, for the
#      pictures of `homog-bench leaderboard --format html`), via scripts/install-local.sh
#   3. story_homogenization: 4 prompts x 25 stories from SmolLM2-135M-Instruct
#   4. the normativity summary of the log it wrote, and the generation speed
# Extra arguments go to `inspect eval` (e.g. --limit 2, -T n=10).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV="${VENV:-.venv}"
LOG_DIR="${LOG_DIR:-logs/quickstart}"

[[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
PYTHON="$VENV/bin/python" HOMOG_BENCH_SPEC="-e .[local,report]" bash scripts/install-local.sh

"$VENV/bin/inspect" eval homog_bench/story_homogenization \
  --model homog-local/smollm2 \
  -T prompts=person,nurse,ceo,scientist -T n=25 -T max_tokens=300 -T seed=1 \
  --log-dir "$LOG_DIR" "$@"
"$VENV/bin/homog-bench" summary "$LOG_DIR"
# generation speed of the run, from the log header (output tokens over the eval's wall time)
"$VENV/bin/python" - "$LOG_DIR" <<'PY'
import sys
from datetime import datetime

from inspect_ai.log import list_eval_logs, read_eval_log

log = read_eval_log(list_eval_logs(sys.argv[1])[0].name, header_only=True)
tokens = sum(u.output_tokens for u in log.stats.model_usage.values())
seconds = (
    datetime.fromisoformat(log.stats.completed_at) - datetime.fromisoformat(log.stats.started_at)
).total_seconds()
rate = f"{tokens / seconds:.1f} tokens/s" if seconds > 0 else "n/a"
print(f"speed: {tokens:,} output tokens in {seconds:,.0f} s of eval wall time = {rate}")
PY
