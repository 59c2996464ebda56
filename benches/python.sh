#!/usr/bin/env bash
# The Python package against the CLI on the 2,474 LiveCareer resumes (one file each), paired in
# the same time window: `skillgap batch` (-j1, -j2; --full analyses without the catalogue text,
# and --details, whose lines are what `analyze` prints) and `skillgap.analyze_many` (threads 1 and 2, lean and full, results decoded
# into dicts), alternating run by run. Also `import skillgap` and the first call (engine built).
#
#   benches/python.sh          PY=path/to/venv/bin/python (with skillgap installed) RUNS=3
#
# The corpus is local-only data: without it the script says so and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh

RUNS=${RUNS:-3}
PY=${PY:-target/python-venv/bin/python}
need_livecareer
if ! "$PY" -c 'import skillgap' 2>/dev/null; then
    echo "skip: $PY cannot import skillgap (run scripts/python-check.sh, or set PY)"
    exit 0
fi
command -v hyperfine >/dev/null || { echo "skip: hyperfine is not installed"; exit 0; }

release_bin
make_work
python3 scripts/livecareer-files.py "$CSV" "$WORK/resumes"
N=$(find "$WORK/resumes" -type f | wc -l)
cat > "$WORK/many.py" <<'PY'
import os, sys, time
t0 = time.perf_counter()
import skillgap
folder, threads, details = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "details"
paths = sorted(os.path.join(folder, f) for f in os.listdir(folder))
t1 = time.perf_counter()
rows = skillgap.analyze_many(paths, threads=threads, errors="include", details=details)
n = sum(1 for _ in rows)
t2 = time.perf_counter()
print(f"{n} {t1 - t0:.3f} {t2 - t1:.3f}")
PY

echo "## $(date -u +%Y-%m-%d) · $(uname -srm)"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //') × $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $("$PY" --version), skillgap $("$PY" -c 'import skillgap; print(skillgap.__version__)'); $N resumes"
echo
echo "| run | command | wall s | resumes/s |"
echo "| ---: | --- | ---: | ---: |"
for run in $(seq 1 "$RUNS"); do
    for j in 1 2; do
        for details in "--full" "--details"; do
            start=$(date +%s.%N)
            "$BIN" batch -q --engine -j"$j" $details --format jsonl "$WORK/resumes" > /dev/null
            secs=$(echo "$(date +%s.%N) - $start" | bc)
            printf '| %d | `skillgap batch -j%d %s` | %.2f | %.0f |\n' "$run" "$j" "$details" "$secs" "$(echo "$N / $secs" | bc -l)"
        done
        for details in lean details; do
            read -r n imp secs < <("$PY" "$WORK/many.py" "$WORK/resumes" "$j" "$details")
            flag=$([[ $details == lean ]] && echo ", details=False" || true)
            printf '| %d | `analyze_many(threads=%d%s)` | %.2f | %.0f |\n' "$run" "$j" "$flag" "$secs" "$(echo "$n / $secs" | bc -l)"
        done
    done
done
echo
echo "Import and first call:"
echo
echo '```'
hyperfine -N -w 2 -r 20 "$PY -c pass" "$PY -c 'import skillgap'" \
    "$PY -c 'import skillgap; skillgap.analyze(\"Python, Docker\")'" 2>&1 | grep -E "Benchmark|Time"
echo '```'
