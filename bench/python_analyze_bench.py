"""10,000 in-process analyses of a config dict through the llmcost Python module.

    PYTHONPATH=build/package/site python3 bench/python_analyze_bench.py [N]

Prints the best of five runs of N calls (default 10,000) of llmcost.analyze(dict), and, for
comparison, the same number of llmcost.analyze(path) calls: wall time, and the process's CPU
time (which a machine shared with other work inflates less).
"""

import json
import sys
import time
from pathlib import Path

import llmcost

ROOT = Path(__file__).resolve().parents[1]


def best_of(runs, n, call):
    """(wall seconds, CPU seconds) of the fastest of `runs` runs of n calls."""
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            call()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(times)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    path = str(ROOT / "configs" / "models" / "llama_7b.json")
    config = json.loads(Path(path).read_text())
    assert llmcost.analyze(config)["parameters"]["total"] == 6738415616
    for label, call in (("config dict", lambda: llmcost.analyze(config)),
                        ("config file", lambda: llmcost.analyze(path))):
        wall, cpu = best_of(5, n, call)
        print(f"{n} analyses of a {label}: {wall:.3f} s wall, {cpu:.3f} s CPU "
              f"({wall / n * 1e6:.1f} us each)")


if __name__ == "__main__":
    main()
