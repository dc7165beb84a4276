#!/usr/bin/env python3
"""make bench (and make bench-summary): a reviewer's desk of N tables (the
23 real tables of tests/data/real copied round to N files, 2,000 by
default) summarised by `perfeval check --summary -f csv` with -j 1 and
-j 2, against the shell loop a reviewer writes today, one
`perfeval score -q -f json` per file.  Wall time (best of 3), tables per
second, and peak memory (max RSS by GNU time; for the loop, the largest
single run).  Timing only: nothing here is asserted.

Usage: python3 bench/summary.py PERFEVAL [N]
"""
import glob
import os
import shutil
import subprocess
import sys
import time


def wall(argv, shell=False):
    t0 = time.perf_counter()
    p = subprocess.run(argv, shell=shell, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    if p.returncode not in (0, 1, 3):
        sys.exit("bench: %s exited %d" % (argv, p.returncode))
    return time.perf_counter() - t0


def peak_kib(argv):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    return int(r.stderr.strip().splitlines()[-1])


def main():
    pe = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    out = os.environ.get("BENCH_DIR", "build-bench")
    desk = os.path.join(out, "desk-%d" % n)
    real = sorted(glob.glob("tests/data/real/*.csv"))
    if not os.path.isdir(desk):
        os.makedirs(desk)
        for i in range(n):
            shutil.copy(real[i % len(real)],
                        os.path.join(desk, "t%05d.csv" % i))
    print("machine: %d processors, load %.2f" %
          (os.cpu_count() or 0, os.getloadavg()[0]))
    print("%-34s %8s %10s %9s" % ("run (%d tables)" % n, "wall_s", "tables/s",
                                   "peak_MiB"))
    for j in ("1", "2"):
        argv = [pe, "check", "--summary", "-q", "-f", "csv", "-j", j, desk]
        t = min(wall(argv) for _ in range(3))
        print("%-34s %8.2f %10.0f %9.1f" %
              ("check --summary -j " + j, t, n / t, peak_kib(argv) / 1024))
    loop = ('for f in %s/*.csv; do "%s" score -q -f json "$f"; done'
            % (desk, pe))
    t = min(wall(loop, shell=True) for _ in range(3))
    one = peak_kib([pe, "score", "-q", "-f", "json", real[0]])
    print("%-34s %8.2f %10.0f %9.1f" %
          ("shell loop of score -f json", t, n / t, one / 1024))


main()
