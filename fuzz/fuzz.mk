# libFuzzer targets: `make fuzz FUZZ_SECONDS=N` builds them with clang and
# runs each for N seconds (default 60) on a corpus seeded from data/ and the
# tests.  Crashes land in fuzz/crash-*; corpora grow in build-fuzz/corpus/.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
                -Iinclude -Isrc -I/usr/include/cjson $(GSF_CFLAGS)
FUZZ_TARGETS := $(patsubst fuzz/%.c,build-fuzz/%,$(wildcard fuzz/fuzz_*.c))

# the message catalogue the library is built with (tools/po2c.py)
build-fuzz/catalog.c: po/zh_CN.po tools/po2c.py
	@mkdir -p build-fuzz
	python3 tools/po2c.py po/zh_CN.po >$@.tmp && mv $@.tmp $@

build-fuzz/%: fuzz/%.c $(LIB_SRC) build-fuzz/catalog.c include/*.h src/*.h
	@mkdir -p build-fuzz
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) build-fuzz/catalog.c $(LDLIBS)

fuzz-build: $(FUZZ_TARGETS)

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	    name=$${t#build-fuzz/}; corpus=build-fuzz/corpus/$$name; \
	    mkdir -p $$corpus; cp fuzz/seeds/$$name/* $$corpus/ 2>/dev/null || true; \
	    echo "== $$name for $(FUZZ_SECONDS) s"; \
	    LSAN_OPTIONS=suppressions=fuzz/lsan.supp \
	    ASAN_OPTIONS=fast_unwind_on_malloc=0 \
	    ./$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
	        -artifact_prefix=fuzz/crash-$$name- -print_final_stats=1 \
	        $$corpus 2>&1 | grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|Done)' ; \
	    test -z "$$(ls fuzz/crash-$$name-* 2>/dev/null)"; \
	done

.PHONY: fuzz fuzz-build
