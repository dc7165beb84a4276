#!/bin/sh
# Make the workbook and document fixtures of tests/data/office with a real
# office suite: every CSV fixture that loads, saved by LibreOffice as .xlsx
# and as .xls, and the 2021 seed's self-evaluation report as .docx (from
# HTML, with its 附件1 as a table whose merged cells are real merges);
# and a .doc, .odt and .ods that perfeval refuses by name.
# The files are committed; CI does not need LibreOffice.
#
#   apt-get install libreoffice-calc-nogui libreoffice-writer-nogui
#   make && sh tools/make-office-fixtures.sh
set -eu
cd "$(dirname "$0")/.."
OUT=tests/data/office
# CSV import: comma, double quote, UTF-8, from line 1, Chinese (PRC),
# quoted fields as text no, special numbers (percent, dates) detected,
# formulas not evaluated (a target "=100%" stays the text it is in CSV)
FILTER="CSV:44,34,76,1,,2052,false,true,false,false,false,-1,false"
LIST="data/shangjie-2021.csv"
for f in column-order nature-unit weight-synonym ab-markers synonyms \
    label-weights template-rows empty-level2 zero-total yuan municipal-2080 \
    funds-outside two-row-header not-applicable criterion-only \
    misspelt-header; do
    LIST="$LIST tests/data/csv/$f.csv"
done
LIST="$LIST $(ls tests/data/real/*.csv)"
for kind in xlsx xls; do
    # shellcheck disable=SC2086
    soffice --headless --infilter="$FILTER" --convert-to "$kind" \
        --outdir "$OUT/$kind" $LIST >/dev/null
done
# the hand-made workbooks with formulas and formats, saved again as .xls
# (tools/make-hand-fixtures.py writes the .xlsx)
soffice --headless --convert-to xls --outdir "$OUT/hand" \
    "$OUT/hand/formats.xlsx" "$OUT/hand/three-sheets.xlsx" >/dev/null
python3 tools/seed-report-html.py >"$OUT/docx/shangjie-2021-report.html"
soffice --headless --convert-to 'docx:MS Word 2007 XML' \
    --outdir "$OUT/docx" "$OUT/docx/shangjie-2021-report.html" >/dev/null
rm "$OUT/docx/shangjie-2021-report.html"
# the seed's report, drifted as it was (59.93%, "2020年"), with its 附件1
# pasted in: `perfeval check` on it alone finds both (tests/shtest)
python3 tools/seed-report-html.py tests/data/report/shangjie-2021-report.txt \
    >tests/data/report/seed-with-table.html
soffice --headless --convert-to 'docx:MS Word 2007 XML' \
    --outdir tests/data/report tests/data/report/seed-with-table.html >/dev/null
rm tests/data/report/seed-with-table.html
# two projects' tables in one report: its text is checked against neither
# alone (tests/shtest)
python3 tools/seed-report-html.py tests/data/report/shangjie-2021-report.txt |
    python3 -c 'import sys; h = sys.stdin.read(); t = h[h.index("<table"):h.index("</table>") + 8]; print(h.replace(t, t + "<p>附件2</p>" + t))' \
    >tests/data/report/two-tables.html
soffice --headless --convert-to 'docx:MS Word 2007 XML' \
    --outdir tests/data/report tests/data/report/two-tables.html >/dev/null
rm tests/data/report/two-tables.html
# perfeval's own .docx draft as LibreOffice saves it again: it opens, its
# 附件1 is a table still, and its text still agrees with it (tests/shtest)
mkdir -p "$OUT/tmp"
./perfeval report -q -f docx -o "$OUT/tmp/draft-resaved.docx" data/shangjie-2021.json
soffice --headless --convert-to 'docx:MS Word 2007 XML' \
    --outdir tests/data/report "$OUT/tmp/draft-resaved.docx" >/dev/null
rm -r "$OUT/tmp"
# files perfeval does not read but names, so that the clerk knows what to
# save them as: the report as Word 97-2003 and as OpenDocument, the seed
# workbook as an OpenDocument spreadsheet
mkdir -p "$OUT/other"
soffice --headless --convert-to doc --outdir "$OUT/other"     "$OUT/docx/shangjie-2021-report.docx" >/dev/null
soffice --headless --convert-to odt --outdir "$OUT/other"     "$OUT/docx/shangjie-2021-report.docx" >/dev/null
soffice --headless --convert-to ods --outdir "$OUT/other"     "$OUT/xlsx/shangjie-2021.xlsx" >/dev/null
ls -l "$OUT"/xlsx "$OUT"/xls "$OUT"/docx "$OUT"/other
