"""evaluate_frame runs partition by partition: a Dask DataFrame partitioned by series id.

Skipped when dask[dataframe] is not installed (it is in the ``test`` extra).
"""

from __future__ import annotations

import datetime as dt

import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")

from kpimodel.batch import evaluate_frame  # noqa: E402

AS_OF = dt.date(2026, 3, 31)


def _tables(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    kinds = ["absolute", "ratio", "rank", "trend", "monitor"]
    units = {"absolute": "億円", "ratio": "%", "rank": "位", "trend": "人", "monitor": "件"}
    rows = []
    targets = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        for year in range(2019, 2026 - i % 4):
            value = 40 + (i % 7) * 3 + (year - 2019) * (1 + i % 3) - (i % 5 == 1) * year % 3
            if kind == "rank":
                value = max(1, 30 - (year - 2019) * (i % 3))
            rows.append({"series": i, "period": f"{year}年", "value": float(value)})
        targets.append(
            {
                "series": i,
                "kind": kind,
                "value": {"rank": 5.0, "ratio": 60.0}.get(kind, 80.0 + i % 9),
                "unit": units[kind],
                "deadline": ["2030年", "2035年", None][i % 3],
            }
        )
    return pd.DataFrame(rows), pd.DataFrame(targets)


def test_map_partitions_by_series_equals_the_single_machine_result() -> None:
    observations, targets = _tables(200)
    expected = evaluate_frame(observations, targets, as_of=AS_OF)

    # Partitioned by series id: the targets by their index, the observations to match.
    target_parts = dd.from_pandas(targets.set_index("series"), npartitions=4)
    observation_parts = dd.from_pandas(
        observations.set_index("series"), npartitions=7, sort=True
    ).repartition(divisions=target_parts.divisions)
    meta = evaluate_frame(observations.iloc[:0], targets.iloc[:0], as_of=AS_OF)
    result = observation_parts.map_partitions(evaluate_frame, target_parts, as_of=AS_OF, meta=meta)
    assert result.npartitions == 4
    with dask.config.set(scheduler="threads"):
        got = result.compute()
    pd.testing.assert_frame_equal(got, expected)
    with dask.config.set(scheduler="synchronous"):
        pd.testing.assert_frame_equal(result.compute(), expected)
