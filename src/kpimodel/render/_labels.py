"""Words shared by every renderer: status labels, column headings, targets and figures."""

from __future__ import annotations

import re
from typing import Literal

from kpimodel.evaluation import (
    Evaluation,
    KPIEvaluation,
    ProgramEvaluation,
    Reason,
    Status,
    StatusCounts,
    ThemeEvaluation,
)
from kpimodel.model import (
    KPI,
    BandTarget,
    Bound,
    ConvergenceTarget,
    CumulativeTarget,
    Direction,
    Indicator,
    Milestone,
    Observation,
    Program,
    ReferenceRatioTarget,
    Target,
    Theme,
    TrendTarget,
)
from kpimodel.model._program import observation_order
from kpimodel.periods import Period, PeriodBase
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
    "document_language",
    "english_text",
    "figure_text",
    "latest_observation",
    "latest_text",
    "lineage_text",
    "reason_label",
    "status_label",
    "summary_text",
    "text_language",
    "title_in",
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

#: What Japanese output shows for each reason code (JSON and CSV keep the code).
REASON_LABELS_JA: dict[Reason, str] = {
    Reason.TARGET_MET: "目標達成",
    Reason.BOUND_MEETS_TARGET: "範囲表記の値で目標達成",
    Reason.MAINTAINED: "目標水準を維持",
    Reason.PACE_SUFFICIENT: "進捗ペース十分",
    Reason.ON_PATH: "目標経路上",
    Reason.PROJECTION_MEETS_TARGET: "見通しで目標到達",
    Reason.WITHIN_BOUND: "範囲内",
    Reason.TREND_FAVOURABLE: "望ましい方向に推移",
    Reason.AT_LIMIT: "限界値に到達",
    Reason.MILESTONE_MET: "中間目標を達成",
    Reason.DEADLINE_MISSED: "期限までに未達",
    Reason.PACE_INSUFFICIENT: "進捗ペース不足",
    Reason.BELOW_PATH: "目標経路を下回る",
    Reason.PROJECTION_SHORT: "見通しで目標未達",
    Reason.MOVING_AWAY: "目標から遠ざかる",
    Reason.STAGNATING: "横ばい",
    Reason.BOUND_BREACHED: "範囲を逸脱",
    Reason.MILESTONE_MISSED: "中間目標が未達",
    Reason.NO_OBSERVATIONS: "実績値なし",
    Reason.NO_TARGET: "目標なし",
    Reason.TARGET_PENDING: "目標設定予定",
    Reason.INSUFFICIENT_HISTORY: "実績の蓄積不足",
    Reason.NOT_ASSESSABLE: "評価不能",
    Reason.STALE: "実績値が古い",
    Reason.COMPLETED: "期限までに完了",
    Reason.COMPLETED_LATE: "期限後に完了",
    Reason.IN_PROGRESS: "実施中",
    Reason.NOT_COMPLETED: "期限までに未完了",
    Reason.NOT_STARTED: "未着手",
    Reason.UNREPORTED_AT_DEADLINE: "期限時点の報告なし",
    Reason.BAND_ACHIEVED: "達成の区分",
    Reason.BAND_ON_TRACK: "順調の区分",
    Reason.BAND_BEHIND: "遅れの区分",
}

# The approximate mark a quantity prints (約52%) where English reads "about": before a
# figure only, so that 約 inside a title or a unit is left alone.
_APPROX_BEFORE_FIGURE = re.compile(r"約(?=[0-9０-９.+\-−▲△])")

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


# Kana and CJK ideographs: text with any of them is Japanese text.
_JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]")


def text_language(text: str) -> Lang:
    """Return ``ja`` when ``text`` has kana or kanji in it, else ``en``."""
    return "ja" if _JAPANESE.search(text) else "en"


def _titles(subject: object) -> list[str]:
    """The source-language titles of a model or an evaluation, outermost first."""
    if isinstance(subject, Program):
        return [subject.title, *(t for theme in subject.themes for t in _titles(theme))]
    if isinstance(subject, Theme):
        return [subject.title, *(t for kpi in subject.kpis for t in _titles(kpi))]
    if isinstance(subject, KPI | Indicator):
        return [subject.title] if subject.title else []
    if isinstance(subject, ProgramEvaluation):
        titles = [subject.program, *(theme.title for theme in subject.themes)]
        return titles + [kpi.title for kpi in subject.kpis]
    if isinstance(subject, ThemeEvaluation | KPIEvaluation):
        return [subject.title]
    return []


def document_language(subject: object, default: Lang = "en") -> Lang:
    """Return the language a table is written in: its ``language`` field, else its text's.

    A :class:`~kpimodel.Program` with ``language: ja`` or ``language: en`` says so.
    Otherwise the language is detected from the source-language titles (``title``, not
    ``title_en``) of the program, its themes and KPIs (or of the KPI, theme or
    evaluation given): Japanese when at least half of them are written with kana or
    kanji, English otherwise. An indicator's evaluation carries no title: ``default``.

    Args:
        subject: A program, theme, KPI or indicator, or an evaluation of one.
        default: The language when there is no text to go by.

    Returns:
        ``ja`` or ``en``.
    """
    if isinstance(subject, Program) and subject.language is not None:
        return subject.language
    titles = [title for title in _titles(subject) if title]
    if not titles:
        return default
    japanese = sum(text_language(title) == "ja" for title in titles)
    return "ja" if 2 * japanese >= len(titles) else "en"


