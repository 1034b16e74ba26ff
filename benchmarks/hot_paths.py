"""Each performance edit in kpimodel's source, measured against the code it replaced.

The replaced code is put back by monkeypatching, in the same process and run, so that
every pair is timed side by side (interleaved, best of several):

- ``periods``: ``end`` of fiscal years, quarters, months and spans by plain date
  arithmetic instead of ``relativedelta`` (``evaluate`` sorts by period point and end);
- ``parse_period``: cached per label (tables repeat the same few labels);
- ``_check_tree``: the document-limit walk checks scalars in place and links paths instead
  of copying them;
- units: the facts of the units of ``definitions.txt`` are read without pint, so neither
  ``import kpimodel`` nor reading a table imports pint (measured in fresh processes).
"""

from __future__ import annotations

import gc
import json
import math
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta

import kpimodel
from kpimodel import periods
from kpimodel.errors import KPIModelError, LimitExceededError, SchemaError
from kpimodel.io import MAX_DEPTH, MAX_NUMBER_DIGITS, MAX_STRING_CHARS, _locate, parse_program
from kpimodel.model import MAX_OBSERVATIONS

OLD_ENDS: dict[type, Callable[[Any], Any]] = {
    periods.FiscalYear: lambda self: self.start + relativedelta(years=1),
    periods.Quarter: lambda self: self.start + relativedelta(months=3),
    periods.Month: lambda self: self.start + relativedelta(months=1),
    periods.YearSpan: lambda self: self.start + relativedelta(years=self.last - self.first + 1),
}


def _best_pair(
    before: Callable[[], Any], after: Callable[[], Any], repeats: int
) -> tuple[float, float]:
    times: dict[str, list[float]] = {"before": [], "after": []}
    for _ in range(repeats):
        for name, run in (("before", before), ("after", after)):
            gc.collect()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return min(times["before"]), min(times["after"])


class _OldEnds:
    def __enter__(self) -> None:
        self.saved = {cls: cls.end for cls in OLD_ENDS}
        for cls, end in OLD_ENDS.items():
            cls.end = property(end)  # type: ignore[attr-defined,method-assign,assignment]

    def __exit__(self, *exc: object) -> None:
        for cls, end in self.saved.items():
            cls.end = end  # type: ignore[attr-defined,method-assign]


class _Uncached:
    def __enter__(self) -> None:
        self.saved = periods.parse_period
        periods.parse_period = periods.parse_period.__wrapped__  # type: ignore[attr-defined]

    def __exit__(self, *exc: object) -> None:
        periods.parse_period = self.saved


def _old_check_tree(data: Any) -> None:
    """The walk before the edit: an explicit stack of (node, path tuple)."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        problem: KPIModelError | None = None
        if isinstance(node, dict | list):
            if len(path) >= MAX_DEPTH:
                problem = LimitExceededError("too deep", value=len(path) + 1)
            elif path and path[-1] == "observations" and len(node) > MAX_OBSERVATIONS:
                problem = LimitExceededError("too many", value=len(node))
            else:
                items = node.items() if isinstance(node, dict) else enumerate(node)
                children = []
                for key, child in items:
                    if isinstance(key, str) and len(key) > MAX_STRING_CHARS:
                        problem = LimitExceededError("long key", value=key)
                        break
                    children.append((child, (*path, key)))
                stack.extend(reversed(children))
        elif isinstance(node, str):
            if len(node) > MAX_STRING_CHARS:
                problem = LimitExceededError("long text", value=node)
        elif isinstance(node, float | Decimal):
            if not math.isfinite(node) if isinstance(node, float) else not node.is_finite():
                problem = SchemaError("not finite", value=str(node))
            elif node and abs(Decimal(node).adjusted()) > MAX_NUMBER_DIGITS:
                problem = LimitExceededError("out of range", value=str(node)[:40])
        elif isinstance(node, int) and node.bit_length() > MAX_NUMBER_DIGITS * 10 // 3:
            problem = LimitExceededError("out of range", value="int")
        if problem is not None:
            kpi_id, field = _locate(data, path, document=True)
            raise problem.located(kpi_id=kpi_id, field=field or None)


def _fresh(code: str, repeats: int) -> float:
    times = []
    for _ in range(repeats + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def measure(data: dict[str, Any], as_of: Any, repeats: int = 3) -> list[dict[str, Any]]:
    """Return one result per edit: what, before, after (seconds), and the unit of work."""
    from kpimodel.io import _check_tree

    canonical = json.loads(kpimodel.dumps(parse_program(data), "json"))
    program = parse_program(data)
    n = sum(len(i.observations) for _, k in program.kpis() for i in k.indicators)
    results = []

    def evaluate() -> Any:
        return kpimodel.evaluate(program, as_of)

    def evaluate_old() -> Any:
        with _OldEnds():
            return kpimodel.evaluate(program, as_of)

    before, after = _best_pair(evaluate_old, evaluate, repeats)
    results.append(
        {
            "edit": "periods: end without relativedelta",
            "what": "kpimodel.evaluate",
            "before": before,
            "after": after,
            "n": n,
        }
    )

    def validate() -> Any:
        return parse_program(data)

    def validate_old() -> Any:
        with _Uncached():
            return parse_program(data)

    before, after = _best_pair(validate_old, validate, repeats)
    results.append(
        {
            "edit": "parse_period cached",
            "what": "parse_program (figures as text)",
            "before": before,
            "after": after,
            "n": n,
        }
    )
    for label, document in (("figures as text", data), ("kpimodel.dumps JSON", canonical)):
        before, after = _best_pair(
            lambda d=document: _old_check_tree(d), lambda d=document: _check_tree(d), repeats + 2
        )
        results.append(
            {
                "edit": "io: document-limit walk",
                "what": f"_check_tree ({label})",
                "before": before,
                "after": after,
                "n": n,
            }
        )
    without = "import kpimodel.units._registry as r; r._simple_units = lambda: {}; "
    for what, code in (
        ("import kpimodel; read one figure", "import kpimodel; kpimodel.parse_quantity('3億円')"),
        (
            "kpimodel report (in process)",
            "import io, contextlib; from kpimodel.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['report'])",
        ),
    ):
        before = _fresh(without + code, repeats + 2)
        after = _fresh(code, repeats + 2)
        results.append(
            {
                "edit": "units: facts read without pint",
                "what": what,
                "before": before,
                "after": after,
                "n": 1,
            }
        )
    return results
