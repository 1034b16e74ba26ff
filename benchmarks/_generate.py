"""Generated KPI programs and long tables for the benchmarks (deterministic, seeded).

Two generators:

* :func:`program_document` - a program of ``n`` KPIs with ``points`` observations each, as
  the JSON document kpimodel writes (mixed target kinds, units and period kinds), for the
  object API benchmark;
* :func:`long_tables` - ``n`` series of ``points`` observations as numpy-backed pandas
  DataFrames in the long format of :func:`kpimodel.batch.evaluate_frame`, for the batch
  benchmark (vectorised, so that a million series take seconds to build).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

AS_OF = dt.date(2026, 3, 31)

# (target kind, weight)
KINDS = (
    ("absolute", 40),
    ("ratio", 20),
    ("rank", 10),
    ("trend-change", 10),
    ("trend", 10),
    ("monitor", 10),
)
AMOUNT_UNITS = (
    # (observation unit, target unit, typical size in the observation unit)
    ("億円", "兆円", 3000.0),
    ("億円", "億円", 800.0),
    ("万円", "億円", 50000.0),
    ("人", "人", 12000.0),
    ("万人", "万人", 300.0),
    ("件", "件", 5000.0),
    ("社", "社", 900.0),
    ("USD", "USD", 2.0e6),
)


def period_labels(kind: str, points: int) -> list[str]:
    """Return ``points`` consecutive period labels of one kind, ending before AS_OF."""
    if kind == "fiscal_year":
        return [f"{2025 - points + 1 + i}年度" for i in range(points)]
    if kind == "calendar_year":
        return [f"{2025 - points + 1 + i}年" for i in range(points)]
    if kind == "quarter":
        start = 2025 * 4 + 3 - points + 1  # the last is 2025Q4
        return [f"{(start + i) // 4}Q{(start + i) % 4 + 1}" for i in range(points)]
    start = 2026 * 12 + 1 - points + 1  # months; the last is 2026-02
    return [f"{(start + i) // 12}-{(start + i) % 12 + 1:02d}" for i in range(points)]


PERIOD_KINDS = ("fiscal_year", "calendar_year", "quarter", "month")


def _fmt(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def series_specs(n: int, points: int, seed: int = 1) -> list[dict[str, Any]]:
    """Return ``n`` random series: kind, units, target, periods and values (as text)."""
    rng = random.Random(seed)
    kinds = [k for k, _ in KINDS]
    weights = [w for _, w in KINDS]
    specs = []
    for i in range(n):
        kind = rng.choices(kinds, weights)[0]
        period_kind = rng.choice(PERIOD_KINDS)
        labels = period_labels(period_kind, points)
        growth = rng.uniform(-0.04, 0.10)
        deadline = rng.choice(("2030年", "2030年度", "2035年", "2024年", None))
        spec: dict[str, Any] = {"id": f"k{i:07d}", "kind": kind, "periods": labels}
        if kind == "rank":
            pos = rng.randint(5, 60)
            values = []
            for _ in labels:
                pos = max(1, pos + rng.choice((-2, -1, -1, 0, 0, 1)))
                values.append(str(pos))
            spec.update(unit="位", target_unit="位", values=values, direction="lower")
            spec["target"] = str(rng.randint(1, 10))
        elif kind == "ratio":
            share = rng.uniform(5, 60)
            values = []
            for _ in labels:
                share = min(99.0, max(0.5, share + rng.gauss(0.6, 1.5)))
                values.append(_fmt(share, 1))
            spec.update(unit="%", target_unit="%", values=values)
            spec["direction"] = rng.choice(("higher", "higher", "lower"))
            spec["target"] = _fmt(min(99.0, share + rng.uniform(-10, 25)), 0)
        else:
            unit, target_unit, size = rng.choice(AMOUNT_UNITS)
            value = size * rng.uniform(0.3, 3.0)
            step = (1 + growth) ** (1 / {"fiscal_year": 1, "calendar_year": 1}.get(period_kind, 4))
            values = []
            for _ in labels:
                value *= step * (1 + rng.gauss(0, 0.02))
                values.append(_fmt(value, 1))
            spec.update(unit=unit, target_unit=target_unit, values=values)
            spec["direction"] = rng.choice(("higher",) * 4 + ("lower",))
            goal = value * rng.uniform(0.8, 2.5)
            scale = {"兆円": 1e-4, "億円": 1e-4 if unit == "万円" else 1.0}.get(target_unit, 1.0)
            if unit == target_unit:
                scale = 1.0
            spec["target"] = _fmt(goal * scale, 2)
            if kind == "trend-change":
                spec["change"] = _fmt(float(values[-1]) * rng.uniform(0.1, 0.5), 1)
        spec["deadline"] = deadline
        if rng.random() < 0.3 and kind not in ("monitor", "trend"):
            spec["baseline"] = (labels[0], spec["values"][0])
        specs.append(spec)
    return specs


def _target(spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec["kind"]
    target: dict[str, Any]
    if kind == "rank":
        target = {"kind": "rank", "rank": int(spec["target"])}
    elif kind in ("absolute", "ratio"):
        target = {"kind": kind, "value": f"{spec['target']}{spec['target_unit']}"}
        target["direction"] = spec["direction"]
    elif kind == "trend-change":
        target = {"kind": "trend", "change": f"{spec['change']}{spec['unit']}"}
        target["direction"] = spec["direction"]
    elif kind == "trend":
        target = {"kind": "trend", "direction": spec["direction"]}
    else:
        target = {"kind": "monitor"}
    if spec.get("deadline") and kind != "monitor":
        target["deadline"] = spec["deadline"]
    if spec.get("baseline"):
        period, value = spec["baseline"]
        target["baseline"] = {"value": f"{value}{spec['unit']}", "period": period}
    return target


def program_data(specs: list[dict[str, Any]], themes: int = 10) -> dict[str, Any]:
    """Return the program document (as YAML/JSON data, figures as text) for ``specs``."""
    per_theme = max(1, -(-len(specs) // themes))
    theme_list = []
    for t in range(0, len(specs), per_theme):
        kpis = []
        for spec in specs[t : t + per_theme]:
            kpis.append(
                {
                    "id": spec["id"],
                    "title": f"KPI {spec['id']}",
                    "target": _target(spec),
                    "observations": [
                        {"period": p, "value": f"{v}{spec['unit']}"}
                        for p, v in zip(spec["periods"], spec["values"], strict=True)
                    ],
                }
            )
        theme_list.append({"id": f"theme-{t // per_theme}", "title": "テーマ", "kpis": kpis})
    return {
        "title": "Generated program",
        "as_of": AS_OF.isoformat(),
        "themes": theme_list,
    }


def program_document(n: int, points: int, seed: int = 1) -> str:
    """Return the program of ``n`` KPIs as kpimodel's canonical JSON (``kpimodel.dumps``)."""
    import kpimodel

    program = kpimodel.parse_program(program_data(series_specs(n, points, seed)))
    return kpimodel.dumps(program, "json")


