#!/usr/bin/env bash
# Reproducible throughput benchmark of `newsx batch`: generates a
# deterministic >= 200 MB multilingual JSON Lines corpus from the bundled
# sample articles (scripts/gen_corpus.py), then times the whole pipeline
# (language identification, segmentation, entities, money, quotes, JSON
# output) with /usr/bin/time -v at --jobs 1 and --jobs 2.
#
#   scripts/bench-batch.sh            # 210 MB corpus in .bench/
#   MB=50 scripts/bench-batch.sh      # a smaller run
#   JOBS="1 2 4" scripts/bench-batch.sh
#
# Prints, per run, the throughput (input MB / wall seconds), the peak RSS,
# and the speed-up of each run over --jobs 1.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-210}
JOBS=${JOBS:-"1 2"}
FORMAT=${FORMAT:-jsonl}
dir=.bench
mkdir -p "$dir"
corpus="$dir/corpus-${MB}mb.jsonl"

cargo build --release --quiet
if [ ! -s "$corpus" ]; then
    python3 scripts/gen_corpus.py -o "$corpus" --mb "$MB"
fi
bytes=$(stat -c %s "$corpus")
docs=$(wc -l < "$corpus")
echo "corpus: $corpus, $docs documents, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB"

base=""
for j in $JOBS; do
    out="$dir/out-j$j"
    [ "$FORMAT" = jsonl ] && out="$out.jsonl"
    rm -rf "$out"
    log="$dir/time-j$j.txt"
    /usr/bin/time -v target/release/newsx batch "$corpus" -o "$out" --jobs "$j" --format "$FORMAT" --quiet 2> "$log"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log")
    secs=$(echo "$wall" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
    rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
    user=$(awk -F': ' '/User time/{print $2}' "$log")
    if [ "$FORMAT" = jsonl ]; then
        recs=$(wc -l < "$out")
        [ "$recs" = "$docs" ] || { echo "FAIL: $recs records out for $docs documents in"; exit 1; }
    fi
    mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN{printf "%.1f", b/1e6/s}')
    [ -z "$base" ] && base=$secs
    speedup=$(awk -v a="$base" -v s="$secs" 'BEGIN{printf "%.2f", a/s}')
    echo "jobs $j: $mbs MB/s ($secs s wall, $user s user), peak RSS $(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}') MB, speed-up over jobs $(echo $JOBS | cut -d' ' -f1): ${speedup}x"
done
