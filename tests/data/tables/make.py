#!/usr/bin/env python3
"""Writes the table fixtures (run once; the CSVs are committed):
long.csv   one goal of 40 metric lines: it runs over a page and continues on the next
tall.csv   one metric line whose note is taller than a whole page
widow.csv  goals sized so that without the widow rule a goal's first line would end a
           page alone, and another goal's last line would begin a page alone"""
import csv, sys

HEAD = ['נושאים', 'חזון ראש העיר', 'הדגשי מדיניות', 'שם החשבון', 'תב"ר', 'תקציב', 'מטרה',
        'סוג מדד', 'מדד', 'ערך', 'הערות']
TYPES = ['מדד התארגנות', 'מדד תפוקה / ביצוע', 'מדד תוצאה']


def goal(rows, tag, n, topic='נושא הבדיקה', goal_text=None, short=False):
    for i in range(n):
        first = i == 0
        t = TYPES[0] if first else (TYPES[1] if i == n // 2 else (TYPES[2] if i == n - 1 and n > 2 else ''))
        long = first and not short
        rows.append([topic if first else '', 'עיר מקיימת - עיר בריאה ופעילה' if long else '',
                     'פיתוח עירוני - התחדשות עירונית' if long else '', '', '', '100,000' if long else '',
                     (goal_text or f'מטרה {tag}: שיפור השירות לתושבים') if first else '', t,
                     f'שורה {tag}{i + 1} של מדד', f'{i + 1}.3.2020', ''])


def write(name, rows):
    with open(name, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(HEAD)
        w.writerows(rows)


rows = []
goal(rows, 'א', 40)
write('long.csv', rows)
rows = []
goal(rows, 'ג', 1)
rows[0][10] = ' '.join(f'הערה ארוכה מאוד מספר {i}' for i in range(1, 120))
write('tall.csv', rows)
# sizes found by trying: with widow-space 0 in the layout both lone lines occur
first, second, fill1, fill2 = (int(a) for a in (sys.argv[1:5] if len(sys.argv) > 4 else (25, 17, 2, 0)))
rows = []
goal(rows, 'ק', first, topic='מילוי העמוד')
rows[-1][8] += ' ' + 'מילים נוספות שממלאות עוד שורה בתא' * fill1
goal(rows, 'ב', 4, topic='יתום', goal_text='ראשון', short=True)
goal(rows, 'ד', second, topic='מילוי העמוד השני')
rows[-1][8] += ' ' + 'מילים נוספות שממלאות עוד שורה בתא' * fill2
goal(rows, 'ה', 4, topic='יתום', goal_text='אחרון', short=True)
write('widow.csv', rows)
