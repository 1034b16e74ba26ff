"""Vega-Lite specifications of evaluations (kpimodel.render._vegalite) and the MIME bundle."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from site_support import has_extra, require

import kpimodel
from kpimodel import Status, datasets
from kpimodel.render._labels import STATUS_ORDER
from kpimodel.render._vegalite import (
    MIME_TYPE,
    STATUS_ICONS,
    STATUS_PALETTE,
    indicator_observations,
    status_spec,
    to_vegalite,
    trajectory_spec,
    word,
)
from kpimodel.testing import strategies

PROGRAM = datasets.load("ip-strategic-program-2026")
RESULT = kpimodel.evaluate(PROGRAM)
_POINTS = ("observed", "approximate", "derived", "bound", "ignored")


def _rows(spec: dict, key: str) -> list[dict]:
    return [
        row
        for layer in spec["layer"]
        for row in layer.get("data", {}).get("values", [])
        if row.get("key") == key
    ]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_palette_has_contrast_with_white_text_and_an_icon_per_status() -> None:
    for status in Status:
        ratio = (1 + 0.05) / (_luminance(STATUS_PALETTE[status]) + 0.05)
        assert ratio >= 4.5, (status, ratio)
    assert len(set(STATUS_PALETTE.values())) == len(Status)
    assert len(set(STATUS_ICONS.values())) == len(Status)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_bundled_kpi_has_a_json_spec_of_its_figures(lang: str) -> None:
    for item in RESULT.indicators():
        _, observations = indicator_observations(PROGRAM, item.kpi_id, item.indicator_id)
        spec = trajectory_spec(item, observations, lang=lang)
        text = json.dumps(spec, allow_nan=False)
        assert spec["$schema"].endswith("/vega-lite/v5.json"), text[:80]
        # The axis is in a unit of the first figure (the target's when compatible with it).
        dated = [
            o
            for o in observations
            if o.period is not None and o.value.unit.is_compatible(observations[0].value.unit)
        ]
        points = [row for key in _POINTS for row in _rows(spec, key)]
        assert len(points) == len(dated), item
        for row in points:
            assert row["series"] == word(row["key"], lang)  # type: ignore[arg-type]


def test_trajectory_draws_baseline_target_path_and_projection() -> None:
    item = RESULT.kpi("agri-food-exports").indicators[0]
    _, observations = indicator_observations(PROGRAM, item.kpi_id, item.indicator_id)
    spec = trajectory_spec(item, observations)
    unit = item.target_value.unit  # type: ignore[union-attr]
    assert item.baseline is not None
    assert item.baseline_period is not None
    assert item.deadline is not None
    assert item.projected is not None
    (baseline,) = _rows(spec, "baseline")
    assert baseline["value"] == float(item.baseline.magnitude_in(unit))
    assert baseline["date"] == item.baseline_period.point.isoformat()
    (target,) = _rows(spec, "target")
    assert target["value"] == float(item.target_value.magnitude_in(unit))  # type: ignore[union-attr]
    assert target["date"] == item.deadline.point.isoformat()
    path = _rows(spec, "path")
    assert (path[0]["date"], path[0]["value"]) == (baseline["date"], baseline["value"])
    assert (path[-1]["date"], path[-1]["value"]) == (target["date"], target["value"])
    projected = _rows(spec, "projected")
    assert projected[-1]["value"] == pytest.approx(float(item.projected.magnitude_in(unit)))
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert any(r["encoding"].get("y", {}).get("datum") == target["value"] for r in rules)
    assert any(r.get("data", {}).get("values") == [{"date": item.as_of.isoformat()}] for r in rules)


def test_a_rank_axis_runs_downward() -> None:
    item = RESULT.kpi("global-innovation-index-rank").indicators[0]
    spec = to_vegalite(item, model=PROGRAM)
    scales = [
        layer["encoding"]["y"].get("scale", {})
        for layer in spec["layer"]
        if "y" in layer["encoding"] and "field" in layer["encoding"]["y"]
    ]
    assert scales
    assert all(scale["reverse"] for scale in scales)


def test_status_spec_stacks_each_themes_counts() -> None:
    spec = status_spec(RESULT, lang="ja")
    rows = spec["data"]["values"]
    for theme in RESULT.themes:
        mine = [r for r in rows if r["theme"] == theme.title]
        assert sum(r["count"] for r in mine) == theme.summary.total
        assert all(r["x0"] < r["mid"] < r["x1"] for r in mine)
        ends = [r["x1"] for r in mine]
        assert ends == sorted(ends)
    labels = {r["status"] for r in rows}
    assert labels <= {s.label_ja for s in STATUS_ORDER}
    assert all(
        r["label"].startswith(STATUS_ICONS[Status(s)])
        for r in rows
        for s in Status
        if r["status"] == s.label_ja
    )


def test_a_kpi_of_several_indicators_stacks_their_charts() -> None:
    item = next(k for k in RESULT.kpis if len(k.indicators) > 1)
    spec = to_vegalite(item, model=PROGRAM)
    assert len(spec["vconcat"]) == len(item.indicators)
    assert all("$schema" not in chart and "autosize" not in chart for chart in spec["vconcat"])


def test_to_vegalite_refuses_a_model() -> None:
    with pytest.raises(TypeError, match="not Program"):
        to_vegalite(PROGRAM)  # type: ignore[arg-type]


def test_notebooks_get_the_spec_beside_the_table() -> None:
    for subject in (RESULT, RESULT.kpis[0], RESULT.kpis[0].indicators[0]):
        bundle = subject._repr_mimebundle_()
        assert bundle[MIME_TYPE] == to_vegalite(subject)
        assert "text/html" in bundle
    assert MIME_TYPE not in PROGRAM._repr_mimebundle_()


def test_every_spec_compiles_with_vega_lite() -> None:
    require(has_extra(), "the site extra (pip install -e '.[site]')")
    import vl_convert

    from kpimodel.integrations.site._build import _vega_lite_version

    version = _vega_lite_version()
    for subject in (RESULT, *RESULT.kpis):
        for lang in ("en", "ja"):
            spec = to_vegalite(subject, lang=lang, model=PROGRAM)
            vega = vl_convert.vegalite_to_vega(spec, vl_version=version)
            assert vega["marks"] or vega.get("layout")


@settings(max_examples=30)
@given(strategies.programs(max_themes=2, max_kpis=2))
def test_any_program_gives_finite_json_specs(program: kpimodel.Program) -> None:
    result = kpimodel.evaluate(program)
    json.dumps(status_spec(result), allow_nan=False)
    for item in result.kpis:
        spec = to_vegalite(item, model=program)
        json.dumps(spec, allow_nan=False)
        charts = spec.get("vconcat", [spec])
        for chart in charts:
            for layer in chart["layer"]:
                for row in layer.get("data", {}).get("values", []):
                    assert "value" not in row or math.isfinite(row["value"])
