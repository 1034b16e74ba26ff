"""The evaluator conformance check: the rules every evaluator, built-in or custom, follows.

:func:`check_evaluator` evaluates small valid indicators of the evaluator's target kinds
(built in for kpimodel's kinds, given by the caller for new ones) and checks that:

- ``no-data``: an indicator with no observations, or with every observation after the
  as-of date, is no-data;
- ``result``: every result is an :class:`~kpimodel.Evaluation` of a :class:`~kpimodel.Status`
  with a non-empty reason and explanations in English and Japanese, stamped with the
  indicator's ids, kind and the as-of date, and a known reason code belongs to its status;
- ``json``: every result survives a JSON round trip unchanged;
- ``units``: the same figures in other compatible units (億円 and 兆円, 人 and 万人, % and
  ‰) give the same status and reason;
- ``order``: shuffling the observations changes nothing;
- ``as-of``: observations after the as-of date change nothing;
- ``deterministic``: evaluating twice, or a copy of the indicator, gives equal results, and
  evaluating does not change the indicator;
- ``immutable``: the evaluator is hashable and frozen, its parameters serialize to JSON, and
  ``model_copy()`` gives an equal evaluator that evaluates alike.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import yaml
from pydantic import BaseModel

from kpimodel.errors import KPIModelError
from kpimodel.evaluation import Evaluation, Evaluator, Reason, Status
from kpimodel.model import (
    CompletionReport,
    CompletionState,
    CompletionTarget,
    Indicator,
    Observation,
    Target,
)
from kpimodel.periods import AnyPeriod, CalendarYear, Day, PeriodBase
from kpimodel.units import Quantity, Rank, Unit

__all__ = ["ConformanceError", "check_evaluator"]

#: The most characters of an input quoted in an error message.
_MAX_INPUT = 3000


class ConformanceError(KPIModelError, AssertionError):
    """An evaluator broke one of the rules every evaluator must follow.

    The message names the rule, the evaluator, the case and the input (the indicator as
    JSON, and the as-of date).

    Attributes:
        check: The name of the rule broken (``no-data``, ``units``, ``order``...).
    """

    check: str = ""


def check_evaluator(
    evaluator: Evaluator,
    *,
    kind: str | None = None,
    cases: Sequence[Indicator] = (),
    as_of: dt.date | None = None,
) -> None:
    """Check that ``evaluator`` follows the rules every evaluator must follow.

    The indicators checked are kpimodel's own small cases for each built-in target kind
    the evaluator declares in ``target_kinds`` (or ``kind``), plus ``cases``. An evaluator
    of a new target kind must be given ``cases``: valid indicators of that kind, with
    observations, that the check varies (units, order, later observations...).

    Example:
        >>> from kpimodel import AbsoluteEvaluator
        >>> from kpimodel.testing import check_evaluator
        >>> check_evaluator(AbsoluteEvaluator(method="path"))

    Args:
        evaluator: The evaluator to check.
        kind: The target kind to check it on, when it declares none (``target_kinds``
            empty) or several.
        cases: More indicators to check it on; required for a kind kpimodel does not
            define.
        as_of: The date ``cases`` are evaluated at; by default the last day of their
            latest observation's period (today when they have none).

    Raises:
        ConformanceError: When a rule is broken; the message says which and quotes the
            input.
        ValueError: When there is nothing to check: no built-in kind and no ``cases``.
    """
    kinds = (kind,) if kind is not None else tuple(evaluator.target_kinds)
    builtin = _builtin_cases()
    unknown = [k for k in kinds if k not in builtin]
    if unknown and not cases:
        raise ValueError(
            f"kpimodel has no built-in cases for the target kind(s) {', '.join(unknown)}: "
            "pass cases=[...] (valid indicators of that kind, with observations)"
        )
    all_cases = [case for k in kinds if k in builtin for case in builtin[k]]
    when = as_of if as_of is not None else _default_as_of(cases)
    all_cases.extend(
        _Case(f"cases[{index}]", indicator, when) for index, indicator in enumerate(cases)
    )
    if not all_cases:
        raise ValueError(
            f"nothing to check {type(evaluator).__name__} on: it declares no target kind; "
            "pass kind=... or cases=[...]"
        )
    for case in all_cases:
        _Checker(evaluator, case).run()
    _check_immutable(evaluator, all_cases[0])


# -- the checks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    name: str
    indicator: Indicator
    as_of: dt.date


def _fail(check: str, evaluator: Evaluator, case: _Case | None, detail: str) -> ConformanceError:
    where = ""
    if case is not None:
        text = case.indicator.model_dump_json(exclude_none=True)
        if len(text) > _MAX_INPUT:
            text = text[: _MAX_INPUT - 3] + "..."
        where = f" on case {case.name!r}\ninput (as of {case.as_of}): {text}"
    error = ConformanceError(f"check {check!r} failed for {evaluator!r}{where}\n{detail}")
    error.check = check
    return error


#: The status each built-in reason code belongs to (the rule lives on Reason.status).
_REASON_STATUS: dict[Reason, Status] = {reason: reason.status for reason in Reason}


class _Checker:
    """Runs every per-case rule for one evaluator and one case."""

    def __init__(self, evaluator: Evaluator, case: _Case) -> None:
        self.evaluator = evaluator
        self.case = case

    def fail(self, check: str, detail: str, case: _Case | None = None) -> ConformanceError:
        return _fail(check, self.evaluator, case or self.case, detail)

    def evaluate(
        self, check: str, indicator: Indicator, as_of: dt.date | None = None
    ) -> Evaluation:
        when = as_of or self.case.as_of
        try:
            result = self.evaluator.evaluate(indicator, as_of=when, kpi_id="conformance")
        except Exception as exc:
            raise self.fail(
                check,
                f"evaluate() raised {type(exc).__name__}: {exc}",
                _Case(self.case.name, indicator, when),
            ) from exc
        self.check_result(check, result, indicator, when)
        return result

    def check_result(
        self, check: str, result: object, indicator: Indicator, as_of: dt.date
    ) -> None:
        case = _Case(self.case.name, indicator, as_of)
        if not isinstance(result, Evaluation):
            raise self.fail("result", f"evaluate() returned {type(result).__name__}", case)
        problems = []
        if not isinstance(result.status, Status):
            problems.append(f"status {result.status!r} is not a Status")
        if not isinstance(result.reason, str) or not result.reason.strip():
            problems.append(f"reason {result.reason!r} is empty")
        elif result.reason in _REASON_STATUS and isinstance(result.status, Status):
            expected = _REASON_STATUS[Reason(result.reason)]
            if expected is not result.status:
                problems.append(
                    f"reason {result.reason!s} belongs to {expected.value}, not "
                    f"{result.status.value}"
                )
        for name in ("explanation", "explanation_ja"):
            text = getattr(result, name)
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{name} {text!r} is empty")
        stamps = {
            "kpi_id": "conformance",
            "indicator_id": indicator.id,
            "target_kind": indicator.target.kind,
            "as_of": as_of,
        }
        for name, wanted in stamps.items():
            if getattr(result, name) != wanted:
                problems.append(f"{name} is {getattr(result, name)!r}, not {wanted!r}")
        if not result.method:
            problems.append("method is empty")
        if problems:
            raise self.fail("result", f"({check}) " + "; ".join(problems), case)

    def run(self) -> None:
        base = self.evaluate("result", self.case.indicator)
        self.check_json(base)
        self.check_deterministic(base)
        self.check_after_as_of(base)
        self.check_order(base)
        self.check_units(base)
        self.check_no_data()

    def check_json(self, result: Evaluation) -> None:
        try:
            text = result.model_dump_json()
            json.loads(text)
            back = Evaluation.model_validate_json(text)
        except Exception as exc:
            raise self.fail("json", f"the result does not serialize: {exc}") from exc
        if back != result:
            changed = [
                f"{name}: {getattr(result, name)!r} -> {getattr(back, name)!r}"
                for name in type(result).model_fields
                if getattr(result, name) != getattr(back, name)
            ]
            raise self.fail(
                "json", "the result changes in a JSON round trip: " + "; ".join(changed)
            )

    def check_no_data(self) -> None:
        indicator = self.case.indicator
        empty = _rebuild(indicator, _without_observations)
        result = self.evaluate("no-data", empty)
        if result.status is not Status.NO_DATA:
            raise self.fail(
                "no-data",
                f"no observations gave {result.status.value} ({result.reason}), not no-data",
                _Case(self.case.name, empty, self.case.as_of),
            )
        known = indicator.all_observations  # with the earlier figures stated changes imply
        dated = [o.period for o in known if o.period is not None]
        if dated and len(dated) == len(known):
            before = min(p.start for p in dated) - dt.timedelta(days=1)
            result = self.evaluate("no-data", indicator, before)
            if result.status is not Status.NO_DATA:
                raise self.fail(
                    "no-data",
                    f"every observation is after the as-of date {before}, yet the result is "
                    f"{result.status.value} ({result.reason}), not no-data",
                    _Case(self.case.name, indicator, before),
                )

    def check_units(self, base: Evaluation) -> None:
        indicator = self.case.indicator
        variants = {
            "every figure in another unit": _rebuild(indicator, _in_other_unit),
            "the observations in another unit": _rebuild(indicator, _observations_in_other_unit),
        }
        for what, variant in variants.items():
            if variant == indicator:
                continue  # no other unit (ranks)
            result = self.evaluate("units", variant)
            if (result.status, result.reason) != (base.status, base.reason):
                raise self.fail(
                    "units",
                    f"with {what} the result is {result.status.value} ({result.reason}); "
                    f"in the original units it is {base.status.value} ({base.reason})\n"
                    f"variant: {variant.model_dump_json(exclude_none=True)[:_MAX_INPUT]}",
                )

    def check_order(self, base: Evaluation) -> None:
        indicator = self.case.indicator
        observations = list(indicator.observations)
        if len(observations) < 2:
            return
        rng = random.Random(len(observations))
        orders = [observations[::-1]]
        for _ in range(3):
            shuffled = observations[:]
            rng.shuffle(shuffled)
            orders.append(shuffled)
        for order in orders:
            variant = _replace(indicator, observations=tuple(order))
            result = self.evaluate("order", variant)
            if result != base:
                raise self.fail(
                    "order",
                    f"observations in the order {[str(o.period) for o in order]} give "
                    f"{result.status.value} ({result.reason}): {result.explanation!r}; in the "
                    f"original order {base.status.value} ({base.reason}): {base.explanation!r}",
                )

    def check_reports_after_as_of(
        self, base: Evaluation, target: CompletionTarget, periods: list[AnyPeriod]
    ) -> None:
        """A completion target's reports for periods ending after the as-of date are unknown."""
        taken = {r.period for r in target.reports}
        last = max((r.period.point for r in target.reports), default=None)
        for state in CompletionState:
            added = tuple(
                CompletionReport(period=p, status=state)
                for p in periods
                if p not in taken and (last is None or p.point > last)
            )
            if state is not CompletionState.DONE and any(
                r.status is CompletionState.DONE for r in target.reports
            ):
                continue  # a finished measure is not un-done: such reports are refused
            variant = _replace(
                self.case.indicator, target=_replace(target, reports=(*target.reports, *added))
            )
            result = self.evaluate("as-of", variant)
            if result.model_dump(exclude={"target"}) != base.model_dump(exclude={"target"}):
                raise self.fail(
                    "as-of",
                    f"adding {state.value} reports after the as-of date {self.case.as_of} "
                    f"changed the result to {result.status.value} ({result.reason}); without "
                    f"them it is {base.status.value} ({base.reason})",
                )

    def check_after_as_of(self, base: Evaluation) -> None:
        indicator, as_of = self.case.indicator, self.case.as_of
        taken = {o.period for o in indicator.observations if o.period is not None}
        periods: list[AnyPeriod] = [Day(date=as_of + dt.timedelta(days=1))]
        if as_of.year < 9998:
            periods.append(CalendarYear(year=as_of.year + 1))
        if as_of.month < 12 or as_of.day < 31:
            periods.append(CalendarYear(year=as_of.year))  # ends after the as-of date
        later = [p for p in periods if p not in taken]
        if isinstance(indicator.target, CompletionTarget):
            self.check_reports_after_as_of(base, indicator.target, periods)
            return
        for value in _extreme_values(indicator):
            added = tuple(Observation(period=p, value=value) for p in later)
            refs = tuple(
                _replace(
                    ref,
                    observations=(
                        *ref.observations,
                        *(
                            Observation(period=p, value=_sample_value(ref.observations, value))
                            for p in later
                            if p not in {o.period for o in ref.observations}
                        ),
                    ),
                )
                for ref in indicator.references
            )
            variant = _replace(
                indicator, observations=(*indicator.observations, *added), references=refs
            )
            result = self.evaluate("as-of", variant)
            if result != base:
                raise self.fail(
                    "as-of",
                    f"adding observations of {value} after the as-of date {as_of} changed the "
                    f"result to {result.status.value} ({result.reason}): "
                    f"{result.explanation!r}; without them it is {base.status.value} "
                    f"({base.reason}): {base.explanation!r}",
                )

    def check_deterministic(self, base: Evaluation) -> None:
        indicator = self.case.indicator
        before = indicator.model_dump_json()
        again = self.evaluate("deterministic", indicator)
        copy = Indicator.model_validate_json(before)
        on_copy = self.evaluate("deterministic", copy)
        if indicator.model_dump_json() != before:
            raise self.fail("deterministic", "evaluating changed the indicator")
        for what, result in (("a second evaluation", again), ("a copy", on_copy)):
            if result != base:
                raise self.fail(
                    "deterministic",
                    f"{what} gave {result.status.value} ({result.reason}): "
                    f"{result.explanation!r}; the first gave {base.status.value} "
                    f"({base.reason}): {base.explanation!r}",
                )


