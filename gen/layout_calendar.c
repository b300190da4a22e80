/* layout_calendar.c — the planning calendar: one landscape page, twelve month rows of 37
 * weekday-aligned day cells (right to left, as the book prints it), holidays in their
 * cells, the year's planning events as coloured bars, and a legend of their categories.
 * The dates come from calendar.c; the events and the words from book.yaml; sizes and
 * colours from the layout. */
#include "calendar.h"
#include "layout.h"

#include <stdio.h>
#include <string.h>

#define DAY_COLUMNS 37 /* five weeks and two days: a 31-day month starting on Saturday */
#define MAX_LANES 3    /* event bars one above another in a month row */

/* The geometry of the grid, computed once for the page. */
struct grid {
	double right;        /* the grid's right edge */
	double month_w;      /* the month-name column */
	double col_w;        /* a day column */
	double top;          /* the top of the header row */
	double header_h;
	double day_h;        /* the date line at the top of a cell */
	/* per month: where its row starts, its height, the room its holiday labels take
	 * under the date line and the height of one lane of event bars at its foot */
	double row_y[12], row_h[12], label_h[12], lane_h[12];
	int lanes[12];
	/* structure: a table with the weekdays as column headers and the months as row
	 * headers; the cells of the month being placed */
	struct node *table, *tbody, *head[DAY_COLUMNS + 1], *month_th, *day_td[DAY_COLUMNS];
};

static const char *const month_names[12] = {"ינואר", "פברואר", "מרץ",    "אפריל",
					    "מאי",   "יוני",   "יולי",   "אוגוסט",
					    "ספטמבר", "אוקטובר", "נובמבר", "דצמבר"};

static struct text_style sized(const struct style *s, double size, bool bold)
{
	struct text_style ts = s->text[ST_BODY];
	ts.size = size;
	ts.bold = bold;
	ts.leading = 1.15;
	ts.color = s->calendar.text_color;
	return ts;
}

static struct tx_lines lay(struct layout *L, const struct text_style *ts, const char *text,
			   double w, enum tx_align align)
{
	struct tx_style st = style_span(L->style, ts, 0);
	return layout_text_lines(L, &st, text, w, align);
}

/* Places laid-out lines in [x, x + w] from y downwards; returns the y below them. */
static double place(struct layout *L, struct page *pg, const struct text_style *ts,
		    struct tx_lines l, double x, double w, double y, const char *role)
{
	double step = ts->size * ts->leading;
	for (size_t i = 0; i < l.n; i++, y += step)
		layout_add_line(L, pg, role, &l.lines[i], x, y, w, step);
	return y;
}

/* Lays out text in [x, x + w] from y downwards, wrapping as it must; returns the y below
 * it. */
static double put_text(struct layout *L, struct page *pg, const struct text_style *ts,
		       const char *text, double x, double w, double y, enum tx_align align,
		       const char *role)
{
	return place(L, pg, ts, lay(L, ts, text, w, align), x, w, y, role);
}

/* The colour of a category's bars: the layout's colours in order, grey if it gives none. */
static uint32_t category_color(const struct calendar_style *cs, int category)
{
	return cs->ncolors ? cs->colors[category % cs->ncolors] : 0xCCCCCC;
}

static struct box *rect(struct layout *L, struct page *pg, const char *role, double x, double y,
			double w, double h)
{
	struct box *b = layout_add_box(L, pg, BOX_RECT, role);
	b->x = x, b->y = y, b->w = w, b->h = h;
	return b;
}

static void fill(struct layout *L, struct page *pg, const char *role, double x, double y, double w,
		 double h, uint32_t color)
{
	struct box *b = rect(L, pg, role, x, y, w, h);
	b->filled = true;
	b->fill = color;
}

static void frame(struct layout *L, struct page *pg, double x, double y, double w, double h)
{
	struct box *b = rect(L, pg, "grid", x, y, w, h);
	b->stroked = true;
	b->stroke = L->style->calendar.grid;
	b->stroke_width = 0.4;
}

