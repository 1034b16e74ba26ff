"""Determinism and isolation: same input, same bytes; no network, no processes, no code.

The same program and as-of date give byte-identical JSON from ``evaluate(...)`` and
byte-identical YAML and JSON from ``kpimodel.dumps`` across runs and across
``PYTHONHASHSEED`` values (set iteration order must never leak into output). Reading and
evaluating never open a socket, start a process or run code from the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kpimodel

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
DATASET = "ip-strategic-program-2026"
SEEDS = ["0", "1", "42", "12345", "4294967295"]

# Prints one digest per output, for the bundled dataset and for every accepted near miss.
DIGESTS = textwrap.dedent(
    """
    import datetime as dt, hashlib, json, sys
    from pathlib import Path
    import kpimodel

    def digest(text):
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    programs = {"dataset": kpimodel.datasets.load("ip-strategic-program-2026")}
    for path in sorted(Path(sys.argv[1]).iterdir()):
        programs[path.name] = kpimodel.load(path)
    out = {}
    for name, program in programs.items():
        for day in (dt.date(2026, 3, 31), dt.date(2030, 12, 31)):
            result = kpimodel.evaluate(program, day)
            out[f"{name} evaluate {day}"] = digest(result.model_dump_json())
        out[f"{name} dumps yaml"] = digest(kpimodel.dumps(program, "yaml"))
        out[f"{name} dumps json"] = digest(kpimodel.dumps(program, "json"))
    out["schema"] = digest(json.dumps(kpimodel.program_schema(), ensure_ascii=False))
    try:
        kpimodel.load(Path(sys.argv[2]))
    except kpimodel.KPIModelError as exc:
        out["error"] = digest(str(exc))
    print(json.dumps(out, sort_keys=True))
    """
)


def _start(seed: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            DIGESTS,
            str(CORPUS / "accepted"),
            str(CORPUS / "cases" / "duplicate-kpi-ids.yaml"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )


def _finish(process: subprocess.Popen[str]) -> dict[str, str]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    digests: dict[str, str] = json.loads(out)
    return digests


def _digests(seed: str) -> dict[str, str]:
    return _finish(_start(seed))


def test_output_is_identical_across_hash_seeds() -> None:
    processes = {seed: _start(seed) for seed in SEEDS}  # in parallel
    runs = {seed: _finish(process) for seed, process in processes.items()}
    first = runs[SEEDS[0]]
    assert len(first) > 10
    for seed, digests in runs.items():
        assert digests == first, f"PYTHONHASHSEED={seed} changed {_diff(first, digests)}"


def _diff(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))


def test_output_matches_this_process() -> None:
    """The subprocess digests equal those computed here, whatever this process's seed."""
    program = kpimodel.datasets.load(DATASET)
    theirs = _digests("7")
    ours = {
        f"dataset evaluate {day}": hashlib.sha256(
            kpimodel.evaluate(program, day).model_dump_json().encode("utf-8")
        ).hexdigest()
        for day in (dt.date(2026, 3, 31), dt.date(2030, 12, 31))
    }
    ours["dataset dumps yaml"] = hashlib.sha256(kpimodel.dumps(program).encode()).hexdigest()
    assert {key: theirs[key] for key in ours} == ours


def test_repeated_calls_are_identical() -> None:
    program = kpimodel.datasets.load(DATASET)
    day = dt.date(2026, 3, 31)
    first = kpimodel.evaluate(program, day).model_dump_json()
    again = kpimodel.datasets.load(DATASET)
    assert kpimodel.evaluate(again, day).model_dump_json() == first
    assert kpimodel.evaluate(program, day).model_dump_json() == first
    assert kpimodel.dumps(again) == kpimodel.dumps(program)
    assert kpimodel.loads(kpimodel.dumps(program)) == program


def test_dump_is_a_fixed_point() -> None:
    """dumps(loads(dumps(p))) == dumps(p), in both formats."""
    program = kpimodel.datasets.load(DATASET)
    for fmt in ("yaml", "json"):
        form: kpimodel.io.Format = "yaml" if fmt == "yaml" else "json"
        text = kpimodel.dumps(program, form)
        assert kpimodel.dumps(kpimodel.loads(text, form), form) == text


# Blocks and records every attempt to open a socket, resolve a name, start a process, or
# compile and run code, while kpimodel reads every corpus file, evaluates and writes. A first
# pass without the hook lets kpimodel (and pint, pydantic, dataclasses) finish their lazy
# imports and set-up, which legitimately compile code.
ISOLATED = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    import kpimodel
    from kpimodel.units import get_registry

    BLOCKED = ("socket.", "subprocess.", "os.system", "os.exec", "os.spawn", "os.posix_spawn",
               "os.fork", "urllib.", "http.", "ftplib.", "smtplib.", "webbrowser.", "ctypes.",
               "exec", "compile", "import", "os.startfile", "pty.")
    seen = []

    def hook(event, args):
        if event.startswith(BLOCKED):
            seen.append(event)
            raise RuntimeError(f"blocked: {event}")

    def work():
        program = kpimodel.datasets.load("ip-strategic-program-2026")
        kpimodel.evaluate(program)
        kpimodel.dumps(program, "yaml")
        kpimodel.loads(kpimodel.dumps(program, "json"), "json")
        refused = 0
        for path in sorted(Path(sys.argv[1]).iterdir()):
            try:
                kpimodel.load(path)
            except kpimodel.KPIModelError:
                refused += 1
        return refused

    get_registry()
    work()
    sys.addaudithook(hook)
    refused = work()
    assert not seen, seen
    print(refused)
    """
)


def test_no_network_no_processes_no_code_from_data(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", ISOLATED, str(CORPUS / "cases")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(list((CORPUS / "cases").iterdir()))
    assert list(tmp_path.iterdir()) == []  # nothing was written (the tag case would touch)


@pytest.mark.parametrize("name", ["nan.yaml", "duplicate-kpi-ids.yaml", "tabs.yaml"])
def test_error_messages_are_deterministic(name: str) -> None:
    messages = set()
    for _ in range(3):
        with pytest.raises(kpimodel.KPIModelError) as info:
            kpimodel.load(CORPUS / "cases" / name)
        messages.add(str(info.value))
    assert len(messages) == 1
