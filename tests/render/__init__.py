"""Tests of the render layer, and the small programs they render."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache

import kpimodel
from kpimodel import ProgramEvaluation, datasets

BUNDLED = "ip-strategic-program-2026"

#: A small program with one KPI of each kind the table describes, a KPI with several
#: indicators, a KPI without an English title, and text that needs escaping.
SMALL_YAML = """
title: 小さな計画
title_en: A small program
as_of: "2026-03-31"
themes:
  - id: exports
    title: 輸出
    title_en: Exports
    kpis:
      - id: agri-exports
        title: 農林水産物・食品の輸出額を2030年までに5兆円とする。
        title_en: Agricultural exports of 5 trillion yen by 2030.
        target:
          kind: absolute
          value: 5兆円
          deadline: 2030年
          baseline: {value: 約1兆5千億円, period: 2024年}
        observations:
          - {period: 2024年, value: 約1兆5千億円}
          - {period: 2025年, value: 約1兆7千億円}
      - id: gii-rank
        title: 2035年までにグローバルイノベーション指数の上位4位以内を目指す。
        title_en: Within the top 4 of the Global Innovation Index by 2035.
        target: {kind: rank, rank: 4, deadline: 2035年}
        observations:
          - {period: 2024年, value: 13位}
          - {period: 2025年, value: 12位}
  - id: people
    title: 人材
    title_en: People
    kpis:
      - id: ai-research
        title: AI分野の研究費を増加させる。
        target: {kind: trend, direction: higher}
        observations:
          - {period: 2023年度, value: "2,734億円"}
          - {period: 2024年度, value: "3,235億円"}
      - id: schools
        title: 知財教育の取組を広げる。
        title_en: "Expand IP education <script>alert('x')</script> | a & b"
        indicators:
          - id: consultations
            title: 相談件数
            target: {kind: monitor}
            observations:
              - {period: 2025年, value: 74件}
          - id: to-be-set
            target: {kind: pending}
"""

#: The as-of date of :data:`SMALL_YAML`.
SMALL_AS_OF = dt.date(2026, 3, 31)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def small_program() -> kpimodel.Program:
    """Return the program of :data:`SMALL_YAML`."""
    return kpimodel.loads(SMALL_YAML)


@cache
def small_evaluation() -> ProgramEvaluation:
    """Return the evaluation of :data:`SMALL_YAML` at its as-of date."""
    return kpimodel.evaluate(small_program())


@cache
def bundled_program() -> kpimodel.Program:
    """Return the bundled dataset."""
    return datasets.load(BUNDLED)


@cache
def bundled_evaluation() -> ProgramEvaluation:
    """Return the bundled dataset evaluated at its as-of date."""
    return kpimodel.evaluate(bundled_program())


def strip_ansi(text: str) -> str:
    """Remove ANSI colour escapes."""
    return _ANSI.sub("", text)
