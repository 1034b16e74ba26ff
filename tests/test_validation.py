"""Validation errors for documents written by hand: typos and figures YAML split apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kpimodel import KPIModelError, SchemaError, loads

_HEAD = """\
title: P
themes:
- id: t
  title: T
  kpis:
  - id: k1
    title: K
"""


def _problems(text: str) -> list[SchemaError]:
    with pytest.raises(SchemaError) as caught:
        loads(text)
    return list(getattr(caught.value, "problems", (caught.value,)))


@given(
    head=st.integers(1, 999),
    groups=st.lists(st.integers(0, 999), min_size=1, max_size=1),
    unit=st.sampled_from(["件", "人", "億円", "社"]),
)
def test_a_figure_split_at_its_comma_is_named_whole(
    head: int, groups: list[int], unit: str
) -> None:
    figure = ",".join([str(head), *(f"{g:03d}" for g in groups)]) + unit
    text = _HEAD + f"    target: {{kind: absolute, value: {figure}, deadline: 2030年}}\n"
    (problem,) = _problems(text)
    assert problem.kpi_id == "k1"
    assert problem.field is not None
    assert problem.field.endswith("target.value")
    assert f"the figure {figure} was split at its comma" in problem.message
    assert f"value: '{figure}'" in problem.message


_OBSERVATION_KEYS = ("period", "value", "source")


@given(key=st.sampled_from(_OBSERVATION_KEYS), data=st.data())
def test_a_key_missing_one_letter_is_named_with_the_key_it_misspells(
    key: str, data: st.DataObject
) -> None:
    drop = data.draw(st.integers(0, len(key) - 1))
    typo = key[:drop] + key[drop + 1 :]
    fields = {"period": "2024年", "value": "1兆円", "source": "白書"}
    written = ", ".join(f"{typo if k == key else k}: {v}" for k, v in fields.items())
    text = (
        _HEAD
        + "    target: {kind: absolute, value: 5兆円, deadline: 2030年}\n"
        + f"    observations: [{{{written}}}]\n"
    )
    problems = _problems(text)
    assert len(problems) == 1, [p.message for p in problems]  # no "field required" echo
    assert f"unknown key '{typo}'" in problems[0].message
    assert f"did you mean '{key}'?" in problems[0].message


def test_a_key_far_from_every_key_gets_no_suggestion() -> None:
    text = _HEAD + "    colourway: red\n"
    (problem,) = _problems(text)
    assert "unknown key 'colourway'" in problem.message
    assert "did you mean" not in problem.message


def test_a_number_key_that_is_not_a_split_figure_stays_an_unknown_key() -> None:
    # `000件` after a text value is not a figure YAML split: no guess about a comma.
    text = _HEAD + "    target: {kind: absolute, value: 5兆円, 000件: , deadline: 2030年}\n"
    problems = _problems(text)
    assert any("unknown key '000件'" in p.message for p in problems)
    assert not any("split at its comma" in p.message for p in problems)


def test_every_problem_of_a_series_is_listed() -> None:
    text = (
        _HEAD
        + "    target: {kind: absolute, value: 100件, deadline: 2030年}\n"
        + "    observations:\n"
        + "    - {period: 2024年, value: 10円}\n"
        + "    - {period: 2024年, value: 10件}\n"
        + "    - {period: 2025年, value: 3kg}\n"
    )
    with pytest.raises(KPIModelError) as caught:
        loads(text)
    problems = caught.value.problems  # type: ignore[attr-defined]
    found = sorted((type(p).__name__, p.kpi_id, p.field) for p in problems)
    assert found == [
        ("DimensionMismatchError", "k1", "observations.0.value"),
        ("DimensionMismatchError", "k1", "observations.2.value"),
        ("DuplicateObservationError", "k1", "observations.1.period"),
    ]


def test_a_key_of_another_mapping_is_named_with_its_home_never_as_its_own_typo() -> None:
    # Regression: top-level `kpis:` was "unknown key 'kpis' ...; did you mean 'kpis'?".
    (problem,) = _problems("title: t\nkpis:\n  - id: a\n    title: a\n")
    assert problem.message == "unknown key 'kpis' here: it is a key of a theme"
    assert "did you mean" not in problem.message


def test_a_target_key_on_an_observation_names_target_once() -> None:
    text = _HEAD + "    observations: [{period: 2020年, value: 1件, deadline: 2030年}]\n"
    (problem,) = _problems(text)
    assert problem.message == "unknown key 'deadline' here: it is a key of a target"
    assert problem.field == "observations.0.deadline"


def test_a_key_of_some_target_kinds_names_them() -> None:
    text = _HEAD + "    target: {kind: rank, rank: 1, deadline: 2030年, limit: 1位}\n"
    (problem,) = _problems(text)
    assert problem.message == (
        "unknown key 'limit' here: it is a key of a target of kind 'absolute', 'ratio' or 'trend'"
    )


@pytest.mark.parametrize("written", ["1,000", "1,000,000", "12,345,678"])
def test_a_plain_number_split_at_its_commas_is_named_whole(written: str) -> None:
    # Regression: {value: 1,000,000} was "a key must be text, not a number".
    text = _HEAD + f"    observations: [{{period: 2024年, value: {written}}}]\n"
    with pytest.raises(KPIModelError) as caught:
        loads(text)
    assert f"the figure {written} was split at its comma" in caught.value.message
    assert f"value: '{written}'" in caught.value.message


def test_an_item_split_at_its_comma_in_a_flow_list_is_refused_whole() -> None:
    # Regression: [前年同月比3,003人増] read as two changes, '前年同月比3' and '003人増'.
    text = (
        _HEAD
        + "    observations: [{period: 2024年, value: '1,000人', changes: [前年比3,003人増]}]\n"
    )
    with pytest.raises(KPIModelError) as caught:
        loads(text)
    assert "the item 前年比3,003人増 was split at its comma" in caught.value.message
    assert "['前年比3,003人増']" in caught.value.message


def test_items_after_a_comma_and_a_space_are_items() -> None:
    loads(
        _HEAD + "    observations: [{period: 2024年, value: 1件}, {period: 2025年, value: 2件}]\n"
    )
