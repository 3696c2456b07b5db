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
#   REPS=1 scripts/bench-batch.sh     # one round instead of five
#   PLAIN=1 scripts/bench-batch.sh    # only paragraphs without digits or
#                                     # quotation marks (gen_corpus.py --plain)
#
# Runs REPS rounds (default 5); each round runs every job count once, in
# turn, so that a slow or fast phase of a shared machine touches every job
# count alike. Prints, per run, the throughput (input MB / wall seconds), the
# peak RSS and the speed-up over the first job count in the same round; then
# per job count the median wall time over the rounds, its throughput, the
# highest peak RSS, and the speed-up of the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${MB:-210}
JOBS=${JOBS:-"1 2"}
REPS=${REPS:-5}
FORMAT=${FORMAT:-jsonl}
PLAIN=${PLAIN:-}
dir=.bench
mkdir -p "$dir"
corpus="$dir/corpus-${MB}mb${PLAIN:+-plain}.jsonl"

cargo build --release --quiet
if [ ! -s "$corpus" ]; then
    python3 scripts/gen_corpus.py -o "$corpus" --mb "$MB" ${PLAIN:+--plain}
fi
bytes=$(stat -c %s "$corpus")
docs=$(wc -l < "$corpus")
echo "corpus: $corpus, $docs documents, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB"

first=$(echo $JOBS | cut -d' ' -f1)
results="$dir/results.txt"
: > "$results"
for round in $(seq 1 "$REPS"); do
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
        echo "round $round, jobs $j: $mbs MB/s ($secs s wall, $user s user), peak RSS $(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}') MB, speed-up over jobs $first: ${speedup}x"
        echo "$j $secs $rss" >> "$results"
    done
done
base=""
for j in $JOBS; do
    med=$(awk -v j="$j" '$1 == j {print $2}' "$results" | sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}')
    rss=$(awk -v j="$j" '$1 == j && $3 > m {m=$3} END{print m}' "$results")
    [ -z "$base" ] && base=$med
    echo "median of $REPS, jobs $j: $(awk -v b="$bytes" -v s="$med" 'BEGIN{printf "%.1f", b/1e6/s}') MB/s ($med s wall), peak RSS $(awk -v k="$rss" 'BEGIN{printf "%.0f", k/1024}') MB, speed-up over jobs $first: $(awk -v a="$base" -v s="$med" 'BEGIN{printf "%.2f", a/s}')x"
done
