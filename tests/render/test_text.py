"""The terminal table: content, alignment in display columns, wrapping, colour, language."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kpimodel
from kpimodel import Status, to_table
from kpimodel.render._labels import english_text
from kpimodel.render._text import STATUS_COLORS, _fit, _id_lines
from kpimodel.render._view import build
from kpimodel.render._width import (
    AMBIGUOUS_WIDTH_VARIABLE,
    ambiguous_width,
    ambiguous_width_from_environment,
    identifier_pieces,
    truncate,
    width,
    wrap,
    wrap_identifier,
)

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
        "≥ 5兆円 by 2030",
        "top 4 by 2035",
        "increase",
        "monitor",
        "pending",
        "about 1.7兆円 (2025)",
        "12位 (2025)",
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
        assert english_text(kpi.explanation) in table
    assert english_text(result.kpis[0].explanation) not in to_table(result, width=400)


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
    assert "≥ 5兆円 by 2030" in table
    assert "74件 (2025)" in to_table(program.kpi("schools"), width=200)
    assert "about 1.7兆円 (2025)" in to_table(program.kpi("agri-exports").indicators[0])
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


# --- identifiers break only at hyphens; ambiguous-width characters -------------------------

_IDENTIFIER = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=14),
    min_size=1,
    max_size=6,
).map("-".join)


@settings(max_examples=200, deadline=None)
@given(_IDENTIFIER, st.integers(min_value=0, max_value=30))
def test_wrap_identifier_breaks_only_after_hyphens(identifier: str, slack: int) -> None:
    pieces = identifier_pieces(identifier)
    assert "".join(pieces) == identifier
    limit = max(width(p) for p in pieces) + slack
    lines = wrap_identifier(identifier, limit)
    assert "".join(lines) == identifier
    assert all(width(line) <= limit for line in lines)
    assert all(line.endswith("-") for line in lines[:-1])


def _cells(
    result: kpimodel.ProgramEvaluation, columns: int, lang: str
) -> list[tuple[str, list[str]]]:
    """The id and reason cells of every row, laid out as the table lays them at ``columns``."""
    view = build(result, lang)  # type: ignore[arg-type]
    rows = [row for section in view.sections for row in section.rows]
    layout, widths = _fit(view, rows, columns)
    if sum(widths) + 2 * (len(widths) - 1) > columns:
        return []  # stacked: each id on lines of its own, as wide as the table
    keys = layout.keys
    first = "kpi" if layout.combined else "id"
    cells = []
    for row in rows:
        id_lines = layout.cell(row, first, widths[keys.index(first)])
        if layout.combined:
            id_lines = id_lines[: len(_id_lines(row, widths[keys.index(first)]))]
        cells.append(("id", id_lines))
        cells.append(("reason", layout.cell(row, "reason", widths[keys.index("reason")])))
    return cells


@pytest.mark.parametrize("columns", [70, 80, 90, 100, 120])
def test_ids_and_reason_codes_never_break_mid_word(columns: int) -> None:
    result = bundled_evaluation()
    names = {kpi.kpi_id for kpi in result.kpis} | {i.indicator_id for i in result.indicators()}
    names |= {str(i.reason) for i in result.indicators()}
    cells = _cells(result, columns, "en")
    assert cells or columns < 80
    for key, lines in cells:
        parts = [line.strip().removeprefix("└ ") for line in lines if line.strip()]
        assert "".join(parts) in names, lines
        assert all(part.endswith("-") for part in parts[:-1]), lines
        if key == "id":
            # An id's continuation lines are indented: never read as another row's start.
            assert all(line.startswith("  ") for line in lines[1:] if line.strip()), lines


def test_the_80_column_table_of_the_issue() -> None:
    # Regression (issue 15): "insufficient" / "-history" and "global-innovation-index-" /
    # "rank" at column 0.
    table = to_table(bundled_evaluation(), width=80)
    lines = table.splitlines()
    assert not any(line.lstrip().startswith("-history") for line in lines)
    assert "rank" not in [line.split("  ")[0] for line in lines]


def test_ambiguous_width_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert width("… ≥ └ → —") == 9
    with ambiguous_width(2):
        assert width("… ≥ └ → —") == 14
        assert width("日本") == 4  # wide characters are wide either way
    assert width("…") == 1
    with pytest.raises(ValueError, match=r"1 \(narrow\) or 2"):
        ambiguous_width(3).__enter__()
    monkeypatch.setenv(AMBIGUOUS_WIDTH_VARIABLE, "2")
    assert ambiguous_width_from_environment() == 2
    monkeypatch.setenv(AMBIGUOUS_WIDTH_VARIABLE, "wide")
    with pytest.raises(ValueError, match=AMBIGUOUS_WIDTH_VARIABLE):
        ambiguous_width_from_environment()


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("columns", [40, 80, 100])
def test_tables_fit_terminals_that_draw_ambiguous_characters_wide(
    monkeypatch: pytest.MonkeyPatch, lang: str, columns: int
) -> None:
    result = bundled_evaluation()
    narrow = to_table(result, lang=lang, width=columns, explain=True)
    wide = to_table(result, lang=lang, width=columns, explain=True, ambiguous=2)
    monkeypatch.setenv(AMBIGUOUS_WIDTH_VARIABLE, "2")
    assert to_table(result, lang=lang, width=columns, explain=True) == wide
    with ambiguous_width(2):
        assert max(width(line) for line in wide.splitlines()) <= columns
        statuses = {
            width(line[: line.find(" on-track ")])
            for line in wide.splitlines()
            if " on-track " in line
        }
    if lang == "en" and columns == 100:
        assert narrow != wide  # ≥ and └ took one column, now two
        assert len(statuses) == 1  # and the status column still lines up
