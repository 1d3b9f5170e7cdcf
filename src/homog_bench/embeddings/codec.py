"""Compact, exact storage of one embedding in ``Score.metadata``.

A vector travels as base64 of little-endian float32 (2,048 characters for
d = 384), so logs stay small and decoding returns the stored numbers exactly.

>>> import numpy as np
>>> v = np.array([0.6, 0.8], dtype=np.float32)
>>> bool((decode_vector(encode_vector(v)) == v).all())
True
"""

from __future__ import annotations

import base64

import numpy as np
from numpy.typing import NDArray


def encode_vector(vector: NDArray[np.floating]) -> str:
    """Base64 text of the vector as little-endian float32."""
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def decode_vector(text: str) -> NDArray[np.float32]:
    """Inverse of :func:`encode_vector`."""
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)
