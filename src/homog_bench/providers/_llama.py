"""llama-cpp-python backend: loads a GGUF once per process and samples from it.

This is the only module that touches ``llama_cpp``, and only inside functions,
so importing it (or the provider) never imports llama.cpp.
"""

from __future__ import annotations

import atexit
import importlib.util
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from homog_bench.providers._engine import (
    ChatFormat,
    Message,
    PlainFormat,
    Sampling,
    TemplateFormat,
)
from homog_bench.providers._errors import LocalModelError
from homog_bench.providers._threads import ThreadGovernor

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

LLAMA_CPP_VERSION = "0.3.36"
INSTALL_HINT = (
    "install the `local` extra with scripts/install-local.sh, which builds "
    f"llama-cpp-python=={LLAMA_CPP_VERSION} with "
    "CMAKE_ARGS='-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF' and installs homog-bench[local] "
    "(a plain pip install 'homog-bench[local]' builds a native wheel that can die with SIGILL)"
)


@dataclass(frozen=True)
class LoadSettings:
    """Everything that identifies one loaded model (the cache key)."""

    path: str
    n_ctx: int = 2048
    n_threads: int = 1  # the most threads a call may use
    n_batch: int = 512
    #: follow the load: fewer threads while other processes hold cores (see ``_threads``)
    adaptive: bool = False


def import_llama_cpp() -> ModuleType:
    """Import llama_cpp, or raise a one-line error saying how to install it."""
    if importlib.util.find_spec("llama_cpp") is None:
        raise LocalModelError(
            f"homog-local needs llama-cpp-python, which is not installed: {INSTALL_HINT}"
        )
    try:
        import llama_cpp
    except (ImportError, OSError, RuntimeError) as error:
        raise LocalModelError(
            f"llama-cpp-python is installed but failed to load ({error}): {INSTALL_HINT}"
        ) from None
    return llama_cpp


class LlamaBackend:
    """The :class:`~homog_bench.providers._engine.Backend` protocol over ``llama_cpp.Llama``."""

    def __init__(self, llm: Any, lib: ModuleType, settings: LoadSettings) -> None:
        self.llm = llm
        self.settings = settings
        self._lib = lib
        self._vocab = lib.llama_model_get_vocab(llm.model)
        self._n_vocab = int(llm.n_vocab())
        self._chat_format = self._make_chat_format()
        self._governor = ThreadGovernor(settings.n_threads) if settings.adaptive else None
        self.threads_used = settings.n_threads  # threads of the latest call

    def _set_threads(self) -> None:
        """Before a call: as many threads as the cores other processes leave free."""
        if self._governor is None:
            return
        wanted = self._governor.threads()
        if wanted != self.threads_used:
            self._lib.llama_set_n_threads(self.llm.ctx, wanted, wanted)
            self.threads_used = wanted

    @classmethod
    def load(cls, settings: LoadSettings) -> LlamaBackend:
        """Load the GGUF at ``settings.path`` (a few hundred ms for SmolLM2-135M)."""
        lib = import_llama_cpp()
        try:
            llm = lib.Llama(
                model_path=settings.path,
                n_ctx=settings.n_ctx,
                n_batch=min(settings.n_batch, settings.n_ctx),
                n_threads=settings.n_threads,
                n_threads_batch=settings.n_threads,
                verbose=False,
            )
        except (ValueError, RuntimeError, OSError) as error:
            raise LocalModelError(
                f"llama.cpp could not load the GGUF model {settings.path}: {error}"
            ) from None
        return cls(llm, lib, settings)

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        text = self._lib.llama_vocab_get_text(self._vocab, token)
        return bytes(text).decode("utf-8", errors="ignore")

    def _make_chat_format(self) -> ChatFormat:
        template = self.llm.metadata.get("tokenizer.chat_template")
        if not template:
            return PlainFormat(add_bos=bool(self._lib.llama_vocab_get_add_bos(self._vocab)))
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=self._token_text(int(self._lib.llama_vocab_eos(self._vocab))),
            bos_token=self._token_text(int(self._lib.llama_vocab_bos(self._vocab))),
            add_generation_prompt=True,
        )

        def render(messages: Sequence[Message]) -> str:
            return str(formatter(messages=cast(Any, [dict(m) for m in messages])).prompt)

        # like llama-cpp's own chat handler: the template supplies any BOS itself
        return TemplateFormat(template=render, add_bos=False)

    @property
    def n_ctx(self) -> int:
        """Context window in tokens."""
        return int(self.llm.n_ctx())

    @property
    def chat_format(self) -> ChatFormat:
        """The GGUF's own chat template (or a plain transcript if it has none)."""
        return self._chat_format

    def tokenize(self, text: str, *, add_bos: bool) -> list[int]:
        """Tokens of ``text``, special tokens parsed (as llama-cpp's chat handler does)."""
        return list(self.llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=True))

    def piece(self, token: int) -> bytes:
        """The bytes one token renders to."""
        return bytes(self.llm.detokenize([token]))

    def is_eog(self, token: int) -> bool:
        """Whether ``token`` ends generation."""
        return bool(self._lib.llama_vocab_is_eog(self._vocab, token))

    def sample(self, prompt_tokens: Sequence[int], sampling: Sampling) -> Iterator[int]:
        """Reset the state (no KV reuse between calls: same seed, same text) and sample."""
        self._set_threads()
        self.llm.reset()
        self.llm.set_seed(sampling.seed)
        tokens: Iterator[int] = self.llm.generate(
            list(prompt_tokens),
            top_k=sampling.top_k,
            top_p=sampling.top_p,
            min_p=sampling.min_p,
            typical_p=1.0,
            temp=sampling.temperature,
            repeat_penalty=sampling.repeat_penalty,
            frequency_penalty=sampling.frequency_penalty,
            presence_penalty=sampling.presence_penalty,
        )
        return tokens

    def logits(self) -> NDArray[np.float32]:
        """Logits of the last decoded position, i.e. those that produced the last sample."""
        import numpy as np

        pointer = self._lib.llama_get_logits_ith(self.llm.ctx, -1)
        row: NDArray[np.float32] = np.ctypeslib.as_array(pointer, shape=(self._n_vocab,))
        return row


_CACHE: dict[LoadSettings, LlamaBackend] = {}
_CACHE_LOCK = threading.Lock()


@atexit.register
def _close_all() -> None:
    """Free the models before interpreter teardown (llama-cpp's ``__del__`` fails late)."""
    with _CACHE_LOCK:
        for backend in _CACHE.values():
            backend.llm.close()
        _CACHE.clear()


def load_backend(settings: LoadSettings) -> LlamaBackend:
    """The process-wide backend for ``settings``, loading it on first use."""
    with _CACHE_LOCK:
        backend = _CACHE.get(settings)
        if backend is None:
            backend = LlamaBackend.load(settings)
            _CACHE[settings] = backend
        return backend
