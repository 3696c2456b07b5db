"""The Python API: options, errors, extract_many, pickling, fork, odd input."""

from __future__ import annotations

import copy
import multiprocessing as mp
import pickle
import random
import tomllib

import pytest

import newsx
from conftest import ROOT, UNICODE_TEXTS, articles, corpus, spans

LANGS = "bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split()


def test_version_is_the_crate_version():
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text(encoding="utf-8"))
    assert newsx.__version__ == cargo["package"]["version"]


def test_languages_are_the_24_eu_languages_in_code_order():
    langs = newsx.languages()
    assert list(langs) == LANGS
    assert langs["nl"] == "Dutch" and langs["el"] == "Greek" and langs["ga"] == "Irish"


def test_record_shape():
    doc = newsx.extract(UNICODE_TEXTS[0][0], lang="nl")
    assert list(doc) == ["id", "lang", "entities", "amounts", "quotes"]
    assert doc["id"] is None and doc["lang"] == "nl"


def test_given_language_is_used_and_codes_are_case_insensitive(ex):
    for code in LANGS:
        assert ex.extract("Tekst.", lang=code)["lang"] == code
    assert ex.extract("Tekst.", lang=" NL ")["lang"] == "nl"


def test_fallback_language_applies_when_nothing_is_identified():
    ex = newsx.Extractor(detect_language=False, fallback_language="fi")
    assert ex.extract("12345")["lang"] == "fi"
    assert ex.extract("12345", lang="sv")["lang"] == "sv"
    assert newsx.Extractor(detect_language=False).extract("De regering zegt dat het niet kan.")["lang"] is None


def test_identify_language(ex):
    for text, lang in UNICODE_TEXTS:
        assert ex.identify_language(text) == lang
    assert ex.identify_language("") is None


def test_stages_switched_off_return_nothing():
    ex = newsx.Extractor(entities=False, amounts=False, quotes=False)
    for text, lang in corpus():
        doc = ex.extract(text, lang)
        assert doc["entities"] == doc["amounts"] == doc["quotes"] == []


def test_module_extract_equals_default_extractor(ex):
    for text, lang in corpus():
        assert newsx.extract(text, lang) == ex.extract(text, lang=lang)


@pytest.mark.parametrize("threads", [None, 1, 2, 3, 64])
def test_extract_many_equals_a_loop(threads, ex):
    docs = corpus()
    texts = [t for t, _ in docs]
    langs = [l for _, l in docs]
    expected = [ex.extract(t, l) for t, l in docs]
    assert ex.extract_many(texts, langs, threads=threads) == expected
    # Any iterable will do, and one code may stand for all.
    assert ex.extract_many(iter(texts[:5]), "nl", threads) == [ex.extract(t, "nl") for t in texts[:5]]
    assert ex.extract_many((t for t in texts[:5]), None, threads) == [ex.extract(t) for t in texts[:5]]
    # Texts of many languages, identified and extracted grouped by language, come back in input order.
    assert ex.extract_many(texts, None, threads) == [ex.extract(t) for t in texts]
    assert ex.extract_many([], threads=threads) == []


def test_odd_and_random_text_never_fails(ex):
    rng = random.Random(20261130)
    alphabet = (
        [chr(c) for c in range(0x20, 0x250)]
        + list("€$£¥%‰„“”«»‘’‚'\"—–-.,;:!?()[] \n\t\u00a0\u202f\u200b\u200d\ufeff")
        + [chr(c) for c in range(0x370, 0x3ff)]
        + [chr(c) for c in range(0x400, 0x4ff)]
        + ["😀", "🇪🇺", "👩‍👩‍👧", "\u0301", "\u0308", "𝐀", "\x00", "\x1b"]
        + [" miljard ", " million ", " euro", " Mrd. ", " zegt ", " said ", " Jan de Vries", " EU "]
    )
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400))) for _ in range(300)]
    for lang in (None, "nl", "el", "bg"):
        docs = ex.extract_many(texts, lang, threads=2)
        for text, doc in zip(texts, docs):
            for s in spans(doc):
                assert text[s["char_start"] : s["char_end"]] == s["text"]


def test_huge_text(ex):
    # Every sample article ten times over in one text, emoji between: about half a million characters.
    text = "\n\n😀 ".join("\n\n".join(t for t, _ in articles()) for _ in range(10))
    assert len(text) > 100_000
    doc = ex.extract(text)
    for s in spans(doc):
        assert text[s["char_start"] : s["char_end"]] == s["text"]
    assert ex.extract_many([text, text], threads=2) == [doc, doc]


