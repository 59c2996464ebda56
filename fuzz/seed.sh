#!/usr/bin/env bash
# Fill fuzz/corpus/<target>/ with seeds from the repository's fixtures (the corpus is git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
root=..
seed() { # seed TARGET FILE...
    local dir="corpus/$1"
    shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/$(basename "$f")"
    done
    return 0
}
seed pdf "$root"/fixtures/formats/*.pdf
seed docx "$root"/fixtures/formats/*.docx
seed json_resume "$root"/fixtures/formats/*.json
seed html "$root"/fixtures/formats/*.html
seed taxonomy "$root"/skills/*.toml "$root"/fixtures/postings/*.toml
seed normalize_match "$root"/fixtures/resumes/*.txt "$root"/fixtures/formats/*.txt "$root"/fixtures/formats/*.md
seed posting "$root"/fixtures/postings/tailor/* "$root"/fixtures/resumes/*.txt
# Each posting of the JSON Lines samples as a file of its own (its description).
for jl in "$root"/fixtures/postings/*.jsonl; do
    python3 - "$jl" corpus/posting <<'PY' || true
import json, sys, os
src, out = sys.argv[1], sys.argv[2]
name = os.path.basename(src).rsplit(".", 1)[0]
for i, line in enumerate(open(src, encoding="utf-8")):
    line = line.strip()
    if not line:
        continue
    try:
        d = json.loads(line)
    except ValueError:
        continue
    text = d.get("description") or d.get("text") or ""
    if text:
        open(os.path.join(out, f"{name}-{i}.txt"), "w", encoding="utf-8").write(text)
PY
done
# The tricky sentences and the first resumes of the dotin sample, one file each, for the matcher.
python3 - "$root" corpus/normalize_match <<'PY' || true
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
for src, limit in (("fixtures/tricky-dev.jsonl", 1000), ("fixtures/dotin/resumes.jsonl", 20)):
    name = os.path.basename(src).rsplit(".", 1)[0]
    for i, line in enumerate(open(os.path.join(root, src), encoding="utf-8")):
        if i >= limit:
            break
        text = json.loads(line).get("text", "")
        if text:
            open(os.path.join(out, f"{name}-{i}.txt"), "w", encoding="utf-8").write(text)
PY
# Regression inputs are seeds too.
for d in "$root"/fixtures/fuzz-regressions/*/; do
    [ -d "$d" ] || continue
    t=$(basename "$d")
    seed "$t" "$d"*
done
