/* office_libs.c — libzip and libxlsxwriter, loaded when first used. Only an .xlsx plan, a
 * template, an export and a zipped section need them, and with them the dynamic loader
 * brought in libcrypto (21,000 relocations) and more on every run: 2.8 ms of each command,
 * a seventh of planbook check. So planbook is not linked with them: each function the
 * program calls is defined here with the library's own prototype (the compiler checks
 * each against the header), opens the library once, on first use, and calls the real one.
 * planbook-serve links them as usual and leaves this file out. */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>
#include <zip.h>

#include "diag.h"
#include "pipeline.h"

struct lazy_lib {
	const char *file; /* the soname the Makefile found at build time */
	pthread_once_t once;
	void *handle;
};

static struct lazy_lib libzip = {PB_LIBZIP, PTHREAD_ONCE_INIT, NULL};
static struct lazy_lib libxlsxwriter = {PB_LIBXLSXWRITER, PTHREAD_ONCE_INIT, NULL};

static void open_zip(void)
{
	libzip.handle = dlopen(libzip.file, RTLD_NOW | RTLD_GLOBAL);
}

static void open_xlsxwriter(void)
{
	libxlsxwriter.handle = dlopen(libxlsxwriter.file, RTLD_NOW | RTLD_GLOBAL);
}

/* The library's function name; a library that cannot be loaded (its Debian package gone
 * after the build) ends the program with a message naming it. */
static void *lazy_symbol(struct lazy_lib *lib, const char *name)
{
	pthread_once(&lib->once, lib == &libzip ? open_zip : open_xlsxwriter);
	void *f = lib->handle ? dlsym(lib->handle, name) : NULL;
	if (!f) {
		const char *why = dlerror();
		fprintf(stderr, _("planbook: cannot load %s (%s): reinstall its package\n"),
			lib->file, why ? why : "?");
		exit(PB_USAGE);
	}
	return f;
}

