/* hebrew.c — Hebrew numerals. */
#include "hebrew.h"

#include <string.h>

static const char *const ones[] = {"", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט"};
static const char *const tens[] = {"", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ"};
static const char *const hundreds[] = {"", "ק", "ר", "ש", "ת"};

size_t hebrew_numeral(int n, bool punctuate, char *out, size_t cap)
{
	char tmp[64] = "";
	size_t letters = 0;
	if (n <= 0 || cap == 0) {
		if (cap)
			out[0] = '\0';
		return 0;
	}
	n %= 1000;
	while (n >= 400) {
		strcat(tmp, hundreds[4]);
		letters++;
		n -= 400;
	}
	if (n >= 100) {
		strcat(tmp, hundreds[n / 100]);
		letters++;
		n %= 100;
	}
	/* 15 and 16 are written 9+6 and 9+7, never as spellings of the divine name */
	if (n == 15 || n == 16) {
		strcat(tmp, "ט");
		strcat(tmp, ones[n - 9]);
		letters += 2;
		n = 0;
	}
	if (n >= 10) {
		strcat(tmp, tens[n / 10]);
		letters++;
		n %= 10;
	}
	if (n) {
		strcat(tmp, ones[n]);
		letters++;
	}
	if (punctuate) {
		if (letters == 1) {
			strcat(tmp, "'");
		} else if (letters > 1) {
			/* gershayim before the last letter (each letter is 2 bytes in UTF-8) */
			size_t len = strlen(tmp);
			memmove(tmp + len - 1, tmp + len - 2, 3);
			tmp[len - 2] = '"';
		}
	}
	size_t len = strlen(tmp);
	if (len >= cap)
		len = cap - 1;
	memcpy(out, tmp, len);
	out[len] = '\0';
	return len;
}
