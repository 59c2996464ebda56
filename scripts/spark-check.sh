#!/usr/bin/env bash
# Run the PySpark recipe of docs/scale-out.md on the bundled fixtures and check that its reduce
# (`skillgap summarize` over Spark's output folder) equals one `skillgap batch` run byte for byte
# in every cohort format. Optional and local: skips with a message where Java or pyspark is
# missing (.ci/run does not need it).
#
#   scripts/spark-check.sh                        # fixtures/dotin/resumes.jsonl, local[2]
#   PYTHON=/tmp/sparkvenv/bin/python RECORDS=x.jsonl FLAGS="--id-field id" scripts/spark-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
RECORDS=${RECORDS:-fixtures/dotin/resumes.jsonl}
FLAGS=${FLAGS:---id-field file}
MASTER=${MASTER:-local[2]}
PARTITIONS=${PARTITIONS:-4}
command -v java >/dev/null || { echo "skip: java is not installed (apt-get install default-jdk-headless)"; exit 0; }
"$PYTHON" -c 'import pyspark' 2>/dev/null || {
    echo "skip: pyspark is not importable by $PYTHON (python3 -m venv v && v/bin/pip install pyspark; PYTHON=v/bin/python)"
    exit 0
}
BIN=${BIN:-}
if [[ -z "$BIN" ]]; then
    cargo build --release --quiet
    BIN=$PWD/target/release/skillgap
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# shellcheck disable=SC2086
PYSPARK_PYTHON=$PYTHON "$PYTHON" scripts/spark_skillgap.py "$BIN" "$RECORDS" "$WORK/rows" \
    --master "$MASTER" --partitions "$PARTITIONS" --flags="$FLAGS"
status=0
for format in markdown json html; do
    # shellcheck disable=SC2086
    "$BIN" batch --jsonl-in -q --engine $FLAGS -f "$format" < "$RECORDS" > "$WORK/one.$format"
    start=$(date +%s.%N)
    "$BIN" summarize "$WORK/rows" -f "$format" --engine > "$WORK/reduce.$format"
    end=$(date +%s.%N)
    if cmp -s "$WORK/one.$format" "$WORK/reduce.$format"; then
        printf 'ok: %s reduce equals one batch run (%s bytes, reduce %.2f s)\n' \
            "$format" "$(wc -c < "$WORK/one.$format")" "$(echo "$end - $start" | bc)"
    else
        echo "FAIL: $format reduce differs from one batch run"
        status=1
    fi
done
exit $status
