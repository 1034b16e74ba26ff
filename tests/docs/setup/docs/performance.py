"""What the batch snippets of docs/performance.md take: two long tables and a date."""

import datetime as dt

import pandas as pd

as_of = dt.date(2026, 3, 31)
series = [f"s{i:03d}" for i in range(40)]
observations = pd.DataFrame(
    {
        "series": [s for s in series for _ in range(3)],
        "period": ["2023年度", "2024年度", "2025年度"] * len(series),
        "value": [float(100 + i + 7 * year * (i % 5)) for i in range(40) for year in range(3)],
        "unit": "件",
    }
)
targets = pd.DataFrame(
    {
        "series": series,
        "kind": ["absolute"] * 30 + ["trend"] * 10,
        "value": [150.0 + i for i in range(30)] + [float("nan")] * 10,
        "unit": "件",
        "deadline": ["2028年度"] * 30 + [None] * 10,
    }
)
