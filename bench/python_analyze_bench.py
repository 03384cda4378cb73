"""10,000 in-process analyses of a config dict through the llmcost Python module.

    PYTHONPATH=build/package/site python3 bench/python_analyze_bench.py [N]

Prints the best of five runs of N calls (default 10,000) of llmcost.analyze(dict), of
llmcost.analyze(path), and, as a yardstick measured in the same process, of json.dumps(dict)
and json.loads(json.dumps(dict)) (a JSON text round trip of the same config, the standard
library's C accelerator): wall time, the process's CPU time (which a machine shared with other
work inflates less), and each figure as a multiple of the yardstick's CPU time, a ratio that
moves less than either from one machine or load to another.
"""

import json
import sys
import time
from pathlib import Path

import llmcost

ROOT = Path(__file__).resolve().parents[1]


def best_of(runs, n, call):
    """(wall seconds, CPU seconds) of the fastest of `runs` runs of n calls (by CPU time)."""
    times = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for _ in range(n):
            call()
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    return min(times, key=lambda t: t[1])


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    path = str(ROOT / "configs" / "models" / "llama_7b.json")
    config = json.loads(Path(path).read_text())
    assert llmcost.analyze(config)["parameters"]["total"] == 6738415616
    rows = [("llmcost.analyze(config dict)", lambda: llmcost.analyze(config)),
            ("llmcost.analyze(config file)", lambda: llmcost.analyze(path)),
            ("json.dumps(config dict)", lambda: json.dumps(config)),
            ("json.loads(json.dumps(config dict))", lambda: json.loads(json.dumps(config)))]
    results = [(label, *best_of(5, n, call)) for label, call in rows]
    yardstick = results[-1][2]
    for label, wall, cpu in results:
        print(f"{n} x {label}: {wall:.3f} s wall, {cpu:.3f} s CPU "
              f"({cpu / n * 1e6:.1f} us CPU each, {cpu / yardstick:.1f}x the JSON round trip)")


if __name__ == "__main__":
    main()
