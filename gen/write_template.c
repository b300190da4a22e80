/* write_template.c — a unit's plan as an Excel workbook that its department fills in.
 *
 * One sheet, right to left, with the plan's columns under a locked header row; the rows
 * are laid out exactly as read_plan.c reads them back (a goal's cells on its first row,
 * the metric type on its group's first row, one row per metric line), so a workbook
 * returned unchanged gives the same plan. The only file that includes xlsxwriter.h. */
#include "write_template.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "read_plan.h"

#define PLAN_SHEET "תוכנית"
#define LISTS_SHEET "רשימות"
/* Excel's limit on a list typed into a validation. libxlsxwriter 1.1.4 overflows a buffer
 * when a list's bytes pass it (counted in characters, Hebrew takes two bytes each), so
 * bytes are counted here. */
#define INLINE_LIST_MAX 255
/* Row heights in points for Arial 10: LibreOffice does not fit rows to wrapped text when
 * it opens a workbook, and neither program fits a row to a merged cell, so the heights
 * are estimated here and written. */
#define LINE_HEIGHT 12.75
#define ROW_HEIGHT 15.0
#define EXTRA_WIDTH 24 /* of a unit's own extra column */
/* The measurement columns: a period's result, status and explanation, the CEO flag. */
static const double measure_width[] = {14, 14, 28};
#define CEO_WIDTH 10

/* The standard columns in the order of the sheet (column A first, at the right), their
 * widths in characters, and the note on each header cell, for the clerk who fills it.
 * They follow enum column, so a column's enum value is its index on the sheet. */
static const struct {
	enum column col;
	const char *name;
	double width;
	const char *comment;
} standard[] = {
	{COL_TOPIC, "נושאים", 18,
	 "הנושא שהמטרות שייכות אליו. כותבים אותו פעם אחת, בשורה הראשונה שלו; "
	 "שורות ריקות מתחתיו שייכות לאותו נושא עד שנכתב נושא אחר."},
	{COL_VISION, "חזון ראש העיר", 24,
	 "בוחרים מהרשימה את תחום החזון של ראש העיר שהמטרה משרתת (התחום לבד, או התחום "
	 "ותת-הנושא). ממלאים רק בשורה הראשונה של המטרה."},
	{COL_POLICY, "הדגשי מדיניות", 24,
	 "בוחרים מהרשימה את דגש המדיניות שהמטרה מקדמת. ממלאים רק בשורה הראשונה של המטרה."},
	{COL_ACCOUNT, "שם החשבון", 14,
	 "שם החשבון בתקציב או המספר שלו. ממלאים רק בשורה הראשונה של המטרה; אפשר להשאיר ריק."},
	{COL_TABAR, "תב\"ר", 9,
	 "מספר התב\"ר (תקציב בלתי רגיל), אם יש. ממלאים רק בשורה הראשונה של המטרה."},
	{COL_BUDGET, "תקציב", 14,
	 "התקציב כפי שיודפס בספר, למשל 100,000 או 1.5 מש\"ח או 'במסגרת התקציב השוטף'. "
	 "ממלאים רק בשורה הראשונה של המטרה."},
	{COL_GOAL, "מטרה", 36,
	 "המטרה. כל מטרה חדשה מתחילה בשורה חדשה; השורות שמתחתיה, עד המטרה הבאה, "
	 "הן המדדים שלה."},
	{COL_TYPE, "סוג מדד", 16,
	 "בוחרים מהרשימה את סוג המדד. כותבים אותו בשורה הראשונה של המדדים מסוג זה; "
	 "השורות שמתחתיו שייכות לאותו סוג עד שנבחר סוג אחר."},
	{COL_METRIC, "מדד", 44, "מדד אחד בכל שורה: מה ייעשה או מה יימדד."},
	{COL_VALUE, "ערך", 12,
	 "היעד של המדד בשורה זו, כפי שיודפס: מספר, תאריך (31.12.20), כן/לא וכדומה."},
	{COL_NOTES, "הערות", 20, "הערה למדד בשורה זו, אם יש. אפשר להשאיר ריק."},
};
#define NSTANDARD (sizeof standard / sizeof standard[0])

