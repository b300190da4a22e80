"""Workbooks for tests/e2e/xlsx.sh (run with Debian's /usr/bin/python3, which has openpyxl).

    xlsx_fixtures.py units BOOK UNIT…   rewrites the plans of the units of the copy BOOK of
                                        input/2020 as openpyxl workbooks: goal cells merged,
                                        numbers, percentages and dates as real values with
                                        their formats; book.yaml then names the workbooks
    xlsx_fixtures.py cases ROOT         one small book per case under ROOT/<case>/: the
                                        reader's features, hostile workbooks, Excel habits

Expected values are written here by hand or taken from the CSV files, never from planbook.
Workbooks that openpyxl cannot write (rich text, escapes, damage) are put together by hand:
a zip of the seven parts a workbook needs."""
import csv
import datetime
import os
import re
import sys
import zipfile

HEADER = ['נושאים', 'חזון ראש העיר', 'הדגשי מדיניות', 'שם החשבון', 'תב"ר', 'תקציב', 'מטרה',
          'סוג מדד', 'מדד', 'ערך', 'הערות']
GOAL_COLUMNS = HEADER[:7]  # a goal's cells, merged down its rows in the printed book
TYPE = 'סוג מדד'
MONTHS = ['ינו', 'פבר', 'מרץ', 'אפר', 'מאי', 'יונ', 'יול', 'אוג', 'ספט', 'אוק', 'נוב', 'דצמ']


# ---------------------------------------------------------------- CSV cells as Excel values

def as_value(text):
    """The value and number format Excel would hold for a CSV cell, or (text, None). Only a
    value whose formatted text is exactly the CSV's is converted."""
    m = re.fullmatch(r'\d{1,3}(,\d{3})+', text)
    if m:
        n = int(text.replace(',', ''))
        if f'{n:,}' == text:
            return n, '#,##0'
    m = re.fullmatch(r'(\d{1,3})%', text)
    if m and str(int(m[1])) == m[1]:
        return int(m[1]) / 100, '0%'
    m = re.fullmatch(r'[1-9]\d{0,6}', text)
    if m:
        return int(text), 'General'
    m = re.fullmatch(r'(\d\d)/(\d\d)/(\d{4})', text)
    if m:
        d = real_date(int(m[3]), int(m[2]), int(m[1]))
        if d and d.strftime('%d/%m/%Y') == text:
            return d, 'dd/mm/yyyy'
    m = re.fullmatch(r'(\d{1,2})\.(\d{1,2})\.(\d\d)', text)
    if m:
        d = real_date(2000 + int(m[3]), int(m[2]), int(m[1]))
        if d and f'{d.day}.{d.month}.{d.year % 100:02d}' == text:
            return d, 'd.m.yy'
    m = re.fullmatch(r'([\u05d0-\u05ea]{3})-(\d\d)', text)
    if m and m[1] in MONTHS:
        return datetime.datetime(2000 + int(m[2]), MONTHS.index(m[1]) + 1, 1), 'mmm-yy'
    return text, None


def real_date(y, m, d):
    try:
        return datetime.datetime(y, m, d)
    except ValueError:
        return None  # 31/02/2020 stays text, as Excel keeps it


def read_csv(path):
    with open(path, encoding='utf-8-sig', newline='') as f:
        rows = [[c.strip() for c in r] for r in csv.reader(f)]
    return [r for r in rows if any(r)]


def goal_rows(rows, header):
    """(first, last) row index of each goal: a goal starts on a row that fills a goal cell."""
    cols = [header.index(c) for c in GOAL_COLUMNS if c in header]
    starts = [i for i in range(1, len(rows)) if any(i < len(rows) and c < len(rows[i]) and rows[i][c] for c in cols)]
    return [(s, (starts[k + 1] if k + 1 < len(starts) else len(rows)) - 1) for k, s in enumerate(starts)]