def _check_immutable(evaluator: Evaluator, case: _Case) -> None:
    try:
        hash(evaluator)
    except TypeError as exc:
        raise _fail("immutable", evaluator, None, f"the evaluator is not hashable: {exc}") from exc
    name = next(iter(type(evaluator).model_fields), None)
    if name is not None:
        try:
            setattr(evaluator, name, getattr(evaluator, name))
        except (TypeError, ValueError, AttributeError):
            pass  # frozen, as it should be (pydantic raises a ValidationError, a ValueError)
        else:
            raise _fail(
                "immutable", evaluator, None, f"the field {name!r} can be assigned: freeze it"
            )
    try:
        json.dumps(evaluator.parameters())
    except (TypeError, ValueError) as exc:
        raise _fail(
            "immutable", evaluator, None, f"parameters() is not JSON-serializable: {exc}"
        ) from exc
    copy = evaluator.model_copy()
    if copy != evaluator or hash(copy) != hash(evaluator):
        raise _fail("immutable", evaluator, None, "model_copy() gives an unequal evaluator")
    mine = _Checker(evaluator, case).evaluate("immutable", case.indicator)
    theirs = _Checker(copy, case).evaluate("immutable", case.indicator)
    if mine != theirs:
        raise _fail("immutable", evaluator, case, "a model_copy() of it evaluates differently")
    if mine.parameters != evaluator.parameters():
        raise _fail(
            "immutable",
            evaluator,
            case,
            f"the result records the parameters {mine.parameters!r}, not the evaluator's "
            f"{evaluator.parameters()!r}",
        )


