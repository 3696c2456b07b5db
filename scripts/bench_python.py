#!/usr/bin/env python3
"""Throughput of newsx's Python bindings: extract_many on 1 thread versus 2
(or --threads), over the bundled sample articles repeated, and the cost of
turning records into Python objects.

    python scripts/bench_python.py [--repeat 40] [--rounds 5] [--threads 1,2]

Run it in the environment scripts/test-python.sh makes (target/python-venv).
Prints one line per measurement and, last, the figures as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import newsx

ROOT = Path(__file__).resolve().parents[1]


def best_of(rounds: int, f) -> float:
    return timed(rounds, f)[0]


def timed(rounds: int, f) -> tuple[float, float]:
    """Best wall-clock seconds of `rounds` runs, and the CPU seconds of that run."""
    best = (float("inf"), 0.0)
    for _ in range(rounds):
        c = time.process_time()
        t = time.perf_counter()
        f()
        best = min(best, (time.perf_counter() - t, time.process_time() - c))
    return best


def synthetic_document(text: str) -> str:
    """The JSON of a document record with many entities, amounts and quotes
    over `text` (spans at word boundaries; the values do not matter here)."""
    words, pos = [], 0
    for w in text.split():
        i = text.index(w, pos)
        pos = i + len(w)
        words.append({"text": w, "start": len(text[:i].encode()), "end": len(text[:pos].encode()),
                      "char_start": i, "char_end": pos})
    ents = [{"id": f"e{k}", "name": words[k]["text"], "type": "person", "wikidata": None, "roles": ["minister"],
             "mentions": words[k:k + 3]} for k in range(0, min(60, len(words) - 3), 4)]
    offs = lambda w: {k: w[k] for k in ("start", "end", "char_start", "char_end")}
    amounts = [{"kind": "money", "text": w["text"], "value": "200000000000", "min": None, "max": None,
                "currency": "EUR", "currency_inferred": False, "qualifier": "more_than", **offs(w)}
               for w in words[1:40:8]]
    quotes = [{"text": w["text"], "kind": "direct", "speaker": "X", "speaker_entity": "e0", "speaker_mention": w,
               "cue": w, **offs(w)} for w in words[2:30:10]]
    return json.dumps({"id": None, "lang": "nl", "entities": ents, "amounts": amounts, "quotes": quotes})


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--repeat", type=int, default=40, help="copies of each sample article")
    p.add_argument("--rounds", type=int, default=5, help="runs per measurement; the best is kept")
    p.add_argument("--threads", default="1,2", help="comma-separated thread counts")
    args = p.parse_args()

    articles = [(f.read_text(encoding="utf-8"), f.stem) for f in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    if not articles:
        raise SystemExit("bench_python: no examples/articles/*.txt")
    texts = [t for t, _ in articles] * args.repeat
    langs = [l for _, l in articles] * args.repeat
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    ex = newsx.Extractor()
    ex.extract_many(texts[: len(articles)])  # warm up: lazily built tables
    print(f"newsx {newsx.__version__}: {len(texts)} documents, {mb:.2f} MB; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; best of {args.rounds}")

    result: dict[str, float] = {"documents": len(texts), "mb": round(mb, 3)}
    for label, lang_arg in (("identified", None), ("given", langs)):
        base = None
        for n in [int(x) for x in args.threads.split(",")]:
            s, cpu = timed(args.rounds, lambda: ex.extract_many(texts, lang_arg, threads=n))
            base = base or s
            print(f"extract_many, language {label}, threads={n}: {s:.3f} s, {mb / s:.1f} MB/s, "
                  f"{len(texts) / s:.0f} docs/s, {cpu / s:.2f} cores busy, speed-up {base / s:.2f}x")
            result[f"{label}_t{n}_mb_s"] = round(mb / s, 2)
        result[f"{label}_speedup"] = round(base / s, 2)

    s = best_of(args.rounds, lambda: [ex.extract(t, l) for t, l in zip(texts, langs)])
    print(f"extract in a Python loop, language given: {s:.3f} s, {mb / s:.1f} MB/s")
    result["loop_mb_s"] = round(mb / s, 2)

    # Turning records into Python objects: the serde serializer that builds
    # them directly, against parsing the CLI's JSON with json.loads (the
    # alternative: serde_json in Rust, then json.loads).
    docs = ex.extract_many(texts[: len(articles)], langs[: len(articles)])
    if not any(d["entities"] or d["amounts"] or d["quotes"] for d in docs):
        docs = [json.loads(synthetic_document(t)) for t, _ in articles]  # the stages find nothing yet
    sample = [json.dumps(d, ensure_ascii=False) for d in docs]
    n_records = sum(len(d["entities"]) + len(d["amounts"]) + len(d["quotes"]) for d in docs) / len(docs)
    direct, direct_cpu = timed(args.rounds, lambda: [newsx._newsx._document_from_json(j) for j in sample])
    loads = best_of(args.rounds, lambda: [json.loads(j) for j in sample])
    print(f"records to Python ({n_records:.0f} records a document): serde_json parse + direct build {direct * 1e6 / len(docs):.1f} "
          f"us/doc, json.loads alone {loads * 1e6 / len(docs):.1f} us/doc")
    result["convert_us_per_doc"] = round(direct * 1e6 / len(docs), 2)
    # The conversion holds the GIL, so it bounds the speed-up (Amdahl). CPU
    # times, unlike wall-clock times, hardly depend on how loaded the machine is.
    one, cpu_one = timed(args.rounds, lambda: ex.extract_many(texts, langs, threads=1))
    serial = min(1.0, direct_cpu / len(docs) * len(texts) / cpu_one)
    print(f"CPU time per document on 1 thread: {cpu_one * 1e3 / len(texts):.2f} ms; share under the GIL at most "
          f"{serial:.1%}, so 2 free cores could give up to {1 / (serial + (1 - serial) / 2):.2f}x")
    result["cpu_ms_per_doc"] = round(cpu_one * 1e3 / len(texts), 3)
    result["gil_share_max"] = round(serial, 4)
    result["json_loads_us_per_doc"] = round(loads * 1e6 / len(docs), 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
