"""Make ``homog_bench`` importable from a source checkout (src layout, not installed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if importlib.util.find_spec("homog_bench") is None:  # pragma: no cover - depends on the env
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
