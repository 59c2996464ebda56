#!/usr/bin/env python3
"""Split the LiveCareer resume CSV (local-only data, never committed) into one text file per
resume, named by its ID, for the benchmarks and the browser check.

    scripts/livecareer-files.py CSV OUT_DIR [--categories FILE]

--categories also writes `ID.txt<TAB>Category` lines. The count and size go to stderr.
"""
import argparse
import csv
import os
import sys

parser = argparse.ArgumentParser()
parser.add_argument("csv")
parser.add_argument("out")
parser.add_argument("--categories")
args = parser.parse_args()

csv.field_size_limit(1 << 30)
os.makedirs(args.out)
cats = open(args.categories, "w", encoding="utf-8") if args.categories else None
n = size = 0
with open(args.csv, newline="", encoding="utf-8") as f:
    for row in csv.DictReader(f):
        name = row["ID"] + ".txt"
        with open(os.path.join(args.out, name), "w", encoding="utf-8") as o:
            o.write(row["Text"])
        if cats:
            cats.write(f"{name}\t{row['Category']}\n")
        n += 1
        size += len(row["Text"].encode())
if cats:
    cats.close()
print(f"{n} resumes, {size / 1e6:.1f} MB of text", file=sys.stderr)
