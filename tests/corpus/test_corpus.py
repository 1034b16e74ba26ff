"""The bad-input corpus: every case raises its own kpimodel error, with a clear message.

Each case under ``cases/`` is listed in ``manifest.yaml`` with the exact error class, a
fragment of the message, and where the problem is (the KPI id and the field path, or the
line). Loading it must raise exactly that error; never a pydantic, pint, PyYAML or dateutil
exception, never a generic one. The command line must turn it into exit code 2 and a
message, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import io
import json
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import kpimodel
from kpimodel import errors
from kpimodel.io import MAX_FILE_BYTES, MAX_YAML_CHARS
from kpimodel.model import MAX_OBSERVATIONS

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
ACCEPTED = HERE / "accepted"
#: No message should be longer than this, however long the input (huge strings are cut).
MAX_MESSAGE_CHARS = 1500


@dataclass(frozen=True)
class Case:
    """One corpus entry: a file and what kpimodel must say about it."""

    file: str
    error: str
    message: str
    about: str
    kpi: str | None = None
    field: str | None = None
    line: int | None = None

    @property
    def path(self) -> Path:
        return CASES / self.file

    @property
    def format(self) -> kpimodel.io.Format:
        return "json" if self.file.endswith(".json") else "yaml"


def _manifest() -> list[Case]:
    entries = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
    return [Case(**entry) for entry in entries]


MANIFEST = _manifest()


def _check(error: BaseException, case: Case) -> None:
    """Assert that ``error`` is the one ``case`` documents, with a clear message."""
    expected = getattr(errors, case.error)
    assert type(error) is expected, f"{case.file}: {type(error).__name__}: {error}"
    assert isinstance(error, kpimodel.KPIModelError)
    text = str(error)
    assert case.message in text, text
    assert len(text) <= MAX_MESSAGE_CHARS, f"{case.file}: a {len(text)}-character message"
    assert "Traceback" not in text
    if case.kpi is not None:
        assert error.kpi_id == case.kpi, text
        assert f"KPI {case.kpi[:40]!r}"[:40] in text, text
    if case.field is not None:
        assert error.field is not None, text
        assert error.field.endswith(case.field), f"{error.field!r} is not {case.field!r}"
        assert case.field[:60] in text, text
    if case.line is not None:
        assert isinstance(error, kpimodel.InputError)
        assert error.line == case.line, f"line {error.line} is not {case.line}: {text}"
        assert f"line {case.line}" in text, text
    # Errors cross process boundaries intact.
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert str(copy) == text


def test_the_corpus_is_big_enough_and_consistent() -> None:
    files = sorted(path.name for path in CASES.iterdir())
    listed = [case.file for case in MANIFEST]
    assert len(listed) == len(set(listed)), "a case is listed twice"
    assert sorted(listed) == files, "manifest.yaml and cases/ disagree"
    assert len(files) >= 40
    for case in MANIFEST:
        assert hasattr(errors, case.error), case.error
        assert case.message.strip()
        assert case.about.strip()


def test_the_readme_lists_every_case() -> None:
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for case in MANIFEST:
        assert f"`{case.file}`" in readme, case.file


def test_the_corpus_covers_the_issue() -> None:
    """Each kind of bad input the issue names has at least one case."""
    names = " ".join(case.file for case in MANIFEST)
    for needle in (
        "empty.yaml",
        "truncated",
        "tabs",
        "wrong-type",
        "nan",
        "infinity",
        "1e400",
        "negative-count",
        "huge-string",
        "deep-nesting",
        "unknown-key",
        "unknown-target-kind",
        "mixed-currencies",
        "impossible-date",
        "reiwa-zero",
        "month-13",
        "empty-program",
        "duplicate-kpi-ids",
        "duplicate-yaml-key",
        "tag-python-object-apply",
        "billion-laughs",
        "invalid-utf8",
        "top-level-list",
        "top-level-scalar",
    ):
        assert needle in names, needle
    classes = {case.error for case in MANIFEST}
    exported = {name for name in errors.__all__ if name not in ("KPIModelError", "InputError")}
    # Every error is exercised by a file or, for those raised when evaluating, by an API
    # case below.
    api = {case[2].__name__ for case in API_CASES}
    assert exported - classes - api == set()


@pytest.mark.parametrize("case", MANIFEST, ids=lambda case: case.file)
def test_load_raises_the_documented_error(case: Case) -> None:
    with pytest.raises(kpimodel.KPIModelError) as info:
        kpimodel.load(case.path)
    _check(info.value, case)


@pytest.mark.parametrize("case", MANIFEST, ids=lambda case: case.file)
def test_loads_raises_the_documented_error(case: Case) -> None:
    data = case.path.read_bytes()
    with pytest.raises(kpimodel.KPIModelError) as info:
        kpimodel.loads(data, case.format)
    _check(info.value, case)
    if isinstance(info.value, errors.FileReadError):
        return  # bytes that are not UTF-8 have no text form
    with pytest.raises(kpimodel.KPIModelError) as again:
        kpimodel.loads(data.decode("utf-8"), case.format)
    assert type(again.value) is type(info.value)
    assert str(again.value) == str(info.value)


def test_every_problem_is_reported() -> None:
    """``problems`` lists every problem of the document, each located."""
    document = """\
