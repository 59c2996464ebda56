#!/usr/bin/env python3
"""The PySpark recipe of docs/python.md: analyse JSON Lines records with the skillgap package on
the executors (mapInPandas, one thread per task), one row per person, written as Parquet.

    spark_analyze.py RECORDS.jsonl OUT_DIR [--id-field id] [--text-field text] [--master local[2]]

Needs pyspark, pandas and pyarrow, and the skillgap package installed where the executors run.
"""
import argparse
import os
import sys
import time

from pyspark.sql import SparkSession

SCHEMA = (
    "id string, score double, market_fit double, matched long, gaps long, "
    "top_gaps array<string>, error string"
)


def analyze_partition(frames):
    from skillgap.pandas import analyze_frame  # imported on the executor

    for df in frames:
        out = analyze_frame(df, text_col="text", id_col="id", threads=1)
        yield out[["id", "score", "market_fit", "matched", "gaps", "top_gaps", "error"]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("out")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--master", default="local[2]")
    args = ap.parse_args()
    # Local mode: the workers use this interpreter (the one with skillgap), not `python3`.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    spark = SparkSession.builder.master(args.master).appName("skillgap").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    started = time.time()
    records = spark.read.json(args.records).selectExpr(
        f"cast(`{args.id_field}` as string) as id", f"`{args.text_field}` as text"
    )
    people = records.mapInPandas(analyze_partition, schema=SCHEMA)
    people.write.mode("overwrite").parquet(args.out)
    n = spark.read.parquet(args.out).count()
    print(f"{n} people in {time.time() - started:.1f} s")
    spark.stop()


if __name__ == "__main__":
    main()
