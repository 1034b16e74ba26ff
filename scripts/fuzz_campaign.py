"""A long fuzzing campaign against kpimodel's readers, outside CI.

Two engines, run one after the other (or alone with ``--engine``):

``hypothesis``
    Runs every property of ``tests/test_fuzz.py`` (generated, mutated and random YAML,
    JSON and bytes; parsers; conversions) with many more examples than CI does
    (``--examples``, 20,000 per property by default, a quarter of that for the three
    properties that build whole programs).

``mutate``
    A plain mutation fuzzer: starts from real documents (the bundled dataset, the accepted
    near misses and the bad-input corpus), applies random byte and text mutations (bit
    flips, deletions, insertions of YAML and JSON punctuation, duplicated and swapped lines,
    truncations, splices of two documents) and loads each result as YAML and as JSON.

``atheris``
    Coverage-guided fuzzing of ``kpimodel.loads`` with atheris, when it is installed
    (``pip install atheris``; not a kpimodel dependency).

Every input must either load to a :class:`kpimodel.Program` that round-trips exactly
through YAML and JSON (and evaluates), or raise one of kpimodel's own errors. Anything else
is a finding: the script prints it, saves the input under ``--findings`` and exits 1.

Usage::

    python scripts/fuzz_campaign.py                      # both engines, default sizes
    python scripts/fuzz_campaign.py --engine mutate --iterations 200000 --seed 7
    HYPOTHESIS_PROFILE=long python -m pytest tests/test_fuzz.py   # 20,000 examples each
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PUNCTUATION = [
    *":{}[]&*!|>'\"#%@`,?-\t\n\r\\ ",
    "\x00",
    "\x85",
    "\u2028",
    "\ufeff",
    "▲",
    "億",
    "!!python/object/apply:os.system ",
    "&a ",
    "*a",
    "<<: ",
    "NaN",
    ".inf",
    "1e400",
    "9" * 50,
    "---\n",
    "%YAML 1.1\n",
    "\t",
]


def _seeds() -> list[bytes]:
    """Return the documents the mutation fuzzer starts from."""
    seeds = [(ROOT / "src/kpimodel/datasets/ip-strategic-program-2026.yaml").read_bytes()]
    for folder in ("tests/corpus/accepted", "tests/corpus/cases"):
        seeds.extend(path.read_bytes() for path in sorted((ROOT / folder).iterdir()))
    # Small documents mutate into interesting shapes faster: add JSON forms of the valid ones.
    import kpimodel

    for path in sorted((ROOT / "tests/corpus/accepted").iterdir()):
        seeds.append(kpimodel.dumps(kpimodel.load(path), "json").encode("utf-8"))
    return [seed for seed in seeds if len(seed) < 200_000]


def _mutate(data: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    """Apply one to eight random mutations to ``data``."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        operation = rng.randrange(9)
        position = rng.randint(0, len(buffer))
        if operation == 0 and buffer:  # flip a bit
            index = rng.randrange(len(buffer))
            buffer[index] ^= 1 << rng.randrange(8)
        elif operation == 1:  # delete a span
            del buffer[position : position + rng.randint(1, 40)]
        elif operation == 2:  # insert punctuation
            buffer[position:position] = rng.choice(PUNCTUATION).encode("utf-8")
        elif operation == 3:  # insert random bytes
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        elif operation == 4 or operation == 5:  # duplicate or swap lines
            lines = bytes(buffer).splitlines(keepends=True)
            if len(lines) > 1:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                if operation == 4:
                    lines.insert(i, lines[j])
                else:
                    lines[i], lines[j] = lines[j], lines[i]
                buffer = bytearray(b"".join(lines))
        elif operation == 6:  # truncate
            del buffer[position:]
        elif operation == 7:  # splice another document in
            other = rng.choice(seeds)
            start = rng.randint(0, len(other))
            buffer[position:position] = other[start : start + rng.randint(1, 200)]
        else:  # repeat a span (deep nesting, long strings)
            span = bytes(buffer[position : position + rng.randint(1, 8)])
            buffer[position:position] = span * rng.randint(2, 200)
    return bytes(buffer)


class Campaign:
    """Counts inputs and outcomes, and records findings."""

    def __init__(self, findings: Path) -> None:
        self.findings = findings
        self.outcomes: Counter[str] = Counter()
        self.failures: list[dict[str, Any]] = []

    def check(self, data: bytes | str, fmt: str) -> None:
        """Load ``data``; record the outcome; record a finding on an unexpected exception."""
        from kpimodel import KPIModelError
        from test_fuzz import check_round_trip, load_or_refuse

        try:
            program = load_or_refuse(data, "json" if fmt == "json" else "yaml")
            if program is None:
                self.outcomes["refused"] += 1
                return
            self.outcomes["loaded"] += 1
            check_round_trip(program)
        except RecursionError as exc:  # reported like any other finding
            self._finding(data, fmt, exc)
        except (AssertionError, Exception) as exc:
            if isinstance(exc, KPIModelError) and type(exc).__module__ == "kpimodel.errors":
                self.outcomes["refused"] += 1
                return
            self._finding(data, fmt, exc)

    def _finding(self, data: bytes | str, fmt: str, exc: BaseException) -> None:
        key = f"{type(exc).__name__}: {str(exc)[:120]}"
        self.outcomes["finding"] += 1
        if any(f["key"] == key for f in self.failures):
            return
        self.findings.mkdir(parents=True, exist_ok=True)
        raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
        path = self.findings / f"finding-{len(self.failures) + 1}.{fmt}"
        path.write_bytes(raw)
        self.failures.append(
            {
                "key": key,
                "format": fmt,
                "input": str(path),
                "traceback": "".join(traceback.format_exception(exc))[-3000:],
            }
        )
        print(f"FINDING {key} ({path})", flush=True)


