#!/bin/sh
# perfeval.exe under wine (make check-windows): the cmocka unit tests built
# for Windows, the golden files, and the scoring cases, whose output must
# be the very bytes the Linux build writes (standard output, the messages
# and the exit code): the seed JSON, a GB18030 CSV, an .xlsx with a Chinese
# name in a Chinese folder, two .xls (percent formats, formulas: read
# without libgsf there, by ole_cfb.c), standard input, -o over a file that exists, -o
# naming the input, a file that does not exist, and no temporary file left;
# then tests/shtest whole, where only what differs on Windows by nature
# may fail.
# Usage: sh tests/wine.sh build-win/perfeval.exe [TEST.exe ...]
# LINUX_PE is the Linux build to compare with (./perfeval).
set -u
EXE=$1
shift
TOP=$(pwd)
case $EXE in /*) ;; *) EXE=$TOP/$EXE ;; esac
LIN=${LINUX_PE:-$TOP/perfeval}
export WINEPREFIX="${WINEPREFIX:-$TOP/build-win/wine}"
export WINEDEBUG=-all WINEARCH=win64
# no Mono or Gecko: perfeval needs neither, and wine would ask for them
export WINEDLLOVERRIDES="mscoree,mshtml="
if ! command -v wine >/dev/null 2>&1; then
    echo "wine: not installed: sh tools/install-deps.sh --windows" >&2
    exit 2
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}

# The first run makes the wine prefix (half a minute).
wine "$EXE" --version >/dev/null 2>&1 || true

# --- the unit tests
units=0
for t in "$@"; do
    case $t in
    *test_render_xlsx.exe)
        # it reads the workbook back with unzip(1), through a POSIX shell
        echo "wine: skipped $(basename "$t"): needs unzip(1) and sh"
        continue
        ;;
    esac
    wine "$t" >"$T/unit" 2>&1
    rc=$?
    tr -d '\r' <"$T/unit" >"$T/unit.txt"
    n=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test(s)\./\1/p' "$T/unit.txt")
    units=$((units + ${n:-0}))
    if [ "$rc" = 0 ]; then
        ok
    else
        bad "$(basename "$t") (exit $rc)"
        grep -E '^\[  (FAILED|ERROR) ' "$T/unit.txt" | head -n 10
    fi
done
echo "wine: unit tests: $units cases in $# programs"

# --- the golden files, as on Linux
if VALGRIND=wine sh tests/golden.sh "$EXE" >"$T/golden" 2>&1; then
    ok
else
    bad "golden files under wine"
fi
cat "$T/golden"

# same NAME DIR ARGS...: run both builds in DIR (standard input from $IN,
# /dev/null unless set); the same exit code, output and messages
same() {
    name=$1 dir=$2
    shift 2
    (cd "$dir" && "$LIN" "$@" <"${IN:-/dev/null}" >"$T/lin.out" 2>"$T/lin.err")
    lrc=$?
    (cd "$dir" && wine "$EXE" "$@" <"${IN:-/dev/null}" >"$T/win.out" 2>"$T/win.err")
    wrc=$?
    if [ "$lrc" != "$wrc" ]; then
        bad "$name: exit $wrc under wine, $lrc on Linux"
    elif ! cmp -s "$T/lin.out" "$T/win.out"; then
        bad "$name: the output differs"
        diff "$T/lin.out" "$T/win.out" | head -n 6
    elif ! cmp -s "$T/lin.err" "$T/win.err"; then
        bad "$name: the messages differ"
        diff "$T/lin.err" "$T/win.err" | head -n 6
    else
        ok
    fi
}

mkdir -p "$T/项目"
cp data/shangjie-2021.json "$T/项目/seed.json"
cp tests/data/csv/shangjie-gb18030.csv "$T/项目/上街区-gb18030.csv"
cp tests/data/fidelity/formula-libreoffice.xlsx "$T/项目/自评表.xlsx"
cp tests/data/office/hand/formats.xls "$T/项目/格式.xls"
cp tests/data/fidelity/formula-libreoffice.xls "$T/项目/公式.xls"
for f in seed.json 上街区-gb18030.csv 自评表.xlsx 格式.xls 公式.xls; do
    same "$f as a table" "$T/项目" score "$f"
    same "$f -f json" "$T/项目" score -f json "$f"
    same "$f -f csv" "$T/项目" score -f csv "$f"
    same "$f: check" "$T/项目" check "$f"
done
IN=$T/项目/seed.json same "standard input" "$T" score -f json -
IN=$T/项目/上街区-gb18030.csv same "GB18030 on standard input" "$T" \
    score -f csv -
IN=$T/项目/自评表.xlsx same "a workbook on standard input" "$T" score -f json -
printf 'x\032\r\n' >"$T/ctrl-z.csv"
same "^Z and CR in a file (binary mode)" "$T" score ctrl-z.csv
same "a file that does not exist" "$T" score nosuch.json
same "-o naming the input" "$T/项目" score -o seed.json seed.json
same "-o through another name of the input" "$T" \
    score -o 项目/../项目/seed.json 项目/seed.json

# a folder walked (Chinese names, a subfolder), as 复核.bat reads it, on
# one thread and on two
mkdir -p "$T/材料/子目录"
cp data/shangjie-2021.json "$T/材料/上街.json"
cp tests/data/csv/shangjie-gb18030.csv "$T/材料/子目录/表.csv"
cp tests/data/office/hand/formats.xls "$T/材料/子目录/格式.xls"
same "check --summary of a folder" "$T" check --summary 材料
same "check --summary -f json -j 2" "$T" check --summary -f json -j 2 材料
(cd "$T" && wine "$EXE" check --summary -f xlsx -o 材料.复核汇总.xlsx 材料 >/dev/null 2>&1)
if [ "$(head -c 2 "$T/材料.复核汇总.xlsx" 2>/dev/null)" = PK ]; then ok; else bad "check --summary -f xlsx, as 复核.bat writes it"; fi

# a long-format file read on several cores (pread: ReadFile at an offset
# on Windows), in pieces of 4 KiB so that there are many: the same
# records as Linux's, one thread or three
python3 bench/gen_long.py 3000 >"$T/长表.csv"
same "long format, one thread" "$T" check -j 1 -f csv 长表.csv
export PERFEVAL_CHUNK=4096
same "long format on three threads, pieces of 4 KiB" "$T" check -j 3 -f csv 长表.csv
export PERFEVAL_THREADS=2
same "score of a long format as JSON, PERFEVAL_THREADS=2" "$T" score -f json 长表.csv
unset PERFEVAL_THREADS
unset PERFEVAL_CHUNK

# -o over a file that exists: replaced whole, the same bytes as Linux's
"$LIN" score -f json "$T/项目/自评表.xlsx" >"$T/want.json" 2>/dev/null
echo "old text" >"$T/项目/结果.json"
(cd "$T/项目" && wine "$EXE" score -f json -o 结果.json 自评表.xlsx 2>/dev/null)
if cmp -s "$T/want.json" "$T/项目/结果.json"; then ok; else bad "-o over a file that exists"; fi

# -f xlsx beside the input, under a Chinese name, as 评分.bat writes it
rm -f "$T/项目/自评表.评分.xlsx"
(cd "$T/项目" && wine "$EXE" score -f xlsx -o 自评表.评分.xlsx 自评表.xlsx 2>/dev/null)
if [ "$(head -c 2 "$T/项目/自评表.评分.xlsx" 2>/dev/null)" = PK ]; then ok; else bad "-f xlsx -o 自评表.评分.xlsx"; fi

# nothing left behind: no staging file, no copy for libfreexl
if ls -a "$T/项目" | grep -q '^\.perfeval-'; then bad "a temporary file was left"; else ok; fi

# --- the shell test of exit codes and messages, whole, under wine.  What
# differs on Windows by nature, each named here, is the only failure
# allowed: a new one fails this test.
VALGRIND=wine sh tests/shtest "$EXE" >"$T/shtest" 2>&1
grep '^FAIL: ' "$T/shtest" | sed 's/^FAIL: //' >"$T/shfail"
while IFS= read -r f; do
    case $f in
    "unknown option:"* | "missing argument:"*)
        ;; # mingw's getopt words its messages its own way (same exit code)
    "color on a terminal:"*)
        ;; # script(1)'s pseudo-terminal is no Windows console
    "-o a symlink:"* | "a 0600 file became 644"* | "-o /dev/stdout:"*)
        ;; # POSIX links, modes and /dev: none on Windows
    "2>&-:"*)
        ;; # a POSIX descriptor closed before wine starts the program
    "a NUL in a JSON text:"*)
        ;; # nul.json is the NUL device on Windows, whatever the extension
    "SIGXFSZ:"*)
        ;; # a POSIX file size limit (ulimit -f)
    "not UTF-8: escaped in JSON:"*)
        ;; # a file name that is not text: Windows names are UTF-16
    "rules > t.rules.json:"* | "the rules file written that way is read back:"*)
        ;; # wine: a standard output the POSIX shell redirected is a handle
        # wine cannot name (GetFileInformationByHandle: invalid handle)
    *)
        bad "shtest under wine: $f"
        grep -A2 -F "FAIL: $f" "$T/shtest" | tail -n 2
        ;;
    esac
done <"$T/shfail"
echo "wine: $(grep "^shtest:" "$T/shtest") (each failure one that Windows has by nature, as tests/wine.sh lists them)"
ok

echo "wine: $pass passed, $fail failed"
[ "$fail" = 0 ]
