#!/usr/bin/env python3
"""Extract entities, money amounts and quotes from a news archive with PySpark.

    spark-submit examples/spark_extract.py ARCHIVE OUTPUT [options]

ARCHIVE is JSON Lines or Parquet (a file or a folder of them) with the
columns ``id`` and ``text`` and, optionally, ``lang`` (an ISO 639-1 code;
identified when missing or null). OUTPUT is a folder that receives four
Parquet tables:

- ``documents``: one row per input document: ``id``, ``lang`` (the language
  the text was read as), ``error`` (why a document could not be processed:
  no text, or an unknown language code; null otherwise), the counts
  ``n_entities``/``n_amounts``/``n_quotes``, and the records themselves as
  nested ``entities``/``amounts``/``quotes`` columns (the fields of the
  ``newsx`` CLI's JSON record);
- ``entities``, ``amounts``, ``quotes``: one row per record, with ``doc_id``
  and the record's position ``pos`` in its document, then its fields
  (mentions, speaker mention and cue stay nested spans).

Each Python worker builds one ``newsx.Extractor``: the driver's extractor is
pickled into the tasks, and unpickling builds an extractor only once per
process and set of options. Documents are processed per partition with
``mapInArrow``, in batches, with the GIL released.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator

import pyarrow as pa
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql import types as T
from pyspark.sql.pandas.types import to_arrow_schema

import newsx

_S = T.StringType()
_L = T.LongType()
SPAN = T.StructType(
    [
        T.StructField("text", _S),
        T.StructField("start", _L),
        T.StructField("end", _L),
        T.StructField("char_start", _L),
        T.StructField("char_end", _L),
    ]
)
ENTITY = T.StructType(
    [
        T.StructField("id", _S),
        T.StructField("name", _S),
        T.StructField("type", _S),
        T.StructField("wikidata", _S),
        T.StructField("roles", T.ArrayType(_S)),
        T.StructField("mentions", T.ArrayType(SPAN)),
    ]
)
AMOUNT = T.StructType(
    [
        T.StructField("kind", _S),
        T.StructField("text", _S),
        T.StructField("value", _S),
        T.StructField("min", _S),
        T.StructField("max", _S),
        T.StructField("currency", _S),
        T.StructField("currency_inferred", T.BooleanType()),
        T.StructField("qualifier", _S),
        T.StructField("start", _L),
        T.StructField("end", _L),
        T.StructField("char_start", _L),
        T.StructField("char_end", _L),
    ]
)
QUOTE = T.StructType(
    [
        T.StructField("text", _S),
        T.StructField("kind", _S),
        T.StructField("speaker", _S),
        T.StructField("speaker_entity", _S),
        T.StructField("speaker_mention", SPAN),
        T.StructField("cue", SPAN),
        T.StructField("start", _L),
        T.StructField("end", _L),
        T.StructField("char_start", _L),
        T.StructField("char_end", _L),
    ]
)
RECORDS = {"entities": ENTITY, "amounts": AMOUNT, "quotes": QUOTE}
DOCUMENTS = T.StructType(
    [
        T.StructField("id", _S),
        T.StructField("lang", _S),
        T.StructField("error", _S),
        *(T.StructField(f"n_{name}", T.IntegerType()) for name in RECORDS),
        *(T.StructField(name, T.ArrayType(kind)) for name, kind in RECORDS.items()),
    ]
)


def extract_batches(
    batches: Iterator[pa.RecordBatch], extractor: newsx.Extractor, threads: int, arrow_schema: pa.Schema
) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` function: input batches of (id, text, lang) in, document rows out."""
    known = set(newsx.languages())
    for batch in batches:
        cols = batch.to_pydict()
        ids, texts, langs = cols["id"], cols["text"], cols["lang"]
        errors: list[str | None] = [None] * len(ids)
        for i, (text, lang) in enumerate(zip(texts, langs)):
            if text is None:
                errors[i] = "no text"
            elif lang is not None:
                code = lang.strip().lower()
                if code in known:
                    langs[i] = code
                elif code:
                    errors[i] = f"unknown language code {lang!r}"
                else:
                    langs[i] = None
        todo = [i for i, e in enumerate(errors) if e is None]
        docs = extractor.extract_many([texts[i] for i in todo], [langs[i] for i in todo], threads=threads)
        by_index = dict(zip(todo, docs))
        rows = []
        for i, doc_id in enumerate(ids):
            doc = by_index.get(i)
            row = {"id": doc_id, "lang": doc["lang"] if doc else None, "error": errors[i]}
            for name in RECORDS:
                records = doc[name] if doc else []
                row[f"n_{name}"] = len(records)
                row[name] = records
            rows.append(row)
        yield pa.RecordBatch.from_pylist(rows, schema=arrow_schema)


