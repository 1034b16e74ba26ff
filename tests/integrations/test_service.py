"""The FastAPI example service (examples/service/app.py), through FastAPI's TestClient."""

from __future__ import annotations

import importlib.util
import json
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytest.importorskip("fastapi")
with warnings.catch_warnings():
    # Starlette 1.10 prefers httpx2 and deprecates httpx for its test client; either works.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    testclient = pytest.importorskip("fastapi.testclient")

import kpimodel
from kpimodel import datasets

APP = Path(__file__).resolve().parents[2] / "examples" / "service" / "app.py"


def _load_app() -> ModuleType:
    spec = importlib.util.spec_from_file_location("kpimodel_example_service", APP)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def client() -> Any:
    return testclient.TestClient(_load_app().app)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        kpimodel.dumps(datasets.load("ip-strategic-program-2026"), "json")
    )
    return data


def test_evaluate(client: Any, document: dict[str, Any]) -> None:
    response = client.post("/evaluate", json=document)
    assert response.status_code == 200
    body = response.json()
    expected = kpimodel.evaluate(datasets.load("ip-strategic-program-2026"))
    assert body["as_of"] == "2026-03-31"
    assert body["summary"] == expected.summary.model_dump(mode="json")
    assert kpimodel.ProgramEvaluation.model_validate(body) == expected
    kpi = next(k for k in body["kpis"] if k["kpi_id"] == "agri-food-exports")
    assert kpi["status"] == "behind"
    assert kpi["reason"] == "pace-insufficient"
    assert "5兆円" in kpi["explanation_ja"]


def test_evaluate_as_of(client: Any, document: dict[str, Any]) -> None:
    response = client.post("/evaluate", params={"as_of": "2025-06-30"}, json=document)
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2025-06-30"
    assert body["summary"] != client.post("/evaluate", json=document).json()["summary"]


def test_invalid_table_names_the_kpi(client: Any, document: dict[str, Any]) -> None:
    broken = json.loads(json.dumps(document))
    broken["themes"][0]["kpis"][0]["indicators"][0]["observations"][0]["value"] = "1,5億円"
    response = client.post("/evaluate", json=broken)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["type"] == "QuantityParseError"
    assert problem["kpi_id"] == "global-innovation-index-rank"
    assert problem["field"] == "indicators.0.observations.0.value"
    assert "1,5億円" in problem["msg"]


def test_invalid_requests(client: Any, document: dict[str, Any]) -> None:
    assert client.post("/evaluate", json=[1, 2]).status_code == 422
    response = client.post("/evaluate", params={"as_of": "tomorrow"}, json=document)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "as_of"]


def test_schema(client: Any) -> None:
    response = client.get("/schema")
    assert response.status_code == 200
    assert response.json() == kpimodel.program_schema()


def test_openapi_documents_the_models(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"Program", "ProgramEvaluation", "KPI", "Evaluation", "Status"} <= set(schemas)
    post = spec["paths"]["/evaluate"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/Program"}
    ok = post["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/ProgramEvaluation"}
    assert [p["name"] for p in post["parameters"]] == ["as_of"]
    assert "/schema" in spec["paths"]