title: T
themes:
  - id: t
    title: T
    kpis:
      - id: a
        title: A
        observations:
          - {period: 2025-02-30, value: 5件}
          - {period: 2024年, value: 5 furlongs}
      - id: b
        title: B
        target: {kind: magic}
"""
    with pytest.raises(kpimodel.KPIModelError) as info:
        kpimodel.loads(document)
    problems = info.value.problems  # type: ignore[attr-defined]
    assert [type(p).__name__ for p in problems] == [
        "PeriodParseError",
        "UnknownUnitError",
        "UnknownTargetKindError",
    ]
    assert [p.kpi_id for p in problems] == ["a", "a", "b"]
    assert problems[1].field == "observations.1.value"


def test_tags_never_run_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(errors.DocumentSyntaxError):
        kpimodel.load(CASES / "tag-python-object-apply.yaml")
    assert not (tmp_path / "kpimodel-corpus-pwned").exists()


@pytest.mark.parametrize("path", sorted(ACCEPTED.iterdir()), ids=lambda path: path.name)
def test_near_misses_are_accepted(path: Path) -> None:
    program = kpimodel.load(path)
    for fmt in ("yaml", "json"):
        fmt_: kpimodel.io.Format = "yaml" if fmt == "yaml" else "json"
        assert kpimodel.loads(kpimodel.dumps(program, fmt_), fmt_) == program
    kpimodel.evaluate(program, dt.date(2026, 3, 31))


# --- cases built in code -------------------------------------------------------------------


def _program_json(observations: list[dict[str, Any]]) -> str:
    kpi = {"id": "many", "title": "Many", "observations": observations}
    doc = {"title": "T", "themes": [{"id": "t", "title": "T", "kpis": [kpi]}]}
    return json.dumps(doc, ensure_ascii=False)


def test_too_many_observations() -> None:
    observations = [{"value": "1件"}] * (MAX_OBSERVATIONS + 1)
    with pytest.raises(errors.LimitExceededError) as info:
        kpimodel.loads(_program_json(observations), "json")
    assert info.value.kpi_id == "many"
    assert info.value.field == "observations"
    assert f"more than {MAX_OBSERVATIONS} observations" in str(info.value)


def test_file_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_FILE_BYTES == 64 * 1024 * 1024  # the documented limit (docs/limits.md)
    monkeypatch.setattr(kpimodel.io._limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.yaml"
    path.write_text("title: T\nnote: " + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(errors.LimitExceededError, match="larger than 1000 bytes"):
        kpimodel.load(path)
    with pytest.raises(errors.LimitExceededError, match="larger than 1000 bytes"):
        kpimodel.loads(path.read_bytes())
    with pytest.raises(errors.LimitExceededError, match="larger than 1000 characters"):
        kpimodel.loads(path.read_text(encoding="utf-8"))


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_read_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kpimodel.io._limits, "MAX_FILE_BYTES", 4096)
    with pytest.raises(errors.LimitExceededError, match="larger than 4096 bytes"):
        kpimodel.load("/dev/zero")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(errors.FileReadError, match="cannot read") as info:
        kpimodel.load(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in str(info.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(errors.FileReadError, match="cannot read"):
        kpimodel.load(tmp_path)


def test_path_with_nul() -> None:
    with pytest.raises(errors.FileReadError, match="cannot read"):
        kpimodel.load("bad\x00name.yaml")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("title: T\n", encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:
        # Root reads every file (CI runs as root): refuse this one as the system would.
        real_open = Path.open

        def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
            return real_open(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(errors.FileReadError, match=r"cannot read .*Permission denied"):
        kpimodel.load(path)


def test_unknown_dataset() -> None:
    with pytest.raises(errors.FileReadError, match="no bundled dataset named 'nope'"):
        kpimodel.datasets.load("nope")


# --- the public API with bad values ------------------------------------------------------------


class _BrokenEvaluator(kpimodel.AbsoluteEvaluator):
    """An evaluator with a bug: it divides by zero."""

    def assess(self, indicator: Any, observations: Sequence[Any], context: Any) -> dict[str, Any]:
        return {"status": 1 / 0}


def _evaluate_with_broken_evaluator() -> object:
    program = kpimodel.loads(
        "title: T\nthemes:\n  - id: t\n    title: T\n    kpis:\n"
        "      - id: exports\n        title: E\n"
        "        target: {kind: absolute, value: 5兆円, deadline: 2030年}\n"
        "        observations: [{period: 2024年, value: 1.5兆円}]\n"
    )
    return kpimodel.evaluate(
        program, dt.date(2026, 1, 1), evaluators={"absolute": _BrokenEvaluator}
    )


def _five() -> Any:
    return 5


API_CASES: list[tuple[str, Callable[[], object], type[Exception], str]] = [
    (
        "bad grouping",
        lambda: kpimodel.parse_quantity("1,5億円"),
        errors.QuantityParseError,
        "1,5億円",
    ),
    (
        "unknown unit",
        lambda: kpimodel.parse_quantity("5 furlongs"),
        errors.UnknownUnitError,
        "furlongs",
    ),
    (
        "out of range",
        lambda: kpimodel.parse_quantity("1" * 150 + "円"),
        errors.QuantityParseError,
        "out of range",
    ),
    ("not text", lambda: kpimodel.parse_quantity(_five()), errors.QuantityParseError, "as text"),
    (
        "Feb 30",
        lambda: kpimodel.parse_period("2025-02-30"),
        errors.PeriodParseError,
        "impossible date",
    ),
    ("令和0年", lambda: kpimodel.parse_period("令和0年"), errors.PeriodParseError, "令和0年"),
    ("13月", lambda: kpimodel.parse_period("2025年13月"), errors.PeriodParseError, "2025年13月"),
    (
        "shifted out of range",
        lambda: kpimodel.parse_period("9998年度").shifted(5),
        errors.PeriodParseError,
        "outside the years",
    ),
    (
        "yen to persons",
        lambda: kpimodel.Quantity.of(1, "円").to("人"),
        errors.DimensionMismatchError,
        "cannot convert",
    ),
    (
        "yen to furlongs",
        lambda: kpimodel.Quantity.of(1, "円").to("furlong"),
        errors.UnknownUnitError,
        "furlong",
    ),
    (
        "dollars plus yen",
        lambda: kpimodel.Quantity.of(1, "USD") + kpimodel.Quantity.of(1, "円"),
        errors.DimensionMismatchError,
        "cannot convert",
    ),
    (
        "1e400 yen",
        lambda: kpimodel.Quantity.of("1e400", "円"),
        errors.QuantityParseError,
        "out of range",
    ),
    ("abc yen", lambda: kpimodel.Quantity.of("abc", "円"), errors.QuantityParseError, "'abc'"),
    (
        "beyond range after conversion",
        lambda: kpimodel.Quantity.of("1e99", "兆円").to("円"),
        errors.QuantityParseError,
        "out of range",
    ),
    (
        "YAML read as JSON",
        lambda: kpimodel.loads("title: T\n", "json"),
        errors.DocumentSyntaxError,
        "invalid JSON",
    ),
    (
        "unknown preset",
        lambda: kpimodel.evaluate(
            kpimodel.datasets.load("ip-strategic-program-2026"), preset="nosuch"
        ),
        errors.UnknownPresetError,
        "known presets: cabinet",
    ),
    (
        "unknown scale",
        lambda: kpimodel.evaluate(
            kpimodel.datasets.load("ip-strategic-program-2026"), scale="nosuch"
        ),
        errors.InvalidScaleError,
        "known scales: cabinet",
    ),
    (
        "failing evaluator",
        _evaluate_with_broken_evaluator,
        errors.EvaluationError,
        "KPI 'exports'",
    ),
]


@pytest.mark.parametrize(
    ("call", "expected", "fragment"),
    [case[1:] for case in API_CASES],
    ids=[case[0] for case in API_CASES],
)
def test_api_raises_kpimodel_errors(
    call: Callable[[], object], expected: type[Exception], fragment: str
) -> None:
    with pytest.raises(kpimodel.KPIModelError) as info:
        call()
    assert type(info.value) is expected, f"{type(info.value).__name__}: {info.value}"
    assert fragment in str(info.value)


def test_evaluator_failure_names_the_kpi_and_keeps_the_cause() -> None:
    with pytest.raises(errors.EvaluationError) as info:
        _evaluate_with_broken_evaluator()
    assert info.value.kpi_id == "exports"
    assert info.value.field
    assert isinstance(info.value.__cause__, ZeroDivisionError)


# --- the command line --------------------------------------------------------------------------


def _run_cli(argv: list[str]) -> tuple[int, str]:
    from kpimodel.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue() + err.getvalue()


@pytest.mark.parametrize("command", ["validate", "report"])
@pytest.mark.parametrize("case", MANIFEST, ids=lambda case: case.file)
def test_cli_exits_2_with_a_message(case: Case, command: str) -> None:
    code, output = _run_cli([command, str(case.path)])
    assert code == 2, output
    assert "Traceback" not in output
    assert "internal error" not in output
    assert case.message in output, output


def test_every_limit_is_documented() -> None:
    """docs/limits.md states the value of every limit constant, by name."""
    from kpimodel.io import MAX_DEPTH, MAX_NUMBER_DIGITS, MAX_STRING_CHARS
    from kpimodel.units._registry import MAX_UNIT_CHARS
    from kpimodel.units._values import MAX_DIGITS, MAX_EXPONENT

    limits = (HERE.parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    documented = {
        "kpimodel.io.MAX_FILE_BYTES": f"{MAX_FILE_BYTES:,}",
        "kpimodel.io.MAX_DEPTH": f"{MAX_DEPTH} levels",
        "kpimodel.io.MAX_STRING_CHARS": f"{MAX_STRING_CHARS:,} characters",
        "kpimodel.io.MAX_NUMBER_DIGITS": f"1e±{MAX_NUMBER_DIGITS}",
        "kpimodel.units._values.MAX_EXPONENT": f"1e±{MAX_EXPONENT}",
        "kpimodel.units._values.MAX_DIGITS": f"| {MAX_DIGITS} |",
        "kpimodel.units._registry.MAX_UNIT_CHARS": f"{MAX_UNIT_CHARS} characters",
        "kpimodel.model.MAX_OBSERVATIONS": f"{MAX_OBSERVATIONS:,}",
    }
    for name, value in documented.items():
        row = next((line for line in limits.splitlines() if f"`{name}`" in line), "")
        assert row, f"{name} is not in docs/limits.md"
        assert value in row, f"docs/limits.md gives {name} another value than {value}"


def test_yaml_has_a_smaller_limit_than_json(tmp_path: Path) -> None:
    # YAML costs about ten times what JSON does per MB (docs/limits.md): its own limit.
    assert MAX_YAML_CHARS == 8 * 1024 * 1024 < MAX_FILE_BYTES
    document = "title: T\nthemes: []\n" + "#" * MAX_YAML_CHARS + "\n"
    path = tmp_path / "big.yaml"
    path.write_text(document, encoding="utf-8")
    for read in (
        lambda: kpimodel.loads(document),
        lambda: kpimodel.loads(document.encode()),
        lambda: kpimodel.load(path),
    ):
        with pytest.raises(errors.LimitExceededError) as info:
            read()
        message = str(info.value)
        assert f"longer than {MAX_YAML_CHARS} characters" in message
        assert "as JSON" in message
        assert str(MAX_FILE_BYTES) in message


def test_json_beyond_the_yaml_limit_is_read_as_json(tmp_path: Path) -> None:
    padding = " " * (MAX_YAML_CHARS + 10)  # JSON allows white space anywhere between tokens
    kpis = '[{"id": "k", "title": "K"}]'
    valid = '{"title": "T", "themes": [{"id": "t", "title": "T", "kpis": ' + kpis + "}]}"
    program = kpimodel.loads(valid + padding)
    assert program.kpi("k").title == "K"
    path = tmp_path / "big.json"
    path.write_text(padding + valid, encoding="utf-8")
    assert kpimodel.load(path) == program
    # Malformed: the JSON error, not the YAML reader's refusal of the size.
    with pytest.raises(errors.DocumentSyntaxError, match="invalid JSON") as syntax:
        kpimodel.loads(valid[:-1] + padding)
    assert syntax.value.line == 1
    # A repeated key is still refused, named, though too large to locate with the YAML reader.
    with pytest.raises(errors.DocumentSyntaxError, match="duplicate key 'title'"):
        kpimodel.loads('{"title": "T", "title": "U"}' + padding)


def test_yaml_limit_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kpimodel.io._limits, "MAX_YAML_CHARS", 200)
    document = "title: T\nthemes: [{id: t, title: T, kpis: [{id: k, title: K}]}]\n"
    document += "#" * (200 - len(document) - 1) + "\n"
    assert len(document) == 200
    assert kpimodel.loads(document).kpi("k").title == "K"
    with pytest.raises(errors.LimitExceededError, match="longer than 200 characters"):
        kpimodel.loads(document + "\n")
    # Text that looks like JSON but is not goes to the YAML reader only within its limit.
    flow = "{title: T, themes: [{id: t, title: T, kpis: [{id: k, title: K}]}]}"
    assert kpimodel.loads(flow).kpi("k").title == "K"
    with pytest.raises(errors.DocumentSyntaxError, match="invalid JSON"):
        kpimodel.loads(flow + " " * 200)
