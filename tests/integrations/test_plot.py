"""kpimodel.integrations.plot: trajectories and overviews as matplotlib figures.

Figures are saved as PNG with the Agg backend; ``filterwarnings = error`` turns
matplotlib's "Glyph missing from font" warning into a failure, so a test that saves a
figure also checks that no text was drawn as empty boxes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import hypothesis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import kpimodel  # noqa: E402
from kpimodel import datasets  # noqa: E402
from kpimodel.errors import KPIModelError  # noqa: E402
from kpimodel.integrations import plot as plotting  # noqa: E402
from kpimodel.integrations.plot import (  # noqa: E402
    STATUS_COLOURS,
    MissingFontWarning,
    find_cjk_font,
    plot,
    plot_overview,
)
from kpimodel.model import Program  # noqa: E402
from kpimodel.periods import CalendarYear, FiscalYear, YearSpan, parse_period  # noqa: E402
from kpimodel.render._vegalite import to_vegalite  # noqa: E402
from kpimodel.units import Quantity, Rank, Unit  # noqa: E402

SEED = "ip-strategic-program-2026"
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
PNG = b"\x89PNG\r\n\x1a\n"

needs_font = pytest.mark.skipif(
    find_cjk_font() is None,
    reason="no font with Japanese glyphs (the plot extra ships one)",
)


@pytest.fixture(scope="module")
def program() -> Program:
    return datasets.load(SEED)


@pytest.fixture(scope="module")
def result(program: Program) -> kpimodel.ProgramEvaluation:
    return kpimodel.evaluate(program)


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plotting, "find_cjk_font", lambda: None)


def _save(figure: Figure, path: Path) -> Path:
    figure.savefig(path, dpi=60)
    assert path.read_bytes().startswith(PNG)
    assert path.stat().st_size > 5_000
    return path


def _texts(figure: Figure) -> list[str]:
    figure.canvas.draw()  # tick labels exist once drawn
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def _labels(figure: Figure) -> list[str]:
    return [label for ax in figure.axes for label in ax.get_legend_handles_labels()[1]]


def _lines(figure: Figure, label_start: str) -> list[matplotlib.lines.Line2D]:
    return [
        line
        for ax in figure.axes
        for line in ax.get_lines()
        if str(line.get_label()).startswith(label_start)
    ]


# -- the trajectory ----------------------------------------------------------------------


def test_trajectory_of_a_kpi_evaluation(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path
) -> None:
    figure = plot(result.kpi("agri-food-exports"), model=program, lang="en")
    _save(figure, tmp_path / "exports.png")
    (ax,) = figure.axes
    labels = _labels(figure)
    assert "approximate (hollow)" in labels
    assert "target 5 trillion yen" in labels
    assert "baseline ~1.5 trillion yen (2024)" in labels
    assert "required path" in labels
    assert any(label.startswith("projected trend ~3.18 trillion yen") for label in labels)
    assert any(label.startswith("expected on the path") for label in labels)
    (approximate,) = _lines(figure, "approximate")
    assert approximate.get_markerfacecolor() == "white"  # hollow markers
    assert len(approximate.get_xdata()) == 2
    (target,) = _lines(figure, "target")
    assert target.get_marker() == "*"
    (path,) = _lines(figure, "required path")
    ys = list(path.get_ydata())
    assert ys[0] == pytest.approx(1.5)
    assert ys[-1] == pytest.approx(5)
    # A compound rate: the required path curves upward (the middle lies below the chord).
    assert ys[len(ys) // 2] < (ys[0] + ys[-1]) / 2
    texts = _texts(figure)
    assert any("behind · pace-insufficient" in t for t in texts)
    assert ax.get_title(loc="right") == "behind · pace-insufficient"
    assert ax.get_ylabel() == "trillion yen"
    assert "Raise exports" in figure.get_suptitle()
    assert not any(CJK.search(t) for t in texts)


def test_status_colour_in_the_title(result: kpimodel.ProgramEvaluation, program: Program) -> None:
    figure = plot(result.kpi("intangible-asset-share"), model=program, lang="en")
    (status,) = [t for t in figure.findobj(Text) if t.get_text() == "achieved · target-met"]
    assert matplotlib.colors.same_color(
        status.get_color(), STATUS_COLOURS[kpimodel.Status.ACHIEVED]
    )


def test_derived_observations_are_diamonds(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path
) -> None:
    figure = plot(result.kpi("intangible-asset-share"), model=program, lang="en")
    _save(figure, tmp_path / "share.png")
    (derived,) = _lines(figure, "derived")
    assert derived.get_marker() == "D"
    (x,) = derived.get_xdata()
    assert matplotlib.dates.num2date(x).date() == CalendarYear(year=2020).point
    (observed,) = _lines(figure, "observed")
    assert observed.get_marker() == "o"
    assert observed.get_markerfacecolor() != "white"


def test_bounds_are_carets(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path
) -> None:
    figure = plot(result.kpi("piracy-and-border-measures"), model=program, lang="en")
    _save(figure, tmp_path / "piracy.png")
    (bound,) = _lines(figure, "bound")
    assert bound.get_marker() == 7  # a caret pointing down: the true figure is below
    assert len(figure.axes) == 2  # one panel per indicator


def test_ranks_read_downward(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path
) -> None:
    figure = plot(result.kpi("global-innovation-index-rank"), model=program, lang="en")
    _save(figure, tmp_path / "rank.png")
    (ax,) = figure.axes
    assert ax.yaxis_inverted()
    texts = _texts(figure)
    assert "Republic of Korea" in texts  # a reference series, labelled
    assert "target rank 4" in _labels(figure)


@pytest.mark.parametrize("lang", ["en", pytest.param("ja", marks=needs_font)])
def test_every_seed_kpi_plots(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path, lang: str
) -> None:
    for kpi in result.kpis:
        figure = plot(kpi, model=program, lang=lang)  # type: ignore[arg-type]
        assert len(figure.axes) == len(kpi.indicators)
        _save(figure, tmp_path / f"{lang}-{kpi.kpi_id}.png")


@needs_font
def test_japanese_labels(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path
) -> None:
    figure = plot(result.kpi("agri-food-exports"), model=program)
    _save(figure, tmp_path / "ja.png")
    assert figure.get_suptitle().startswith("農林水産物・食品の輸出額")
    (ax,) = figure.axes
    assert ax.get_title(loc="right") == "遅れ · pace-insufficient"
    assert ax.get_ylabel() == "兆円"
    assert "目標 5兆円" in _labels(figure)
    assert "基準値 約1.5兆円 (2024年)" in _labels(figure)
    family = ax.yaxis.label.get_fontproperties().get_family()
    assert family[0] == find_cjk_font()


def test_missing_font_falls_back_to_english(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path, no_cjk_font: None
) -> None:
    with pytest.warns(MissingFontWarning, match=r'pip install -e "\.\[plot\]"'):
        figure = plot(result.kpi("agri-food-exports"), model=program)
    # Saving would fail on matplotlib's "Glyph missing" warning if any Japanese were left.
    _save(figure, tmp_path / "fallback.png")
    assert not any(CJK.search(t) for t in _texts(figure))
    assert "Raise exports" in figure.get_suptitle()
    with pytest.warns(MissingFontWarning, match="fonts-noto-cjk"):
        overview = plot_overview(result, lang="ja")
    _save(overview, tmp_path / "fallback-overview.png")
    assert not any(CJK.search(t) for t in _texts(overview))


def test_every_seed_kpi_falls_back_cleanly(
    result: kpimodel.ProgramEvaluation, program: Program, tmp_path: Path, no_cjk_font: None
) -> None:
    for kpi in result.kpis:
        with pytest.warns(MissingFontWarning):
            figure = plot(kpi, model=program)
        _save(figure, tmp_path / f"{kpi.kpi_id}.png")
        assert not any(CJK.search(t) for t in _texts(figure)), kpi.kpi_id


def test_english_never_warns(result: kpimodel.ProgramEvaluation, no_cjk_font: None) -> None:
    plot(result.kpi("agri-food-exports"), lang="en")  # filterwarnings=error: no warning
    plot_overview(result, lang="en")


def test_a_font_can_be_named(result: kpimodel.ProgramEvaluation, no_cjk_font: None) -> None:
    figure = plot(result.kpi("agri-food-exports"), font="Some Font", lang="ja")
    (ax,) = figure.axes
    assert ax.yaxis.label.get_fontproperties().get_family()[0] == "Some Font"


def test_kpis_and_indicators_are_evaluated(program: Program, tmp_path: Path) -> None:
    kpi = program.kpi("content-overseas-market")
    figure = plot(kpi, as_of=dt.date(2026, 3, 31), lang="en")
    _save(figure, tmp_path / "kpi.png")
    assert figure.axes[0].get_title(loc="right").startswith("behind")
    indicator = program.kpi("ip-education").indicators[1]
    figure = plot(indicator, as_of=dt.date(2026, 3, 31), lang="en")
    _save(figure, tmp_path / "indicator.png")
    assert len(figure.axes) == 1


def test_an_evaluation_alone_draws_its_figures(
    result: kpimodel.ProgramEvaluation, tmp_path: Path
) -> None:
    evaluation = result.kpi("agri-food-exports").indicators[0]
    figure = plot(evaluation, lang="en")
    _save(figure, tmp_path / "alone.png")
    (latest,) = _lines(figure, "approximate")
    assert len(latest.get_xdata()) == 1  # only the latest figure is known


def test_what_if_greys_out_later_figures(program: Program, tmp_path: Path) -> None:
    earlier = kpimodel.evaluate(program, dt.date(2025, 6, 30))
    figure = plot(earlier.kpi("agri-food-exports"), model=program, lang="en")
    _save(figure, tmp_path / "what-if.png")
    (ignored,) = _lines(figure, "after the as-of date")
    assert len(ignored.get_xdata()) == 1
    # The stated baseline is drawn even though the evaluation could not use it.
    assert any(label.startswith("baseline") for label in _labels(figure))


def test_model_must_contain_the_evaluated_indicator(
    result: kpimodel.ProgramEvaluation, program: Program
) -> None:
    with pytest.raises(ValueError, match="no indicator"):
        plot(result.kpi("agri-food-exports"), model=program.kpi("ip-education"))


def test_what_cannot_be_plotted(program: Program) -> None:
    with pytest.raises(TypeError, match=r"takes a KPI"):
        plot(program)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        plot(program.kpi("agri-food-exports"), lang="fr")  # type: ignore[arg-type]


# -- the overview ------------------------------------------------------------------------


def test_overview(result: kpimodel.ProgramEvaluation, tmp_path: Path) -> None:
    figure = plot_overview(result, lang="en")
    _save(figure, tmp_path / "overview.png")
    (ax,) = figure.axes
    assert len(ax.patches) == 4 * len(result.themes)  # a segment per status and theme
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    counts = result.summary
    assert legend == [
        f"achieved ({counts.achieved})",
        f"on-track ({counts.on_track})",
        f"behind ({counts.behind})",
        f"no-data ({counts.no_data})",
    ]
    widths = [p.get_width() for p in ax.patches]
    assert sum(widths) == counts.total
    behind = [
        p
        for p in ax.patches
        if matplotlib.colors.same_color(p.get_facecolor(), STATUS_COLOURS[kpimodel.Status.BEHIND])
    ]
    assert sum(p.get_width() for p in behind) == counts.behind
    assert plot(result, lang="en").axes[0].patches  # plot() of a program's evaluation


@needs_font
def test_overview_in_japanese(result: kpimodel.ProgramEvaluation, tmp_path: Path) -> None:
    figure = plot_overview(result)
    _save(figure, tmp_path / "overview-ja.png")
    assert "知的財産推進計画2026" in figure.get_suptitle()
    assert "IPトランスフォーメーション" in _texts(figure)


def test_overview_needs_a_program_evaluation(result: kpimodel.ProgramEvaluation) -> None:
    with pytest.raises(TypeError, match="ProgramEvaluation"):
        plot_overview(result.kpis[0])  # type: ignore[arg-type]


# -- English words for Japanese units and periods ----------------------------------------


@pytest.mark.parametrize(
    ("symbol", "words"),
    [
        ("億円", "100 million yen"),
        ("兆円", "trillion yen"),
        ("人", "persons"),
        ("万件", "10 thousand cases"),
        ("社", "companies"),
        ("%", "%"),
        ("ポイント", "pp"),
        ("USD", "USD"),
    ],
)
def test_unit_words(symbol: str, words: str) -> None:
    assert plotting._unit_text(Unit(symbol=symbol), "en") == words
    assert plotting._unit_text(Unit(symbol=symbol), "ja") == symbol


def test_value_and_period_words() -> None:
    assert plotting._value_text(Quantity.of("3235", "億円"), "en") == "3,235 100 million yen"
    assert plotting._value_text(Rank(magnitude=12), "en") == "rank 12"
    assert plotting._value_text(Quantity.of("8", "割", approximate=True), "en") == "~80%"
    assert plotting._period_text(FiscalYear(year=2024), "en") == "FY2024"
    assert plotting._period_text(YearSpan(first=2020, last=2024, fiscal=True), "en") == (
        "FY2020-2024"
    )
    # The period's text in the figure's language, as the table and the report print it.
    assert plotting._period_text(parse_period("2026年3月現在"), "en") == "Mar 2026"
    assert plotting._period_text(parse_period("2026年3月現在"), "ja") == "2026年3月現在"
    assert plotting._period_text(None, "en") == "period not stated"
    assert plotting._period_text(FiscalYear(year=2024), "ja") == "2024年度"


def test_wrapping_counts_wide_characters() -> None:
    text = "農林水産物・食品の輸出額は2024年において約1兆5千億円のところ、2030年までに5兆円とする。"
    lines = plotting._wrap(text, 30).splitlines()
    assert len(lines) > 1
    assert "".join(lines) == text
    assert plotting._wrap("a " * 100, 20, max_lines=2).endswith("…")


def test_find_cjk_font_checks_glyphs() -> None:
    name = find_cjk_font()
    if name is None:
        pytest.skip("no font with Japanese glyphs here")
    files = [e.fname for e in matplotlib.font_manager.fontManager.ttflist if e.name == name]
    assert any(plotting._covers(f) for f in files)
    dejavu = matplotlib.font_manager.findfont("DejaVu Sans")
    assert not plotting._covers(dejavu)


# -- the document's language ---------------------------------------------------------------

ENGLISH_TABLE = """
title: A small English program
as_of: "2026-03-31"
themes:
  - id: trade
    title: Trade
    kpis:
      - id: exports
        title: Raise exports to 5 trillion yen by 2030.
        target:
          kind: absolute
          value: 5兆円
          deadline: 2030年
          baseline: {value: 1.5兆円, period: 2024年}
        observations:
          - {period: 2024年, value: 1.5兆円}
          - {period: 2025年, value: 1.7兆円}
