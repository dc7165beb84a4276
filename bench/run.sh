#!/bin/sh
# make bench: perfeval check on long-format files of 100,000 and 1,000,000
# indicator rows against a bare libcsv parse of the same files.  Prints
# rows per second, the ratio to the bare parse (best of 3 runs each) and
# peak memory (max RSS, from GNU time).
set -eu
PE=${1:-./perfeval}
BARE=${2:-build/bare_parse}
DIR=${BENCH_DIR:-build-bench}
mkdir -p "$DIR"
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }

best() { # best wall seconds of 3 runs of "$@", output discarded
    b=""
    for _ in 1 2 3; do
        s=$($TIME -f "%e" "$@" 2>&1 >/dev/null | tail -n 1)
        b=$(python3 -c "import sys; a='$b'; print(min(float(a), $s) if a else $s)")
    done
    echo "$b"
}
peak() { # max RSS in KiB of one run
    $TIME -f "%M" "$@" 2>&1 >/dev/null | tail -n 1
}

printf '%-10s %10s %10s %8s %12s %10s\n' rows bare_s check_s ratio rows/s peak_MiB
for rows in 100000 1000000; do
    f=$DIR/long-$rows.csv
    [ -s "$f" ] || python3 bench/gen_long.py "$rows" >"$f"
    bare=$(best "$BARE" "$f")
    chk=$(best "$PE" check -q -f csv "$f")
    kib=$(peak "$PE" check -q -f csv "$f")
    python3 - "$rows" "$bare" "$chk" "$kib" <<'PY'
import sys
rows, bare, chk, kib = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
print("%-10d %10.3f %10.3f %8.2f %12.0f %10.1f" % (rows, bare, chk, chk / bare if bare else 0, rows / chk if chk else 0, kib / 1024))
PY
done
