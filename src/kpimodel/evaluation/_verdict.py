"""The typed verdict an evaluator's ``assess`` returns, and its default sentences.

An evaluator decides a status, a reason and the figures behind them; the sentences that
explain them (English and Japanese) are written here, in one place, from the reason and
the figures, unless the evaluator supplies its own. A custom target kind therefore gets a
readable explanation for free.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from kpimodel.evaluation._rates import RateKind
from kpimodel.evaluation._rating import Rating
from kpimodel.evaluation._result import (
    Attainment,
    MilestoneCheck,
    PaceGrade,
    Reason,
    Status,
)
from kpimodel.model import CompletionReport, Observation, StatedStatus, Target, Value
from kpimodel.periods import Period
from kpimodel.units import Quantity

__all__ = ["Verdict", "completion_sentences", "default_sentences", "with_stated"]


class Verdict(BaseModel):
    """What :meth:`~kpimodel.Evaluator.assess` decides: a status, a reason, the figures.

    ``explanation`` and ``explanation_ja`` may be left out: :func:`default_sentences`
    writes them from the reason and the figures. The other fields are the figures of
    :class:`~kpimodel.Evaluation` of the same names.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    reason: Reason | str
    explanation: str | None = None
    explanation_ja: str | None = None
    latest: Observation | None = None
    rated: Observation | None = None
    baseline: Value | None = None
    baseline_period: Period | None = None
    target_value: Value | None = None
    expected: Quantity | None = None
    projected: Quantity | None = None
    actual_rate: float | None = None
    required_rate: float | None = None
    rate_kind: RateKind | None = None
    pace: float | None = None
    pace_grade: PaceGrade | None = None
    progress: float | None = None
    attainment: Attainment | None = None
    milestone: MilestoneCheck | None = None
    milestones: tuple[MilestoneCheck, ...] = ()
    rating: Rating | None = None
    report: CompletionReport | None = None

    # Read like the mapping assess() used to return, so that subclasses which extend a
    # built-in's result (``{**super().assess(...), "reason": ...}``) keep working.
    def keys(self) -> list[str]:
        """The field names (a verdict reads like a mapping of its fields)."""
        return list(type(self).model_fields)

    def __getitem__(self, name: str) -> Any:
        if name not in type(self).model_fields:
            raise KeyError(name)
        return getattr(self, name)

    def get(self, name: str, default: Any = None) -> Any:
        """The field ``name``, or ``default`` when a verdict has no such field."""
        return getattr(self, name) if name in type(self).model_fields else default

    def fields(self, target: Target) -> dict[str, Any]:
        """Return the result's fields, with the default sentences where none was given."""
        en, ja = self.explanation, self.explanation_ja
        if en is None or ja is None:
            default_en, default_ja = default_sentences(self, target)
            en = en if en is not None else default_en
            ja = ja if ja is not None else default_ja
        values = {name: getattr(self, name) for name in type(self).model_fields}
        return {**values, "explanation": en, "explanation_ja": ja}


