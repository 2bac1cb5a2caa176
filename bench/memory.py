"""Peak memory of a process, as the benchmarks report it (Linux ``/proc``).

``VmHWM`` is the high-water mark of the process's own resident memory. ``ru_maxrss`` would not
do: Linux carries a parent's high-water mark into a child it forks and execs, so a benchmark run
(or a check worker) would "peak" at least at the size of the process that started it.
"""

from __future__ import annotations

from pathlib import Path

SELF = Path("/proc/self/status")


def peak_mb(status: Path = SELF) -> float:
    """``VmHWM`` in MB from a ``/proc/<pid>/status`` file (this process's by default)."""
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in {status}")
