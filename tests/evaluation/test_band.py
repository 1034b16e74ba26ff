"""Band targets: a status by level (SDSN thresholds, RAG on % of a target)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpimodel import (
    BandEvaluator,
    BandTarget,
    DimensionMismatchError,
    InconsistentTargetError,
    Reason,
    Status,
    evaluate,
)
from kpimodel.render._labels import describe_target_model
from kpimodel.testing import check_evaluator

from .strategies import AS_OF, make, obs

SDSN = {"kind": "band", "bands": {"achieved": "90%", "on_track": "70%"}}


def test_conformance() -> None:
    check_evaluator(BandEvaluator())


@pytest.mark.parametrize(
    ("figure", "status", "reason"),
    [
        ("95%", Status.ACHIEVED, Reason.BAND_ACHIEVED),
        ("90%", Status.ACHIEVED, Reason.BAND_ACHIEVED),  # at the threshold: reached
        ("89.9%", Status.ON_TRACK, Reason.BAND_ON_TRACK),
        ("70%", Status.ON_TRACK, Reason.BAND_ON_TRACK),
        ("69.99%", Status.BEHIND, Reason.BAND_BEHIND),
    ],
)
def test_the_latest_level_decides(figure: str, status: Status, reason: Reason) -> None:
    result = evaluate(make(SDSN, ("2024年", "10%"), ("2025年", figure)), AS_OF)
    assert (result.status, result.reason) == (status, reason)
    assert result.pace is None  # a band has no pace


def test_the_explanation_names_the_figure_and_the_thresholds() -> None:
    result = evaluate(make(SDSN, ("2025年", "85%")), AS_OF)
    assert result.explanation == (
        "The latest figure 85% (2025) is at least 70% and below 90%: on track "
        "(bands: achieved at least 90%, on track at least 70%)."
    )
    assert result.explanation_ja == (
        "最新値85%（2025年）は70%以上90%未満で順調（区分：達成90%以上、順調70%以上）。"
    )


def test_lower_is_better_runs_the_comparisons_the_other_way() -> None:
    target = {"kind": "band", "direction": "lower", "bands": {"achieved": "5%", "on_track": "10%"}}
    cases = {"4%": Reason.BAND_ACHIEVED, "10%": Reason.BAND_ON_TRACK, "10.5%": Reason.BAND_BEHIND}
    for figure, reason in cases.items():
        assert evaluate(make(target, ("2025年", figure)), AS_OF).reason is reason


def test_rag_on_percent_of_a_target_value() -> None:
    target = {"kind": "band", "value": "5兆円", "bands": {"achieved": "100%", "on_track": "80%"}}
    result = evaluate(make(target, ("2025年", "4兆円")), AS_OF)
    assert (result.status, result.reason) == (Status.ON_TRACK, Reason.BAND_ON_TRACK)
    assert "80% of 5兆円" in result.explanation
    assert str(result.target_value) == "5兆円"
    # In another unit, the same share.
    result = evaluate(make(target, ("2025年", "39,999億円")), AS_OF)
    assert result.reason is Reason.BAND_BEHIND
    assert "79.998% of 5兆円" in result.explanation


def test_a_share_just_short_is_never_printed_as_the_threshold() -> None:
    target = {"kind": "band", "value": "3件", "bands": {"achieved": "100%", "on_track": "66.6667%"}}
    result = evaluate(make(target, ("2025年", "2件")), AS_OF)
    # 2/3 = 66.66666...% is short of 66.6667%: behind, printed with the digits that show it.
    assert result.reason is Reason.BAND_BEHIND
    assert "66.66667% of 3件" in result.explanation


def test_two_bands_without_on_track() -> None:
    target = {"kind": "band", "bands": {"achieved": "90%"}}
    assert evaluate(make(target, ("2025年", "89%")), AS_OF).reason is Reason.BAND_BEHIND
    assert evaluate(make(target, ("2025年", "91%")), AS_OF).reason is Reason.BAND_ACHIEVED


def test_after_the_deadline_short_of_achieved_is_behind() -> None:
    target = {**SDSN, "deadline": "2024年"}
    result = evaluate(make(target, ("2024年", "80%")), AS_OF)
    assert (result.status, result.reason) == (Status.BEHIND, Reason.DEADLINE_MISSED)
    assert "The deadline 2024 has passed" in result.explanation
    result = evaluate(make(target, ("2024年", "95%")), AS_OF)
    assert result.status is Status.ACHIEVED


def test_no_figure_is_no_data() -> None:
    result = evaluate(make(SDSN), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.NO_OBSERVATIONS)


def test_an_old_figure_is_stale() -> None:
    result = evaluate(make(SDSN, ("2015年", "95%")), AS_OF)
    assert (result.status, result.reason) == (Status.NO_DATA, Reason.STALE)


@pytest.mark.parametrize(
    ("bound", "value", "reason"),
    [
        ("above", "90%", Reason.BAND_ACHIEVED),
        ("at_least", "75%", None),  # 75% or more: on track or achieved
        ("below", "70%", Reason.BAND_BEHIND),
        ("at_most", "70%", None),  # exactly 70% would be on track
        ("at_most", "69%", Reason.BAND_BEHIND),
    ],
)
def test_a_bound_decides_only_within_one_band(
    bound: str, value: str, reason: Reason | None
) -> None:
    result = evaluate(make(SDSN, obs("2025年", value, bound=bound)), AS_OF)
    if reason is None:
        assert (result.status, result.reason) == (Status.NO_DATA, Reason.NOT_ASSESSABLE)
    else:
        assert result.reason is reason


def test_thresholds_are_ordered_with_the_direction() -> None:
    with pytest.raises(InconsistentTargetError, match="must lie below") as caught:
        BandTarget.model_validate({"kind": "band", "bands": {"achieved": "70%", "on_track": "90%"}})
    assert caught.value.field == "bands.on_track"
    with pytest.raises(InconsistentTargetError, match="must lie above"):
        BandTarget.model_validate(
            {"kind": "band", "direction": "lower", "bands": {"achieved": "10%", "on_track": "5%"}}
        )
    with pytest.raises(InconsistentTargetError, match="must lie below"):
        BandTarget.model_validate({"kind": "band", "bands": {"achieved": "90%", "on_track": "90%"}})


def test_bad_band_targets_are_refused() -> None:
    with pytest.raises(DimensionMismatchError, match="percentage of it"):
        BandTarget.model_validate(
            {"kind": "band", "value": "5兆円", "bands": {"achieved": "5兆円"}}
        )
    with pytest.raises(DimensionMismatchError, match="incompatible units"):
        BandTarget.model_validate(
            {"kind": "band", "bands": {"achieved": "5兆円", "on_track": "3人"}}
        )
    with pytest.raises(InconsistentTargetError, match="baseline would be unused"):
        BandTarget.model_validate({**SDSN, "baseline": {"value": "50%", "period": "2020年"}})
    with pytest.raises(InconsistentTargetError, match="positive amount"):
        BandTarget.model_validate({"kind": "band", "value": "0件", "bands": {"achieved": "100%"}})
    with pytest.raises(DimensionMismatchError, match="compatible"):
        make(SDSN, ("2025年", "5人"))
    # '90' would be the plain number 90: 9000% against a share.
    with pytest.raises(DimensionMismatchError, match="needs its unit") as caught:
        BandTarget.model_validate({"kind": "band", "bands": {"achieved": "90"}})
    assert caught.value.field == "bands.achieved"
    plain = {"kind": "band", "bands": {"achieved": {"magnitude": "0.9", "unit": ""}}}
    assert str(BandTarget.model_validate(plain).bands.achieved) == "0.9"


def test_rank_bands_are_lower_is_better() -> None:
    target = {"kind": "band", "bands": {"achieved": "5位", "on_track": "10位"}}
    assert make(target).target.direction.value == "lower"
    assert evaluate(make(target, ("2025年", "7位")), AS_OF).reason is Reason.BAND_ON_TRACK


def test_descriptions() -> None:
    target = BandTarget.model_validate(SDSN)
    assert describe_target_model(target, "en") == "band ≥ 90% / ≥ 70%"
    assert describe_target_model(target, "ja") == "区分90%以上／70%以上"
    of = BandTarget.model_validate(
        {"kind": "band", "value": "5兆円", "bands": {"achieved": "100%"}, "deadline": "2030年"}
    )
    assert describe_target_model(of, "en") == "band ≥ 100% of 5兆円 by 2030"


def test_the_rag_scale_rates_the_middle_band_amber() -> None:
    ratings = {
        figure: evaluate(make(SDSN, ("2025年", figure)), AS_OF, scale="rag").rating
        for figure in ("95%", "80%", "50%")
    }
    assert {k: v.value for k, v in ratings.items() if v is not None} == {
        "95%": "green",
        "80%": "amber",
        "50%": "red",
    }


_MERIT = {Status.BEHIND: 0, Status.ON_TRACK: 1, Status.ACHIEVED: 2}


@settings(deadline=None)
@given(
    st.decimals(min_value=0, max_value=200, places=3),
    st.decimals(min_value=0, max_value=200, places=3),
    st.decimals(min_value=1, max_value=100, places=2),
    st.decimals(min_value=1, max_value=100, places=2),
    st.booleans(),
)
def test_band_status_is_monotone_in_the_latest_figure(
    a: Decimal, b: Decimal, low: Decimal, width: Decimal, lower: bool
) -> None:
    # A better figure never gets a worse status, in either direction.
    achieved, on_track = (low, low + width) if lower else (low + width, low)
    target = {
        "kind": "band",
        "direction": "lower" if lower else "higher",
        "bands": {"achieved": f"{achieved}%", "on_track": f"{on_track}%"},
    }
    worse, better = sorted((a, b), reverse=lower)
    results = [
        evaluate(make(target, ("2025年", f"{figure}%")), dt.date(2026, 3, 31))
        for figure in (worse, better)
    ]
    assert _MERIT[results[0].status] <= _MERIT[results[1].status]
    for figure, result in zip((worse, better), results, strict=True):
        reached = figure <= achieved if lower else figure >= achieved
        assert (result.status is Status.ACHIEVED) == reached