/* The left edge of day column c (0 = the rightmost, under the first Sunday). */
static double column_x(const struct grid *g, int c)
{
	return g->right - g->month_w - (c + 1) * g->col_w;
}

/* The column of a day: months start under their weekday. */
static int day_column(int year, int month, int day)
{
	long first = cal_fixed_from_gregorian((struct gdate){year, month, 1});
	return cal_weekday(first) + day - 1;
}

/* "טבת/שבט": the Hebrew months a Gregorian month overlaps. */
static const char *hebrew_span(struct arena *a, int year, int month)
{
	char buf[128] = "";
	int last = -1;
	for (int d = 1; d <= cal_gregorian_month_length(year, month); d++) {
		struct hdate h = cal_hebrew_from_gregorian((struct gdate){year, month, d});
		if (h.month == last)
			continue;
		if (*buf)
			strncat(buf, "/", sizeof buf - strlen(buf) - 1);
		strncat(buf, cal_hebrew_month_name(h.year, h.month), sizeof buf - strlen(buf) - 1);
		last = h.month;
	}
	return arena_strdup(a, buf);
}

/* "עיריית אשדוד - לוח התכנון והמדידה העירוניים 2020 (תש"פ - תשפ"א)" */
static const char *title_text(struct arena *a, const struct style *s, const struct book *b)
{
	char first[16], last[16];
	cal_hebrew_year_letters(cal_hebrew_from_gregorian((struct gdate){b->year, 1, 1}).year, first,
				sizeof first);
	cal_hebrew_year_letters(cal_hebrew_from_gregorian((struct gdate){b->year, 12, 31}).year, last,
				sizeof last);
	const char *title = arena_printf(a, "%s %d (%s - %s)", s->calendar_label, b->year, first, last);
	return b->organisation ? arena_printf(a, "%s - %s", b->organisation, title) : title;
}

static void header_row(struct layout *L, struct page *pg, const struct grid *g)
{
	const struct calendar_style *cs = &L->style->calendar;
	struct text_style ts = sized(L->style, cs->text_size, true);
	double left = column_x(g, DAY_COLUMNS - 1);
	fill(L, pg, "calendar-header", left, g->top, g->right - left, g->header_h, cs->header_fill);
	struct node *was = layout_enter(L, g->head[0]);
	put_text(L, pg, &ts, "חודש", g->right - g->month_w, g->month_w,
		 g->top + (g->header_h - ts.size * ts.leading) / 2, TX_CENTER, "calendar-weekday");
	for (int c = 0; c < DAY_COLUMNS; c++) {
		layout_enter(L, g->head[c + 1]);
		put_text(L, pg, &ts, cal_weekday_name(c % 7), column_x(g, c), g->col_w,
			 g->top + (g->header_h - ts.size * ts.leading) / 2, TX_CENTER,
			 "calendar-weekday");
	}
	layout_enter(L, was);
}

/* The calendar's table and its header row: "חודש", then the weekdays, right to left. */
static void make_table_nodes(struct layout *L, struct grid *g)
{
	g->table = layout_node(L, L->cur, SR_TABLE);
	struct node *thead = layout_node(L, g->table, SR_THEAD);
	struct node *tr = layout_node(L, thead, SR_TR);
	g->tbody = layout_node(L, g->table, SR_TBODY);
	for (int c = 0; c <= DAY_COLUMNS; c++) {
		g->head[c] = layout_node(L, tr, SR_TH);
		g->head[c]->scope = SCOPE_COLUMN;
		g->head[c]->cell_id = arena_printf(L->keep, "h%zu", g->head[c]->id);
	}
}

