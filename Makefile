# perfeval: a plain Makefile.  `make`, `make test`, `make asan`, `make leakcheck`.
CC      ?= cc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wcast-qual \
           -Wconversion
OPT     ?= -O2 -g
CFLAGS  ?= $(OPT)
# libgsf (for .xls) brings GLib: its headers are system headers to us.
# It is loaded with dlopen when an .xls is read (src/ole_gsf.c), not linked.
GSF_CFLAGS := $(patsubst -I%,-isystem %,$(shell pkg-config --cflags libgsf-1 2>/dev/null))
ALL_CFLAGS := $(CSTD) $(WARN) $(CFLAGS) -Iinclude -Isrc -I/usr/include/cjson $(GSF_CFLAGS)
LDLIBS  := -lcjson -lcsv -lxlsxwriter -lzip -lexpat -lfreexl -ldl -pthread

BUILD   ?= build
# The platform (src/os.h): os_posix.c here, os_win32.c in `make windows`;
# ole_cfb.c stands in for ole_gsf.c there (no libgsf for Windows).
WIN_ONLY   := src/os_win32.c src/ole_cfb.c
POSIX_ONLY := src/os_posix.c src/ole_gsf.c
# The program's own files (main.c, cli_*.c: options, help) are no part of
# the library.
CLI_SRC := src/main.c $(wildcard src/cli_*.c)
CLI_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(CLI_SRC))
LIB_SRC := $(filter-out $(CLI_SRC) $(WIN_ONLY),$(wildcard src/*.c))
LIB_OBJ := $(patsubst src/%.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/catalog.o
LIB     := $(BUILD)/libperfeval.a
# the shared library, its soname and its position-independent objects
SOVERSION := 0
SONAME    := libperfeval.so.$(SOVERSION)
SHLIB     := $(BUILD)/libperfeval.so.$(SOVERSION).1.0
PIC_OBJ   := $(patsubst $(BUILD)/%.o,$(BUILD)/pic/%.o,$(LIB_OBJ))
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(patsubst tests/%.c,$(BUILD)/%,$(TEST_SRC))

.PHONY: all test suite unit difftest asan leakcheck clean format format-check

all: perfeval $(SHLIB)

perfeval: $(BUILD)/perfeval
	cp $< $@

$(BUILD)/perfeval: $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS) $(LDFLAGS)

$(LIB): $(LIB_OBJ)
	$(AR) rcs $@ $^

# The shared library: the same objects built position-independent, with
# the header's functions as its only interface (tools/mkmap.py writes the
# version script) and an soname that changes when that interface breaks.

$(BUILD)/pic/%.o: src/%.c include/*.h src/*.h | $(BUILD)/pic
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/pic/catalog.o: $(BUILD)/catalog.c src/msg.h include/perfeval.h | $(BUILD)/pic
	$(CC) $(ALL_CFLAGS) -fPIC -c -o $@ $<

$(BUILD)/pic:
	mkdir -p $@

$(BUILD)/perfeval.map: include/perfeval.h tools/mkmap.py | $(BUILD)
	python3 tools/mkmap.py include/perfeval.h >$@.tmp && mv $@.tmp $@

$(SHLIB): $(PIC_OBJ) $(BUILD)/perfeval.map
	$(CC) $(ALL_CFLAGS) -shared -Wl,-soname,$(SONAME) \
	    -Wl,--version-script=$(BUILD)/perfeval.map -Wl,--no-undefined \
	    -o $@ $(PIC_OBJ) $(LDLIBS) $(LDFLAGS)
	ln -sf $(notdir $@) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/libperfeval.so

$(BUILD)/%.o: src/%.c include/*.h src/*.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The message catalogue, compiled into the library (tools/po2c.py).
$(BUILD)/catalog.c: po/zh_CN.po tools/po2c.py | $(BUILD)
	python3 tools/po2c.py po/zh_CN.po >$@.tmp && mv $@.tmp $@

$(BUILD)/catalog.o: $(BUILD)/catalog.c src/msg.h include/perfeval.h
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/test_%: tests/test_%.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB) $(LDLIBS) -lcmocka $(LDFLAGS)

$(BUILD):
	mkdir -p $@

# Every test: the cmocka unit tests, the decimal oracle, the golden files,
# the shell test of exit codes and messages, and the real tables.  RUN
# wraps each program (valgrind for leakcheck; the real tables run bare,
# the office files' readers under it).
test: all suite
	@PERFEVAL_LIBRARY=$(SHLIB) PERFEVAL=$(BUILD)/perfeval \
	    /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests
	@sh tests/install.sh

suite: $(TEST_BIN) $(BUILD)/drv_decimal $(BUILD)/drv_score $(BUILD)/perfeval \
       $(BUILD)/cli_dump
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; $(RUN) ./$$t; done
	@python3 tests/oracle_decimal.py $(BUILD)/drv_decimal
	@python3 tests/property.py $(BUILD)/drv_score
	@python3 tools/modcycles.py $(BUILD)
	@VALGRIND="$(RUN)" sh tests/golden.sh $(BUILD)/perfeval
	@VALGRIND="$(RUN)" sh tests/shtest $(BUILD)/perfeval
	@python3 tests/cli_options.py $(BUILD)/perfeval $(BUILD)/cli_dump
	@python3 tests/thin_cli.py
	@python3 tests/long_pieces.py $(BUILD)/perfeval
	@python3 tests/real.py $(BUILD)/perfeval
	@python3 tests/report_real.py $(BUILD)/perfeval
	@VALGRIND="$(RUN)" python3 tests/office.py $(BUILD)/perfeval
	@python3 tests/office_render.py $(BUILD)/perfeval
	@python3 tests/summary.py $(BUILD)/perfeval
	@python3 tests/fidelity.py $(BUILD)/perfeval
	@sh tests/messages.sh
	@python3 tests/readme.py $(BUILD)/perfeval
	@/usr/bin/python3 tests/schema.py $(BUILD)/perfeval

unit: $(TEST_BIN)
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; ./$$t; done

# The decimal module against Python's fractions, over >10,000 cases.
difftest: $(BUILD)/drv_decimal
	@python3 tests/oracle_decimal.py $(BUILD)/drv_decimal

$(BUILD)/drv_decimal: tests/drv_decimal.c $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(LDLIBS) $(LDFLAGS)

# The option tables of the program, for tests/cli_options.py.
$(BUILD)/cli_dump: tests/cli_dump.c $(BUILD)/cli_opts.o $(LIB) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/cli_opts.o $(LIB) $(LDLIBS) $(LDFLAGS)

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

# The committed code is as clang-format (Debian's, 14) writes it under the
# committed .clang-format: `make format` changes nothing, and CI checks so.
FORMAT_FILES = src/*.c src/*.h include/*.h tests/*.c fuzz/*.c bench/*.c
format:
	clang-format -i $(FORMAT_FILES)

format-check:
	@clang-format --dry-run -Werror $(FORMAT_FILES) && echo "format: clean"

clean:
	rm -rf build build-asan build-vg build-fuzz perfeval $(WIN_OBJ) $(WIN_EXE) dist
include fuzz/fuzz.mk

# Throughput and memory of check on the long format against a bare libcsv
# parse (bench/run.py); not part of the tests.
$(BUILD)/bare_parse: bench/bare_parse.c | $(BUILD)
	$(CC) $(ALL_CFLAGS) -o $@ $< -lcsv

bench: perfeval $(BUILD)/bare_parse
	@python3 bench/run.py ./perfeval $(BUILD)/bare_parse
	@python3 bench/summary.py ./perfeval

# check --summary over a desk of 2,000 tables, -j 1 and -j 2, against a
# shell loop of score -f json (bench/summary.py)
bench-summary: perfeval
	@python3 bench/summary.py ./perfeval

.PHONY: bench bench-summary

# ---------------------------------------------------------------- install
# `make install` and `make uninstall`, GNU style: PREFIX (default
# /usr/local) and DESTDIR for staging (`make install DESTDIR=/tmp/x
# PREFIX=/usr`, as debian/rules does).  Each directory can be set on its
# own.  uninstall removes the files install put, never a directory: they
# are standard ones (share/man/man1, lib/pkgconfig) that others share.
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
DATADIR     ?= $(PREFIX)/share
MANDIR      ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/site-functions
INSTALL     ?= install
PE_VERSION  := $(shell sed -n 's/.*define PE_VERSION "\(.*\)".*/\1/p' include/perfeval.h)

# The .pc names its directories from ${prefix} where they lie under it,
# so that `pkg-config --define-variable=prefix=...` moves them all.
pc_rel = $(patsubst $(PREFIX)/%,$${prefix}/%,$(1))

$(BUILD)/perfeval.pc: perfeval.pc.in include/perfeval.h FORCE | $(BUILD)
	sed -e 's|@PREFIX@|$(PREFIX)|g' \
	    -e 's|@LIBDIR@|$(call pc_rel,$(LIBDIR))|g' \
	    -e 's|@INCLUDEDIR@|$(call pc_rel,$(INCLUDEDIR))|g' \
	    -e 's|@VERSION@|$(PE_VERSION)|g' \
	    -e 's|@LIBS@|$(LDLIBS)|g' perfeval.pc.in >$@.tmp
	mv $@.tmp $@

install: all $(LIB) $(SHLIB) $(BUILD)/perfeval.pc
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man1 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 755 perfeval $(DESTDIR)$(BINDIR)/perfeval
	$(INSTALL) -m 644 doc/perfeval.1 $(DESTDIR)$(MANDIR)/man1/perfeval.1
	$(INSTALL) -m 644 doc/perfeval.zh_CN.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/perfeval.1
	$(INSTALL) -m 644 completion/perfeval.bash $(DESTDIR)$(BASHCOMPDIR)/perfeval
	$(INSTALL) -m 644 completion/_perfeval $(DESTDIR)$(ZSHCOMPDIR)/_perfeval
	$(INSTALL) -m 644 $(LIB) $(DESTDIR)$(LIBDIR)/libperfeval.a
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB))
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libperfeval.so
	@# the loader's cache, so that dlopen("libperfeval.so.0") (Python)
	@# finds it; not when staging for a package
	@if [ -z "$(DESTDIR)" ] && command -v ldconfig >/dev/null 2>&1; then \
	    ldconfig 2>/dev/null || true; fi
	$(INSTALL) -m 644 include/perfeval.h $(DESTDIR)$(INCLUDEDIR)/perfeval.h
	$(INSTALL) -m 644 $(BUILD)/perfeval.pc $(DESTDIR)$(PKGCONFIGDIR)/perfeval.pc

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/perfeval \
	    $(DESTDIR)$(MANDIR)/man1/perfeval.1 \
	    $(DESTDIR)$(MANDIR)/zh_CN/man1/perfeval.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/perfeval \
	    $(DESTDIR)$(ZSHCOMPDIR)/_perfeval \
	    $(DESTDIR)$(LIBDIR)/libperfeval.a \
	    $(DESTDIR)$(LIBDIR)/$(notdir $(SHLIB)) \
	    $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libperfeval.so \
	    $(DESTDIR)$(INCLUDEDIR)/perfeval.h \
	    $(DESTDIR)$(PKGCONFIGDIR)/perfeval.pc

