#!/bin/sh
# make install and make uninstall into a staging directory: the exact files
# installed, a program built against the installed library through
# pkg-config (with and without --static), the completions, the man page
# (groff, when there is one), and uninstall leaving nothing of ours.
# Usage: sh tests/install.sh   (from the top of the tree; runs make)
set -u
MAKE=${MAKE:-make}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$T/dest
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "FAIL: $*"
}
# expect NAME WANT GOT: compare two strings
expect() {
    if [ "$2" = "$3" ]; then ok; else
        bad "$1"
        echo "      want: $2" | head -20
        echo "      got:  $3" | head -20
    fi
}

# ---- install
if $MAKE --no-print-directory install DESTDIR="$D" PREFIX=/usr \
    >"$T/make.out" 2>&1; then ok; else
    bad "make install DESTDIR=$D PREFIX=/usr"
    tail -20 "$T/make.out"
fi

want="./usr/bin/perfeval
./usr/include/perfeval.h
./usr/lib/libperfeval.a
./usr/lib/libperfeval.so
./usr/lib/libperfeval.so.0
./usr/lib/libperfeval.so.0.1.0
./usr/lib/pkgconfig/perfeval.pc
./usr/share/bash-completion/completions/perfeval
./usr/share/man/man1/perfeval.1
./usr/share/man/zh_CN/man1/perfeval.1
./usr/share/zsh/site-functions/_perfeval"
got=$(cd "$D" 2>/dev/null && find . ! -type d | LC_ALL=C sort)
expect "installed files" "$want" "$got"

modes=$(cd "$D/usr" 2>/dev/null && for f in bin/perfeval lib/libperfeval.a \
    include/perfeval.h share/man/man1/perfeval.1; do
    [ -x "$f" ] && echo "$f x" || echo "$f -"
done)
expect "file modes" "bin/perfeval x
lib/libperfeval.a -
include/perfeval.h -
share/man/man1/perfeval.1 -" "$modes"

expect "installed perfeval runs" "perfeval $(./perfeval --version | cut -d' ' -f2)" \
    "$("$D/usr/bin/perfeval" --version 2>&1)"

# ---- the library through pkg-config
pc=$D/usr/lib/pkgconfig/perfeval.pc
expect "perfeval.pc prefix" "prefix=/usr" "$(grep '^prefix=' "$pc" 2>/dev/null)"
cat >"$T/x.c" <<'EOF'
/* Load, score and write back a table through the installed library:
 * JSON (cJSON), a workbook (libzip, expat), and an .xlsx out
 * (libxlsxwriter), so that Libs must name them all.  The totals are the
 * other tests' business (the workbook has no rules of its own, so the
 * library scores it by the MoF default): the grade shows it scored. */
#include <perfeval.h>

#include <stdio.h>

static int total(pe_project *p, const char *what)
{
    char buf[PE_DEC_BUFSIZE];
    pe_error err = {{0}, 0, 0, {0}};

    if (pe_project_score(p, &err) != PE_OK) {
        fprintf(stderr, "%s: %s\n", what, err.msg);
        return 1;
    }
    pe_dec_format(pe_project_total(p), buf);
    printf("%s %s\n", what, pe_project_grade(p));
    return 0;
}

int main(int argc, char **argv)
{
    pe_buf json = {0, 0, 0}, book = {0, 0, 0};
    pe_error err = {{0}, 0, 0, {0}};
    pe_project *p = NULL, *q = NULL;
    pe_book *b = NULL;
    pe_book_opts o = {0};
    int rc = 1;

    if (argc != 4)
        return 2;
    if (pe_io_read(argv[1], &json, &err) == PE_OK &&
        pe_project_load_json(json.data, json.len, argv[1], &p, &err) ==
            PE_OK &&
        total(p, "json") == 0 && pe_io_read(argv[2], &book, &err) == PE_OK &&
        pe_book_open(book.data, book.len, argv[2], &o, &b, &err) == PE_OK &&
        pe_book_table_load(b, 0, &q, &err) == PE_OK && total(q, "xlsx") == 0 &&
        pe_render_xlsx(p, argv[3], &err) == PE_OK)
        rc = 0;
    else
        fprintf(stderr, "x: %s (%s)\n", err.msg, PE_VERSION);
    pe_project_free(p);
    pe_project_free(q);
    pe_book_free(b);
    pe_buf_free(&json);
    pe_buf_free(&book);
    return rc;
}
EOF
for static in "" --static; do
    flags=$(PKG_CONFIG_PATH=$D/usr/lib/pkgconfig pkg-config \
        --define-variable=prefix="$D/usr" --cflags --libs $static perfeval \
        2>"$T/pc.err")
    # the flags must point into the staging tree, not at /usr
    case $flags in
    *"-I$D/usr/include"*"-L$D/usr/lib"*) ok ;;
    *) bad "pkg-config $static: $flags $(cat "$T/pc.err")" ;;
    esac
    rm -f "$T/x" "$T/x.xlsx"
    # --static: the archive itself, and what pkg-config says it needs
    [ -n "$static" ] && flags=$(echo "$flags" |
        sed "s|-lperfeval|$D/usr/lib/libperfeval.a|")
    # shellcheck disable=SC2086
    if ${CC:-cc} -std=c11 -o "$T/x" "$T/x.c" $flags >"$T/cc.out" 2>&1; then
        ok
    else
        bad "cc x.c \$(pkg-config --cflags --libs $static perfeval)"
        head -20 "$T/cc.out"
    fi
    # without --static it runs on libperfeval.so.0, with it on nothing of
    # ours
    needed=$(readelf -d "$T/x" 2>/dev/null | grep -c 'NEEDED.*libperfeval\.so\.0')
    expect "links libperfeval.so.0 ($static)" "$([ -z "$static" ] && echo 1 || echo 0)" "$needed"
    expect "program on the installed library ($static)" "json 优
