#!/usr/bin/env python3
"""Write the hand-made workbook and document fixtures of tests/data/office/hand.

Usage: python3 tools/make-hand-fixtures.py

Office suites never write some of what the readers must handle (inline
strings, phonetic runs, formulas with cached values in every type, three
project sheets and a hidden one, a DTD), and hostile files are not made by
office suites at all, so these are written here, byte for byte the same on
every run (fixed zip timestamps).  The files made by a real office suite
come from tools/make-office-fixtures.sh.
"""

import os
import zipfile

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "office",
                   "hand")
STAMP = (2021, 12, 31, 0, 0, 0)

CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '</Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def write_zip(name, parts, method=zipfile.ZIP_DEFLATED):
    path = os.path.join(OUT, name)
    with zipfile.ZipFile(path, "w", method) as z:
        for member, data in parts:
            info = zipfile.ZipInfo(member, STAMP)
            info.compress_type = method
            z.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cell(ref, v, style=None):
    """v: str -> inline string; ("n", "1.798") number; ("f", formula,
    cached, type) formula; ("s", index) shared string."""
    s = ' s="%d"' % style if style is not None else ""
    if isinstance(v, str):
        return '<c r="%s"%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (ref, s, esc(v))
    kind = v[0]
    if kind == "n":
        return '<c r="%s"%s><v>%s</v></c>' % (ref, s, v[1])
    if kind == "s":
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (ref, s, v[1])
    if kind == "rich":
        runs = "".join('<r><rPr><b/></rPr><t xml:space="preserve">%s</t></r>' % esc(t)
                       for t in v[1])
        ph = '<rPh sb="0" eb="1"><t>ヨミ</t></rPh>'
        return '<c r="%s"%s t="inlineStr"><is>%s%s</is></c>' % (ref, s, runs, ph)
    if kind == "f":
        t = ' t="%s"' % v[3] if v[3] else ""
        if v[2] is None:  # a formula with no <v> at all
            return '<c r="%s"%s%s><f>%s</f></c>' % (ref, s, t, esc(v[1]))
        return '<c r="%s"%s%s><f>%s</f><v>%s</v></c>' % (ref, s, t, esc(v[1]), v[2])
    raise ValueError(v)


STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet %s>'
          '<numFmts count="4">'
          '<numFmt numFmtId="164" formatCode="0.00%%"/>'
          '<numFmt numFmtId="165" formatCode="0&quot;人&quot;"/>'
          '<numFmt numFmtId="166" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
          '<numFmt numFmtId="167" formatCode="0.00"/>'
          '</numFmts>'
          '<cellXfs count="6">'
          '<xf numFmtId="0"/>'      # 0 General
          '<xf numFmtId="164"/>'    # 1 0.00%%
          '<xf numFmtId="165"/>'    # 2 0"人"
          '<xf numFmtId="166"/>'    # 3 a Chinese date
          '<xf numFmtId="167"/>'    # 4 0.00
          '<xf numFmtId="9"/>'      # 5 built-in 0%%
          '</cellXfs></styleSheet>') % NS


def workbook(sheets, date1904=False):
    wb = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook %s>' % NS]
    if date1904:
        wb.append('<workbookPr date1904="1"/>')
    wb.append("<sheets>")
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    for i, (name, state, _) in enumerate(sheets, 1):
        st = ' state="%s"' % state if state else ""
        wb.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>' % (esc(name), i, st, i))
        rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>' % (i, i))
    wb.append("</sheets></workbook>")
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' % (n + 1))
    rels.append("</Relationships>")
    parts = [("[Content_Types].xml", CT), ("_rels/.rels", ROOT_RELS),
             ("xl/workbook.xml", "".join(wb)),
             ("xl/_rels/workbook.xml.rels", "".join(rels)),
             ("xl/styles.xml", STYLES)]
    for i, (_, _, xml) in enumerate(sheets, 1):
        parts.append(("xl/worksheets/sheet%d.xml" % i, xml))
    return parts


# The seed's 附件1, cut to what these cases need.
def form_rows(name, actual_rate, rate_style, score_cell, total,
              executed="1.7980000000000000", funds="5.9933333333333332"):
    return [
        (1, ["项目支出绩效自评表"]),
        (2, ["（2021年度）"]),
        (3, ["项目名称", name]),
        (4, ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]),
        (5, ["", "年度资金总额", ("n", "3"), ("n", "3"), ("n", executed), ("n", "10"),
             (("n", actual_rate), rate_style), (("f", "E5/D5*F5", funds, None), 4)]),
        (6, ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]),
        (7, ["投入和管理目标", "投入管理", "预算执行率", (("n", "1"), 5), (("n", actual_rate), rate_style),
             (("n", "1"), 4), score_cell, "资金紧张"]),
        (8, ["", "", "预算编制合理性", "合理", "合理", ("n", "2"), ("n", "2")]),
        (9, ["产出指标", "数量指标", "参加培训人数", "≥60人", (("n", "280"), 2), ("n", "10"), ("n", "10"), "已说明"]),
        (10, ["", "时效指标", "培训完成时间", "2021年12月31日前", (("n", "44545"), 3), ("n", "77"), ("n", "77")]),
        (11, ["总分", "", "", "", "", ("n", "100"), ("n", total)]),
    ]


