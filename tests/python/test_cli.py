"""Python records equal the CLI's JSON records for the same input."""

from __future__ import annotations

import json

import newsx
from conftest import corpus, run_cli_batch


def test_records_equal_the_cli_batch_records(cli, tmp_path, ex):
    docs = corpus()
    records = run_cli_batch(cli, docs, tmp_path)
    assert len(records) == len(docs)
    many = ex.extract_many([t for t, _ in docs], [l for _, l in docs])
    for i, ((text, lang), rec, doc) in enumerate(zip(docs, records, many)):
        assert rec["id"] == str(i)
        rec["id"] = None
        # The same values, and the same JSON once serialised (so no type differs either).
        assert ex.extract(text, lang) == rec, f"document {i} differs from the CLI's"
        assert doc == rec
        assert json.dumps(doc, ensure_ascii=False) == json.dumps(rec, ensure_ascii=False)


def test_records_equal_the_cli_extract_command(cli, tmp_path):
    import subprocess

    for i, (text, lang) in enumerate(corpus()[:2]):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        args = [str(cli), "extract", str(path)] + (["--lang", lang] if lang else [])
        out = subprocess.run(args, check=True, capture_output=True, stdin=subprocess.DEVNULL).stdout
        assert json.loads(out) == newsx.extract(text, lang)
