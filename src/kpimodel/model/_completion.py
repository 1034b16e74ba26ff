"""Completion states: whether a measure is done, as a KPI table reports it.

A completion (milestone) target (``kind: completion``) is judged from dated reports of
the measure's state, not from figures. A state is written with one of a fixed, documented
set of words (:data:`STATE_WORDS`); any other word is an error that lists them, so that
"almost done" is never read as done.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema

from kpimodel._validation import Model
from kpimodel.errors import SchemaError
from kpimodel.periods import Period

__all__ = ["STATE_WORDS", "CompletionReport", "CompletionState", "is_state_word", "parse_state"]


class CompletionState(StrEnum):
    """The state of a measure to carry out."""

    DONE = "done"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"

    @property
    def label_ja(self) -> str:
        """The state in Japanese (完了, 実施中, 未着手)."""
        return _LABEL_JA[self]

    @property
    def label_en(self) -> str:
        """The state in English words (done, in progress, not started)."""
        return self.value.replace("-", " ")


_LABEL_JA = {
    CompletionState.DONE: "完了",
    CompletionState.IN_PROGRESS: "実施中",
    CompletionState.NOT_STARTED: "未着手",
}

#: The words that state each state, in English and Japanese (the one list; documented in
#: docs/semantics.md). English words are matched without regard to case, and a space or a
#: hyphen between words is the same.
STATE_WORDS: dict[CompletionState, tuple[str, ...]] = {
    CompletionState.DONE: ("done", "completed", "complete", "完了", "実施済み", "実施済", "済"),
    CompletionState.IN_PROGRESS: ("in-progress", "in progress", "実施中", "進行中", "着手済み"),
    CompletionState.NOT_STARTED: ("not-started", "not started", "未着手", "未実施"),
}

_BY_WORD = {
    unicodedata.normalize("NFKC", word).casefold().replace(" ", "-"): state
    for state, words in STATE_WORDS.items()
    for word in words
}


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "-")


def is_state_word(text: str) -> bool:
    """Return whether ``text`` is one of the words of :data:`STATE_WORDS`."""
    return _key(text) in _BY_WORD


def parse_state(text: Any) -> CompletionState:
    """Read a completion state from one of the words of :data:`STATE_WORDS`.

    Args:
        text: The state as written (``done``, ``完了``, ``実施中``...).

    Returns:
        The state.

    Raises:
        SchemaError: When the text is none of the words (the message lists them).
    """
    if isinstance(text, CompletionState):
        return text
    key = _key(text) if isinstance(text, str) else None
    found = _BY_WORD.get(key) if key is not None else None
    if found is None:
        shown = repr(text) if len(repr(text)) <= 40 else repr(text)[:37] + "..."
        words = "; ".join(f"{state.value}: {', '.join(w)}" for state, w in STATE_WORDS.items())
        raise SchemaError(
            f"cannot read the completion state {shown}; write one of ({words})",
            value=str(text)[:100],
        )
    return found


#: A completion state field: the state, read from any word of :data:`STATE_WORDS`.
State = Annotated[
    CompletionState,
    BeforeValidator(parse_state),
    WithJsonSchema(
        {
            "type": "string",
            "enum": [word for words in STATE_WORDS.values() for word in words],
            "description": "The measure's state: done (完了, 実施済み), in-progress (実施中) or "
            "not-started (未着手)",
        },
        mode="validation",
    ),
]


class CompletionReport(Model):
    """A dated report of a measure's state (``2025年度: 実施中``).

    Attributes:
        period: When the state applied (a report counts once its period has ended, as
            an observation does).
        status: The state: ``done``, ``in-progress`` or ``not-started``, or one of the
            words of :data:`STATE_WORDS` (``完了``, ``実施中``, ``未着手``...).
        source: The sentence of the source the report comes from.
        note: Free text.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    period: Period
    status: State
    source: str | None = Field(default=None, max_length=10_000)
    note: str | None = Field(default=None, max_length=10_000)
