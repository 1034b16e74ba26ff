"""A small web service that evaluates KPI tables: kpimodel behind FastAPI.

Run it with::

    pip install kpimodel fastapi uvicorn
    uvicorn app:app --app-dir examples/service

and try::

    curl -X POST 'http://127.0.0.1:8000/evaluate?as_of=2026-03-31' \\
         -H 'Content-Type: application/json' -d @program.json

Endpoints:

* ``POST /evaluate``: the body is a program (a KPI table) as JSON, in the format of
  ``kpimodel.program_schema()``; the optional ``as_of`` query parameter is the evaluation
  date (by default the program's own ``as_of``, else today). The response is the
  evaluation as JSON: every KPI's status, reason, explanation and figures.
* ``GET /schema``: the JSON Schema of the request body.
* ``GET /docs``, ``GET /openapi.json``: FastAPI's documentation, in which the request and
  response schemas are kpimodel's own pydantic models.

Invalid tables are answered with 422 and kpimodel's messages, which name the KPI, the
field and the offending value.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

import kpimodel
from kpimodel import KPIModelError, Program, ProgramEvaluation

app = FastAPI(
    title="kpimodel service",
    version=kpimodel.__version__,
    summary="Evaluate KPI tables to achieved / on-track / behind / no-data, with reasons.",
)


def _problem(error: KPIModelError) -> dict[str, Any]:
    return {
        "type": type(error).__name__,
        "msg": str(error),
        "kpi_id": error.kpi_id,
        "field": error.field,
    }


@app.exception_handler(RequestValidationError)
async def _invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
    # FastAPI validated the body with the Program model; for an invalid table, read it
    # again with kpimodel's reader, whose errors name the KPI id, the field and the value.
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        try:
            kpimodel.parse_program(body)
        except KPIModelError as error:
            problems = getattr(error, "problems", (error,))
            return JSONResponse(
                status_code=422, content={"detail": [_problem(p) for p in problems]}
            )
    detail = [
        {"type": item.get("type"), "msg": item.get("msg"), "loc": list(item.get("loc", ()))}
        for item in exc.errors()
    ]
    return JSONResponse(status_code=422, content={"detail": detail})


@app.exception_handler(KPIModelError)
async def _kpimodel_error(request: Request, exc: KPIModelError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": [_problem(exc)]})


@app.post("/evaluate", response_model=ProgramEvaluation)
def evaluate(
    program: Program,
    as_of: Annotated[
        dt.date | None, Query(description="The evaluation date (default: the program's as_of).")
    ] = None,
) -> ProgramEvaluation:
    """Evaluate a KPI table and return every KPI's status with the reasoning."""
    return kpimodel.evaluate(program, as_of)


@app.get("/schema")
def schema() -> dict[str, Any]:
    """Return the JSON Schema of a KPI table (the body of POST /evaluate)."""
    return kpimodel.program_schema()