def title_in(title: str | None, title_en: str | None, lang: Lang) -> str | None:
    """Return a title in ``lang``, or ``None`` when there is none in that language.

    In English: ``title_en``, else ``title`` when it is itself English (a table written
    in English needs no ``title_en``). In Japanese: ``title``, else ``title_en``.

    Args:
        title: The title in the table's own language.
        title_en: The English title.
        lang: The language wanted.

    Returns:
        The title, or ``None``.
    """
    if lang == "ja":
        return title or title_en or None
    if title_en:
        return title_en
    return title if title and text_language(title) == "en" else None


def status_label(status: Status, lang: Lang) -> str:
    """Return the label of a status: its value in English, 達成/順調/遅れ/データなし in Japanese."""
    return status.label_ja if lang == "ja" else status.value


def reason_label(reason: str, lang: Lang) -> str:
    """Return a reason as a report shows it: the code in English, its label in Japanese.

    Args:
        reason: The reason code (``pace-insufficient``).
        lang: The language.

    Returns:
        ``pace-insufficient`` in English, 進捗ペース不足 in Japanese (the code itself for a
        code without a label, such as one a third-party evaluator returns).
    """
    if lang != "ja":
        return str(reason)
    try:
        return REASON_LABELS_JA[Reason(reason)]
    except (ValueError, KeyError):
        return str(reason)


def english_text(text: str) -> str:
    """Return a text for English output: the approximate mark 約 before a figure as "about".

    The figures themselves stay as the table printed them, in the table's own units
    (3,235億円, 1.4万社): they are what a reader checks against the source, and a unit
    converted to English words would be a figure the table never gave.

    Args:
        text: A sentence or cell that quotes figures (``≥ 約100%``).

    Returns:
        The text with ``about`` for 約 (``≥ about 100%``).
    """
    return _APPROX_BEFORE_FIGURE.sub("about ", text) if "約" in text else text


def figure_text(value: object, lang: Lang) -> str:
    """Return a figure (a quantity) as ``lang`` reads it: ``約52%`` or ``about 52%``.

    Args:
        value: The figure.
        lang: The language.

    Returns:
        The text.
    """
    return str(value) if lang == "ja" else english_text(str(value))


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
    return period.text_in(lang) if period is not None else HEADINGS[lang]["period_unknown"]


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
    figure = figure_text(observation.value, lang)
    value = f"{sign} {figure}" if sign else figure
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


