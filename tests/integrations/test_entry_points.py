"""The top-level entry points and conversion methods reach the optional integrations."""

from __future__ import annotations

import subprocess
import sys

import pytest

import kpimodel

pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def program() -> kpimodel.Program:
    return kpimodel.datasets.load("ip-strategic-program-2026")


def test_program_evaluation_to_dataframe(program: kpimodel.Program) -> None:
    evaluation = kpimodel.evaluate(program)
    frame = evaluation.to_dataframe()
    assert len(frame) == sum(len(k.indicators) for k in evaluation.kpis)
    row = frame.set_index("kpi_id").loc["agri-food-exports"]
    assert row["status"] == "behind"
    assert kpimodel.to_dataframe(evaluation).equals(frame)


def test_kpi_evaluation_to_dataframe(program: kpimodel.Program) -> None:
    frame = kpimodel.evaluate(program).kpi("ip-education").to_dataframe()
    assert len(frame) == 3


def test_kpi_observations_to_dataframe(program: kpimodel.Program) -> None:
    frame = program.kpi("agri-food-exports").to_dataframe()
    assert list(frame["period"]) == ["2024年", "2025年"]
    assert [str(v) for v in frame["value"]] == ["1.5", "1.7"]


def test_plot_entry_point(program: kpimodel.Program) -> None:
    pytest.importorskip("matplotlib")
    figure = kpimodel.plot(program.kpi("agri-food-exports"))
    assert type(figure).__name__ == "Figure"
    overview = kpimodel.plot_overview(kpimodel.evaluate(program))
    assert type(overview).__name__ == "Figure"


def test_entry_points_import_nothing_until_called() -> None:
    code = (
        "import sys, kpimodel\n"
        "kpimodel.evaluate(kpimodel.datasets.load('ip-strategic-program-2026'))\n"
        "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