def unit_workbook(csv_path, xlsx_path):
    import openpyxl
    rows = read_csv(csv_path)
    header = rows[0]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'תוכנית'
    ws.sheet_view.rightToLeft = True
    formats = {}
    for i, row in enumerate(rows):
        for j, text in enumerate(row):
            if not text:
                continue
            value, fmt = as_value(text) if i else (text, None)
            cell = ws.cell(row=i + 1, column=j + 1, value=value)
            if fmt:
                cell.number_format = fmt
                formats[fmt] = formats.get(fmt, 0) + 1
    merges = 0
    for first, last in goal_rows(rows, header):
        if last == first:
            continue
        for name in GOAL_COLUMNS:
            if name in header and rows[first][header.index(name)]:
                c = header.index(name) + 1
                ws.merge_cells(start_row=first + 1, start_column=c, end_row=last + 1, end_column=c)
                merges += 1
        if TYPE in header:  # a metric type down its lines, within the goal
            c = header.index(TYPE)
            typed = [i for i in range(first, last + 1) if c < len(rows[i]) and rows[i][c]]
            for k, s in enumerate(typed):
                e = (typed[k + 1] if k + 1 < len(typed) else last + 1) - 1
                if e > s:
                    ws.merge_cells(start_row=s + 1, start_column=c + 1, end_row=e + 1, end_column=c + 1)
                    merges += 1
    wb.save(xlsx_path)
    return formats, merges


def units(book, ids):
    import yaml
    manifest = os.path.join(book, 'book.yaml')
    plans = {}
    for part in yaml.safe_load(open(manifest, encoding='utf-8'))['parts']:
        for u in part.get('units') or []:
            if u['id'] in ids:
                plans[u['id']] = u['plan']
    text = open(manifest, encoding='utf-8').read()
    for uid in ids:
        plan = plans[uid]
        xlsx = plan[:-4] + '.xlsx'
        formats, merges = unit_workbook(os.path.join(book, plan), os.path.join(book, xlsx))
        os.remove(os.path.join(book, plan))
        text = text.replace('plan: ' + plan + '\n', 'plan: ' + xlsx + '\n')
        print(uid, merges, 'merges', ' '.join(f'{k}:{v}' for k, v in sorted(formats.items())))
    open(manifest, 'w', encoding='utf-8').write(text)


# ---------------------------------------------------------------- workbooks by hand

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')


def col_letters(n):
    s = ''
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def istr(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{esc(text)}</t></is></c>'


def rows_xml(rows, row_attrs=None):
    """rows: {row number: [cell xml…]} or a list of lists of texts (inline strings)."""
    if isinstance(rows, list):
        rows = {i + 1: [istr(f'{col_letters(j + 1)}{i + 1}', t) for j, t in enumerate(r) if t]
                for i, r in enumerate(rows)}
    out = []
    for n in sorted(rows):
        attrs = (row_attrs or {}).get(n, '')
        out.append(f'<row r="{n}"{attrs}>' + ''.join(rows[n]) + '</row>')
    return ''.join(out)


def sheet_xml(rows, before='', after='', row_attrs=None, doctype=''):
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f'<worksheet xmlns="{NS}" xmlns:r="{REL}">{before}<sheetData>'
            + rows_xml(rows, row_attrs) + f'</sheetData>{after}</worksheet>')


def styles_xml(formats):
    """formats: number format codes; cell style i + 1 shows formats[i] (style 0 is General)."""
    custom = [(164 + i, f) for i, f in enumerate(formats)]
    nf = ''.join(f'<numFmt numFmtId="{i}" formatCode="{esc(f)}"/>' for i, f in custom)
    xfs = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' + ''.join(
        f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for i, _ in custom)
    return (f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}">'
            f'<numFmts count="{len(custom)}">{nf}</numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Arial"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(custom) + 1}">{xfs}</cellXfs></styleSheet>')


def parts(sheets, shared=None, formats=(), date1904=False):
    """The parts of a workbook. sheets: [(name, xml, state)]; shared: the sharedStrings part's
    <si> elements (a list) or its whole XML (a str)."""
    ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          + ''.join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(len(sheets)))
          + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared is not None else '')
          + '</Types>')
    rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    pr = '<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>'
    book = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}">{pr}<sheets>'
            + ''.join(f'<sheet name="{esc(n)}" sheetId="{i + 1}"{f" state={chr(34)}{st}{chr(34)}" if st else ""} r:id="rId{i + 1}"/>'
                      for i, (n, _, st) in enumerate(sheets))
            + '</sheets></workbook>')
    n = len(sheets)
    book_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
                 + ''.join(f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(n))
                 + f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>'
                 + (f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared is not None else '')
                 + '</Relationships>')
    p = {'[Content_Types].xml': ct, '_rels/.rels': rels, 'xl/workbook.xml': book,
         'xl/_rels/workbook.xml.rels': book_rels, 'xl/styles.xml': styles_xml(list(formats))}
    for i, (_, xml, _) in enumerate(sheets):
        if xml is not None:
            p[f'xl/worksheets/sheet{i + 1}.xml'] = xml
    if shared is not None:
        p['xl/sharedStrings.xml'] = shared if isinstance(shared, str) else (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}" count="{len(shared)}" uniqueCount="{len(shared)}">'
            + ''.join(shared) + '</sst>')
    return p


