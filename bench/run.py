#!/usr/bin/env python3
"""make bench: `perfeval check` on a province's long-format file (1,080,000
indicator rows, 60,000 projects) against a bare libcsv parse of the same
file, and the 100,000-row file as an .xlsx workbook against the bare parse
of its CSV twin; then LibreOffice converting the workbook (when soffice is
installed), and the worst cases, inputs built to find time or memory that
grows faster than the input (bench/worst.py).

Runs are paired: bare parse, then perfeval, then the next pair, so that a
machine whose load changes during the run slows both sides of a pair
alike.  Printed are the medians over the pairs of wall time, cpu time
(user + system) and their ratios to the bare parse, the peak memory (max
RSS, measured by GNU time: a forked Python's own pages would count in
wait4's figure), and the machine's load average before and after.  The
targets (issue 25): wall <= 1.3x and cpu <= 2.2x the bare parse, peak
under 16 MiB.

Usage: python3 bench/run.py PERFEVAL BARE_PARSE [--pairs N] [ROWS...]
       python3 bench/run.py PERFEVAL BARE_PARSE --worst   (the worst cases
       alone)
       python3 bench/run.py PERFEVAL BARE_PARSE --peak ROWS...  (peak memory
       alone, e.g. 5000000: one run each)
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from worst import worst_cases  # noqa: E402

TIME = "/usr/bin/time"


def run(argv):
    """Wall seconds, cpu seconds (user + system) and peak KiB of one run,
    output discarded.  The cpu is GNU time's children's, with its own
    (about a millisecond) in it; the peak is the program's own."""
    t0 = time.perf_counter()
    p = subprocess.Popen([TIME, "-f", "%M"] + argv, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("bench: %s exited %d" % (" ".join(argv), code))
    peak = int(err.decode().strip().splitlines()[-1])
    return dt, ru.ru_utime + ru.ru_stime, peak


def load():
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def machine():
    """What the figures were measured on."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return "%s, %d cores" % (model, os.cpu_count() or 0)


def long_file(out, rows):
    f = os.path.join(out, "long-%d.csv" % rows)
    if not os.path.exists(f):
        with open(f + ".tmp", "w") as fh:
            subprocess.run([sys.executable, "bench/gen_long.py", str(rows)],
                           stdout=fh, check=True)
        os.rename(f + ".tmp", f)
    return f


def paired(label, bare_argv, pe_argv, pairs):
    """Pairs of runs; one line of medians."""
    la = load()
    b_wall, b_cpu, p_wall, p_cpu, r_wall, r_cpu, peaks = ([] for _ in range(7))
    run(bare_argv)  # the file into the page cache, for both
    for _ in range(pairs):
        bw, bc, _ = run(bare_argv)
        pw, pc, pk = run(pe_argv)
        b_wall.append(bw)
        b_cpu.append(bc)
        p_wall.append(pw)
        p_cpu.append(pc)
        r_wall.append(pw / bw)
        r_cpu.append(pc / bc)
        peaks.append(pk)
    med = statistics.median
    print("%-24s %7.3f %7.3f %7.3f %7.3f %6.2fx %6.2fx %8.1f %5.2f-%.2f" %
          (label, med(b_wall), med(b_cpu), med(p_wall), med(p_cpu),
           med(r_wall), med(r_cpu), max(peaks) / 1024, la, load()))
    return med(r_wall), med(r_cpu), max(peaks) / 1024


def header(pairs):
    print("paired medians of %d pairs (bare libcsv parse, then perfeval "
          "check -q -f csv)" % pairs)
    print("%-24s %7s %7s %7s %7s %7s %7s %8s %s" %
          ("input", "bare_s", "bare_cpu", "pe_s", "pe_cpu", "wall", "cpu",
           "peak_MiB", "load"))


def main():
    pe, bare = sys.argv[1], sys.argv[2]
    args = sys.argv[3:]
    pairs = 7
    if "--pairs" in args:
        i = args.index("--pairs")
        pairs = int(args[i + 1])
        del args[i:i + 2]
    print("machine: " + machine())
    out = os.environ.get("BENCH_DIR", "build-bench")
    os.makedirs(out, exist_ok=True)
    if "--worst" in args:
        worst_cases(pe, out)
        return
    if "--peak" in args:
        for rows in [int(a) for a in args if a != "--peak"]:
            f = long_file(out, rows)
            wall, cpu, peak = run([pe, "check", "-q", "-f", "csv", f])
            print("%d rows: peak %.1f MiB, %.2f s, %.2f s cpu, load %.2f" %
                  (rows, peak / 1024, wall, cpu, load()))
        return
    sizes = [int(a) for a in args] or [1080000]
    header(pairs)
    for rows in sizes:
        f = long_file(out, rows)
        paired("%d rows (%.0f MB)" % (rows, os.path.getsize(f) / 1e6),
               [bare, f], [pe, "check", "-q", "-f", "csv", f], pairs)
    xlsx_bench(pe, bare, out, 100000, pairs)
    print("targets: wall <= 1.30x, cpu <= 2.20x the bare parse; peak under "
          "16 MiB")
    worst_cases(pe, out)


def xlsx_bench(pe, bare, out, rows, pairs):
    """The long format as a workbook, against the bare parse of the same
    rows as CSV; the two must give the same records.  Then LibreOffice
    converting it, the clerk's other way in."""
    csv_path = long_file(out, rows)
    xlsx = os.path.join(out, "long-%d.xlsx" % rows)
    if not os.path.exists(xlsx):
        subprocess.run([sys.executable, "bench/gen_xlsx.py", csv_path, xlsx],
                       check=True)
    paired("%d rows .xlsx (%.0f MB)" % (rows, os.path.getsize(xlsx) / 1e6),
           [bare, csv_path], [pe, "check", "-q", "-f", "csv", xlsx], pairs)
    direct = subprocess.run([pe, "check", "-q", "-f", "csv", xlsx],
                            capture_output=True, text=True).stdout
    via_csv = subprocess.run([pe, "check", "-q", "-f", "csv", csv_path],
                             capture_output=True, text=True).stdout
    if direct != via_csv:
        sys.exit("bench: the .xlsx and the .csv give different records")
    soffice = shutil.which("soffice")
    if not soffice:
        print("(soffice --convert-to csv: LibreOffice is not installed: "
              "apt-get install libreoffice-calc-nogui)")
        return
    conv = os.path.join(out, "soffice")
    os.makedirs(conv, exist_ok=True)
    wall, cpu, peak = run([soffice, "--headless",
                           "-env:UserInstallation=file://" +
                           os.path.abspath(conv) + "/profile",
                           "--convert-to",
                           "csv:Text - txt - csv (StarCalc):44,34,76,1",
                           "--outdir", conv, xlsx])
    print("soffice --convert-to csv (1 run): %.3f s, %.3f s cpu, %.1f MiB" %
          (wall, cpu, peak / 1024))


main()
