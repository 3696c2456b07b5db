#!/usr/bin/env python3
"""What exact-span NER scores a gold file allows, from a scorer dump.

`../shared/tools/ner_conll.py --dump OUT.conll` writes one line per gold
token: the token, its gold IOB2 tag and newsx's IOB2 tag.  That scorer maps
a predicted mention to the gold tokens whose *whole* character range lies
inside it.  A gold entity whose first or last token carries punctuation
glued to it by the source's tokenisation ("Zwolle,", "Rossini.", "(Londen")
can therefore only be matched by a mention that includes the punctuation,
which no correct mention does.  This script counts those entities and gives
the resulting ceiling, and measures how consistently the gold tags the same
word (a second ceiling, on precision).

    python3 ../shared/tools/ner_conll.py --format europeana \\
        --cli target/release/newsx --dump /tmp/eur.conll
    python3 scripts/ner_ceiling.py /tmp/eur.conll --target 0.60

Last line: a JSON headline.
"""

import argparse
import json
import re
import sys
from collections import Counter, defaultdict

WORD_EDGE_START = re.compile(r"^\w")
WORD_EDGE_END = re.compile(r"\w$")


def read_dump(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            parts = line.rstrip("\n").split(" ")
            if len(parts) == 1 and not parts[0]:
                continue
            if len(parts) != 3:
                sys.exit(f"{path}:{line_no}: expected 'token gold pred', got {line.rstrip()!r}")
            rows.append(parts)
    return rows


def spans(rows, col):
    """Exact (start, end, type) spans of IOB2 column `col`."""
    out = []
    start, typ = None, None
    for i, row in enumerate(rows + [["", "O", "O"]]):
        tag = row[col]
        if typ is not None and (tag == "O" or tag.startswith("B-") or tag[2:] != typ):
            out.append((start, i, typ))
            typ = None
        if tag != "O" and typ is None:
            start, typ = i, tag[2:]
    return out


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dump", help="token/gold/pred file written by ner_conll.py --dump")
    ap.add_argument("--target", type=float, default=0.60, help="F1 target to check against")
    args = ap.parse_args()

    rows = read_dump(args.dump)
    gold = spans(rows, 1)
    pred = set(spans(rows, 2))

    def glued(s, e):
        return not WORD_EDGE_START.search(rows[s][0]) or not WORD_EDGE_END.search(rows[e - 1][0])

    unreachable = [g for g in gold if glued(g[0], g[1])]
    by_type = Counter(t for _, _, t in gold)
    unreachable_by_type = Counter(t for _, _, t in unreachable)
    reachable = len(gold) - len(unreachable)
    max_recall = reachable / len(gold) if gold else 0.0
    best_f1 = f1(1.0, max_recall)
    # Precision needed for the target at the highest reachable recall.
    t = args.target
    need_p = t * max_recall / (2 * max_recall - t) if 2 * max_recall > t else float("inf")

    # Consistency: capitalised alphabetic tokens the gold tags at least once
    # (as any type): what share of their occurrences carry a tag.
    seen = defaultdict(Counter)
    for tok, g, _ in rows:
        seen[tok]["tagged" if g != "O" else "O"] += 1
    occ = tagged = 0
    for tok, c in seen.items():
        if c["tagged"] and tok[:1].isupper() and tok.isalpha():
            occ += c["tagged"] + c["O"]
            tagged += c["tagged"]
    consistency = tagged / occ if occ else 0.0

    tp = sum(1 for g in gold if g in pred)
    print(f"gold entities: {len(gold)}  ({', '.join(f'{k} {v}' for k, v in sorted(by_type.items()))})")
    print(f"  first or last token with glued punctuation (no correct mention can match): {len(unreachable)}"
          f"  ({', '.join(f'{k} {v}' for k, v in sorted(unreachable_by_type.items()))})")
    print(f"  highest reachable recall: {max_recall:.4f}; F1 with perfect precision: {best_f1:.4f}")
    print(f"  precision needed for F1 {t:.2f} at that recall: "
          + (f"{need_p:.4f}" if need_p != float("inf") else "unreachable"))
    print(f"capitalised words the gold tags somewhere: tagged at {consistency:.1%} of their {occ} occurrences")
    print(f"newsx: {len(pred)} predicted spans, {tp} exact matches "
          f"({tp / reachable:.1%} of the reachable gold)" if reachable else "")
    print(json.dumps({
        "gold": len(gold), "unreachable": len(unreachable), "max_recall": round(max_recall, 4),
        "max_f1": round(best_f1, 4), "precision_needed": None if need_p == float("inf") else round(need_p, 4),
        "tag_consistency": round(consistency, 4), "target": t,
    }))


if __name__ == "__main__":
    main()
