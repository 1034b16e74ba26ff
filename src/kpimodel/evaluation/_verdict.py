"""The typed verdict an evaluator's ``assess`` returns, and its default sentences.

An evaluator decides a status, a reason and the figures behind them; the sentences that
explain them (English and Japanese) are written here, in one place, from the reason and
the figures, unless the evaluator supplies its own. A custom target kind therefore gets a
readable explanation for free.
"""

from __future__ import annotations

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
from kpimodel.model import Observation, Target, Value
from kpimodel.periods import Period
from kpimodel.units import Quantity

__all__ = ["Verdict", "default_sentences"]


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
