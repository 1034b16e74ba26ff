"""kpimodel's benchmarks: one command, one table.

    python benchmarks/run.py            # everything, about 3 minutes on 2 cores
    python benchmarks/run.py --quick    # smaller sizes, about 40 seconds
    python benchmarks/run.py --only import,report

Every comparison is measured side by side in the same run (interleaved where it is a
matter of milliseconds) and reported as times and ratios. The goals come from the
performance issue; ``docs/performance.md`` records a run and what it means.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _generate  # noqa: E402


@dataclass
class Row:
    """One line of the results table."""

    section: str
    name: str
    value: str
    compared: str = ""
    goal: str = ""
    met: bool | None = None
    data: dict[str, Any] = field(default_factory=dict)


ROWS: list[Row] = []


def add(row: Row) -> None:
    ROWS.append(row)
    mark = "" if row.met is None else ("  [met]" if row.met else "  [MISSED]")
    print(f"  {row.name}: {row.value} {row.compared}{mark}", file=sys.stderr, flush=True)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _wall(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def _interleaved(commands: dict[str, list[str]], repeats: int) -> dict[str, float]:
    """Median wall time of each command, run in turn ``repeats`` times (after a warm-up)."""
    for argv in commands.values():
        _wall(argv)  # writes bytecode caches, warms the file cache
    times: dict[str, list[float]] = {name: [] for name in commands}
    for i in range(repeats):
        names = list(commands)
        names = names[i % len(names) :] + names[: i % len(names)]
        for name in names:
            times[name].append(_wall(commands[name]))
    return {name: statistics.median(values) for name, values in times.items()}


# -- import ---------------------------------------------------------------------------------


def bench_import(repeats: int) -> None:
    python = sys.executable
    times = _interleaved(
        {
            "kpimodel": [python, "-c", "import kpimodel"],
            "pydantic, pint": [python, "-c", "import pydantic, pint"],
            "pydantic": [python, "-c", "import pydantic"],
            "python": [python, "-c", "pass"],
        },
        repeats,
    )
    added = times["kpimodel"] - times["pydantic, pint"]
    add(
        Row(
            "import",
            "python -c 'import kpimodel'",
            _ms(times["kpimodel"]),
            f"vs 'import pydantic, pint' {_ms(times['pydantic, pint'])}: "
            f"{added * 1000:+.0f} ms, ratio {times['kpimodel'] / times['pydantic, pint']:.2f}",
            "adds <= 30 ms",
            added <= 0.030,
            {"times": times},
        )
    )
    own = times["kpimodel"] - times["pydantic"]
    add(
        Row(
            "import",
            "kpimodel's own import cost",
            f"{own * 1000:.0f} ms",
            f"over 'import pydantic' {_ms(times['pydantic'])} "
            f"(python alone {_ms(times['python'])})",
        )
    )
    probe = (
        "import sys, kpimodel\n"
        "optional = ['numpy', 'pandas', 'pint', 'dask', 'pyarrow', 'matplotlib', 'rich']\n"
        "at_import = [m for m in optional if m in sys.modules]\n"
        "kpimodel.evaluate(kpimodel.datasets.load('ip-strategic-program-2026'))\n"
        "after_report = [m for m in optional if m in sys.modules]\n"
        "kpimodel.parse_quantity('3万円/人')  # a unit only pint can read\n"
        "import pint\n"
        "default_built = type(pint._DEFAULT_REGISTRY).__name__ != 'LazyRegistry'\n"
        "print(at_import, after_report, default_built)\n"
    )
    out = subprocess.run(
        [python, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split("\n")[0]
    at_import, rest = out.split("] [", 1)
    after, built = rest.rsplit("] ", 1)
    clean = at_import == "[" and built.strip() == "False"
    add(
        Row(
            "import",
            "optional imports / pint default registry",
            f"at import: {at_import.strip('[]') or 'none'}; evaluating the dataset: "
            f"{after.strip('[]') or 'none'}; pint default registry built: {built.strip()}",
            "",
            "none; never built",
            clean,
        )
    )


# -- kpimodel report ----------------------------------------------------------------------


def bench_report(repeats: int) -> None:
    try:
        import kpimodel.cli  # noqa: F401
    except ImportError:
        add(Row("report", "kpimodel report", "skipped: kpimodel.cli does not exist yet"))
        return
    script = Path(sys.executable).with_name("kpimodel")
    command = (
        [str(script), "report"] if script.exists() else [sys.executable, "-m", "kpimodel", "report"]
    )
    times = _interleaved({"report": command, "python": [sys.executable, "-c", "pass"]}, repeats)
    add(
        Row(
            "report",
            f"{' '.join(['kpimodel', 'report'])} (bundled dataset, 23 KPIs)",
            _ms(times["report"]),
            f"(python alone {_ms(times['python'])}); {times['report'] / 0.5:.2f}x the goal",
            "<= 500 ms wall",
            times["report"] <= 0.5,
            {"times": times, "command": command},
        )
    )


# -- the object API at scale --------------------------------------------------------------


def bench_object(kpis: int, points: int, workdir: Path) -> None:
    import kpimodel

    specs = _generate.series_specs(kpis, points)
    data = _generate.program_data(specs)
    documents = {
        "figures as text": json.dumps(data, ensure_ascii=False),
        "kpimodel.dumps JSON": kpimodel.dumps(kpimodel.parse_program(data), "json"),
    }
    runs = [(label, text, False) for label, text in documents.items()]
    runs.append(("figures as text, garbage collector paused", runs[0][1], True))
    for number, (label, text, pause_gc) in enumerate(runs):
        path = workdir / f"program-{label.split()[0]}.json"
        path.write_text(text, encoding="utf-8")
        argv = [
            sys.executable,
            str(HERE / "_object_api.py"),
            str(path),
            _generate.AS_OF.isoformat(),
        ]
        if pause_gc:
            argv.append("--no-gc")
        if number == 0:
            argv.append("--heap")  # a second pass under tracemalloc, for the first only
        out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        n = result["observations"]
        times = result["times"]
        total = sum(times.values())
        stages = ", ".join(f"{k} {n / v:,.0f}/s" for k, v in times.items())
        add(
            Row(
                "object API",
                f"{kpis:,} KPIs x {points} observations, {label} "
                f"({result['input_bytes'] / 1e6:.0f} MB)",
                f"{n / total:,.0f} obs/s end to end ({total:.2f} s)",
                stages,
                ">= 200,000 obs/s",
                n / total >= 200_000,
                result,
            )
        )
        if pause_gc:
            continue
        per_obs = (result["peak_rss_kb"] - result["before_kb"]) * 1024 / n
        heap = result["heap_peak_bytes"]
        add(
            Row(
                "object API",
                f"peak memory, {label}",
                f"{per_obs / 1024:.2f} KB per observation (resident)"
                + (f"; {heap / n / 1024:.2f} KB (Python heap)" if heap else ""),
                f"(peak RSS {result['peak_rss_kb'] / 1024:.0f} MB, "
                f"{(result['peak_rss_kb'] - result['before_kb']) / 1024:.0f} MB above the start"
                + (f"; tracemalloc peak {heap / 1e6:.0f} MB)" if heap else ")"),
                "<= 2 KB per observation",
                per_obs <= 2048,
            )
        )
    # The same program through the batch API, for comparison.
    try:
        observations, targets = _spec_tables(specs)
        from kpimodel.batch import evaluate_frame
    except ImportError:
        return
    best = _best(lambda: evaluate_frame(observations, targets, as_of=_generate.AS_OF), 3)
    n = len(observations)
    add(
        Row(
            "object API",
            "the same program through kpimodel.batch (tables in memory)",
            f"{n / best:,.0f} obs/s ({_ms(best)})",
        )
    )


def _spec_tables(specs: list[dict[str, Any]]) -> tuple[Any, Any]:
    import pandas as pd

    rows = [
        {"series": s["id"], "period": p, "value": float(v), "unit": s["unit"]}
        for s in specs
        for p, v in zip(s["periods"], s["values"], strict=True)
    ]
    targets = []
    for s in specs:
        kind = "trend" if s["kind"] == "trend-change" else s["kind"]
        base = s.get("baseline")
        targets.append(
            {
                "series": s["id"],
                "kind": kind,
                "value": float(s["target"]) if kind in ("absolute", "ratio", "rank") else None,
                "unit": s["target_unit"] if kind in ("absolute", "ratio") else s["unit"],
                "direction": s.get("direction"),
                "deadline": s.get("deadline") if kind != "monitor" else None,
                "baseline": float(base[1]) if base else None,
                "baseline_unit": s["unit"] if base else None,
                "baseline_period": base[0] if base else None,
                "change": float(s["change"]) if "change" in s else None,
                "change_unit": s["unit"] if "change" in s else None,
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(targets)


def _best(run: Callable[[], Any], repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


# -- the batch API at scale ---------------------------------------------------------------


def bench_batch(series: int, points: int, repeats: int) -> None:
    try:
        import numpy as np

        from kpimodel.batch import evaluate_frame
    except ImportError as exc:
        add(Row("batch API", "kpimodel.batch", f"skipped: {exc}"))
        return
    import handwritten

    start = time.perf_counter()
    observations, targets = _generate.long_tables(series, points)
    made = time.perf_counter() - start
    n = len(observations)
    as_of = _generate.AS_OF
    batch_times, hand_times = [], []
    for _ in range(repeats):  # interleaved
        gc.collect()
        start = time.perf_counter()
        frame = evaluate_frame(observations, targets, as_of=as_of)
        batch_times.append(time.perf_counter() - start)
        del frame
        gc.collect()
        start = time.perf_counter()
        hand = handwritten.pace_rule(observations, targets, as_of)
        hand_times.append(time.perf_counter() - start)
    batch, hand_best = min(batch_times), min(hand_times)
    frame = evaluate_frame(observations, targets, as_of=as_of)
    agree = float(np.mean(frame["reason"].astype(str).to_numpy() == hand["reason"]))
    paced = ~np.isnan(frame["pace"].to_numpy())
    close = np.isclose(frame["pace"].to_numpy()[paced], hand["pace"][paced], rtol=1e-9)
    pace_close = float(np.mean(close))
    add(
        Row(
            "batch API",
            f"{series:,} series x {points} points ({n / 1e6:.0f}M rows; tables built in "
            f"{made:.1f} s)",
            f"{batch:.2f} s, {n / batch / 1e6:.1f}M obs/s",
            "",
            "<= 10 s",
            batch <= 10,
            {"batch": batch_times, "handwritten": hand_times},
        )
    )
    add(
        Row(
            "batch API",
            "vs hand-written numpy pace rule (same tables, same run)",
            f"{batch / hand_best:.2f}x",
            f"(hand-written {hand_best:.2f} s; same reason for {agree:.2%} of series, "
            f"pace within 1e-9 for {pace_close:.2%})",
            "within 3x",
            batch / hand_best <= 3,
        )
    )
    del frame, hand
    gc.collect()
    tracemalloc.start()
    evaluate_frame(observations, targets, as_of=as_of)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    add(
        Row(
            "batch API",
            "peak memory allocated by evaluate_frame",
            f"{peak / n:.0f} bytes per observation",
            f"({peak / 1e6:,.0f} MB; the input tables take "
            f"{(observations.memory_usage(deep=True).sum()) / n:.0f} bytes per observation)",
        )
    )
    mixed_obs, mixed_targets = _generate.long_tables(series, points, kinds="mixed")
    best = _best(lambda: evaluate_frame(mixed_obs, mixed_targets, as_of=as_of), 1)
    add(
        Row(
            "batch API",
            "mixed kinds (10% trends, 10% monitored, units converted)",
            f"{best:.2f} s, {len(mixed_obs) / best / 1e6:.1f}M obs/s",
        )
    )


# -- the source edits, each against the code it replaced -----------------------------------


def bench_hot_paths(kpis: int) -> None:
    import hot_paths

    data = _generate.program_data(_generate.series_specs(kpis, 20))
    for result in hot_paths.measure(data, _generate.AS_OF):
        before, after, n = result["before"], result["after"], result["n"]

        def per(seconds: float, n: int = n) -> str:
            return f"{seconds * 1e6 / n:.1f} µs/obs" if n > 1 else _ms(seconds)

        add(
            Row(
                "source edits",
                f"{result['edit']}: {result['what']}",
                f"{per(after)}",
                f"before {per(before)}: {before / after:.2f}x faster",
                "",
                None,
                result,
            )
        )


# -- loading ------------------------------------------------------------------------------


def _cpu_and_wall(run: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """The best CPU time and the best wall time of ``repeats`` runs."""
    cpu = wall = float("inf")
    for _ in range(repeats):
        gc.collect()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        run()
        cpu = min(cpu, time.process_time() - start_cpu)
        wall = min(wall, time.perf_counter() - start_wall)
    return cpu, wall


def _handwritten_yaml(kpis: int, points: int) -> str:
    """Block-style YAML as a person writes it: comments, figures as text with their units."""
    lines = ["# A hand-written KPI table", "title: 手書きのKPI表", "as_of: 2026-03-31", "themes:"]
    for theme in range(max(1, kpis // 40)):
        lines += [f"  - id: theme-{theme}", f"    title: 分野{theme}", "    kpis:"]
        for k in range(40):
            lines += [
                f"      - id: kpi-{theme}-{k}",
                f"        title: 指標{theme}-{k}  # 出典: 白書",
                "        target: {kind: absolute, value: 5兆円, deadline: 2030年}",
                "        observations:",
            ]
            for year in range(2026 - points, 2026):
                lines.append(f"          - {{period: {year}年, value: {1 + year % 7}.{k}兆円}}")
    return "\n".join(lines) + "\n"


def bench_loading(kpis: int, points: int, repeats: int) -> None:
    import yaml

    import kpimodel
    from kpimodel.io._json import parse_json
    from kpimodel.io._yaml import parse_yaml

    c_loader = getattr(yaml, "CSafeLoader", None)
    json_text = _generate.program_document(kpis, points)
    program = kpimodel.loads(json_text, "json")
    documents = {
        "generated (kpimodel.dumps)": kpimodel.dumps(program),
        "hand-written style": _handwritten_yaml(kpis, points),
    }
    for name, text in documents.items():
        megabytes = len(text.encode()) / 1e6
        ours_cpu, ours_wall = _cpu_and_wall(lambda text=text: parse_yaml(text), repeats)
        if c_loader is None:
            add(Row("loading", f"YAML parse, {name}", f"{ours_cpu * 1000:.0f} ms CPU"))
            continue
        theirs_cpu, theirs_wall = _cpu_and_wall(
            lambda text=text: yaml.load(text, Loader=c_loader), repeats
        )
        ratio = theirs_cpu / ours_cpu
        add(
            Row(
                "loading",
                f"YAML parse, {name}, {megabytes:.1f} MB",
                f"{ours_cpu * 1000:.0f} ms CPU ({ours_wall * 1000:.0f} ms wall), "
                f"{megabytes / ours_cpu:.1f} MB/CPU-s",
                f"PyYAML CSafeLoader {theirs_cpu * 1000:.0f} ms CPU "
                f"({theirs_wall * 1000:.0f} ms wall): {ratio:.2f}x its speed",
                "at least as fast (>= 1.00x)",
                ratio >= 1.0,
                {"ours_cpu": ours_cpu, "theirs_cpu": theirs_cpu, "ratio": ratio, "mb": megabytes},
            )
        )
        end_cpu, end_wall = _cpu_and_wall(lambda text=text: kpimodel.loads(text), repeats)
        add(
            Row(
                "loading",
                f"YAML loads (parse + validate), {name}",
                f"{end_cpu * 1000:.0f} ms CPU ({end_wall * 1000:.0f} ms wall), "
                f"{megabytes / end_cpu:.2f} MB/CPU-s",
                data={"cpu": end_cpu, "mb": megabytes},
            )
        )
    megabytes = len(json_text.encode()) / 1e6
    ours_cpu, ours_wall = _cpu_and_wall(lambda: parse_json(json_text), repeats)
    theirs_cpu, theirs_wall = _cpu_and_wall(lambda: json.loads(json_text), repeats)
    add(
        Row(
            "loading",
            f"JSON parse (exact Decimals, duplicate keys refused), {megabytes:.1f} MB",
            f"{ours_cpu * 1000:.0f} ms CPU ({ours_wall * 1000:.0f} ms wall)",
            f"json.loads {theirs_cpu * 1000:.0f} ms CPU ({theirs_wall * 1000:.0f} ms wall): "
            f"{theirs_cpu / ours_cpu:.2f}x its speed",
            data={"ours_cpu": ours_cpu, "theirs_cpu": theirs_cpu, "mb": megabytes},
        )
    )
    end_cpu, end_wall = _cpu_and_wall(lambda: kpimodel.loads(json_text), repeats)
    add(
        Row(
            "loading",
            "JSON loads (parse + validate)",
            f"{end_cpu * 1000:.0f} ms CPU ({end_wall * 1000:.0f} ms wall), "
            f"{megabytes / end_cpu:.2f} MB/CPU-s",
            data={"cpu": end_cpu, "mb": megabytes},
        )
    )


# -- the table -----------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    for name in ("pydantic", "pint", "numpy", "pandas"):
        try:
            module = __import__(name)
        except ImportError:
            versions.append(f"{name} not installed")
        else:
            versions.append(
                f"{name} {getattr(module, '__version__', getattr(module, 'VERSION', '?'))}"
            )
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"{', '.join(versions)}; load average {os.getloadavg()[0]:.1f} at the end"
    )


def table() -> str:
    lines = [
        "| section | benchmark | measured | compared | goal | met |",
        "|---|---|---|---|---|---|",
    ]
    for row in ROWS:
        met = "" if row.met is None else ("yes" if row.met else "**no**")
        lines.append(
            f"| {row.section} | {row.name} | {row.value} | {row.compared} | {row.goal} | {met} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (a smoke run)")
    parser.add_argument(
        "--only",
        default="import,report,hot,loading,object,batch",
        help="comma-separated sections",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    sections = set(args.only.split(","))
    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    quick = args.quick
    with tempfile.TemporaryDirectory() as tmp:
        if "import" in sections:
            print("import ...", file=sys.stderr)
            bench_import(repeats=5 if quick else 11)
        if "report" in sections:
            print("kpimodel report ...", file=sys.stderr)
            bench_report(repeats=3 if quick else 9)
        if "hot" in sections:
            print("source edits ...", file=sys.stderr)
            bench_hot_paths(200 if quick else 2_000)
        if "loading" in sections:
            print("loading ...", file=sys.stderr)
            bench_loading(150 if quick else 1_500, 20, repeats=3 if quick else 5)
        if "object" in sections:
            print("object API ...", file=sys.stderr)
            bench_object(1_000 if quick else 10_000, 20, Path(tmp))
        if "batch" in sections:
            print("batch API ...", file=sys.stderr)
            bench_batch(100_000 if quick else 1_000_000, 20, repeats=2 if quick else 3)
    print()
    print(f"Machine: {machine()} (load average {load_at_start:.1f} at the start)")
    print(f"Run: {dt.datetime.now():%Y-%m-%d %H:%M}, {time.perf_counter() - started:.0f} s")
    print()
    print(table())
    if args.json:
        args.json.write_text(
            json.dumps([row.__dict__ for row in ROWS], indent=2, default=str), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