# -- transforming indicators -------------------------------------------------------------------

_KEEP: Any = object()


def _rebuild(obj: Any, change: Callable[[Any], Any]) -> Any:
    """Return ``obj`` rebuilt (and validated again) with ``change`` applied inside it.

    ``change`` returns a replacement for a value, or ``_KEEP`` to descend into it.
    """
    replaced = change(obj)
    if replaced is not _KEEP:
        return replaced
    if isinstance(obj, tuple):
        return tuple(_rebuild(item, change) for item in obj)
    if isinstance(obj, BaseModel) and not isinstance(obj, Quantity | Unit | PeriodBase):
        fields = type(obj).model_fields
        return type(obj)(**{name: _rebuild(getattr(obj, name), change) for name in fields})
    return obj


def _replace(model: Any, **changes: Any) -> Any:
    # A fresh, validated model: model_copy(update=...) would keep cached derived values.
    fields = type(model).model_fields
    return type(model)(**{name: changes.get(name, getattr(model, name)) for name in fields})


def _without_observations(obj: Any) -> Any:
    if isinstance(obj, Indicator):
        if isinstance(obj.target, CompletionTarget):  # its reports are its observations
            return _replace(obj, observations=(), target=_replace(obj.target, reports=()))
        return _replace(obj, observations=())
    return _KEEP