def test_lone_surrogates_are_read_as_replacement_characters(ex):
    text = "\ud800 De minister zegt \udfff dat 5 miljoen euro 😀 genoeg is. \ud83d"
    doc = ex.extract(text, "nl")
    clean = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    assert len(clean) == len(text)
    assert doc == ex.extract(clean, "nl")
    assert ex.extract_many([text, "x"], "nl") == [doc, ex.extract("x", "nl")]


BAD_CALLS = [
    (lambda ex: ex.extract(5), "text must be str, not int"),
    (lambda ex: ex.extract(b"bytes"), "decode it first"),
    (lambda ex: ex.extract(None), "text must be str"),
    (lambda ex: ex.extract("x", lang="xx"), 'unknown language code "xx"'),
    (lambda ex: ex.extract("x", lang="english"), "expected one of the 24"),
    (lambda ex: ex.extract("x", lang=3), "lang must be an ISO 639-1 code"),
    (lambda ex: ex.extract_many("one string"), "not a single str"),
    (lambda ex: ex.extract_many(42), "texts must be an iterable of str, not int"),
    (lambda ex: ex.extract_many(["a", 7]), "texts[1] must be str, not int"),
    (lambda ex: ex.extract_many(["a", "b"], ["nl"]), "langs has 1 items but texts has 2"),
    (lambda ex: ex.extract_many(["a", "b"], ["nl", "zz"]), "langs[1]"),
    (lambda ex: ex.extract_many(["a"], 5), "langs must be None, a language code"),
    (lambda ex: ex.extract_many(["a"], threads=0), "threads must be None or an int of at least 1"),
    (lambda ex: ex.extract_many(["a"], threads=-2), "threads must be"),
    (lambda ex: ex.extract_many(["a"], threads=1.5), "threads must be"),
    (lambda ex: ex.extract_many(["a"], threads=True), "threads must be"),
    (lambda ex: newsx.extract(["a"]), "text must be str, not list"),
    (lambda ex: newsx.extract("a", "qq"), "unknown language code"),
    (lambda ex: newsx.Extractor(entities="yes"), "entities must be True or False"),
    (lambda ex: newsx.Extractor(quotes=1), "quotes must be True or False"),
    (lambda ex: newsx.Extractor(fallback_language="xx"), "fallback_language"),
    (lambda ex: newsx.Extractor(knowledge_base="/nonexistent/kb.jsonl"), "cannot read /nonexistent/kb.jsonl"),
    (lambda ex: newsx.Extractor(knowledge_base=[("name", 5)]), "knowledge_base[0] must be a path"),
    (lambda ex: newsx.Extractor(knowledge_base=17), "knowledge_base must be a path"),
]


@pytest.mark.parametrize("call,message", BAD_CALLS, ids=[m for _, m in BAD_CALLS])
def test_bad_arguments_raise_newsx_error(call, message, ex):
    with pytest.raises(newsx.NewsxError) as info:
        call(ex)
    assert isinstance(info.value, ValueError)
    assert message in str(info.value)


def test_wrong_signatures_are_type_errors():
    with pytest.raises(TypeError):
        newsx.Extractor(entites=True)  # misspelt keyword
    with pytest.raises(TypeError):
        newsx.Extractor(True)  # options are keyword-only


def test_knowledge_base_that_does_not_parse_is_an_error(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "Valkenbrug Holding", "type": "organization"}\nthis is not json\n', encoding="utf-8")
    with pytest.raises(newsx.NewsxError, match="bad.jsonl"):
        newsx.Extractor(knowledge_base=bad)
    with pytest.raises(newsx.NewsxError, match="mine"):
        newsx.Extractor(knowledge_base=[("mine", "not json\n")])


def _kb_line() -> str:
    return (
        '{"name": "Valkenbrug Holding", "type": "organization", "cat": "company", "wikidata": null, '
        '"names": {"*": ["Valkenbrug Holding", "VBH"]}}\n'
    )


KB_TEXT = "Het Utrechtse bouwbedrijf Valkenbrug Holding neemt een concurrent over. VBH betaalt 40 miljoen euro."


def _vbh_linked(doc: dict) -> bool:
    return any(
        e["name"] == "Valkenbrug Holding" and "VBH" in [m["text"] for m in e["mentions"]] for e in doc["entities"]
    )


