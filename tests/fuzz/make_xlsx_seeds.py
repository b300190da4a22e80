"""make_xlsx_seeds.py DIR — small real .xlsx plans for fuzz_xlsx's seed corpus (openpyxl).

Each has the plan's header row and a few rows, and between them: merged cells (what a
goal spanning rows looks like), number formats (#,##0, 0%, dd/mm/yyyy dates), shared
strings (openpyxl's default) and an inline string (patched into the sheet's XML, since
openpyxl writes none). Every file stays under 8 KB.
Run with Debian's python3-openpyxl: /usr/bin/python3 tests/fuzz/make_xlsx_seeds.py DIR
"""
import datetime
import io
import os
import re
import sys
import zipfile

import openpyxl

HEADER = ['נושאים', 'חזון ראש העיר', 'הדגשי מדיניות', 'שם החשבון', 'תב"ר', 'תקציב', 'מטרה',
          'סוג מדד', 'מדד', 'ערך', 'הערות']
ROWS = [
    ['חינוך', 'עיר לומדת', 'מצוינות', 'שכר', '', 1250000, 'הרחבת תוכניות', 'מדד תפוקה / ביצוע',
     'מספר תלמידים', 0.35, 'הערה'],
    ['', '', '', '', '', None, '', '', 'מועד פתיחה', datetime.date(2020, 9, 1), ''],
    ['', '', '', '', '', None, 'מטרה שנייה', 'מדד תוצאה', 'שביעות רצון', 0.8, ''],
    ['רווחה', 'עיר מקיימת', 'פיתוח עירוני', 'רכש', '2015', 'בבדיקה', 'מטרה שלישית',
     'מדד התארגנות', 'הקמת צוות', '31/12/2020', ''],
]
FORMATS = {5: '#,##0', 9: '0%'}


def workbook(rows, merge=True, formats=True, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'תוכנית'
    ws.sheet_view.rightToLeft = True
    ws.append(header)
    for r in rows:
        ws.append(r)
    if formats:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (datetime.date, datetime.datetime)):
                    cell.number_format = 'dd/mm/yyyy'
                elif cell.column - 1 in FORMATS and isinstance(cell.value, (int, float)):
                    cell.number_format = FORMATS[cell.column - 1]
    if merge and len(rows) >= 2:
        for col in 'ABCDEFG':  # the goal's columns over its two rows
            ws.merge_cells(f'{col}2:{col}3')
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def shared_strings(data, keep_inline=('K2',)):
    """The workbook with its inline strings moved into xl/sharedStrings.xml (each text once,
    as Excel writes them), except the cells named in keep_inline."""
    src = zipfile.ZipFile(io.BytesIO(data))
    table, index = [], {}

    def share(m):
        ref, style, text = m.group(1), m.group(2), m.group(3)
        if ref in keep_inline:
            return m.group(0)
        if text not in index:
            index[text] = len(table)
            table.append(text)
        return f'<c r="{ref}"{style} t="s"><v>{index[text]}</v></c>'

    cell = re.compile(r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is><t>(.*?)</t></is></c>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == 'xl/worksheets/sheet1.xml':
                body = cell.sub(share, body.decode()).encode()
            elif info.filename == '[Content_Types].xml':
                body = body.replace(b'</Types>', b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument.'
                                    b'spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == 'xl/_rels/workbook.xml.rels':
                body = body.replace(b'</Relationships>', b'<Relationship Id="rIdSST" Type="http://'
                                    b'schemas.openxmlformats.org/officeDocument/2006/relationships/'
                                    b'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(info, body)
        sst = ''.join(f'<si><t>{t}</t></si>' for t in table)
        dst.writestr('xl/sharedStrings.xml',
                     '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                     f'count="{len(table)}" uniqueCount="{len(table)}">{sst}</sst>')
    return out.getvalue()


def main():
    root = sys.argv[1]
    os.makedirs(root, exist_ok=True)
    seeds = {
        'seed-plan.xlsx': shared_strings(workbook(ROWS), keep_inline=()),
        'seed-inline.xlsx': shared_strings(workbook(ROWS)),
        'seed-all-inline.xlsx': workbook(ROWS),
        'seed-plain.xlsx': shared_strings(workbook(ROWS[:1], merge=False, formats=False)),
        'seed-header-only.xlsx': shared_strings(workbook([], merge=False)),
        'seed-extra-column.xlsx': shared_strings(workbook([r[:9] + ['פירוט'] + r[9:] for r in ROWS],
                                           header=HEADER[:9] + ['פירוט'] + HEADER[9:])),
        'seed-shared.xlsx': shared_strings(workbook([ROWS[0], ROWS[0], ROWS[3], ROWS[3]], merge=False)),
    }
    for name, data in seeds.items():
        assert len(data) < 8192, (name, len(data))
        with open(os.path.join(root, name), 'wb') as f:
            f.write(data)
        print(name, len(data))


main()
