"""How many CPUs this process may run on (the offline model's threads, the reading worker).

>>> usable_cores() >= 1
True
"""

from __future__ import annotations

import os


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)
