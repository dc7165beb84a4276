#!/usr/bin/env python3
"""The 2021 seed's 自评报告 as HTML, for LibreOffice to save as .docx: a few
paragraphs of the report in our own words, then its 附件1 as a table, the
merged cells of the form as colspan and rowspan.

Usage: python3 tools/seed-report-html.py [REPORT.txt] > report.html

With REPORT.txt, its lines are the report's text (the first the title)
in place of the few paragraphs written here.
"""

import csv
import html
import os
import sys

SEED = os.path.join(os.path.dirname(__file__), "..", "data", "shangjie-2021.csv")


def main():
    rows = list(csv.reader(open(SEED, encoding="utf-8-sig")))
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    head = next(i for i, r in enumerate(rows) if r[2] == "三级指标")
    out = ["<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
           "<title>绩效自评报告</title></head><body>"]
    if len(sys.argv) > 1:
        lines = [l.strip() for l in open(sys.argv[1], encoding="utf-8")]
        lines = [l for l in lines if l]
        out.append("<h1>%s</h1>" % html.escape(lines[0]))
        out += ["<p>%s</p>" % html.escape(l) for l in lines[1:]]
        out.append("<p>附件1</p>")
    else:
        out += ["<h1>2021年社区发展治理工作经费绩效自评报告</h1>",
                "<p>一、项目资金情况：年初预算3万元，全年执行1.798万元。</p>",
                "<p>二、绩效目标完成情况见附件1。</p>",
                "<p>附件1</p>"]
    out.append("<table border=\"1\">")
    # rows above the indicators: a label and its text span the row
    for i, r in enumerate(rows[:head]):
        cells = [c for c in r if c]
        if not cells:
            continue
        if i < 3 or len(cells) == 1:
            out.append("<tr><td colspan=\"%d\">%s</td></tr>"
                       % (width, html.escape(cells[0])))
            continue
        out.append("<tr>" + "".join("<td>%s</td>" % html.escape(c)
                                    for c in r) + "</tr>")
    # the indicators: 一级 and 二级 merged down their groups
    body = rows[head + 1:]
    out.append("<tr>" + "".join("<td>%s</td>" % html.escape(c)
                                for c in rows[head]) + "</tr>")
    for i, r in enumerate(body):
        cells = []
        for c in (0, 1):
            if r[c]:
                span = 1
                while i + span < len(body) and not body[i + span][c] and \
                        (c == 1 or not body[i + span][0]):
                    span += 1
                cells.append("<td rowspan=\"%d\">%s</td>" % (span, html.escape(r[c])))
        cells += ["<td>%s</td>" % html.escape(v) for v in r[2:]]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    if len(sys.argv) <= 1:
        out.append("<p>三、评价结论：自评得分95.58分，等级为优。</p>")
    out.append("</body></html>")
    print("\n".join(out))


if __name__ == "__main__":
    main()
