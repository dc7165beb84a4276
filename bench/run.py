#!/usr/bin/env python3
"""make bench: `perfeval check` on long-format files of 100,000 and
1,000,000 indicator rows against a bare libcsv parse of the same files;
then the 100,000-row file as an .xlsx workbook, read directly, against
LibreOffice converting the same workbook to CSV (when soffice is
installed; the clerk's other way in); then the worst cases, inputs built
to find time or memory that grows faster than the input (bench/worst.py).

Prints the machine and its load, wall time (best of 5, and the spread of
the 5 as "noise": worst over best), the ratio to the bare parse, rows per
second and peak memory (max RSS, measured by GNU time: a forked Python's own pages
would count in wait4's figure).

Usage: python3 bench/run.py PERFEVAL BARE_PARSE [ROWS...]
       python3 bench/run.py PERFEVAL BARE_PARSE --worst   (the worst cases
       alone)
"""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worst import worst_cases  # noqa: E402


def run(argv):
    """Wall seconds and max RSS (KiB) of one run, output discarded."""
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("bench: %s exited %d" % (" ".join(argv), code))
    return dt, ru


def best(argv, n=5):
    return min(run(argv)[0] for _ in range(n))


def peak_kib(argv):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + argv,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       text=True)
    return int(r.stderr.strip().splitlines()[-1])


def machine():
    """What the figures were measured on, and how busy it was."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return "%s, %d cores, load average %.2f before the run" % (
        model, os.cpu_count() or 0, load)


def spread(argv, n=5):
    """Best and worst wall time of n runs: a wide spread means a noisy
    machine, and the best is the figure to quote."""
    times = [run(argv)[0] for _ in range(n)]
    return min(times), max(times)


def main():
    pe, bare = sys.argv[1], sys.argv[2]
    print("machine: " + machine())
    out = os.environ.get("BENCH_DIR", "build-bench")
    os.makedirs(out, exist_ok=True)
    if "--worst" in sys.argv[3:]:
        worst_cases(pe, out)
        return
    sizes = [int(a) for a in sys.argv[3:]] or [100000, 1000000]
    print("%-9s %9s %9s %7s %12s %9s %9s" %
          ("rows", "bare_s", "check_s", "ratio", "rows/s", "peak_MiB",
           "noise"))
    for rows in sizes:
        f = os.path.join(out, "long-%d.csv" % rows)
        if not os.path.exists(f):
            with open(f, "w") as fh:
                subprocess.run([sys.executable, "bench/gen_long.py", str(rows)],
                               stdout=fh, check=True)
        b = best([bare, f])
        c, worst = spread([pe, "check", "-q", "-f", "csv", f])
        peak = peak_kib([pe, "check", "-q", "-f", "csv", f])
        print("%-9d %9.3f %9.3f %7.2f %12.0f %9.1f %8.0f%%" %
              (rows, b, c, c / b, rows / c, peak / 1024,
               100 * (worst - c) / c))
    xlsx_bench(pe, out, sizes[0])
    worst_cases(pe, out)


def xlsx_bench(pe, out, rows):
    """The long format as a workbook: read directly, against converting it
    with LibreOffice; the two must give the same records."""
    csv_path = os.path.join(out, "long-%d.csv" % rows)
    xlsx = os.path.join(out, "long-%d.xlsx" % rows)
    if not os.path.exists(xlsx):
        subprocess.run([sys.executable, "bench/gen_xlsx.py", csv_path, xlsx],
                       check=True)
    print()
    print("%-34s %9s %9s" % ("%d rows as .xlsx (%.1f MB)" %
                              (rows, os.path.getsize(xlsx) / 1e6),
                              "wall_s", "peak_MiB"))
    argv = [pe, "check", "-q", "-f", "csv", xlsx]
    print("%-34s %9.3f %9.1f" % ("perfeval check FILE.xlsx", best(argv, 3),
                                 peak_kib(argv) / 1024))
    argv = [pe, "check", "-q", "-f", "csv", csv_path]
    print("%-34s %9.3f %9.1f" % ("perfeval check FILE.csv", best(argv, 3),
                                 peak_kib(argv) / 1024))
    direct = subprocess.run([pe, "check", "-q", "-f", "csv", xlsx],
                            capture_output=True, text=True).stdout
    via_csv = subprocess.run([pe, "check", "-q", "-f", "csv", csv_path],
                             capture_output=True, text=True).stdout
    if direct != via_csv:
        sys.exit("bench: the .xlsx and the .csv give different records")
    soffice = shutil.which("soffice")
    if not soffice:
        print("%-34s %9s %9s" % ("soffice --convert-to csv", "-", "-"))
        print("(LibreOffice is not installed: apt-get install "
              "libreoffice-calc-nogui)")
        return
    conv = os.path.join(out, "soffice")
    os.makedirs(conv, exist_ok=True)
    argv = ["/usr/bin/time", "-f", "%M", soffice, "--headless",
            "-env:UserInstallation=file://" + os.path.abspath(conv) + "/profile",
            "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir", conv, xlsx]
    t0 = time.perf_counter()
    r = subprocess.run(argv, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t0
    peak = int(r.stderr.strip().splitlines()[-1])
    print("%-34s %9.3f %9.1f" % ("soffice --convert-to csv (1 run)", dt,
                                 peak / 1024))


main()
