"""Type stubs for newsx."""

import os
from collections.abc import Iterable, Sequence
from typing import Literal, TypedDict

__version__: str

class NewsxError(ValueError):
    """A wrong argument: an unknown language code, a value of the wrong type,
    a thread count below 1, or a knowledge base that cannot be read or parsed."""

class Span(TypedDict):
    text: str
    start: int
    end: int
    char_start: int
    char_end: int

class Entity(TypedDict):
    id: str
    name: str
    type: Literal["person", "organization", "location", "event", "misc"]
    wikidata: str | None
    roles: list[str]
    mentions: list[Span]

class Amount(TypedDict):
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
    id: str | None
    lang: str | None
    entities: list[Entity]
    amounts: list[Amount]
    quotes: list[Quote]

KnowledgeBase = str | os.PathLike[str] | Sequence[str | os.PathLike[str] | tuple[str, str]]

class Extractor:
    """Reads news text and returns its entities, amounts and quotes.

    Every option defaults to on; ``fallback_language`` is the ISO 639-1 code
    assumed when none is given and none is identified; ``knowledge_base``
    adds entities in the JSON Lines format of ``data/kb/``: a path, or a list
    of paths and ``(name, jsonl_text)`` pairs.
    """

    def __init__(
        self,
        *,
        entities: bool = True,
        amounts: bool = True,
        quotes: bool = True,
        detect_language: bool = True,
        fallback_language: str | None = None,
        knowledge_base: KnowledgeBase | None = None,
    ) -> None: ...
    def extract(self, text: str, lang: str | None = None) -> Document:
        """Extracts one text (read as ``lang``, or as the identified language)."""
    def extract_many(
        self,
        texts: Iterable[str],
        langs: str | Iterable[str | None] | None = None,
        threads: int | None = None,
    ) -> list[Document]:
        """Extracts many texts on ``threads`` threads (default: one per core)
        with the GIL released; records come back in input order. ``langs`` is
        one code for all texts or one code (or None) per text."""
    def identify_language(self, text: str) -> str | None:
        """The ISO 639-1 code of the language of ``text``, or None."""
    def __reduce__(self) -> tuple[object, tuple[object, ...]]: ...

def extract(text: str, lang: str | None = None) -> Document:
    """Extracts one text with a shared extractor with default options."""

def languages() -> dict[str, str]:
    """The 24 supported languages: ISO 639-1 code → English name."""

def _rebuild(
    entities: bool,
    amounts: bool,
    quotes: bool,
    detect_language: bool,
    fallback_language: str | None,
    knowledge_base: list[tuple[str, str]],
) -> Extractor: ...
