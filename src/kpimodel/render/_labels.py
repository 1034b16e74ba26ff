"""Words shared by every renderer: status labels, column headings, targets and figures."""

from __future__ import annotations

from typing import Literal

from kpimodel.evaluation import Evaluation, Status, StatusCounts
from kpimodel.model import (
    Bound,
    CumulativeTarget,
    Direction,
    Observation,
    ReferenceRatioTarget,
    Target,
    TrendTarget,
)
from kpimodel.model._program import observation_order
from kpimodel.periods import Period
from kpimodel.units import Quantity, Rank

__all__ = [
    "HEADINGS",
    "LANGS",
    "STATUS_ORDER",
    "Lang",
    "check_lang",
    "choose",
    "describe_evaluation_target",
    "describe_target",
    "describe_target_model",
    "latest_observation",
    "latest_text",
    "status_label",
    "summary_text",
]

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = ("en", "ja")

#: The statuses in the order reports list them.
STATUS_ORDER = (Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.NO_DATA)

#: Column headings, by language.
HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "id": "ID",
        "kpi": "KPI",
        "target": "Target",
        "latest": "Latest",
        "status": "Status",
        "reason": "Reason",
        "explanation": "Explanation",
        "as_of": "as of",
        "summary": "Summary",
        "kpis": "KPIs",
        "period_unknown": "period not stated",
    },
    "ja": {
        "id": "ID",
        "kpi": "KPI",
        "target": "目標",
        "latest": "最新値",
        "status": "状況",
        "reason": "理由",
        "explanation": "説明",
        "as_of": "時点",
        "summary": "集計",
        "kpis": "KPI",
        "period_unknown": "時期不明",
    },
}

_BOUND_SIGN = {Bound.BELOW: "<", Bound.AT_MOST: "≤", Bound.ABOVE: ">", Bound.AT_LEAST: "≥"}


def check_lang(lang: str) -> Lang:
    """Return ``lang`` if it is a supported language.

    Args:
        lang: ``"en"`` or ``"ja"``.

    Returns:
        The language.

    Raises:
        ValueError: For any other value.
    """
    if lang == "en":
        return "en"
    if lang == "ja":
        return "ja"
    raise ValueError(f"unknown language {lang!r}; use 'en' or 'ja'")


def choose(original: str | None, english: str | None, lang: Lang) -> str:
    """Return the text in ``lang``: the English one for ``en``, falling back to the other.

    Args:
        original: The text in the source language (Japanese).
        english: The English text.
        lang: The wanted language.

    Returns:
        The text, or ``""`` when neither is given.
    """
    first, second = (english, original) if lang == "en" else (original, english)
    return first or second or ""


def status_label(status: Status, lang: Lang) -> str:
    """Return the label of a status: its value in English, 達成/順調/遅れ/データなし in Japanese."""
    return status.label_ja if lang == "ja" else status.value


def summary_text(counts: StatusCounts, lang: Lang) -> str:
    """Return the counts per status as one line of text (without the "Summary" heading)."""
    values = counts.as_dict()
    if lang == "ja":
        parts = "、".join(f"{s.label_ja} {values[s.value]}" for s in STATUS_ORDER)
        return f"{parts}（全{counts.total}件）"
    parts = ", ".join(f"{values[s.value]} {s.value}" for s in STATUS_ORDER)
    noun = "KPI" if counts.total == 1 else "KPIs"
    return f"{parts} ({counts.total} {noun})"


def _period(period: Period | None, lang: Lang) -> str:
    return str(period) if period is not None else HEADINGS[lang]["period_unknown"]


def latest_text(observation: Observation | None, lang: Lang) -> str:
    """Return a figure with its period: ``12位 (2025年)``, ``< 1億アクセス (2026年3月現在)``.

    Args:
        observation: The observation, if any.
        lang: The language of the period note.

    Returns:
        The text, or ``""`` without an observation.
    """
    if observation is None:
        return ""
    sign = _BOUND_SIGN.get(observation.bound) if observation.bound is not None else None
    value = f"{sign} {observation.value}" if sign else str(observation.value)
    period = _period(observation.period, lang)
    return f"{value}（{period}）" if lang == "ja" else f"{value} ({period})"


