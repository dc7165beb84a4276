#!/bin/sh
# The message catalogue's template, po/perfeval.pot, from the sources, and
# po/zh_CN.po brought up to date with it (new messages added untranslated,
# gone ones marked obsolete).  Run after changing a message, then fill in
# the Chinese of every new one: tests/messages.sh fails on any left
# without.  Needs gettext (xgettext, msgmerge).
#
#   sh tools/po-update.sh [OUT.pot]     (default po/perfeval.pot)
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-po/perfeval.pot}
# Each function that takes a message, by the position of its format; all
# are printf formats, which msgfmt --check-format checks in the Chinese.
KW=""
for k in _:1 N_:1 Q_:1,2 pe_message:2 pe_message_n:2,3 pe_error_set:5 \
    fail:3 jfail:2 at:2 row_error:3 project_error:3 say:1 usage_error:1 \
    pe_run_say:2; do
    name=${k%%:*}
    pos=${k#*:}
    KW="$KW --keyword=$k --flag=$name:${pos%%,*}:c-format"
done
# and those that take a whole sentence that is no format: the part after
# "cannot open: ", the predicate after a rules member's name
for k in io_fail:3 bad:4; do
    KW="$KW --keyword=$k --flag=${k%%:*}:${k#*:}:no-c-format"
done
# shellcheck disable=SC2086
xgettext --from-code=UTF-8 --language=C --no-wrap --no-location --sort-output \
    --add-comments=TRANSLATORS: --package-name=perfeval \
    --msgid-bugs-address="perfeval maintainers" -o "$OUT" $KW src/*.c
if [ "$OUT" = po/perfeval.pot ]; then
    msgmerge --quiet --update --no-wrap --no-location --no-fuzzy-matching --sort-output --backup=none po/zh_CN.po "$OUT"
fi