def write_zip(path, p, big=None):
    """p: part name → text; big: (part name, head, chunk, count, tail) streamed, for bombs."""
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in p.items():
            z.writestr(name, text.encode('utf-8') if isinstance(text, str) else text)
        if big:
            name, head, chunk, count, tail = big
            with z.open(name, 'w', force_zip64=True) as f:
                f.write(head)
                for _ in range(count):
                    f.write(chunk)
                f.write(tail)


def workbook(path, rows, before='', after='', row_attrs=None, shared=None, formats=(),
             date1904=False, doctype=''):
    write_zip(path, parts([('תוכנית', sheet_xml(rows, before, after, row_attrs, doctype), None)],
                          shared, formats, date1904))


# ---------------------------------------------------------------- the small books

YAML = '''id: t
year: 2020
title: בדיקה
{vocab}parts:
  - id: a
    title: מינהל
    units:
      - id: u
        toc: יחידה
        plan: {plan}
{extra}'''

# A small plan: two goals, the first of two lines (rows 2-3), the second of one (row 4).
PLAN = [HEADER,
        ['נושא א', '', '', '', '', '100,000', 'מטרה ראשונה', 'מדד התארגנות', 'מדד אחד', 'כן', ''],
        ['', '', '', '', '', '', '', '', 'מדד שניים', '50 אישורים', ''],
        ['', '', '', '', '', '', 'מטרה שנייה', 'מדד תוצאה', 'מדד שלושה', 'לא', 'הערה']]


def book(root, name, plan='p.xlsx', extra='', vocab=''):
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, 'book.yaml'), 'w', encoding='utf-8') as f:
        f.write(YAML.format(plan=plan, extra=extra, vocab=vocab))
    return os.path.join(d, plan)


def expect(root, name, rows, vocab=''):
    """ROOT/NAME.expect: the book NAME should read as, its plan written as CSV by hand."""
    with open(book(root, name + '.expect', plan='p.csv', vocab=vocab), 'w', encoding='utf-8', newline='') as f:
        csv.writer(f).writerows(rows)


def changed(**cells):
    """PLAN with some cells replaced: I3='text'."""
    rows = [r[:] for r in PLAN]
    for ref, text in cells.items():
        rows[int(ref[1:]) - 1][ord(ref[0]) - 65] = text
    return rows


def plan_rows(**cells):
    """PLAN's cells as {row: [cell xml]}, with some replaced: J3='<c …>' (None drops it)."""
    rows = {}
    for i, r in enumerate(PLAN):
        for j, t in enumerate(r):
            ref = f'{col_letters(j + 1)}{i + 1}'
            if ref in cells:
                continue
            if t:
                rows.setdefault(i + 1, []).append(istr(ref, t))
    for ref, xml in cells.items():
        if xml:
            n = int(re.sub(r'[A-Z]+', '', ref))
            rows.setdefault(n, []).append(xml)
    for n in rows:  # cells in column order, as Excel writes them
        rows[n].sort(key=lambda c: (len(re.search(r'r="([A-Z]+)', c)[1]), re.search(r'r="([A-Z]+)', c)[1]))
    return rows


