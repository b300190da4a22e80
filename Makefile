# planbook — the work-plan book generator.
#
#   make book     install what is missing, build, write out/book-2020.pdf
#   make check    the same, then run every test
#   make bench    time the book builds
#   make install  PREFIX=/usr/local DESTDIR=  (also web/ and planbook.service)
#   make clean

PREFIX  ?= /usr/local
DATADIR ?= $(PREFIX)/share/planbook
BUILD   := build
OUT     := out
YEAR    := 2020
VERSION := 0.1

CC      ?= cc
PKGS    := fribidi harfbuzz freetype2 libunibreak libcmark yaml-0.1 zlib libdeflate libzip expat xlsxwriter \
	libmicrohttpd libsodium
# '=' (not ':='): pkg-config runs when a recipe needs it, after the deps step has
# installed the libraries on a fresh machine.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lhpdf -lm -pthread
# The web server's own libraries: linked into planbook-serve only, which `planbook serve`
# runs, so that the other commands do not load them (6 ms of every run).
SERVER_PKGS := libmicrohttpd libsodium
# libzip and libxlsxwriter (with libcrypto) are loaded by planbook when first used
# (gen/office_libs.c), by the sonames found here: 2.8 ms of every other run.
LAZY_PKGS := libzip xlsxwriter
CORE_LIBS  = $(shell pkg-config --libs $(filter-out $(SERVER_PKGS) $(LAZY_PKGS),$(PKGS))) \
	-lhpdf -lm -pthread
