"""Record the golden figures: ``python tests/golden/record.py`` (from the repository root).

Run it only when a change is meant to alter figures, and say so in the commit message.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from golden.runs import figures, run, sample_values, task_builders  # noqa: E402


def _jsonable(x: float) -> float | str:
    return (
        "nan" if math.isnan(x) else ("inf" if x == math.inf else ("-inf" if x == -math.inf else x))
    )


def main() -> None:
    """Write ``golden_figures.json``; with ``--logs`` also keep the logs under ``logs/``."""
    keep_logs = "--logs" in sys.argv
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for run_id, build in task_builders():
            log_dir = HERE / "logs" / run_id if keep_logs else Path(tmp) / run_id
            log = run(build(), log_dir)
            out[run_id] = {
                "figures": {
                    s: {k: _jsonable(v) for k, v in f.items()} for s, f in figures(log).items()
                },
                "samples": sample_values(log),
            }
            print(run_id, sum(len(f) for f in figures(log).values()), "figures")
    (HERE / "golden_figures.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