xlsx 优" "$(LD_LIBRARY_PATH=$D/usr/lib "$T/x" data/shangjie-2021.json \
        data/shangjie-2021.xlsx "$T/x.xlsx" 2>&1)"
    if [ -s "$T/x.xlsx" ]; then ok; else bad "pe_render_xlsx wrote nothing"; fi
done

# ---- one call: a dozen lines on the shared library score a CSV with no
# rules file and a workbook as perfeval score does
cp data/shangjie-2021.csv "$T/bare.csv"
cat >"$T/y.c" <<'EOF'
#include <perfeval.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        pe_project *p;
        pe_error err;
        char t[PE_DEC_BUFSIZE];

        if (pe_score_file(argv[i], NULL, &p, &err) != PE_OK)
            return fprintf(stderr, "%s\n", err.msg), 3;
        printf("%s %s\n", pe_dec_format(pe_project_total(p), t),
               pe_project_grade(p));
        pe_project_free(p);
    }
    return 0;
}
EOF
flags=$(PKG_CONFIG_PATH=$D/usr/lib/pkgconfig pkg-config \
    --define-variable=prefix="$D/usr" --cflags --libs perfeval)
# shellcheck disable=SC2086
if ${CC:-cc} -std=c11 -o "$T/y" "$T/y.c" $flags >"$T/cc.out" 2>&1; then ok; else
    bad "cc y.c (pe_score_file)"
    head -20 "$T/cc.out"
fi
want=$(for f in "$T/bare.csv" data/shangjie-2021.xlsx \
    tests/data/real/hebei-langfang-2019-hvac.csv; do
    ./perfeval score -q -f csv "$f" | tail -1 | tr -d '\r' | cut -d, -f7,8 | tr , ' '
done)
got=$(LD_LIBRARY_PATH=$D/usr/lib "$T/y" "$T/bare.csv" data/shangjie-2021.xlsx \
    tests/data/real/hebei-langfang-2019-hvac.csv 2>&1)
expect "pe_score_file as perfeval score" "$want" "$got"

# ---- Python: pip installs the package (nothing to compile), which runs
# on the installed library
if /usr/bin/python3 -m pip --version >/dev/null 2>&1; then
    if /usr/bin/python3 -m pip install -q --no-build-isolation --no-index \
        --disable-pip-version-check --target "$T/py" ./python \
        >"$T/pip.out" 2>&1; then ok; else
        bad "pip install ./python"
        tail -5 "$T/pip.out"
    fi
    rm -rf python/build python/perfeval.egg-info
    expect "import perfeval" "95.58" "$(PYTHONPATH=$T/py \
        PERFEVAL_LIBRARY=$D/usr/lib/libperfeval.so.0 /usr/bin/python3 -c \
        'import perfeval; print(perfeval.score("data/shangjie-2021.json")["total"])' 2>&1)"
else
    echo "install: no pip for /usr/bin/python3: pip install ./python not tried"
fi

# ---- completions
bc=$D/usr/share/bash-completion/completions/perfeval
if bash -n "$bc" 2>"$T/err"; then ok; else bad "bash -n: $(cat "$T/err")"; fi
# the completion on its own (no bash-completion): what it offers
comp() {
    bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
        _perfeval perfeval "${COMP_WORDS[COMP_CWORD]}" 2>/dev/null
        printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort | tr "\n" " "' \
        sh "$bc" "$@"
}
expect "complete commands" "--help --version -V -h check diff help init report rules score " \
    "$(comp perfeval '')"
