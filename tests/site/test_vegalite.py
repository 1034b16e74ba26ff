"""Vega-Lite specifications of evaluations (kpimodel.render._vegalite) and the MIME bundle."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

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
    attainment_text,
    indicator_observations,
    status_spec,
    to_vegalite,
    trajectory_spec,
    word,
)
from kpimodel.testing import strategies

PROGRAM = datasets.load("ip-strategic-program-2026")
RESULT = kpimodel.evaluate(PROGRAM)
_POINTS = ("observed", "approximate", "derived", "bound", "ignored", "revised")


def _rows(spec: dict, key: str) -> list[dict]:
    """Return the rows of ``key`` (once each: a label layer may reuse a mark's rows)."""
    rows: list[dict] = []
    for layer in spec["layer"]:
        for row in layer.get("data", {}).get("values", []):
            if row.get("key") == key and row not in rows:
                rows.append(row)
    return rows


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


# -- milestones, limits, attainment, revisions, completion --------------------------------

# Hypothetical KPIs, one for each drawn feature, shared with the matplotlib tests.
FEATURES = kpimodel.load(Path(__file__).parents[1] / "features.yaml")
AS_OF = dt.date(2026, 6, 30)
FEATURED = kpimodel.evaluate(FEATURES, AS_OF)


def _spec(kpi_id: str, lang: str = "en", as_of: dt.date = AS_OF) -> dict:
    item = kpimodel.evaluate(FEATURES, as_of).kpi(kpi_id).indicators[0]
    _, observations = indicator_observations(FEATURES, item.kpi_id, item.indicator_id)
    return trajectory_spec(item, observations, lang=lang)


def _point(period: str) -> str:
    from kpimodel.periods import parse_period

    return parse_period(period).point.isoformat()


def _layers(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer["mark"]["type"] == mark]


def _domain(spec: dict) -> list[str]:
    return next(
        layer["encoding"]["color"]["scale"]["domain"]
        for layer in spec["layer"]
        if "color" in layer.get("encoding", {})
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_milestones_are_flags_by_state(lang: str) -> None:
    spec = _spec("emissions", lang)
    (met,) = _rows(spec, "milestone-met")
    (missed,) = _rows(spec, "milestone-missed")
    (ahead,) = _rows(spec, "milestone-upcoming")
    assert (met["date"], met["value"]) == (_point("2022年度"), 10_800_000)
    assert (missed["date"], missed["value"]) == (_point("2024年度"), 9_600_000)
    assert (ahead["date"], ahead["value"]) == (_point("2027年度"), 7_800_000)
    names = {"en": "milestone met", "ja": "中間目標（達成）"}
    assert met["series"] == names[lang]
    assert names[lang] in _domain(spec)
    # Met and missed are filled flags in the status colours; the one ahead is hollow.
    for row, filled in ((met, True), (missed, True), (ahead, False)):
        (layer,) = [layer for layer in _layers(spec, "point") if row in layer["data"]["values"]]
        assert layer["mark"]["filled"] is filled
    colours = dict(
        zip(
            _domain(spec),
            next(
                layer["encoding"]["color"]["scale"]["range"]
                for layer in spec["layer"]
                if "color" in layer.get("encoding", {})
            ),
            strict=True,
        )
    )
    assert colours[met["series"]] == STATUS_PALETTE[Status.ACHIEVED]
    assert colours[missed["series"]] == STATUS_PALETTE[Status.BEHIND]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_natural_limit_is_a_labelled_rule(lang: str) -> None:
    spec = _spec("coverage", lang)
    (limit,) = _rows(spec, "limit")
    assert limit["value"] == 100
    assert limit["series"] == {"en": "limit 100%", "ja": "限界値 100%"}[lang]
    rules = [
        layer for layer in _layers(spec, "rule") if limit in layer.get("data", {}).get("values", [])
    ]
    assert rules
    assert rules[0]["encoding"]["y"]["field"] == "value"
    texts = [layer["encoding"]["text"] for layer in _layers(spec, "text")]
    assert {"value": {"en": "limit", "ja": "限界値"}[lang]} in texts
    assert not _rows(_spec("emissions"), "limit")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_attainment_date_is_a_rule_with_its_text(lang: str) -> None:
    spec = _spec("coverage", lang)
    text = {"en": "projected to be met in 2024", "ja": "2024年に達成見込み"}[lang]
    assert attainment_text(FEATURED.kpi("coverage").indicators[0], lang) == text
    (row,) = _rows(spec, "attainment")
    assert (row["date"], row["text"]) == (_point("2024"), text)
    assert text in _domain(spec)
    assert any(row in layer.get("data", {}).get("values", []) for layer in _layers(spec, "rule"))
    assert any(
        row in layer["data"]["values"] and layer["encoding"]["text"] == {"field": "text"}
        for layer in _layers(spec, "text")
    )


def test_an_attainment_beyond_the_chart_is_a_note_at_its_edge() -> None:
    item = FEATURED.kpi("emissions").indicators[0]
    text = attainment_text(item, "en")
    assert text is not None
    assert text.startswith("projected to be met in FY20")
    spec = _spec("emissions")
    dates = [
        row["date"] for layer in spec["layer"] for row in layer.get("data", {}).get("values", [])
    ]
    # The rule is not drawn (it would stretch the axis to the 2040s), the note is.
    assert not any(
        row.get("key") == "attainment"
        for layer in _layers(spec, "rule")
        for row in layer.get("data", {}).get("values", [])
    )
    (note,) = [
        layer
        for layer in _layers(spec, "text")
        if layer["data"]["values"][0].get("text") == f"{text} →"
    ]
    assert note["data"]["values"][0]["date"] == max(dates)  # at the right edge
    assert max(dates) < "2033"
    assert text in _domain(spec)  # still in the legend


def test_no_attainment_for_a_target_never_met() -> None:
    for item in RESULT.indicators():
        spec = trajectory_spec(item, lang="en")
        kind = item.attainment.kind.value if item.attainment is not None else None
        has_text = attainment_text(item, "en") is not None
        assert has_text == (kind in ("met", "projected") and item.attainment.period is not None)  # type: ignore[union-attr]
        if not has_text:
            assert not _rows(spec, "attainment")


def test_only_the_revision_used_joins_the_line() -> None:
    spec = _spec("emissions")
    line = next(layer for layer in spec["layer"] if layer["data"]["values"][0].get("key") == "line")
    assert [row["value"] for row in line["data"]["values"]] == [11_000_000, 10_500_000, 10_100_000]
    (revised,) = _rows(spec, "revised")
    assert (revised["date"], revised["value"]) == (_point("2024年度"), 9_900_000)
    assert revised["series"] == "earlier revision (not used)"
    (used,) = [row for row in _rows(spec, "observed") if row["date"] == _point("2024年度")]
    assert "2026-01-10" in used["text"]  # the tooltip says which publication it is


def test_a_revision_published_after_the_as_of_date_is_greyed() -> None:
    spec = _spec("emissions", as_of=dt.date(2025, 12, 1))
    line = next(layer for layer in spec["layer"] if layer["data"]["values"][0].get("key") == "line")
    assert line["data"]["values"][-1]["value"] == 9_900_000
    (ignored,) = _rows(spec, "ignored")
    assert ignored["value"] == 10_100_000
    assert not _rows(spec, "revised")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_completion_target_is_a_timeline_of_its_reports(lang: str) -> None:
    spec = _spec("act", lang)
    (started,) = _rows(spec, "not-started")
    (progress,) = _rows(spec, "in-progress")
    assert started["date"] == _point("2024年度")
    assert progress["series"] == {"en": "in progress", "ja": "実施中"}[lang]
    (deadline,) = _rows(spec, "deadline")
    assert deadline["date"] == _point("2027年度")
    assert deadline["series"] == {"en": "deadline FY2027", "ja": "期限 2027年度"}[lang]
    assert _layers(spec, "point")  # the site draws it (it charts specs with points)
    json.dumps(spec, allow_nan=False)


def test_a_completion_target_without_reports_says_so() -> None:
    spec = _spec("unreported")
    assert not _layers(spec, "point")  # the site shows no chart for it
    texts = [layer["encoding"]["text"] for layer in _layers(spec, "text")]
    assert {"value": "a completion target: no reports yet, no figures to plot"} in texts


EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_gives_a_json_spec(path: Path) -> None:
    program = kpimodel.load(path)
    result = kpimodel.evaluate(program)
    for lang in ("en", "ja"):
        for item in result.kpis:
            json.dumps(to_vegalite(item, lang=lang, model=program), allow_nan=False)


def test_every_feature_spec_compiles_with_vega_lite() -> None:
    require(has_extra(), "the site extra (pip install -e '.[site]')")
    import vl_convert

    from kpimodel.integrations.site._build import _vega_lite_version

    version = _vega_lite_version()
    for as_of in (dt.date(2023, 6, 30), AS_OF, dt.date(2031, 6, 30)):
        result = kpimodel.evaluate(FEATURES, as_of)
        for item in result.kpis:
            for lang in ("en", "ja"):
                spec = to_vegalite(item, lang=lang, model=FEATURES)
                json.dumps(spec, allow_nan=False)
                svg = vl_convert.vegalite_to_svg(spec, vl_version=version)
                assert "<svg" in svg


def test_judged_against_a_milestone_the_target_point_is_the_milestone() -> None:
    spec = _spec("emissions", as_of=dt.date(2024, 6, 30))
    (target,) = _rows(spec, "target")
    assert (target["date"], target["value"]) == (_point("2024年度"), 9_600_000)
    assert target["series"] == "judged against the milestone"
    assert target["series"] in _domain(spec)
    assert _rows(spec, "projected")[-1]["date"] == _point("2024年度")