"""


@pytest.fixture(scope="module")
def english() -> Program:
    return kpimodel.loads(ENGLISH_TABLE)


def test_an_english_table_plots_in_english_by_default(english: Program, tmp_path: Path) -> None:
    # Regression (issue 15): Japanese labels (実績値, 順調, KPI数) on an English table, and
    # the title replaced by the id although the title is English.
    result = kpimodel.evaluate(english)
    figure = plot(result.kpi("exports"), model=english)  # lang="auto": no font needed
    _save(figure, tmp_path / "english.png")
    assert figure.get_suptitle() == "Raise exports to 5 trillion yen by 2030."
    assert "observed" in _labels(figure)
    assert not any(CJK.search(t) for t in _texts(figure))
    overview = plot_overview(result)
    assert overview.axes[0].get_xlabel() == "KPIs"
    assert "A small English program" in overview.get_suptitle()
    assert "Trade" in _texts(overview)
    alone = plot(english.kpi("exports"), lang="en")
    assert alone.get_suptitle() == "Raise exports to 5 trillion yen by 2030."


def test_a_japanese_title_without_an_english_one_falls_back_to_the_id(
    result: kpimodel.ProgramEvaluation, program: Program
) -> None:
    kpi = program.kpi("agri-food-exports")
    bare = kpi.model_copy(update={"title_en": None})
    figure = plot(bare, lang="en", as_of=dt.date(2026, 3, 31))
    assert figure.get_suptitle() == "agri-food-exports"


def test_the_language_field_decides_auto(english: Program, no_cjk_font: None) -> None:
    assert english.language is None
    stated = english.model_copy(update={"language": "ja"})
    result = kpimodel.evaluate(stated)
    # Japanese asked for by the document: without a font, English with a warning.
    with pytest.warns(MissingFontWarning):
        plot(result.kpi("exports"), model=stated)
    with pytest.warns(MissingFontWarning):
        plot_overview(result, model=stated)
    seed = datasets.load(SEED)
    seed_en = seed.model_copy(update={"language": "en"})
    plot_overview(kpimodel.evaluate(seed_en), model=seed_en)  # filterwarnings=error: none


def test_the_language_field_is_read_and_checked() -> None:
    program = kpimodel.loads(ENGLISH_TABLE + "language: en\n")
    assert program.language == "en"
    with pytest.raises(kpimodel.SchemaError, match="language"):
        kpimodel.loads(ENGLISH_TABLE + "language: fr\n")


# -- milestones, limits, attainment, revisions, completion --------------------------------

# Hypothetical KPIs, one for each drawn feature (see the file's header).
FEATURES = (Path(__file__).parents[1] / "features.yaml").read_text(encoding="utf-8")
AS_OF = dt.date(2026, 6, 30)


@pytest.fixture(scope="module")
def features() -> Program:
    return kpimodel.loads(FEATURES)


@pytest.fixture(scope="module")
def featured(features: Program) -> kpimodel.ProgramEvaluation:
    return kpimodel.evaluate(features, AS_OF)


def _x(period: str) -> float:
    return float(matplotlib.dates.date2num(parse_period(period).point))


def test_milestones_are_drawn_by_state(
    featured: kpimodel.ProgramEvaluation, features: Program, tmp_path: Path
) -> None:
    item = featured.kpi("emissions")
    states = [c.state.value for c in item.indicators[0].milestones]
    assert states == ["met", "missed", "next"]
    figure = plot(item, model=features, lang="en")
    _save(figure, tmp_path / "milestones.png")
    labels = _labels(figure)
    for label in ("milestone met", "milestone missed", "milestone ahead"):
        assert labels.count(label) == 1
    (met,) = _lines(figure, "milestone met")
    (missed,) = _lines(figure, "milestone missed")
    (ahead,) = _lines(figure, "milestone ahead")
    assert {met.get_marker(), missed.get_marker(), ahead.get_marker()} == {"h"}
    assert list(met.get_xdata()) == [_x("2022年度")]
    assert list(met.get_ydata()) == [pytest.approx(10_800_000)]  # 1200万t less 10%
    assert list(missed.get_xdata()) == [_x("2024年度")]
    assert list(ahead.get_ydata()) == [pytest.approx(7_800_000)]  # less 35%
    assert matplotlib.colors.same_color(
        met.get_markerfacecolor(), STATUS_COLOURS[kpimodel.Status.ACHIEVED]
    )
    assert matplotlib.colors.same_color(
        missed.get_markerfacecolor(), STATUS_COLOURS[kpimodel.Status.BEHIND]
    )
    assert ahead.get_markerfacecolor() == "white"  # hollow: not yet judged
    assert "7,800,000 t" in _texts(figure)  # each milestone's figure is written beside it


@needs_font
def test_milestones_in_japanese(featured: kpimodel.ProgramEvaluation, features: Program) -> None:
    figure = plot(featured.kpi("emissions"), model=features, lang="ja")
    labels = _labels(figure)
    assert {"中間目標（達成）", "中間目標（未達）", "中間目標（今後）"} <= set(labels)
    assert "改定前の数値（不使用）" in labels


def test_only_the_revision_used_is_in_the_series(
    featured: kpimodel.ProgramEvaluation, features: Program
) -> None:
    item = featured.kpi("emissions").indicators[0]
    assert item.latest is not None
    assert item.latest.value == kpimodel.parse_quantity("1010万t")
    figure = plot(featured.kpi("emissions"), model=features, lang="en")
    (observed,) = _lines(figure, "observed")
    assert list(observed.get_ydata()) == [11_000_000, 10_500_000, 10_100_000]
    (revised,) = _lines(figure, "earlier revision")
    assert list(revised.get_ydata()) == [9_900_000]
    assert (revised.get_xdata()[0]) == _x("2024年度")
    assert revised.get_markerfacecolor() == "white"
    # The line through the figures joins only those used.
    (series,) = [
        line
        for line in figure.axes[0].get_lines()
        if str(line.get_label()).startswith("_") and len(line.get_xdata()) == 3
    ]
    assert 9_900_000 not in list(series.get_ydata())


def test_a_revision_published_after_the_as_of_date_is_not_used(features: Program) -> None:
    before = kpimodel.evaluate(features, dt.date(2025, 12, 1))
    latest = before.kpi("emissions").indicators[0].latest
    assert latest is not None
    assert latest.value == kpimodel.parse_quantity("990万t")
    figure = plot(before.kpi("emissions"), model=features, lang="en")
    (observed,) = _lines(figure, "observed")
    assert list(observed.get_ydata())[-1] == 9_900_000
    (ignored,) = _lines(figure, "after the as-of date")
    assert list(ignored.get_ydata()) == [10_100_000]
    assert not _lines(figure, "earlier revision")


def test_the_natural_limit_is_a_labelled_rule(
    featured: kpimodel.ProgramEvaluation, features: Program, tmp_path: Path
) -> None:
    figure = plot(featured.kpi("coverage"), model=features, lang="en")
    _save(figure, tmp_path / "limit.png")
    (limit,) = _lines(figure, "limit")
    assert limit.get_label() == "limit 100%"
    assert list(limit.get_ydata()) == [100, 100]  # axhline: a horizontal rule
    assert "limit" in _texts(figure)
    figure = plot(featured.kpi("emissions"), model=features, lang="en")
    assert not _lines(figure, "limit")  # no limit stated, none drawn


@needs_font
def test_the_limit_and_attainment_in_japanese(
    featured: kpimodel.ProgramEvaluation, features: Program, tmp_path: Path
) -> None:
    figure = plot(featured.kpi("coverage"), model=features, lang="ja")
    _save(figure, tmp_path / "limit-ja.png")
    labels = _labels(figure)
    assert "限界値 100%" in labels
    assert "2024年に達成見込み" in labels
    assert "限界値" in _texts(figure)


def test_the_attainment_date_is_marked(
    featured: kpimodel.ProgramEvaluation, features: Program
) -> None:
    item = featured.kpi("coverage").indicators[0]
    assert item.attainment is not None
    assert item.attainment.kind.value == "projected"
    figure = plot(featured.kpi("coverage"), model=features, lang="en")
    (line,) = _lines(figure, "projected to be met in 2024")
    assert list(line.get_xdata()) == [_x("2024")] * 2  # axvline: a vertical rule
    assert "projected to be met in 2024" in _texts(figure)


def test_an_attainment_beyond_the_chart_does_not_stretch_it(
    featured: kpimodel.ProgramEvaluation, features: Program
) -> None:
    item = featured.kpi("emissions").indicators[0]
    assert item.attainment is not None
    assert item.attainment.period is not None
    assert item.attainment.period.point.year > 2035
    figure = plot(featured.kpi("emissions"), model=features, lang="en")
    text = f"projected to be met in {item.attainment.period.text_in('en')}"
    (proxy,) = _lines(figure, text)
    assert len(proxy.get_xdata()) == 0  # a legend entry only
    assert f"{text} →" in _texts(figure)
    assert figure.axes[0].get_xlim()[1] < _x("2033")


def test_a_met_target_says_when(result: kpimodel.ProgramEvaluation, program: Program) -> None:
    item = result.kpi("intangible-asset-share")
    attainment = item.indicators[0].attainment
    assert attainment is not None
    assert attainment.kind.value == "met"
    figure = plot(item, model=program, lang="en")
    assert _lines(figure, "met in 2025")


def test_no_attainment_marker_when_never_met(
    featured: kpimodel.ProgramEvaluation, features: Program
) -> None:
    item = featured.kpi("away").indicators[0]
    assert item.attainment is not None
    assert item.attainment.kind.value == "never"
    figure = plot(featured.kpi("away"), model=features, lang="en")
    assert not any("met in" in label for label in _labels(figure))
    assert not any("met in" in text for text in _texts(figure))


@pytest.mark.parametrize("lang", ["en", pytest.param("ja", marks=needs_font)])
def test_a_completion_target_is_a_timeline_of_its_reports(
    featured: kpimodel.ProgramEvaluation, features: Program, tmp_path: Path, lang: str
) -> None:
    figure = plot(featured.kpi("act"), model=features, lang=lang)  # type: ignore[arg-type]
    _save(figure, tmp_path / f"act-{lang}.png")
    words = {
        "en": ("in progress", "not started", "deadline FY2027", "target: done by FY2027"),
        "ja": ("実施中", "未着手", "期限 2027年度", "目標 2027年度までに完了"),
    }[lang]
    progress, not_started, deadline, heading = words
    (reported,) = _lines(figure, progress)
    assert list(reported.get_xdata()) == [_x("2025年度")]
    assert _lines(figure, not_started)
    (rule,) = _lines(figure, deadline)
    assert list(rule.get_xdata()) == [_x("2027年度")] * 2
    assert heading in figure.axes[0].get_title(loc="left")
    assert "no figures" not in " ".join(_texts(figure))


def test_a_completion_target_without_reports_says_so(
    featured: kpimodel.ProgramEvaluation, features: Program, tmp_path: Path
) -> None:
    figure = plot(featured.kpi("unreported"), model=features, lang="en")
    _save(figure, tmp_path / "unreported.png")
    texts = _texts(figure)
    assert "a completion target: judged from reports, no figures to plot" in texts
    assert _lines(figure, "deadline FY2027")


EXAMPLES = sorted((Path(__file__).parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_kpi_plots(path: Path) -> None:
    program = kpimodel.load(path)
    result = kpimodel.evaluate(program)
    for kpi in result.kpis:
        figure = plot(kpi, model=program, lang="en")
        assert len(figure.axes) == len(kpi.indicators)
        figure.canvas.draw()


@pytest.mark.parametrize("as_of", [dt.date(2023, 6, 30), AS_OF, dt.date(2031, 6, 30)])
def test_every_feature_kpi_plots_at_any_date(features: Program, as_of: dt.date) -> None:
    result = kpimodel.evaluate(features, as_of)
    for kpi in result.kpis:
        figure = plot(kpi, model=features, lang="en")
        figure.canvas.draw()


_MILESTONE_YEARS = st.lists(st.integers(2021, 2029), min_size=0, max_size=3, unique=True)


@st.composite
def _featured_programs(draw: st.DrawFn) -> Program:
    """Programs of one KPI with milestones, a limit, revisions or completion reports."""
    kind = draw(st.sampled_from(["absolute", "ratio", "completion"]))
    if kind == "completion":
        years = sorted(draw(st.lists(st.integers(2020, 2030), max_size=4, unique=True)))
        states = draw(st.lists(st.sampled_from(["未着手", "実施中"]), min_size=len(years)))
        done = draw(st.integers(0, len(years)))
        reports = ", ".join(
            f"{{period: {y}年度, status: {'完了' if i >= done else states[i]}}}"
            for i, y in enumerate(years)
        )
        target = f"{{kind: completion, deadline: 2028年度, reports: [{reports}]}}"
        observations = "[]"
    else:
        unit = "件" if kind == "absolute" else "%"
        ceiling = 1000 if kind == "absolute" else 100
        goal = draw(st.integers(1, ceiling))
        milestones = ", ".join(
            f"{{deadline: {y}年, value: {draw(st.integers(0, ceiling))}{unit}}}"
            for y in sorted(draw(_MILESTONE_YEARS))
        )
        limit = f", limit: {ceiling}{unit}" if draw(st.booleans()) else ""
        target = (
            f"{{kind: {kind}, value: {goal}{unit}, deadline: 2030年{limit}, "
            f"milestones: [{milestones}]}}"
        )
        rows = []
        for year in sorted(draw(st.lists(st.integers(2018, 2026), max_size=5, unique=True))):
            value = draw(st.integers(0, ceiling))
            rows.append(f"{{period: {year}年, value: {value}{unit}}}")
            if draw(st.booleans()):  # a revision, published later
                revised = draw(st.integers(0, ceiling))
                published = dt.date(year + 1, 1, 1) + dt.timedelta(days=draw(st.integers(0, 900)))
                rows.append(f"{{period: {year}年, value: {revised}{unit}, published: {published}}}")
        observations = f"[{', '.join(rows)}]"
    try:
        return kpimodel.loads(
            "title: t\nlanguage: en\nthemes:\n  - id: a\n    title: a\n    kpis:\n"
            f"      - id: k\n        title: k\n        target: {target}\n"
            f"        observations: {observations}\n"
        )
    except KPIModelError:  # a combination the model refuses (a milestone past the target)
        hypothesis.reject()


@settings(max_examples=40, deadline=None)
@given(_featured_programs(), st.dates(dt.date(2019, 1, 1), dt.date(2032, 12, 31)))
def test_any_milestone_limit_revision_or_completion_plots(program: Program, as_of: dt.date) -> None:
    result = kpimodel.evaluate(program, as_of)
    for kpi in result.kpis:
        figure = plot(kpi, model=program, lang="en")
        figure.canvas.draw()
        # The report site's Vega-Lite chart of the same evaluation (drawn from the same
        # helpers) is JSON with finite values, and names in its legend every series drawn.
        spec = to_vegalite(kpi, model=program)
        json.dumps(spec, allow_nan=False)
        domain = next(
            (
                layer["encoding"]["color"]["scale"]["domain"]
                for layer in spec["layer"]
                if "color" in layer.get("encoding", {})
            ),
            [],
        )
        for layer in spec["layer"]:
            for row in layer.get("data", {}).get("values", []):
                if "series" in row and row.get("key") != "line":
                    assert row["series"] in domain, row
        labels = _labels(figure)
        item = kpi.indicators[0]
        states = {c.state.value for c in item.milestones if c.value is not None}
        if "met" in states:
            assert "milestone met" in labels
        if item.limit is not None:
            assert any(label.startswith("limit ") for label in labels)
        attainment = item.attainment
        if attainment is not None and attainment.period is not None and attainment.kind != "never":
            assert any("met in" in label for label in labels)


def test_judged_against_a_milestone_the_path_runs_to_it(features: Program) -> None:
    result = kpimodel.evaluate(features, dt.date(2024, 6, 30))
    item = result.kpi("emissions").indicators[0]
    assert item.milestone is not None
    assert str(item.milestone.deadline) == "2024年度"
    figure = plot(result.kpi("emissions"), model=features, lang="en")
    (star,) = _lines(figure, "judged against the milestone 9,600,000 t")
    assert list(star.get_xdata()) == [_x("2024年度")]
    (projected,) = _lines(figure, "projected trend")
    assert projected.get_xdata()[-1] == pytest.approx(_x("2024年度"))
    (path,) = _lines(figure, "required path")
    assert path.get_xdata()[-1] == pytest.approx(_x("2024年度"))
    title = figure.axes[0].get_title(loc="left")
    assert "milestone 9,600,000 t by FY2024 (target deadline FY2030)" in title
    assert "deadline FY2030" in _texts(figure)  # the target's own deadline stays