/* The columns that belong to a goal and are filled on its first row only. */
static const enum column goal_columns[] = {COL_VISION, COL_POLICY, COL_ACCOUNT,
					   COL_TABAR,  COL_BUDGET, COL_GOAL};

struct tpl {
	struct arena *a;
	const struct book *b;
	const struct unit *u;
	const struct plan *plan; /* NULL for a unit whose plan is not in */
	lxw_workbook *wb;
	lxw_worksheet *ws, *lists;
	lxw_format *head, *cell;
	int *extra_of;           /* per extra column of the unit: its index in the plan, or -1 */
	lxw_col_t measure;       /* the first measurement column, after the extra ones */
	int nlists;              /* columns used on the hidden lists sheet */
	struct vec heights;      /* double per row: the height its cells need */
	struct vec spans;        /* struct merged: the merged cells, fitted after the rows */
	lxw_error err;           /* the first error libxlsxwriter returned */
};

static void keep_error(struct tpl *t, lxw_error e)
{
	if (e != LXW_NO_ERROR && t->err == LXW_NO_ERROR)
		t->err = e;
}

static const char *goal_value(const struct goal *g, enum column c)
{
	const char *v[] = {g->topic, g->vision, g->policy, g->account, g->tabar, g->budget, g->text};
	return c >= COL_TOPIC && c <= COL_GOAL ? v[c] : NULL;
}

/* ---------------------------------------------------------------- row heights */

struct merged {
	lxw_row_t first, last;
	double height;
};

static double column_width(const struct tpl *t, lxw_col_t col)
{
	if (col < NSTANDARD)
		return standard[col].width;
	if (col < t->measure)
		return EXTRA_WIDTH;
	size_t k = col - t->measure;
	return k < 3 * t->b->measurement.nperiods ? measure_width[k % 3] : CEO_WIDTH;
}

/* The lines text takes in a column, wrapped at spaces like a spreadsheet does; a
 * character of Arial 10 is about one unit of column width. */
static int lines_of(const char *text, double width)
{
	int per_line = width > 3 ? (int)width - 2 : 1;
	int lines = 1, used = 0, word = 0;
	for (const char *p = text;; p++) {
		bool end = *p == '\0' || *p == ' ' || *p == '\n';
		if (!end) {
			word += ((unsigned char)*p & 0xC0) != 0x80; /* count characters, not bytes */
			continue;
		}
		if (used && used + 1 + word > per_line)
			lines++, used = 0;
		used += (used ? 1 : 0) + word;
		for (; used > per_line; used -= per_line)
			lines++; /* a word longer than the line is cut */
		word = 0;
		if (*p == '\n')
			lines++, used = 0;
		if (*p == '\0')
			return lines;
	}
}

static double height_of(const struct tpl *t, lxw_col_t col, const char *text)
{
	double h = lines_of(text, column_width(t, col)) * LINE_HEIGHT + 2.25;
	return h > ROW_HEIGHT ? h : ROW_HEIGHT;
}

static double *row_height(struct tpl *t, lxw_row_t row)
{
	while (t->heights.len <= row)
		*(double *)vec_push(t->a, &t->heights, sizeof(double)) = ROW_HEIGHT;
	return &VEC_AT(&t->heights, double, row);
}

/* Grows each merged cell's rows evenly where it needs more than they give, then writes
 * the heights of the rows that need more than one line. */
static void fit_rows(struct tpl *t)
{
	for (size_t i = 0; i < t->spans.len; i++) {
		const struct merged *m = &VEC_AT(&t->spans, struct merged, i);
		double have = 0;
		for (lxw_row_t r = m->first; r <= m->last; r++)
			have += *row_height(t, r);
		for (lxw_row_t r = m->first; have < m->height && r <= m->last; r++)
			*row_height(t, r) += (m->height - have) / (m->last - m->first + 1);
	}
	for (lxw_row_t r = 1; r < t->heights.len; r++)
		if (VEC_AT(&t->heights, double, r) > ROW_HEIGHT)
			keep_error(t, worksheet_set_row(t->ws, r, VEC_AT(&t->heights, double, r), NULL));
}

