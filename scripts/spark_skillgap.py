#!/usr/bin/env python3
"""The PySpark recipe of docs/scale-out.md: map JSON Lines records through `skillgap batch
--jsonl-in` on the executors, write the rows as gzip parts, reduce with `skillgap summarize`.

    spark_skillgap.py SKILLGAP RECORDS.jsonl OUT_DIR [--partitions N] [--master local[2]]
                      [--flags='extra batch flags, e.g. --id-field file']

The binary travels with sc.addFile and is found on each executor with SparkFiles.get; each task
runs it with -j1 (Spark already runs one task per core). --engine makes a bad record a row,
not a failed task. The records are repartitioned (shuffled) on purpose: summarize does not care.
"""
import argparse
import os
import shlex
import subprocess
import sys
import time

from pyspark import SparkConf, SparkContext, SparkFiles


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("skillgap")
    ap.add_argument("records")
    ap.add_argument("out")
    ap.add_argument("--partitions", type=int, default=4)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--flags", default="", help="extra `skillgap batch` flags (one string)")
    args = ap.parse_args()

    conf = SparkConf().setMaster(args.master).setAppName("skillgap")
    sc = SparkContext(conf=conf)
    sc.setLogLevel("ERROR")
    sc.addFile(os.path.abspath(args.skillgap))
    name = os.path.basename(args.skillgap)
    flags = shlex.split(args.flags)

    def run_partition(lines):
        exe = SparkFiles.get(name)
        os.chmod(exe, 0o755)
        data = "".join(line + "\n" for line in lines)
        cmd = [exe, "batch", "--jsonl-in", "-j1", "-q", "--engine", *flags]
        done = subprocess.run(cmd, input=data.encode(), capture_output=True, check=False)
        if done.returncode != 0:
            # A usage error (exit 2): fail the task with skillgap's message.
            raise RuntimeError(done.stderr.decode(errors="replace"))
        return done.stdout.decode().splitlines()

    started = time.time()
    records = sc.textFile(os.path.abspath(args.records)).repartition(args.partitions)
    rows = records.mapPartitions(run_partition)
    rows.saveAsTextFile(
        os.path.abspath(args.out),
        compressionCodecClass="org.apache.hadoop.io.compress.GzipCodec",
    )
    print(f"spark map: {time.time() - started:.1f} s", file=sys.stderr)
    sc.stop()


if __name__ == "__main__":
    main()