expect "complete report -f" "docx markdown " "$(comp perfeval report -f '')"
expect "complete check -f" "csv json table xlsx " "$(comp perfeval check -f '')"
expect "complete init options" "--force --format --help --lang --output --unit --version --year " \
    "$(comp perfeval init --)"
expect "complete score --b" "--bom " "$(comp perfeval score --b)"
mkdir -p "$T/files/sub"
(cd "$T/files" && touch a.json b.csv c.xlsx d.xls e.docx f.tsv g.txt h.pdf)
expect "complete tables" "a.json b.csv c.xlsx d.xls e.docx f.tsv sub " \
    "$(cd "$T/files" && comp perfeval score '')"
# -r: rules files, and the rule sets the perfeval being completed lists
sets=$(./perfeval rules --list | while read -r s _; do echo "$s"; done)
expect "complete -r" "$(printf '%s\n' a.json sub $sets | LC_ALL=C sort | tr '\n' ' ')" \
    "$(cd "$T/files" && comp "$D/usr/bin/perfeval" check -r '')"
if command -v zsh >/dev/null 2>&1; then
    if zsh -n "$D/usr/share/zsh/site-functions/_perfeval" 2>"$T/err"; then ok; else
        bad "zsh -n: $(cat "$T/err")"
    fi
else
    echo "install: no zsh: the zsh completion's syntax is not checked"
fi

# ---- the man page: groff's own warnings, all of them (-ww), on the
# terminal device man(1) uses; preconv reads the UTF-8 (the Chinese)
man1=$D/usr/share/man/man1/perfeval.1
if command -v groff >/dev/null 2>&1 && command -v preconv >/dev/null 2>&1; then
    out=$(preconv "$man1" | groff -man -Tutf8 -ww -z 2>&1)
    expect "groff -man -Tutf8 -ww -z" "" "$out"
    # (\- is U+2212 MINUS SIGN on this device; man(1) may map it to "-")
    out=$(preconv "$man1" | groff -man -Tutf8 -P-cbou -ww 2>/dev/null | sed 's/−/-/g')
    case $out in
    *项目支出绩效自评表*) ok ;;
    *) bad "the man page does not render its Chinese" ;;
    esac
    # every option of the command line is in the page
    missing=
    for opt in format output rules ambiguous-wide quiet expect tolerance \
        strict lang color encoding delimiter year bom max-file-size \
        max-field max-rows list force sheet unit outdir help version summary \
        files-from null severity rollup jobs progress max-cells max-unpacked; do
        case $out in *"--$opt"*) ;; *) missing="$missing --$opt" ;; esac
    done
    expect "options in the man page" "" "$missing"
else
    echo "install: no groff: the man page is not checked"
fi

# ---- the Chinese man page the same way, with every option the English
# page names (a translation that falls behind the English page fails here)
man1zh=$D/usr/share/man/zh_CN/man1/perfeval.1
if command -v groff >/dev/null 2>&1 && command -v preconv >/dev/null 2>&1; then
    out=$(preconv "$man1zh" | groff -man -Tutf8 -ww -z 2>&1)
    expect "groff -man -Tutf8 -ww -z (zh_CN)" "" "$out"
    zh=$(preconv "$man1zh" | groff -man -Tutf8 -P-cbou -ww 2>/dev/null | sed 's/−/-/g')
    case $zh in
    *项目支出绩效自评表*退出状态*) ok ;;
    *) bad "the Chinese man page does not render its Chinese" ;;
    esac
    en=$(preconv "$man1" | groff -man -Tutf8 -P-cbou 2>/dev/null | sed 's/−/-/g')
    missing=
    for opt in $(printf '%s\n' "$en" | grep -o -- '--[a-z][a-z-]*' | LC_ALL=C sort -u); do
        case $zh in *"$opt"*) ;; *) missing="$missing $opt" ;; esac
    done
    expect "options of the English man page in the Chinese one" "" "$missing"
fi

# ---- uninstall
if $MAKE --no-print-directory uninstall DESTDIR="$D" PREFIX=/usr \
    >"$T/make.out" 2>&1; then ok; else
    bad "make uninstall"
    tail -20 "$T/make.out"
fi
expect "nothing left after uninstall" "" \
    "$(cd "$D" 2>/dev/null && find . ! -type d | LC_ALL=C sort)"

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
