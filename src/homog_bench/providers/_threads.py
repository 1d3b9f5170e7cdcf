"""How many threads llama.cpp should use for the next call, given what else runs.

llama.cpp splits every token's work between its threads and waits at a barrier
until all of them are done. When another process holds one of the cores, one of
our threads is descheduled for whole time slices and every barrier waits for
it: on 2 cores, 2 threads fell from ~120 to ~39 tokens/s with one busy process
beside them, while 1 thread kept ~110. So the thread count follows the load:
before each call, the CPU time the rest of the machine used since the previous
call (all cores' busy time minus this process's own) says how many cores are
taken; we use the cores left, at least one.

>>> def readings(*samples):
...     return iter(samples).__next__
>>> gov = ThreadGovernor(2, cores=2, probe=0, sample=readings((0, 0, 0), (10, 20, 19)))
>>> gov.threads()  # 20 busy core-seconds in 10 s, 19 of them ours: the machine is free
2
>>> gov = ThreadGovernor(2, cores=2, probe=0, sample=readings((0, 0, 0), (10, 20, 11)))
>>> gov.threads()  # another process used ~0.9 of a core
1
>>> gov = ThreadGovernor(2, cores=8, probe=0, sample=readings((0, 0, 0), (10, 40, 11)))
>>> gov.threads()  # ~3 cores taken out of 8: our 2 threads still fit
2
"""

from __future__ import annotations

from collections.abc import Callable

from homog_bench._cores import usable_cores

#: (wall-clock seconds, busy CPU-seconds of the whole machine, CPU-seconds of this process)
Sample = tuple[float, float, float]

#: A core counts as taken when other processes used at least this share of it.
TAKEN_SHARE = 0.5


def cpu_sample() -> Sample:
    """Now: wall clock, the machine's busy CPU time, this process's CPU time (seconds)."""
    import time

    import psutil

    machine = psutil.cpu_times()
    idle = machine.idle + getattr(machine, "iowait", 0.0)
    busy = sum(machine) - idle
    own = psutil.Process().cpu_times()
    return time.monotonic(), busy, own.user + own.system


class ThreadGovernor:
    """Chooses the thread count for each call from the load since the previous call."""

    def __init__(
        self,
        max_threads: int,
        *,
        cores: int | None = None,
        probe: float = 0.1,
        sample: Callable[[], Sample] = cpu_sample,
    ) -> None:
        self.max_threads = max(1, max_threads)
        self.cores = usable_cores() if cores is None else cores
        self.probe = probe  # seconds watched before the first call, when there is no history
        self._sample = sample
        self._last: Sample | None = None

    def threads(self) -> int:
        """Threads for the next call: the cores not taken by other processes (at least 1)."""
        if self._last is None:
            self._last = self._sample()
            if self.probe > 0:
                import time

                time.sleep(self.probe)
        now, last = self._sample(), self._last
        self._last = now
        elapsed = now[0] - last[0]
        if elapsed <= 0:
            return self.max_threads
        others = max(0.0, (now[1] - last[1]) - (now[2] - last[2])) / elapsed
        taken = int(others + (1 - TAKEN_SHARE))  # a core counts once TAKEN_SHARE of it is used
        return max(1, min(self.max_threads, self.cores - taken))