/* A month's row: the month's name as its header, then a cell per day column. */
static void make_month_nodes(struct layout *L, struct grid *g)
{
	struct node *tr = layout_node(L, g->tbody, SR_TR);
	g->month_th = layout_node(L, tr, SR_TH);
	g->month_th->scope = SCOPE_ROW;
	g->month_th->cell_id = arena_printf(L->keep, "h%zu", g->month_th->id);
	g->month_th->headers[g->month_th->nheaders++] = g->head[0]->cell_id;
	for (int c = 0; c < DAY_COLUMNS; c++) {
		struct node *td = g->day_td[c] = layout_node(L, tr, SR_TD);
		td->headers[td->nheaders++] = g->head[c + 1]->cell_id;
		td->headers[td->nheaders++] = g->month_th->cell_id;
	}
}

/* One day's cell: shading, the date line ("1 ד'") and the holiday labels. */
static void day_cell(struct layout *L, struct page *pg, const struct grid *g, double y,
		     struct gdate day)
{
	const struct style *s = L->style;
	const struct calendar_style *cs = &s->calendar;
	double x = column_x(g, day_column(day.year, day.month, day.day));
	const char *labels[CAL_MAX_LABELS];
	int n = cal_holidays(day, labels, CAL_MAX_LABELS);
	long fixed = cal_fixed_from_gregorian(day);
	double h = g->row_h[day.month - 1];
	if (n > 0)
		fill(L, pg, "holiday", x, y, g->col_w, h, cs->holiday_fill);
	else if (cal_weekday(fixed) == CAL_SATURDAY)
		fill(L, pg, "shabbat", x, y, g->col_w, h, cs->shabbat_fill);
	char letters[16];
	cal_hebrew_day_letters(cal_hebrew_from_fixed(fixed).day, letters, sizeof letters);
	const char *date = arena_printf(L->a, "%d %s", day.day, letters);
	struct text_style ts = sized(s, cs->day_size, false);
	struct tx_style st = style_span(s, &ts, 0);
	double width = tx_measure(L->e, date, &st), room = g->col_w - 2;
	/* a narrow grid (many columns on A4) takes the date a little smaller, never below the
	 * smallest size the page allows */
	if (width > room)
		ts.size = ts.size * room / width > cs->label_size ? ts.size * room / width : cs->label_size;
	struct node *was = layout_enter(L, g->day_td[day_column(day.year, day.month, day.day)]);
	put_text(L, pg, &ts, date, x, g->col_w, y + 1, TX_CENTER, "calendar-day");
	/* the cell reads on with its holidays' names, after a space */
	VEC_AT(&pg->boxes, struct box, pg->boxes.len - 1).space_after = true;
	struct text_style ls = sized(s, cs->label_size, false);
	double ly = y + g->day_h;
	for (int i = 0; i < n && i < CAL_MAX_LABELS; i++) {
		ly = put_text(L, pg, &ls, labels[i], x, g->col_w, ly, TX_CENTER, "holiday-label");
		VEC_AT(&pg->boxes, struct box, pg->boxes.len - 1).space_after = true;
	}
	layout_enter(L, was);
}

/* The part of an event that falls in a month: its first and last day there, or false. */
static bool event_in_month(const struct cal_event *ev, int year, int month, int *from, int *to)
{
	long start = cal_fixed_from_gregorian((struct gdate){ev->from[0], ev->from[1], ev->from[2]});
	long end = cal_fixed_from_gregorian((struct gdate){ev->to[0], ev->to[1], ev->to[2]});
	long m0 = cal_fixed_from_gregorian((struct gdate){year, month, 1});
	long m1 = m0 + cal_gregorian_month_length(year, month) - 1;
	if (end < m0 || start > m1)
		return false;
	*from = (int)((start > m0 ? start : m0) - m0) + 1;
	*to = (int)((end < m1 ? end : m1) - m0) + 1;
	return true;
}

/* Gives each of the month's event parts a lane: bars that overlap take separate lanes, a
 * bar may run across a week's end (a month is one strip of columns). Returns the number of
 * lanes; lane[i] is -1 for an event not in the month. */