#: What each reason says, in English and Japanese (the one home of this prose).
_REASON_TEXT: dict[Reason, tuple[str, str]] = {
    Reason.TARGET_MET: ("the latest figure meets the target", "最新値が目標を達成している"),
    Reason.BOUND_MEETS_TARGET: (
        "every figure the latest bound allows meets the target",
        "最新値の範囲内のどの値も目標を達成している",
    ),
    Reason.MAINTAINED: ("the target was kept until its deadline", "期限まで目標を維持した"),
    Reason.COMPLETED: ("the measure was done by its deadline", "期限までに施策を完了した"),
    Reason.COMPLETED_LATE: (
        "the measure was done, after its deadline",
        "期限後に施策を完了した",
    ),
    Reason.PACE_SUFFICIENT: ("progress is fast enough", "進捗の速さが十分"),
    Reason.ON_PATH: ("the latest figure is on the path to the target", "最新値が経路上にある"),
    Reason.PROJECTION_MEETS_TARGET: (
        "the recent trend is projected to meet the target",
        "最近の傾向で目標を達成する見込み",
    ),
    Reason.WITHIN_BOUND: ("every figure so far is within the bound", "これまでの数値が範囲内"),
    Reason.TREND_FAVOURABLE: ("the figures move toward the target", "目標の方向に推移している"),
    Reason.AT_LIMIT: (
        "the latest figure is at its natural limit",
        "最新値が限界値に達している",
    ),
    Reason.MILESTONE_MET: (
        "the latest figure meets the next milestone",
        "最新値が次の中間目標を達成している",
    ),
    Reason.MILESTONE_MISSED: (
        "a milestone was missed and the figures have not caught up",
        "中間目標を達成できず、その後も届いていない",
    ),
    Reason.IN_PROGRESS: (
        "the measure is in progress before its deadline",
        "期限前で施策を実施中",
    ),
    Reason.NOT_COMPLETED: (
        "the deadline has passed with the measure not done",
        "期限を過ぎ施策が完了していない",
    ),
    Reason.NOT_STARTED: (
        "the measure is not started, and nothing says whether it can still be done in time",
        "施策は未着手で、期限に間に合うかを判断できない",
    ),
    Reason.UNREPORTED_AT_DEADLINE: (
        "no report says whether the measure was done by its deadline",
        "期限までに施策を完了したかを示す報告がない",
    ),
    Reason.DEADLINE_MISSED: (
        "the deadline has passed with the target unmet",
        "期限を過ぎ目標に届いていない",
    ),
    Reason.PACE_INSUFFICIENT: ("progress is too slow", "進捗の速さが不十分"),
    Reason.BELOW_PATH: ("the latest figure is short of the path", "最新値が経路に届いていない"),
    Reason.PROJECTION_SHORT: (
        "the recent trend is projected to fall short",
        "最近の傾向では目標に届かない見込み",
    ),
    Reason.MOVING_AWAY: ("the figures move away from the target", "目標から遠ざかっている"),
    Reason.STAGNATING: ("the figures stand still", "横ばいで推移している"),
    Reason.BOUND_BREACHED: ("a figure broke the bound", "数値が範囲を外れた"),
    Reason.NO_OBSERVATIONS: ("no figure is known yet", "数値がまだない"),
    Reason.NO_TARGET: ("there is no figure to reach", "目標に数値がない"),
    Reason.TARGET_PENDING: ("the target is still to be set", "目標は今後設定される"),
    Reason.INSUFFICIENT_HISTORY: (
        "the figures are too few to show a pace",
        "数値が少なく進捗を判断できない",
    ),
    Reason.NOT_ASSESSABLE: (
        "the rule cannot apply to these figures",
        "この数値には規則を適用できない",
    ),
    Reason.STALE: ("the latest figure is too old to judge by", "最新値が古く判断できない"),
    Reason.BAND_ACHIEVED: (
        "the latest figure is in the achieved band",
        "最新値が達成の区分にある",
    ),
    Reason.BAND_ON_TRACK: (
        "the latest figure is in the on-track band",
        "最新値が順調の区分にある",
    ),
    Reason.BAND_BEHIND: (
        "the latest figure is short of the on-track band",
        "最新値が順調の区分に届いていない",
    ),
}
_STATUS_EN = {
    Status.ACHIEVED: "Achieved",
    Status.ON_TRACK: "On track",
    Status.BEHIND: "Behind",
    Status.NO_DATA: "No data",
}


def default_sentences(verdict: Verdict, target: Target) -> tuple[str, str]:
    """Write the English and Japanese explanation of a verdict from its reason and figures.

    Args:
        verdict: The verdict.
        target: The target judged against (its kind names a custom target).

    Returns:
        The two sentences.
    """
    known = verdict.reason in Reason._value2member_map_
    reason = Reason(verdict.reason) if known else None
    en, ja = _REASON_TEXT[reason] if reason is not None else (str(verdict.reason),) * 2
    parts_en, parts_ja = [], []
    if verdict.latest is not None:
        period = verdict.latest.period
        parts_en.append(
            f"the latest figure is {verdict.latest.value}" + (f" ({period:en})" if period else "")
        )
        parts_ja.append(f"最新値{verdict.latest.value}" + (f"（{period:ja}）" if period else ""))
    if verdict.target_value is not None:
        by = f" by {target.deadline:en}" if target.deadline is not None else ""
        parts_en.append(f"the target {verdict.target_value}{by}")
        parts_ja.append(
            f"目標{verdict.target_value}"
            + (f"（{target.deadline:ja}まで）" if target.deadline else "")
        )
    tail_en = f" ({'; '.join(parts_en)})" if parts_en else ""
    tail_ja = f"（{'、'.join(parts_ja)}）" if parts_ja else ""
    return (
        f"{_STATUS_EN[verdict.status]} for the {target.kind} target: {en}{tail_en}.",
        f"{target.kind}の目標は{verdict.status.label_ja}：{ja}{tail_ja}。",
    )