/* ---------------------------------------------------------------- cells */

static void put(struct tpl *t, lxw_row_t row, lxw_col_t col, const char *text)
{
	if (!text || !text[0])
		return;
	keep_error(t, worksheet_write_string(t->ws, row, col, text, t->cell));
	double *h = row_height(t, row), need = height_of(t, col, text);
	if (need > *h)
		*h = need;
}

/* A value that spans rows first..last, merged as the printed book shows it. Merged cells
 * take the unlocked cell format, so they stay editable under the sheet's protection. */
static void span(struct tpl *t, lxw_row_t first, lxw_row_t last, lxw_col_t col, const char *text)
{
	if (!text || !text[0])
		return;
	if (first == last)
		put(t, first, col, text);
	else {
		keep_error(t, worksheet_merge_range(t->ws, first, col, last, col, text, t->cell));
		*(struct merged *)vec_push(t->a, &t->spans, sizeof(struct merged)) =
			(struct merged){first, last, height_of(t, col, text)};
	}
}

/* A goal none of whose own cells is filled starts only by its topic: the topic must then
 * be written again even when it is the one above. */
static bool starts_by_topic(const struct goal *g)
{
	for (size_t k = 0; k < sizeof goal_columns / sizeof goal_columns[0]; k++)
		if (goal_value(g, goal_columns[k])[0])
			return false;
	return true;
}

/* What the line reported so far, so that the next period is filled beside it. */
static void put_results(struct tpl *t, lxw_row_t row, const struct metric_line *l)
{
	const struct measurement *m = &t->b->measurement;
	lxw_col_t col = t->measure;
	for (size_t p = 0; l->results && p < m->nperiods; p++, col += 3) {
		put(t, row, col, l->results[p].result);
		put(t, row, col + 1, l->results[p].status);
		put(t, row, col + 2, l->results[p].explanation);
	}
	if (l->ceo)
		put(t, row, (lxw_col_t)(t->measure + 3 * m->nperiods), m->ceo_yes);
}

static void put_line(struct tpl *t, lxw_row_t row, const struct metric_line *l)
{
	put(t, row, COL_METRIC, l->text);
	put(t, row, COL_VALUE, l->value);
	put(t, row, COL_NOTES, l->note);
	for (size_t k = 0; k < t->u->nextra_columns; k++)
		if (t->extra_of[k] >= 0)
			put(t, row, (lxw_col_t)(NSTANDARD + k), l->extra[t->extra_of[k]]);
	put_results(t, row, l);
}

/* Writes goal g from row first; returns the row after it. The type goes on each group's
 * first row (a type written again starts a new group, as read_plan.c reads it); a group
 * with no line keeps a row of its own. */
static lxw_row_t put_goal(struct tpl *t, const struct goal *g, lxw_row_t first)
{
	lxw_row_t row = first;
	for (size_t i = 0; i < g->ngroups; i++) {
		const struct metric_group *grp = &g->groups[i];
		put(t, row, COL_TYPE, grp->type);
		for (size_t k = 0; k < grp->nlines; k++)
			put_line(t, row++, &grp->lines[k]);
		if (grp->nlines == 0)
			row++;
	}
	if (row == first)
		row++;
	for (size_t k = 0; k < sizeof goal_columns / sizeof goal_columns[0]; k++)
		span(t, first, row - 1, goal_columns[k], goal_value(g, goal_columns[k]));
	return row;
}

/* The plan's rows under the header. A topic is written where it changes and spans the
 * goals under it (an empty topic cell continues the one above). */
