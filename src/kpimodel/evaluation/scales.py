"""Status scales: an institution's or a user's own names for results.

A :class:`StatusScale` maps a result (its status, reason, pace grade and progress) to one
of the scale's values, each with English and Japanese labels, a colour, an icon and a
score. The rules are tried in order and the first that matches decides; a result that
already carries a rating on the same scale (a preset computed it by its own rule, such as
Open SDG's score) keeps it.

Built-in scales: ``open-sdg`` (six values), ``eurostat`` (four grades), ``cabinet``
(A / B / F / N), ``destatis`` (four weather symbols) and ``rag`` (green / amber / red, grey
for no data). Define more in YAML
and load them with :func:`load_scale`::

    name: traffic
    title: Traffic light
    values:
      - {value: go, label: Go, label_ja: 良好, colour: "#2e7d32", score: 1}
      - {value: stop, label: Stop, label_ja: 要対応, colour: "#c62828", score: 0}
      - {value: none, label: No data, label_ja: データなし}
    rules:
      - {status: [achieved, on-track], value: go}
      - {status: behind, value: stop}
      - {value: none}
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kpimodel.errors import InvalidScaleError
from kpimodel.evaluation._rating import Rating
from kpimodel.evaluation._result import Evaluation, KPIEvaluation, PaceGrade, Reason, Status

__all__ = [
    "Rating",
    "ScaleRule",
    "ScaleValue",
    "StatusScale",
    "load_scale",
    "rate",
    "register_scale",
    "scale_for",
    "scales",
]


class ScaleValue(BaseModel):
    """One value of a status scale.

    Attributes:
        value: The value's code (``substantial_progress``, ``A``, ``green``).
        label: Its label in English.
        label_ja: Its label in Japanese.
        colour: A CSS colour for it.
        icon: A short text or emoji for it.
        score: A fixed score for it; a preset's computed score takes precedence.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(min_length=1, max_length=100)
    label: str = Field(min_length=1, max_length=200)
    label_ja: str = Field(min_length=1, max_length=200)
    colour: str | None = Field(default=None, max_length=50)
    icon: str | None = Field(default=None, max_length=20)
    score: float | None = Field(default=None, allow_inf_nan=False)


def _as_tuple(value: Any) -> Any:
    if isinstance(value, str):
        return (value,)
    return value


