# perfeval: a plain Makefile.  `make`, `make test`, `make asan`, `make leakcheck`.
CC      ?= cc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wcast-qual \
           -Wconversion
OPT     ?= -O2 -g
CFLAGS  ?= $(OPT)
ALL_CFLAGS := $(CSTD) $(WARN) $(CFLAGS) -Iinclude -Isrc -I/usr/include/cjson
LDLIBS  := -lcjson -lcsv

BUILD   ?= build
LIB_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC))
LIB     := $(BUILD)/libperfeval.a
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/%,$(TEST_SRC))

.PHONY: all test unit difftest shtest golden asan test-asan leakcheck clean format

all: perfeval

perfeval: $(BUILD)/perfeval
	cp $< $@

$(BUILD)/perfeval: $(BUILD)/main.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/%.o: src/%.c include/perfeval.h src/*.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/test_%.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB) $(LDLIBS) -lcmocka $(LDFLAGS)

$(BUILD):
	mkdir -p $@

# Every test: cmocka unit tests, then the golden files and the shell test of
# exit codes and messages against the built binary.
test: unit difftest golden shtest

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $(RUN) ./$$t; done

# The decimal module against Python's fractions, over >10,000 cases.
difftest: $(BUILD)/drv_decimal
	@python3 tests/oracle_decimal.py $(BUILD)/drv_decimal

$(BUILD)/drv_decimal: tests/drv_decimal.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(LDFLAGS)

golden: perfeval
	@sh tests/golden.sh ./perfeval

shtest: perfeval
	@sh tests/shtest ./perfeval

# The whole suite under AddressSanitizer and UBSan, in a build tree of its own.
asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" PERFEVAL=build-asan/perfeval \
	    build-asan/perfeval test-asan

test-asan: $(TEST_BIN) $(BUILD)/perfeval
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; ./$$t; done
	@sh tests/golden.sh ./$(BUILD)/perfeval
	@sh tests/shtest ./$(BUILD)/perfeval

# The suite under valgrind; any leak or error fails.
leakcheck: $(TEST_BIN) perfeval
	@set -e; for t in $(TEST_BIN); do echo "== valgrind $$t"; \
	    valgrind -q --leak-check=full --error-exitcode=9 ./$$t; done
	@VALGRIND="valgrind -q --leak-check=full --error-exitcode=9" sh tests/shtest ./perfeval

format:
	clang-format -i src/*.c src/*.h include/*.h tests/*.c

clean:
	rm -rf build build-asan perfeval