static int assign_lanes(const struct book *b, int month, int *lane, bool *crowded)
{
	const struct calendar *cal = &b->calendar;
	int lane_end[MAX_LANES], used = 0;
	for (int i = 0; i < MAX_LANES; i++)
		lane_end[i] = -1;
	for (size_t i = 0; i < cal->nevents; i++) {
		int from, to;
		lane[i] = -1;
		if (!event_in_month(&cal->events[i], b->year, month, &from, &to))
			continue;
		int c0 = day_column(b->year, month, from), k = 0;
		while (k < MAX_LANES - 1 && lane_end[k] >= c0)
			k++;
		if (lane_end[k] >= c0 && crowded)
			*crowded = true;
		lane_end[k] = day_column(b->year, month, to);
		lane[i] = k;
		used = k + 1 > used ? k + 1 : used;
	}
	return used;
}

/* The width of an event part's bar. */
static double bar_width(const struct grid *g, int year, int month, int from, int to)
{
	return (day_column(year, month, to) - day_column(year, month, from) + 1) * g->col_w;
}

static void event_bars(struct layout *L, struct page *pg, const struct grid *g, const struct book *b,
		       int month, double y)
{
	const struct calendar *cal = &b->calendar;
	const struct calendar_style *cs = &L->style->calendar;
	struct text_style ls = sized(L->style, cs->label_size, false);
	int *lane = arena_calloc(L->a, cal->nevents + 1, sizeof *lane);
	int lanes = assign_lanes(b, month, lane, NULL);
	double lane_h = g->lane_h[month - 1];
	double bottom = y + g->row_h[month - 1];
	for (size_t i = 0; i < cal->nevents; i++) {
		const struct cal_event *ev = &cal->events[i];
		int from, to;
		if (lane[i] < 0 || !event_in_month(ev, b->year, month, &from, &to))
			continue;
		double x = column_x(g, day_column(b->year, month, to));
		double w = bar_width(g, b->year, month, from, to);
		double by = bottom - (lanes - lane[i]) * lane_h;
		fill(L, pg, "event", x + 0.5, by + 0.5, w - 1, lane_h - 1,
		     category_color(cs, ev->category));
		if (*ev->label) {
			struct tx_lines l = lay(L, &ls, ev->label, w - 2, TX_CENTER);
			double th = (double)l.n * ls.size * ls.leading;
			/* read with the day the event starts on */
			struct node *was = layout_enter(L, g->day_td[day_column(b->year, month, from)]);
			place(L, pg, &ls, l, x + 1, w - 2, by + (lane_h - th) / 2, "event-label");
			layout_enter(L, was);
		}
	}
}

/* What a month's row needs: the holiday labels' room, its lanes and their height. */
static void measure_month(struct layout *L, struct grid *g, const struct book *b, int month)
{
	const struct calendar *cal = &b->calendar;
	const struct calendar_style *cs = &L->style->calendar;
	struct text_style ls = sized(L->style, cs->label_size, false);
	double line = ls.size * ls.leading, most = 0;
	for (int d = 1; d <= cal_gregorian_month_length(b->year, month); d++) {
		const char *labels[CAL_MAX_LABELS];
		int n = cal_holidays((struct gdate){b->year, month, d}, labels, CAL_MAX_LABELS);
		double h = 0;
		for (int i = 0; i < n && i < CAL_MAX_LABELS; i++)
			h += (double)lay(L, &ls, labels[i], g->col_w, TX_CENTER).n * line;
		most = h > most ? h : most;
	}
	int *lane = arena_calloc(L->a, cal->nevents + 1, sizeof *lane);
	size_t lines = 1;
	bool crowded = false;
	g->lanes[month - 1] = assign_lanes(b, month, lane, &crowded);
	if (crowded && L->d)
		diag_report(L->d, D_CALENDAR_FULL, L->style->path, 0, 0,
			    arena_printf(L->a, _("more than %d events overlap in %s"), MAX_LANES,
					 month_names[month - 1]));
	for (size_t i = 0; i < cal->nevents; i++) {
		int from, to;
		if (lane[i] < 0 || !event_in_month(&cal->events[i], b->year, month, &from, &to))
			continue;
		size_t n = lay(L, &ls, cal->events[i].label, bar_width(g, b->year, month, from, to) - 2,
			       TX_CENTER).n;
		lines = n > lines ? n : lines;
	}
	g->label_h[month - 1] = most;
	g->lane_h[month - 1] = (double)lines * line + 3;
}

