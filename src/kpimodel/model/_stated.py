"""A status the document itself states for a KPI or an indicator (Open SDG's progress_status).

kpimodel never takes a stated status for its own: the computed status is kept, the stated
one is reported beside it, and an explanation says when the two differ.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from kpimodel._validation import Model
from kpimodel.errors import SchemaError

__all__ = ["STATED_WORDS", "StatedStatus"]

#: The statuses a document may state, with the Japanese words read as each.
STATED_WORDS: dict[str, tuple[str, ...]] = {
    "achieved": ("achieved", "達成"),
    "on-track": ("on-track", "順調"),
    "behind": ("behind", "遅れ"),
    "no-data": ("no-data", "データなし"),
}
_BY_WORD = {word: status for status, words in STATED_WORDS.items() for word in words}


def _status(value: Any) -> Any:
    key = value.strip().lower() if isinstance(value, str) else value
    found = _BY_WORD.get(key) if isinstance(key, str) else None
    if found is None:
        words = "; ".join(f"{status}: {', '.join(w)}" for status, w in STATED_WORDS.items())
        raise SchemaError(
            f"cannot read the stated status {value!r}; write one of ({words})",
            value=str(value)[:100],
        )
    return found


#: A stated status: one of the four, in English or Japanese.
StatedValue = Annotated[
    Literal["achieved", "on-track", "behind", "no-data"],
    BeforeValidator(_status),
    WithJsonSchema(
        {
            "type": "string",
            "enum": [word for words in STATED_WORDS.values() for word in words],
            "description": "The status the document states: achieved (達成), on-track "
            "(順調), behind (遅れ) or no-data (データなし)",
        },
        mode="validation",
    ),
]


class StatedStatus(Model):
    """The status a document states for a KPI or an indicator, with its note and source.

    ``stated_status: {status: on-track, note: 概ね順調, source: 2025年度フォローアップ}``.
    The computed status is kept; both are reported (see docs/semantics.md, "Stated
    statuses").

    Attributes:
        status: ``achieved``, ``on-track``, ``behind`` or ``no-data`` (or 達成, 順調, 遅れ,
            データなし).
        note: The document's words about it.
        source: Where the document states it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: StatedValue
    note: str | None = Field(default=None, max_length=10_000)
    source: str | None = Field(default=None, max_length=10_000)