#: Preferred other units; any other unit gets a multiplier added or removed.
_OTHER_UNIT = {
    "億円": "兆円",
    "兆円": "億円",
    "円": "万円",
    "人": "万人",
    "万人": "人",
    "件": "万件",
    "万件": "件",
    "%": "‰",
    "‰": "%",
    "割": "%",
    "": "%",
    "ポイント": "pp",
    "pp": "ポイント",
}
_PREFIXES = ("兆", "億", "千万", "百万", "万", "千")


def _other_unit(unit: Unit) -> Unit | None:
    if unit.kind == "rank":
        return None
    candidates = []
    if unit.symbol in _OTHER_UNIT:
        candidates.append(_OTHER_UNIT[unit.symbol])
    for prefix in _PREFIXES:
        if unit.symbol.startswith(prefix) and len(unit.symbol) > len(prefix):
            candidates.append(unit.symbol[len(prefix) :])
    candidates.append("万" + unit.symbol)
    for symbol in candidates:
        try:
            other = Unit(symbol=symbol)
        except ValueError:
            continue
        if other.is_compatible(unit) and other.symbol != unit.symbol:
            return other
    return None


def _in_other_unit(obj: Any) -> Any:
    if isinstance(obj, Quantity) and not isinstance(obj, Rank):
        other = _other_unit(obj.unit)
        return obj.to(other) if other is not None else obj
    return _KEEP


