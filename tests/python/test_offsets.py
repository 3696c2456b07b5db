"""char_start/char_end index the Python str; start/end index its UTF-8 bytes."""

from __future__ import annotations

import json

import pytest

import newsx
from conftest import UNICODE_TEXTS, corpus, spans


def check_spans(text: str, doc: dict) -> int:
    data = text.encode("utf-8")
    found = spans(doc)
    for s in found:
        assert 0 <= s["char_start"] <= s["char_end"] <= len(text)
        assert text[s["char_start"] : s["char_end"]] == s["text"], s
        assert data[s["start"] : s["end"]].decode("utf-8") == s["text"], s
        assert len(text[: s["char_start"]].encode("utf-8")) == s["start"], s
    return len(found)


def test_every_span_slices_the_python_string(ex):
    total = 0
    for text, lang in corpus():
        total += check_spans(text, ex.extract(text, lang))
    if total == 0:
        pytest.skip("the extraction stages find nothing yet: no span to check")


@pytest.mark.parametrize("text,lang", UNICODE_TEXTS, ids=[l for _, l in UNICODE_TEXTS])
def test_spans_in_texts_with_astral_and_combining_characters(text, lang):
    n = check_spans(text, newsx.extract(text, lang))
    if n == 0:
        pytest.skip(f"the extraction stages find nothing in the {lang} text yet")


# A record with every field set and every kind of character before and inside
# its spans, as the CLI writes it: checks the conversion of records to Python
# objects whatever the stages find. Offsets are computed, not typed.
def _full_record() -> tuple[str, dict]:
    text = "😀 Zoe\u0308 Παπαδοπούλου 🇪🇺 zegt: ‘Ruim 200 miljard € 𝐀 voor Болгария’, aldus Zoë."
    def span(sub: str, nth: int = 0) -> dict:
        i = -1
        for _ in range(nth + 1):
            i = text.index(sub, i + 1)
        return {
            "text": sub,
            "start": len(text[:i].encode()),
            "end": len(text[: i + len(sub)].encode()),
            "char_start": i,
            "char_end": i + len(sub),
        }
    speaker = span("Zoe\u0308 Παπαδοπούλου")
    amount = span("200 miljard €")
    words = span("Ruim 200 miljard € 𝐀 voor Болгария")
    doc = {
        "id": None,
        "lang": "nl",
        "entities": [
            {"id": "e0", "name": "Zoë Papadopoulou", "type": "person", "wikidata": None,
             "roles": ["woordvoerder"], "mentions": [speaker, span("Zoë")]},
            {"id": "e1", "name": "Bulgaria", "type": "location", "wikidata": "Q219", "roles": [],
             "mentions": [span("Болгария")]},
        ],
        "amounts": [
            {"kind": "money", "text": amount["text"], "value": "200000000000", "min": None, "max": None,
             "currency": "EUR", "currency_inferred": False, "qualifier": "more_than",
             **{k: amount[k] for k in ("start", "end", "char_start", "char_end")}},
            {"kind": "percent", "text": "𝐀", "value": None, "min": "1.5", "max": "2", "currency": None,
             "currency_inferred": True, "qualifier": None,
             **{k: v for k, v in span("𝐀").items() if k != "text"}},
        ],
        "quotes": [
            {"text": words["text"], "kind": "direct", "speaker": "Zoë Papadopoulou", "speaker_entity": "e0",
             "speaker_mention": span("Zoë"), "cue": span("aldus"),
             **{k: words[k] for k in ("start", "end", "char_start", "char_end")}},
            {"text": "voor", "kind": "indirect", "speaker": None, "speaker_entity": None,
             "speaker_mention": None, "cue": None, **{k: v for k, v in span("voor").items() if k != "text"}},
        ],
    }
    return text, doc


def test_conversion_of_a_record_with_every_field_set():
    text, doc = _full_record()
    got = newsx._newsx._document_from_json(json.dumps(doc))
    assert got == doc
    assert list(got) == list(doc)
    assert type(got["entities"][0]["mentions"][0]["start"]) is int
    assert got["amounts"][0]["currency_inferred"] is False
    assert check_spans(text, got) == 9


def test_conversion_rejects_what_is_not_a_record():
    with pytest.raises(newsx.NewsxError, match="not a document record"):
        newsx._newsx._document_from_json('{"lang": "xx"}')
