#!/usr/bin/env python3
"""The hand-made report fixtures of tests/data/report.

gb18030.txt is a report saved as GB18030 with CRLF line ends (Notepad's
"ANSI" on a Chinese Windows), with the seed's 59.93% in it.

textbox.docx holds what Word writes that a plain reader of paragraphs
gets wrong: a tab stop (not a tab) in the paragraph properties, a run
split mid-number, deleted text (w:delText), a table with a table nested
in a cell, an empty paragraph, a line break (w:br), and a text box given
twice (the DrawingML choice and its VML fallback).
tests/test_report_check.c (test_docx_parts, test_encodings) says what
perfeval must read from them.

Usage: python3 tools/make-report-fixtures.py
"""

import os
import zipfile

DIR = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "report")
OUT = os.path.join(DIR, "textbox.docx")

GB18030 = "本项目全年预算3万元，预算执行率为59.93%。\r\n自评得分95.58分。\r\n"

PARTS = [
    ('[Content_Types].xml',
     '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    ('_rels/.rels',
     '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    ('word/document.xml',
     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr><w:r><w:t>一、资金：全年预算</w:t></w:r><w:r><w:t>3</w:t></w:r><w:r><w:delText>5</w:delText></w:r><w:r><w:t>万元</w:t></w:r><w:r><w:tab/><w:t>执行1.798万元。</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>年初预算数</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>嵌套</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl><w:p/><w:p><w:r><w:t>二、自评得分95.58分，</w:t></w:r><w:r><w:br/><w:t>等级为优。</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框：培训4场次。</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>文本框：培训4场次。</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>（完）</w:t></w:r></w:p><w:p><w:r><w:t>三、结束。</w:t></w:r></w:p><w:sectPr/></w:body></w:document>'),
]


def main():
    with open(os.path.join(DIR, "gb18030.txt"), "wb") as f:
        f.write(GB18030.encode("gb18030"))
    with zipfile.ZipFile(OUT, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 30, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


if __name__ == "__main__":
    main()