def read_archive(spark: SparkSession, path: str, fmt: str) -> DataFrame:
    """The archive as a DataFrame of (id: string, text: string, lang: string)."""
    if fmt == "auto":
        fmt = "parquet" if _looks_like_parquet(path) else "json"
    if fmt == "json":
        schema = T.StructType([T.StructField("id", _S), T.StructField("text", _S), T.StructField("lang", _S)])
        df = spark.read.schema(schema).json(path)
    else:
        df = spark.read.parquet(path)
        missing = {"id", "text"} - set(df.columns)
        if missing:
            raise SystemExit(f"spark_extract: {path} has no column {', '.join(sorted(missing))}")
        if "lang" not in df.columns:
            df = df.withColumn("lang", F.lit(None))
    return df.select(
        F.col("id").cast(_S).alias("id"), F.col("text").cast(_S).alias("text"), F.col("lang").cast(_S).alias("lang")
    )


def _looks_like_parquet(path: str) -> bool:
    if path.endswith(".parquet"):
        return True
    if os.path.isdir(path):
        return any(name.endswith(".parquet") for name in os.listdir(path))
    return False


def explode(docs: DataFrame, name: str) -> DataFrame:
    """One row per record of one kind: doc_id, pos, then the record's fields."""
    return docs.select(F.col("id").alias("doc_id"), F.posexplode(name).alias("pos", "r")).select(
        "doc_id", "pos", "r.*"
    )


def run(spark: SparkSession, archive: str, output: str, *, fmt: str = "auto", threads: int = 1,
        extractor: newsx.Extractor | None = None, partitions: int | None = None) -> dict[str, int]:
    """Processes `archive` into the four tables under `output`; returns their row counts."""
    extractor = extractor or newsx.Extractor()
    arrow_schema = to_arrow_schema(DOCUMENTS)
    df = read_archive(spark, archive, fmt)
    if partitions:
        df = df.repartition(partitions)
    docs = df.mapInArrow(lambda it: extract_batches(it, extractor, threads, arrow_schema), DOCUMENTS)
    docs.write.mode("overwrite").parquet(os.path.join(output, "documents"))
    # Explode what was written rather than extract twice.
    written = spark.read.parquet(os.path.join(output, "documents"))
    counts = {"documents": written.count()}
    for name in RECORDS:
        explode(written, name).write.mode("overwrite").parquet(os.path.join(output, name))
        counts[name] = spark.read.parquet(os.path.join(output, name)).count()
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("archive", help="JSON Lines or Parquet file or folder with columns id, text, lang (optional)")
    p.add_argument("output", help="output folder for the documents, entities, amounts and quotes tables")
    p.add_argument("--format", choices=["auto", "json", "parquet"], default="auto", help="archive format")
    p.add_argument("--partitions", type=int, help="repartition the archive into this many partitions first")
    p.add_argument("--threads", type=int, default=1, help="threads per task (default 1: Spark runs a task per core)")
    p.add_argument("--fallback-language", help="language assumed when none is given or identified")
    p.add_argument("--knowledge-base", action="append", help="extra knowledge base (JSON Lines); repeatable")
    p.add_argument("--no-entities", action="store_true")
    p.add_argument("--no-amounts", action="store_true")
    p.add_argument("--no-quotes", action="store_true")
    args = p.parse_args(argv)
    try:
        extractor = newsx.Extractor(
            entities=not args.no_entities,
            amounts=not args.no_amounts,
            quotes=not args.no_quotes,
            fallback_language=args.fallback_language,
            knowledge_base=args.knowledge_base,
        )
    except newsx.NewsxError as e:
        print(f"spark_extract: {e}", file=sys.stderr)
        return 2
    spark = SparkSession.builder.appName("newsx").getOrCreate()
    try:
        counts = run(spark, args.archive, args.output, fmt=args.format, threads=args.threads,
                     extractor=extractor, partitions=args.partitions)
    finally:
        spark.stop()
    print("spark_extract: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