def features(root):
    # inline strings only: the PLAN itself
    workbook(book(root, 'inline'), PLAN)
    expect(root, 'inline', PLAN)
    # shared strings with rich-text runs and a phonetic reading that is not the cell's
    si = ['<si><t>מדד אחד</t></si>',
          '<si><r><rPr><b/></rPr><t xml:space="preserve">מדד </t></r><r><rPr><i/></rPr><t>מודגש</t></r>'
          '<rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si>']
    workbook(book(root, 'rich'), plan_rows(I2='<c r="I2" t="s"><v>0</v></c>', I3='<c r="I3" t="s"><v>1</v></c>'),
             shared=si)
    expect(root, 'rich', changed(I3='מדד מודגש'))
    # _xHHHH_ escapes: a carriage return Excel writes as _x000D_, and _x005F_ that keeps a literal "_x"
    si = ['<si><t>שורה_x000D_\nשנייה</t></si>', '<si><t>קוד_x005F_x0041_</t></si>']
    workbook(book(root, 'escapes'), plan_rows(I2='<c r="I2" t="s"><v>0</v></c>', I3='<c r="I3" t="s"><v>1</v></c>'),
             shared=si)
    expect(root, 'escapes', changed(I2='שורה\nשנייה', I3='קוד_x0041_'))
    # the 1904 date system: 31/12/2020 is day 44196 of the 1900 system, 42734 of the 1904 one
    workbook(book(root, 'date1904'), plan_rows(J2='<c r="J2" s="1"><v>42734</v></c>'),
             formats=['dd/mm/yyyy'], date1904=True)
    expect(root, 'date1904', changed(J2='31/12/2020'))
    # the same date in the 1900 system, through [$-40D] (Hebrew) custom formats
    workbook(book(root, 'locale'), plan_rows(J2='<c r="J2" s="1"><v>44196</v></c>', J3='<c r="J3" s="2"><v>43862</v></c>'),
             formats=['[$-40D]dd/mm/yyyy', '[$-40D]mmm-yy;@'])
    expect(root, 'locale', changed(J2='31/12/2020', J3='פבר-20'))
    # numbers through formats, as Excel shows them (he-IL): value, format code, text
    shown = [(0.125, '0%', '13%'), (2.5, '#,##0', '3'), (0.30000000000000004, 'General', '0.3'),
             (1500.5, 'General', '1500.5'), (-1500, '#,##0', '-1,500'), (-1500, '#,##0;(#,##0)', '(1,500)'),
             (0, '#,##0;-#,##0;"אפס"', 'אפס'), (61, 'dd/mm/yyyy', '01/03/1900'), (44196.5, 'dd/mm/yyyy', '31/12/2020'),
             (44196.99999999, 'dd/mm/yyyy', '01/01/2021'), (43862, 'mmmm yyyy', 'פברואר 2020'),
             (1234567, '#,##0.00', '1,234,567.00'), (0.075, '0.0%', '7.5%'), (123456789012, 'General', '1.23457E+11'),
             (12345678901, 'General', '12345678901'), (1e-7, 'General', '1E-07'), (44196, 'd/m/yy', '31/12/20'),
             (44196, 'yyyy-mm-dd', '2020-12-31'), (1, '@', '1'), (0.1, '0.00', '0.10'),
             (1.5, '0.0 "מש"\\""ח"', '1.5 מש"ח'), (100000, '[$₪-40D] #,##0', '₪ 100,000'),
             (44196.75, 'dd/mm/yyyy hh:mm', '31/12/2020 18:00'), (0.5, 'h:mm', '12:00'), (45, '0.00E+00', '4.50E+01')]
    builtin = [(14, 44196, '31/12/2020'), (3, 1500, '1,500'), (9, 0.75, '75%'), (17, 43862, 'פבר-20'),
               (10, 0.125, '12.50%'), (4, 2.005, '2.01'), (1, 2.5, '3')]
    rows = [HEADER, ['', '', '', '', '', '', 'מטרה', 'מדד התארגנות']]
    cells = {1: [istr(f'{col_letters(j + 1)}1', h) for j, h in enumerate(HEADER)],
             2: [istr('G2', 'מטרה'), istr('H2', 'מדד התארגנות')]}
    for k, (v, _, text) in enumerate(shown + [(v, None, t) for _, v, t in builtin]):
        r = k + 3
        cells[r] = [istr(f'I{r}', f'שורה {k}'), f'<c r="J{r}" s="{k + 1}"><v>{v!r}</v></c>']
        rows.append([''] * 8 + [f'שורה {k}', text])
    p = parts([('תוכנית', sheet_xml(cells), None)], None, [f for _, f, _ in shown])
    p['xl/styles.xml'] = p['xl/styles.xml'].replace('</cellXfs>', ''.join(
        f'<xf numFmtId="{i}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        for i, _, _ in builtin) + '</cellXfs>')
    write_zip(book(root, 'formats'), p)
    expect(root, 'formats', rows)
    # a formula with its cached value, and one saved without
    workbook(book(root, 'formula'), plan_rows(J2='<c r="J2"><f>40+2</f><v>42</v></c>',
                                              J3='<c r="J3" t="str"><f>"כ"&amp;"ן"</f><v>כן</v></c>'))
    expect(root, 'formula', changed(J2='42', J3='כן'))
    workbook(book(root, 'formula-novalue'), plan_rows(J3='<c r="J3"><f>40+2</f></c>'))
    # an Excel error shown in a cell
    workbook(book(root, 'cell-error'), plan_rows(J3='<c r="J3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'))
    # a hidden row
    workbook(book(root, 'hidden-row'), PLAN, row_attrs={3: ' hidden="1"'})
    expect(root, 'hidden-row', PLAN)
    # a hidden first sheet: the first visible one is read
    junk = sheet_xml([['ישן', 'גיליון נסתר']])
    write_zip(book(root, 'hidden-sheet'), parts([('ישן', junk, 'hidden'), ('תוכנית', sheet_xml(PLAN), None)]))
    expect(root, 'hidden-sheet', PLAN)
    # sheet: names the second sheet; and names a sheet that is not there
    two = parts([('הערות', junk, None), ('תוכנית 2020', sheet_xml(PLAN), None)])
    write_zip(book(root, 'sheet-named', extra='        sheet: תוכנית 2020\n'), two)
    expect(root, 'sheet-named', PLAN)
    write_zip(book(root, 'sheet-missing', extra='        sheet: תוכנית 2021\n'), two)
    # what other programs write: prefixed elements (x:c), cells and rows with no r="…"
    # (their places counted), Strict OOXML's namespaces, absolute relationship targets
    p = parts([('תוכנית', sheet_xml(PLAN), None)])
    x = re.sub(r'<(/?)([a-zA-Z]+)', r'<\1x:\2', p['xl/worksheets/sheet1.xml'])
    p['xl/worksheets/sheet1.xml'] = x.replace(f'xmlns="{NS}"', f'xmlns:x="{NS}"')
    write_zip(book(root, 'prefixed'), p)
    expect(root, 'prefixed', PLAN)
    full = {i + 1: [istr('A1', t) if t else '<c/>' for t in r] for i, r in enumerate(PLAN)}
    x = re.sub(r' r="[A-Z]*\d+"', '', sheet_xml(full))
    write_zip(book(root, 'no-refs'), parts([('תוכנית', x, None)]))
    expect(root, 'no-refs', PLAN)
    p = parts([('תוכנית', sheet_xml(PLAN), None)])
    strict = {REL: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
              NS: 'http://purl.oclc.org/ooxml/spreadsheetml/main', 'Target="': 'Target="/xl/'}
    for k in p:
        for old, new in strict.items():
            p[k] = p[k].replace(old, new)
    p['_rels/.rels'] = p['_rels/.rels'].replace('/xl/xl/', '/xl/')
    write_zip(book(root, 'strict'), p)
    expect(root, 'strict', PLAN)
    # a date written as ISO text (t="d"), an empty <v></v>, an empty shared string
    workbook(book(root, 'values'), plan_rows(J2='<c r="J2" s="1" t="d"><v>2020-12-31T00:00:00</v></c>',
                                             K2='<c r="K2"><v></v></c>', K3='<c r="K3" t="s"><v>0</v></c>'),
             formats=['dd/mm/yyyy'], shared=['<si><t/></si>'])
    expect(root, 'values', changed(J2='31/12/2020'))
    # an absurd dimension is harmless: the reader ignores it
    workbook(book(root, 'dimension'), PLAN, before='<dimension ref="A1:XFD1048576"/>')
    expect(root, 'dimension', PLAN)


def hostile(root):
    good = parts([('תוכנית', sheet_xml(PLAN), None)])
    # a zip bomb: a sheet of 200 MB of spaces that compresses to a few hundred kilobytes
    head = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'.encode()
    tail = b'</sheetData></worksheet>'
    p = dict(good)
    del p['xl/worksheets/sheet1.xml']
    write_zip(book(root, 'bomb'), p, ('xl/worksheets/sheet1.xml', head, b' ' * (1 << 20), 200, tail))
    # a ratio bomb just over the limits: 1.1 MB that compresses a thousand times
    write_zip(book(root, 'ratio-bomb'), p, ('xl/worksheets/sheet1.xml', head, b' ' * (1 << 16), 18, tail))
    # and just under: the same spaces, under 1 MB, before the plan's rows: read
    pad = dict(good)
    pad['xl/worksheets/sheet1.xml'] = sheet_xml(PLAN).replace('<sheetData>', '<sheetData>' + ' ' * ((1 << 20) - 4096))
    write_zip(book(root, 'ratio-under'), pad)
    expect(root, 'ratio-under', PLAN)
    # a bomb whose zip directory lies about its size (says 1 kB; inflates to 40 MB)
    path = book(root, 'lying-bomb')
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in p.items():
            z.writestr(name, text)
        z.writestr('xl/worksheets/sheet1.xml', head + b' ' * (40 << 20) + tail)
    lie_about_size(path, 'xl/worksheets/sheet1.xml', 1000)
    # a truncated zip and a corrupt one, from a real workbook of the plan
    whole = os.path.join(root, 'whole.xlsx')
    write_zip(whole, good)
    data = open(whole, 'rb').read()
    open(book(root, 'truncated'), 'wb').write(data[:len(data) // 2])
    sheet_at = data.find(b'xl/worksheets/sheet1.xml') + 40  # inside the sheet's deflated data
    open(book(root, 'corrupt'), 'wb').write(data[:sheet_at] + bytes(b ^ 0x5A for b in data[sheet_at:sheet_at + 64])
                                            + data[sheet_at + 64:])
    # XML entity bombs (billion laughs), in the shared strings and in the sheet
    lol = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
           + ''.join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
           + ']>')
    sst = (f'<?xml version="1.0" encoding="UTF-8"?>\n{lol}<sst xmlns="{NS}" count="1" uniqueCount="1">'
           '<si><t>&lol9;</t></si></sst>')
    workbook(book(root, 'entities-strings'), plan_rows(I2='<c r="I2" t="s"><v>0</v></c>'), shared=sst)
    workbook(book(root, 'entities-sheet'), plan_rows(I2=istr('I2', '&lol9;').replace('&amp;lol9;', '&lol9;')),
             doctype=lol)
    # a cell at Excel's last place
    workbook(book(root, 'last-cell'), plan_rows(XFD1048576=istr('XFD1048576', 'רחוק')))
    # a shared string past the end of the table
    workbook(book(root, 'string-index'), plan_rows(I3='<c r="I3" t="s"><v>7</v></c>'), shared=['<si><t>מדד</t></si>'])
    # a 100 MB sheet of ordinary rows
    row = ('<row>' + ''.join(istr(col_letters(j + 1) + '1', 'מדד ' * 8) for j in range(11)) + '</row>').encode()
    chunk = row * 200
    write_zip(book(root, 'huge-sheet'), p, ('xl/worksheets/sheet1.xml', head, chunk, (100 << 20) // len(chunk) + 1, tail))
    # an old .xls (OLE2), a text file, both named .xlsx; a workbook named .csv
    open(book(root, 'old-xls'), 'wb').write(b'\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1' + bytes(4096))
    open(book(root, 'text-named-xlsx'), 'w', encoding='utf-8').write(','.join(HEADER) + '\n')
    write_zip(book(root, 'xlsx-named-csv', plan='p.csv'), good)
    expect(root, 'xlsx-named-csv', PLAN)


def lie_about_size(path, name, size):
    """Sets the uncompressed size of a part, in its local header and in the directory."""
    data = bytearray(open(path, 'rb').read())
    n = name.encode()
    i = data.find(b'PK\x03\x04')
    while i >= 0:
        if data[i + 30:i + 30 + len(n)] == n:
            data[i + 22:i + 26] = size.to_bytes(4, 'little')
        i = data.find(b'PK\x03\x04', i + 4)
    i = data.find(b'PK\x01\x02')
    while i >= 0:
        if data[i + 46:i + 46 + len(n)] == n:
            data[i + 24:i + 28] = size.to_bytes(4, 'little')
        i = data.find(b'PK\x01\x02', i + 4)
    open(path, 'wb').write(data)


def habits(root):
    import openpyxl
    # a header row under a title, and the printed book's two-row header
    workbook(book(root, 'header-low'), [['תוכנית עבודה 2020']] + PLAN)
    top = ['משאבים'] + [''] * 5 + ['יעדים']
    workbook(book(root, 'header-two-rows'), [top] + PLAN)
    # the printed book's header as Excel holds it: group titles merged across their names,
    # the other names merged down beside them
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'תוכנית'
    ws.append(HEADER[:3] + ['משאבים', '', '', 'יעדים', '', '', '', HEADER[10]])
    ws.append([''] * 3 + HEADER[3:10] + [''])
    for r in PLAN[1:]:
        ws.append(r)
    for c in 'ABCK':
        ws.merge_cells(f'{c}1:{c}2')
    ws.merge_cells('D1:F1')
    ws.merge_cells('G1:J1')
    wb.save(book(root, 'header-printed'))
    # no header at all: the data rows alone
    workbook(book(root, 'header-none'), PLAN[1:])
    # a value right of the last named column (L3)
    workbook(book(root, 'unnamed-value'), plan_rows(L3=istr('L3', 'הערה בצד')))
    # a target with no metric (J3)
    workbook(book(root, 'value-no-metric'), plan_rows(I3=None))
    # the vision of the first goal merged down into the second (B2:B4)
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in PLAN:
        ws.append(r)
    ws['B2'] = 'אשדוד עיר לכל תושביה - התושב במרכז'
    ws.merge_cells('B2:B4')
    wb.save(book(root, 'merged-across'))
    vision = 'אשדוד עיר לכל תושביה - התושב במרכז'
    expect(root, 'merged-across', changed(B2=vision, B4=vision))
    # a target merged down over two lines (J2:J3): printed on the first, and said
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in PLAN:
        ws.append(r)
    ws['J3'] = None
    ws.merge_cells('J2:J3')
    wb.save(book(root, 'merged-line'))
    expect(root, 'merged-line', changed(J3=''))
    # a vocabulary item YAML splits at its comma, while a plan cell holds it whole
    vocab = ('vocabularies:\n  vision:\n    - pillar: אשדוד עיר לכל תושביה\n'
             '      themes: [התושב במרכז, מקצועיות, מצוינות ושירות איכותי]\n')
    plan = [r[:] for r in PLAN]
    plan[1][1] = 'אשדוד עיר לכל תושביה - מקצועיות, מצוינות ושירות איכותי'
    workbook(book(root, 'vocab-split', vocab=vocab), plan)
    expect(root, 'vocab-split', plan, vocab=vocab)
    # the same plan as CSV: ';'-separated, and tab-separated UTF-16 ("Unicode text")
    csv_plan = [r[:] for r in PLAN]
    csv_plan[2][8] = 'מדד, עם פסיק'
    with open(book(root, 'csv-semicolon', plan='p.csv'), 'w', encoding='utf-8-sig', newline='') as f:
        csv.writer(f, delimiter=';', lineterminator='\r\n').writerows(csv_plan)
    expect(root, 'csv-semicolon', csv_plan)
    expect(root, 'csv-utf16', csv_plan)
    text = '\r\n'.join('\t'.join(r) for r in csv_plan) + '\r\n'
    open(book(root, 'csv-utf16', plan='p.txt'), 'wb').write(b'\xff\xfe' + text.encode('utf-16-le'))
    # CSV habits too: a value right of the last column, a target with no metric
    with open(book(root, 'csv-unnamed-value', plan='p.csv'), 'w', encoding='utf-8', newline='') as f:
        csv.writer(f).writerows([PLAN[0], PLAN[1], PLAN[2] + ['הערה בצד'], PLAN[3]])
    with open(book(root, 'csv-value-no-metric', plan='p.csv'), 'w', encoding='utf-8', newline='') as f:
        csv.writer(f).writerows([PLAN[0], PLAN[1], PLAN[2][:8] + [''] + PLAN[2][9:], PLAN[3]])
    with open(book(root, 'csv-header-none', plan='p.csv'), 'w', encoding='utf-8', newline='') as f:
        csv.writer(f).writerows(PLAN[1:])


def cases(root):
    features(root)
    hostile(root)
    habits(root)


if __name__ == '__main__':
    if sys.argv[1] == 'units':
        units(sys.argv[2], sys.argv[3:])
    elif sys.argv[1] == 'cases':
        cases(sys.argv[2])
    else:
        sys.exit(__doc__)
