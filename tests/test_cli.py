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
from kpimodel.evaluation import ROW_COLUMNS
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
    code, out, err = _run(capsys, "report", "--lang", "en")
    assert code == 0, err
    result = kpimodel.evaluate(kpimodel.datasets.load(DATASET))
    assert out.startswith(f"{result.program_en}\nAs of {result.as_of}\n")
    assert f"({result.summary.total} KPIs)" in out
    assert "\x1b[" not in out  # captured output is not a terminal: no colour
    assert err == ""


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format(capsys: pytest.CaptureFixture[str], valid_file: Path, fmt: str) -> None:
    code, out, err = _run(capsys, "report", str(valid_file), "--format", fmt, "--lang", "en")
    assert code == 0, err
    assert out.endswith("\n")
    first = out.splitlines()[0]
    expected = {
        "table": "A small program",
        "markdown": "# A small program",
        "json": "{",
        "csv": ",".join(column.name for column in ROW_COLUMNS),
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
    done = _process("report", "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("utf-8")
    assert out.startswith("Intellectual Property Strategic Program 2026")
    assert "12位 (2025)" in out
    assert "2025年" not in out  # periods print in English
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


# --- automation: --fail-on and validate --format json --------------------------------------


def test_fail_on_orders_statuses_from_best_to_worst() -> None:
    assert cli.GATE_ORDER == ("achieved", "on-track", "behind", "no-data")
    assert set(cli.FAIL_ON) <= set(cli.GATE_ORDER)
    statuses = [("a", "achieved"), ("b", "on-track")]
    assert cli._gate(statuses, "behind") == cli.EXIT_OK
    assert cli._gate([*statuses, ("c", "no-data")], "behind") == cli.EXIT_GATE
    assert cli._gate([*statuses, ("c", "behind")], "behind") == cli.EXIT_GATE
    assert cli._gate([*statuses, ("c", "behind")], "no-data") == cli.EXIT_OK
    assert cli._gate([*statuses, ("c", "no-data")], "no-data") == cli.EXIT_GATE


def test_report_fail_on(capsys: pytest.CaptureFixture[str], valid_file: Path) -> None:
    # The small program's one KPI is behind (pace ratio below 0.95) as of 2026-03-31.
    code, out, err = _run(capsys, "report", str(valid_file), "--format", "json")
    status = json.loads(out)["kpis"][0]["status"]
    assert status == "behind"
    code, out, err = _run(capsys, "report", str(valid_file), "--fail-on", "behind")
    assert code == cli.EXIT_GATE
    assert "agri-exports" in out  # the report is still printed
    _assert_one_line_error(err)
    assert "--fail-on behind" in err
    assert "agri-exports" in err
    code, _, err = _run(capsys, "report", str(valid_file), "--fail-on", "no-data")
    assert (code, err) == (0, "")
    code, _, err = _run(capsys, "report", str(valid_file), "--fail-on", "late")
    assert code == cli.EXIT_USAGE


def test_report_fail_on_the_bundled_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_run(capsys, "report", "--format", "json")[1])
    statuses = [kpi["status"] for kpi in data["kpis"]]
    for gate in cli.FAIL_ON:
        floor = cli.GATE_ORDER.index(gate)
        failing = sum(cli.GATE_ORDER.index(s) >= floor for s in statuses)
        code, _, err = _run(capsys, "report", "--format", "json", "--fail-on", gate)
        assert code == (cli.EXIT_GATE if failing else cli.EXIT_OK)
        assert f" {failing} KPI" in err


def test_validate_json_lists_every_problem(
    capsys: pytest.CaptureFixture[str], invalid_file: Path
) -> None:
    code, out, err = _run(capsys, "validate", str(invalid_file), "--format", "json")
    assert code == 2
    problems = json.loads(out)
    assert [p["kpi"] for p in problems] == ["bad-figure", "bad-kind", "no-unit"]
    keys = {"file", "line", "column", "kpi", "field", "value", "message", "error"}
    assert all(set(p) == keys for p in problems)
    assert all(p["file"] == str(invalid_file) for p in problems)
    assert problems[0]["value"] == "1,5億円"
    assert problems[1]["value"] == "nonsense"
    source = INVALID.splitlines()
    # Each line points at the field the document writes: the figure, the kind, the value.
    assert '"1,5億円"' in source[problems[0]["line"] - 1]
    assert "nonsense" in source[problems[1]["line"] - 1]
    assert "value: 5" in source[problems[2]["line"] - 1]
    assert all(p["message"] and "\n" not in p["message"] for p in problems)
    assert err.strip() == f"kpimodel validate: {invalid_file}: 3 problems"


def test_validate_json_of_a_valid_file_and_a_syntax_error(
    capsys: pytest.CaptureFixture[str], valid_file: Path, tmp_path: Path
) -> None:
    assert _run(capsys, "validate", str(valid_file), "--format", "json")[:2] == (0, "[]\n")
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x",\n "themes": [}', encoding="utf-8")
    code, out, _ = _run(capsys, "validate", str(path), "--format", "json")
    assert code == 2
    [problem] = json.loads(out)
    assert (problem["line"], problem["kpi"], problem["field"]) == (2, None, None)
    assert problem["error"] == "DocumentSyntaxError"


class _Endless(io.RawIOBase):
    """Standard input that never ends, like /dev/zero; counts what was read."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b"a" * len(buffer)
        self.read_bytes += len(buffer)
        return len(buffer)


@pytest.mark.parametrize("command", ["report", "validate"])
def test_standard_input_is_read_only_up_to_the_document_limit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    import kpimodel.io

    monkeypatch.setattr(kpimodel.io._limits, "MAX_FILE_BYTES", 4096)
    raw = _Endless()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(raw)))
    code, out, err = _run(capsys, command, "-")
    assert code == 2
    assert "<stdin> is larger than 4096 bytes" in out + err
    assert raw.read_bytes < 4096 + 64 * 1024  # one buffer beyond the limit at most


def test_ambiguous_width_option_and_variable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    narrow = _run(capsys, "report", "--width", "100")[1]
    wide = _run(capsys, "report", "--width", "100", "--ambiguous-width", "2")[1]
    assert narrow != wide
    monkeypatch.setenv("KPIMODEL_AMBIGUOUS_WIDTH", "2")
    assert _run(capsys, "report", "--width", "100")[1] == wide
    assert _run(capsys, "report", "--width", "100", "--ambiguous-width", "1")[1] == narrow
    monkeypatch.setenv("KPIMODEL_AMBIGUOUS_WIDTH", "3")
    code, out, err = _run(capsys, "report")
    assert (code, out) == (2, "")
    _assert_one_line_error(err)
    assert "KPIMODEL_AMBIGUOUS_WIDTH" in err


# --- docs/cli.md stays true --------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CLI_DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli.md").read_text(encoding="utf-8")


def _doc_blocks(language: str) -> list[str]:
    import re

    return re.findall(rf"```{language}\n(.*?)```", CLI_DOC, flags=re.DOTALL)


def test_cli_doc_commands_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    commands = [
        line.split("#")[0].split()[1:]
        for block in _doc_blocks("sh")
        for line in block.splitlines()
        if line.startswith("kpimodel ")
    ]
    assert len(commands) >= 8
    for argv in commands:
        code, out, _ = _run(capsys, *argv)
        gate = "--fail-on" in argv
        assert code == (cli.EXIT_GATE if gate else cli.EXIT_OK), argv
        assert out, argv


def test_cli_doc_examples_match_the_program(
    capsys: pytest.CaptureFixture[str], invalid_file: Path
) -> None:
    from kpimodel.render import document_language

    [program_yaml] = _doc_blocks("yaml")
    program = kpimodel.loads(program_yaml)
    assert program.language == "en"
    assert document_language(program.model_copy(update={"language": None})) == "en"
    [shown] = json.loads(_doc_blocks("json")[0])
    problems = json.loads(_run(capsys, "validate", str(invalid_file), "--format", "json")[1])
    actual = {**problems[0], "file": shown["file"]}
    assert actual == shown
    assert "achieved < on-track < behind < no-data" in CLI_DOC
    assert " < ".join(cli.GATE_ORDER) in CLI_DOC


# --- a lean start-up -----------------------------------------------------------------------


def _imported_by(code: str) -> list[str]:
    script = (
        "import sys\n"
        f"{code}\n"
        "print(' '.join(sorted(m for m in sys.modules "
        "if m.startswith(('kpimodel.', 'pydantic', 'yaml', 'pint')))))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(cli.__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.split()


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["validate", "--help"], ["schema", "--help"]]
)
def test_help_imports_only_what_it_needs(argv: list[str]) -> None:
    # ``kpimodel --help`` cost 0.6 s of CPU when it imported the whole library (issue 15).
    loaded = _imported_by(
        f"from kpimodel.cli import main\ntry:\n    main({argv!r})\nexcept SystemExit:\n    pass"
    )
    heavy = [m for m in loaded if m.startswith(("pydantic", "pint", "yaml", "kpimodel.model"))]
    assert heavy == []
    assert not any(m.startswith(("kpimodel.render", "kpimodel.evaluation")) for m in loaded)


def test_a_command_imports_what_it_needs_when_it_runs() -> None:
    loaded = _imported_by(
        "import contextlib, io\nfrom kpimodel.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(['report', '--format', 'json'])"
    )
    assert "kpimodel.render" in loaded
    assert "kpimodel.evaluation" in loaded


def test_every_public_name_has_a_home() -> None:
    eager = {name for name, value in vars(kpimodel).items() if name in kpimodel.__all__} - set(
        kpimodel._HOMES
    )
    assert set(kpimodel._HOMES) | eager | {"__version__"} == set(kpimodel.__all__)
    for name, home in kpimodel._HOMES.items():
        assert getattr(kpimodel, name) is getattr(__import__(home, fromlist=[name]), name)
    assert set(kpimodel.__all__) <= set(dir(kpimodel))


@pytest.mark.parametrize("preset", ["open-sdg", "eurostat", "destatis", "cabinet"])
def test_report_with_a_preset_rates_every_kpi(
    capsys: pytest.CaptureFixture[str], valid_file: Path, preset: str
) -> None:
    code, out, err = _run(capsys, "report", str(valid_file), "--preset", preset, "--format", "json")
    assert code == 0, err
    kpis = json.loads(out)["kpis"]
    assert kpis
    assert all(kpi["rating"]["scale"] == preset for kpi in kpis)


def test_report_with_a_scale_by_name_and_from_a_file(
    capsys: pytest.CaptureFixture[str], valid_file: Path, tmp_path: Path
) -> None:
    code, out, err = _run(capsys, "report", str(valid_file), "--scale", "rag", "--format", "csv")
    assert code == 0, err
    assert ",rag," in out.splitlines()[1]
    scale = tmp_path / "mine.yaml"
    scale.write_text(
        "name: mine\ntitle: Mine\nvalues:\n  - {value: x, label: X, label_ja: エックス}\n"
        "rules:\n  - {value: x}\n",
        encoding="utf-8",
    )
    code, out, err = _run(
        capsys, "report", str(valid_file), "--scale", str(scale), "--format", "json"
    )
    assert code == 0, err
    assert {k["rating"]["value"] for k in json.loads(out)["kpis"]} == {"x"}


@pytest.mark.parametrize(
    ("option", "match"),
    [(("--scale", "nope"), "known scales"), (("--preset", "nope"), "invalid choice")],
)
def test_report_refuses_unknown_presets_and_scales(
    capsys: pytest.CaptureFixture[str], valid_file: Path, option: tuple[str, str], match: str
) -> None:
    code, _, err = _run(capsys, "report", str(valid_file), *option)
    assert code == 2
    assert match in err
    _assert_one_line_error(err)


# --- convert ---------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["compact", "full"])
def test_convert_writes_a_document_that_reads_back(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, style: str
) -> None:
    source = Path(__file__).parents[1] / "examples" / "digital_decade.yaml"
    as_json = tmp_path / "program.json"
    code, _, err = _run(capsys, "convert", str(source), str(as_json), "--style", style)
    assert (code, err) == (0, "")
    assert kpimodel.load(as_json) == kpimodel.load(source)
    code, out, _ = _run(capsys, "convert", str(as_json), "-", "--style", style)
    assert code == 0
    assert kpimodel.loads(out) == kpimodel.load(source)
    # The compact form writes figures as the table prints them; the full form as mappings.
    assert ("value: 20 million ICT specialists" in out) is (style == "compact")
    assert ("magnitude:" in out) is (style == "full")


def test_convert_names_the_problem_of_a_bad_document(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: P\nthemes: 3\n", encoding="utf-8")
    code, out, err = _run(capsys, "convert", str(bad), str(tmp_path / "out.yaml"))
    assert code == 2
    assert out == ""
    assert "themes" in err
    assert str(bad) in err
    assert not (tmp_path / "out.yaml").exists()


def test_the_default_language_is_the_documents(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The bundled seed table is Japanese: without --lang, the report is in Japanese.
    code, out, _ = _run(capsys, "report")
    assert code == 0
    assert out.startswith("知的財産推進計画2026")
    assert "12位（2025年）" in out
    assert "進捗ペース十分" in out
    # An English table reports in English, its periods as written or in English.
    code, out, _ = _run(capsys, "report", str(EXAMPLES / "digital_decade.yaml"))
    assert code == 0
    assert out.startswith("Digital Decade 2030\nAs of 2025-06-30")
    assert "(2023)" in out
    assert "年" not in out
    # With --lang ja, the English table's periods print in Japanese.
    code, out, _ = _run(capsys, "report", str(EXAMPLES / "digital_decade.yaml"), "--lang", "ja")
    assert code == 0
    assert "（2023年）" in out
    assert "2030年までに" in out
    # A `language:` field decides over the titles' text.
    path = tmp_path / "en.yaml"
    path.write_text(VALID.replace("title: 小さな計画\n", "title: 小さな計画\nlanguage: en\n"))
    code, out, _ = _run(capsys, "report", str(path))
    assert code == 0
    assert out.startswith("A small program\nAs of 2026-03-31")


# --- diff ----------------------------------------------------------------------------------

EDITION_2025 = str(EXAMPLES / "ip-strategic-program-2025.yaml")


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv", "html"])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_diff_writes_every_format_in_both_languages(
    capsys: pytest.CaptureFixture[str], fmt: str, lang: str
) -> None:
    code, out, err = _run(
        capsys, "diff", EDITION_2025, "ip-strategic-program-2026", "--format", fmt, "--lang", lang
    )
    assert (code, err) == (0, "")
    # Row 23's revised baseline (HTML marks the unit's Japanese as lang="ja").
    assert ("3,200" if fmt == "html" else "3,200万件") in out
    if fmt == "json":
        data = json.loads(out)
        assert data["format"] == "kpimodel-diff"
        assert (data["old"]["edition"], data["new"]["edition"]) == ("2025", "2026")
    if fmt == "html":
        assert out.startswith("<!DOCTYPE html>")
        assert f'<html lang="{lang}">' in out
        assert 'data-change="baseline-revised"' in out
    if fmt == "table":
        assert ("基準値改定" if lang == "ja" else "baseline revised") in out


def test_diff_writes_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "changes.csv"
    code, out, _ = _run(
        capsys,
        "diff",
        EDITION_2025,
        "ip-strategic-program-2026",
        "--format",
        "csv",
        "-o",
        str(target),
    )
    assert (code, out) == (0, "")
    assert target.read_text(encoding="utf-8").startswith("theme_id,kpi_id,")


def test_diff_reports_a_match_by_title_and_can_refuse_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    text = (
        "title: P\nas_of: 2026-03-31\nthemes:\n  - id: t\n    title: T\n    kpis:\n"
        "      - id: {id}\n        title: 研究開発費を増やす\n        target: {{kind: trend}}\n"
    )
    old.write_text(text.format(id="rd-2025"), encoding="utf-8")
    new.write_text(text.format(id="rd"), encoding="utf-8")
    code, out, _ = _run(capsys, "diff", str(old), str(new), "--lang", "en")
    assert code == 0
    assert "KPIs matched by title, not by id (check them):" in out
    assert "rd-2025 → rd (similarity 1.00)" in out
    code, out, _ = _run(capsys, "diff", str(old), str(new), "--lang", "en", "--no-fallback")
    assert code == 0
    assert "matched by title" not in out
    assert "KPI added" in out
    assert "KPI removed" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["diff", "missing.yaml", "ip-strategic-program-2026"],
        ["diff", EDITION_2025],
        ["diff", EDITION_2025, "ip-strategic-program-2026", "--threshold", "0"],
        ["diff", EDITION_2025, "ip-strategic-program-2026", "--format", "xlsx"],
    ],
    ids=["missing-file", "one-edition", "bad-threshold", "bad-format"],
)
def test_diff_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == cli.EXIT_USAGE
    _assert_one_line_error(err)


def test_diff_help_imports_only_what_it_needs() -> None:
    loaded = _imported_by(
        "from kpimodel.cli import main\ntry:\n    main(['diff', '--help'])\nexcept SystemExit:\n"
        "    pass"
    )
    assert not any(
        m.startswith(("pydantic", "pint", "yaml", "kpimodel.model", "kpimodel.render"))
        for m in loaded
    )


def test_report_as_of_replays_the_figures_published_by_then(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    document = tmp_path / "exports.yaml"
    document.write_text(
        "title: P\nas_of: 2026-03-31\nthemes:\n  - id: t\n    title: T\n    kpis:\n"
        "      - id: exports\n        title: Exports\n"
        "        target: {kind: absolute, value: 5兆円, deadline: 2030年,"
        " baseline: {value: 1兆円, period: 2020年}}\n"
        "        observations:\n"
        "          - {period: 2023年, value: 1.5兆円}\n"
        "          - {period: 2024年, value: 1.6兆円, published: 2025-02-10, edition: '2025'}\n"
        "          - {period: 2024年, value: 2.4兆円, published: 2026-02-09, edition: '2026'}\n",
        encoding="utf-8",
    )

    def latest(*extra: str) -> dict[str, object]:
        code, out, _ = _run(capsys, "report", str(document), "--format", "json", *extra)
        assert code == 0
        found: dict[str, object] = json.loads(out)["kpis"][0]["indicators"][0]["latest"]
        return found

    assert latest("--as-of", "2024-07-02")["period"]["text"] == "2023年"  # type: ignore[index]
    early = latest("--as-of", "2025-03-31")
    assert (early["published"], early["edition"]) == ("2025-02-10", "2025")
    late = latest()
    assert (late["published"], late["edition"]) == ("2026-02-09", "2026")
