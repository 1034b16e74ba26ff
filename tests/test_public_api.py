"""The public namespace: one sorted ``__all__``, every name importable and documented."""

from __future__ import annotations

import importlib
import inspect

import pytest

import kpimodel


def test_all_is_sorted_and_unique() -> None:
    names = list(kpimodel.__all__)
    assert len(names) == len(set(names))

    # ruff's RUF022 order: SCREAMING_CASE first, then CamelCase, then the rest.
    def key(name: str) -> tuple[int, str]:
        if name.isupper():
            return (0, name)
        if name[:1].isupper():
            return (1, name)
        return (2, name)

    assert names == sorted(names, key=key)


def test_every_public_name_is_exported() -> None:
    public = {
        name
        for name, value in vars(kpimodel).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and getattr(value, "__module__", "kpimodel").startswith("kpimodel")
    }
    assert public <= set(kpimodel.__all__), sorted(public - set(kpimodel.__all__))


@pytest.mark.parametrize("name", kpimodel.__all__)
def test_exported_name_resolves_and_is_documented(name: str) -> None:
    value = getattr(kpimodel, name)
    if name == "__version__":
        assert isinstance(value, str)
        return
    if inspect.isclass(value) or inspect.isfunction(value):
        doc = inspect.getdoc(value)
        assert doc, f"{name} has no docstring"
        assert doc.splitlines()[0].strip(), f"{name} lacks a one-line summary"


def test_evaluator_classes_end_in_evaluator() -> None:
    evaluators = [
        name
        for name in kpimodel.__all__
        if inspect.isclass(getattr(kpimodel, name))
        and issubclass(getattr(kpimodel, name), kpimodel.Evaluator)
    ]
    assert evaluators
    assert all(name.endswith("Evaluator") for name in evaluators)
    for kind in (
        "rank",
        "ratio",
        "absolute",
        "cumulative",
        "trend",
        "maintain",
        "reference_ratio",
        "monitor",
        "pending",
    ):
        assert kind in kpimodel.target_kinds()


def test_version_matches_metadata() -> None:
    from importlib.metadata import version

    assert kpimodel.__version__ == version("kpimodel")


@pytest.mark.parametrize("module", ["kpimodel.units", "kpimodel.periods", "kpimodel.model"])
def test_subpackage_all_resolves(module: str) -> None:
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name}"


def test_diff_is_a_top_level_verb() -> None:
    # kpimodel.diff(old, new) compares two editions (docs/editions.md).
    assert "diff" in kpimodel.__all__
    assert {"ProgramDiff", "DiffEntry", "DiffKind"} <= set(kpimodel.__all__)
    assert inspect.isfunction(kpimodel.diff)
    assert list(inspect.signature(kpimodel.diff).parameters)[:2] == ["old", "new"]
