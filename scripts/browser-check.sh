#!/usr/bin/env bash
# The HTML reports in a real browser: writes the pages (the cohort page over the fixtures, the
# one-person page, and the cohort page over the 2,474 LiveCareer resumes when
# ../shared/corpus/resumes/livecareer-text.csv exists), then tests/browser/check.mjs opens each in
# headless Chromium: sorts, filters, follows a person link, no console errors, nothing wider than
# a 390-px phone, load/sort/filter times; screenshots at 1400 and 390 px go to target/browser/.
#
#   scripts/browser-check.sh            # what .ci/run runs
#   BUDGET=1 scripts/browser-check.sh   # also fail when a page misses the issue's time budget
#
# Installs what it needs when missing: Debian's chromium, node and npm (apt-get), and
# playwright-core (npm ci, pinned by tests/browser/package-lock.json). playwright-core drives the
# system Chromium over the DevTools protocol and downloads no browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${BIN:-target/debug/skillgap}
CSV=${CSV:-../shared/corpus/resumes/livecareer-text.csv}
OUT=target/browser
mkdir -p "$OUT"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
    echo "browser-check: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
    echo "browser-check: playwright-core needs Node.js 20 or later; this is $(node --version)" >&2
    exit 1
fi
if [[ ! -d tests/browser/node_modules/playwright-core ]]; then
    (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi
[[ -x $BIN ]] || cargo build --quiet

# Each page: a name, what check.mjs checks it as, and the skillgap command that writes it.
# Exit 3 means some documents failed, which the fixtures do on purpose (two broken PDFs).
pages=()
page() {
    local name=$1 kind=$2 code=0
    shift 2
    "$BIN" "$@" >"$OUT/$name.html" 2>/dev/null || code=$?
    if ((code != 0 && code != 3)); then
        echo "browser-check: \`skillgap $*\` exited $code" >&2
        exit 1
    fi
    pages+=("$OUT/$name.html:$kind")
}
page cohort-fixtures cohort batch fixtures -g '!dotin/**' -g '!fuzz-regressions/**' -g '!*.jsonl' -f html -q
page person-alex-rivera person analyze fixtures/resumes/alex-rivera.txt --format html
if [[ -f $CSV ]]; then
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    # One file per resume, named by its ID (as benches/batch.sh does); local data, never kept.
    python3 scripts/livecareer-files.py "$CSV" "$WORK/livecareer"
    page cohort-livecareer cohort batch "$WORK/livecareer" -f html -q
else
    echo "browser-check: $CSV not found; the 2,474-resume cohort page is skipped"
fi
node tests/browser/check.mjs "${pages[@]}"
