# perfeval: a plain Makefile.  `make`, `make test`, `make asan`, `make leakcheck`.
CC      ?= cc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wcast-qual \
           -Wconversion
OPT     ?= -O2 -g
CFLAGS  ?= $(OPT)
# libgsf (for .xls) brings GLib: its headers are system headers to us.
# It is loaded with dlopen when an .xls is read (src/biff.c), not linked.
GSF_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libgsf-1 2>/dev/null))
ALL_CFLAGS := $(CSTD) $(WARN) $(CFLAGS) -Iinclude -Isrc -I/usr/include/cjson $(GSF_CFLAGS)
LDLIBS  := -lcjson -lcsv -lxlsxwriter -lzip -lexpat -lfreexl -ldl -pthread

BUILD   ?= build
LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC))
LIB     := $(BUILD)/libperfeval.a
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/%,$(TEST_SRC))

.PHONY: all test suite unit difftest asan leakcheck clean format

all: perfeval

perfeval: $(BUILD)/perfeval
	cp $< $@

$(BUILD)/perfeval: $(BUILD)/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c include/*.h src/*.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/test_%.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB) $(LDLIBS) -lcmocka $(LDFLAGS)

$(BUILD):
	mkdir -p $@

# Every test: the cmocka unit tests, the decimal oracle, the golden files,
# the shell test of exit codes and messages, and the real tables.  RUN
# wraps each program (valgrind for leakcheck; the real tables run bare).
test: all suite

suite: $(TEST_BIN) $(BUILD)/drv_decimal $(BUILD)/drv_score $(BUILD)/perfeval
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $(RUN) ./$$t; done
	@python3 tests/oracle_decimal.py $(BUILD)/drv_decimal
	@python3 tests/property.py $(BUILD)/drv_score
	@VALGRIND="$(RUN)" sh tests/golden.sh $(BUILD)/perfeval
	@VALGRIND="$(RUN)" sh tests/shtest $(BUILD)/perfeval
	@python3 tests/real.py $(BUILD)/perfeval
	@python3 tests/office.py $(BUILD)/perfeval

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; ./$$t; done

# The decimal module against Python's fractions, over >10,000 cases.
difftest: $(BUILD)/drv_decimal
	@python3 tests/oracle_decimal.py $(BUILD)/drv_decimal

$(BUILD)/drv_decimal: tests/drv_decimal.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(LDFLAGS)

# Scoring against the rules worked out apart (tests/property.py).
$(BUILD)/drv_score: tests/drv_score.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(LDFLAGS)

# The whole suite under AddressSanitizer and UBSan, in a tree of its own.
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g $(SAN)" \
	    LDFLAGS="$(SAN)" suite

# The whole suite under valgrind; a leak or an error fails it.
leakcheck:
	@$(MAKE) --no-print-directory BUILD=build-vg \
	    RUN="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9" suite

format:
	clang-format -i src/*.c src/*.h include/*.h tests/*.c

clean:
	rm -rf build build-asan build-vg build-fuzz perfeval
include fuzz/fuzz.mk

# Throughput and memory of check on the long format against a bare libcsv
# parse (bench/run.py); not part of the tests.
$(BUILD)/bare_parse: bench/bare_parse.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lcsv

bench: perfeval $(BUILD)/bare_parse
	@python3 bench/run.py ./perfeval $(BUILD)/bare_parse

.PHONY: bench
