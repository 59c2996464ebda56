#!/usr/bin/env bash
# The two recipes of docs/scale-out.md over the 2,474 LiveCareer resumes, timed, with every cohort
# format of the reduce compared byte for byte to one `batch` run; the tree reduce against the flat
# one; row sizes; `summarize` time and peak memory.
#
#   benches/scale-out.sh            # CSV=../shared/corpus/resumes/livecareer-text.csv
#   PYTHON=/tmp/sparkvenv/bin/python benches/scale-out.sh   # with pyspark for the Spark recipe
#
# Local-only data: without the corpus it says so and exits 0. Spark is skipped without java/pyspark.
set -euo pipefail
cd "$(dirname "$0")/.."
CSV=${CSV:-../shared/corpus/resumes/livecareer-text.csv}
PYTHON=${PYTHON:-python3}
[[ -f "$CSV" ]] || { echo "skip: $CSV not found (local-only data)"; exit 0; }
command -v parallel >/dev/null || { echo "skip: GNU parallel is not installed"; exit 0; }
BIN=${BIN:-}
if [[ -z "$BIN" ]]; then cargo build --release --quiet; BIN=$PWD/target/release/skillgap; fi
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
t() { local s; s=$(date +%s.%N); "$@"; printf '%.1f' "$(echo "$(date +%s.%N) - $s" | bc)"; }

python3 - "$CSV" "$W/records.jsonl" <<'PY'
import csv, json, sys
csv.field_size_limit(1 << 30)
with open(sys.argv[1], newline="", encoding="utf-8") as f, open(sys.argv[2], "w") as o:
    for row in csv.DictReader(f):
        o.write(json.dumps({"id": int(row["ID"]), "category": row["Category"], "text": row["Text"]}) + "\n")
PY
N=$(wc -l < "$W/records.jsonl")
echo "- input: $N records, $(wc -c < "$W/records.jsonl") bytes; $(nproc) cores (shared with other builds)"

echo "- one batch run (-j2), per format:"
for f in jsonl markdown json html; do
    printf '  - %s: %s s\n' "$f" "$(t sh -c "'$BIN' batch --jsonl-in -q -j2 --engine -f $f < '$W/records.jsonl' > '$W/one.$f'")"
done
"$BIN" batch --jsonl-in -q -j2 --engine --full < "$W/records.jsonl" > "$W/full.jsonl"
python3 - "$W/one.jsonl" "$W/full.jsonl" <<'PY'
import statistics, sys
for name, path in (("slim (default)", sys.argv[1]), ("--full", sys.argv[2])):
    sizes = [len(l) for l in open(path, "rb")]
    print(f"- row size, {name}: median {statistics.median(sizes)/1024:.1f} KB, total {sum(sizes)/1e6:.1f} MB")
PY
for f in markdown json html; do
    "$BIN" summarize --engine "$W/full.jsonl" -f $f > "$W/full.$f"
    cmp -s "$W/one.$f" "$W/full.$f" && echo "  - summarize of --full rows, $f: identical to one run" || echo "  - summarize of --full rows, $f: DIFFERS"
done

# GNU parallel: split (shuffled), map with -j1 per job, two jobs at a time, gzip the parts.
mkdir -p "$W/split" "$W/par"
shuf "$W/records.jsonl" | split -l 310 -d - "$W/split/part-"
printf -- '- GNU parallel map (8 parts, -j2 jobs of -j1): %s s\n' "$(t sh -c \
    "parallel -j2 '$BIN batch --jsonl-in -q -j1 --engine < {} | gzip -1 > $W/par/{/}.gz' ::: $W/split/part-*")"
for f in markdown json html; do
    s=$(t sh -c "'$BIN' summarize --engine '$W/par' -f $f > '$W/par.$f'")
    if cmp -s "$W/one.$f" "$W/par.$f"; then r=identical; else r=DIFFERS; fi
    echo "  - reduce $f: $s s, $r"
done
# Tree: two partials of four parts each, then the partials.
ls "$W"/par/*.gz | head -4 | xargs "$BIN" summarize --engine -f jsonl -o "$W/p1.jsonl"
ls "$W"/par/*.gz | tail -4 | xargs "$BIN" summarize --engine -f jsonl -o "$W/p2.jsonl"
for f in markdown json html; do
    "$BIN" summarize --engine "$W/p2.jsonl" "$W/p1.jsonl" -f $f > "$W/tree.$f"
    cmp -s "$W/tree.$f" "$W/par.$f" && echo "  - tree reduce $f: identical to the flat reduce" || echo "  - tree reduce $f: DIFFERS"
done
/usr/bin/time -v "$BIN" summarize "$W/one.jsonl" -f json -o /dev/null 2> "$W/time.txt" || true
echo "- summarize of $N rows (json): $(grep 'Elapsed' "$W/time.txt" | awk '{print $NF}') wall, peak $(grep 'Maximum resident' "$W/time.txt" | awk '{print $NF}') KB"
/usr/bin/time -v "$BIN" summarize "$W/one.jsonl" -f html -o /dev/null 2> "$W/time.txt" || true
echo "- summarize of $N rows (html): $(grep 'Elapsed' "$W/time.txt" | awk '{print $NF}') wall, peak $(grep 'Maximum resident' "$W/time.txt" | awk '{print $NF}') KB"

if command -v java >/dev/null && "$PYTHON" -c 'import pyspark' 2>/dev/null; then
    s=$(t sh -c "PYSPARK_PYTHON=$PYTHON $PYTHON scripts/spark_skillgap.py '$BIN' '$W/records.jsonl' '$W/spark' --master 'local[2]' --partitions 8 2> '$W/spark.log'")
    echo "- Spark local[2] map (8 partitions, repartitioned; JVM start-up included): $s s ($(grep -o 'spark map: [0-9.]* s' "$W/spark.log"))"
    echo "  - output: $(ls "$W/spark" | wc -l) files ($(ls "$W/spark" | grep -c '^part-') part-*.gz, _SUCCESS, .crc)"
    for f in markdown json html; do
        s=$(t sh -c "'$BIN' summarize --engine '$W/spark' -f $f > '$W/spark.$f'")
        if cmp -s "$W/one.$f" "$W/spark.$f"; then r=identical; else r=DIFFERS; fi
        echo "  - reduce $f: $s s, $r"
    done
else
    echo "- Spark: skipped (java or pyspark missing)"
fi
