"""Type stubs for newsx (the compiled part is newsx._newsx)."""

from collections.abc import Iterable
from typing import final

from newsx.records import Amount as Amount
from newsx.records import Document as Document
from newsx.records import Entity as Entity
from newsx.records import KnowledgeBase as KnowledgeBase
from newsx.records import Quote as Quote
from newsx.records import Span as Span

__all__ = [
    "Amount",
    "Document",
    "Entity",
    "Extractor",
    "KnowledgeBase",
    "NewsxError",
    "Quote",
    "Span",
    "__version__",
    "extract",
    "languages",
]

__version__: str

class NewsxError(ValueError):
    """A wrong argument: an unknown language code, a value of the wrong type,
    a thread count below 1, or a knowledge base that cannot be read or parsed."""

@final
class Extractor:
    """Reads news text and returns its entities, amounts and quotes.

    Every stage is on by default (None means the default); ``fallback_language``
    is the ISO 639-1 code assumed when none is given and none is identified;
    ``knowledge_base`` adds entities in the JSON Lines format of ``data/kb/``:
    a path, or a list of paths and ``(name, jsonl_text)`` pairs.
    """

    def __new__(
        cls,
        *,
        entities: bool | None = None,
        amounts: bool | None = None,
        quotes: bool | None = None,
        detect_language: bool | None = None,
        fallback_language: str | None = None,
        knowledge_base: KnowledgeBase | None = None,
    ) -> Extractor: ...
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
