"""The ``kpimodel`` command: reports, validation, schema, exit codes, errors, encoding."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import kpimodel
from kpimodel import cli
from kpimodel.cli import main
from kpimodel.render import FORMATS

DATASET = "ip-strategic-program-2026"

VALID = """
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
"""

# Three problems: an unreadable figure, an unknown target kind, a figure without a unit.
INVALID = """
title: Bad
themes:
  - id: t
    title: T
    kpis:
      - id: bad-figure
        title: A
        target: {kind: absolute, value: "1,5億円"}
      - id: bad-kind
        title: B
        target: {kind: nonsense}
      - id: no-unit
        title: C
        observations:
          - {period: 2024年, value: 5}
"""


@pytest.fixture
def valid_file(tmp_path: Path) -> Path:
    path = tmp_path / "valid.yaml"
    path.write_text(VALID, encoding="utf-8")
    return path


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    path = tmp_path / "invalid.yaml"
    path.write_text(INVALID, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _assert_one_line_error(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


# --- report ------------------------------------------------------------------------------


def test_report_of_the_bundled_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "report")
    assert code == 0, err
    result = kpimodel.evaluate(kpimodel.datasets.load(DATASET))
    assert out.startswith(f"{result.program_en}\nAs of {result.as_of}\n")
    assert f"({result.summary.total} KPIs)" in out
    assert "\x1b[" not in out  # captured output is not a terminal: no colour
    assert err == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format(capsys: pytest.CaptureFixture[str], valid_file: Path, fmt: str) -> None:
    code, out, err = _run(capsys, "report", str(valid_file), "--format", fmt)
    assert code == 0, err
    assert out.endswith("\n")
    first = out.splitlines()[0]
    expected = {
        "table": "A small program",
        "markdown": "# A small program",
        "json": "{",
        "csv": "kpi_id,indicator_id,theme_id,kpi_title,kpi_title_en,kpi_status,status,reason,"
        "target_kind,target,target_value,target_unit,deadline,latest_value,latest_unit,"
        "latest_period,latest_bound,pace,pace_grade,progress,explanation",
        "html": "<!DOCTYPE html>",
    }[fmt]
    assert first == expected


def test_json_output_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "report", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"program", "as_of", "summary", "kpis"} <= set(data)
    assert list(data["summary"]) == ["achieved", "on-track", "behind", "no-data"]
    kpi = data["kpis"][0]
    assert {"id", "theme", "title", "title_en", "status", "reason", "explanation"} <= set(kpi)
    assert {"id", "status", "reason", "latest", "target", "pace"} <= set(kpi["indicators"][0])


def test_json_output_is_byte_identical_across_runs(capsys: pytest.CaptureFixture[str]) -> None:
    _, first, _ = _run(capsys, "report", "--format", "json")
    _, second, _ = _run(capsys, "report", "--format", "json", "--lang", "ja")
    assert first == second  # JSON carries both languages; --lang does not change it


def test_as_of_changes_the_result(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    _, default, _ = _run(capsys, "report", str(valid_file), "--format", "json")
    _, early, _ = _run(
        capsys, "report", str(valid_file), "--format", "json", "--as-of", "2025-06-30"
    )
    _, before, _ = _run(
        capsys, "report", str(valid_file), "--format", "json", "--as-of", "2024-06-30"
    )
    default_data, early_data, before_data = (json.loads(t) for t in (default, early, before))
    assert default_data["as_of"] == "2026-03-31"
    assert early_data["as_of"] == "2025-06-30"
    latest = [d["kpis"][0]["indicators"][0]["latest"] for d in (default_data, early_data)]
    assert latest[0]["period"]["text"] == "2025年"
    assert latest[1]["period"]["text"] == "2024年"  # 2025 had not ended on 2025-06-30
    assert before_data["kpis"][0]["status"] == "no-data"
    assert default_data != early_data != before_data


def test_as_of_changes_the_bundled_summary(capsys: pytest.CaptureFixture[str]) -> None:
    _, now, _ = _run(capsys, "report", "--format", "json")
    _, then, _ = _run(capsys, "report", "--format", "json", "--as-of", "2020-01-01")
    assert json.loads(now)["summary"] != json.loads(then)["summary"]


def test_japanese_report(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    code, out, _ = _run(capsys, "report", str(valid_file), "--lang", "ja", "--width", "120")
    assert code == 0
    assert out.startswith("小さな計画\n2026-03-31時点\n")
    assert "集計：" in out


def test_colour_choices(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    _, always, _ = _run(capsys, "report", str(valid_file), "--color", "always")
    _, never, _ = _run(capsys, "report", str(valid_file), "--color", "never")
    _, auto, _ = _run(capsys, "report", str(valid_file))
    assert "\x1b[" in always
    assert "\x1b[" not in never
    assert "\x1b[" not in auto
    _, markdown, _ = _run(
        capsys, "report", str(valid_file), "--format", "markdown", "--color", "always"
    )
    assert "\x1b[" not in markdown


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_auto_colour_needs_a_terminal_and_no_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert cli._use_color("auto", _Terminal()) is True
    assert cli._use_color("auto", io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli._use_color("auto", _Terminal()) is False
    assert cli._use_color("always", io.StringIO()) is True
    monkeypatch.setenv("NO_COLOR", "")
    assert cli._use_color("auto", _Terminal()) is True
    monkeypatch.setenv("TERM", "dumb")
    assert cli._use_color("auto", _Terminal()) is False
    assert cli._use_color("never", _Terminal()) is False


def test_width_option(capsys: pytest.CaptureFixture[str]) -> None:
    from kpimodel.render._width import width

    code, out, _ = _run(capsys, "report", "--width", "72")
    assert code == 0
    assert max(width(line) for line in out.splitlines()) <= 72
    code, _, err = _run(capsys, "report", "--width", "wide")
    assert code == 2
    _assert_one_line_error(err)


def test_explain_option(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    _, plain, _ = _run(capsys, "report", str(valid_file), "--width", "200")
    _, explained, _ = _run(capsys, "report", str(valid_file), "--width", "200", "--explain")
    assert "→ " not in plain
    assert "→ " in explained
    _, markdown, _ = _run(capsys, "report", str(valid_file), "--format", "markdown", "--no-explain")
    assert "- **agri-exports**" not in markdown


def test_report_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(VALID.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = _run(capsys, "report", "-", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1].startswith("agri-exports,agri-exports,exports,")


def test_report_of_a_named_dataset(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    code, out, _ = _run(capsys, "report", "--dataset", DATASET, "--format", "json")
    assert code == 0
    assert json.loads(out)["kpis"]
    code, _, err = _run(capsys, "report", "--dataset", "no-such-dataset")
    assert code == 2
    assert "no-such-dataset" in err
    _assert_one_line_error(err)
    code, _, err = _run(capsys, "report", str(valid_file), "--dataset", DATASET)
    assert code == 2
    _assert_one_line_error(err)


# --- bad input: exit 2, one line, no traceback -----------------------------------------------


def test_invalid_file(capsys: pytest.CaptureFixture[str], invalid_file: Path) -> None:
    code, out, err = _run(capsys, "report", str(invalid_file))
    assert code == 2
    assert out == ""
    _assert_one_line_error(err)
    assert "bad-figure" in err
    assert "1,5億円" in err
    assert "2 more problems" in err


def test_malformed_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("title: x\nthemes: [\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path))
    assert code == 2
    _assert_one_line_error(err)
    assert "broken.yaml" in err
    assert "line" in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "report", str(tmp_path / "missing.yaml"))
    assert code == 2
    _assert_one_line_error(err)
    assert "missing.yaml" in err


@pytest.mark.parametrize("date", ["2026-13-01", "yesterday", "2026/03/31", ""])
def test_bad_as_of_date(capsys: pytest.CaptureFixture[str], date: str) -> None:
    code, out, err = _run(capsys, "report", "--as-of", date)
    assert code == 2
    assert out == ""
    _assert_one_line_error(err)
    assert "--as-of" in err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["report", "--format", "pdf"],
        ["report", "--lang", "fr"],
        ["report", "--color", "sometimes"],
        ["report", "a.yaml", "b.yaml"],
        ["validate"],
        ["schema", "extra"],
    ],
)
def test_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    _assert_one_line_error(err)
    assert err.startswith("kpimodel")


def test_evaluation_errors_are_bad_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise kpimodel.EvaluationError("the evaluator failed", kpi_id="agri-exports")

    monkeypatch.setattr(kpimodel.evaluation, "evaluate", fail)
    code, _, err = _run(capsys, "report")
    assert code == 2
    _assert_one_line_error(err)
    assert "agri-exports" in err


# --- internal errors: exit 1, a bug report, a traceback only with --debug --------------------


def test_internal_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(kpimodel.evaluation, "evaluate", crash)
    code, out, err = _run(capsys, "report")
    assert code == 1
    assert out == ""
    _assert_one_line_error(err)
    assert "internal error" in err
    assert "bug" in err
    assert "ZeroDivisionError: boom" in err
    assert "--debug" in err

    for argv in (["report", "--debug"], ["--debug", "report"]):
        code, _, err = _run(capsys, *argv)
        assert code == 1
        assert "Traceback" in err
        assert "ZeroDivisionError" in err
        assert "bug" in err


# --- validate ----------------------------------------------------------------------------


def test_validate_ok(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    code, out, err = _run(capsys, "validate", str(valid_file))
    assert (code, out, err) == (0, "ok\n", "")


def test_validate_the_bundled_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(kpimodel.__file__).parent / "datasets" / f"{DATASET}.yaml"
    assert _run(capsys, "validate", str(path))[:2] == (0, "ok\n")


def test_validate_lists_every_problem(
    capsys: pytest.CaptureFixture[str], invalid_file: Path
) -> None:
    code, out, err = _run(capsys, "validate", str(invalid_file))
    assert code == 2
    lines = out.splitlines()
    assert len(lines) == 3
    for line, kpi, field in zip(
        lines,
        ["bad-figure", "bad-kind", "no-unit"],
        ["target.value", "target.kind", "observations.0.value"],
        strict=True,
    ):
        assert line.startswith(f"{invalid_file}: KPI '{kpi}'"), line
        assert field in line
    assert "Traceback" not in out + err
    assert err.strip() == f"kpimodel validate: {invalid_file}: 3 problems"


def test_validate_a_syntax_error_and_a_missing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x", "themes": [}', encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(path))
    assert code == 2
    assert str(path) in out
    assert "line 1" in out
    code, out, err = _run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "nope.yaml" in out
    assert "Traceback" not in err


def test_validate_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(INVALID.encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = _run(capsys, "validate", "-")
    assert code == 2
    assert all(line.startswith("<stdin>: ") for line in out.splitlines())


# --- schema, datasets, version, help -------------------------------------------------------


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema == json.loads(json.dumps(kpimodel.program_schema()))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "themes" in schema["properties"]


def test_datasets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "datasets")
    assert code == 0
    assert DATASET in out.splitlines()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"kpimodel {kpimodel.__version__}"


@pytest.mark.parametrize("command", [[], ["report"], ["validate"], ["schema"], ["datasets"]])
def test_help(capsys: pytest.CaptureFixture[str], command: list[str]) -> None:
    code, out, err = _run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: kpimodel")
    assert err == ""


def test_report_help_lists_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(capsys, "report", "--help")
    for option in ("--as-of", "--format", "--lang", "--color", "--width", "--explain", "FILE"):
        assert option in out


# --- a real process ------------------------------------------------------------------------


def _process(*argv: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-m", "kpimodel", *argv],
        capture_output=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_python_m_kpimodel_report() -> None:
    done = _process("report")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert out.startswith("Intellectual Property Strategic Program 2026")
    assert "12位 (2025年)" in out
    assert "\x1b[" not in out  # a pipe is not a terminal
    assert done.stderr == b""


def test_utf8_output_whatever_the_locale() -> None:
    done = _process("report", "--lang", "ja", PYTHONIOENCODING="ascii", LC_ALL="C", LANG="C")
    assert done.returncode == 0, done.stderr
    assert "知的財産推進計画2026" in done.stdout.decode("utf-8")


def test_process_exit_codes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(INVALID, encoding="utf-8")
    done = _process("report", str(bad))
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert _process("report", "--as-of", "someday").returncode == 2
    assert _process("--version").returncode == 0