static void put_rows(struct tpl *t)
{
	lxw_row_t row = 1, topic_row = 1;
	const char *topic = NULL;
	for (size_t i = 0; t->plan && i < t->plan->ngoals; i++) {
		const struct goal *g = &t->plan->goals[i];
		if (!topic || strcmp(topic, g->topic) != 0 || starts_by_topic(g)) {
			if (topic)
				span(t, topic_row, row - 1, COL_TOPIC, topic);
			topic = g->topic;
			topic_row = row;
		}
		row = put_goal(t, g, row);
	}
	if (topic)
		span(t, topic_row, row - 1, COL_TOPIC, topic);
}

/* ---------------------------------------------------------------- header */

static const char *header_name(const struct tpl *t, size_t i)
{
	if (t->plan && standard[i].col == COL_BUDGET && t->plan->budget_label)
		return t->plan->budget_label; /* "תקציב 2020": the year is printed */
	if (t->plan && standard[i].col == COL_VALUE)
		return t->plan->value_label; /* "ערך" or "לו\"ז" */
	if (t->plan && standard[i].col == COL_VISION)
		return t->plan->vision_label; /* "חזון" is printed as such in the book */
	return standard[i].name;
}

static void put_header_cell(struct tpl *t, lxw_col_t col, const char *name, double width,
			    const char *comment)
{
	keep_error(t, worksheet_write_string(t->ws, 0, col, name, t->head));
	/* the column's format unlocks every cell below the header */
	keep_error(t, worksheet_set_column(t->ws, col, col, width, t->cell));
	lxw_comment_options opt = {.author = (char *)t->b->organisation,
				   .width = 260,
				   .height = 110,
				   .font_name = "Arial",
				   .font_size = 10};
	keep_error(t, worksheet_write_comment_opt(t->ws, 0, col, comment, &opt));
}

/* The statuses' labels as a sentence: "בוצע, בוצע חלקית, לא בוצע או בוטל". */
static const char *status_labels(struct tpl *t)
{
	const struct measurement *m = &t->b->measurement;
	const char *s = m->nstatuses ? m->statuses[0].label : "";
	for (size_t i = 1; i < m->nstatuses; i++)
		s = arena_printf(t->a, "%s%s%s", s, i + 1 < m->nstatuses ? ", " : " או ",
				 m->statuses[i].label);
	return s;
}

/* Each period's result, status and explanation, then the CEO flag, after the unit's
 * columns: where a department reports what its lines achieved, in the same workbook. */
static void put_measure_header(struct tpl *t)
{
	const struct measurement *m = &t->b->measurement;
	lxw_col_t col = t->measure;
	for (size_t p = 0; p < m->nperiods; p++, col += 3) {
		const struct period *pd = &m->periods[p];
		put_header_cell(t, col, pd->result_column, measure_width[0],
				arena_printf(t->a,
					     "מה בוצע בפועל עד סוף התקופה (%s): המספר או "
					     "העובדה, מול היעד שבעמודה 'ערך'. ממלאים בשורה "
					     "של כל מדד.",
					     pd->name));
		put_header_cell(t, col + 1, pd->status_column, measure_width[1],
				arena_printf(t->a,
					     "בוחרים מהרשימה את מצב המדד בסוף התקופה (%s): "
					     "%s. מדד שבוצע: כותבים גם מה בוצע; מדד שלא "
					     "בוצע או בוצע חלקית: כותבים גם הסבר.",
					     pd->name, status_labels(t)));
		put_header_cell(t, col + 2, pd->explanation_column, measure_width[2],
				arena_printf(t->a,
					     "למה יש פער בין הביצוע (%s) לבין היעד, ומה "
					     "ייעשה כדי לסגור אותו. חובה כשהמדד לא בוצע או "
					     "בוצע חלקית.",
					     pd->name));
	}
	put_header_cell(t, col, m->ceo_column, CEO_WIDTH,
			arena_printf(t->a,
				     "כותבים '%s' (או בוחרים מהרשימה) במדד שנבחר כמדד "
				     "מנכ\"ל; בשאר המדדים משאירים ריק.",
				     m->ceo_yes));
}

