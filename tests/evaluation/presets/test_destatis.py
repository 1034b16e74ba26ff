"""The destatis preset: weather symbols, hand-computed from the methodology text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kpimodel import Indicator, Reason, Status, evaluate

AS_OF = dt.date(2026, 12, 31)


def run(target: dict[str, Any], *rows: tuple[int, str]) -> tuple[str, Status, Reason | str]:
    observations = [{"period": f"{year}年", "value": value} for year, value in rows]
    indicator = Indicator.model_validate(
        {"id": "x", "target": target, "observations": observations}
    )
    result = evaluate(indicator, AS_OF, preset="destatis")
    assert result.rating is not None
    assert result.rating.scale == "destatis"
    return result.rating.value, result.status, result.reason


def rising(start: int = 2020, first: int = 10, step: int = 1, n: int = 6) -> list[tuple[int, str]]:
    return [(start + i, str(first + step * i)) for i in range(n)]


def reach(value: str, year: int, direction: str = "higher") -> dict[str, Any]:
    return {"kind": "absolute", "value": value, "deadline": f"{year}年", "direction": direction}


def test_projection_far_short_is_cloudy() -> None:
    # 10..15 over 2020-2025: a = 1/yr; 2030: 20; target 30: miss 10 of a gap of 15 (67%).
    assert run(reach("30", 2030), *rising()) == ("cloudy", Status.BEHIND, Reason.PROJECTION_SHORT)


def test_projection_meeting_the_target_is_sun() -> None:
    assert run(reach("20", 2030), *rising()) == (
        "sun", Status.ON_TRACK, Reason.PROJECTION_MEETS_TARGET)  # fmt: skip


def test_miss_of_exactly_5_percent_of_the_gap_is_partly_sunny() -> None:
    # 2044: projected 34; target 35: miss 1 of a gap of 20 = 5% ("less than 5%" is sun).
    assert run(reach("35", 2044), *rising())[0] == "partly-sunny"


def test_miss_just_under_5_percent_is_sun() -> None:
    # target 34.9: miss 0.9 of a gap of 19.9 = 4.5%.
    assert run(reach("34.9", 2044), *rising())[:2] == ("sun", Status.ON_TRACK)


def test_miss_of_exactly_20_percent_is_partly_sunny() -> None:
    # 2029: projected 19; target 20: miss 1 of a gap of 5 = 20% ("at most 20%").
    assert run(reach("20", 2029), *rising()) == (
        "partly-sunny", Status.BEHIND, Reason.PROJECTION_SHORT)  # fmt: skip


def test_miss_just_over_20_percent_is_cloudy() -> None:
    assert run(reach("20.1", 2029), *rising())[0] == "cloudy"  # 1.1 of 5.1 = 21.6%


@pytest.mark.parametrize("step", [-1, 0])
def test_no_movement_toward_the_target_is_thunderstorm(step: int) -> None:
    assert run(reach("30", 2030), *rising(step=step)) == (
        "thunderstorm", Status.BEHIND, Reason.MOVING_AWAY)  # fmt: skip


def test_lower_is_better() -> None:
    # 100, 98, ..., 90: a = -2/yr; 2030: 80 = the target.
    assert run(reach("80", 2030, "lower"), *rising(first=100, step=-2))[0] == "sun"
    assert run(reach("70", 2030, "lower"), *rising(first=100, step=-2))[0] == "cloudy"


def test_four_consecutive_figures_suffice_three_do_not() -> None:
    # 2022-2025: 10, 11, 12, 13: a = 1; 2030: 18 against 18: sun.
    assert run(reach("18", 2030), *rising(start=2022, n=4))[0] == "sun"
    symbol, status, reason = run(reach("18", 2030), *rising(start=2023, n=3))
    assert (symbol, status, reason) == ("not-assessed", Status.NO_DATA, Reason.INSUFFICIENT_HISTORY)


def test_a_missing_year_ends_the_run() -> None:
    # 2019 then 2021-2025: only 2021-2025 are consecutive; a = (14 - 10) / 4 = 1.
    rows = [(2019, "0"), *rising(start=2021, n=5)]
    assert run(reach("19", 2030), *rows)[0] == "sun"  # 14 + 5 = 19


def test_already_met_rising_is_sun_falling_is_partly_sunny() -> None:
    assert run(reach("12", 2030), *rising()) == ("sun", Status.ACHIEVED, Reason.TARGET_MET)
    assert run(reach("5", 2030), *rising(step=-1))[:2] == ("partly-sunny", Status.ACHIEVED)


def test_level_to_hold_every_year() -> None:
    hold = {"kind": "maintain", "value": "12", "deadline": "2030年"}
    assert run(hold, *rising()) == ("sun", Status.ON_TRACK, Reason.WITHIN_BOUND)
    assert run(hold, *rising(first=20, step=-1))[:2] == ("partly-sunny", Status.ON_TRACK)
    assert run(hold, *rising(first=0, step=1))[:2] == ("cloudy", Status.BEHIND)
    assert run(hold, *rising(first=10, step=-1))[:2] == ("thunderstorm", Status.BEHIND)


@pytest.mark.parametrize(
    ("last", "expected"),
    [("16", "sun"), ("14", "partly-sunny")],
)
def test_direction_only_rising_average(last: str, expected: str) -> None:
    rows = [*rising(n=5), (2025, last)]  # 10..14, then 16 or 14
    assert run({"kind": "trend"}, *rows)[0] == expected


@pytest.mark.parametrize(("last", "expected"), [("13", "cloudy"), ("9", "thunderstorm")])
def test_direction_only_falling_average(last: str, expected: str) -> None:
    rows = [*rising(first=15, step=-1, n=5), (2025, last)]  # 15..11, then 13 or 9
    assert run({"kind": "trend"}, *rows)[0] == expected