def _observations_in_other_unit(obj: Any) -> Any:
    if isinstance(obj, Target):
        return obj
    return _in_other_unit(obj)


def _sample_value(observations: Sequence[Observation], fallback: Quantity) -> Quantity:
    for obs in reversed(observations):
        return obs.value
    return fallback


def _extreme_values(indicator: Indicator) -> list[Quantity]:
    """Return a very good and a very bad figure in the indicator's unit."""
    sample: Quantity | None = None
    if indicator.observations:
        sample = indicator.observations[-1].value
    else:
        units = indicator.target.units()
        sample = units[0] if units else None
    if sample is None:
        return [Quantity(magnitude=Decimal(1000), unit=Unit(symbol="件"))]
    if isinstance(sample, Rank):
        return [Rank(magnitude=Decimal(1)), Rank(magnitude=Decimal(999))]
    big = abs(sample.magnitude) * 1000 + 1
    # Counts are never negative (the model refuses them): their worst figure is zero.
    low = Decimal(0) if sample.unit.kind == "count" else -big
    return [
        Quantity(magnitude=big, unit=sample.unit),
        Quantity(magnitude=low, unit=sample.unit),
    ]


def _default_as_of(cases: Sequence[Indicator]) -> dt.date:
    ends = [o.period.last_day for ind in cases for o in ind.observations if o.period is not None]
    return max(ends) if ends else dt.date.today()


