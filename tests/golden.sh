#!/bin/sh
# Golden files: each tests/golden/NAME.args holds one run from the
# repository root: line 1 the environment (COLUMNS=100 ...), line 2 the
# arguments.  NAME.expected is its exact standard output.  UPDATE=1
# rewrites the expected files after a deliberate change.
set -u
PE=${1:-./perfeval}
pass=0
fail=0
for args in tests/golden/*.args; do
    name=${args%.args}
    out=$(mktemp)
    # shellcheck disable=SC2046
    env $(sed -n 1p "$args") ${VALGRIND:-} "$PE" $(sed -n 2p "$args") >"$out" 2>/dev/null
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$out" "$name.expected"
    fi
    if cmp -s "$out" "$name.expected"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name"
        diff "$name.expected" "$out" | head -20
    fi
    rm -f "$out"
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
