#!/usr/bin/env python3
"""Hostile workbooks and documents, written for tests/shtest (small) and
bench/worst.py (large): each is a few lines of XML in a valid zip, so that
the readers behind libzip's CRC check see them.

Usage: python3 tests/hostile.py KIND OUT [N]

  row-max     a sheet whose second row is r="9223372036854775807"
  row-past    a sheet whose second row is r="1048577"
  bignum      a long-format sheet whose amounts are 1e308, 1e-70 and a
              number of 100 digits
  xfd-rows    N rows of one cell each at column XFD, the last
  grid-before a .docx table of N rows of <w:gridBefore w:val="4096"/>
  empty-si    N empty <si/> shared strings
  nested      N elements nested in a sheet
  long-attr   a sheet whose one attribute is N bytes long
  inflate     N sheets of 64 MiB each of empty elements
  vmerge-orphan  a .docx table whose second row continues a vertical
              merge that no cell started, and whose third row continues
              one its second started (tests/data/office/hand/)
"""

import sys
import zipfile

STAMP = (2021, 12, 31, 0, 0, 0)
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
      'relationships"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = ('<?xml version="1.0" encoding="UTF-8"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/'
      'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '</Types>')
CT_DOCX = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
           'content-types"><Default Extension="xml" '
           'ContentType="application/xml"/><Override '
           'PartName="/word/document.xml" ContentType="application/'
           'vnd.openxmlformats-officedocument.wordprocessingml.document.'
           'main+xml"/></Types>')


def write_zip(path, parts):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in parts:
            info = zipfile.ZipInfo(member, STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            if isinstance(data, str):
                data = data.encode("utf-8")
            if callable(data):
                with z.open(info, "w", force_zip64=True) as fh:
                    data(fh)
            else:
                z.writestr(info, data)


def workbook(path, sheets, strings=None):
    """sheets: [(name, sheet xml as str or a writer function)]"""
    wb = ['<?xml version="1.0" encoding="UTF-8"?><workbook %s><sheets>' % NS]
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships">']
    for i, (name, _) in enumerate(sheets, 1):
        wb.append('<sheet name="%s" sheetId="%d" r:id="rId%d"/>' %
                  (name, i, i))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                    'Target="worksheets/sheet%d.xml"/>' % (i, REL, i))
    wb.append("</sheets></workbook>")
    parts = [("[Content_Types].xml", CT), ("xl/workbook.xml", "".join(wb))]
    if strings is not None:
        rels.append('<Relationship Id="rIdS" Type="%s/sharedStrings" '
                    'Target="sharedStrings.xml"/>' % REL)
        parts.append(("xl/sharedStrings.xml", strings))
    rels.append("</Relationships>")
    parts.append(("xl/_rels/workbook.xml.rels", "".join(rels)))
    for i, (_, xml) in enumerate(sheets, 1):
        parts.append(("xl/worksheets/sheet%d.xml" % i, xml))
    write_zip(path, parts)


def sheet(rows):
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>'
            '%s</sheetData></worksheet>' % (NS, rows))


def text(ref, s):
    return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, s)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    if kind in ("row-max", "row-past"):
        r = "9223372036854775807" if kind == "row-max" else "1048577"
        workbook(out, [("附件1", sheet(
            '<row r="1">%s</row><row r="%s">%s</row>' %
            (text("A1", "项目名称"), r, text("A2", "x"))))])
    elif kind == "bignum":
        # the long format, so that each value is read and named in a
        # message: 全年预算数 1e308, 全年执行数 1e-70, 分值 100 digits
        head = ["项目编号", "项目名称", "全年预算数", "全年执行数", "资金分值",
                "一级指标", "二级指标", "三级指标", "指标值", "实际完成值",
                "分值", "得分"]
        row = ["P1", "项目", ("1e308",), ("1e-70",), ("9" * 100,), "产出指标",
               "数量指标", "培训人数", "≥60人", "70人", ("100",), ("90",)]
        cells = []
        for r, values in ((1, head), (2, row)):
            cs = ""
            for c, v in enumerate(values):
                ref = chr(65 + c) + str(r)
                cs += ('<c r="%s"><v>%s</v></c>' % (ref, v[0])
                       if isinstance(v, tuple) else text(ref, v))
            cells.append('<row r="%d">%s</row>' % (r, cs))
        workbook(out, [("附件1", sheet("".join(cells)))])
    elif kind == "xfd-rows":
        workbook(out, [("附件1", sheet("".join(
            '<row r="%d"><c r="XFD%d"><v>1</v></c></row>' % (r, r)
            for r in range(1, n + 1))))])
    elif kind == "grid-before":
        row = ('<w:tr><w:trPr><w:gridBefore w:val="4096"/></w:trPr><w:tc>'
               '<w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>')
        doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
               '"http://schemas.openxmlformats.org/wordprocessingml/2006/'
               'main"><w:body><w:tbl>%s</w:tbl></w:body></w:document>'
               % (row * n))
        write_zip(out, [("[Content_Types].xml", CT_DOCX),
                        ("word/document.xml", doc)])
    elif kind == "empty-si":
        workbook(out, [("附件1", sheet('<row r="1">%s</row>' %
                                      text("A1", "项目名称")))],
                 strings='<?xml version="1.0"?><sst %s>%s</sst>' %
                 (NS, "<si/>" * n))
    elif kind == "nested":
        workbook(out, [("附件1", '<?xml version="1.0"?><worksheet %s>'
                        '<sheetData>%s%s</sheetData></worksheet>' %
                        (NS, "<x>" * n, "</x>" * n))])
    elif kind == "long-attr":
        workbook(out, [("附件1", '<?xml version="1.0"?><worksheet %s>'
                        '<sheetData><row r="1" x="%s"/></sheetData>'
                        '</worksheet>' % (NS, "a" * n))])
    elif kind == "inflate":
        def blank(fh):
            block = ('<x/>' * 4096).encode()
            head = ('<?xml version="1.0"?><worksheet %s><sheetData>'
                    % NS).encode()
            fh.write(head)
            for _ in range((64 << 20) // len(block)):
                fh.write(block)
            fh.write(b"</sheetData></worksheet>")
        workbook(out, [("S%d" % i, blank) for i in range(n)])
    elif kind == "vmerge-orphan":
        def tc(t, vm=None):
            pr = ('<w:tcPr><w:vMerge%s/></w:tcPr>' %
                  (' w:val="%s"' % vm if vm else "")) if vm is not None else ""
            return '<w:tc>%s<w:p><w:r><w:t>%s</w:t></w:r></w:p></w:tc>' % (pr, t)
        rows = [tc("a1") + tc("b1"),
                tc("a2", "") + tc("b2", "restart"),
                tc("a3") + tc("b3", "")]
        doc = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w='
               '"http://schemas.openxmlformats.org/wordprocessingml/2006/'
               'main"><w:body><w:tbl>%s</w:tbl></w:body></w:document>'
               % "".join("<w:tr>%s</w:tr>" % r for r in rows))
        write_zip(out, [("[Content_Types].xml", CT_DOCX),
                        ("word/document.xml", doc)])
    else:
        sys.exit("hostile.py: unknown kind %s" % kind)


if __name__ == "__main__":
    main()