/* Rows as tall as their contents, the page's spare height shared out evenly. */
static void size_rows(struct layout *L, struct grid *g, const struct book *b, double bottom)
{
	double need[12], total = 0;
	for (int m = 1; m <= 12; m++) {
		measure_month(L, g, b, m);
		need[m - 1] = g->day_h + g->label_h[m - 1] + g->lanes[m - 1] * g->lane_h[m - 1] + 2;
		total += need[m - 1];
	}
	double y = g->top + g->header_h;
	double spare = (bottom - y - total) / 12;
	if (spare < 0 && L->d)
		diag_report(L->d, D_CALENDAR_FULL, L->style->path, 0, 0,
			    arena_printf(L->a, _("its rows need %.0f pt more"), -spare * 12));
	for (int m = 0; m < 12; m++) {
		g->row_y[m] = y;
		g->row_h[m] = need[m] + (spare > 0 ? spare : 0);
		y += g->row_h[m];
	}
}

static void month_row(struct layout *L, struct page *pg, struct grid *g, const struct book *b,
		      int month)
{
	make_month_nodes(L, g);
	const struct style *s = L->style;
	const struct calendar_style *cs = &s->calendar;
	double y = g->row_y[month - 1], h = g->row_h[month - 1];
	int days = cal_gregorian_month_length(b->year, month);
	for (int d = 1; d <= days; d++)
		day_cell(L, pg, g, y, (struct gdate){b->year, month, d});
	/* the grid over the shading, the bars over the grid */
	for (int c = 0; c < DAY_COLUMNS; c++)
		frame(L, pg, column_x(g, c), y, g->col_w, h);
	event_bars(L, pg, g, b, month, y);
	fill(L, pg, "calendar-header", g->right - g->month_w, y, g->month_w, h, cs->header_fill);
	frame(L, pg, g->right - g->month_w, y, g->month_w, h);
	struct text_style name = sized(s, cs->text_size, true), span = sized(s, cs->day_size, false);
	double ty = y + (h - name.size * name.leading - span.size * span.leading) / 2;
	struct node *was = layout_enter(L, g->month_th);
	ty = put_text(L, pg, &name, month_names[month - 1], g->right - g->month_w, g->month_w, ty,
		      TX_CENTER, "calendar-month");
	put_text(L, pg, &span, hebrew_span(L->a, b->year, month), g->right - g->month_w, g->month_w,
		 ty, TX_CENTER, "calendar-hebrew-month");
	layout_enter(L, was);
}

/* As wide as the longest month name or Hebrew month span, and no wider: the day columns
 * get the rest, and holiday names such as "יום העצמאות" need all of it on A4. */
static double month_column_width(struct layout *L, const struct book *b)
{
	const struct calendar_style *cs = &L->style->calendar;
	struct text_style name = sized(L->style, cs->text_size, true);
	struct text_style span = sized(L->style, cs->day_size, false);
	struct tx_style ns = style_span(L->style, &name, 0), ss = style_span(L->style, &span, 0);
	double w = tx_measure(L->e, "חודש", &ns);
	for (int m = 1; m <= 12; m++) {
		double a = tx_measure(L->e, month_names[m - 1], &ns);
		double c = tx_measure(L->e, hebrew_span(L->a, b->year, m), &ss);
		w = a > w ? a : w;
		w = c > w ? c : w;
	}
	return w + 6;
}

