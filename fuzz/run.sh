#!/usr/bin/env bash
# Run fuzz targets one after another, each for SECONDS, on one core:
#   fuzz/run.sh SECONDS [TARGET...]        (default: every target)
# Builds without a sanitizer and with debug assertions (overflow checks on): skillgap has no unsafe
# code (`unsafe_code = "forbid"`), so AddressSanitizer found nothing extra and cost a factor of 5 to
# 15 in executions. Progress goes to fuzz/logs/TARGET.log, start and end times to
# fuzz/logs/schedule.log, crashes to fuzz/artifacts/TARGET/. Run two at once on two cores.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cargo +nightly fuzz list)
[ -d corpus ] || bash seed.sh
cargo +nightly fuzz build -s none -a
mkdir -p logs
bin=target/x86_64-unknown-linux-gnu/release
for t in "${targets[@]}"; do
    mkdir -p "artifacts/$t" "corpus/$t"
    echo "== $t ${secs} s start $(date -u +%FT%TZ)" >>logs/schedule.log
    rc=0
    "$bin/$t" "corpus/$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="artifacts/$t/" -print_final_stats=1 >"logs/$t.log" 2>&1 || rc=$?
    echo "== $t end $(date -u +%FT%TZ) exit $rc: $(grep -E '^Done [0-9]+ runs' "logs/$t.log" || true)" \
        >>logs/schedule.log
done
