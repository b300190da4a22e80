#!/usr/bin/env python3
"""Writes a book whose contents take several pages (tests/e2e/contents.sh): four
administrations of 45 units with names of one to eight words, sub-headings in one of
them, and in each the hard cases: a bracketed group too long for a line, the issue's
"(א, ב, ו-ט, י-יג)" groups, and a word longer than a column. Usage: contents_book.py DIR"""
import os
import random
import sys

WORDS = ('מחלקת אגף היחידה לתכנון שירותים חברתיים עירונית קהילתית ומידע פיקוח תברואה ביטחון '
         'חינוך רווחה נוער ותרבות').split()
HARD = {5: 'מחלקה אזורית (א, ב, ג, ד, ה, ו, ז, ח, ט, י, יא, יב, יג, יד, טו, טז, יז, יח)',
        6: 'מדור זכאות - (א, ב, ו-ט, י-יג)',
        7: 'א' * 60,
        8: 'מחלקות אזוריות (א-ד, ב-ג, ו-ט, י-יג)'}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(7)
    lines = ['id: s', 'year: 2020', 'title: ספר עמוס', 'parts:']
    n = 0
    for p in range(4):
        lines += [f'  - id: p{p}', f'    title: מינהל מספר {p + 1} לבדיקת תוכן העניינים', '    units:']
        for u in range(45):
            title = HARD.get(u) or ' '.join(rnd.choice(WORDS) for _ in range(rnd.choice([1, 2, 3, 4, 6, 8])))
            group = f', group: אגף {u // 10 + 1} ושירותיו' if p == 2 else ''
            lines.append(f"      - {{id: u{n}, toc: '{title}', plan: plan.csv{group}}}")
            n += 1
    with open(os.path.join(out, 'book.yaml'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(lines) + '\n')
    with open(os.path.join(out, 'plan.csv'), 'w', encoding='utf-8') as f:
        f.write('נושאים,מטרה,סוג מדד,מדד,ערך\nנושא,מטרה,מדד תפוקה,מדד,10\n')


if __name__ == '__main__':
    main()