static void put_header(struct tpl *t)
{
	for (size_t i = 0; i < NSTANDARD; i++)
		put_header_cell(t, (lxw_col_t)i, header_name(t, i), standard[i].width,
				standard[i].comment);
	for (size_t k = 0; k < t->u->nextra_columns; k++) {
		const char *name = t->u->extra_columns[k];
		put_header_cell(t, (lxw_col_t)(NSTANDARD + k), name, EXTRA_WIDTH,
				arena_printf(t->a, "עמודה נוספת של היחידה (%s): ממלאים בשורה של "
						   "כל מדד, אם יש.", name));
	}
	put_measure_header(t);
	keep_error(t, worksheet_set_row(t->ws, 0, 22, t->head));
}

/* Where each of the unit's extra columns is in the plan's lines. */
static void map_extras(struct tpl *t)
{
	size_t n = t->u->nextra_columns;
	t->extra_of = arena_calloc(t->a, n ? n : 1, sizeof *t->extra_of);
	t->measure = (lxw_col_t)(NSTANDARD + n);
	for (size_t k = 0; k < n; k++) {
		t->extra_of[k] = -1;
		for (size_t j = 0; t->plan && j < t->plan->nextra; j++)
			if (strcmp(t->plan->extra_labels[j], t->u->extra_columns[k]) == 0)
				t->extra_of[k] = (int)j;
	}
}

/* ---------------------------------------------------------------- drop-down lists */

/* The accepted values of a vision or policy cell: each entry alone, then "entry - item"
 * for each of its items (as validate.c accepts them); of a metric type, the labels. A
 * NULL-terminated array, the shape libxlsxwriter takes. */
static char **vocab_list(struct arena *a, const struct vocab_entry *e, size_t n, bool items,
			 size_t *count)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += 1 + (items ? e[i].nitems : 0);
	char **list = arena_calloc(a, total + 1, sizeof *list);
	*count = 0;
	for (size_t i = 0; i < n; i++) {
		list[(*count)++] = (char *)e[i].name;
		for (size_t k = 0; items && k < e[i].nitems; k++)
			list[(*count)++] = arena_printf(a, "%s - %s", e[i].name, e[i].items[k]);
	}
	return list;
}

/* A list typed into the validation must be short, and cannot hold a comma (its
 * separator) or a double quote. */
static bool fits_inline(char **list)
{
	size_t len = 0;
	for (size_t i = 0; list[i]; i++) {
		if (strpbrk(list[i], ",\""))
			return false;
		len += strlen(list[i]) + (i > 0);
	}
	return len <= INLINE_LIST_MAX;
}

/* Puts a list in the next column of the hidden sheet; returns the formula naming it. */
static char *list_on_sheet(struct tpl *t, char **list, size_t n)
{
	if (!t->lists) {
		t->lists = workbook_add_worksheet(t->wb, LISTS_SHEET);
		if (!t->lists) {
			keep_error(t, LXW_ERROR_MEMORY_MALLOC_FAILED);
			return NULL;
		}
		worksheet_right_to_left(t->lists);
		worksheet_hide(t->lists);
		worksheet_protect(t->lists, NULL, NULL);
	}
	lxw_col_t col = (lxw_col_t)t->nlists++;
	for (size_t i = 0; i < n; i++)
		keep_error(t, worksheet_write_string(t->lists, (lxw_row_t)i, col, list[i], NULL));
	char letters[LXW_MAX_COL_NAME_LENGTH];
	lxw_col_to_name(letters, col, false);
	return arena_printf(t->a, "='%s'!$%s$1:$%s$%zu", LISTS_SHEET, letters, letters, n);
}

struct list_spec {
	enum column col;
	uint8_t error_type;
	const char *title, *message, *error_title, *error_message;
};

/* The validation of a list, typed in or on the hidden sheet; false when there is none. */
static bool make_list(struct tpl *t, const struct list_spec *s, char **list, size_t n,
		      lxw_data_validation *v)
{
	if (n == 0)
		return false;
	*v = (lxw_data_validation){.error_type = s->error_type,
				   .input_title = (char *)s->title,
				   .input_message = (char *)s->message,
				   .error_title = (char *)s->error_title,
				   .error_message = (char *)s->error_message};
	if (fits_inline(list)) {
		v->validate = LXW_VALIDATION_TYPE_LIST;
		v->value_list = list;
	} else {
		v->validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
		v->value_formula = list_on_sheet(t, list, n);
	}
	return v->validate == LXW_VALIDATION_TYPE_LIST || v->value_formula;
}

