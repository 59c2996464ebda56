#!/usr/bin/env bash
# Whole-binary timings (hyperfine) of `skillgap batch` against a raw ripgrep scan, over the 2,474
# LiveCareer resumes split into one file each, in one hyperfine run (the machines are noisy): the
# reference scan `rg -c -i -F -w -j1 -f ../shared/bench/rg-aliases.txt` (557 fixed aliases) and
# rg with every taxonomy alias; prints batch's ratio to the reference and its -j2 scaling. Then
# peak memory with /usr/bin/time, and `skillgap analyze` of the README's quick-start resume,
# start-up included (100 runs).
#
#   benches/batch.sh                  # uses ../shared/corpus/resumes/livecareer-text.csv
#   CSV=path/to/livecareer-text.csv RUNS=5 benches/batch.sh
#   BIN=path/to/skillgap benches/batch.sh     # time that binary instead of building one
#
# The corpus is local-only data and is never committed: without it the script says so and exits 0.
# Figures are written to stdout as Markdown; copy them into benches/RESULTS.md with the date.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh

RUNS=${RUNS:-10}
REF=${REF:-../shared/bench/rg-aliases.txt}
need_livecareer
if [[ ! -f "$REF" ]]; then
    echo "skip: $REF not found (the reference pattern list for ripgrep)"
    exit 0
fi
for tool in hyperfine rg python3; do
    command -v "$tool" >/dev/null || { echo "skip: $tool is not installed"; exit 0; }
done
if [[ ! -x /usr/bin/time ]]; then
    echo "skip: /usr/bin/time is not installed (apt-get install time)"
    exit 0
fi

release_bin
make_work

# One file per resume, named by its ID.
python3 scripts/livecareer-files.py "$CSV" "$WORK/resumes"
FILES=$(find "$WORK/resumes" -type f | wc -l)
BYTES=$(du -sb "$WORK/resumes" | cut -f1)
"$BIN" taxonomy aliases > "$WORK/aliases.txt"
ALIASES=$(wc -l < "$WORK/aliases.txt")
ONE=fixtures/resumes/alex-rivera.txt

echo "## $(date -u +%Y-%m-%d) · $(uname -srm)"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') × $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "- $(rustc --version), $(rg --version | head -1), $(hyperfine --version)"
echo "- input: $FILES files, $BYTES bytes; $ALIASES taxonomy aliases (\`skillgap taxonomy aliases\`)"
echo

# skillgap exits 3 when a resume is blank; that is a result, not a benchmark failure: -i.
hyperfine -N -i --warmup 1 --runs "$RUNS" --style basic \
    --export-markdown "$WORK/batch.md" --export-json "$WORK/batch.json" \
    -n "rg -c -i -F -w -j1 -f rg-aliases.txt (reference)" "rg -c -i -F -w -j1 -f $REF $WORK/resumes" \
    -n "rg -c -i -F -w -j1 -f all taxonomy aliases" "rg -c -i -F -w -j1 -f $WORK/aliases.txt $WORK/resumes" \
    -n "skillgap batch -f jsonl -j1" "$BIN batch --format jsonl -j1 -q $WORK/resumes" \
    -n "skillgap batch -f jsonl -j2" "$BIN batch --format jsonl -j2 -q $WORK/resumes" \
    >&2
cat "$WORK/batch.md"
echo
python3 - "$WORK/batch.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ref = r["rg -c -i -F -w -j1 -f rg-aliases.txt (reference)"]
j1, j2 = r["skillgap batch -f jsonl -j1"], r["skillgap batch -f jsonl -j2"]
print(f"- batch -j1 / reference rg, mean wall: {j1['mean'] / ref['mean']:.2f}x "
      f"(min {j1['min'] / ref['min']:.2f}x; CPU user+sys {(j1['user'] + j1['system']) / (ref['user'] + ref['system']):.2f}x)")
print(f"- batch -j2 speed-up over -j1: {j1['mean'] / j2['mean']:.2f}x")
PY
echo

peak() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2 / 1024}'
}
echo "| peak memory (max RSS) | |"
echo "| --- | ---: |"
echo "| rg -j1 | $(peak rg -c -i -F -w -f "$WORK/aliases.txt" -j1 "$WORK/resumes") |"
echo "| skillgap batch -f jsonl -j1 | $(peak "$BIN" batch --format jsonl -j1 -q "$WORK/resumes") |"
echo "| skillgap batch -f jsonl -j2 | $(peak "$BIN" batch --format jsonl -j2 -q "$WORK/resumes") |"
echo "| skillgap batch -f html -j2 | $(peak "$BIN" batch --format html -j2 -q "$WORK/resumes") |"
echo

hyperfine -N --warmup 5 --runs 100 --style basic --export-markdown "$WORK/one.md" \
    -n "skillgap analyze $ONE" "$BIN analyze $ONE" \
    -n "skillgap analyze --format json $ONE" "$BIN analyze --format json $ONE" \
    -n "skillgap taxonomy check (start-up only)" "$BIN taxonomy check" \
    >&2
cat "$WORK/one.md"