def test_custom_knowledge_base_is_used_and_travels_with_pickles(tmp_path):
    kb = tmp_path / "kb.jsonl"
    kb.write_text(_kb_line(), encoding="utf-8")
    assert not _vbh_linked(newsx.extract(KB_TEXT, "nl"))
    for source in (str(kb), [("inline", _kb_line())]):
        assert _vbh_linked(newsx.Extractor(knowledge_base=source).extract(KB_TEXT, "nl")), source
    data = pickle.dumps(newsx.Extractor(knowledge_base=kb))
    kb.unlink()
    assert _vbh_linked(pickle.loads(data).extract(KB_TEXT, "nl"))


def test_pickle_round_trip(tmp_path):
    kb = tmp_path / "kb.jsonl"
    kb.write_text(_kb_line(), encoding="utf-8")
    for ex in [
        newsx.Extractor(),
        newsx.Extractor(entities=False, fallback_language="de", detect_language=False),
        newsx.Extractor(knowledge_base=[kb, ("inline", _kb_line())]),
    ]:
        for proto in range(2, pickle.HIGHEST_PROTOCOL + 1):
            back = pickle.loads(pickle.dumps(ex, protocol=proto))
            assert type(back) is newsx.Extractor
            assert repr(back) == repr(ex)
            for text, lang in UNICODE_TEXTS:
                assert back.extract(text, lang) == ex.extract(text, lang)
        assert repr(copy.deepcopy(ex)) == repr(ex)
    # The knowledge base travels with the extractor, not its path.
    ex = newsx.Extractor(knowledge_base=kb)
    data = pickle.dumps(ex)
    kb.unlink()
    assert repr(pickle.loads(data)) == repr(ex)


def test_unpickling_builds_once_per_process():
    ex = newsx.Extractor(entities=False, fallback_language="pl")
    data = pickle.dumps(ex)
    assert pickle.loads(data) is pickle.loads(data)
    assert pickle.loads(data) is not pickle.loads(pickle.dumps(newsx.Extractor(entities=False)))


def _child_extract(args):
    ex, text, lang = args
    return ex.extract(text, lang), ex.extract_many([text, text], lang, threads=2)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_works_in_child_processes(method):
    # Without entities: building the knowledge base in every child would only cost time.
    ex = newsx.Extractor(entities=False, fallback_language="en")
    docs = corpus()[:12]
    # Use the extractor, threads included, before forking.
    expected = ex.extract_many([t for t, _ in docs], [l for _, l in docs], threads=2)
    with mp.get_context(method).Pool(2) as pool:
        got = pool.map(_child_extract, [(ex, t, l) for t, l in docs])
    assert [one for one, _ in got] == expected
    assert [many for _, many in got] == [[d, d] for d in expected]


def test_threads_from_python_share_an_extractor(ex):
    from concurrent.futures import ThreadPoolExecutor

    docs = corpus()
    expected = [ex.extract(t, l) for t, l in docs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda d: ex.extract(d[0], d[1]), docs))
        many = list(pool.map(lambda _: ex.extract_many([t for t, _ in docs], [l for _, l in docs], 2), range(4)))
    assert got == expected
    assert all(m == expected for m in many)


def test_extract_many_over_more_than_one_chunk(ex):
    docs = corpus() * 40  # more than the 1024 documents extracted between signal checks
    texts = [t for t, _ in docs]
    langs = [l for _, l in docs]
    expected = [ex.extract(t, l) for t, l in docs[: len(corpus())]] * 40
    assert len(texts) > 1024
    assert ex.extract_many(texts, langs, threads=2) == expected
    assert ex.extract_many(texts, langs, threads=1) == expected


def _newsx_threads_seen_during(call) -> set[str]:
    """Names of this process's threads called newsx-* seen while `call` runs in another Python thread."""
    import os
    import threading
    import time

    seen: set[str] = set()
    done = threading.Event()
    worker = threading.Thread(target=lambda: (call(), done.set()))
    worker.start()
    while not done.is_set():
        for task in os.listdir("/proc/self/task"):
            try:
                with open(f"/proc/self/task/{task}/comm", encoding="utf-8") as f:
                    name = f.read().strip()
            except OSError:
                continue
            if name.startswith("newsx-"):
                seen.add(name)
        time.sleep(0.0005)
    worker.join()
    return seen


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self/task"), reason="needs Linux /proc")
def test_extract_many_runs_on_its_threads_while_python_runs(ex):
    # The poller only runs while extract_many has released the GIL, and sees
    # the pool's threads only while extract_many runs.
    texts = [t for t, _ in articles()] * 3
    assert _newsx_threads_seen_during(lambda: ex.extract_many(texts, threads=2)) == {"newsx-0", "newsx-1"}
    assert _newsx_threads_seen_during(lambda: ex.extract_many(texts, threads=1)) == set()
