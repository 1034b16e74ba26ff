"""The terminal table: content, alignment in display columns, wrapping, colour, language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpimodel
from kpimodel import Status, to_table
from kpimodel.render._text import STATUS_COLORS
from kpimodel.render._width import truncate, width, wrap

from . import bundled_evaluation, bundled_program, small_evaluation, small_program, strip_ansi

# --- display width and wrapping --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", 3),
        ("", 0),
        ("日本", 4),
        ("12位", 4),
        ("３２３５", 8),  # full-width digits
        ("ｱｲｳ", 3),  # half-width katakana
        ("e\u0301", 1),  # a combining accent takes no column
        ("≥ 5兆円", 7),  # ambiguous-width ≥ counts as narrow
    ],
)
def test_width_counts_east_asian_wide_characters_twice(text: str, expected: int) -> None:
    assert width(text) == expected


def test_wrap_keeps_figures_and_bracketed_periods_whole() -> None:
    lines = wrap("3,235億円（2024年度）から増加", 12)
    assert "3,235億円" in lines[0]
    assert any("（2024年度）" in line for line in lines)
    assert all(not line.startswith(("、", "。", "）", "年")) for line in lines)


def test_wrap_never_starts_a_line_with_a_closing_mark() -> None:
    text = "知財創造・保護・活用に携わる知財教育に関する取組を広げる。（取組事例数）"
    for limit in range(4, 30):
        for line in wrap(text, limit):
            assert not line.startswith(("、", "。", "）", "・")), (limit, line)


def test_wrap_breaks_after_hyphens_but_keeps_minus_signs() -> None:
    assert wrap("pace-sufficient", 12) == ["pace-", "sufficient"]
    assert wrap("needs -0.818位/yr", 12) == ["needs", "-0.818位/yr"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from(list("ab cd-e/f 日本語、。（）年位 12,3.4%")), max_size=80
    ),
    limit=st.integers(min_value=2, max_value=40),
)
def test_wrap_fits_and_loses_nothing(text: str, limit: int) -> None:
    lines = wrap(text, limit)
    assert all(width(line) <= limit for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_truncate_ends_with_an_ellipsis_only_when_cut() -> None:
    assert truncate("short", 10) == "short"
    cut = truncate("日本語のとても長いタイトル", 9)
    assert cut.endswith("…")
    assert width(cut) <= 9


# --- the table ---------------------------------------------------------------------------


def _rows(table: str) -> list[str]:
    return strip_ansi(table).splitlines()


def test_table_lists_every_kpi_and_indicator_under_its_theme() -> None:
    result = bundled_evaluation()
    table = to_table(result, width=240)
    lines = _rows(table)
    assert lines[0] == result.program_en
    assert f"As of {result.as_of}" in table
    position = 0
    for theme in result.themes:
        heading = lines.index(theme.title_en or theme.title, position)
        for kpi in (k for k in result.kpis if k.theme_id == theme.theme_id):
            row = next(i for i, line in enumerate(lines) if line.startswith(kpi.kpi_id + " "))
            assert row > heading
            if len(kpi.indicators) > 1:
                for ind in kpi.indicators:
                    assert any(line.startswith(f"└ {ind.indicator_id} ") for line in lines)
        position = heading + 1


def test_table_ends_with_the_summary_counts() -> None:
    result = bundled_evaluation()
    counts = result.summary.as_dict()
    last = _rows(to_table(result))[-1]
    expected = (
        f"Summary: {counts['achieved']} achieved, {counts['on-track']} on-track, "
        f"{counts['behind']} behind, {counts['no-data']} no-data ({result.summary.total} KPIs)"
    )
    assert last == expected


@pytest.mark.parametrize("columns", [40, 60, 80, 100, 120, 160, 240])
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_line_fits_the_width(columns: int, lang: str) -> None:
    table = to_table(bundled_evaluation(), lang=lang, width=columns, explain=True)
    for line in _rows(table):
        assert width(line) <= columns, line


def _status_column(lines: list[str], header: str) -> int:
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    head = lines[rule - 1]
    return width(head[: head.index(header)])


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("columns", [80, 100, 200])
def test_statuses_line_up_in_display_columns(lang: str, columns: int) -> None:
    result = bundled_evaluation()
    lines = _rows(to_table(result, lang=lang, width=columns))
    offset = _status_column(lines, "Status" if lang == "en" else "状況")
    labels = {s.value if lang == "en" else s.label_ja for s in Status}
    found = 0
    for line in lines:
        prefix = ""
        for char in line:
            if width(prefix) >= offset:
                break
            prefix += char
        rest = line[len(prefix) :]
        if width(prefix) == offset and rest.split(" ")[0] in labels:
            found += 1
    indicator_count = sum(len(k.indicators) for k in result.kpis if len(k.indicators) > 1)
    assert found == len(result.kpis) + indicator_count


def test_targets_and_latest_figures_are_described() -> None:
    table = to_table(small_evaluation(), width=200)
    for text in (
        "≥ 5兆円 by 2030年",
        "top 4 by 2035年",
        "increase",
        "monitor",
        "pending",
        "約1.7兆円 (2025年)",
        "12位 (2025年)",
    ):
        assert text in table


def test_japanese_labels_titles_and_targets() -> None:
    table = to_table(small_evaluation(), lang="ja", width=200)
    assert table.splitlines()[0] == "小さな計画"
    assert "2026-03-31時点" in table
    for text in ("遅れ", "順調", "データなし", "2030年までに5兆円以上", "2035年までに上位4位以内"):
        assert text in table
    assert "農林水産物・食品の輸出額を2030年までに5兆円とする。" in table
    assert "集計：達成 0、順調 2、遅れ 1、データなし 1（全4件）" in table
    assert "behind" not in table


def test_titles_fall_back_to_the_other_language() -> None:
    # ai-research has no English title: the English table shows the Japanese one.
    table = to_table(small_evaluation(), width=200)
    assert "AI分野の研究費を増加させる。" in table


def test_long_titles_are_cut_with_an_ellipsis() -> None:
    table = to_table(bundled_evaluation(), width=100)
    assert "…" in table
    result = bundled_evaluation()
    full = result.kpi("global-innovation-index-rank").title_en
    assert full is not None
    assert full not in " ".join(table.split())


def test_colour_marks_each_status_and_only_when_asked() -> None:
    result = small_evaluation()
    plain = to_table(result)
    assert "\x1b[" not in plain
    coloured = to_table(result, color=True)
    assert f"{STATUS_COLORS[Status.BEHIND]}behind\x1b[0m" in coloured
    assert f"{STATUS_COLORS[Status.ON_TRACK]}on-track\x1b[0m" in coloured
    assert f"{STATUS_COLORS[Status.NO_DATA]}no-data\x1b[0m" in coloured
    assert strip_ansi(coloured) == plain


def test_colour_codes_of_the_statuses() -> None:
    assert STATUS_COLORS[Status.ACHIEVED] == "\x1b[32m"  # green
    assert STATUS_COLORS[Status.ON_TRACK] == "\x1b[36m"  # cyan
    assert STATUS_COLORS[Status.BEHIND] == "\x1b[31m"  # red
    assert STATUS_COLORS[Status.NO_DATA] == "\x1b[90m"  # grey


def test_explain_prints_each_explanation() -> None:
    result = small_evaluation()
    table = " ".join(to_table(result, explain=True, width=400).split())
    for kpi in result.kpis:
        assert kpi.explanation in table
    assert result.kpis[0].explanation not in to_table(result, width=400)


def test_a_kpi_and_an_indicator_alone() -> None:
    result = small_evaluation()
    kpi = result.kpi("schools")
    table = to_table(kpi, width=200)
    assert "schools" in table
    assert "└ consultations" in table
    assert "Summary" not in table
    lone = to_table(kpi.indicators[0], width=200)
    assert "schools/consultations" in lone
    assert "no-target" in lone


def test_models_render_without_statuses() -> None:
    program = small_program()
    table = to_table(program, width=200)
    assert "Status" not in table
    assert "≥ 5兆円 by 2030年" in table
    assert "74件 (2025年)" in to_table(program.kpi("schools"), width=200)
    assert "約1.7兆円 (2025年)" in to_table(program.kpi("agri-exports").indicators[0])
    assert "Exports" in to_table(program.themes[0])


def test_model_view_of_the_bundled_dataset() -> None:
    table = to_table(bundled_program(), lang="ja")
    assert "知的財産推進計画2026" in table


def test_narrow_widths_are_raised_to_the_minimum() -> None:
    for line in _rows(to_table(small_evaluation(), width=5)):
        assert width(line) <= 40


def test_same_input_same_output() -> None:
    first = to_table(kpimodel.evaluate(small_program()), color=True)
    assert to_table(kpimodel.evaluate(small_program()), color=True) == first


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="language"):
        to_table(small_evaluation(), lang="fr")
    with pytest.raises(TypeError, match="cannot render"):
        to_table("not an evaluation")  # type: ignore[arg-type]
