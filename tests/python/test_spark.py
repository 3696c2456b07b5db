"""examples/spark_extract.py: its per-partition function, and whole runs with
spark-submit in local[2] mode over small archives written here."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import newsx
from conftest import ROOT, corpus

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
pytest.importorskip("pyspark")

SCRIPT = ROOT / "examples" / "spark_extract.py"
KINDS = ("entities", "amounts", "quotes")


def load_example():
    spec = importlib.util.spec_from_file_location("spark_extract", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class FakeExtractor:
    """Returns a record with every field set, to check the Arrow schema."""

    def __init__(self, doc):
        self.doc = doc
        self.calls = []

    def extract_many(self, texts, langs, threads):
        self.calls.append((list(texts), list(langs), threads))
        return [dict(self.doc, lang=lang or "nl") for lang in langs]


def test_partition_function_keeps_every_field_of_the_records():
    from test_offsets import _full_record

    mod = load_example()
    _, full = _full_record()
    doc = newsx._newsx._document_from_json(json.dumps(full))
    fake = FakeExtractor(doc)
    batch = pa.RecordBatch.from_pydict(
        {"id": ["a", "b", "c", "d", "e"], "text": ["x", None, "y", "z", "w"], "lang": ["NL ", "de", "xx", "", None]}
    )
    schema = mod.to_arrow_schema(mod.DOCUMENTS)
    (out,) = list(mod.extract_batches(iter([batch]), fake, 3, schema))
    rows = out.to_pylist()
    assert fake.calls == [(["x", "z", "w"], ["nl", None, None], 3)]
    assert [r["id"] for r in rows] == ["a", "b", "c", "d", "e"]
    assert [r["error"] for r in rows] == [None, "no text", "unknown language code 'xx'", None, None]
    for r in (rows[0], rows[3], rows[4]):
        for kind in KINDS:
            assert r[kind] == doc[kind]
            assert r[f"n_{kind}"] == len(doc[kind])
    for r in (rows[1], rows[2]):
        assert r["lang"] is None and all(r[k] == [] and r[f"n_{k}"] == 0 for k in KINDS)


def spark_submit(*args: str, tmp: Path) -> str:
    submit = Path(sys.executable).with_name("spark-submit")
    assert submit.exists(), f"no spark-submit next to {sys.executable}"
    # Everything on the loopback interface.
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable,
               SPARK_LOCAL_IP="127.0.0.1", SPARK_LOCAL_HOSTNAME="localhost")
    cmd = [
        str(submit),
        "--master", "local[2]",
        "--driver-memory", "1g",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.sql.shuffle.partitions=4",
        "--conf", f"spark.local.dir={tmp / 'spark-local'}",
        "--conf", "spark.log.level=WARN",
        str(SCRIPT), *args,
    ]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
    assert proc.returncode == 0, f"spark-submit failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}"
    return proc.stdout


def archive() -> list[dict]:
    docs = []
    for i, (text, lang) in enumerate(corpus()):
        rec = {"id": f"doc-{i}", "text": text}
        if lang is not None:
            rec["lang"] = lang
        docs.append(rec)
    docs.append({"id": "no-text", "text": None, "lang": "nl"})
    docs.append({"id": "bad-lang", "text": "Iets.", "lang": "xx"})
    return docs


def check_output(out: Path, docs: list[dict], expected: dict[str, dict | None]) -> None:
    tables = {name: pq.read_table(out / name).to_pylist() for name in ("documents", *KINDS)}
    by_id = {r["id"]: r for r in tables["documents"]}
    assert len(tables["documents"]) == len(docs) == len(by_id)
    assert set(by_id) == {d["id"] for d in docs}
    for doc_id, want in expected.items():
        row = by_id[doc_id]
        if want is None:
            assert row["error"] is not None and row["lang"] is None
            assert all(row[k] == [] for k in KINDS)
            continue
        assert row["error"] is None
        assert row["lang"] == want["lang"], doc_id
        for kind in KINDS:
            assert row[kind] == want[kind], (doc_id, kind)
            assert row[f"n_{kind}"] == len(want[kind])
    # The exploded tables hold every record once, at its position.
    for kind in KINDS:
        rows = tables[kind]
        assert len(rows) == sum(r[f"n_{kind}"] for r in tables["documents"])
        for r in rows:
            record = by_id[r.pop("doc_id")][kind][r.pop("pos")]
            assert r == record


def test_spark_local_jsonl(tmp_path):
    docs = archive()
    src = tmp_path / "archive.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    out = tmp_path / "out"
    stdout = spark_submit(str(src), str(out), "--partitions", "3", tmp=tmp_path)
    ex = newsx.Extractor()
    expected = {
        d["id"]: (ex.extract(d["text"], d.get("lang")) if d["text"] is not None and d.get("lang") != "xx" else None)
        for d in docs
    }
    check_output(out, docs, expected)
    counts = {k: sum(len(e[k]) for e in expected.values() if e) for k in KINDS}
    assert stdout.strip().splitlines()[-1] == (
        f"spark_extract: {len(docs)} documents, {counts['entities']} entities, "
        f"{counts['amounts']} amounts, {counts['quotes']} quotes"
    )


def test_spark_local_parquet_without_lang_and_with_options(tmp_path):
    docs = [{"id": i, "text": d["text"]} for i, d in enumerate(archive()) if d["text"] is not None]
    src = tmp_path / "archive"
    src.mkdir()
    pq.write_table(pa.Table.from_pylist(docs[: len(docs) // 2]), src / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(docs[len(docs) // 2 :]), src / "part-1.parquet")
    out = tmp_path / "out"
    spark_submit(str(src), str(out), "--no-amounts", "--fallback-language", "sv", "--threads", "2", tmp=tmp_path)
    ex = newsx.Extractor(amounts=False, fallback_language="sv")
    expected = {str(d["id"]): ex.extract(d["text"]) for d in docs}
    check_output(out, [dict(d, id=str(d["id"])) for d in docs], expected)


def test_spark_example_rejects_bad_options(tmp_path):
    proc = subprocess.run(
        [sys.executable, str(SCRIPT), "in.jsonl", str(tmp_path / "out"), "--fallback-language", "xx"],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 2
    assert 'unknown language code "xx"' in proc.stderr
