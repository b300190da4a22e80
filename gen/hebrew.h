/* hebrew.h — Hebrew numerals, shared by list numbering and the calendar. */
#ifndef PB_HEBREW_H
#define PB_HEBREW_H

#include <stdbool.h>
#include <stddef.h>

/* Writes n (1–9999) in Hebrew letters: 15 → "טו", 16 → "טז", 115 → "קטו". With
 * punctuate, adds geresh or gershayim as ASCII ' and " the way the book prints them
 * ("ט\"ו", "ל'"). The thousands are left out (5780 → "תשפ"). Returns the length. */
size_t hebrew_numeral(int n, bool punctuate, char *out, size_t cap);

#endif