def long_tables(n: int, points: int, seed: int = 1, kinds: str = "pace") -> tuple[Any, Any]:
    """Return ``(observations, targets)`` for ``n`` series of ``points`` annual figures.

    ``kinds="pace"``: absolute, ratio and rank targets, figures in the target's unit (what
    the hand-written baseline handles). ``kinds="mixed"``: also direction-only trends and
    monitored series, and amounts whose target is in 兆円 while the figures are in 億円.
    Observations are sorted by series and period, with a categorical period column (as an
    Arrow dictionary column converts), which is how long tables are usually stored.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    series = np.arange(n, dtype=np.int64)
    names = np.array(["absolute", "ratio", "rank", "trend", "monitor"], dtype=object)
    shares = [0.55, 0.30, 0.15, 0.0, 0.0] if kinds == "pace" else [0.45, 0.2, 0.15, 0.1, 0.1]
    kind_codes = rng.choice(5, size=n, p=shares)
    first = 2025 - points + 1
    labels = [f"{first + i}年度" for i in range(points)]
    start = rng.uniform(50.0, 5000.0, size=n)
    growth = rng.uniform(-0.04, 0.10, size=n)
    steps = np.arange(points, dtype=np.float64)
    noise = rng.normal(0.0, 0.02, size=(n, points))
    values = start[:, None] * (1.0 + growth[:, None]) ** steps[None, :] * (1.0 + noise)
    is_ratio = kind_codes == 1
    values[is_ratio] = np.clip(values[is_ratio] / 100.0, 0.5, 99.0)
    is_rank = kind_codes == 2
    values[is_rank] = np.maximum(1.0, np.round(values[is_rank] / 100.0))
    values = np.round(values, 1)
    latest = values[:, -1]
    target = np.round(latest * rng.uniform(0.8, 2.5, size=n), 1)
    target[is_ratio] = np.clip(np.round(target[is_ratio]), 1.0, 99.0)
    target[is_rank] = np.maximum(1.0, np.round(latest[is_rank] * rng.uniform(0.2, 1.1)))
    units = np.array(["億円", "%", "位", "人", "件"], dtype=object)[kind_codes]
    direction = np.where(rng.random(n) < 0.8, "higher", "lower").astype(object)
    direction[is_rank] = "lower"
    deadline = np.array(["2030年", "2035年度", "2024年"], dtype=object)[
        rng.choice(3, size=n, p=[0.5, 0.4, 0.1])
    ]
    target[kind_codes >= 3] = np.nan
    observations = pd.DataFrame(
        {
            "series": np.repeat(series, points),
            "period": pd.Categorical.from_codes(np.tile(np.arange(points), n), labels),
            "value": values.reshape(-1),
        }
    )
    if kinds == "mixed":
        # Half the amounts have their target in 兆円, their figures staying in 億円.
        in_cho = (kind_codes == 0) & (rng.random(n) < 0.5)
        target[in_cho] = target[in_cho] / 10_000
        observations["unit"] = pd.Categorical(np.repeat(units, points))
        units = units.copy()
        units[in_cho] = "兆円"
    targets = pd.DataFrame(
        {
            "series": series,
            "kind": pd.Categorical(names[kind_codes]),
            "value": target,
            "unit": pd.Categorical(units),
            "direction": pd.Categorical(direction),
            "deadline": pd.Categorical(deadline),
        }
    )
    return observations, targets
