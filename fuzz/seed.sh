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
# Real documents from ../shared/corpus when it is there (local only: the corpus is git-ignored and
# nothing from shared/ is committed).
shared="$root/../shared/corpus"
if [ -d "$shared" ]; then
    mapfile -t shared_docx < <(find "$shared" -name '*.docx' | sort)
    mapfile -t shared_pdf < <(find "$shared" -name '*.pdf' -size -200k | sort | head -100)
    n=0
    for f in "${shared_docx[@]}"; do n=$((n + 1)); cp "$f" "corpus/docx/shared-$n.docx"; done
    n=0
    for f in "${shared_pdf[@]}"; do n=$((n + 1)); cp "$f" "corpus/pdf/shared-$n.pdf"; done
fi
# The XML parts of each DOCX, in the docx target's packed form: document.xml 0xFF styles.xml.
python3 - corpus/docx "$root"/fixtures/formats/*.docx corpus/docx/shared-*.docx <<'PY' || true
import os, sys, zipfile
out = sys.argv[1]
for src in sys.argv[2:]:
    try:
        z = zipfile.ZipFile(src)
        doc = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        continue
    styles = z.read("word/styles.xml") if "word/styles.xml" in z.namelist() else None
    data = doc if styles is None else doc + b"\xff" + styles
    name = os.path.basename(src).rsplit(".", 1)[0]
    open(os.path.join(out, f"xml-{name}"), "wb").write(data)
PY
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
