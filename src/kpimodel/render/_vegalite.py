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

from kpimodel.evaluation import (
    AttainmentKind,
    Evaluation,
    KPIEvaluation,
    MilestoneState,
    ProgramEvaluation,
    Status,
)
from kpimodel.model import (
    KPI,
    CompletionTarget,
    Indicator,
    Observation,
    Program,
    known_as_of,
)
from kpimodel.render._labels import (
    STATUS_ORDER,
    Lang,
    check_lang,
    choose,
    figure_text,
    latest_text,
)
from kpimodel.units import Quantity, Unit

__all__ = [
    "CHART_WORDS",
    "MILESTONE_KEYS",
    "MIME_TYPE",
    "SCHEMA",
    "STATUS_ICONS",
    "STATUS_PALETTE",
    "attainment_text",
    "indicator_observations",
    "status_spec",
    "superseded",
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
_LIMIT = "#616161"
# A flag on a pole: the shape of a milestone.
_FLAG = "M-0.7,1L-0.7,-1L0.9,-0.55L-0.5,-0.1L-0.5,1Z"

#: The words of the charts (legends, rules, annotations), by language.
CHART_WORDS: dict[Lang, dict[str, str]] = {
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
        "revised": "earlier revision (not used)",
        "judged": "judged against the milestone",
        "limit": "limit",
        "milestone-met": "milestone met",
        "milestone-missed": "milestone missed",
        "milestone-recovered": "milestone missed, caught up since",
        "milestone-unknown": "milestone (no figure by its deadline)",
        "milestone-upcoming": "milestone ahead",
        "met_in": "met in {period}",
        "projected_in": "projected to be met in {period}",
        "done": "done",
        "in-progress": "in progress",
        "not-started": "not started",
        "no_reports": "a completion target: no reports yet, no figures to plot",
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
        "revised": "改定前の数値（不使用）",
        "judged": "評価に用いた中間目標",
        "limit": "限界値",
        "milestone-met": "中間目標（達成）",
        "milestone-missed": "中間目標（未達）",
        "milestone-recovered": "中間目標（未達、その後回復）",
        "milestone-unknown": "中間目標（期限までの数値なし）",
        "milestone-upcoming": "中間目標（今後）",
        "met_in": "{period}に達成",
        "projected_in": "{period}に達成見込み",
        "done": "完了",
        "in-progress": "実施中",
        "not-started": "未着手",
        "no_reports": "完了目標：報告はまだなく、描く数値なし",
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
    "revised": ("#b8b8b8", "circle", False),
    "milestone-met": (STATUS_PALETTE[Status.ACHIEVED], _FLAG, True),
    "milestone-missed": (STATUS_PALETTE[Status.BEHIND], _FLAG, True),
    "milestone-recovered": (STATUS_PALETTE[Status.BEHIND], _FLAG, False),
    "milestone-unknown": (STATUS_PALETTE[Status.NO_DATA], _FLAG, False),
    "milestone-upcoming": (_INK, _FLAG, False),
    "done": (STATUS_PALETTE[Status.ACHIEVED], "circle", True),
    "in-progress": (STATUS_PALETTE[Status.ON_TRACK], "circle", False),
    "not-started": (STATUS_PALETTE[Status.NO_DATA], "circle", False),
}
_LINES = ("path", "projected")
#: Rules in the legend: the natural limit (horizontal), the attainment date and the
#: deadline of a completion target (vertical).
_RULES = ("limit", "attainment", "deadline")
#: The chart series (and legend word, see :func:`word`) of each milestone state.
MILESTONE_KEYS: dict[MilestoneState, str] = {
    MilestoneState.MET: "milestone-met",
    MilestoneState.MISSED: "milestone-missed",
    MilestoneState.RECOVERED: "milestone-recovered",
    MilestoneState.UNKNOWN: "milestone-unknown",
    MilestoneState.NEXT: "milestone-upcoming",
    MilestoneState.LATER: "milestone-upcoming",
}


def word(key: str, lang: Lang) -> str:
    """Return a chart word (``baseline``, ``target``...) in ``lang``."""
    return CHART_WORDS[lang][key]


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
    day: dt.date,
    value: float,
    series: str,
    lang: Lang,
    text: str,
    period: str,
    name: str | None = None,
) -> dict[str, Any]:
    return {
        "date": day.isoformat(),
        "value": value,
        "series": name or word(series, lang),
        "key": series,
        "text": text,
        "period": period,
    }


