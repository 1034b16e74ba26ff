"""Vega-Lite specifications: a KPI's trajectory toward its target, and a program's statuses.

Plain dictionaries (JSON-ready, no dependency): the report site draws them with a bundled
Vega-Lite library (and writes a static SVG of each), and notebooks get them beside the HTML
table as an ``application/vnd.vegalite.v5+json`` MIME bundle.

The statuses are drawn in a colour-blind-safe palette (the Okabe-Ito hues, darkened so that
white text on them has a contrast of at least 4.5:1), and every status also has an icon,
so that no reading depends on colour alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kpimodel.evaluation import Evaluation, KPIEvaluation, ProgramEvaluation, Status
from kpimodel.model import KPI, Indicator, Observation, Program
from kpimodel.render._labels import STATUS_ORDER, Lang, check_lang, choose, latest_text
from kpimodel.units import Quantity, Unit

__all__ = [
    "MIME_TYPE",
    "SCHEMA",
    "STATUS_ICONS",
    "STATUS_PALETTE",
    "indicator_observations",
    "status_spec",
    "to_vegalite",
    "trajectory_spec",
]

#: The MIME type notebooks render Vega-Lite 5 specifications under.
MIME_TYPE = "application/vnd.vegalite.v5+json"
#: The ``$schema`` of every specification (an identifier: nothing fetches it).
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

#: Status colours: Okabe-Ito bluish green, blue and vermillion, and a grey, each darkened
#: to a contrast of at least 4.5:1 with white.
STATUS_PALETTE: dict[Status, str] = {
    Status.ACHIEVED: "#00735A",
    Status.ON_TRACK: "#005F99",
    Status.BEHIND: "#B34400",
    Status.NO_DATA: "#5F6870",
}
#: An icon per status, shown beside its colour.
STATUS_ICONS: dict[Status, str] = {
    Status.ACHIEVED: "✓",
    Status.ON_TRACK: "↗",
    Status.BEHIND: "▼",
    Status.NO_DATA: "?",
}
_INK = "#333333"
_GREY = "#8c8c8c"

_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "observed": "observed",
        "approximate": "approximate",
        "derived": "derived from a stated change",
        "bound": "bound (true value beyond it)",
        "ignored": "after the as-of date (not used)",
        "baseline": "baseline",
        "target": "target",
        "path": "required path",
        "projected": "projected trend",
        "expected": "expected on the path",
        "as_of": "as of",
        "deadline": "deadline",
        "period": "period",
        "figure": "figure",
        "series": "series",
        "theme": "theme",
        "status": "status",
        "kpis": "KPIs",
    },
    "ja": {
        "observed": "実績値",
        "approximate": "概数",
        "derived": "増減から推計",
        "bound": "上限・下限",
        "ignored": "評価日より後（不使用）",
        "baseline": "基準値",
        "target": "目標",
        "path": "目標達成に必要な経路",
        "projected": "最近の傾向による見込み",
        "expected": "経路上の期待値",
        "as_of": "評価日",
        "deadline": "期限",
        "period": "時期",
        "figure": "数値",
        "series": "系列",
        "theme": "テーマ",
        "status": "状況",
        "kpis": "KPI数",
    },
}
# How each series is drawn: (colour, shape, filled).
_MARKS: dict[str, tuple[str, str, bool]] = {
    "observed": ("", "circle", True),
    "approximate": ("", "circle", False),
    "derived": ("", "diamond", True),
    "bound": ("", "triangle-up", True),
    "ignored": (_GREY, "circle", True),
    "baseline": (_INK, "square", False),
    "target": (
        _INK,
        "M0,-1L0.29,-0.4L0.95,-0.31L0.48,0.15L0.59,0.81L0,0.5L-0.59,0.81L-0.48,0.15L-0.95,-0.31L-0.29,-0.4Z",
        True,
    ),
    "expected": (_GREY, "cross", True),
}
_LINES = ("path", "projected")


def word(key: str, lang: Lang) -> str:
    """Return a chart word (``baseline``, ``target``...) in ``lang``."""
    return _WORDS[lang][key]


def indicator_observations(
    model: Program | KPI | Indicator | None, kpi_id: str, indicator_id: str
) -> tuple[Indicator | None, tuple[Observation, ...]]:
    """Return the indicator an evaluation was made of, and every observation it was given.

    Args:
        model: The program, KPI or indicator evaluated (``None``: nothing is known).
        kpi_id: The evaluated KPI.
        indicator_id: The evaluated indicator.

    Returns:
        The indicator and its observations (a program's shared series included), or
        ``(None, ())`` when the model does not contain it.
    """
    try:
        if isinstance(model, Program):
            indicator = model.kpi(kpi_id).indicator(indicator_id)
            if indicator.series is not None:
                return indicator, model.series_observations(indicator.series)
            return indicator, indicator.all_observations
        if isinstance(model, KPI):
            indicator = model.indicator(indicator_id)
            return indicator, indicator.all_observations
    except KeyError:
        return None, ()
    if isinstance(model, Indicator) and model.id == indicator_id:
        return model, model.all_observations
    return None, ()


def _unit(evaluation: Evaluation, observations: Sequence[Observation]) -> Unit | None:
    reference: Quantity | None = observations[0].value if observations else None
    if reference is None and evaluation.latest is not None:
        reference = evaluation.latest.value
    target = evaluation.target_value
    if target is not None and (reference is None or target.unit.is_compatible(reference.unit)):
        return target.unit
    if reference is not None:
        return reference.unit
    return evaluation.baseline.unit if evaluation.baseline is not None else None


def _y(value: Quantity | None, unit: Unit) -> float | None:
    if value is None or not value.unit.is_compatible(unit):
        return None
    return float(value.magnitude_in(unit))


def _curve(
    kind: str | None, start: tuple[dt.date, float], end: tuple[dt.date, float], steps: int = 12
) -> list[tuple[dt.date, float]]:
    """Return points from ``start`` to ``end``: geometric for compound rates, else straight."""
    (x0, y0), (x1, y1) = start, end
    span = (x1 - x0).days
    points = []
    for i in range(steps + 1):
        share = i / steps
        if kind == "compound" and y0 > 0 and y1 > 0:
            y = y0 * (y1 / y0) ** share
        else:
            y = y0 + (y1 - y0) * share
        points.append((x0 + dt.timedelta(days=round(span * share)), y))
    return points


def _row(
    day: dt.date, value: float, series: str, lang: Lang, text: str, period: str
) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "value": value,
        "series": word(series, lang),
        "key": series,
        "text": text,
        "period": period,
    }


def _observation_rows(
    evaluation: Evaluation, observations: Sequence[Observation], unit: Unit, lang: Lang
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the points of the observations and the line through the ones used."""
    points: list[dict[str, Any]] = []
    line: list[dict[str, Any]] = []
    for obs in observations:
        y = _y(obs.value, unit)
        if obs.period is None or y is None:
            continue
        if obs.period.last_day > evaluation.as_of:
            key = "ignored"
        elif obs.bound is not None:
            key = "bound"
        elif obs.derived:
            key = "derived"
        else:
            key = "approximate" if obs.value.approximate else "observed"
        row = _row(obs.period.point, y, key, lang, latest_text(obs, lang), obs.period.text_in(lang))
        points.append(row)
        if key in ("observed", "approximate", "derived"):
            line.append({**row, "series": "line", "key": "line"})
    line.sort(key=lambda r: str(r["date"]))
    return points, line


def trajectory_spec(
    evaluation: Evaluation,
    observations: Sequence[Observation] = (),
    *,
    lang: str = "en",
    title: str | None = None,
    width: int | str = 560,
    height: int = 260,
) -> dict[str, Any]:
    """Return the Vega-Lite specification of an indicator's trajectory toward its target.

    The figures (approximate ones hollow, derived ones as diamonds, bounds as triangles,
    those after the as-of date in grey) joined by a line in the status colour; the
    baseline (a hollow square), the target (a dashed rule, with a star at the deadline),
    the path required from the baseline to the target, the value expected on it at the
    latest figure, the projected trend to the deadline, and the as-of date (a rule).
    Figures without a period cannot be placed and are left out (the site lists them).

    Args:
        evaluation: The indicator's evaluation.
        observations: Its figures (without them, only the latest figure is drawn).
        lang: ``"en"`` or ``"ja"``: the language of the legend and tooltips.
        title: The chart's title.
        width: The width in pixels, or ``"container"``.
        height: The height in pixels.

    Returns:
        The specification, a JSON-ready dictionary.
    """
    language = check_lang(lang)
    if evaluation.target_kind == "convergence":
        # Its figures are gaps (|series - reference|), not on the series' axis: only the
        # series' own figures are drawn, never a gap as if it were one of them.
        gaps = ("latest", "rated", "baseline", "baseline_period", "target_value")
        update = dict.fromkeys((*gaps, "expected", "projected"))
        evaluation = evaluation.model_copy(update=update)
    figures = tuple(observations) or ((evaluation.latest,) if evaluation.latest else ())
    unit = _unit(evaluation, figures)
    colour = STATUS_PALETTE[evaluation.status]
    points: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    line: list[dict[str, Any]] = []
    target_y: float | None = None
    if unit is not None:
        points, line = _observation_rows(evaluation, figures, unit, language)
        target_y = _y(evaluation.target_value, unit)
        deadline = evaluation.deadline
        base_y = _y(evaluation.baseline, unit)
        start = evaluation.baseline_period
        if base_y is not None and start is not None:
            text = str(evaluation.baseline)
            points.append(
                _row(start.point, base_y, "baseline", language, text, start.text_in(language))
            )
        if target_y is not None and deadline is not None:
            text = str(evaluation.target_value)
            points.append(
                _row(deadline.point, target_y, "target", language, text, deadline.text_in(language))
            )
            if base_y is not None and start is not None and deadline.point > start.point:
                for day, y in _curve(
                    evaluation.rate_kind, (start.point, base_y), (deadline.point, target_y)
                ):
                    lines.append(_row(day, y, "path", language, "", ""))
        latest = evaluation.latest
        latest_y = _y(latest.value, unit) if latest is not None else None
        if latest is not None and latest.period is not None and latest_y is not None:
            expected_y = _y(evaluation.expected, unit)
            if expected_y is not None:
                points.append(
                    _row(
                        latest.period.point,
                        expected_y,
                        "expected",
                        language,
                        f"{expected_y:.4g}",
                        latest.period.text_in(language),
                    )
                )
            projected_y = _y(evaluation.projected, unit)
            if projected_y is not None and deadline is not None:
                for day, y in _curve(
                    evaluation.rate_kind,
                    (latest.period.point, latest_y),
                    (deadline.point, projected_y),
                ):
                    lines.append(_row(day, y, "projected", language, "", ""))
    keys = [k for k in _MARKS if any(r["key"] == k for r in points)]
    keys += [k for k in _LINES if any(r["key"] == k for r in lines)]
    domain = [word(k, language) for k in keys]
    colours = [
        (_MARKS[k][0] if k in _MARKS else "") or (colour if k != "path" else _GREY) for k in keys
    ]
    scale = {"domain": domain, "range": colours}
    legend = {"orient": "bottom", "columns": 2, "title": None, "labelLimit": 150}
    x = {
        "field": "date",
        "type": "temporal",
        "title": None,
        "axis": {"format": "%Y", "tickCount": "year", "labelOverlap": True},
    }
    y_axis: dict[str, Any] = {
        "field": "value",
        "type": "quantitative",
        "title": unit.symbol if unit is not None else None,
        "scale": {"zero": False, "reverse": bool(unit is not None and unit.kind == "rank")},
    }
    tooltip = [
        {"field": "series", "title": word("series", language)},
        {"field": "period", "title": word("period", language)},
        {"field": "text", "title": word("figure", language)},
    ]
    layers: list[dict[str, Any]] = []
    if line:
        layers.append(
            {
                "data": {"values": line},
                "mark": {"type": "line", "color": colour, "strokeWidth": 2},
                "encoding": {"x": x, "y": y_axis},
            }
        )
    if lines:
        layers.append(
            {
                "data": {"values": lines},
                "mark": {"type": "line", "strokeDash": [6, 4], "strokeWidth": 1.6},
                "encoding": {
                    "x": x,
                    "y": y_axis,
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "scale": scale,
                        "legend": legend,
                    },
                    "detail": {"field": "series"},
                },
            }
        )
    for filled in (True, False):
        subset = [r for r in points if _MARKS[r["key"]][2] is filled]
        if not subset:
            continue
        shapes = {
            "domain": domain,
            "range": [_MARKS[k][1] if k in _MARKS else "stroke" for k in keys],
        }
        layers.append(
            {
                "data": {"values": subset},
                "mark": {"type": "point", "filled": filled, "size": 110, "strokeWidth": 2},
                "encoding": {
                    "x": x,
                    "y": y_axis,
                    "color": {
                        "field": "series",
                        "type": "nominal",
                        "scale": scale,
                        "legend": legend,
                    },
                    "shape": {
                        "field": "series",
                        "type": "nominal",
                        "scale": shapes,
                        "legend": legend,
                    },
                    "tooltip": tooltip,
                },
            }
        )
    if target_y is not None:
        layers.append(
            {
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": _INK, "strokeWidth": 1},
                "encoding": {"y": {"datum": target_y, "type": "quantitative"}},
            }
        )
    layers.append(
        {
            "data": {"values": [{"date": evaluation.as_of.isoformat()}]},
            "mark": {"type": "rule", "color": _GREY, "strokeWidth": 1},
            "encoding": {
                "x": x,
                "tooltip": [{"field": "date", "title": word("as_of", language)}],
            },
        }
    )
    spec: dict[str, Any] = {
        "$schema": SCHEMA,
        "description": title or f"{evaluation.kpi_id}/{evaluation.indicator_id}",
    }
    if title:
        spec["title"] = {"text": title, "anchor": "start", "fontSize": 13, "limit": 520}
    return {
        **spec,
        "width": width,
        "height": height,
        "autosize": {"type": "fit-x", "contains": "padding"} if width == "container" else "pad",
        "layer": layers,
        "resolve": {"scale": {"color": "shared", "shape": "shared"}},
        "config": {"font": "system-ui, sans-serif", "legend": {"symbolStrokeWidth": 2}},
    }


