"""One run of the object API at scale, in a fresh process: load, validate, evaluate, dump.

``python benchmarks/_object_api.py FILE AS_OF [--no-gc] [--heap]`` reads a program document (JSON),
runs each stage once and prints one JSON line: the seconds of each stage, the number of
observations, and memory (the peak resident set over the whole run, the part of it above
what the process held before reading the document, and with ``--heap`` the peak of the
Python heap as tracemalloc sees it, measured in a second, slower pass). ``--no-gc`` runs
the stages with the cyclic garbage collector paused, to show its share.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path


def _status_kb(field: str) -> int:
    # From /proc (Linux), in KiB: VmRSS, the resident set now; VmHWM, its peak. (Not
    # getrusage's ru_maxrss, which a child process inherits from its parent.)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    path, as_of = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
    pause_gc = "--no-gc" in sys.argv[3:]
    import kpimodel
    from kpimodel.io import parse_program

    raw = path.read_bytes()
    gc.collect()
    before = _status_kb("VmRSS")
    if pause_gc:
        gc.disable()
    times: dict[str, float] = {}
    start = time.perf_counter()
    data = json.loads(raw)
    times["parse JSON"] = time.perf_counter() - start
    start = time.perf_counter()
    program = parse_program(data)
    times["validate"] = time.perf_counter() - start
    start = time.perf_counter()
    evaluation = kpimodel.evaluate(program, as_of)
    times["evaluate"] = time.perf_counter() - start
    start = time.perf_counter()
    out = evaluation.model_dump_json()
    times["dump JSON"] = time.perf_counter() - start
    peak = _status_kb("VmHWM")
    gc.enable()
    observations = sum(len(ind.observations) for _, kpi in program.kpis() for ind in kpi.indicators)
    statuses: dict[str, int] = {}
    for kpi in evaluation.kpis:
        statuses[kpi.status.value] = statuses.get(kpi.status.value, 0) + 1
    heap_peak = None
    if "--heap" in sys.argv[3:]:
        del program, evaluation, out, data
        gc.collect()
        tracemalloc.start()
        data = json.loads(raw)
        program = parse_program(data)
        evaluation = kpimodel.evaluate(program, as_of)
        out = evaluation.model_dump_json()
        _, heap_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        json.dumps(
            {
                "times": times,
                "observations": observations,
                "kpis": len(evaluation.kpis),
                "statuses": statuses,
                "input_bytes": len(raw),
                "output_bytes": len(out),
                "peak_rss_kb": peak,
                "before_kb": before,
                "heap_peak_bytes": heap_peak,
            }
        )
    )


if __name__ == "__main__":
    main()
