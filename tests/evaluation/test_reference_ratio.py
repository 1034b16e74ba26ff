"""Reference-ratio targets: a ratio to another series (``on a par with Europeana``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kpimodel import Reason, ReferenceRatioEvaluator, Status, evaluate
from kpimodel.evaluation import years_between
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make

PARITY = {"kind": "reference_ratio", "reference": "europeana", "deadline": "2035年"}


def europeana(*pairs: tuple[str, str]) -> list[dict[str, object]]:
    return [{"id": "europeana", "observations": [{"period": p, "value": v} for p, v in pairs]}]


@pytest.mark.parametrize("method", ["pace", "path", "projection"])
def test_conformance(method: str) -> None:
    check_evaluator(ReferenceRatioEvaluator(method=method))  # type: ignore[arg-type]


def test_seed_japan_search_one_figure_is_insufficient_history() -> None:
    indicator = make(
        PARITY,
        ("2026年3月26日現在", "32,163,179件"),
        references=europeana(("2026年3月26日現在", "61,426,763件")),
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert result.latest is not None
    assert str(result.latest.value) == "52.3602%"
    assert result.latest.derived
    assert result.latest.note == "32,163,179件 / 61,426,763件"


def test_two_ratios_give_a_pace() -> None:
    indicator = make(
        PARITY,
        ("2025年3月26日", "27,000,000件"),
        ("2026年3月26日", "32,163,179件"),
        references=europeana(("2025年3月26日", "54,000,000件"), ("2026年3月26日", "61,426,763件")),
    )
    result = evaluate(indicator, AS_OF)
    assert result.rate_kind == "linear"
    assert str(result.baseline) == "50%"
    # 50% -> 52.36% in a year; parity by mid-2035 needs 50 points in 10.3 years.
    start, latest, deadline = dt.date(2025, 3, 26), dt.date(2026, 3, 26), dt.date(2035, 7, 2)
    actual = 2.3602 / years_between(start, latest)
    required = 50 / years_between(start, deadline)
    assert result.pace == pytest.approx(actual / required, rel=1e-4)  # 0.49
    assert (result.status, result.reason) == (Status.BEHIND, Reason.PACE_INSUFFICIENT)
    assert "+2.36 points/yr" in result.explanation


def test_parity_reached_is_achieved() -> None:
    indicator = make(
        PARITY, ("2030年", "70,000,000件"), references=europeana(("2030年", "65,000,000件"))
    )
    assert evaluate(indicator, dt.date(2031, 1, 1)).status is Status.ACHIEVED


def test_figures_without_a_counterpart_are_skipped() -> None:
    indicator = make(
        PARITY, ("2024年", "25,000,000件"), references=europeana(("2025年", "6千万件"))
    )
    result = evaluate(indicator, AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)
    assert "counterpart in the reference series 'europeana'" in result.explanation


def test_the_reference_is_read_as_of_the_date_too() -> None:
    indicator = make(
        PARITY,
        ("2026年3月26日", "32,163,179件"),
        references=europeana(("2026年3月26日", "61,426,763件")),
    )
    assert evaluate(indicator, dt.date(2026, 3, 25)).reason is Reason.NO_OBSERVATIONS


def test_units_of_the_two_series_may_differ() -> None:
    indicator = make(
        PARITY,
        ("2026年3月26日", "3,216.3179万件"),
        references=europeana(("2026年3月26日", "61,426,763件")),
    )
    result = evaluate(indicator, AS_OF)
    assert result.latest is not None
    assert str(result.latest.value) == "52.3602%"