def completion_sentences(
    reason: Reason,
    deadline: Period,
    report: CompletionReport | None,
    *,
    as_of: dt.date,
    stale_after: float | None = None,
) -> tuple[str, str]:
    """Write the English and Japanese explanation of a completion target's result.

    Args:
        reason: The reason decided (``completed``, ``in-progress``, ``not-completed``...).
        deadline: The target's deadline.
        report: The report that decided (the first ``done`` one, else the latest), if any.
        as_of: The evaluation date.
        stale_after: The staleness rule's years, for ``stale``.

    Returns:
        The two sentences.
    """
    by_en, by_ja = f"{deadline:en}", f"{deadline:ja}"
    if report is None:
        return (
            f"No report of the measure's state is known as of {as_of} (deadline {by_en}).",
            f"{as_of}時点で施策の実施状況の報告がない（期限{by_ja}）。",
        )
    at_en, at_ja = f"{report.period:en}", f"{report.period:ja}"
    state_en, state_ja = report.status.label_en, report.status.label_ja
    sentences = {
        Reason.COMPLETED: (
            f"Done by the deadline: the measure is reported done in {at_en} (deadline {by_en}).",
            f"期限内に完了：{at_ja}に完了と報告されている（期限{by_ja}）。",
        ),
        Reason.COMPLETED_LATE: (
            f"Done, after the deadline: the measure is first reported done in {at_en}, after "
            f"the deadline {by_en}.",
            f"期限後に完了：{at_ja}に初めて完了と報告された（期限{by_ja}）。",
        ),
        Reason.IN_PROGRESS: (
            f"In progress before the deadline {by_en}: the latest report ({at_en}) says "
            "in progress.",
            f"期限{by_ja}の前で実施中（最新の報告：{at_ja}）。",
        ),
        Reason.NOT_COMPLETED: (
            f"The deadline {by_en} has passed and the report for {at_en} says {state_en}: "
            "the measure was not done in time.",
            f"期限{by_ja}を過ぎ、{at_ja}の報告は{state_ja}：期限までに完了していない。",
        ),
        Reason.NOT_STARTED: (
            f"Not started ({at_en}) with the deadline {by_en} still ahead: nothing says "
            "whether it can be done in time, so no status is given.",
            f"{at_ja}時点で未着手、期限{by_ja}はまだ先：期限に間に合うかを示すものがなく、"
            "判定しない。",
        ),
        Reason.UNREPORTED_AT_DEADLINE: (
            f"The deadline {by_en} has passed, but the latest report ({at_en}, {state_en}) "
            "comes before its end: whether the measure was done in time is not known.",
            f"期限{by_ja}を過ぎたが、最新の報告（{at_ja}、{state_ja}）は期限より前："
            "期限までに完了したかは不明。",
        ),
        Reason.STALE: (
            f"The latest report, {state_en} ({at_en}), is more than {stale_after or 0:g} "
            f"years older than the as-of date {as_of}: too old to judge the measure by.",
            f"最新の報告（{at_ja}、{state_ja}）は評価日より{stale_after or 0:g}年以上古く、"
            "施策の実施状況を判断できない。",
        ),
    }
    return sentences[reason]


def with_stated(
    explanation: str,
    explanation_ja: str,
    stated: StatedStatus | None,
    computed: Status,
    *,
    of_kpi: bool = False,
) -> tuple[str, str]:
    """Add the sentence saying that the document states another status than the computed one.

    ``... The table states on-track; computed behind.`` / ``表の記載は順調、計算結果は遅れ。``
    Nothing is added without a stated status, or when it is the computed one.

    Args:
        explanation: The English explanation of the computed status.
        explanation_ja: The Japanese one.
        stated: The status the document states, if any.
        computed: The computed status.
        of_kpi: Name the KPI (``for the KPI``), for a KPI of several indicators, whose
            explanation is its deciding indicator's and may state that one's too.

    Returns:
        The two explanations.
    """
    if stated is None or stated.status == computed.value:
        return explanation, explanation_ja
    said = Status(stated.status)
    whose, whose_ja = (" for the KPI", "（KPI）") if of_kpi else ("", "")
    en = f"The table states {said.value}{whose}; computed {computed.value}."
    ja = f"表の記載{whose_ja}は{said.label_ja}、計算結果は{computed.label_ja}。"
    return f"{explanation} {en}".lstrip(), f"{explanation_ja}{ja}"