def sheet_styled(rows, merges=()):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet %s><sheetData>' % NS]
    for r, values in rows:
        cs = []
        for c, v in enumerate(values):
            if v == "":
                continue
            ref = col(c) + str(r)
            if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], tuple):
                cs.append(cell(ref, v[0], v[1]))
            else:
                cs.append(cell(ref, v))
        out.append('<row r="%d">%s</row>' % (r, "".join(cs)))
    out.append("</sheetData>")
    if merges:
        out.append('<mergeCells count="%d">%s</mergeCells>' % (
            len(merges), "".join('<mergeCell ref="%s"/>' % m for m in merges)))
    out.append("</worksheet>")
    return "".join(out)


def main():
    os.makedirs(OUT, exist_ok=True)

    # formats and formulas: 59.90% stored as 0.599 with 0.00%, 280 with 0"人",
    # a date serial with a Chinese date format, 1 with 0.00, a formula's
    # cached value; rich text and a phonetic run in a label
    rows = form_rows("社区发展治理工作经费", "0.59899999999999998", 1,
                     ("f", "IF(E7<D7,TRUNC(E7/D7*F7,2),F7)", "0.59", None),
                     "95.58")
    rows[2] = (3, ["项目名称", ("rich", ["社区发展", "治理工作经费"])])
    write_zip("formats.xlsx", workbook([("附件1", None, sheet_styled(
        rows, ["A1:H1", "A2:H2", "B3:H3"]))]))

    # three project sheets, a hidden copy and a sheet of notes
    sheets = []
    for k, (name, executed, rate, score, funds, total) in enumerate([
            ("项目一", "1.7980000000000000", "0.59899999999999998", "0.59",
             "5.9933333333333332", "95.58"),
            ("项目二", "3", "1", "1", "10", "100"),
            ("项目三", "1.5", "0.5", "0.5", "5", "94.5")]):
        sheets.append(("附件1-%d" % (k + 1), None, sheet_styled(
            form_rows(name, rate, 1, ("n", score), total, executed, funds))))
    sheets.insert(1, ("说明", None, sheet_styled([(1, ["本工作簿含三个项目的自评表。"])])))
    sheets.append(("旧表", "hidden", sheet_styled(
        form_rows("隐藏的项目", "1", 1, ("n", "1"), "97"))))
    write_zip("three-sheets.xlsx", workbook(sheets))

    # formulas saved without their value, every way a generator writes
    # them: <v></v> after a cell with text (G7 after F7's "1"), no <v> at
    # all (G8), <v></v> on the 总分 (G11); and Excel's own empty text
    # result, t="str" with <v></v> (E10), which is a value
    rows = form_rows("公式单元格", "0.59899999999999998", 1,
                     ("f", "IF(E7<D7,TRUNC(E7/D7*F7,2),F7)", "", None), "")
    rows[7] = (8, ["", "", "预算编制合理性", "合理", "合理", ("n", "2"),
                   ("f", "F8", None, None)])
    rows[9] = (10, ["", "时效指标", "培训完成时间", "2021年12月31日前",
                    ("f", 'IF(A1="","","2021年12月")', "", "str"), ("n", "77"),
                    ("n", "77")])
    rows[10] = (11, ["总分", "", "", "", "", ("n", "100"),
                     ("f", "SUM(G5:G10)", "", None)])
    write_zip("formula-cells.xlsx", workbook([("附件1", None, sheet_styled(rows))]))

    # the 1904 date system: the same date is 1462 days less
    rows = form_rows("社区发展治理工作经费", "0.59899999999999998", 1, ("n", "0.59"), "95.58")
    rows[9] = (10, ["", "时效指标", "培训完成时间", "2021年12月31日前", (("n", str(44545 - 1462)), 3), ("n", "77"), ("n", "77")])
    write_zip("date1904.xlsx", workbook([("附件1", None, sheet_styled(rows))], date1904=True))

    # the long format as a worksheet
    head = ["项目编号", "项目名称", "全年预算数", "全年执行数", "资金分值", "一级指标",
            "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    lrows = [(1, head)]
    r = 2
    for p in range(1, 4):
        for i, (l3, t, a, w) in enumerate([("培训人数", "≥60人", "70人", "50"),
                                           ("满意度", "≥90%", "95%", "40")]):
            lrows.append((r, ["P%03d" % p, "项目%d" % p if i == 0 else "",
                              ("n", "100") if i == 0 else "", ("n", str(60 + 10 * p)) if i == 0 else "",
                              ("n", "10") if i == 0 else "", "产出指标", "数量指标", l3, t, a,
                              ("n", w), "", ""]))
            r += 1
    write_zip("long.xlsx", workbook([("导出", None, sheet_styled(lrows))]))

    # hostile files
    good = os.path.join(OUT, "formats.xlsx")
    data = open(good, "rb").read()
    open(os.path.join(OUT, "truncated.xlsx"), "wb").write(data[:len(data) // 2])
    write_zip("not-office.zip", [("readme.txt", "这不是工作簿。\n")])
    doctype = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
               '<workbook %s><sheets><sheet name="&lol2;" sheetId="1" r:id="rId1"/></sheets></workbook>' % NS)
    parts = workbook([("附件1", None, sheet_styled(form_rows("x", "1", 1, ("n", "1"), "1")))])
    parts[2] = ("xl/workbook.xml", doctype)
    write_zip("doctype.xlsx", parts)
    xxe = ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           '<sst %s><si><t>&x;</t></si></sst>' % NS)
    parts = workbook([("附件1", None, sheet_styled(form_rows("x", "1", 1, ("n", "1"), "1")))])
    parts.append(("xl/sharedStrings.xml", xxe))
    parts[3] = ("xl/_rels/workbook.xml.rels", parts[3][1].replace(
        "</Relationships>",
        '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'))
    write_zip("external-entity.xlsx", parts)
    # a worksheet that inflates to 8 MB of blanks from a few KB
    big = ('<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s'
           '</sheetData></worksheet>' % (NS, " " * (8 << 20)))
    parts = workbook([("附件1", None, big)])
    write_zip("bomb.xlsx", parts)
    # an Office file a password encrypted: an OLE file holding the streams
    # EncryptionInfo and EncryptedPackage (here only their directory names,
    # which is what perfeval looks at)
    ole = bytearray(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
    entry = "EncryptedPackage".encode("utf-16-le")
    ole += entry + b"\0" * (128 - len(entry))
    open(os.path.join(OUT, "encrypted.xlsx"), "wb").write(bytes(ole))

    # a Word document with the 附件1 as a table: merged cells across
    # (gridSpan) and down (vMerge), a cell of two paragraphs, text around
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def tc(text, span=1, vmerge=None):
        pr = ""
        if span > 1:
            pr += '<w:gridSpan w:val="%d"/>' % span
        if vmerge == "restart":
            pr += '<w:vMerge w:val="restart"/>'
        elif vmerge == "cont":
            pr += "<w:vMerge/>"
        paras = "".join('<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % esc(t)
                        for t in text.split("\n")) if text else "<w:p/>"
        return "<w:tc>%s%s</w:tc>" % ("<w:tcPr>%s</w:tcPr>" % pr if pr else "", paras)

    def tr(cells):
        return "<w:tr>%s</w:tr>" % "".join(cells)

    body = [
        '<w:p><w:r><w:t>一、概述：本项目预算 3 万元，执行率 59.93%。</w:t></w:r></w:p>',
        "<w:tbl>",
        tr([tc("项目名称", 2), tc("社区发展治理工作经费", 6)]),
        tr([tc("项目资金（万元）", 2), tc("年初预算数"), tc("全年预算数"), tc("全年执行数"), tc("分值"), tc("执行率"), tc("得分")]),
        tr([tc(""), tc("年度资金总额"), tc("3"), tc("3"), tc("1.798"), tc("10"), tc("59.90%"), tc("5.99")]),
        tr([tc("一级指标"), tc("二级指标"), tc("三级指标"), tc("指标值"), tc("实际完成值"), tc("分值"), tc("得分"), tc("偏差原因分析及改进措施")]),
        tr([tc("投入和管理目标", vmerge="restart"), tc("投入管理", vmerge="restart"), tc("预算执行率"), tc("100%"), tc("59.90%"), tc("1.00"), tc("0.59"), tc("财政资金紧张;\n培训计划受疫情影响")]),
        tr([tc("", vmerge="cont"), tc("", vmerge="cont"), tc("预算编制合理性"), tc("合理"), tc("合理"), tc("2.00"), tc("2.00"), tc("")]),
        tr([tc("产出指标", vmerge="restart"), tc("数量指标"), tc("参加培训人数"), tc("≥60人"), tc("280人"), tc("10.00"), tc("10.00"), tc("已说明")]),
        tr([tc("", vmerge="cont"), tc("时效指标"), tc("培训完成时间"), tc("2021年12月31日前"), tc("2021年12月"), tc("77.00"), tc("77.00"), tc("")]),
        tr([tc("总分", 5), tc("100.00"), tc("95.58"), tc("")]),
        "</w:tbl>",
        '<w:p><w:r><w:t>四、评价结论：自评得分 95.58。</w:t></w:r></w:p>',
    ]
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body)))
    ct = CT.replace("/xl/workbook.xml", "/word/document.xml").replace(
        "spreadsheetml.sheet.main+xml", "wordprocessingml.document.main+xml")
    rels = ROOT_RELS.replace("xl/workbook.xml", "word/document.xml")
    write_zip("merged.docx", [("[Content_Types].xml", ct), ("_rels/.rels", rels),
                              ("word/document.xml", doc)])


if __name__ == "__main__":
    main()
