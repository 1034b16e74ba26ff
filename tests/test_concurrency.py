"""Concurrency: evaluation is pure and thread-safe; the unit registry and caches are too.

The same program evaluated from 8 threads, and from several processes, gives identical
results; evaluating never changes the program; a fresh unit registry (and a fresh target
adapter) built by many threads at once is built once and answers every thread correctly.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

import kpimodel
from kpimodel import Program

THREADS = 8
PROCESSES = 3
AS_OF = dt.date(2026, 3, 31)
LATER = dt.date(2028, 12, 31)
DATASET = "ip-strategic-program-2026"
T = TypeVar("T")


@pytest.fixture(scope="module")
def program() -> Program:
    return kpimodel.datasets.load(DATASET)


def _all_at_once(function: Callable[[int], T], workers: int = THREADS) -> list[T]:
    """Run ``function(i)`` in ``workers`` threads released together by a barrier."""
    barrier = threading.Barrier(workers)

    def run(index: int) -> T:
        barrier.wait(timeout=30)
        return function(index)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(workers)))


def test_evaluation_from_8_threads_is_identical(program: Program) -> None:
    expected = kpimodel.evaluate(program, AS_OF).model_dump_json()
    # A fresh copy, so that the threads race to fill its caches (derived observations).
    fresh = kpimodel.loads(kpimodel.dumps(program))
    results = _all_at_once(lambda _: kpimodel.evaluate(fresh, AS_OF).model_dump_json())
    assert results == [expected] * THREADS


def test_threads_with_different_dates_do_not_interfere(program: Program) -> None:
    dates = [AS_OF, LATER] * (THREADS // 2)
    expected = {day: kpimodel.evaluate(program, day).model_dump_json() for day in set(dates)}
    fresh = kpimodel.loads(kpimodel.dumps(program))
    for _ in range(3):
        results = _all_at_once(lambda i: kpimodel.evaluate(fresh, dates[i]).model_dump_json())
        assert results == [expected[day] for day in dates]


def test_loading_from_8_threads_is_identical(program: Program) -> None:
    text = kpimodel.dumps(program)
    results = _all_at_once(lambda _: kpimodel.loads(text))
    assert all(result == program for result in results)
    assert {kpimodel.dumps(result) for result in results} == {text}


def test_evaluation_does_not_change_the_program(program: Program) -> None:
    before = program.model_dump_json()
    _all_at_once(lambda i: kpimodel.evaluate(program, [AS_OF, LATER][i % 2]))
    assert program.model_dump_json() == before
    assert kpimodel.evaluate(program, AS_OF) == kpimodel.evaluate(program, AS_OF)


def test_errors_from_threads_are_the_same(program: Program) -> None:
    text = kpimodel.dumps(program, style="full")
    bad = text.replace("unit: 位", "unit: furlongs", 1)
    assert bad != text

    def attempt(_: int) -> str:
        with pytest.raises(kpimodel.UnknownUnitError) as info:
            kpimodel.loads(bad)
        return str(info.value)

    messages = _all_at_once(attempt)
    assert len(set(messages)) == 1
    assert "furlongs" in messages[0]


def test_evaluation_in_several_processes_is_identical(program: Program) -> None:
    expected = kpimodel.evaluate(program, AS_OF).model_dump_json()
    # "spawn": fresh interpreters that import kpimodel themselves (and no fork of a process
    # that runs threads). The program and the results cross the process boundary pickled.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=PROCESSES, mp_context=context) as pool:
        futures = [pool.submit(kpimodel.evaluate, program, AS_OF) for _ in range(PROCESSES)]
        results = [future.result(timeout=120).model_dump_json() for future in futures]
    assert results == [expected] * PROCESSES


def test_evaluation_in_separate_interpreters_is_identical(program: Program) -> None:
    expected = kpimodel.evaluate(program, AS_OF).model_dump_json()
    code = textwrap.dedent(
        f"""
        import datetime as dt, sys
        import kpimodel
        program = kpimodel.datasets.load({DATASET!r})
        result = kpimodel.evaluate(program, dt.date(2026, 3, 31))
        sys.stdout.buffer.write(result.model_dump_json().encode("utf-8"))
        """
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
        for _ in range(PROCESSES)
    ]
    outputs = [process.communicate(timeout=120)[0].decode("utf-8") for process in processes]
    assert [process.returncode for process in processes] == [0] * PROCESSES
    assert outputs == [expected] * PROCESSES


FRESH_REGISTRY = textwrap.dedent(
    """
    import sys, threading
    import kpimodel
    from kpimodel.model import Target
    from kpimodel.units import _registry

    # Forget the registry, the unit cache and the target adapter built at import, so that
    # the threads below race to build them again.
    old = id(_registry.get_registry())
    _registry._registry = None
    _registry.unit_info.cache_clear()
    simple = getattr(_registry, "_simple_units", None)  # a table of the common units
    if simple is not None:
        simple.cache_clear()
    Target._adapter = None

    SYMBOLS = ["億円", "兆円", "円", "%", "ポイント", "人", "件", "社", "校", "位", "USD", "万件",
               "千万円", "割", "‰", "円/人", "機関", "アクセス"]
    THREADS = 32
    barrier = threading.Barrier(THREADS)
    registries, failures, answers = [], [], {}
    lock = threading.Lock()

    def work(index):
        try:
            barrier.wait(timeout=30)
            registries.append(id(_registry.get_registry()))
            mine = []
            for symbol in SYMBOLS[index % len(SYMBOLS):] + SYMBOLS[: index % len(SYMBOLS)]:
                info = _registry.unit_info(symbol)
                mine.append((symbol, info.dimension, str(info.factor), info.kind))
            q = kpimodel.parse_quantity("約1兆7千億円").to("億円")
            mine.append(("q", str(q), "", ""))
            t = Target.parse({"kind": "absolute", "value": "5兆円", "deadline": "2030年"})
            mine.append(("t", t.model_dump_json(), "", ""))
            with lock:
                answers[index] = sorted(mine)
        except BaseException as exc:
            failures.append(repr(exc))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures, failures
    assert len(set(registries)) == 1, "the registry was built more than once"
    assert registries[0] != old, "the registry was not built afresh"
    assert len(answers) == THREADS
    assert all(answer == answers[0] for answer in answers.values())
    print(len(answers[0]), "OK")
    """
)


@pytest.mark.parametrize("attempt", range(3))
def test_a_fresh_registry_built_by_many_threads(attempt: int) -> None:
    result = subprocess.run(
        [sys.executable, "-c", FRESH_REGISTRY],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("OK")