/* The whole column under the header, however many rows are added. */
static void validate_column(struct tpl *t, lxw_col_t col, lxw_data_validation *v)
{
	keep_error(t, worksheet_data_validation_range(t->ws, 1, col, LXW_ROW_MAX - 1, col, v));
}

static void add_list(struct tpl *t, const struct list_spec *s, char **list, size_t n)
{
	lxw_data_validation v;
	if (make_list(t, s, list, n, &v))
		validate_column(t, (lxw_col_t)s->col, &v);
}

/* A status from the book's statuses on every period's status column, and the agreed word
 * on the CEO column. Warnings, as planbook check gives: an unknown status is told, not
 * refused. */
static void add_measure_lists(struct tpl *t)
{
	static const struct list_spec status = {
		COL_NONE, LXW_VALIDATION_ERROR_TYPE_WARNING, "סטטוס",
		"בוחרים מהרשימה את מצב הביצוע של המדד.", "סטטוס לא מוכר",
		"הסטטוס אינו ברשימת הסטטוסים של ספר התוכניות. עדיף לבחור מהרשימה."};
	static const struct list_spec ceo = {
		COL_NONE, LXW_VALIDATION_ERROR_TYPE_WARNING, "מדד מנכ\"ל",
		"בוחרים מהרשימה במדד מנכ\"ל; בשאר המדדים משאירים ריק.", "ערך לא מוכר",
		"במדד מנכ\"ל כותבים רק את הערך שברשימה."};
	const struct measurement *m = &t->b->measurement;
	char **labels = arena_calloc(t->a, m->nstatuses + 1, sizeof *labels);
	for (size_t i = 0; i < m->nstatuses; i++)
		labels[i] = (char *)m->statuses[i].label;
	lxw_data_validation v;
	if (make_list(t, &status, labels, m->nstatuses, &v))
		for (size_t p = 0; p < m->nperiods; p++)
			validate_column(t, (lxw_col_t)(t->measure + 3 * p + 1), &v);
	char *yes[] = {(char *)m->ceo_yes, NULL};
	if (make_list(t, &ceo, yes, 1, &v))
		validate_column(t, (lxw_col_t)(t->measure + 3 * m->nperiods), &v);
}

static void add_lists(struct tpl *t)
{
	static const struct list_spec vision = {
		COL_VISION, LXW_VALIDATION_ERROR_TYPE_WARNING, "חזון ראש העיר",
		"בוחרים מהרשימה: התחום, או התחום ותת-הנושא.", "ערך שאינו ברשימה",
		"הערך אינו ברשימת החזון של ספר התוכניות. אפשר להשאיר אותו, אבל עדיף לבחור "
		"מהרשימה."};
	static const struct list_spec policy = {
		COL_POLICY, LXW_VALIDATION_ERROR_TYPE_WARNING, "הדגשי מדיניות",
		"בוחרים מהרשימה: הדגש, או הדגש ותת-הנושא.", "ערך שאינו ברשימה",
		"הערך אינו ברשימת הדגשי המדיניות של ספר התוכניות. אפשר להשאיר אותו, אבל עדיף "
		"לבחור מהרשימה."};
	static const struct list_spec type = {
		COL_TYPE, LXW_VALIDATION_ERROR_TYPE_STOP, "סוג מדד",
		"בוחרים את סוג המדד מהרשימה.", "סוג מדד לא מוכר",
		"סוג המדד חייב להיות אחד מהרשימה."};
	const struct vocabulary *v = &t->b->vocab;
	size_t n;
	char **list = vocab_list(t->a, v->vision, v->nvision, true, &n);
	add_list(t, &vision, list, n);
	list = vocab_list(t->a, v->policy, v->npolicy, true, &n);
	add_list(t, &policy, list, n);
	list = vocab_list(t->a, v->metric_types, v->nmetric_types, false, &n);
	add_list(t, &type, list, n);
	add_measure_lists(t);
}