#define LAZY(lib, ret, name, params, args) \
	ret name params \
	{ \
		return ((__typeof__(&name))lazy_symbol(&lib, #name)) args; \
	}
#define LAZY_VOID(lib, name, params, args) \
	void name params \
	{ \
		((__typeof__(&name))lazy_symbol(&lib, #name)) args; \
	}

/* libzip: reading .xlsx (read_xlsx.c) and zipping a folder (write_zip.c) */
LAZY(libzip, int, zip_close, (zip_t *a1), (a1))
LAZY_VOID(libzip, zip_discard, (zip_t *a1), (a1))
LAZY_VOID(libzip, zip_error_fini, (zip_error_t *a1), (a1))
LAZY_VOID(libzip, zip_error_init, (zip_error_t *a1), (a1))
LAZY(libzip, const char*, zip_error_strerror, (zip_error_t *a1), (a1))
LAZY(libzip, int, zip_fclose, (zip_file_t *a1), (a1))
LAZY(libzip, zip_int64_t, zip_file_add, (zip_t *a1, const char *a2, zip_source_t *a3, zip_flags_t a4),
	(a1, a2, a3, a4))
LAZY(libzip, const char*, zip_file_strerror, (zip_file_t *a1), (a1))
LAZY(libzip, zip_file_t*, zip_fopen_index, (zip_t *a1, zip_uint64_t a2, zip_flags_t a3),
	(a1, a2, a3))
LAZY(libzip, zip_int64_t, zip_fread, (zip_file_t *a1, void *a2, zip_uint64_t a3), (a1, a2, a3))
LAZY(libzip, zip_int64_t, zip_name_locate, (zip_t *a1, const char *a2, zip_flags_t a3),
	(a1, a2, a3))
LAZY(libzip, zip_t*, zip_open, (const char *a1, int a2, int *a3), (a1, a2, a3))
LAZY(libzip, zip_t*, zip_open_from_source, (zip_source_t *a1, int a2, zip_error_t *a3),
	(a1, a2, a3))
LAZY(libzip, int, zip_set_file_compression, (zip_t *a1, zip_uint64_t a2, zip_int32_t a3, zip_uint32_t a4),
	(a1, a2, a3, a4))
LAZY(libzip, zip_source_t*, zip_source_buffer_create, (const void *a1, zip_uint64_t a2, int a3, zip_error_t *a4),
	(a1, a2, a3, a4))
LAZY(libzip, zip_source_t*, zip_source_file, (zip_t *a1, const char *a2, zip_uint64_t a3, zip_int64_t a4),
	(a1, a2, a3, a4))
LAZY_VOID(libzip, zip_source_free, (zip_source_t *a1), (a1))
LAZY(libzip, int, zip_stat_index, (zip_t *a1, zip_uint64_t a2, zip_flags_t a3, zip_stat_t *a4),
	(a1, a2, a3, a4))
LAZY_VOID(libzip, zip_stat_init, (zip_stat_t *a1), (a1))
LAZY(libzip, const char*, zip_strerror, (zip_t *a1), (a1))

/* libxlsxwriter: templates (write_template.c) and exports (write_export.c) */
LAZY_VOID(libxlsxwriter, format_set_align, (lxw_format *format, uint8_t alignment),
	(format, alignment))
LAZY_VOID(libxlsxwriter, format_set_bg_color, (lxw_format *format, lxw_color_t color),
	(format, color))
LAZY_VOID(libxlsxwriter, format_set_bold, (lxw_format *format), (format))
LAZY_VOID(libxlsxwriter, format_set_border, (lxw_format *format, uint8_t style),
	(format, style))
LAZY_VOID(libxlsxwriter, format_set_border_color, (lxw_format *format, lxw_color_t color),
	(format, color))
LAZY_VOID(libxlsxwriter, format_set_font_name, (lxw_format *format, const char *font_name),
	(format, font_name))
LAZY_VOID(libxlsxwriter, format_set_font_size, (lxw_format *format, double size),
	(format, size))
LAZY_VOID(libxlsxwriter, format_set_num_format, (lxw_format *format, const char *num_format),
	(format, num_format))
LAZY_VOID(libxlsxwriter, format_set_reading_order, (lxw_format *format, uint8_t value),
	(format, value))
LAZY_VOID(libxlsxwriter, format_set_text_wrap, (lxw_format *format), (format))
LAZY_VOID(libxlsxwriter, format_set_unlocked, (lxw_format *format), (format))
LAZY_VOID(libxlsxwriter, lxw_col_to_name, (char *col_name, lxw_col_t col_num, uint8_t absolute),
	(col_name, col_num, absolute))
LAZY(libxlsxwriter, char *, lxw_strerror, (lxw_error error_num), (error_num))
LAZY(libxlsxwriter, lxw_format *, workbook_add_format, (lxw_workbook *workbook), (workbook))
LAZY(libxlsxwriter, lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *workbook, const char *sheetname),
	(workbook, sheetname))
LAZY(libxlsxwriter, lxw_error, workbook_close, (lxw_workbook *workbook), (workbook))
LAZY(libxlsxwriter, lxw_workbook *, workbook_new, (const char *filename), (filename))
LAZY(libxlsxwriter, lxw_error, workbook_set_properties, (lxw_workbook *workbook, lxw_doc_properties *properties),
	(workbook, properties))
LAZY(libxlsxwriter, lxw_error, worksheet_autofilter, (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col),
	(worksheet, first_row, first_col, last_row, last_col))
LAZY(libxlsxwriter, lxw_error, worksheet_data_validation_range, (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col, lxw_data_validation *validation),
	(worksheet, first_row, first_col, last_row, last_col, validation))
LAZY_VOID(libxlsxwriter, worksheet_fit_to_pages, (lxw_worksheet *worksheet, uint16_t width, uint16_t height),
	(worksheet, width, height))
LAZY_VOID(libxlsxwriter, worksheet_freeze_panes, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col),
	(worksheet, row, col))
LAZY_VOID(libxlsxwriter, worksheet_gridlines, (lxw_worksheet *worksheet, uint8_t option),
	(worksheet, option))
LAZY_VOID(libxlsxwriter, worksheet_hide, (lxw_worksheet *worksheet), (worksheet))
LAZY(libxlsxwriter, lxw_error, worksheet_merge_range, (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_col_t first_col, lxw_row_t last_row, lxw_col_t last_col, const char *string, lxw_format *format),
	(worksheet, first_row, first_col, last_row, last_col, string, format))
LAZY_VOID(libxlsxwriter, worksheet_protect, (lxw_worksheet *worksheet, const char *password, lxw_protection *options),
	(worksheet, password, options))
LAZY(libxlsxwriter, lxw_error, worksheet_repeat_rows, (lxw_worksheet *worksheet, lxw_row_t first_row, lxw_row_t last_row),
	(worksheet, first_row, last_row))
LAZY_VOID(libxlsxwriter, worksheet_right_to_left, (lxw_worksheet *worksheet), (worksheet))
LAZY(libxlsxwriter, lxw_error, worksheet_set_column, (lxw_worksheet *worksheet, lxw_col_t first_col, lxw_col_t last_col, double width, lxw_format *format),
	(worksheet, first_col, last_col, width, format))
LAZY_VOID(libxlsxwriter, worksheet_set_landscape, (lxw_worksheet *worksheet), (worksheet))
LAZY_VOID(libxlsxwriter, worksheet_set_paper, (lxw_worksheet *worksheet, uint8_t paper_type),
	(worksheet, paper_type))
LAZY(libxlsxwriter, lxw_error, worksheet_set_row, (lxw_worksheet *worksheet, lxw_row_t row, double height, lxw_format *format),
	(worksheet, row, height, format))
LAZY(libxlsxwriter, lxw_error, worksheet_write_comment_opt, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, const char *string, lxw_comment_options *options),
	(worksheet, row, col, string, options))
LAZY(libxlsxwriter, lxw_error, worksheet_write_number, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, double number, lxw_format *format),
	(worksheet, row, col, number, format))
LAZY(libxlsxwriter, lxw_error, worksheet_write_string, (lxw_worksheet *worksheet, lxw_row_t row, lxw_col_t col, const char *string, lxw_format *format),
	(worksheet, row, col, string, format))