def superseded(observations: Sequence[Observation], as_of: dt.date) -> list[Observation]:
    """Return the earlier revisions: figures of a period given several, not the one used.

    Of the figures of one period known by ``as_of`` (its period ended and published by
    then), the evaluation uses the latest published (:func:`kpimodel.model.known_as_of`);
    the others are returned. Figures published after ``as_of`` are not among them: they
    were not known yet (charts draw them with the other figures after the as-of date).

    Args:
        observations: An indicator's figures, revisions included.
        as_of: The evaluation date.

    Returns:
        The figures replaced by a later revision, in the order given.
    """
    periods: dict[object, int] = {}
    for obs in observations:
        if obs.period is not None:
            periods[obs.period] = periods.get(obs.period, 0) + 1
    if all(count == 1 for count in periods.values()):
        return []
    kept = known_as_of(observations, as_of)
    return [
        obs
        for obs in observations
        if obs.period is not None
        and periods[obs.period] > 1
        and obs.period.last_day <= as_of
        and (obs.published is None or obs.published <= as_of)
        and not any(obs is other for other in kept)
    ]


def _observation_rows(
    evaluation: Evaluation, observations: Sequence[Observation], unit: Unit, lang: Lang
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the points of the observations and the line through the ones used.

    Of a period's revisions, only the figure the evaluation used joins the line; earlier
    revisions are faint hollow points (``revised``), and figures published after the
    as-of date are grey with the others it could not know (``ignored``).
    """
    points: list[dict[str, Any]] = []
    line: list[dict[str, Any]] = []
    replaced = superseded(observations, evaluation.as_of)
    for obs in observations:
        y = _y(obs.value, unit)
        if obs.period is None or y is None:
            continue
        if obs.period.last_day > evaluation.as_of or (
            obs.published is not None and obs.published > evaluation.as_of
        ):
            key = "ignored"
        elif any(obs is other for other in replaced):
            key = "revised"
        elif obs.bound is not None:
            key = "bound"
        elif obs.derived:
            key = "derived"
        else:
            key = "approximate" if obs.value.approximate else "observed"
        text = latest_text(obs, lang)
        if obs.published is not None:
            text += f" [{obs.published.isoformat()}]"
        row = _row(obs.period.point, y, key, lang, text, obs.period.text_in(lang))
        points.append(row)
        if key in ("observed", "approximate", "derived"):
            line.append({**row, "series": "line", "key": "line"})
    line.sort(key=lambda r: str(r["date"]))
    return points, line


def attainment_text(evaluation: Evaluation, lang: str) -> str | None:
    """Return when the target is met: "met in 2025", "2027年に達成見込み".

    Args:
        evaluation: An evaluation.
        lang: ``"en"`` or ``"ja"``.

    Returns:
        The text, or ``None`` unless the attainment is ``met`` or ``projected``.
    """
    language = check_lang(lang)
    attainment = evaluation.attainment
    if attainment is None or attainment.period is None:
        return None
    if attainment.kind is AttainmentKind.MET:
        key = "met_in"
    elif attainment.kind is AttainmentKind.PROJECTED:
        key = "projected_in"
    else:
        return None
    return word(key, language).format(period=attainment.period.text_in(language))


def _milestone_rows(evaluation: Evaluation, unit: Unit, lang: Lang) -> list[dict[str, Any]]:
    rows = []
    for check in evaluation.milestones:
        y = _y(check.value, unit)
        if check.value is None or y is None:
            continue
        key = MILESTONE_KEYS[check.state]
        text = f"{figure_text(check.value, lang)} · {word(key, lang)}"
        rows.append(_row(check.deadline.point, y, key, lang, text, check.deadline.text_in(lang)))
    return rows


def _completion_rows(
    evaluation: Evaluation, target: CompletionTarget, lang: Lang
) -> list[dict[str, Any]]:
    rows = []
    for report in sorted(target.reports, key=lambda r: r.period.point):
        state = word(report.status.value, lang)
        key = "ignored" if report.period.last_day > evaluation.as_of else report.status.value
        row = _row(report.period.point, 0.0, key, lang, state, report.period.text_in(lang))
        rows.append({**row, "label": f"{report.period.text_in(lang)}: {state}"})
    return rows


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
    Each milestone is a flag at its deadline and value (filled when met or missed, in
    the colour of the state; hollow when ahead or not judged), the natural limit a dotted
    rule labelled "limit", and the date the target is met (or projected to be met) a
    dash-dotted rule, or, when it lies beyond the chart's dates, a note at its right
    edge. Of a period's revised figures only the one the evaluation used joins the line;
    the earlier revisions are faint hollow points. A completion target has no figures:
    its chart is a timeline of its reports (done, in progress, not started) and its
    deadline, or says that there is nothing to plot.
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
    completion = evaluation.target if isinstance(evaluation.target, CompletionTarget) else None
    figures = tuple(observations) or ((evaluation.latest,) if evaluation.latest else ())
    unit = None if completion is not None else _unit(evaluation, figures)
    colour = STATUS_PALETTE[evaluation.status]
    points: list[dict[str, Any]] = []
    lines: list[dict[str, Any]] = []
    line: list[dict[str, Any]] = []
    rules: list[dict[str, Any]] = []  # horizontal (value) and vertical (date) rules
    target_y: float | None = None
    names: dict[str, str] = {}
    if completion is not None:
        points = _completion_rows(evaluation, completion, language)
        deadline_text = completion.deadline.text_in(language)
        names["deadline"] = f"{word('deadline', language)} {deadline_text}"
        rules.append(
            _row(
                completion.deadline.point,
                0.0,
                "deadline",
                language,
                names["deadline"],
                deadline_text,
                names["deadline"],
            )
        )
    if unit is not None:
        points, line = _observation_rows(evaluation, figures, unit, language)
        points += _milestone_rows(evaluation, unit, language)
        target_y = _y(evaluation.target_value, unit)
        # Judged against a milestone, the target value, the path and the projection run to
        # the milestone's deadline.
        deadline = evaluation.milestone.deadline if evaluation.milestone else evaluation.deadline
        base_y = _y(evaluation.baseline, unit)
        start = evaluation.baseline_period
        if base_y is not None and start is not None:
            text = str(evaluation.baseline)
            points.append(
                _row(start.point, base_y, "baseline", language, text, start.text_in(language))
            )
        if target_y is not None and deadline is not None:
            text = str(evaluation.target_value)
            name = word("judged", language) if evaluation.milestone is not None else None
            if name is not None:
                names["target"] = name
            points.append(
                _row(
                    deadline.point,
                    target_y,
                    "target",
                    language,
                    text,
                    deadline.text_in(language),
                    name,
                )
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
        limit_y = _y(evaluation.limit, unit)
        if limit_y is not None:
            text = figure_text(evaluation.limit, language) if evaluation.limit else ""
            names["limit"] = f"{word('limit', language)} {text}"
            rules.append(
                _row(evaluation.as_of, limit_y, "limit", language, text, "", names["limit"])
            )
    dates = [str(r["date"]) for r in (*points, *lines, *rules)] + [evaluation.as_of.isoformat()]
    first, last = min(dates), max(dates)
    reached = attainment_text(evaluation, language)
    beyond: str | None = None  # an attainment date outside the chart's dates
    beyond_day = ""
    if reached is not None and evaluation.attainment is not None and unit is not None:
        period = evaluation.attainment.period
        assert period is not None  # attainment_text gives None without one
        names["attainment"] = reached
        when = period.point.isoformat()
        if first <= when <= last:
            rules.append(
                _row(
                    period.point,
                    0.0,
                    "attainment",
                    language,
                    reached,
                    period.text_in(language),
                    reached,
                )
            )
        else:
            beyond, beyond_day = reached, when
            rules.append(
                {
                    **_row(
                        period.point,
                        0.0,
                        "attainment",
                        language,
                        reached,
                        period.text_in(language),
                        reached,
                    ),
                    "beyond": True,
                }
            )
    keys = [k for k in _MARKS if any(r["key"] == k for r in points)]
    keys += [k for k in _LINES if any(r["key"] == k for r in lines)]
    keys += [k for k in _RULES if any(r["key"] == k for r in rules)]
    domain = [names.get(k) or word(k, language) for k in keys]
    rule_colours = {"limit": _LIMIT, "attainment": colour, "deadline": _INK}
    colours = [
        rule_colours[k]
        if k in rule_colours
        else (_MARKS[k][0] if k in _MARKS else "") or (colour if k != "path" else _GREY)
        for k in keys
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
    if completion is not None:
        y_axis = {
            "field": "value",
            "type": "quantitative",
            "title": None,
            "axis": None,
            "scale": {"domain": [-1, 1]},
        }
    series_colour = {"field": "series", "type": "nominal", "scale": scale, "legend": legend}
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
                    "color": series_colour,
                    "detail": {"field": "series"},
                },
            }
        )
    timeline = [r for r in points if r["key"] in ("done", "in-progress", "not-started", "ignored")]
    if completion is not None and len(timeline) > 1:
        layers.append(
            {
                "data": {"values": timeline},
                "mark": {"type": "line", "color": _GREY, "strokeWidth": 1.2},
                "encoding": {"x": x, "y": y_axis},
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
                    "color": series_colour,
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
    if completion is not None:
        if timeline:
            layers.append(
                {
                    "data": {"values": timeline},
                    "mark": {"type": "text", "dy": -16, "fontSize": 11, "color": _INK},
                    "encoding": {"x": x, "y": y_axis, "text": {"field": "label"}},
                }
            )
        else:
            layers.append(
                {
                    "data": {"values": [{"date": evaluation.as_of.isoformat(), "value": 0.0}]},
                    "mark": {"type": "text", "fontSize": 12, "color": _INK},
                    "encoding": {
                        "x": x,
                        "y": y_axis,
                        "text": {"value": word("no_reports", language)},
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
    limits = [r for r in rules if r["key"] == "limit"]
    if limits:
        layers.append(
            {
                "data": {"values": limits},
                "mark": {"type": "rule", "strokeDash": [1, 3], "strokeWidth": 1.6},
                "encoding": {"y": y_axis, "color": series_colour, "tooltip": tooltip},
            }
        )
        layers.append(
            {
                "data": {"values": [{"date": last, "value": r["value"]} for r in limits]},
                "mark": {
                    "type": "text",
                    "align": "right",
                    "baseline": "bottom",
                    "dy": -3,
                    "fontSize": 10,
                    "color": _LIMIT,
                },
                "encoding": {
                    "x": x,
                    "y": y_axis,
                    "text": {"value": word("limit", language)},
                },
            }
        )
    verticals = [r for r in rules if r["key"] in ("attainment", "deadline") and not r.get("beyond")]
    for row in verticals:
        dash = [2, 3] if row["key"] == "deadline" else [6, 3, 2, 3]
        layers.append(
            {
                "data": {"values": [row]},
                "mark": {"type": "rule", "strokeDash": dash, "strokeWidth": 1.4},
                "encoding": {"x": x, "color": series_colour, "tooltip": tooltip},
            }
        )
        if row["key"] == "attainment":
            layers.append(
                {
                    "data": {"values": [row]},
                    "mark": {
                        "type": "text",
                        "align": "left",
                        "baseline": "top",
                        "dx": 3,
                        "dy": 3,
                        "fontSize": 10,
                        "color": colour,
                    },
                    "encoding": {"x": x, "y": {"value": 0}, "text": {"field": "text"}},
                }
            )
    if beyond is not None:
        # The date lies past the chart's dates (2358 on a slow trend): say it at the right
        # edge rather than stretch the axis (the legend lists it all the same: the colour
        # scale's domain is explicit).
        # Away from the target's star: at the bottom when the target is in the upper half;
        # at the left edge when the date is before every other (a figure not drawn).
        later = beyond_day > last
        edge, note = (last, f"{beyond} →") if later else (first, f"← {beyond}")
        top = True
        values = [float(r["value"]) for r in (*points, *lines) if "value" in r]
        if target_y is not None and values and max(values) > min(values):
            share = (target_y - min(values)) / (max(values) - min(values))
            reverse = bool(unit is not None and unit.kind == "rank")
            top = (1 - share if reverse else share) < 0.5
        layers.append(
            {
                "data": {"values": [{"date": edge, "text": note}]},
                "mark": {
                    "type": "text",
                    "align": "right" if later else "left",
                    "baseline": "top" if top else "bottom",
                    "dy": 3 if top else -3,
                    "fontSize": 10,
                    "color": colour,
                },
                "encoding": {
                    "x": x,
                    "y": {"value": 0 if top else height},
                    "text": {"field": "text"},
                },
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
