#!/bin/sh
# Recompute skills/demand.toml: the share of real backend job postings that ask for each skill,
# counted with skillgap's own reader and matcher (examples/demand.rs, logic in src/demand.rs).
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
trap 'rm -f "$tmp"' EXIT
# The binary embeds skills/*.toml; an old demand.toml is only data, never an input to the count.
cargo run --quiet --release --example demand -- "$postings" --date "$date" > "$tmp"
mv "$tmp" skills/demand.toml
trap - EXIT
echo "demand.sh: wrote skills/demand.toml" >&2
