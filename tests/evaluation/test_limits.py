"""Natural limits (issue 12): projections stop at the limit and the unit's bounds; a
direction-only trend near its limit is judged with a narrower band."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kpimodel import Reason, Status, evaluate
from kpimodel.evaluation._rates import limit_coefficient
from kpimodel.evaluation.presets.open_sdg import limit_coefficient as open_sdg_coefficient

from .strategies import AS_OF, make

FIVE_G = [("2021年", "65.8%"), ("2022年", "81.2%"), ("2023年", "89.3%")]
SHARE = {"kind": "ratio", "value": "100%", "deadline": "2030年"}


def test_5g_coverage_is_projected_at_100_not_171() -> None:
    as_of = dt.date(2025, 6, 30)
    for target in (SHARE, {**SHARE, "limit": "100%"}):
        for method in ("pace", "projection"):
            result = evaluate(make({**target, "evaluation": {"method": method}}, *FIVE_G), as_of)
            assert str(result.projected) == "100%"
            assert result.status is Status.ON_TRACK
    limited = evaluate(make({**SHARE, "limit": "100%"}, *FIVE_G), as_of)
    assert "The projection stops at the natural limit 100%." in limited.explanation
    assert "見込みは限界値100%で止めた。" in limited.explanation_ja
    assert str(limited.limit) == "100%"
    bare = evaluate(make(SHARE, *FIVE_G), as_of)
    assert "The projection stops at 100%, the most a share can be." in bare.explanation
    assert bare.limit is None


def test_a_limit_short_of_the_unit_bound_stops_the_projection_there() -> None:
    target = {"kind": "ratio", "value": "80%", "deadline": "2030年", "limit": "90%"}
    result = evaluate(make(target, ("2023年", "50%"), ("2024年", "60%")), AS_OF)
    assert str(result.projected) == "90%"


def test_a_count_is_never_projected_below_zero() -> None:
    target = {"kind": "absolute", "value": "0人", "direction": "lower", "deadline": "2030年"}
    result = evaluate(make(target, ("2023年", "3000人"), ("2024年", "1500人")), AS_OF)
    assert str(result.projected) == "0人"
    assert "the least a count can be" in result.explanation


def test_a_ratio_past_100_percent_is_not_a_share_and_not_bounded() -> None:
    target = {"kind": "ratio", "value": "200%", "deadline": "2030年"}
    result = evaluate(make(target, ("2021年", "120%"), ("2023年", "140%")), AS_OF)
    assert str(result.projected) == "210%"


def test_a_ratio_to_a_reference_is_not_bounded() -> None:
    target = {"kind": "reference_ratio", "reference": "r", "deadline": "2035年"}
    indicator = make(
        target,
        ("2026年", "50件"),
        ("2027年", "60件"),
        references=[
            {
                "id": "r",
                "observations": [{"period": p, "value": "100件"} for p in ("2026年", "2027年")],
            }
        ],
    )
    result = evaluate(indicator, dt.date(2028, 3, 31))
    assert result.projected is not None
    assert float(result.projected.magnitude) > 100


def test_the_band_narrows_near_the_limit_as_statistics_canada_scales_it() -> None:
    rows = [("2023年", "95%"), ("2024年", "95.1%")]
    plain = evaluate(make({"kind": "trend"}, *rows), AS_OF)
    limited = evaluate(make({"kind": "trend", "limit": "100%"}, *rows), AS_OF)
    assert (plain.status, plain.reason) == (Status.BEHIND, Reason.STAGNATING)
    assert (limited.status, limited.reason) == (Status.ON_TRACK, Reason.TREND_FAVOURABLE)
    c = 1 - 0.95**4.44
    assert limit_coefficient(95, 100) == c
    assert f"scaled by {c:.3g} near the limit 100%" in limited.explanation
    assert f"限界値100%に近いため幅を{c:.3g}倍" in limited.explanation_ja


def test_one_coefficient_serves_kpimodel_and_the_open_sdg_preset() -> None:
    assert open_sdg_coefficient is limit_coefficient


def test_far_from_the_limit_nothing_changes() -> None:
    rows = [("2023年", "10%"), ("2024年", "10.01%")]
    plain = evaluate(make({"kind": "trend"}, *rows), AS_OF)
    far = evaluate(make({"kind": "trend", "limit": "1000%"}, *rows), AS_OF)
    assert (plain.status, plain.reason, plain.explanation) == (
        far.status,
        far.reason,
        far.explanation,
    )


def test_held_at_the_limit_is_on_track() -> None:
    rows = [("2023年", "100%"), ("2024年", "100%")]
    result = evaluate(make({"kind": "trend", "limit": "100%"}, *rows), AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.AT_LIMIT)
    assert Reason.AT_LIMIT.status is Status.ON_TRACK
    assert "at the natural limit 100%" in result.explanation
    falling = evaluate(
        make(
            {"kind": "trend", "direction": "lower", "limit": "0件"},
            ("2023年", "4件"),
            ("2024年", "0件"),
        ),
        AS_OF,
    )
    assert falling.reason is Reason.AT_LIMIT


def test_the_open_sdg_preset_reads_the_targets_limit() -> None:
    # Base 90 against a limit of 100: growth of 1% a year is substantial progress.
    indicator = make({"kind": "trend", "limit": "100"}, ("2015年", "90"), ("2016年", "90.9"))
    result = evaluate(indicator, AS_OF, preset="open-sdg")
    assert result.rating is not None
    assert result.rating.value == "substantial_progress"
    without = make({"kind": "trend"}, ("2015年", "90"), ("2016年", "90.9"))
    rating = evaluate(without, AS_OF, preset="open-sdg").rating
    assert rating is not None
    assert rating.value == "moderate_progress"


@settings(deadline=None, max_examples=200)
@given(
    st.lists(st.integers(0, 1000), min_size=2, max_size=6),
    st.sampled_from(["pace", "projection", "path"]),
    st.integers(0, 1000),
    st.one_of(st.none(), st.integers(0, 1000)),
)
def test_projections_never_pass_the_limit_or_the_share_bounds(
    tenths: list[int], method: str, goal: int, limit: int | None
) -> None:
    # Shares in tenths of a percent, a ratio target, an optional limit above the target.
    target: dict[str, Any] = {
        "kind": "ratio",
        "value": f"{goal / 10}%",
        "deadline": "2032年",
        "evaluation": {"method": method},
    }
    if limit is not None:
        limit = max(limit, goal, *tenths)
        target["limit"] = f"{limit / 10}%"
    rows = [(f"{2015 + i}年", f"{v / 10}%") for i, v in enumerate(tenths)]
    result = evaluate(make(target, *rows), AS_OF)
    if result.projected is not None:
        value = float(result.projected.magnitude_in("%"))
        assert 0 <= value <= (100 if limit is None else limit / 10)
