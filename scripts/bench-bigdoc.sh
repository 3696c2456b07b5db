#!/usr/bin/env bash
# Peak memory and time of `newsx batch` on ONE very large document: the
# paragraphs of a bundled sample article (examples/articles/$LANG.txt),
# repeated in a seeded order until the text reaches $MB megabytes, written
# as a single JSON Lines record. Issue 7 asks for peak RSS <= 300 MB
# whatever the input size, a single 50 MB document included.
#
#   scripts/bench-bigdoc.sh             # one 50 MB Dutch document
#   MB=10 LANG_CODE=de scripts/bench-bigdoc.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-50}
LANG_CODE=${LANG_CODE:-nl}
dir=.bench
mkdir -p "$dir"
doc="$dir/bigdoc-${LANG_CODE}-${MB}mb.jsonl"

cargo build --release --quiet
if [ ! -s "$doc" ]; then
    python3 - "$LANG_CODE" "$MB" "$doc" <<'PY'
import json, sys
code, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
paras = [p.strip() for p in open(f"examples/articles/{code}.txt", encoding="utf-8").read().split("\n\n") if p.strip()]
target, parts, size, state = int(mb * 1e6), [], 0, 12345
while size < target:
    state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
    p = paras[(state >> 33) % len(paras)]
    parts.append(p)
    size += len(p.encode("utf-8")) + 2
with open(out, "w", encoding="utf-8") as f:
    f.write(json.dumps({"id": f"big-{code}", "text": "\n\n".join(parts)}, ensure_ascii=False) + "\n")
PY
fi
bytes=$(stat -c %s "$doc")
log="$dir/time-bigdoc.txt"
out="$dir/out-bigdoc.jsonl"
/usr/bin/time -v target/release/newsx batch "$doc" -o "$out" --jobs 1 --quiet 2> "$log"
wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log")
rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
recs=$(wc -l < "$out")
[ "$recs" = 1 ] || { echo "FAIL: $recs records out for 1 document in"; exit 1; }
echo "one $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB document ($LANG_CODE): $wall wall, peak RSS $rss kB ($(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}') MB), output $(awk -v b="$(stat -c %s "$out")" 'BEGIN{printf "%.1f", b/1e6}') MB"
