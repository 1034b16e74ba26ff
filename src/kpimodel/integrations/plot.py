"""matplotlib figures: a KPI's trajectory toward its target, and a program's statuses.

Needs the ``plot`` extra (``pip install -e ".[plot]"``); importing this module without
matplotlib raises an :class:`ImportError` that says so. Figures are built with
matplotlib's object-oriented API (no ``pyplot``, no global state): save one with
``figure.savefig("kpi.png")``, or show it in Jupyter after ``%matplotlib inline``.

Japanese text needs a font with Japanese glyphs. :func:`find_cjk_font` looks for one among
the fonts matplotlib knows (Noto Sans CJK JP, IPAexGothic, Hiragino, Yu Gothic...) and
the IPAexGothic font that the ``matplotlib-fontja`` package ships (the ``plot`` extra
installs it). Without one, the figures fall back to English labels and a
:class:`MissingFontWarning` says how to install a font: they never draw empty boxes.

Example:
    >>> import kpimodel
    >>> from kpimodel import datasets
    >>> from kpimodel.integrations.plot import plot
    >>> program = datasets.load("ip-strategic-program-2026")
    >>> result = kpimodel.evaluate(program)
    >>> figure = plot(result.kpi("agri-food-exports"), model=program)
    >>> figure.savefig("agri-food-exports.png")  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import threading
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from kpimodel.evaluation import (
    Evaluation,
    KPIEvaluation,
    MilestoneState,
    ProgramEvaluation,
    Status,
    evaluate,
)
from kpimodel.integrations import missing_extra
from kpimodel.model import (
    KPI,
    Bound,
    CompletionState,
    CompletionTarget,
    Indicator,
    Observation,
    Program,
    ReferenceSeries,
)
from kpimodel.periods import (
    DateRange,
    PeriodBase,
    YearSpan,
)
from kpimodel.render._html import STATUS_BACKGROUNDS
from kpimodel.render._labels import STATUS_ORDER, document_language, status_label, title_in
from kpimodel.render._vegalite import CHART_WORDS, attainment_text, superseded
from kpimodel.units import Quantity, Rank, Unit
from kpimodel.units._numbers import plain

# The ignores keep ``mypy --strict`` usable where the ``plot`` extra is not installed.
try:
    from matplotlib import dates as mdates  # type: ignore[import-not-found, unused-ignore]
    from matplotlib import font_manager, ticker  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.axes import Axes  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.font_manager import FontProperties  # type: ignore[import-not-found, unused-ignore]
    from matplotlib.ft2font import FT2Font  # type: ignore[import-not-found, unused-ignore]
except ImportError as _exc:  # pragma: no cover - exercised by simulating a missing matplotlib
    raise missing_extra("matplotlib", "plot") from _exc

__all__ = [
    "CJK_FONT_FAMILIES",
    "STATUS_COLOURS",
    "MissingFontWarning",
    "find_cjk_font",
    "plot",
    "plot_overview",
]

#: Lang: ``ja`` for Japanese labels, ``en`` for English, ``auto`` for the document's own
#: language (its ``language:`` field, else detected from its titles; see
#: :func:`kpimodel.render.document_language`). Japanese needs a font with Japanese glyphs:
#: without one the figure is drawn in English, with a warning.
Lang = Literal["auto", "ja", "en"]

#: The colour of each status, in every figure: the colours of the HTML badges.
STATUS_COLOURS: dict[Status, str] = dict(STATUS_BACKGROUNDS)

#: Font families with Japanese glyphs, in order of preference.
CJK_FONT_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "IPAexGothic",
    "IPAGothic",
    "Source Han Sans JP",
    "Source Han Sans",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "MS Gothic",
    "TakaoGothic",
    "VL Gothic",
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Droid Sans Fallback",
)
# Characters a font must have to count as able to draw the figures' Japanese text.
_SAMPLE = "日本語の目標達成順調遅れ年度億円位件人"
_NAME_HINT = re.compile(r"CJK|JP|Japan|Gothic|Mincho|Han Sans|Hiragino|Meiryo", re.IGNORECASE)
# Characters that Latin fonts (DejaVu Sans) lack: CJK punctuation, kana, ideographs,
# Hangul, compatibility forms and full-width forms.
_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+")
_FALLBACK_FAMILY = "DejaVu Sans"
_INSTALL_HINT = (
    'install one with the extra "plot", from the kpimodel checkout: pip install -e ".[plot]" '
    "(it ships the IPAexGothic font through "
    "the matplotlib-fontja package), or on Debian/Ubuntu: apt-get install fonts-noto-cjk "
    "(then delete matplotlib's font cache, ~/.cache/matplotlib)"
)


class MissingFontWarning(UserWarning):
    """No font with Japanese glyphs was found: the figure was drawn with English labels."""


# -- fonts -------------------------------------------------------------------------------

_font_lock = threading.Lock()
_bundled_registered = False


def _bundled_font_files() -> list[Path]:
    """Return the font files that ``matplotlib-fontja`` ships, without importing it.

    Importing ``matplotlib_fontja`` changes matplotlib's global default font; kpimodel only
    needs the file.
    """
    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return []
    files: list[Path] = []
    for location in spec.submodule_search_locations:
        files.extend(sorted((Path(location) / "fonts").glob("*.tt[fc]")))
    return files


def _register_bundled_fonts() -> None:
    global _bundled_registered
    with _font_lock:
        if _bundled_registered:
            return
        _bundled_registered = True
        known = {entry.fname for entry in font_manager.fontManager.ttflist}
        for file in _bundled_font_files():
            if str(file) not in known:
                font_manager.fontManager.addfont(str(file))


def _covers(path: str, sample: str = _SAMPLE) -> bool:
    """Return whether the font file has a glyph for every character of ``sample``."""
    try:
        face = FT2Font(path)
        return all(face.get_char_index(ord(char)) for char in sample)
    except (OSError, RuntimeError, ValueError):
        return False


@cache
def find_cjk_font() -> str | None:
    """Return the name of a font family that can draw Japanese text, if any.

    Looks among the fonts matplotlib knows for the families of :data:`CJK_FONT_FAMILIES`
    in order, then for any family whose name suggests Japanese glyphs; the IPAexGothic
    font shipped by the ``matplotlib-fontja`` package (installed by the ``plot`` extra) is
    made known first. A family counts only if its file really has the glyphs. The result
    is cached: fonts installed afterwards are seen in a new process (and, for system
    fonts, once matplotlib's font cache is rebuilt).

    Returns:
        The family name (``"Noto Sans CJK JP"``, ``"IPAexGothic"``...), or ``None``.
    """
    _register_bundled_fonts()
    files: dict[str, list[str]] = {}
    for entry in font_manager.fontManager.ttflist:
        files.setdefault(entry.name, []).append(entry.fname)
    for name in CJK_FONT_FAMILIES:
        if any(_covers(path) for path in files.get(name, ())):
            return name
    for name in sorted(files):
        if _NAME_HINT.search(name) and any(_covers(path) for path in files[name]):
            return name
    return None


def _choose_lang(
    lang: str, font: str | None, document: Literal["ja", "en"] = "ja"
) -> tuple[Literal["ja", "en"], str | None]:
    """Return the language to draw in and the CJK font to draw with.

    ``auto`` is the document's language (``document``).
    """
    if lang not in ("auto", "ja", "en"):
        raise ValueError(f"lang must be 'auto', 'ja' or 'en', not {lang!r}")
    if lang == "en" or (lang == "auto" and document == "en"):
        return "en", None
    family = font or find_cjk_font()
    if family is None:
        warnings.warn(
            "no font with Japanese glyphs was found, so the figure uses English labels; "
            + _INSTALL_HINT,
            MissingFontWarning,
            stacklevel=3,
        )
        return "en", None
    return "ja", family


# -- words -------------------------------------------------------------------------------

# The charts' words are the Vega-Lite charts' (one vocabulary); matplotlib adds its own
# (a hollow marker, a caret) and the words of its annotations.
_WORDS: dict[str, dict[str, str]] = {
    "en": {
        **CHART_WORDS["en"],
        "approximate": "approximate (hollow)",
        "bound": "bound (true value beyond the caret)",
        "undated": "period not stated",
        "no_figures": "no figures",
        "by": "by",
        "pace": "pace ratio",
        "progress": "progress",
        "latest": "latest",
        "no_figures_completion": "a completion target: judged from reports, no figures to plot",
    },
    "ja": {
        **CHART_WORDS["ja"],
        "approximate": "概数（白抜き）",
        "bound": "上限・下限（真の値は矢印の先）",
        "undated": "時期不明",
        "no_figures": "数値なし",
        "by": "まで",
        "pace": "進捗比",
        "progress": "進捗率",
        "latest": "最新値",
        "no_figures_completion": "完了目標：報告で評価（描く数値なし）",
    },
}

_UNIT_NAMES_EN = {
    "[currency_jpy]": "yen",
    "[currency_usd]": "USD",
    "[currency_eur]": "EUR",
    "[currency_gbp]": "GBP",
    "[currency_cny]": "CNY",
    "[currency_krw]": "KRW",
    "[person]": "persons",
    "[case]": "cases",
    "[company]": "companies",
    "[school]": "schools",
    "[institution]": "institutions",
    "[access]": "accesses",
    "[occurrence]": "times",
    "[count]": "items",
    "[percentage_point]": "pp",
    "[rank]": "rank",
}
_MULTIPLIERS_EN = {
    Decimal(10) ** 3: "thousand",
    Decimal(10) ** 4: "10 thousand",
    Decimal(10) ** 6: "million",
    Decimal(10) ** 7: "10 million",
    Decimal(10) ** 8: "100 million",
    Decimal(10) ** 12: "trillion",
}


def _unit_text(unit: Unit, lang: str) -> str:
    """Return a unit's name: its symbol in Japanese, English words (100 million yen) else."""
    symbol = unit.symbol
    if lang == "ja" or not _CJK.search(symbol):
        return symbol
    info = unit.info
    if info.kind == "ratio":
        return "%" if symbol in ("%", "割") else ""
    base = _UNIT_NAMES_EN.get(info.dimension)
    if base is None:
        try:
            base = str(info.pint_unit)
        except AttributeError:  # pint's UndefinedUnitError: a unit the document declares
            base = "items" if info.kind == "count" else "units"
    factor = info.factor
    if factor == 1:
        return base
    words = _MULTIPLIERS_EN.get(factor, f"{plain(factor):,}")
    return f"{words} {base}"


def _number(magnitude: Decimal) -> str:
    value = plain(magnitude) if magnitude == magnitude.to_integral_value() else magnitude
    text = format(abs(value), ",f")
    return f"-{text}" if value < 0 else text


def _value_text(value: Quantity, lang: str) -> str:
    """Return a figure as text: as printed in Japanese (約1.7兆円), in words in English."""
    if lang == "ja":
        return str(value)
    approx = "~" if value.approximate else ""
    if isinstance(value, Rank) or value.unit.kind == "rank":
        return f"{approx}rank {_number(value.magnitude)}"
    magnitude = value.magnitude
    if value.unit.symbol == "割":
        magnitude, unit_text = value.magnitude_in("%"), "%"
    else:
        unit_text = _unit_text(value.unit, lang)
    separator = "" if unit_text in ("%", "") else " "
    return f"{approx}{_number(magnitude)}{separator}{unit_text}"


def _period_text(period: PeriodBase | None, lang: Literal["ja", "en"]) -> str:
    """Return a period's label in the figure's language (see :meth:`PeriodBase.text_in`)."""
    if period is None:
        return _WORDS[lang]["undated"]
    return period.text_in(lang)


def _latin(text: str) -> str:
    """Replace text no Latin font can draw (the last guard of the English fallback)."""
    return _CJK.sub("?", text)


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _wrap(text: str, limit: int, max_lines: int = 4) -> str:
    """Wrap ``text`` to lines of about ``limit`` columns (wide characters count two)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, width = "", 0
        for word in re.findall(r"\S+\s*|\s+", paragraph):
            size = sum(_columns(c) for c in word)
            if width + size > limit and line:
                if size > limit or any(_columns(c) == 2 for c in word):
                    # Japanese has no spaces: break inside the run.
                    for char in word:
                        if width + _columns(char) > limit and line.strip():
                            lines.append(line.rstrip())
                            line, width = "", 0
                        line += char
                        width += _columns(char)
                    continue
                lines.append(line.rstrip())
                line, width = "", 0
            if size > limit:
                for char in word:
                    if width + _columns(char) > limit and line.strip():
                        lines.append(line.rstrip())
                        line, width = "", 0
                    line += char
                    width += _columns(char)
                continue
            line += word
            width += size
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip() + " …"]
    return "\n".join(lines)


@dataclass
class _Style:
    """The language and fonts of one figure."""

    lang: Literal["ja", "en"]
    family: list[str] = field(default_factory=lambda: [_FALLBACK_FAMILY])

    def font(self, size: float = 10, weight: str = "normal") -> FontProperties:
        if weight != "normal" and not _has_weight(self.family[0], weight):
            weight = "normal"  # IPAexGothic has no bold face: say so rather than log it
        return FontProperties(family=self.family, size=size, weight=weight)

    def word(self, key: str) -> str:
        return _WORDS[self.lang][key]

    def text(self, value: str) -> str:
        return value if self.lang == "ja" else _latin(value)

    def status(self, status: Status) -> str:
        return status_label(status, self.lang)


@cache
def _has_weight(family: str, weight: str) -> bool:
    wanted = font_manager.weight_dict.get(weight, 400)
    return any(
        entry.name == family
        and (
            entry.weight
            if isinstance(entry.weight, int)
            else font_manager.weight_dict.get(entry.weight, 400)
        )
        >= wanted
        for entry in font_manager.fontManager.ttflist
    )


def _style(lang: str, font: str | None, document: Literal["ja", "en"] = "ja") -> _Style:
    chosen, family = _choose_lang(lang, font, document)
    if family is None:
        return _Style(chosen)
    return _Style(chosen, [family, _FALLBACK_FAMILY])


# -- one indicator -----------------------------------------------------------------------


def _num(day: dt.date) -> float:
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call, unused-ignore]


def _compatible(value: Quantity | None, unit: Unit | None) -> bool:
    return value is not None and unit is not None and value.unit.is_compatible(unit)


def _y(value: Quantity, unit: Unit) -> float:
    return float(value.magnitude_in(unit))


def _working_unit(evaluation: Evaluation, observations: Sequence[Observation]) -> Unit | None:
    reference = observations[0].value if observations else None
    if reference is None and evaluation.latest is not None:
        reference = evaluation.latest.value
    target = evaluation.target_value
    if target is not None and (reference is None or target.unit.is_compatible(reference.unit)):
        return target.unit
    if reference is not None:
        return reference.unit
    return evaluation.baseline.unit if evaluation.baseline is not None else None


def _curve(
    kind: str | None, start: tuple[float, float], end: tuple[float, float], steps: int = 60
) -> tuple[list[float], list[float]]:
    """Return points from ``start`` to ``end``: geometric for compound rates, else straight."""
    (x0, y0), (x1, y1) = start, end
    xs = [x0 + (x1 - x0) * i / steps for i in range(steps + 1)]
    if kind == "compound" and y0 > 0 and y1 > 0:
        ys = [y0 * (y1 / y0) ** (i / steps) for i in range(steps + 1)]
    else:
        ys = [y0 + (y1 - y0) * i / steps for i in range(steps + 1)]
    return xs, ys


_BOUND_MARKERS = {
    Bound.BELOW: 7,  # CARETDOWN: the true figure is below
    Bound.AT_MOST: 7,
    Bound.ABOVE: 6,  # CARETUP: the true figure is above
    Bound.AT_LEAST: 6,
}


def _explanation(evaluation: Evaluation, style: _Style) -> str:
    if style.lang == "ja":
        return evaluation.explanation_ja
    if not _CJK.search(evaluation.explanation):
        return evaluation.explanation
    # The English sentence quotes figures as printed (約1.7兆円): restate them in words.
    parts: list[str] = []
    if evaluation.latest is not None:
        latest = evaluation.latest
        parts.append(
            f"latest {_value_text(latest.value, 'en')} ({_period_text(latest.period, 'en')})"
        )
    if evaluation.target_value is not None:
        by = f" by {_period_text(evaluation.deadline, 'en')}" if evaluation.deadline else ""
        parts.append(f"target {_value_text(evaluation.target_value, 'en')}{by}")
    if evaluation.baseline is not None:
        since = _period_text(evaluation.baseline_period, "en")
        parts.append(f"baseline {_value_text(evaluation.baseline, 'en')} ({since})")
    if evaluation.pace is not None:
        grade = f" ({evaluation.pace_grade.value})" if evaluation.pace_grade else ""
        parts.append(f"pace ratio {evaluation.pace:.2f}{grade}")
    if evaluation.progress is not None:
        parts.append(f"progress {evaluation.progress:.0%}")
    return _latin("; ".join(parts) + ".") if parts else ""


def _rounded(value: Quantity) -> Quantity:
    """Return a computed figure (expected, projected) to three significant digits, as 約."""
    magnitude = value.magnitude
    if magnitude == 0:
        return value
    rounded = plain(round(magnitude, 2 - magnitude.adjusted()))
    return Quantity(magnitude=rounded, unit=value.unit, approximate=rounded != magnitude)


def _target_line(evaluation: Evaluation, style: _Style) -> str:
    if isinstance(evaluation.target, CompletionTarget):
        deadline = _period_text(evaluation.target.deadline, style.lang)
        return f"目標 {deadline}までに完了" if style.lang == "ja" else f"target: done by {deadline}"
    if evaluation.target_value is None:
        return ""
    value = _value_text(evaluation.target_value, style.lang)
    if evaluation.milestone is not None:
        # Judged against a milestone: the target value is the milestone's figure.
        due = _period_text(evaluation.milestone.deadline, style.lang)
        final = _period_text(evaluation.deadline, style.lang) if evaluation.deadline else ""
        if style.lang == "ja":
            return f"中間目標 {due}までに{value}" + (f"（目標の期限 {final}）" if final else "")
        return f"milestone {value} by {due}" + (f" (target deadline {final})" if final else "")
    if evaluation.deadline is None:
        return f"{style.word('target')} {value}"
    deadline = _period_text(evaluation.deadline, style.lang)
    if style.lang == "ja":
        return f"目標 {deadline}までに{value}"
    return f"target {value} by {deadline}"


def _draw_series(
    ax: Axes,
    observations: Sequence[Observation],
    unit: Unit,
    as_of: dt.date,
    colour: str,
    style: _Style,
) -> list[str]:
    """Draw the observations; return text lines for the undated ones.

    Of a period's several figures (revisions), only the one the evaluation used (the
    latest published by the as-of date, see :func:`kpimodel.model.known_as_of`) is part
    of the series; earlier revisions are drawn faintly, figures published after the as-of
    date in grey with the other figures the evaluation could not know.
    """
    undated: list[str] = []
    replaced = superseded(observations, as_of)
    line_x: list[float] = []
    line_y: list[float] = []
    groups: dict[str, tuple[list[float], list[float]]] = {}
    bounds: list[tuple[float, float, Bound]] = []
    for obs in observations:
        if not obs.value.unit.is_compatible(unit):
            continue
        if obs.period is None:
            undated.append(_value_text(obs.value, style.lang))
            continue
        x, y = _num(obs.period.point), _y(obs.value, unit)
        if obs.period.last_day > as_of or (obs.published is not None and obs.published > as_of):
            groups.setdefault("ignored", ([], []))[0].append(x)
            groups["ignored"][1].append(y)
            continue
        if any(obs is other for other in replaced):
            groups.setdefault("revised", ([], []))[0].append(x)
            groups["revised"][1].append(y)
            continue
        if isinstance(obs.period, YearSpan | DateRange):
            ax.hlines(
                y,
                _num(obs.period.start),
                _num(obs.period.last_day),
                colors=colour,
                alpha=0.35,
                linewidth=3,
            )
        if obs.bound is not None:
            bounds.append((x, y, obs.bound))
            continue
        line_x.append(x)
        line_y.append(y)
        key = ("derived" if obs.derived else "read") + ("-approx" if obs.value.approximate else "")
        groups.setdefault(key, ([], []))[0].append(x)
        groups[key][1].append(y)
    if len(line_x) > 1:
        ax.plot(line_x, line_y, color=colour, linewidth=1.6, zorder=3)
    styles: dict[str, tuple[str, bool, str]] = {
        "read": ("o", True, "observed"),
        "read-approx": ("o", False, "approximate"),
        "derived": ("D", True, "derived"),
        "derived-approx": ("D", False, "derived"),
    }
    labelled: set[str] = set()
    for key in ("read", "read-approx", "derived", "derived-approx"):
        if key not in groups:
            continue
        marker, filled, word = styles[key]
        label = style.word(word) if word not in labelled else None
        labelled.add(word)
        ax.plot(
            *groups[key],
            linestyle="none",
            marker=marker,
            markersize=8 if marker == "o" else 7,
            markeredgewidth=1.8,
            markeredgecolor=colour,
            markerfacecolor=colour if filled else "white",
            label=label,
            zorder=5,
        )
    for index, (x, y, bound) in enumerate(bounds):
        ax.plot(
            [x],
            [y],
            linestyle="none",
            marker=_BOUND_MARKERS[bound],
            markersize=13,
            color=colour,
            label=style.word("bound") if index == 0 else None,
            zorder=5,
        )
    if "revised" in groups:
        ax.plot(
            *groups["revised"],
            linestyle="none",
            marker="o",
            markersize=6,
            markeredgewidth=1.2,
            markeredgecolor="#9e9e9e",
            markerfacecolor="white",
            alpha=0.8,
            label=style.word("revised"),
            zorder=4,
        )
    if "ignored" in groups:
        ax.plot(
            *groups["ignored"],
            linestyle="none",
            marker="o",
            markersize=6,
            color="#bdbdbd",
            label=style.word("ignored"),
            zorder=4,
        )
    return undated


def _draw_references(
    ax: Axes, references: Sequence[ReferenceSeries], unit: Unit, style: _Style
) -> None:
    for ref in references:
        points = [
            (_num(o.period.point), _y(o.value, unit))
            for o in ref.observations
            if o.period is not None and o.value.unit.is_compatible(unit)
        ]
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ax.plot(xs, ys, color="#9e9e9e", marker=".", linewidth=0.8, zorder=2)
        name = title_in(ref.title, ref.title_en, style.lang) or ref.id
        ax.annotate(
            style.text(name or ref.id),
            (xs[-1], ys[-1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontproperties=style.font(8),
            color="#757575",
        )


def _draw_indicator(
    ax: Axes,
    evaluation: Evaluation,
    indicator: Indicator | None,
    observations: Sequence[Observation],
    heading: str | None,
    style: _Style,
) -> None:
    colour = STATUS_COLOURS[evaluation.status]
    completion = evaluation.target if isinstance(evaluation.target, CompletionTarget) else None
    unit = None if completion is not None else _working_unit(evaluation, observations)
    if not observations and evaluation.latest is not None:
        observations = (evaluation.latest,)
    undated: list[str] = []
    if completion is not None:
        _draw_completion(ax, evaluation, completion, style)
    elif unit is not None:
        undated = _draw_series(ax, observations, unit, evaluation.as_of, colour, style)
        if indicator is not None:
            _draw_references(ax, indicator.references, unit, style)
        _draw_targets(ax, evaluation, indicator, unit, colour, style)
        _draw_milestones(ax, evaluation, unit, style)
        _draw_limit(ax, evaluation, unit, style)
        ax.set_ylabel(style.text(_unit_text(unit, style.lang)), fontproperties=style.font(10))
        if unit.kind == "rank":
            ax.invert_yaxis()
        _draw_attainment(ax, evaluation, unit, colour, style)
    as_of = _num(evaluation.as_of)
    ax.axvline(as_of, color="#616161", linewidth=0.8, linestyle="-", zorder=1)
    ax.annotate(
        f"{style.word('as_of')} {evaluation.as_of.isoformat()}",
        (as_of, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(-3, -3),
        textcoords="offset points",
        ha="right",
        va="top",
        fontproperties=style.font(8),
        color="#616161",
    )
    notes = []
    if undated:
        notes.append(f"{style.word('undated')}: {', '.join(undated)}")
    if completion is None and (unit is None or not ax.lines):
        notes.append(style.word("no_figures"))
    if notes:
        ax.text(
            0.01,
            0.03,
            style.text("\n".join(notes)),
            transform=ax.transAxes,
            fontproperties=style.font(9),
            color="#424242",
            va="bottom",
        )
    _decorate(ax, evaluation, heading, style)


def _draw_targets(
    ax: Axes,
    evaluation: Evaluation,
    indicator: Indicator | None,
    unit: Unit,
    colour: str,
    style: _Style,
) -> None:
    target = evaluation.target_value if _compatible(evaluation.target_value, unit) else None
    final = evaluation.deadline
    # Judged against a milestone, the target value, the path and the projection run to the
    # milestone's deadline; the target's own deadline keeps its dotted line.
    deadline = evaluation.milestone.deadline if evaluation.milestone is not None else final
    if target is not None:
        y_target = _y(target, unit)
        ax.axhline(y_target, color="#424242", linestyle="--", linewidth=1, zorder=1)
        name = style.word("judged" if evaluation.milestone is not None else "target")
        label = f"{name} {_value_text(target, style.lang)}"
        if deadline is not None:
            ax.plot(
                [_num(deadline.point)],
                [y_target],
                linestyle="none",
                marker="*",
                markersize=15,
                color="#424242",
                label=style.text(label),
                zorder=6,
            )
        else:
            ax.plot([], [], color="#424242", linestyle="--", label=style.text(label))
    if final is not None:
        x_deadline = _num(final.point)
        ax.axvline(x_deadline, color="#424242", linestyle=":", linewidth=1, zorder=1)
        ax.annotate(
            style.text(f"{style.word('deadline')} {_period_text(final, style.lang)}"),
            (x_deadline, 0.0),
            xycoords=("data", "axes fraction"),
            xytext=(-3, 3),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontproperties=style.font(8),
            color="#424242",
        )
    baseline, start = evaluation.baseline, evaluation.baseline_period
    stated = indicator.target.baseline if indicator is not None else None
    if baseline is None and stated is not None:
        # The evaluation used no baseline (too little history): still show the stated one.
        baseline, start = stated.value, stated.period
    if not _compatible(baseline, unit):
        baseline = None
    if baseline is not None and start is not None:
        base_xy = (_num(start.point), _y(baseline, unit))
        ax.plot(
            [base_xy[0]],
            [base_xy[1]],
            linestyle="none",
            marker="s",
            markersize=13,
            markerfacecolor="none",
            markeredgecolor="#424242",
            markeredgewidth=1.4,
            label=style.text(
                f"{style.word('baseline')} {_value_text(baseline, style.lang)}"
                f" ({_period_text(start, style.lang)})"
            ),
            zorder=6,
        )
        if target is not None and deadline is not None and deadline.point > start.point:
            xs, ys = _curve(evaluation.rate_kind, base_xy, (_num(deadline.point), _y(target, unit)))
            ax.plot(
                xs,
                ys,
                color="#757575",
                linestyle="--",
                linewidth=1.2,
                label=style.word("path"),
                zorder=2,
            )
    latest = evaluation.latest
    expected = evaluation.expected if _compatible(evaluation.expected, unit) else None
    if expected is not None and latest is not None and latest.period is not None:
        ax.plot(
            [_num(latest.period.point)],
            [_y(expected, unit)],
            linestyle="none",
            marker="x",
            markersize=9,
            markeredgewidth=1.8,
            color="#757575",
            label=style.text(
                f"{style.word('expected')} {_value_text(_rounded(expected), style.lang)}"
            ),
            zorder=6,
        )
    projected = evaluation.projected if _compatible(evaluation.projected, unit) else None
    if (
        projected is not None
        and deadline is not None
        and latest is not None
        and latest.period is not None
        and _compatible(latest.value, unit)
    ):
        xs, ys = _curve(
            evaluation.rate_kind,
            (_num(latest.period.point), _y(latest.value, unit)),
            (_num(deadline.point), _y(projected, unit)),
        )
        ax.plot(
            xs,
            ys,
            color=colour,
            linestyle=(0, (4, 3)),
            linewidth=1.6,
            label=style.text(
                f"{style.word('projected')} {_value_text(_rounded(projected), style.lang)}"
            ),
            zorder=3,
        )


#: How each milestone state is drawn: the legend word, the face and the edge colour.
_MILESTONE_GROUPS: dict[MilestoneState, str] = {
    MilestoneState.MET: "milestone-met",
    MilestoneState.MISSED: "milestone-missed",
    MilestoneState.RECOVERED: "milestone-recovered",
    MilestoneState.UNKNOWN: "milestone-unknown",
    MilestoneState.NEXT: "milestone-upcoming",
    MilestoneState.LATER: "milestone-upcoming",
}
_MILESTONE_STYLES: dict[str, tuple[str, str]] = {
    "milestone-met": (STATUS_COLOURS[Status.ACHIEVED], STATUS_COLOURS[Status.ACHIEVED]),
    "milestone-missed": (STATUS_COLOURS[Status.BEHIND], STATUS_COLOURS[Status.BEHIND]),
    "milestone-recovered": ("white", STATUS_COLOURS[Status.BEHIND]),
    "milestone-unknown": ("white", STATUS_COLOURS[Status.NO_DATA]),
    "milestone-upcoming": ("white", "#424242"),
}


def _draw_milestones(ax: Axes, evaluation: Evaluation, unit: Unit, style: _Style) -> None:
    """Draw each milestone as a hexagon at its deadline and value, styled by its state."""
    groups: dict[str, tuple[list[float], list[float]]] = {}
    for check in evaluation.milestones:
        if check.value is None or not _compatible(check.value, unit):
            continue
        x, y = _num(check.deadline.point), _y(check.value, unit)
        key = _MILESTONE_GROUPS[check.state]
        groups.setdefault(key, ([], []))[0].append(x)
        groups[key][1].append(y)
        ax.annotate(
            style.text(_value_text(check.value, style.lang)),
            (x, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontproperties=style.font(7.5),
            color="#424242",
        )
    for key, (face, edge) in _MILESTONE_STYLES.items():
        if key not in groups:
            continue
        ax.plot(
            *groups[key],
            linestyle="none",
            marker="h",
            markersize=11,
            markeredgewidth=1.8,
            markerfacecolor=face,
            markeredgecolor=edge,
            label=style.word(key),
            zorder=7,
        )


def _draw_limit(ax: Axes, evaluation: Evaluation, unit: Unit, style: _Style) -> None:
    """Draw the natural limit (100% coverage) as a dotted horizontal rule, labelled."""
    limit = evaluation.limit
    if limit is None or not _compatible(limit, unit):
        return
    y = _y(limit, unit)
    ax.axhline(
        y,
        color="#616161",
        linestyle=(0, (1, 2)),
        linewidth=1.4,
        label=style.text(f"{style.word('limit')} {_value_text(limit, style.lang)}"),
        zorder=1,
    )
    ax.annotate(
        style.word("limit"),
        (1.0, y),
        xycoords=("axes fraction", "data"),
        xytext=(-3, 2),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontproperties=style.font(8),
        color="#616161",
    )


def _draw_attainment(
    ax: Axes, evaluation: Evaluation, unit: Unit, colour: str, style: _Style
) -> None:
    """Mark when the target is (or is projected to be) met: a dash-dotted vertical line.

    A date beyond the figure's dates (2358 on a slow trend) does not stretch the axis: it
    is written at the right edge, with an arrow, away from the target's star (at the
    bottom when the target lies in the upper half of the panel); one before them (a
    figure not drawn met the target) at the left edge.
    """
    text = attainment_text(evaluation, style.lang)
    if text is None or evaluation.attainment is None or evaluation.attainment.period is None:
        return
    x = _num(evaluation.attainment.period.point)
    low, high = ax.get_xlim()
    if low <= x <= high or not ax.lines:
        ax.axvline(x, color=colour, linestyle="-.", linewidth=1.3, label=style.text(text), zorder=2)
        ax.annotate(
            style.text(text),
            (x, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -14),
            textcoords="offset points",
            ha="left",
            va="top",
            fontproperties=style.font(8),
            color=colour,
        )
        return
    ax.plot([], [], color=colour, linestyle="-.", linewidth=1.3, label=style.text(text))
    top = True
    if _compatible(evaluation.target_value, unit) and evaluation.target_value is not None:
        bottom, upper = ax.get_ylim()  # reversed on a rank axis: the share is still right
        if upper != bottom:
            top = (_y(evaluation.target_value, unit) - bottom) / (upper - bottom) < 0.5
    later = x > high  # else earlier than every date drawn (an evaluation drawn alone)
    ax.annotate(
        style.text(f"{text} →" if later else f"← {text}"),
        (1.0 if later else 0.0, 1.0 if top else 0.0),
        xycoords="axes fraction",
        xytext=(-3 if later else 3, -14 if top else 16),
        textcoords="offset points",
        ha="right" if later else "left",
        va="top" if top else "bottom",
        fontproperties=style.font(8),
        color=colour,
    )


_REPORT_STYLES: dict[CompletionState, tuple[str, str]] = {
    CompletionState.DONE: (STATUS_COLOURS[Status.ACHIEVED], STATUS_COLOURS[Status.ACHIEVED]),
    CompletionState.IN_PROGRESS: ("white", STATUS_COLOURS[Status.ON_TRACK]),
    CompletionState.NOT_STARTED: ("white", STATUS_COLOURS[Status.NO_DATA]),
}


def _draw_completion(
    ax: Axes, evaluation: Evaluation, target: CompletionTarget, style: _Style
) -> None:
    """Draw a completion target: a timeline of its reports and its deadline, no figures."""
    ax.set_ylim(-1.0, 1.0)
    ax.set_yticks([])
    reports = sorted(target.reports, key=lambda report: report.period.point)
    known = [r for r in reports if r.period.last_day <= evaluation.as_of]
    later = [r for r in reports if r.period.last_day > evaluation.as_of]
    if len(known) > 1:
        ax.plot(
            [_num(r.period.point) for r in known],
            [0.0] * len(known),
            color="#9e9e9e",
            linewidth=1.2,
            zorder=2,
        )
    for state, (face, edge) in _REPORT_STYLES.items():
        mine = [r for r in known if r.status is state]
        if not mine:
            continue
        ax.plot(
            [_num(r.period.point) for r in mine],
            [0.0] * len(mine),
            linestyle="none",
            marker="o",
            markersize=11,
            markeredgewidth=2,
            markerfacecolor=face,
            markeredgecolor=edge,
            label=style.word(state.value),
            zorder=5,
        )
    if later:
        ax.plot(
            [_num(r.period.point) for r in later],
            [0.0] * len(later),
            linestyle="none",
            marker="o",
            markersize=8,
            color="#bdbdbd",
            label=style.word("ignored"),
            zorder=4,
        )
    for report in reports:
        ax.annotate(
            style.text(
                f"{_period_text(report.period, style.lang)}\n{style.word(report.status.value)}"
            ),
            (_num(report.period.point), 0.0),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontproperties=style.font(8),
            color="#424242",
        )
    x_deadline = _num(target.deadline.point)
    ax.axvline(
        x_deadline,
        color="#424242",
        linestyle=":",
        linewidth=1.2,
        label=style.text(f"{style.word('deadline')} {_period_text(target.deadline, style.lang)}"),
        zorder=1,
    )
    if not reports:
        ax.text(
            0.01,
            0.03,
            style.word("no_figures_completion"),
            transform=ax.transAxes,
            fontproperties=style.font(9),
            color="#424242",
            va="bottom",
        )


def _decorate(ax: Axes, evaluation: Evaluation, heading: str | None, style: _Style) -> None:
    colour = STATUS_COLOURS[evaluation.status]
    status = f"{style.status(evaluation.status)} · {evaluation.reason}"
    ax.set_title(
        style.text(status), loc="right", color=colour, fontproperties=style.font(11, "bold")
    )
    left = [part for part in (heading, _target_line(evaluation, style)) if part]
    ax.set_title(
        style.text(_wrap("\n".join(left), 70, 3)), loc="left", fontproperties=style.font(10)
    )
    explanation = _explanation(evaluation, style)
    ax.set_xlabel(
        style.text(_wrap(explanation, 130, 4)),
        loc="left",
        fontproperties=style.font(8.5),
        color="#424242",
    )
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)  # type: ignore[no-untyped-call, unused-ignore]
    ax.xaxis.set_major_locator(locator)
    formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call, unused-ignore]
    ax.xaxis.set_major_formatter(formatter)
    ax.yaxis.set_major_formatter(ticker.FuncFormatter(_tick))
    ax.grid(True, color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, loc="best", prop=style.font(8), framealpha=0.9)


def _tick(value: float, _position: float | None = None) -> str:
    if abs(value) >= 1e6:
        return f"{value:,.0f}"
    return f"{value:,.6g}"


# -- entry points ------------------------------------------------------------------------


def _find_indicator(
    model: Program | KPI | Indicator | None, kpi_id: str, indicator_id: str
) -> tuple[Indicator | None, tuple[Observation, ...]]:
    """Return the indicator an evaluation was made of, and its observations."""
    if model is None:
        return None, ()
    indicator: Indicator | None = None
    try:
        if isinstance(model, Program):
            indicator = model.kpi(kpi_id).indicator(indicator_id)
            if indicator.series is not None:
                return indicator, model.series_observations(indicator.series)
        elif isinstance(model, KPI):
            indicator = model.indicator(indicator_id)
        elif isinstance(model, Indicator):
            indicator = model if model.id == indicator_id else None
    except KeyError:
        indicator = None
    if indicator is None:
        raise ValueError(
            f"the model given has no indicator {indicator_id!r} of KPI {kpi_id!r}; pass the "
            "program, KPI or indicator that was evaluated"
        )
    return indicator, indicator.all_observations


def plot(
    subject: KPI | Indicator | KPIEvaluation | Evaluation | ProgramEvaluation,
    *,
    model: Program | KPI | Indicator | None = None,
    as_of: dt.date | None = None,
    lang: Lang = "auto",
    font: str | None = None,
) -> Figure:
    """Draw a KPI's (or an indicator's) trajectory toward its target, with its status.

    One panel per indicator shows the observations (approximate figures as hollow
    markers, figures derived from a stated change as diamonds, bounds as carets pointing
    where the true figure lies, figures after the as-of date in grey), the baseline
    (square), the target (dashed line, with a star at the deadline), the deadline (dotted
    line), the path required from the baseline to the target, the value expected on it
    at the latest figure, and the projected trend to the deadline. Each milestone is a
    hexagon at its deadline and value (filled in the achieved colour when met, in the
    behind colour when missed; hollow when caught up since, not judged for want of a
    figure, or ahead), the natural limit a dotted rule labelled "limit", and the period in
    which the target is met, or projected to be met on the recent trend, a dash-dotted
    line ("projected to be met in 2027"), written at the right edge instead when it lies
    beyond the panel's dates. Of a period's revised figures only the one the evaluation
    used (the latest published by the as-of date) is part of the series; earlier
    revisions are faint hollow circles, and figures published after the as-of date grey.
    A completion target, which has no figures, is a timeline of its reports and its
    deadline (or says that it has nothing to plot). The title gives the
    KPI, the target, the status and its reason in the status colour; the explanation is
    written under the axis. The x axis is in dates: each figure sits at its period's point
    (the middle of the period).

    Args:
        subject: A KPI or an indicator (evaluated at ``as_of``), or an evaluation. An
            evaluation carries only its latest figure: pass ``model`` to draw the whole
            series. A program's evaluation is drawn by :func:`plot_overview`.
        model: The program, KPI or indicator an evaluation was made from (a program also
            pools series shared across KPIs).
        as_of: The evaluation date for a KPI or an indicator (by default today).
        lang: ``ja`` (Japanese labels), ``en`` (English) or ``auto`` (the document's
            language: the ``language:`` field of the program passed as ``model``, else
            detected from the titles of ``model`` or ``subject``; English for an
            indicator's evaluation alone). Japanese without a font with Japanese glyphs
            is drawn in English, with a :class:`MissingFontWarning`.
        font: A font family to draw Japanese text with, instead of :func:`find_cjk_font`.

    Returns:
        The figure (not registered with ``pyplot``).

    Raises:
        TypeError: When ``subject`` cannot be plotted.
        ValueError: When ``model`` does not contain the evaluated indicator, or ``lang``
            is unknown.
    """
    if isinstance(subject, ProgramEvaluation):
        program = model if isinstance(model, Program) else None
        return plot_overview(subject, lang=lang, font=font, model=program)
    # The document's language: the program's, else its text's (the model's, which has the
    # titles, before an indicator evaluation's, which has none).
    if isinstance(model, Program) or (model is not None and isinstance(subject, Evaluation)):
        document = document_language(model, "en")
    else:
        document = document_language(subject, "en")
    if isinstance(subject, KPI):  # noqa: SIM114 - evaluate() is overloaded per type
        model = subject if model is None else model
        subject = evaluate(subject, as_of)
    elif isinstance(subject, Indicator):
        model = subject if model is None else model
        subject = evaluate(subject, as_of)
    if isinstance(subject, Evaluation):
        items: tuple[Evaluation, ...] = (subject,)
        kpi_title: str | None = None
        kpi_title_en: str | None = None
    elif isinstance(subject, KPIEvaluation):
        items = subject.indicators
        kpi_title, kpi_title_en = subject.title, subject.title_en
    else:
        raise TypeError(
            f"plot() takes a KPI, an Indicator or an evaluation, not {type(subject).__name__}"
        )
    panels = [(item, *_find_indicator(model, item.kpi_id, item.indicator_id)) for item in items]
    style = _style(lang, font, document)
    figure = Figure(figsize=(10.5, 1.6 + 4.2 * len(panels)), layout="constrained", dpi=100)
    axes = figure.subplots(len(panels), 1, squeeze=False)[:, 0]
    for ax, (item, indicator, observations) in zip(axes, panels, strict=True):
        heading = None
        if len(panels) > 1 or kpi_title is None:
            heading = _indicator_heading(item, indicator, style)
        _draw_indicator(ax, item, indicator, observations, heading, style)
    title = title_in(kpi_title, kpi_title_en, style.lang) or (
        _subject_id(subject) if style.lang == "en" else None
    )
    if title:
        figure.suptitle(style.text(_wrap(title, 110, 3)), fontproperties=style.font(12, "bold"))
    return figure


def _subject_id(subject: KPIEvaluation | Evaluation) -> str:
    if isinstance(subject, KPIEvaluation):
        return subject.kpi_id
    if subject.kpi_id == subject.indicator_id:
        return subject.kpi_id
    return f"{subject.kpi_id}/{subject.indicator_id}"


def _indicator_heading(item: Evaluation, indicator: Indicator | None, style: _Style) -> str:
    if indicator is None:
        return item.indicator_id
    return title_in(indicator.title, indicator.title_en, style.lang) or indicator.id


def plot_overview(
    evaluation: ProgramEvaluation,
    *,
    lang: Lang = "auto",
    font: str | None = None,
    model: Program | None = None,
) -> Figure:
    """Draw how many KPIs of each theme have each status, as stacked horizontal bars.

    Args:
        evaluation: A program's evaluation.
        lang: ``ja``, ``en`` or ``auto`` (the document's language: ``model``'s
            ``language:`` field, else detected from the titles; see :func:`plot`).
        font: A font family to draw Japanese text with.
        model: The program evaluated, whose ``language:`` field ``auto`` follows.

    Returns:
        The figure (not registered with ``pyplot``).

    Raises:
        TypeError: When ``evaluation`` is not a program's evaluation.
    """
    if not isinstance(evaluation, ProgramEvaluation):
        raise TypeError(
            f"plot_overview() takes a ProgramEvaluation, not {type(evaluation).__name__}"
        )
    style = _style(lang, font, document_language(model or evaluation))
    themes = evaluation.themes
    figure = Figure(figsize=(10.5, 1.8 + 0.42 * max(len(themes), 1)), layout="constrained")
    ax = figure.subplots()
    names = [
        style.text(_wrap(title_in(t.title, t.title_en, style.lang) or t.theme_id, 44, 2))
        for t in themes
    ]
    positions = list(range(len(themes)))
    left = [0.0] * len(themes)
    for status in STATUS_ORDER:
        counts = [float(t.summary.as_dict()[status.value]) for t in themes]
        bars = ax.barh(
            positions,
            counts,
            left=left,
            color=STATUS_COLOURS[status],
            edgecolor="white",
            label=f"{style.status(status)} ({evaluation.summary.as_dict()[status.value]})",
        )
        ax.bar_label(
            bars,
            labels=[str(int(c)) if c else "" for c in counts],
            label_type="center",
            color="white",
            fontproperties=style.font(9, "bold"),
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(positions, names)
    for label in ax.get_yticklabels():
        label.set_fontproperties(style.font(9))
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
    ax.set_xlabel(style.word("kpis"), fontproperties=style.font(10))
    ax.grid(True, axis="x", color="#eeeeee")
    ax.set_axisbelow(True)
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        prop=style.font(9),
        title=style.word("status"),
        title_fontproperties=style.font(9, "bold"),
        framealpha=0.9,
    )
    title = title_in(evaluation.program, evaluation.program_en, style.lang) or ""
    when = f"{style.word('as_of')} {evaluation.as_of.isoformat()}"
    figure.suptitle(
        style.text(
            _wrap(f"{title}（{when}）" if style.lang == "ja" else f"{title} ({when})", 90, 2)
        ),
        fontproperties=style.font(12, "bold"),
    )
    return figure