def status_spec(
    evaluation: ProgramEvaluation, *, lang: str = "en", width: int | str = 560
) -> dict[str, Any]:
    """Return the Vega-Lite specification of a program's KPI statuses per theme.

    One horizontal bar per theme, stacked by status in the status colours, with each
    segment labelled by its icon and count.

    Args:
        evaluation: The program's evaluation.
        lang: ``"en"`` or ``"ja"``.
        width: The width in pixels, or ``"container"``.

    Returns:
        The specification, a JSON-ready dictionary.
    """
    language = check_lang(lang)
    rows: list[dict[str, Any]] = []
    themes = [choose(t.title, t.title_en, language) or t.theme_id for t in evaluation.themes]
    for name, theme in zip(themes, evaluation.themes, strict=True):
        counts = theme.summary.as_dict()
        start = 0
        for order, status in enumerate(STATUS_ORDER):
            count = counts[status.value]
            if count:
                rows.append(
                    {
                        "theme": name,
                        "status": _status_name(status, language),
                        "order": order,
                        "count": count,
                        "x0": start,
                        "x1": start + count,
                        "mid": start + count / 2,
                        "label": f"{STATUS_ICONS[status]} {count}",
                    }
                )
            start += count
    domain = [_status_name(s, language) for s in STATUS_ORDER]
    colour = {
        "field": "status",
        "type": "nominal",
        "scale": {"domain": domain, "range": [STATUS_PALETTE[s] for s in STATUS_ORDER]},
        "legend": {"orient": "bottom", "title": None, "columns": 2},
    }
    y = {
        "field": "theme",
        "type": "nominal",
        "sort": themes,
        "title": None,
        "axis": {"labelLimit": 180},
    }
    tooltip = [
        {"field": "theme", "title": word("theme", language)},
        {"field": "status", "title": word("status", language)},
        {"field": "count", "title": word("kpis", language)},
    ]
    return {
        "$schema": SCHEMA,
        "description": word("status", language),
        "width": width,
        "height": {"step": 28},
        "autosize": {"type": "fit-x", "contains": "padding"} if width == "container" else "pad",
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "bar", "stroke": "white"},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "x0",
                        "type": "quantitative",
                        "title": word("kpis", language),
                        "axis": {"format": "d", "tickMinStep": 1},
                    },
                    "x2": {"field": "x1"},
                    "color": colour,
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "text", "color": "white", "fontWeight": "bold"},
                "encoding": {
                    "y": y,
                    "x": {"field": "mid", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
        "config": {"font": "system-ui, sans-serif"},
    }


def _status_name(status: Status, lang: Lang) -> str:
    return status.label_ja if lang == "ja" else status.value


def to_vegalite(
    subject: ProgramEvaluation | KPIEvaluation | Evaluation,
    *,
    lang: str = "en",
    model: Program | KPI | Indicator | None = None,
) -> dict[str, Any]:
    """Return a Vega-Lite 5 specification of an evaluation.

    A program's evaluation: its statuses per theme (:func:`status_spec`). A KPI's or an
    indicator's: the trajectory of each indicator (:func:`trajectory_spec`), one above the
    other; pass ``model`` (what was evaluated) to draw every figure, not only the latest.

    Args:
        subject: The evaluation.
        lang: ``"en"`` or ``"ja"``.
        model: The program, KPI or indicator evaluated.

    Returns:
        The specification.

    Raises:
        TypeError: For anything but an evaluation of a program, a KPI or an indicator.
    """
    language = check_lang(lang)
    if isinstance(subject, ProgramEvaluation):
        return status_spec(subject, lang=language)
    if isinstance(subject, Evaluation):
        items: tuple[Evaluation, ...] = (subject,)
    elif isinstance(subject, KPIEvaluation):
        items = subject.indicators
    else:
        raise TypeError(
            f"to_vegalite() takes an evaluation of a program, a KPI or an indicator, "
            f"not {type(subject).__name__}"
        )
    charts = []
    for item in items:
        indicator, observations = indicator_observations(model, item.kpi_id, item.indicator_id)
        title = None
        if indicator is not None:
            title = choose(indicator.title, indicator.title_en, language) or None
        charts.append(
            trajectory_spec(item, observations, lang=language, title=title or item.indicator_id)
        )
    if len(charts) == 1:
        return charts[0]
    for chart in charts:
        del chart["$schema"], chart["config"], chart["autosize"]
    return {"$schema": SCHEMA, "vconcat": charts, "config": {"font": "system-ui, sans-serif"}}
