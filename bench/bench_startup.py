"""Start-up time of the command line, against ``python -c pass`` measured in the same run.

Each command runs as a fresh process (``python -m bot …``, as the ``newsmod`` script does), the
same number of times, interleaved with the baseline so that a busy machine slows both alike; the
median of each is shown, with its ratio to the baseline. ``check`` checks one post offline (the
full check path: extraction and every rule, nothing fetched). Nothing here asserts on time.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 15
REPO = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "python -c pass": ["-c", "pass"],
    "newsmod --version": ["-m", "bot", "--version"],
    "newsmod --help": ["-m", "bot", "--help"],
    "newsmod init --help": ["-m", "bot", "init", "--help"],
    "newsmod check (one post, offline)": [
        "-m", "bot", "check", "--offline", "--json", "--title", "Kim meets Lee in Seoul",
        "--url", "https://www.bbc.com/news/world-asia-1",
    ],
}  # fmt: skip


def _once(args: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory(prefix="newsmod-bench-") as cwd:
        for _ in range(ROUNDS):
            for name, args in COMMANDS.items():
                times[name].append(_once(args, cwd))
    base = statistics.median(times["python -c pass"])
    print(f"{ROUNDS} runs each, interleaved; median wall time of a fresh process\n")
    print("| command | median | vs `python -c pass` |\n|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| `{name}` | {median * 1000:.0f} ms | {median / base:.1f}× |")


if __name__ == "__main__":
    main()