def latest_observation(observations: tuple[Observation, ...]) -> Observation | None:
    """Return the observation a table shows as the latest: the last dated one, else the first.

    Among undated observations the first one given is the source's own figure (the later
    ones are derived from it), so it is the one shown.

    Args:
        observations: The observations as the source gives them.

    Returns:
        The observation, or ``None`` when there is none.
    """
    dated = [o for o in observations if o.period is not None]
    if dated:
        return sorted(dated, key=observation_order)[-1]
    return observations[0] if observations else None


def _compare(direction: str | None) -> tuple[str, str]:
    lower = direction == Direction.LOWER.value
    return ("≤", "以下") if lower else ("≥", "以上")


def describe_target(
    kind: str,
    *,
    direction: str | None,
    value: Quantity | None,
    deadline: Period | None,
    lang: Lang,
    change: Quantity | None = None,
    span: Period | None = None,
) -> str:
    """Describe a target in a few words: ``≥ 5兆円 by 2030年``, ``top 4 by 2035年``.

    Args:
        kind: The target kind.
        direction: ``higher`` or ``lower``.
        value: The figure to reach (a :class:`~kpimodel.Rank` for rank targets).
        deadline: The deadline.
        lang: The language.
        change: The change to achieve, for trend targets without a resolved figure.
        span: The span a cumulative total is summed over.

    Returns:
        The description.
    """
    ja = lang == "ja"
    op, op_ja = _compare(direction)
    by = (f"{deadline}までに" if ja else f" by {deadline}") if deadline is not None else ""
    if kind == "monitor":
        return "モニタリング" if ja else "monitor"
    if kind == "pending":
        return "設定予定" if ja else "pending"
    if kind == "maintain" and value is not None:
        until = (f"{deadline}まで" if ja else f" until {deadline}") if deadline else ""
        if isinstance(value, Rank):
            return (
                f"{until}上位{value.position}位以内を維持"
                if ja
                else f"stay top {value.position}{until}"
            )
        return f"{until}{value}{op_ja}を維持" if ja else f"stay {op} {value}{until}"
    if isinstance(value, Rank) and kind in ("rank", "trend", "absolute"):
        return f"{by}上位{value.position}位以内" if ja else f"top {value.position}{by}"
    if kind == "cumulative" and value is not None:
        over = (f"{span}の" if ja else f" over {span}") if span is not None else ""
        return f"{by}{over}合計{value}{op_ja}" if ja else f"total {op} {value}{over}{by}"
    if kind == "reference_ratio" and value is not None:
        return f"{by}参照系列比{value}{op_ja}" if ja else f"{op} {value} of reference{by}"
    if value is not None:
        return f"{by}{value}{op_ja}" if ja else f"{op} {value}{by}"
    if kind == "trend":
        lower = direction == Direction.LOWER.value
        if change is not None:
            return f"{by}{change}変化" if ja else f"change by {change}{by}"
        if ja:
            return f"{by}{'減少' if lower else '増加'}"
        return f"{'decrease' if lower else 'increase'}{by}"
    return kind


def describe_target_model(target: Target, lang: Lang) -> str:
    """Describe a model's target (see :func:`describe_target`).

    Args:
        target: The target.
        lang: The language.

    Returns:
        The description.
    """
    text = describe_target(
        target.kind,
        direction=target.direction.value,
        value=target.target_value(),
        deadline=target.deadline,
        lang=lang,
        change=target.change if isinstance(target, TrendTarget) else None,
        span=target.period if isinstance(target, CumulativeTarget) else None,
    )
    if isinstance(target, ReferenceRatioTarget):
        text += f"（{target.reference}）" if lang == "ja" else f" ({target.reference})"
    return text


def describe_evaluation_target(evaluation: Evaluation, lang: Lang) -> str:
    """Describe the target an evaluation judged against (see :func:`describe_target`).

    Args:
        evaluation: The evaluation.
        lang: The language.

    Returns:
        The description.
    """
    return describe_target(
        evaluation.target_kind,
        direction=evaluation.direction,
        value=evaluation.target_value,
        deadline=evaluation.deadline,
        lang=lang,
    )
