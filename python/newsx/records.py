"""The shapes of newsx records, for type checkers: every record is a plain
``dict`` with exactly these keys (the fields of the CLI's JSON record)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Literal, TypedDict, Union

__all__ = ["Amount", "Document", "Entity", "KnowledgeBase", "Quote", "Span"]


class Span(TypedDict):
    """A stretch of the text: ``text == source[char_start:char_end]``; ``start``/``end`` are UTF-8 byte offsets."""

    text: str
    start: int
    end: int
    char_start: int
    char_end: int


class Entity(TypedDict):
    """One real-world thing named in the text, with all its mentions."""

    id: str
    name: str
    type: Literal["person", "organization", "location", "event", "misc"]
    wikidata: str | None
    roles: list[str]
    mentions: list[Span]


class Amount(TypedDict):
    """A money amount, percentage or number; ``value`` is an exact decimal string (``None`` for a range)."""

    kind: Literal["money", "percent", "number"]
    text: str
    value: str | None
    min: str | None
    max: str | None
    currency: str | None
    currency_inferred: bool
    qualifier: Literal["approximately", "more_than", "less_than", "at_least", "at_most", "up_to"] | None
    start: int
    end: int
    char_start: int
    char_end: int


class Quote(TypedDict):
    """A quote (its words without the marks) and who said it."""

    text: str
    kind: Literal["direct", "partial", "indirect"]
    speaker: str | None
    speaker_entity: str | None
    speaker_mention: Span | None
    cue: Span | None
    start: int
    end: int
    char_start: int
    char_end: int


class Document(TypedDict):
    """Everything extracted from one text."""

    id: str | None
    lang: str | None
    entities: list[Entity]
    amounts: list[Amount]
    quotes: list[Quote]


#: What ``Extractor(knowledge_base=...)`` takes: a JSON Lines path, or a list
#: of paths and ``(name, jsonl_text)`` pairs.
KnowledgeBase = Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]", tuple[str, str]]]]