/* ---------------------------------------------------------------- the workbook */

static void make_formats(struct tpl *t)
{
	t->head = workbook_add_format(t->wb);
	t->cell = workbook_add_format(t->wb);
	lxw_format *both[] = {t->head, t->cell};
	for (size_t i = 0; i < 2; i++) {
		format_set_font_name(both[i], "Arial");
		format_set_font_size(both[i], 10);
		format_set_text_wrap(both[i]);
		format_set_reading_order(both[i], 2); /* right to left */
		format_set_border(both[i], LXW_BORDER_THIN);
		format_set_border_color(both[i], 0xBFBFBF);
	}
	format_set_bold(t->head);
	format_set_bg_color(t->head, 0xD9E1F2);
	format_set_align(t->head, LXW_ALIGN_CENTER);
	format_set_align(t->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_align(t->cell, LXW_ALIGN_VERTICAL_TOP);
	format_set_unlocked(t->cell);
}

/* Only the header is locked; the rest of the sheet stays free to edit, insert and delete
 * rows, format and sort. No password: the lock guards against slips, not people. */
static void set_view(struct tpl *t)
{
	worksheet_right_to_left(t->ws);
	worksheet_freeze_panes(t->ws, 1, 0);
	lxw_protection p = {.format_cells = 1, .format_columns = 1, .format_rows = 1,
			    .insert_rows = 1, .delete_rows = 1, .sort = 1, .autofilter = 1};
	worksheet_protect(t->ws, NULL, &p);
	/* printed on A4 across, as wide as the page, the header on every page */
	worksheet_set_landscape(t->ws);
	worksheet_set_paper(t->ws, 9);
	worksheet_fit_to_pages(t->ws, 1, 0);
	keep_error(t, worksheet_repeat_rows(t->ws, 0, 0));
	worksheet_gridlines(t->ws, LXW_SHOW_ALL_GRIDLINES);
}

static void set_properties(struct tpl *t)
{
	lxw_doc_properties p = {
		.title = arena_printf(t->a, "%s - %s", t->u->name, t->b->title ? t->b->title : ""),
		.author = (char *)t->b->organisation,
		.company = (char *)t->b->organisation,
		.subject = (char *)t->b->title,
		.comments = "planbook template"};
	keep_error(t, workbook_set_properties(t->wb, &p));
}

static void fill(struct tpl *t)
{
	make_formats(t);
	map_extras(t);
	put_header(t);
	put_rows(t);
	fit_rows(t);
	add_lists(t);
	set_view(t);
	set_properties(t);
}

bool template_write(struct arena *a, struct diag *d, const struct book *b, const struct unit *u,
		    const char *path)
{
	char *tmp = path_temp_beside(a, path);
	if (!tmp) {
		diag_report(d, D_TEMPLATE, path, 0, 0, strerror(errno));
		return false;
	}
	struct tpl t = {.a = a, .b = b, .u = u, .plan = u->plan};
	t.wb = workbook_new(tmp);
	t.ws = t.wb ? workbook_add_worksheet(t.wb, PLAN_SHEET) : NULL;
	if (!t.ws)
		keep_error(&t, LXW_ERROR_MEMORY_MALLOC_FAILED);
	else
		fill(&t);
	/* closing writes the file, and frees the workbook whatever happened before */
	lxw_error closed = t.wb ? workbook_close(t.wb) : LXW_ERROR_MEMORY_MALLOC_FAILED;
	keep_error(&t, closed);
	if (t.err != LXW_NO_ERROR) {
		diag_report(d, D_TEMPLATE, path, 0, 0, lxw_strerror(t.err));
		unlink(tmp);
		return false;
	}
	if (rename(tmp, path) != 0) {
		diag_report(d, D_TEMPLATE, path, 0, 0, strerror(errno));
		unlink(tmp);
		return false;
	}
	return true;
}
