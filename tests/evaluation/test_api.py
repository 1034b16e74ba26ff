"""``kpimodel.evaluate``: programs, KPIs and indicators; evaluators per call and registered."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Iterator
from typing import Any

import pytest

import kpimodel
from kpimodel import (
    KPI,
    AbsoluteEvaluator,
    Evaluation,
    EvaluationError,
    Evaluator,
    KPIEvaluation,
    Program,
    ProgramEvaluation,
    Reason,
    Status,
    UnknownTargetKindError,
    datasets,
    evaluate,
    register_evaluator,
)
from kpimodel.evaluation import default_evaluators, evaluator_for

from .strategies import AS_OF, make


def test_public_evaluators_are_exported_and_end_in_evaluator() -> None:
    exported = {
        name
        for name in kpimodel.__all__
        if inspect.isclass(getattr(kpimodel, name))
        and issubclass(getattr(kpimodel, name), Evaluator)
    }
    assert {cls.__name__ for cls in default_evaluators().values()} <= exported
    assert {"Evaluator", "ProgressEvaluator"} <= exported
    assert all(name.endswith("Evaluator") for name in exported)


@pytest.fixture(scope="module")
def seed() -> Program:
    return datasets.load("ip-strategic-program-2026")


def test_seed_program_at_its_own_date(seed: Program) -> None:
    result = evaluate(seed)
    assert isinstance(result, ProgramEvaluation)
    assert result.as_of == dt.date(2026, 3, 31) == seed.as_of
    statuses = {k.kpi_id: k.status for k in result.kpis}
    assert statuses["global-innovation-index-rank"] is Status.ON_TRACK
    assert statuses["intangible-asset-share"] is Status.ACHIEVED
    assert statuses["agri-food-exports"] is Status.BEHIND
    assert statuses["data-utilisation-kpi"] is Status.NO_DATA
    assert result.kpi("agri-food-exports").indicators[0].pace == pytest.approx(0.60, abs=0.005)
    assert result.summary.total == len(result.kpis) == sum(t.summary.total for t in result.themes)


def test_seed_program_evaluation_serializes(seed: Program) -> None:
    result = evaluate(seed)
    text = result.model_dump_json()
    assert ProgramEvaluation.model_validate_json(text) == result
    data = json.loads(text)
    assert data["summary"]["on-track"] == result.summary.on_track


def test_explicit_as_of_overrides_the_programs(seed: Program) -> None:
    result = evaluate(seed, dt.date(2025, 6, 30))
    assert result.as_of == dt.date(2025, 6, 30)
    gii = result.kpi("global-innovation-index-rank")
    assert gii.status is Status.NO_DATA  # only 2024's rank is known by then
    with pytest.raises(KeyError):
        result.kpi("no-such-kpi")


def test_a_program_without_a_date_is_evaluated_today(seed: Program) -> None:
    undated = seed.model_copy(update={"as_of": None})
    before = dt.date.today()
    result = evaluate(undated)
    assert before <= result.as_of <= dt.date.today()


def test_a_kpi_and_an_indicator() -> None:
    indicator = make({"kind": "ratio", "value": "50%"}, ("2025年", "52%"), id="share")
    kpi = KPI(id="share-kpi", title="share", indicators=(indicator,))
    kpi_result = evaluate(kpi, AS_OF)
    assert isinstance(kpi_result, KPIEvaluation)
    assert kpi_result.kpi_id == "share-kpi"
    assert kpi_result.indicators[0].kpi_id == "share-kpi"
    indicator_result = evaluate(indicator, AS_OF)
    assert isinstance(indicator_result, Evaluation)
    assert indicator_result.kpi_id == "share"
    assert indicator_result.status is Status.ACHIEVED


def test_something_else_is_refused() -> None:
    with pytest.raises(TypeError, match="cannot evaluate str"):
        evaluate("agri", AS_OF)  # type: ignore[call-overload]


EXPORTS = {"kind": "absolute", "value": "5兆円", "deadline": "2030年"}


def test_evaluators_per_call_by_instance_or_class() -> None:
    indicator = make(EXPORTS, ("2024年", "1.5兆円"), ("2025年", "1.7兆円"))
    path = evaluate(indicator, AS_OF, evaluators={"absolute": AbsoluteEvaluator(method="path")})
    assert (path.method, path.reason) == ("path", Reason.BELOW_PATH)

    class Lenient(AbsoluteEvaluator):
        on_track: float = 0.5

    lenient = evaluate(indicator, AS_OF, evaluators={"absolute": Lenient})
    assert lenient.status is Status.ON_TRACK
    assert evaluate(indicator, AS_OF).status is Status.BEHIND  # nothing global changed


def test_series_shared_across_kpis_are_pooled_in_a_program() -> None:
    target = {**EXPORTS, "baseline": {"value": "1.5兆円", "period": "2024年"}}
    program = Program.model_validate(
        {
            "title": "p",
            "themes": [
                {
                    "id": "t",
                    "title": "t",
                    "kpis": [
                        {
                            "id": "a",
                            "title": "a",
                            "series": "exports",
                            "target": target,
                            "observations": [{"period": "2024年", "value": "1.5兆円"}],
                        },
                        {
                            "id": "b",
                            "title": "b",
                            "series": "exports",
                            "target": {"kind": "monitor"},
                            "observations": [{"period": "2025年", "value": "1.9兆円"}],
                        },
                    ],
                }
            ],
        }
    )
    pooled = evaluate(program, AS_OF).kpi("a").indicators[0]
    assert pooled.latest is not None
    assert str(pooled.latest.value) == "1.9兆円"
    assert pooled.status is Status.ON_TRACK
    alone = evaluate(program.kpi("a"), AS_OF).indicators[0]
    assert alone.status is Status.NO_DATA  # one figure, and it is the baseline


class Stub(Evaluator):
    """A stand-in evaluator for registry tests."""

    def assess(self, *args: Any) -> dict[str, Any]:
        return self.no_data(Reason.NOT_ASSESSABLE, "Stub.", "スタブ。")


@pytest.fixture
def restore_registry() -> Iterator[None]:
    saved = default_evaluators()
    yield
    for kind, cls in saved.items():
        register_evaluator(kind, cls, replace=True)


@pytest.mark.usefixtures("restore_registry")
def test_register_evaluator() -> None:
    with pytest.raises(ValueError, match="already has the evaluator AbsoluteEvaluator"):
        register_evaluator("absolute", Stub)
    with pytest.raises(TypeError, match="is not an Evaluator subclass"):
        register_evaluator("absolute", object)  # type: ignore[arg-type]
    register_evaluator("absolute", AbsoluteEvaluator)  # the same class again: fine
    register_evaluator("absolute", Stub, replace=True)
    assert isinstance(evaluator_for("absolute"), Stub)
    assert evaluate(make(EXPORTS), AS_OF).reason is Reason.NOT_ASSESSABLE


def test_unknown_kind_has_no_evaluator() -> None:
    with pytest.raises(
        UnknownTargetKindError, match="no evaluator is registered for target kind 'nope'"
    ):
        evaluator_for("nope")


def test_evaluation_is_pure_and_thread_safe(seed: Program) -> None:
    from concurrent.futures import ThreadPoolExecutor

    first = evaluate(seed)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: evaluate(seed), range(4)))
    assert all(r == first for r in results)


def test_evaluation_errors_name_the_kpi() -> None:
    class Broken(AbsoluteEvaluator):
        def rate_kind(self, *args: Any) -> str:
            raise ZeroDivisionError("boom")

    kpi = KPI(
        id="agri",
        title="agri",
        indicators=(make(EXPORTS, ("2024年", "1.5兆円"), ("2025年", "1.7兆円")),),
    )
    with pytest.raises(EvaluationError, match=r"KPI 'agri'.*Broken failed: boom"):
        evaluate(kpi, AS_OF, evaluators={"absolute": Broken()})