class ScaleRule(BaseModel):
    """A rule of a status scale: when a result matches every condition, it gets ``value``.

    A rule with no condition matches every result (a catch-all, put it last).

    Attributes:
        value: The scale value given.
        status: The statuses matched (any of them).
        reason: The reasons matched (any of them).
        pace_grade: The pace grades matched (any of them).
        progress_min: The least progress (share of the way to the target) matched.
        progress_below: Progress below this is matched.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(min_length=1, max_length=100)
    status: tuple[Status, ...] = ()
    reason: tuple[str, ...] = ()
    pace_grade: tuple[PaceGrade, ...] = ()
    progress_min: float | None = Field(default=None, allow_inf_nan=False)
    progress_below: float | None = Field(default=None, allow_inf_nan=False)

    _listed = field_validator("status", "reason", "pace_grade", mode="before")(
        classmethod(lambda cls, value: _as_tuple(value))
    )

    def matches(
        self, status: Status, reason: str, grade: PaceGrade | None, progress: float | None
    ) -> bool:
        """Return whether a result with these figures matches every condition."""
        if self.status and status not in self.status:
            return False
        if self.reason and str(reason) not in self.reason:
            return False
        if self.pace_grade and grade not in self.pace_grade:
            return False
        if self.progress_min is not None and (progress is None or progress < self.progress_min):
            return False
        return not (
            self.progress_below is not None
            and (progress is None or progress >= self.progress_below)
        )


class StatusScale(BaseModel):
    """A named status scale: its values and the rules that map results to them.

    Attributes:
        name: The scale's name (``open-sdg``, ``rag``...).
        title: Its title in English.
        title_ja: Its title in Japanese.
        source: Where the scale comes from.
        values: The scale's values, best first.
        rules: The mapping rules, tried in order; the first match decides.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    title: str = Field(min_length=1, max_length=200)
    title_ja: str | None = Field(default=None, max_length=200)
    source: str | None = Field(default=None, max_length=1000)
    values: tuple[ScaleValue, ...] = Field(min_length=1)
    rules: tuple[ScaleRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [v.value for v in self.values]
        if len(set(codes)) != len(codes):
            duplicate = next(c for c in codes if codes.count(c) > 1)
            raise ValueError(f"scale {self.name!r} lists the value {duplicate!r} twice")
        for rule in self.rules:
            if rule.value not in codes:
                raise ValueError(
                    f"a rule of scale {self.name!r} gives {rule.value!r}, which is not one of "
                    f"its values ({', '.join(codes)})"
                )
        return self

    def value(self, code: str) -> ScaleValue:
        """Return the scale value ``code``.

        Raises:
            InvalidScaleError: When the scale has no such value.
        """
        for item in self.values:
            if item.value == code:
                return item
        raise InvalidScaleError(
            f"scale {self.name!r} has no value {code!r}; its values: "
            f"{', '.join(v.value for v in self.values)}",
            field="rating.value",
            value=code,
        )

    def rating(
        self, code: str, score: float | None = None, parts: dict[str, Rating] | None = None
    ) -> Rating:
        """Return the rating for the scale value ``code``.

        Args:
            code: The value.
            score: A computed score, replacing the value's fixed one.
            parts: Further assessments behind this one, by name.

        Returns:
            The rating.
        """
        item = self.value(code)
        return Rating(
            scale=self.name,
            value=item.value,
            label=item.label,
            label_ja=item.label_ja,
            score=score if score is not None else item.score,
            colour=item.colour,
            icon=item.icon,
            parts=parts or {},
        )

    def rate(self, result: Evaluation | KPIEvaluation) -> Rating | None:
        """Return ``result`` on this scale.

        A result already rated on this scale keeps its rating, and a KPI takes the rating
        of its deciding indicator when that is on this scale. Otherwise the first rule
        that matches decides; ``None`` when no rule matches.

        Args:
            result: An indicator or KPI evaluation.

        Returns:
            The rating, or ``None``.
        """
        if result.rating is not None and result.rating.scale == self.name:
            return result.rating
        if isinstance(result, KPIEvaluation):
            deciding = _deciding(result)
            rated = deciding.rating if deciding is not None else None
            if rated is not None and rated.scale == self.name:
                # The deciding indicator's own rating on this scale (a preset's) holds.
                return rated
            grade = deciding.pace_grade if deciding is not None else None
            progress = deciding.progress if deciding is not None else None
        else:
            grade, progress = result.pace_grade, result.progress
        for rule in self.rules:
            if rule.matches(result.status, str(result.reason), grade, progress):
                return self.rating(rule.value)
        return None


def _deciding(result: KPIEvaluation) -> Evaluation | None:
    # A KPI's status is its deciding indicator's: the first whose status and reason match.
    for item in result.indicators:
        if item.status is result.status and str(item.reason) == str(result.reason):
            return item
    return None


_S = Status
_G = PaceGrade
#: The reasons of a completion target judged from a report (the cabinet scale's F).
_COMPLETION_REASONS = [
    reason.value
    for reason in (
        Reason.COMPLETED,
        Reason.COMPLETED_LATE,
        Reason.IN_PROGRESS,
        Reason.NOT_COMPLETED,
        Reason.NOT_STARTED,
        Reason.UNREPORTED_AT_DEADLINE,
    )
]
_BUILTIN: dict[str, dict[str, Any]] = {
    "open-sdg": {
        "name": "open-sdg",
        "title": "Open SDG progress status",
        "title_ja": "Open SDG 進捗状況",
        "source": "open-sdg/open-sdg docs/progress.md; sdg-build sdg/ProgressMeasure.py (2.4)",
        "values": [
            {
                "value": "target_achieved",
                "label": "Target achieved",
                "label_ja": "目標達成",
                "colour": "#1a9641",
                "icon": "★",
            },
            {
                "value": "substantial_progress",
                "label": "Substantial progress",
                "label_ja": "大きな進展",
                "colour": "#a6d96a",
                "icon": "▲",
            },
            {
                "value": "moderate_progress",
                "label": "Moderate progress",
                "label_ja": "中程度の進展",
                "colour": "#ffffbf",
                "icon": "△",
            },
            {
                "value": "limited_progress",
                "label": "Limited progress",
                "label_ja": "限定的な進展",
                "colour": "#fdae61",
                "icon": "▽",
            },
            {
                "value": "deterioration",
                "label": "Deterioration",
                "label_ja": "悪化",
                "colour": "#d7191c",
                "icon": "▼",
            },
            {
                "value": "not_available",
                "label": "Not available",
                "label_ja": "評価不能",
                "colour": "#bdbdbd",
                "icon": "–",
            },
        ],
        "rules": [
            {"status": _S.ACHIEVED, "value": "target_achieved"},
            {"status": _S.NO_DATA, "value": "not_available"},
            {"pace_grade": _G.SIGNIFICANT, "value": "substantial_progress"},
            {"pace_grade": _G.MODERATE, "value": "moderate_progress"},
            {"pace_grade": _G.INSUFFICIENT, "value": "limited_progress"},
            {"pace_grade": _G.MOVING_AWAY, "value": "deterioration"},
            {"reason": Reason.MOVING_AWAY.value, "value": "deterioration"},
            {"reason": Reason.STAGNATING.value, "value": "limited_progress"},
            {"status": _S.ON_TRACK, "value": "substantial_progress"},
            {"status": _S.BEHIND, "value": "limited_progress"},
        ],
    },
    "eurostat": {
        "name": "eurostat",
        "title": "Eurostat EU SDG monitoring",
        "title_ja": "Eurostat EU SDG モニタリング",
        "source": "Eurostat, Sustainable development in the European Union (monitoring report)",
        "values": [
            {
                "value": "significant-progress",
                "label": "Significant progress",
                "label_ja": "大きな進展",
                "colour": "#1a9641",
                "icon": "↑",
            },
            {
                "value": "moderate-progress",
                "label": "Moderate progress",
                "label_ja": "中程度の進展",
                "colour": "#a6d96a",
                "icon": "↗",
            },
            {
                "value": "insufficient-progress",
                "label": "Insufficient progress",
                "label_ja": "不十分な進展",
                "colour": "#fdae61",
                "icon": "↘",
            },
            {
                "value": "movement-away",
                "label": "Movement away",
                "label_ja": "目標から遠ざかる",
                "colour": "#d7191c",
                "icon": "↓",
            },
            {
                "value": "not-assessed",
                "label": "Not assessed",
                "label_ja": "評価なし",
                "colour": "#bdbdbd",
                "icon": "–",
            },
        ],
        "rules": [
            {"status": _S.ACHIEVED, "value": "significant-progress"},
            {"status": _S.NO_DATA, "value": "not-assessed"},
            {"pace_grade": _G.SIGNIFICANT, "value": "significant-progress"},
            {"pace_grade": _G.MODERATE, "value": "moderate-progress"},
            {"pace_grade": _G.INSUFFICIENT, "value": "insufficient-progress"},
            {"pace_grade": _G.MOVING_AWAY, "value": "movement-away"},
            {"reason": Reason.MOVING_AWAY.value, "value": "movement-away"},
            {"status": _S.ON_TRACK, "value": "significant-progress"},
            {"status": _S.BEHIND, "value": "insufficient-progress"},
        ],
    },
    "cabinet": {
        "name": "cabinet",
        "title": "Cabinet Secretariat KPI review (A / B / F / N)",
        "title_ja": "内閣官房 KPI 進捗状況（A・B・F・N）",
        "source": "Cabinet Secretariat growth-strategy KPI follow-up (KPIの進捗状況)",
        "values": [
            {
                "value": "A",
                "label": "A: progress at least the share of the period elapsed",
                "label_ja": "A：目標期間の経過割合以上に進捗",
                "colour": "#1a9641",
                "icon": "A",
            },
            {
                "value": "B",
                "label": "B: progress below the share of the period elapsed",
                "label_ja": "B：目標期間の経過割合に満たない進捗",
                "colour": "#fdae61",
                "icon": "B",
            },
            {
                "value": "F",
                "label": "F: a measure to carry out",
                "label_ja": "F：施策の実施そのもの",
                "colour": "#2b83ba",
                "icon": "F",
            },
            {
                "value": "N",
                "label": "N: no data yet",
                "label_ja": "N：データ未判明",
                "colour": "#bdbdbd",
                "icon": "N",
            },
        ],
        "rules": [
            # F is the review's category of KPIs that are a measure to carry out: every
            # completion target with a report of its state (none, or a stale one: N).
            {"reason": _COMPLETION_REASONS, "value": "F"},
            {"status": [_S.ACHIEVED, _S.ON_TRACK], "value": "A"},
            {"status": _S.BEHIND, "value": "B"},
            {"value": "N"},
        ],
    },
    "destatis": {
        "name": "destatis",
        "title": "Destatis weather symbols",
        "title_ja": "ドイツ連邦統計局の天気記号",
        "source": "German Sustainable Development Strategy, indicator status methodology",
        "values": [
            {"value": "sun", "label": "Sun", "label_ja": "晴れ", "colour": "#f9a825", "icon": "☀"},
            {
                "value": "partly-sunny",
                "label": "Partly sunny",
                "label_ja": "晴れ時々曇り",
                "colour": "#fdd835",
                "icon": "🌤",
            },
            {
                "value": "cloudy",
                "label": "Cloudy",
                "label_ja": "曇り",
                "colour": "#90a4ae",
                "icon": "☁",
            },
            {
                "value": "thunderstorm",
                "label": "Thunderstorm",
                "label_ja": "雷雨",
                "colour": "#455a64",
                "icon": "⚡",
            },
            {
                "value": "not-assessed",
                "label": "Not assessed",
                "label_ja": "評価なし",
                "colour": "#bdbdbd",
                "icon": "–",
            },
        ],
        "rules": [
            {"status": [_S.ACHIEVED, _S.ON_TRACK], "value": "sun"},
            {"status": _S.NO_DATA, "value": "not-assessed"},
            {"reason": Reason.MOVING_AWAY.value, "value": "thunderstorm"},
            {"pace_grade": _G.MODERATE, "value": "partly-sunny"},
            {"value": "cloudy"},
        ],
    },
    "rag": {
        "name": "rag",
        "title": "Red / amber / green",
        "title_ja": "赤・黄・緑",
        "source": "Common RAG convention: green on track, amber moderately behind, red behind",
        "values": [
            {
                "value": "green",
                "label": "Green",
                "label_ja": "緑",
                "colour": "#2e7d32",
                "icon": "●",
                "score": 2,
            },
            {
                "value": "amber",
                "label": "Amber",
                "label_ja": "黄",
                "colour": "#f9a825",
                "icon": "●",
                "score": 1,
            },
            {
                "value": "red",
                "label": "Red",
                "label_ja": "赤",
                "colour": "#c62828",
                "icon": "●",
                "score": 0,
            },
            {
                "value": "grey",
                "label": "No data",
                "label_ja": "データなし",
                "colour": "#9e9e9e",
                "icon": "○",
            },
        ],
        "rules": [
            # A band target's middle band is SDSN's yellow: amber, not green.
            {"reason": Reason.BAND_ON_TRACK.value, "value": "amber"},
            {"status": [_S.ACHIEVED, _S.ON_TRACK], "value": "green"},
            {"status": _S.BEHIND, "pace_grade": _G.MODERATE, "value": "amber"},
            {"status": _S.BEHIND, "value": "red"},
            {"value": "grey"},
        ],
    },
}

_lock = threading.Lock()
_SCALES: dict[str, StatusScale] = {}


def _parse(data: Any, where: str) -> StatusScale:
    try:
        return StatusScale.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        field = ".".join(str(part) for part in problem["loc"]) or "scale"
        raise InvalidScaleError(
            f"{where}: {problem['msg']}", field=field, value=problem.get("input")
        ) from None


for _name, _data in _BUILTIN.items():
    _SCALES[_name] = _parse(_data, f"built-in scale {_name!r}")


def register_scale(scale: StatusScale, *, replace: bool = False) -> None:
    """Make ``scale`` selectable by name (``scale="NAME"``, ``--scale NAME``).

    Args:
        scale: The scale.
        replace: Allow replacing a scale of the same name.

    Raises:
        ValueError: When a scale of that name exists and ``replace`` is false.
    """
    with _lock:
        if scale.name in _SCALES and _SCALES[scale.name] != scale and not replace:
            raise ValueError(
                f"a scale named {scale.name!r} exists; pass replace=True to replace it"
            )
        _SCALES[scale.name] = scale


def scales() -> dict[str, StatusScale]:
    """Return the known scales, by name."""
    with _lock:
        return dict(_SCALES)


def scale_for(scale: str | StatusScale) -> StatusScale:
    """Return the scale named ``scale`` (a scale is returned as it is).

    Raises:
        InvalidScaleError: When no scale has that name.
    """
    if isinstance(scale, StatusScale):
        return scale
    with _lock:
        found = _SCALES.get(scale)
    if found is None:
        raise InvalidScaleError(
            f"unknown status scale {scale!r}; known scales: {', '.join(sorted(_SCALES))} "
            "(or a YAML file defining one)",
            field="scale",
            value=scale,
        )
    return found


def load_scale(source: str | Path) -> StatusScale:
    """Load a status scale from YAML text or a YAML file.

    Args:
        source: A path to a ``.yaml`` / ``.yml`` file, or YAML text.

    Returns:
        The scale (not registered; pass it as ``scale=`` or to :func:`register_scale`).

    Raises:
        InvalidScaleError: When the text is not YAML or not a valid scale.
    """
    where = "scale"
    text: str
    if isinstance(source, Path) or (
        "\n" not in source and source.strip().endswith((".yaml", ".yml"))
    ):
        path = Path(source)
        where = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidScaleError(
                f"cannot read the scale file {path}: {exc.strerror}", field="scale", value=str(path)
            ) from None
    else:
        text = source
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InvalidScaleError(
            f"{where}: not valid YAML ({exc})", field="scale", value=None
        ) from None
    if not isinstance(data, dict):
        raise InvalidScaleError(
            f"{where}: a scale is a mapping with name, title, values and rules",
            field="scale",
            value=type(data).__name__,
        )
    return _parse(data, where)


def rate(result: Any, scale: str | StatusScale) -> Any:
    """Return ``result`` with its ratings on ``scale``, its KPIs' and indicators' included.

    Args:
        result: An :class:`Evaluation`, :class:`KPIEvaluation` or program evaluation.
        scale: The scale or its name.

    Returns:
        A copy of ``result`` whose ``rating`` fields hold the scale's values.
    """
    chosen = scale_for(scale)
    if isinstance(result, Evaluation):
        return result.model_copy(update={"rating": chosen.rate(result)})
    if isinstance(result, KPIEvaluation):
        indicators = tuple(rate(item, chosen) for item in result.indicators)
        return result.model_copy(update={"indicators": indicators, "rating": chosen.rate(result)})
    kpis = getattr(result, "kpis", None)
    if kpis is None:
        raise TypeError(f"cannot rate {type(result).__name__}")
    return result.model_copy(update={"kpis": tuple(rate(item, chosen) for item in kpis)})