/* The legend: "מקרא:" and a swatch per category, right to left. */
static double legend(struct layout *L, struct page *pg, const struct book *b, double right,
		     double left, double y)
{
	const struct calendar *cal = &b->calendar;
	const struct calendar_style *cs = &L->style->calendar;
	struct text_style ts = sized(L->style, cs->text_size, false);
	struct tx_style st = style_span(L->style, &ts, 0);
	double h = ts.size * ts.leading, x = right;
	const char *heading = L->style->calendar_legend_label;
	double w = tx_measure(L->e, heading, &st) + 2;
	struct node *para = layout_begin(L, SR_P);
	put_text(L, pg, &ts, heading, x - w, w, y, TX_RIGHT, "legend");
	layout_end(L, para);
	struct node *list = layout_begin(L, SR_L);
	x -= w + 8;
	for (size_t i = 0; i < cal->ncategories; i++) {
		double sw = ts.size * 1.6;
		double tw = tx_measure(L->e, cal->categories[i], &st) + 2;
		if (x - sw - 4 - tw < left) { /* next line */
			x = right;
			y += h + 3;
		}
		/* the holidays are shown by their shaded cells; their bars keep the category's colour */
		uint32_t color = (int)i == cal->holidays ? cs->holiday_fill : category_color(cs, (int)i);
		fill(L, pg, "legend-swatch", x - sw, y + 1, sw, h - 2, color);
		struct node *item = layout_begin(L, SR_LI);
		layout_begin(L, SR_LBODY);
		put_text(L, pg, &ts, cal->categories[i], x - sw - 4 - tw, tw, y, TX_RIGHT, "legend");
		layout_end(L, item);
		x -= sw + 4 + tw + 12;
	}
	layout_end(L, list);
	return y + h;
}

void layout_calendar(struct layout *L, const struct style *s, const struct book *b)
{
	const struct calendar_style *cs = &s->calendar;
	const struct page_geometry *pgeo = &cs->page;
	struct page *pg = layout_new_page(L, pgeo->width, pgeo->height, "calendar", NULL);
	pg->no_folio = L->select.calendar; /* circulated alone, it is not page 2 of anything */
	double w = pgeo->width - pgeo->left - pgeo->right;
	double right = pgeo->width - pgeo->right;
	struct text_style title = sized(s, cs->title_size, true), text = sized(s, cs->text_size, false);
	struct node *sect = layout_begin(L, SR_SECT);
	struct node *h = layout_begin(L, SR_H1);
	double y = put_text(L, pg, &title, title_text(L->a, s, b), pgeo->left, w, pgeo->top, TX_CENTER,
			    "calendar-title");
	layout_end(L, h);
	if (b->calendar.subtitle) {
		struct node *para = layout_begin(L, SR_P);
		y = put_text(L, pg, &text, b->calendar.subtitle, pgeo->left, w, y + 2, TX_CENTER,
			     "calendar-subtitle");
		layout_end(L, para);
	}
	/* below the grid: the legend (one or two lines) and the footnote */
	double foot = (text.size * text.leading + 3) * 2 + (b->calendar.footnote ? text.size * 1.6 : 0);
	struct grid g = {.right = right, .top = y + 6};
	g.month_w = month_column_width(L, b);
	g.col_w = (w - g.month_w) / DAY_COLUMNS;
	g.header_h = cs->text_size * 1.8;
	g.day_h = cs->day_size * 1.15 + 1.5;
	size_rows(L, &g, b, pgeo->height - pgeo->bottom - foot - 6);
	make_table_nodes(L, &g);
	header_row(L, pg, &g);
	for (int m = 1; m <= 12; m++)
		month_row(L, pg, &g, b, m);
	y = g.row_y[11] + g.row_h[11] + 6;
	if (b->calendar.ncategories)
		y = legend(L, pg, b, right, pgeo->left, y);
	if (b->calendar.footnote) {
		struct node *para = layout_begin(L, SR_P);
		put_text(L, pg, &text, b->calendar.footnote, pgeo->left, w, y + 3, TX_RIGHT,
			 "calendar-footnote");
		layout_end(L, para);
	}
	layout_end(L, sect);
}
