#!/bin/sh
# Messages in two languages (po/README.md): every message the sources say
# has its Chinese in po/zh_CN.po, and each Chinese text takes the same
# printf arguments as its English (msgfmt --check-format).  A message
# added without its Chinese fails here; sh tools/po-update.sh adds it to
# the catalogue for translating.
set -u
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
if msgfmt --check --check-format -o /dev/null po/zh_CN.po 2>"$T/fmt"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: po/zh_CN.po does not pass msgfmt --check:"
    sed 's/^/    /' "$T/fmt"
fi
sh tools/po-update.sh "$T/now.pot" 2>/dev/null
msgmerge --quiet --no-wrap --no-fuzzy-matching -o "$T/merged.po" \
    po/zh_CN.po "$T/now.pot"
msgattrib --untranslated --no-obsolete --no-wrap -o "$T/untranslated.po" \
    "$T/merged.po"
msgattrib --only-fuzzy --no-obsolete --no-wrap -o "$T/fuzzy.po" po/zh_CN.po
n=$(grep -c '^msgid ' "$T/untranslated.po" 2>/dev/null)
n=${n:-0}
if [ "$n" -le 1 ]; then # the header alone
    pass=$((pass + 1))
else
    fail=$((fail + 1))
    echo "FAIL: $((n - 1)) message(s) without Chinese (sh tools/po-update.sh, then translate):"
    grep '^msgid ' "$T/untranslated.po" | sed 1d | sed 's/^/    /' | head -40
fi
if [ -s "$T/fuzzy.po" ] && grep -q '^msgid ' "$T/fuzzy.po"; then
    fail=$((fail + 1))
    echo "FAIL: fuzzy entries in po/zh_CN.po: check and clear them"
else
    pass=$((pass + 1))
fi
total=$(grep -c '^msgid ' "$T/now.pot")
echo "messages: $((total - 1)) in the sources"
echo "messages: $pass passed, $fail failed"
[ "$fail" = 0 ]