def run_mutate(campaign: Campaign, iterations: int, seed: int) -> dict[str, Any]:
    """Run the mutation engine for ``iterations`` inputs (each read as YAML and JSON)."""
    rng = random.Random(seed)
    seeds = _seeds()
    started = time.perf_counter()
    for index in range(iterations):
        data = _mutate(rng.choice(seeds), rng, seeds)
        campaign.check(data, "yaml")
        campaign.check(data, "json")
        if index and index % 10_000 == 0:
            rate = index / (time.perf_counter() - started)
            print(f"  mutate: {index} inputs, {rate:.0f}/s, {dict(campaign.outcomes)}", flush=True)
    return {
        "engine": "mutate",
        "inputs": iterations,
        "loads": iterations * 2,
        "seeds": len(seeds),
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
    }


def run_hypothesis(examples: int, only: str | None) -> dict[str, Any]:
    """Run every property of tests/test_fuzz.py with ``examples`` examples each."""
    from hypothesis import settings

    # test_fuzz reads the number of examples when it is imported.
    os.environ["KPIMODEL_FUZZ_EXAMPLES"] = str(examples)
    settings.register_profile("campaign", database=None, deadline=None)
    settings.load_profile("campaign")
    module = importlib.import_module("test_fuzz")
    results: dict[str, Any] = {
        "engine": "hypothesis",
        "examples_per_property": examples,
        "examples_per_heavy_property": max(examples // 4, 1),
    }
    started = time.perf_counter()
    failures = 0
    for name in sorted(dir(module)):
        if not name.startswith("test_") or (only and only not in name):
            continue
        test: Callable[[], None] = getattr(module, name)
        begin = time.perf_counter()
        try:
            test()
            outcome = "passed"
        except Exception as exc:
            failures += 1
            outcome = f"FAILED: {type(exc).__name__}: {str(exc)[:2000]}"
            traceback.print_exc()
        results[name] = {"outcome": outcome, "seconds": round(time.perf_counter() - begin, 1)}
        print(f"  hypothesis: {name}: {outcome[:200]} ({results[name]['seconds']} s)", flush=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["failures"] = failures
    return results


def run_atheris(
    campaign: Campaign, runs: int, finish: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    """Coverage-guided fuzzing of kpimodel.loads with atheris (if installed).

    libFuzzer ends the process when the runs are done, so ``finish`` is called with the
    summary from the last input rather than after :func:`atheris.Fuzz` returns.
    """
    atheris = importlib.import_module("atheris")
    with atheris.instrument_imports():
        import yaml  # noqa: F401

        import kpimodel  # noqa: F401
    corpus = Path(tempfile.mkdtemp(prefix="kpimodel-atheris-"))
    for index, seed in enumerate(_seeds()):
        (corpus / f"seed-{index}").write_bytes(seed)
    started = time.perf_counter()
    count = 0

    def summary() -> dict[str, Any]:
        return {
            "engine": "atheris",
            "runs": count,
            "corpus_files": len(list(corpus.iterdir())),
            "seconds": round(time.perf_counter() - started, 1),
        }

    def one_input(data: bytes) -> None:
        nonlocal count
        count += 1
        campaign.check(data, "json" if data[:1] == b"{" else "yaml")
        if count >= runs:
            finish(summary())

    argv = [sys.argv[0], f"-runs={runs}", "-max_len=65536", "-rss_limit_mb=4096", str(corpus)]
    atheris.Setup(argv, one_input)
    with contextlib.suppress(SystemExit):
        atheris.Fuzz()
    return summary()


def main(argv: list[str] | None = None) -> int:
    """Run the campaign; print a JSON summary; return 1 when anything was found."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--engine", choices=["all", "hypothesis", "mutate", "atheris"], default="all"
    )
    parser.add_argument("--examples", type=int, default=20_000, help="hypothesis examples each")
    parser.add_argument("--iterations", type=int, default=100_000, help="mutated inputs")
    parser.add_argument("--runs", type=int, default=200_000, help="atheris runs")
    parser.add_argument("--seed", type=int, default=20260331)
    parser.add_argument("--only", help="run only the hypothesis properties containing this")
    parser.add_argument(
        "--findings", type=Path, default=Path(tempfile.gettempdir()) / "kpimodel-fuzz-findings"
    )
    parser.add_argument("--report", type=Path, help="also write the JSON summary here")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    campaign = Campaign(args.findings)
    summary: dict[str, Any] = {"python": sys.version.split()[0], "runs": []}
    started = time.perf_counter()

    def finish(last: dict[str, Any] | None = None) -> int:
        if last is not None:
            summary["runs"].append(last)
        summary["seconds"] = round(time.perf_counter() - started, 1)
        summary["outcomes"] = dict(campaign.outcomes)
        summary["findings"] = campaign.failures
        text = json.dumps(summary, ensure_ascii=False, indent=2)
        print(text, flush=True)
        if args.report:
            args.report.write_text(text + "\n", encoding="utf-8")
        hypothesis_failures = sum(run.get("failures", 0) for run in summary["runs"])
        return 1 if campaign.failures or hypothesis_failures else 0

    if args.engine in ("all", "hypothesis"):
        summary["runs"].append(run_hypothesis(args.examples, args.only))
    if args.engine in ("all", "mutate"):
        summary["runs"].append(run_mutate(campaign, args.iterations, args.seed))
    if args.engine == "atheris":
        run_atheris(campaign, args.runs, finish)  # calls finish itself, then exits
        return 0
    return finish()


if __name__ == "__main__":
    sys.exit(main())
