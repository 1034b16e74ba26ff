"""A small web service that evaluates KPI tables: kpimodel behind FastAPI.

Run it with::

    pip install -e . fastapi uvicorn   # in the kpimodel checkout
    uvicorn app:app --app-dir examples/service

and try::

    curl -X POST 'http://127.0.0.1:8000/evaluate?as_of=2026-03-31' \\
         -H 'Content-Type: application/json' -d @program.json

Endpoints:

* ``POST /evaluate``: the body is a program (a KPI table) as JSON, in the format of
  ``kpimodel.program_schema()``; the optional ``as_of`` query parameter is the evaluation
  date (by default the program's own ``as_of``, else today). The body is read with
  kpimodel's own loader: numbers stay exact (``32163179.123456789012345`` comes back
  digit for digit), repeated keys are refused, and a body larger than
  ``MAX_BODY_BYTES`` is answered 413 while it is read, without reading it whole. The
  response is the evaluation in the documented JSON format (``docs/json-format.md``,
  with ``format_version``): every KPI's status, reason, explanation and figures.
* ``GET /schema``: the JSON Schema of the request body.
* ``GET /docs``, ``GET /openapi.json``: FastAPI's documentation; the request body's
  schema is ``kpimodel.program_schema()``.

Invalid tables are answered with 422 and kpimodel's located errors, which name the KPI,
the field and the offending value (and the line and column of a syntax error).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

import kpimodel
from kpimodel import KPIModelError

#: The largest request body read, in bytes (kpimodel's own document limit is larger).
MAX_BODY_BYTES = 8 * 1024 * 1024

app = FastAPI(
    title="kpimodel service",
    version=kpimodel.__version__,
    summary="Evaluate KPI tables to achieved / on-track / behind / no-data, with reasons.",
)


class BodyTooLargeError(Exception):
    """The request body is larger than :data:`MAX_BODY_BYTES`."""


def _problem(error: KPIModelError) -> dict[str, Any]:
    return {
        "type": type(error).__name__,
        "msg": str(error),
        "kpi_id": error.kpi_id,
        "field": error.field,
        "line": getattr(error, "line", None),
        "column": getattr(error, "column", None),
    }


@app.exception_handler(KPIModelError)
async def _kpimodel_error(request: Request, exc: KPIModelError) -> JSONResponse:
    problems = getattr(exc, "problems", None) or (exc,)
    return JSONResponse(status_code=422, content={"detail": [_problem(p) for p in problems]})


@app.exception_handler(BodyTooLargeError)
async def _too_large(request: Request, exc: BodyTooLargeError) -> JSONResponse:
    message = f"the request body is larger than {MAX_BODY_BYTES} bytes"
    return JSONResponse(
        status_code=413, content={"detail": [{"type": "too-large", "msg": message}]}
    )


async def _read_body(request: Request) -> bytes:
    """Read the body in chunks, stopping as soon as it exceeds :data:`MAX_BODY_BYTES`."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BodyTooLargeError
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLargeError
        chunks.append(chunk)
    return b"".join(chunks)


@app.post(
    "/evaluate",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": kpimodel.program_schema()}},
        },
        "responses": {
            "200": {
                "description": "The evaluation in kpimodel's JSON format (docs/json-format.md)",
                "content": {"application/json": {}},
            }
        },
    },
)
async def evaluate(
    request: Request,
    as_of: Annotated[
        dt.date | None, Query(description="The evaluation date (default: the program's as_of).")
    ] = None,
) -> Response:
    """Evaluate a KPI table and return every KPI's status with the reasoning."""
    program = kpimodel.loads(await _read_body(request), "json")
    evaluation = kpimodel.evaluate(program, as_of)
    return Response(kpimodel.to_json(evaluation), media_type="application/json")


@app.get("/schema")
def schema() -> dict[str, Any]:
    """Return the JSON Schema of a KPI table (the body of POST /evaluate)."""
    return kpimodel.program_schema()
