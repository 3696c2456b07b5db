"""newsx: named entities, money amounts and quotes from news articles in the
24 official EU languages.

>>> import newsx
>>> doc = newsx.extract("‘We gaan door’, zegt minister Jan de Vries.", lang="nl")
>>> sorted(doc)
['amounts', 'entities', 'id', 'lang', 'quotes']

Every record is a plain dict with the fields of the ``newsx`` CLI's JSON
record. ``char_start``/``char_end`` index the Python ``str`` you passed
(``text[a["char_start"]:a["char_end"]] == a["text"]``); ``start``/``end``
are UTF-8 byte offsets.

Build one :class:`Extractor` and reuse it: building parses the language data
and the knowledge base. It is immutable, thread-safe, picklable (an unpickled
extractor is built once per process and options) and usable after ``fork()``.
Wrong arguments raise :class:`NewsxError`, a ``ValueError``.
"""

from newsx._newsx import (
    Extractor,
    NewsxError,
    __version__,
    _rebuild,
    extract,
    languages,
)
from newsx.records import Amount, Document, Entity, KnowledgeBase, Quote, Span

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
