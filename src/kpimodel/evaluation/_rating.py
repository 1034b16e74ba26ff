"""A rating: a result's status as an institution's or a user's status scale names it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Rating"]


class Rating(BaseModel):
    """A result on a status scale, beside kpimodel's own status.

    ``{scale: open-sdg, value: substantial_progress, label: "Substantial progress",
    score: 5.0}``: the scale's value for the result, its labels, and the score when the
    rule that produced it computes one (Open SDG's score in [-5, 5]) or the scale gives
    its values fixed scores.

    Attributes:
        scale: The scale's name.
        value: The scale's value (``substantial_progress``, ``A``, ``green``...).
        label: The value's label in English.
        label_ja: The value's label in Japanese.
        score: The score, when there is one.
        colour: The value's colour (a CSS colour), when the scale gives one.
        icon: The value's icon (a short text or emoji), when the scale gives one.
        parts: Further assessments behind this one, by name (Eurostat's ``long-term`` and
            ``short-term`` assessments side by side).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    scale: str = Field(min_length=1, max_length=100)
    value: str = Field(min_length=1, max_length=100)
    label: str
    label_ja: str
    score: float | None = Field(default=None, allow_inf_nan=False)
    colour: str | None = None
    icon: str | None = None
    parts: dict[str, Rating] = Field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.scale}:{self.value}"