def _compare(direction: str | None, strict: bool = False) -> tuple[str, str]:
    lower = direction == Direction.LOWER.value
    if strict:
        return ("<", "未満") if lower else (">", "超")
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
    strict: bool = False,
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
        strict: The figure must pass ``value`` (``> 90%``, ``90%超``), not only reach it.

    Returns:
        The description.
    """
    text = _describe_target(kind, direction, value, deadline, lang, change, span, strict)
    return text if lang == "ja" else english_text(text)


def _describe_target(
    kind: str,
    direction: str | None,
    value: Quantity | None,
    deadline: Period | None,
    lang: Lang,
    change: Quantity | None,
    span: Period | None,
    strict: bool = False,
) -> str:
    ja = lang == "ja"
    op, op_ja = _compare(direction, strict)
    by = (f"{deadline:ja}までに" if ja else f" by {deadline:en}") if deadline is not None else ""
    if kind == "monitor":
        return "モニタリング" if ja else "monitor"
    if kind == "pending":
        return "設定予定" if ja else "pending"
    if kind == "completion":
        return f"{by}完了" if ja else f"done{by}"
    if kind == "maintain" and value is not None:
        until = (f"{deadline:ja}まで" if ja else f" until {deadline:en}") if deadline else ""
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
        over = (f"{span:ja}の" if ja else f" over {span:en}") if span is not None else ""
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
    return f"{by}{kind}" if ja else f"{kind}{by}"


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
        strict=bool(getattr(target, "strict", False)),
    )
    if isinstance(target, ReferenceRatioTarget):
        text += f"（{target.reference}）" if lang == "ja" else f" ({target.reference})"
    elif isinstance(target, BandTarget):
        text = _band_text(target, lang)
    elif isinstance(target, ConvergenceTarget):
        text = _convergence_text(target, lang)
    elif target.kind not in _BUILT_IN_KINDS:
        text = _with_own_figures(text, target, lang)
    milestones = getattr(target, "milestones", ())
    if milestones:
        staged = [_milestone_text(m, lang) for m in milestones]
        text += (
            f"（中間目標：{'、'.join(staged)}）"
            if lang == "ja"
            else f" (milestones: {', '.join(staged)})"
        )
    return text


def _milestone_text(milestone: Milestone, lang: Lang) -> str:
    figure = milestone.value if milestone.value is not None else milestone.change
    shown = figure_text(figure, lang)
    return (
        f"{milestone.deadline:ja}までに{shown}"
        if lang == "ja"
        else f"{shown} by {milestone.deadline:en}"
    )


#: The target kinds kpimodel defines, which :func:`describe_target` words fully.
_BUILT_IN_KINDS = frozenset(
    {"absolute", "ratio", "rank", "trend", "maintain", "cumulative", "reference_ratio"}
    | {"monitor", "pending", "completion"}
    | {"band", "convergence"}
)


def _band_text(target: BandTarget, lang: Lang) -> str:
    """``band ≥ 90% / ≥ 70%``, ``区分90%以上／70%以上`` (of a value: ``... of 5兆円``)."""
    op, op_ja = _compare(target.direction.value)
    ja = lang == "ja"
    deadline = target.deadline
    by = (f"{deadline:ja}までに" if ja else f" by {deadline:en}") if deadline is not None else ""
    shown = [figure_text(t, lang) for t in target.thresholds()]
    if ja:
        of = f"{figure_text(target.value, lang)}に対し" if target.value is not None else ""
        return f"{by}{of}区分" + "／".join(f"{t}{op_ja}" for t in shown)
    of = f" of {figure_text(target.value, lang)}" if target.value is not None else ""
    return english_text(f"band {' / '.join(f'{op} {t}' for t in shown)}{of}{by}")


def _convergence_text(target: ConvergenceTarget, lang: Lang) -> str:
    """``gap to 50% ≤ 0 by 2030年``, ``2030年までに50%との差0以下``."""
    ja = lang == "ja"
    deadline = target.deadline
    by = (f"{deadline:ja}までに" if ja else f" by {deadline:en}") if deadline is not None else ""
    toward = figure_text(target.value, lang) if target.value is not None else target.reference
    gap = figure_text(target.gap, lang) if target.gap is not None else "0"
    if ja:
        return f"{by}{toward}との差{gap}以下"
    return english_text(f"gap to {toward} ≤ {gap}{by}")


def _with_own_figures(text: str, target: Target, lang: Lang) -> str:
    """Add the figures a custom kind defines to its description (``corridor (low 95%, ...)``)."""
    own = [name for name in type(target).model_fields if name not in Target.model_fields]
    parts = []
    for name in own:
        value = getattr(target, name)
        if value is None or isinstance(value, dict | list | tuple):
            continue
        shown = value.text_in(lang) if isinstance(value, PeriodBase) else figure_text(value, lang)
        parts.append(f"{name}: {shown}" if lang == "ja" else f"{name} {shown}")
    if not parts:
        return text
    return f"{text}（{'、'.join(parts)}）" if lang == "ja" else f"{text} ({', '.join(parts)})"


def describe_evaluation_target(evaluation: Evaluation, lang: Lang) -> str:
    """Describe the target an evaluation judged against (see :func:`describe_target`).

    An evaluation carries its target, which is described as the model's is (see
    :func:`describe_target_model`), so that a target reads the same before and after
    evaluation (``total ≥ 180兆円 over 2026-2030年度``). Without one (an evaluation
    built by hand), the description is made from its figures.

    Args:
        evaluation: The evaluation.
        lang: The language.

    Returns:
        The description.
    """
    if evaluation.target is not None:
        return describe_target_model(evaluation.target, lang)
    return describe_target(
        evaluation.target_kind,
        direction=evaluation.direction,
        value=evaluation.target_value,
        deadline=evaluation.deadline,
        lang=lang,
    )


def _edition_ja(edition: str) -> str:
    return f"{edition}年版" if edition.isdigit() else f"{edition}版"


def lineage_text(target: Target | None, lang: Lang) -> str:
    """Return where a target comes from (``Set in 2026.``, ``Baseline revised from 3,100万件.``).

    The target's ``edition`` and ``replaces`` and its baseline's ``revised_from`` are said
    in one or a few short sentences; nothing when the target records no lineage.

    Args:
        target: The target.
        lang: The language.

    Returns:
        The sentences, or ``""``.
    """
    if target is None:
        return ""
    parts: list[str] = []
    if target.edition is not None:
        parts.append(
            f"{_edition_ja(target.edition)}で設定。"
            if lang == "ja"
            else f"Set in {target.edition}."
        )
    for prior in target.replaces:
        before = (
            describe_target(
                prior.kind or "",
                direction=target.direction.value,
                value=prior.value,
                deadline=prior.deadline,
                lang=lang,
            )
            if prior.kind is not None
            else (prior.text or "")
        )
        if lang == "ja":
            where = f"{_edition_ja(prior.edition)}の" if prior.edition is not None else "従前の"
            parts.append(f"{where}目標（{before}）を置き換え。")
        else:
            where = (
                f"the {prior.edition} target" if prior.edition is not None else "an earlier target"
            )
            parts.append(f"Replaces {where} ({before}).")
    baseline = target.baseline
    if baseline is not None and baseline.revised_from is not None:
        earlier = figure_text(baseline.revised_from.value, lang)
        parts.append(
            f"基準値は{earlier}から改定。" if lang == "ja" else f"Baseline revised from {earlier}."
        )
    return ("" if lang == "ja" else " ").join(parts)