# -- built-in cases ----------------------------------------------------------------------------

# Small indicators of every built-in kind, most from the seed table, reaching every status.
# Observations are [period, value] pairs or observation mappings; as_of is 2026-03-31 unless
# a case says otherwise.
_CASES_YAML = """
rank:
  - name: gii-13-to-12
    target: {kind: rank, rank: 4, deadline: 2035年}
    observations: [[2024年, 13位], [2025年, 12位]]
  - name: achieved
    target: {kind: rank, rank: 4, deadline: 2035年}
    observations: [[2024年, 6位], [2025年, 3位]]
  - name: slipping
    target: {kind: rank, rank: 4, deadline: 2035年}
    observations: [[2023年, 10位], [2025年, 14位]]
  - name: deadline-missed
    target: {kind: rank, rank: 4, deadline: 2024年}
    observations: [[2023年, 13位], [2024年, 12位]]
  - name: one-figure
    target: {kind: rank, rank: 4, deadline: 2035年}
    observations: [[2025年, 12位]]
  - name: baseline
    target: {kind: rank, rank: 4, deadline: 2035年, baseline: {value: 20位, period: 2020年}}
    observations: [[2025年, 12位]]
  - name: no-deadline
    target: {kind: rank, rank: 4}
    observations: [[2024年, 13位], [2025年, 12位]]
ratio:
  - name: intangible-52
    target: {kind: ratio, value: 50%, deadline: 2035年}
    observations: [{period: 2025年, value: 52%, changes: [{by: 約20ポイント, since: 2020年}]}]
  - name: rising
    target: {kind: ratio, value: 50%, deadline: 2035年}
    observations: [[2022年, 30%], [2025年, 35%]]
  - name: slow
    target: {kind: ratio, value: 50%, deadline: 2035年}
    observations: [[2022年, 30%], [2025年, 31%]]
  - name: lower
    target: {kind: ratio, value: 20%, direction: lower, deadline: 2030年}
    observations: [[2020年, 40%], [2025年, 35%]]
  - name: no-deadline-one-figure
    target: {kind: ratio, value: 概ね100%}
    observations: [[2025年度, 55.2%]]
absolute:
  - name: agri-exports
    target:
      {kind: absolute, value: 5兆円, deadline: 2030年, baseline: {value: 約1.5兆円, period: 2024年}}
    observations: [{period: 2025年, value: 約1.7兆円, changes: [{by: 12.8%, since: 2024年}]}]
  - name: content-market
    target: {kind: absolute, value: 20兆円, deadline: 2033年}
    observations: [[2023年, 5.8兆円], [2024年, 約6.1兆円]]
  - name: fast
    target: {kind: absolute, value: 20兆円, deadline: 2033年}
    observations: [[2023年, 5.8兆円], [2024年, 8兆円]]
  - name: deadline-missed
    target: {kind: absolute, value: 20兆円, deadline: 2024年}
    observations: [[2023年, 5.8兆円], [2024年, 約6.1兆円]]
  - name: to-zero
    target: {kind: absolute, value: 0件, direction: lower, deadline: 2030年}
    observations: [[2024年, 10件], [2025年, 8件]]
  - name: negative
    target: {kind: absolute, value: 3億円, deadline: 2028年}
    observations: [[2024年, -5億円], [2025年, -2億円]]
  - name: bound
    target: {kind: absolute, value: 約1億アクセス, direction: lower}
    observations: [{period: 2025年12月〜2026年3月, value: 1億アクセス, bound: below}]
  - name: undated
    target: {kind: absolute, value: 50兆円, deadline: 2033年}
    observations: [{period: null, value: 30.7兆円, changes: [{by: 3.6兆円}]}]
cumulative:
  - name: rd-180
    as_of: 2028-06-30
    target: {kind: cumulative, value: 180兆円, period: 2026-2030年度}
    observations: [[2026年度, 30兆円], [2027年度, 33兆円]]
  - name: rd-fast
    as_of: 2028-06-30
    target: {kind: cumulative, value: 180兆円, period: 2026-2030年度}
    observations: [[2026年度, 40兆円], [2027年度, 45兆円]]
  - name: rd-reached
    as_of: 2028-06-30
    target: {kind: cumulative, value: 180兆円, period: 2026-2030年度}
    observations: [[2026年度, 90兆円], [2027年度, 95兆円]]
  - name: cap
    as_of: 2028-06-30
    target: {kind: cumulative, value: 100億円, direction: lower, period: 2026-2030年度}
    observations: [[2026年度, 20億円], [2027年度, 25億円]]
  - name: no-span
    as_of: 2028-06-30
    target: {kind: cumulative, value: 180兆円}
    observations: [[2026年度, 30兆円]]
trend:
  - name: doctorates
    target: {kind: trend, deadline: 2040年}
    observations: [[2021年度, 124人], [2022年度, 123人]]
  - name: schools
    target: {kind: trend}
    observations: [[2024年度, 48校], [2025年度, 65校]]
  - name: ai-spend
    target: {kind: trend}
    observations: [{period: 2024年度, value: 3235億円, changes: [{by: 18.3%, since: 2023年度}]}]
  - name: flat
    target: {kind: trend}
    observations: [[2023年, 1000人], [2025年, 1002人]]
  - name: min-rate
    target: {kind: trend, min_rate: 100人}
    observations: [[2024年, 1000人], [2025年, 1050人]]
  - name: plus-10-points
    target:
      kind: trend
      change: 10ポイント
      deadline: 2033年
      baseline: {value: 40%, period: 2023年}
    observations: [[2024年, 41%], [2025年, 43%]]
  - name: plus-10-percent
    target:
      kind: trend
      change: 10%
      deadline: 2030年
      baseline: {value: 100億円, period: 2023年}
    observations: [[2025年, 103億円]]
  - name: one-figure
    target: {kind: trend}
    observations: [[2025年度, 6回]]
maintain:
  - name: iso-top-5
    as_of: 2028-06-30
    target: {kind: maintain, value: 5位, deadline: 2030年度}
    observations: [[2026年度, 3位], [2027年度, 4位]]
  - name: iso-breached
    as_of: 2028-06-30
    target: {kind: maintain, value: 5位, deadline: 2030年度}
    observations: [[2026年度, 3位], [2027年度, 7位]]
  - name: iso-maintained
    as_of: 2031-06-30
    target: {kind: maintain, value: 5位, deadline: 2030年度}
    observations: [[2029年度, 3位], [2030年度, 4位]]
  - name: share
    target: {kind: maintain, value: 50%}
    observations: [[2024年, 55%], [2025年, 52%]]
  - name: below-cap
    target: {kind: maintain, value: 1億アクセス, direction: lower}
    observations: [{period: 2025年12月〜2026年3月, value: 1億アクセス, bound: below}]
reference_ratio:
  - name: japan-search
    target: {kind: reference_ratio, reference: europeana, deadline: 2035年}
    references: &europeana
      - id: europeana
        observations: [[2025年3月26日, 58000000件], [2026年3月26日, 61426763件]]
    observations: [[2025年3月26日, 27000000件], [2026年3月26日, 32163179件]]
  - name: one-figure
    target: {kind: reference_ratio, reference: europeana, deadline: 2035年}
    references: *europeana
    observations: [[2026年3月26日, 32163179件]]
  - name: no-counterpart
    target: {kind: reference_ratio, reference: europeana, deadline: 2035年}
    references: *europeana
    observations: [[2024年3月26日, 25000000件]]
monitor:
  - name: consultations
    target: {kind: monitor}
    observations: [{period: 2025年, value: 74件, changes: [{by: ▲6%, since: 2024年}]}]
  - name: adr
    target: {kind: monitor}
    observations: [[2022年度, 2件], [2023年度, 1件], [2024年度, 0件]]
completion:
  - name: in-progress
    target:
      kind: completion
      deadline: 2027年度
      reports: [{period: 2024年度, status: 実施中}]
  - name: done
    target:
      kind: completion
      deadline: 2027年度
      reports: [{period: 2023年度, status: 実施中}, {period: 2024年度, status: 完了}]
  - name: done-late
    target:
      kind: completion
      deadline: 2023年度
      reports: [{period: 2023年度, status: 実施中}, {period: 2024年度, status: 完了}]
  - name: not-completed
    target:
      kind: completion
      deadline: 2024年度
      reports: [{period: 2024年度, status: 未着手}]
  - name: not-started
    target: {kind: completion, deadline: 2027年度, reports: [{period: 2024年度, status: 未着手}]}
  - name: unreported
    target: {kind: completion, deadline: 2024年度, reports: [{period: 2023年度, status: 実施中}]}
pending:
  - name: to-be-set
    target: {kind: pending}
  - name: with-figure
    target: {kind: pending}
    observations: [[2025年, 3件]]
band:
  - name: on-track
    target: {kind: band, bands: {achieved: 90%, on_track: 70%}}
    observations: [[2024年, 60%], [2025年, 85%]]
  - name: achieved-of-target
    target: {kind: band, value: 5兆円, bands: {achieved: 100%, on_track: 80%}}
    observations: [[2025年, 5.2兆円]]
  - name: behind-lower
    target: {kind: band, direction: lower, bands: {achieved: 5%, on_track: 10%}}
    observations: [[2025年, 12%]]
  - name: deadline-missed
    target: {kind: band, bands: {achieved: 90%}, deadline: 2024年}
    observations: [[2024年, 80%]]
  - name: bound-not-assessable
    target: {kind: band, bands: {achieved: 90%, on_track: 70%}}
    observations: [{period: 2025年, value: 75%, bound: above}]
convergence:
  - name: parity
    target: {kind: convergence, value: 50%, deadline: 2030年}
    observations: [[2021年, 19.1%], [2024年, 19.5%]]
  - name: reference
    target: {kind: convergence, reference: eu-average, gap: 2ポイント, deadline: 2030年}
    references: &eu
      - id: eu-average
        observations: [[2021年, 54%], [2024年, 56%]]
    observations: [[2021年, 40%], [2024年, 48%]]
  - name: closed
    target: {kind: convergence, reference: eu-average, deadline: 2030年}
    references: *eu
    observations: [[2024年, 56%]]
  - name: no-counterpart
    target: {kind: convergence, reference: eu-average, deadline: 2030年}
    references: *eu
    observations: [[2023年, 50%]]
"""

_AS_OF = dt.date(2026, 3, 31)


def _observations(items: Any) -> list[Any]:
    return [
        {"period": item[0], "value": item[1]} if isinstance(item, list) else item
        for item in items or ()
    ]


@cache
def _builtin_cases() -> dict[str, tuple[_Case, ...]]:
    data: dict[str, list[dict[str, Any]]] = yaml.safe_load(_CASES_YAML)
    cases: dict[str, tuple[_Case, ...]] = {}
    for kind, items in data.items():
        built = []
        for item in items:
            indicator = Indicator.model_validate(
                {
                    "id": f"{kind}-{item['name']}",
                    "target": item["target"],
                    "observations": _observations(item.get("observations")),
                    "references": [
                        {**ref, "observations": _observations(ref.get("observations"))}
                        for ref in item.get("references", ())
                    ],
                }
            )
            built.append(_Case(item["name"], indicator, item.get("as_of", _AS_OF)))
        cases[kind] = tuple(built)
    return cases
