"""The cabinet preset: A / B / N, hand-computed from the Cabinet Secretariat's rule."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from kpimodel import Indicator, Reason, Status, evaluate
from kpimodel.evaluation.presets.cabinet import elapsed_share
from kpimodel.periods import parse_period

AS_OF = dt.date(2026, 12, 31)


def target(value: str = "200", deadline: str | None = "2029年度", **extra: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"kind": "absolute", "value": value, **extra}
    if deadline is not None:
        found["deadline"] = deadline
    found.setdefault("baseline", {"value": "100", "period": "2019年度"})
    return found


def run(goal: dict[str, Any], *rows: tuple[str, str], as_of: dt.date = AS_OF) -> Any:
    observations = [{"period": period, "value": value} for period, value in rows]
    indicator = Indicator.model_validate({"id": "x", "target": goal, "observations": observations})
    return evaluate(indicator, as_of, preset="cabinet")


def grade(result: Any) -> str:
    assert result.rating is not None
    assert result.rating.scale == "cabinet"
    return str(result.rating.value)


def test_progress_exactly_the_share_elapsed_is_a() -> None:
    # FY2019 100 -> FY2029 200; FY2024 150: progress 50%, elapsed 5/10.
    result = run(target(), ("2024年度", "150"))
    assert (grade(result), result.status, result.progress) == ("A", Status.ON_TRACK, 0.5)


def test_progress_just_below_the_share_elapsed_is_b() -> None:
    result = run(target(), ("2024年度", "149"))
    assert (grade(result), result.status, result.reason) == (
        "B", Status.BEHIND, Reason.PACE_INSUFFICIENT)  # fmt: skip


def test_met_is_a_and_achieved() -> None:
    result = run(target(), ("2024年度", "200"))
    assert (grade(result), result.status) == ("A", Status.ACHIEVED)


def test_lower_is_better_at_the_share() -> None:
    goal = target(
        "30", "2030年度", direction="lower", baseline={"value": "50", "period": "2020年度"}
    )
    assert grade(run(goal, ("2025年度", "40"))) == "A"  # progress 1/2, elapsed 5/10
    assert grade(run(goal, ("2025年度", "40.1"))) == "B"


def test_moving_back_is_b_moving_away() -> None:
    result = run(target(), ("2024年度", "90"))
    assert (grade(result), result.reason) == ("B", Reason.MOVING_AWAY)


def test_deadline_passed_unmet_is_b() -> None:
    # Elapsed 12/10 > progress 0.9.
    result = run(target(), ("2031年度", "190"), as_of=dt.date(2033, 1, 1))
    assert (grade(result), result.status) == ("B", Status.BEHIND)


def test_no_figure_is_n() -> None:
    result = run(target())
    assert (grade(result), result.status) == ("N", Status.NO_DATA)


def test_no_baseline_and_one_figure_is_n() -> None:
    goal = {"kind": "absolute", "value": "200", "deadline": "2029年度"}
    assert grade(run(goal, ("2024年度", "150"))) == "N"


def test_baseline_defaults_to_the_earliest_figure() -> None:
    goal = {"kind": "absolute", "value": "200", "deadline": "2029年度"}
    assert grade(run(goal, ("2019年度", "100"), ("2024年度", "150"))) == "A"


def test_no_deadline_is_n() -> None:
    assert grade(run(target(deadline=None), ("2024年度", "150"))) == "N"


def test_elapsed_share_in_years_and_in_days() -> None:
    fy = [parse_period(p) for p in ("2019年度", "2024年度", "2029年度")]
    assert elapsed_share(*fy) == Fraction(1, 2)
    days = [parse_period(p) for p in ("2020年3月31日", "2021年3月31日", "2022年3月31日")]
    assert elapsed_share(*days) == Fraction(365, 365 + 365)


def test_labels_in_both_languages() -> None:
    result = run(target(), ("2024年度", "150"))
    assert result.rating.label_ja.startswith("A：")
    assert "50.0%" in result.explanation
    assert "経過期間" in result.explanation_ja
