#!/bin/sh
# The pictures of docs/: the seed's 自评报告 (report -f docx) and its 附件1
# workbook (score -f xlsx), and a reviewer's summary workbook of the real
# tables (check --summary -f xlsx), printed by LibreOffice to PDF and
# taken as PNG.  The PNGs are committed; CI does not need LibreOffice.
#
#   apt-get install libreoffice-writer-nogui libreoffice-calc-nogui \
#       poppler-utils fonts-wqy-zenhei fonts-arphic-uming
#   make && sh tools/make-office-images.sh
#
# Without 仿宋, 黑体 and 宋体 LibreOffice sets the text in the CJK fonts it
# has (WenQuanYi, AR PL): the page, the margins, the grid, the widths and
# the page numbers are the document's, the glyphs are not.
set -eu
cd "$(dirname "$0")/.."
R=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
./perfeval report -q -f docx -o "$T/report.docx" data/shangjie-2021.json
./perfeval score -q -f xlsx -o "$T/workbook.xlsx" data/shangjie-2021.json
mkdir "$T/单位报表"
cp tests/data/real/*.csv data/shangjie-2021.json "$T/单位报表"
# exit 1: findings in some tables, as a real desk has
rc=0
(cd "$T" && "$R/perfeval" check --summary -q -f xlsx -o summary.xlsx 单位报表) ||
    rc=$?
[ "$rc" -le 1 ]
soffice -env:UserInstallation="file://$T/profile" --headless \
    --convert-to pdf --outdir "$T" "$T/report.docx" "$T/workbook.xlsx" \
    "$T/summary.xlsx" >/dev/null
pages=$(pdfinfo "$T/report.pdf" | awk '/^Pages:/ {print $2}')
# the first page; the 附件1's first and second pages (its header repeated)
annex=$(pdftotext -layout "$T/report.pdf" - | awk -v RS='\f' \
    '{ gsub(/ /, ""); if (index($0, "附件1")) { print NR; exit } }')
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$T/report.pdf" docs/report-page1
pdftoppm -r 70 -png -f "$annex" -l "$annex" -singlefile "$T/report.pdf" \
    docs/report-annex1
pdftoppm -r 70 -png -f $((annex + 1)) -l $((annex + 1)) -singlefile \
    "$T/report.pdf" docs/report-annex2
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$T/workbook.pdf" \
    docs/xlsx-printed
pdftoppm -r 80 -png -f 1 -l 1 -singlefile "$T/summary.pdf" \
    docs/summary-printed
echo "report: $pages pages, 附件1 from page $annex"
echo "workbook: $(pdfinfo "$T/workbook.pdf" | awk '/^Pages:/ {print $2}') page(s)"
