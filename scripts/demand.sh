#!/bin/sh
# Recompute skills/demand.toml (the share of real backend job postings that ask for each skill)
# and skills/market.tsv (each posting's level, month and required/preferred skill ids, no text:
# the built-in market of `analyze` and `skillgap market`), with skillgap's own reader and matcher
# (examples/demand.rs; logic in src/analysis/demand.rs and src/analysis/market.rs).
#
#   scripts/demand.sh [POSTINGS.jsonl] [DATE]
#
# The postings are local data (../shared/corpus/jobs/), never committed. When they are absent the
# script says so and leaves the committed figures alone. Re-run it after changing aliases.
set -eu
cd "$(dirname "$0")/.."
postings="${1:-../shared/corpus/jobs/linkedin-backend-2025.jsonl}"
date="${2:-$(date -u +%Y-%m-%d)}"
if [ ! -f "$postings" ]; then
    echo "demand.sh: $postings not found (local data); skills/demand.toml left as it is" >&2
    exit 0
fi
tmp="$(mktemp)"
tmp_market="$(mktemp)"
trap 'rm -f "$tmp" "$tmp_market"' EXIT
# The binary embeds skills/*.toml and skills/market.tsv; the old files are only data, never an
# input to the count.
cargo run --quiet --release --example demand -- "$postings" --date "$date" --market "$tmp_market" > "$tmp"
mv "$tmp" skills/demand.toml
mv "$tmp_market" skills/market.tsv
trap - EXIT
echo "demand.sh: wrote skills/demand.toml and skills/market.tsv" >&2
