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
        kpimodel.dumps(datasets.load("ip-strategic-program-2026"), "json", style="full")
    )
    return data


def test_evaluate(client: Any, document: dict[str, Any]) -> None:
    response = client.post("/evaluate", json=document)
    assert response.status_code == 200
    body = response.json()
    expected = kpimodel.evaluate(datasets.load("ip-strategic-program-2026"))
    # The documented JSON format (docs/json-format.md), byte for byte.
    assert response.text == kpimodel.to_json(expected)
    assert body["format"] == "kpimodel-evaluation"
    assert body["format_version"] == 1
    assert body["as_of"] == "2026-03-31"
    assert "5兆円" in response.text


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
    post = spec["paths"]["/evaluate"]["post"]
    body = post["requestBody"]["content"]["application/json"]["schema"]
    schema = kpimodel.program_schema()
    assert body["title"] == schema["title"] == "Program"
    assert set(body["properties"]) == set(schema["properties"])
    assert set(body["$defs"]) == set(schema["$defs"])
    assert "json-format" in post["responses"]["200"]["description"]
    assert [p["name"] for p in post["parameters"]] == ["as_of"]
    assert "/schema" in spec["paths"]


def _with_figure(document: dict[str, Any], magnitude: str) -> str:
    # The first money figure of the table, its magnitude written as JSON number text.
    text = json.dumps(document, ensure_ascii=False)
    for theme in document["themes"]:
        for kpi in theme["kpis"]:
            for indicator in kpi.get("indicators", ()):
                for observation in indicator.get("observations", ()):
                    value = observation.get("value")
                    if isinstance(value, dict) and str(value.get("unit", "")).endswith("円"):
                        old = json.dumps(value, ensure_ascii=False)
                        new = '{"magnitude": ' + magnitude + ', "unit": "' + value["unit"] + '"}'
                        assert old in text
                        return text.replace(old, new, 1)
    raise AssertionError("no money figure in the dataset")


def test_numbers_come_back_exact(client: Any, document: dict[str, Any]) -> None:
    text = _with_figure(document, "32163179.123456789012345")
    response = client.post(
        "/evaluate", content=text.encode(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    assert "32163179.123456789012345" in response.text
    assert "32163179.123456787" not in response.text


def test_repeated_keys_are_refused_with_their_place(client: Any) -> None:
    response = client.post(
        "/evaluate",
        content=b'{\n  "title": "P",\n  "title": "Q"\n}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["type"] == "DocumentSyntaxError"
    assert "duplicate key 'title'" in problem["msg"]
    assert (problem["line"], problem["column"]) == (3, 3)


def test_a_large_body_is_refused_while_it_is_read() -> None:
    import asyncio

    from starlette.requests import Request

    service = _load_app()
    limit = service.MAX_BODY_BYTES
    sent: list[int] = []

    async def receive() -> dict[str, Any]:
        # 80 MB in 1 MB chunks, without a Content-Length: the service must stop reading.
        sent.append(1)
        return {"type": "http.request", "body": b" " * 1_000_000, "more_body": len(sent) < 80}

    scope = {"type": "http", "method": "POST", "headers": [], "path": "/evaluate"}
    with pytest.raises(service.BodyTooLargeError):
        asyncio.run(service._read_body(Request(scope, receive)))
    assert len(sent) == limit // 1_000_000 + 1  # it stopped just past the limit
    small = testclient.TestClient(service.app)
    declared = small.post(
        "/evaluate",
        content=b"{}",
        headers={"Content-Type": "application/json", "Content-Length": str(80_000_000)},
    )
    assert declared.status_code == 413
    assert str(limit) in declared.json()["detail"][0]["msg"]
    over = small.post(
        "/evaluate", content=b" " * (limit + 1), headers={"Content-Type": "application/json"}
    )
    assert over.status_code == 413
