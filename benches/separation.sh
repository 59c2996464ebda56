#!/usr/bin/env bash
# Does market fit separate developers from everyone else? Runs `skillgap batch` over the
# LiveCareer resumes (IT = category INFORMATION-TECHNOLOGY) and the dotin development set (non-IT =
# the 40 files tests/accuracy.rs lists), and prints the median fit per group, the median ready share
# and the AUC (the chance that a random IT resume has a higher fit than a random non-IT one; ties
# count half).
#
#   benches/separation.sh            # BIN=path/to/skillgap to skip the build; needs ../shared/corpus (local-only); skips without it
set -euo pipefail
cd "$(dirname "$0")/.."
. benches/common.sh
need_livecareer
release_bin
make_work
python3 scripts/livecareer-files.py "$CSV" "$WORK/lc" --categories "$WORK/lc.tsv" 2>/dev/null
# Exit 3 (a blank resume) is a result here, not a failure.
"$BIN" batch -f jsonl -q "$WORK/lc" > "$WORK/lc.jsonl" || [[ $? == 3 ]]
"$BIN" batch -f jsonl -q --id-field file fixtures/dotin/resumes.jsonl > "$WORK/dotin.jsonl" || [[ $? == 3 ]]
python3 - "$WORK" tests/accuracy.rs <<'PY'
import json, os, re, statistics, sys
work, accuracy = sys.argv[1], sys.argv[2]
non_it = set(re.findall(r'"(\d+\.xml)"', open(accuracy).read().split("const NON_IT")[1].split("];")[0]))
cats = dict(l.rstrip("\n").split("\t") for l in open(os.path.join(work, "lc.tsv")))

def rows(name):
    for line in open(os.path.join(work, name + ".jsonl")):
        r = json.loads(line)
        if "error" in r or r.get("market") is None:
            continue
        yield r

def auc(pos, neg):
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))

def report(name, groups):
    (a, fa, ra), (b, fb, rb) = groups
    print(f"| {name} | {a}: {len(fa)} | {statistics.median(fa):.1f} | {statistics.median(ra):.1f}% "
          f"| {b}: {len(fb)} | {statistics.median(fb):.1f} | {statistics.median(rb):.1f}% | {auc(fa, fb):.3f} |")

print("| set | group | median fit | median ready | group | median fit | median ready | AUC |")
print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |")
it, other = ([], []), ([], [])
for r in rows("lc"):
    g = it if cats[os.path.basename(r["source"]["path"])] == "INFORMATION-TECHNOLOGY" else other
    g[0].append(r["score"]); g[1].append(r["market"]["ready_share"])
report("LiveCareer", [("IT", *it), ("non-IT", *other)])
by_category = {}
for r in rows("lc"):
    by_category.setdefault(cats[os.path.basename(r["source"]["path"])], []).append(r["score"])
it, other = ([], []), ([], [])
for r in rows("dotin"):
    g = other if str(r["source"].get("id")) in non_it else it
    g[0].append(r["score"]); g[1].append(r["market"]["ready_share"])
report("dotin", [("IT", *it), ("non-IT", *other)])
print()
print("| LiveCareer category | resumes | median fit | mean fit |")
print("| --- | ---: | ---: | ---: |")
for cat, fits in sorted(by_category.items(), key=lambda kv: (-statistics.median(kv[1]), kv[0])):
    print(f"| {cat} | {len(fits)} | {statistics.median(fits):.1f} | {statistics.mean(fits):.1f} |")
PY