soname = $(shell readelf -d $$($(CC) -print-file-name=$(1).so) | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
OPT     ?= -O2 -g
WARN    := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror
LOCALEDIR ?= $(PREFIX)/share/locale
SERVERDIR ?= $(PREFIX)/lib/planbook
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
CFLAGS_ALL = $(OPT) $(WARN) -pthread -DPB_VERSION='"$(VERSION)"' -DPB_DATADIR='"$(DATADIR)"' \
	-DPB_LOCALEDIR='"$(LOCALEDIR)"' -DPB_SERVERDIR='"$(SERVERDIR)"' $(PKG_CFLAGS) $(CFLAGS)
LAZY_FLAGS = -DPB_LIBZIP='"$(call soname,libzip)"' -DPB_LIBXLSXWRITER='"$(call soname,libxlsxwriter)"'

SRC     := $(wildcard gen/*.c)
LIBSRC  := $(filter-out gen/main.c,$(SRC))
OBJ     := $(SRC:gen/%.c=$(BUILD)/obj/%.o)
# planbook: everything but the web server (serve*.c); planbook-serve: everything, its main
# built with PB_SERVER.
CORE_OBJ := $(filter-out $(BUILD)/obj/serve%.o,$(OBJ))
SERVER_OBJ := $(filter-out $(BUILD)/obj/main.o $(BUILD)/obj/office_libs.o,$(OBJ)) \
	$(BUILD)/obj/main-serve.o
LIBOBJ  := $(LIBSRC:gen/%.c=$(BUILD)/obj/%.o)
HDR     := $(wildcard gen/*.h)
MO      := $(BUILD)/locale/he/LC_MESSAGES/planbook.mo

# What the program needs to build (command or header to look for : Debian package).
BUILD_DEPS := pkg-config:pkg-config cc:gcc make:make \
	/usr/include/hpdf.h:libhpdf-dev /usr/include/fribidi/fribidi.h:libfribidi-dev \
	/usr/include/harfbuzz/hb.h:libharfbuzz-dev /usr/include/freetype2/ft2build.h:libfreetype-dev \
	/usr/include/linebreak.h:libunibreak-dev /usr/include/cmark.h:libcmark-dev \
	/usr/include/yaml.h:libyaml-dev /usr/include/zlib.h:zlib1g-dev /usr/include/libdeflate.h:libdeflate-dev \
	/usr/include/zip.h:libzip-dev /usr/include/expat.h:libexpat1-dev \
	/usr/include/xlsxwriter.h:libxlsxwriter-dev msgfmt:gettext xgettext:gettext \
	/usr/include/microhttpd.h:libmicrohttpd-dev /usr/include/sodium.h:libsodium-dev
# What the tests need besides.
TEST_DEPS := pdftotext:poppler-utils qpdf:qpdf hebcal:hebcal clang:clang python3:python3 \
	node:nodejs npm:npm valgrind:valgrind \
	/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf:fonts-liberation2 \
	/usr/lib/python3/dist-packages/openpyxl:python3-openpyxl soffice:libreoffice-calc-nogui \
	/usr/lib/python3/dist-packages/yaml:python3-yaml /usr/lib/python3/dist-packages/pikepdf:python3-pikepdf \
	curl:curl /usr/bin/chromium:chromium man:man-db groff:groff-base

PDFJS_VERSION := 4.10.38
PDFJS := $(BUILD)/node/node_modules/pdfjs-dist/legacy/build/pdf.mjs
# Drives Debian's chromium in the web server's browser test (tests/serve_browser.mjs).
PUPPETEER_VERSION := 24.9.0
PUPPETEER := $(BUILD)/node/node_modules/puppeteer-core/package.json

.PHONY: all book check bench deps test-deps install clean
all: $(BUILD)/planbook

# Installs the Debian packages of the missing commands or headers, and says so.
define install_missing
	@missing=""; for pair in $(1); do what=$${pair%%:*}; pkg=$${pair##*:}; \
	  case $$what in /*) [ -e $$what ] ;; *) command -v $$what >/dev/null 2>&1 ;; esac \
	  || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  echo "planbook: installing missing packages:$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing \
	  >/dev/null || { echo "planbook: could not install:$$missing" >&2; exit 2; }; \
	fi
endef

deps:
	$(call install_missing,$(BUILD_DEPS))

test-deps: deps
	$(call install_missing,$(TEST_DEPS))
	@if [ ! -f $(PDFJS) ]; then echo "planbook: installing pdfjs-dist $(PDFJS_VERSION) for the tests"; \
	  mkdir -p $(BUILD)/node && npm install --prefix $(BUILD)/node --no-save --no-audit --no-fund \
	  --omit=optional --loglevel=error pdfjs-dist@$(PDFJS_VERSION) >/dev/null || exit 2; fi
	@if [ ! -f $(PUPPETEER) ]; then echo "planbook: installing puppeteer-core $(PUPPETEER_VERSION) for the tests"; \
	  mkdir -p $(BUILD)/node && PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix $(BUILD)/node --no-save \
	  --no-audit --no-fund --loglevel=error pdfjs-dist@$(PDFJS_VERSION) \
	  puppeteer-core@$(PUPPETEER_VERSION) >/dev/null || exit 2; fi

$(BUILD)/obj/%.o: gen/%.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/obj/office_libs.o: gen/office_libs.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(LAZY_FLAGS) -c $< -o $@

$(BUILD)/obj/main-serve.o: gen/main.c $(HDR) | deps
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -DPB_SERVER -c $< -o $@

$(BUILD)/planbook: $(CORE_OBJ) $(MO) $(BUILD)/planbook-serve
	$(CC) $(OPT) $(LDFLAGS) -o $@ $(CORE_OBJ) $(CORE_LIBS)

$(BUILD)/planbook-serve: $(SERVER_OBJ) $(MO)
	$(CC) $(OPT) $(LDFLAGS) -o $@ $(SERVER_OBJ) $(PKG_LIBS)

# The messages in Hebrew: po/he.po (translated by hand) compiled for gettext; the template
# of every message the program can say is extracted from the sources, and `make check`
# compares the two so that no message is left untranslated.
$(MO): po/he.po | deps
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ po/he.po

$(BUILD)/planbook.pot: $(SRC) $(HDR) | deps
	@mkdir -p $(dir $@)
	xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=P_:1,2 --keyword=ngettext:1,2 \
	  --language=C --no-location \
	  --package-name=planbook -o $@ $(SRC)

$(BUILD)/libplanbook.a: $(LIBOBJ)
	rm -f $@ && ar rcs $@ $(LIBOBJ)

book: deps $(BUILD)/planbook
	@mkdir -p $(OUT)
	$(BUILD)/planbook build --quiet-warnings -o $(OUT)/book-$(YEAR).pdf input/$(YEAR)

# Unit tests are C programs linked against the generator's objects.
TEST_SRC := $(wildcard tests/unit/*.c)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libplanbook.a $(HDR)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Igen -o $@ $< $(BUILD)/libplanbook.a $(PKG_LIBS)

check: test-deps $(BUILD)/planbook $(BUILD)/planbook.pot $(TEST_BIN)
	@BUILD=$(BUILD) PDFJS=$(PDFJS) CC=$(CC) PKGS="$(PKGS)" sh tests/run.sh

bench: deps $(BUILD)/planbook
	@BUILD=$(BUILD) python3 tests/bench.py

install: $(BUILD)/planbook
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(DATADIR)/fonts $(DESTDIR)$(DATADIR)/layouts
	install -m 755 $(BUILD)/planbook $(DESTDIR)$(PREFIX)/bin/planbook
	install -d $(DESTDIR)$(SERVERDIR)
	install -m 755 $(BUILD)/planbook-serve $(DESTDIR)$(SERVERDIR)/planbook-serve
	install -m 644 fonts/* $(DESTDIR)$(DATADIR)/fonts/
	install -m 644 layouts/*.yaml $(DESTDIR)$(DATADIR)/layouts/
	install -d $(DESTDIR)$(LOCALEDIR)/he/LC_MESSAGES
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/he/LC_MESSAGES/planbook.mo
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	sed 's/"planbook [^"]*"/"planbook $(VERSION)"/' docs/planbook.1 > $(DESTDIR)$(PREFIX)/share/man/man1/planbook.1
	chmod 644 $(DESTDIR)$(PREFIX)/share/man/man1/planbook.1
	install -d $(DESTDIR)$(DATADIR)/web $(DESTDIR)$(SYSTEMDDIR)
	install -m 644 web/*.html web/*.css $(DESTDIR)$(DATADIR)/web/
	sed 's|@BINDIR@|$(PREFIX)/bin|g' contrib/planbook.service.in > $(DESTDIR)$(SYSTEMDDIR)/planbook.service
	chmod 644 $(DESTDIR)$(SYSTEMDDIR)/planbook.service

clean:
	rm -rf $(BUILD) $(OUT)

include tests/fuzz/fuzz.mk
