# fuzz.mk — coverage-guided fuzzing of every reader (clang's libFuzzer, AddressSanitizer,
# UndefinedBehaviorSanitizer, LeakSanitizer); included by the top Makefile.
#
#   make fuzz                   each harness for FUZZ_SECONDS (60), one after another
#   make fuzz FUZZ=csv FUZZ_SECONDS=600    one harness, longer
#   make fuzz-merge             the working corpus, minimised, back into tests/fuzz/corpus
#   make $(BUILD)/fuzz/fuzz_csv just build one (tests/e2e/fuzz_replay.sh does)
#
# The working corpus is $(BUILD)/fuzz/corpus/<name>, seeded from tests/fuzz/corpus/<name>;
# crashes are written to $(BUILD)/fuzz/artifacts/<name>/. A harness writes its input into a
# folder of its own under $(BUILD)/fuzz/tmp, removed when it ends (left behind by a crash
# or Ctrl-C).
# docs/fuzzing.md has the figures.

FUZZ_ALL     := csv xlsx xlsx_xml manifest layout prose
FUZZ         ?= $(FUZZ_ALL)
FUZZ_SECONDS ?= 60
# where the harnesses write their inputs: a tmpfs (FUZZ_TMP=/dev/shm/pbfuzz) saves the
# kernel half the work of a run
FUZZ_TMP     ?= $(BUILD)/fuzz/tmp
FUZZ_CC      ?= clang
FUZZ_SAN     := address,undefined
FUZZ_CFLAGS   = -O1 -g -fno-omit-frame-pointer -fno-sanitize-recover=all $(WARN) -pthread \
	-DPB_VERSION='"$(VERSION)"' -DPB_DATADIR='"$(DATADIR)"' $(PKG_CFLAGS)
# the largest input each reader is given: an .xlsx is a zip of several XML files; the
# manifest and prose limits hold the largest real files (input/2020/book.yaml, 34 KB)
FUZZ_MAX_LEN_csv      := 16384
FUZZ_MAX_LEN_xlsx     := 65536
FUZZ_MAX_LEN_xlsx_xml := 32768
FUZZ_MAX_LEN_manifest := 40960
FUZZ_MAX_LEN_layout   := 16384
FUZZ_MAX_LEN_prose    := 20480
FUZZ_OPTS = -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
# libFuzzer's runtime is in libclang-rt-14-dev, not in the clang package
FUZZ_RT := $(or $(firstword $(wildcard /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a)),\
	/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a)
FUZZ_DEPS := clang:clang $(FUZZ_RT):libclang-rt-14-dev

# the harnesses link libzip and libxlsxwriter themselves: not through gen/office_libs.c
FUZZ_OBJ := $(filter-out $(BUILD)/fuzz/obj/office_libs.o,$(LIBSRC:gen/%.c=$(BUILD)/fuzz/obj/%.o))
FUZZ_BIN := $(FUZZ_ALL:%=$(BUILD)/fuzz/fuzz_%)

.PHONY: fuzz fuzz-deps fuzz-build fuzz-merge
fuzz-deps: deps
	$(call install_missing,$(FUZZ_DEPS))

# a static pattern rule: its objects are not intermediate files that make would delete
$(FUZZ_OBJ): $(BUILD)/fuzz/obj/%.o: gen/%.c $(HDR) | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,$(FUZZ_SAN) -c $< -o $@

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ) $(HDR) | fuzz-deps
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer,$(FUZZ_SAN) -Igen -DFUZZ_FONTS='"$(CURDIR)/fonts"' \
		-o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

fuzz-build: $(FUZZ_BIN)

# One harness after another (never two at once: each wants a core), on the working
# corpus; new inputs go into it, tests/fuzz/corpus/<name> is only read. A crash stops make
# after its report; each run's output is kept in $(BUILD)/fuzz/<name>.log.
FUZZ_RUN = $(foreach n,$(FUZZ),$(n):$(FUZZ_MAX_LEN_$(n)))
fuzz: $(FUZZ:%=$(BUILD)/fuzz/fuzz_%)
	@for run in $(FUZZ_RUN); do n=$${run%%:*}; len=$${run##*:}; \
	  mkdir -p $(BUILD)/fuzz/corpus/$$n $(BUILD)/fuzz/artifacts/$$n $(FUZZ_TMP); \
	  echo "fuzz: $$n for $(FUZZ_SECONDS) s (log: $(BUILD)/fuzz/$$n.log)"; \
	  start=$$(date +%s); times >$(BUILD)/fuzz/$$n.times; \
	  TMPDIR=$(FUZZ_TMP) $(BUILD)/fuzz/fuzz_$$n $(FUZZ_OPTS) -max_len=$$len -max_total_time=$(FUZZ_SECONDS) \
	    -artifact_prefix=$(BUILD)/fuzz/artifacts/$$n/ $(BUILD)/fuzz/corpus/$$n tests/fuzz/corpus/$$n \
	    >$(BUILD)/fuzz/$$n.log 2>&1; rc=$$?; times >>$(BUILD)/fuzz/$$n.times; \
	  sh tests/fuzz/figures.sh $$n $(BUILD)/fuzz/$$n.log $$(($$(date +%s) - start)) \
	    "$$(sed -n 2p $(BUILD)/fuzz/$$n.times)" "$$(sed -n 4p $(BUILD)/fuzz/$$n.times)" \
	    $(BUILD)/fuzz/corpus/$$n; \
	  if [ $$rc != 0 ]; then grep -A30 -m1 'ERROR\|runtime error\|==[0-9]*==' $(BUILD)/fuzz/$$n.log; \
	    echo "fuzz: $$n failed (exit $$rc); the input is in $(BUILD)/fuzz/artifacts/$$n/"; exit 1; fi; \
	done

# The committed corpus, minimised (libFuzzer's -merge=1) from itself and the working
# corpus: the fewest files that reach every feature either reached. The seeds (seed-*, chosen
# by hand) and inputs that once failed (regress-*) are kept whatever the merge says; the merge
# adds what reaches more than they do.
fuzz-merge: $(FUZZ:%=$(BUILD)/fuzz/fuzz_%)
	@for run in $(FUZZ_RUN); do n=$${run%%:*}; len=$${run##*:}; \
	  rm -rf $(BUILD)/fuzz/merged/$$n && mkdir -p $(BUILD)/fuzz/merged/$$n $(BUILD)/fuzz/corpus/$$n; \
	  cp tests/fuzz/corpus/$$n/seed-* tests/fuzz/corpus/$$n/regress-* $(BUILD)/fuzz/merged/$$n/ 2>/dev/null; \
	  $(BUILD)/fuzz/fuzz_$$n -merge=1 -max_len=$$len -rss_limit_mb=2048 -timeout=10 \
	    $(BUILD)/fuzz/merged/$$n tests/fuzz/corpus/$$n $(BUILD)/fuzz/corpus/$$n \
	    >$(BUILD)/fuzz/merge-$$n.log 2>&1 || { tail -20 $(BUILD)/fuzz/merge-$$n.log; exit 1; }; \
	  rm -rf tests/fuzz/corpus/$$n && cp -r $(BUILD)/fuzz/merged/$$n tests/fuzz/corpus/$$n; \
	  echo "fuzz-merge: $$n: $$(ls tests/fuzz/corpus/$$n | wc -l) files, $$(cat tests/fuzz/corpus/$$n/* | wc -c) bytes"; \
	done
