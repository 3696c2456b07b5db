#!/usr/bin/env python3
"""Deterministic multilingual benchmark corpus for `newsx batch`.

Builds a JSON Lines file of news-like documents by recombining the
paragraphs of the bundled sample articles (examples/articles/<code>.txt,
one per EU language): each document takes one article's headline and a
seeded selection of its paragraphs, sometimes with paragraphs from a second
article of the same language family mixed in, so documents differ in length
and content while staying in one language. No "lang" field is written, so
the benchmark includes language identification.

With --plain, only the paragraphs (and headlines) without digits and
without quotation marks are used: text where no amount and no quote can
be found, to measure what the prefilters leave of the cost.

The same arguments always give the same bytes (own 64-bit PRNG; no
dependence on Python's random module or dict order).

    python3 scripts/gen_corpus.py -o .bench/corpus.jsonl --mb 210
"""

import argparse
import json
import os
import sys

MASK = (1 << 64) - 1


class SplitMix64:
    """A small, fixed PRNG: the same sequence on every Python version."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def load_articles(folder):
    arts = []
    for name in sorted(os.listdir(folder)):
        if len(name) == 6 and name.endswith(".txt"):
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                lines = [l.strip() for l in f.read().split("\n") if l.strip()]
            if len(lines) >= 2:
                arts.append((name[:2], lines[0], lines[1:]))
    return arts


# Quotation marks of the EU languages (the apostrophe and U+2019, which is
# also the typographic apostrophe, are left in).
QUOTE_MARKS = set('"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u201a')


def is_plain(paragraph):
    """No digit and no quotation mark: nothing for the money or quote stage."""
    return not any(c.isdigit() or c in QUOTE_MARKS for c in paragraph)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", required=True, help="output JSON Lines file")
    ap.add_argument("--mb", type=float, default=210.0, help="size to reach, in MB (10^6 bytes)")
    ap.add_argument("--seed", type=int, default=20260301)
    ap.add_argument("--articles", default=os.path.join(here, "..", "examples", "articles"))
    ap.add_argument("--plain", action="store_true", help="only paragraphs without digits or quotation marks")
    args = ap.parse_args()

    arts = load_articles(args.articles)
    if args.plain:
        arts = [(code, head if is_plain(head) else "", [p for p in paras if is_plain(p)]) for code, head, paras in arts]
        arts = [a for a in arts if a[2]]
    if not arts:
        sys.exit(f"no articles in {args.articles}")
    rng = SplitMix64(args.seed)
    target = int(args.mb * 1e6)
    written = 0
    n = 0
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            code, headline, paras = arts[n % len(arts)]
            # 3 to all paragraphs, in a seeded order that keeps the lead first
            # half of the time (as real articles do).
            k = 3 + rng.below(max(1, len(paras) - 2))
            order = list(range(len(paras)))
            for i in range(len(order) - 1, 0, -1):
                j = rng.below(i + 1)
                order[i], order[j] = order[j], order[i]
            chosen = order[:k]
            if rng.below(2) == 0 and 0 not in chosen[:1]:
                chosen = [0] + [c for c in chosen if c != 0][: k - 1]
            body = [paras[c] for c in chosen]
            # One document in eight repeats a paragraph block, as live blogs and
            # updated articles do; one in sixteen is long (a dossier).
            if rng.below(8) == 0:
                body += body[: 1 + rng.below(len(body))]
            if rng.below(16) == 0:
                body = body * (2 + rng.below(4))
            day = 1 + rng.below(28)
            month = 1 + rng.below(12)
            rec = {
                "id": f"gen-{n:07d}",
                "title": headline,
                "date": f"2026-{month:02d}-{day:02d}",
                "url": f"https://news.example.eu/{code}/{n}",
                "text": "\n\n".join(([headline] if headline else []) + body),
            }
            line = json.dumps(rec, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    print(f"{args.output}: {n} documents, {written / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