FORCE:

.PHONY: install uninstall FORCE

# ---------------------------------------------------------------- windows
# `make windows`: perfeval.exe for 64-bit Windows, cross-compiled with
# Debian's mingw-w64 and linked statically, and the zip a clerk unpacks
# (dist/perfeval-VERSION-win64.zip).  The libraries are Debian 12's own
# sources, built by tools/build-win-deps.sh into build-win/prefix.
# `make check-windows` runs the unit tests and the scoring cases of the
# shell tests under wine.  Needs `sh tools/install-deps.sh --windows`.
WIN_HOST   := x86_64-w64-mingw32
WIN_CC     := $(WIN_HOST)-gcc-posix
WIN_AR     := $(WIN_HOST)-gcc-ar-posix
WIN_RC     := $(WIN_HOST)-windres
WIN_DIR    := build-win
WIN_PREFIX := $(WIN_DIR)/prefix
WIN_OBJ    := $(WIN_DIR)/obj-perfeval
WIN_DEPS   := $(WIN_DIR)/stamp/cmocka
WIN_CFLAGS := $(CSTD) -D__USE_MINGW_ANSI_STDIO=1 -DCJSON_HIDE_SYMBOLS \
              -DXML_STATIC $(WARN) -O2 -Iinclude -Isrc \
              -isystem $(WIN_PREFIX)/include -isystem $(WIN_PREFIX)/include/cjson
