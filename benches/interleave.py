#!/usr/bin/env python3
"""Time commands in turns: one run of each, then again, N times (after 3 warm-up rounds).

On a shared machine a busy spell lands on every command alike, so the medians compare fairly
where back-to-back hyperfine runs of each command can differ by a third. Prints median, mean,
10th and 90th percentile wall time, and mean CPU time (user + system) of each command.

    benches/interleave.py 80 "target/release/skillgap analyze fixtures/resumes/alex-rivera.txt" \\
                             "old/skillgap analyze fixtures/resumes/alex-rivera.txt"
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    commands = sys.argv[2:]
    argvs = [shlex.split(c) for c in commands]
    wall = [[] for _ in argvs]
    cpu = [[] for _ in argvs]
    for round_ in range(runs + 3):
        for i, argv in enumerate(argvs):
            before = os.times()
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            elapsed = (time.perf_counter() - start) * 1000
            after = os.times()
            if round_ >= 3:
                wall[i].append(elapsed)
                cpu[i].append(
                    ((after.children_user - before.children_user)
                     + (after.children_system - before.children_system)) * 1000
                )
    for command, w, c in zip(commands, wall, cpu):
        w.sort()
        print(
            f"median {statistics.median(w):7.2f} ms  mean {statistics.mean(w):7.2f}  "
            f"p10 {w[len(w) // 10]:7.2f}  p90 {w[9 * len(w) // 10]:7.2f}  "
            f"cpu {statistics.mean(c):7.2f}  {command}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