# -static: no DLL beside the .exe (winpthread and libgcc too)
WIN_LDLIBS := -L$(WIN_PREFIX)/lib -lcjson -lcsv -lxlsxwriter -lzip -lexpat \
              -lfreexl -liconv -lz -lshell32 -static -pthread
WIN_LIB_SRC := $(filter-out $(CLI_SRC) $(POSIX_ONLY),$(wildcard src/*.c))
WIN_LIB_OBJ := $(patsubst src/%.c,$(WIN_OBJ)/%.o,$(WIN_LIB_SRC)) \
               $(WIN_OBJ)/catalog.o
WIN_LIB    := $(WIN_OBJ)/libperfeval.a
WIN_EXE    := $(WIN_DIR)/perfeval.exe
WIN_TESTS  := $(patsubst tests/%.c,$(WIN_OBJ)/%.exe,$(TEST_SRC))
# the Chinese README first, when there is one, and the English one
WIN_README := $(wildcard README.zh-CN.md) README.md
WIN_ZIPDIR := perfeval-$(PE_VERSION)-win64
WIN_ZIP    := dist/$(WIN_ZIPDIR).zip

.PHONY: windows windows-deps check-windows

windows: $(WIN_ZIP)

# The script builds each library once (build-win/stamp); its inputs are
# the script itself and the iconv shim.
$(WIN_DEPS): tools/build-win-deps.sh win/iconv.c win/iconv.h
	@rm -f $(WIN_DIR)/stamp/iconv $(WIN_DIR)/stamp/freexl
	sh tools/build-win-deps.sh $(WIN_DIR)
windows-deps: $(WIN_DEPS)

$(WIN_OBJ)/%.o: src/%.c include/*.h src/*.h $(WIN_DEPS) | $(WIN_OBJ)
	$(WIN_CC) $(WIN_CFLAGS) -c -o $@ $<

$(WIN_OBJ)/catalog.o: $(BUILD)/catalog.c src/msg.h include/perfeval.h \
                      $(WIN_DEPS) | $(WIN_OBJ)
	$(WIN_CC) $(WIN_CFLAGS) -c -o $@ $<

$(WIN_OBJ):
	mkdir -p $@

$(WIN_LIB): $(WIN_LIB_OBJ)
	rm -f $@
	$(WIN_AR) rcs $@ $^

# The manifest: the UTF-8 code page (names in Chinese for every library
# that opens files by name), Windows 10's long paths, no virtualisation.
$(WIN_OBJ)/perfeval-res.o: win/perfeval.rc win/perfeval.manifest | $(WIN_OBJ)
	$(WIN_RC) -I win '-DPE_VERSION_STR=\"$(PE_VERSION)\"' -O coff -o $@ \
	    win/perfeval.rc

$(WIN_EXE): $(patsubst src/%.c,$(WIN_OBJ)/%.o,$(CLI_SRC)) \
            $(WIN_OBJ)/perfeval-res.o $(WIN_LIB)
	$(WIN_CC) $(WIN_CFLAGS) -o $@ $^ $(WIN_LDLIBS)
	$(WIN_HOST)-strip $@

$(WIN_OBJ)/test_%.exe: tests/test_%.c $(WIN_LIB) $(WIN_OBJ)/perfeval-res.o
	$(WIN_CC) $(WIN_CFLAGS) -Wno-missing-prototypes -o $@ $< \
	    $(WIN_OBJ)/perfeval-res.o $(WIN_LIB) $(WIN_LDLIBS) -lcmocka-static

# The zip: the program, the README, the licences (perfeval's, each
# library's, mingw-w64's runtime; not cmocka's, which is in no .exe of the
# zip) and the two helpers for a clerk who drops files on them,
# saved in GBK with CRLF lines as cmd.exe reads them on a Chinese Windows.
$(WIN_ZIP): $(WIN_EXE) $(WIN_README) LICENSE win/评分.bat win/复核.bat
	rm -rf $(WIN_DIR)/$(WIN_ZIPDIR) $@
	mkdir -p $(WIN_DIR)/$(WIN_ZIPDIR)/licenses dist
	cp $(WIN_EXE) $(WIN_DIR)/$(WIN_ZIPDIR)/
	cp $(WIN_README) $(WIN_DIR)/$(WIN_ZIPDIR)/
	cp LICENSE $(WIN_DIR)/$(WIN_ZIPDIR)/LICENSE.txt
	for d in $(WIN_PREFIX)/licenses/*; do \
	    case $$d in */cmocka) ;; *) cp -r $$d $(WIN_DIR)/$(WIN_ZIPDIR)/licenses/ ;; esac; \
	done
	for b in 评分 复核; do \
	    iconv -f UTF-8 -t GB18030 win/$$b.bat | sed 's/$$/\r/' \
	        >$(WIN_DIR)/$(WIN_ZIPDIR)/$$b.bat || exit 1; \
	done
	cd $(WIN_DIR) && python3 -m zipfile -c ../$@ $(WIN_ZIPDIR)
	@ls -l $(WIN_EXE) $@

check-windows: perfeval $(WIN_EXE) $(WIN_TESTS)
	@sh tests/wine.sh $(WIN_EXE) $(WIN_TESTS)
