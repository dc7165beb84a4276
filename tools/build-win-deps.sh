#!/bin/sh
# Build the libraries perfeval.exe links statically, for x86-64 Windows,
# with Debian's mingw-w64 cross compiler: `sh tools/build-win-deps.sh DIR`
# (the Makefile calls it with DIR=build-win).
#
# The sources are Debian 12's own source packages (`apt-get source`, from a
# deb-src file of this build's own under /etc/apt/sources.list.d), pinned
# to the versions below, so that perfeval.exe carries the same library
# code, Debian's patches included, as the Linux build.  zlib comes ready
# built from Debian's libz-mingw-w64-dev.  Debian has no iconv for mingw:
# freexl, which needs one, gets win/iconv.c, a shim over Win32.
#
# DIR/src holds the downloads, DIR/prefix the result (include/, lib/,
# licenses/); each library is built once (DIR/stamp/NAME).  Nothing here is
# committed: DIR is in .gitignore.
set -eu

DIR=${1:-build-win}
HOST=x86_64-w64-mingw32
# The posix flavour of Debian's mingw gcc: it has winpthreads, which the
# long-format reader's threads need.
CC=$HOST-gcc-posix
AR=$HOST-gcc-ar-posix
RANLIB=$HOST-gcc-ranlib-posix
JOBS=${JOBS:-2}

# Debian 12's versions (the security update where there is one).
PINS="libcsv=3.0.3+dfsg-6 cjson=1.7.15-1+deb12u4 libzip=1.7.3-1
expat=2.5.0-1+deb12u2 libxlsxwriter=1.1.4-2 freexl=1.0.6-2 cmocka=1.1.5-2.1"

TOP=$(pwd)
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
SRC=$DIR/src
PREFIX=$DIR/prefix
STAMP=$DIR/stamp
LOGS=$DIR/logs
mkdir -p "$SRC" "$PREFIX/include" "$PREFIX/lib" "$PREFIX/licenses" "$STAMP" "$LOGS"

say() { echo "build-win-deps: $*" >&2; }
die() { say "$*"; exit 1; }

command -v $CC >/dev/null 2>&1 ||
    die "no $CC: run 'sh tools/install-deps.sh --windows' first"

# ------------------------------------------------------------ sources
SOURCES=/etc/apt/sources.list.d/perfeval-win-src.sources
fetch_sources() {
    if [ ! -f "$SOURCES" ]; then
        # Copy the URIs and suites of Debian's own list, as deb-src.
        say "enabling Debian source packages in $SOURCES"
        SUDO=""
        [ "$(id -u)" = 0 ] || SUDO=sudo
        {
            echo "# perfeval's Windows build (tools/build-win-deps.sh): Debian's"
            echo "# source packages of the libraries perfeval.exe links."
            sed -n -e 's/^Types:.*/Types: deb-src/' -e '/^#/d' -e p \
                /etc/apt/sources.list.d/debian.sources
        } | $SUDO tee "$SOURCES" >/dev/null
        $SUDO apt-get update -qq
    fi
    for pin in $PINS; do
        name=${pin%%=*}
        ver=${pin#*=}
        # The upstream version, without an epoch or Debian revision.
        up=${ver%-*}
        if ! ls -d "$SRC/$name-$up"/ >/dev/null 2>&1; then
            say "apt-get source $pin"
            (cd "$SRC" && apt-get source -qq "$pin") >"$LOGS/source-$name.log" 2>&1 ||
                die "apt-get source $pin failed (see $LOGS/source-$name.log)"
        fi
    done
}

# A CMake toolchain for the cross compiler.
toolchain() {
    cat >"$DIR/toolchain.cmake" <<EOF
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER $CC)
set(CMAKE_AR $(command -v $AR))
set(CMAKE_RANLIB $(command -v $RANLIB))
set(CMAKE_RC_COMPILER $HOST-windres)
set(CMAKE_FIND_ROOT_PATH /usr/$HOST $PREFIX)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
EOF
}

cmake_configure() { # name srcdir cmake-args...
    name=$1
    src=$2
    shift 2
    rm -rf "$DIR/obj/$name"
    mkdir -p "$DIR/obj/$name"
    (cd "$DIR/obj/$name" &&
        cmake "$src" -DCMAKE_TOOLCHAIN_FILE="$DIR/toolchain.cmake" \
            -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$PREFIX" \
            -DCMAKE_C_FLAGS="-O2" "$@")
}

cmake_install() { (cd "$DIR/obj/$1" && make -j"$JOBS" && make install); }

cmake_build() { # name srcdir cmake-args...
    cmake_configure "$@"
    cmake_install "$1"
}

licence() { # name file...
    name=$1
    shift
    mkdir -p "$PREFIX/licenses/$name"
    cp "$@" "$PREFIX/licenses/$name/"
}

srcdir() { ls -d "$SRC/$1"-[0-9]*/ | head -n 1 | sed 's|/$||'; }

built() { [ -f "$STAMP/$1" ]; }
done_() { touch "$STAMP/$1"; say "$1 built"; }

# ------------------------------------------------------------ libraries
b_zlib() {
    # Debian's libz-mingw-w64-dev, as it is.
    [ -f /usr/$HOST/lib/libz.a ] ||
        die "no /usr/$HOST/lib/libz.a: install libz-mingw-w64-dev"
    mkdir -p "$PREFIX/licenses/zlib"
    cp /usr/share/doc/libz-mingw-w64-dev/copyright "$PREFIX/licenses/zlib/copyright"
}

b_runtime() { # mingw-w64's runtime and winpthreads, linked into the .exe
    mkdir -p "$PREFIX/licenses/mingw-w64" "$PREFIX/licenses/gcc"
    cp /usr/share/doc/mingw-w64-common/copyright "$PREFIX/licenses/mingw-w64/"
    cp /usr/share/doc/gcc-mingw-w64-base/copyright "$PREFIX/licenses/gcc/"
}

b_libcsv() { # one file: no need for its autotools
    s=$(srcdir libcsv)
    $CC -O2 -c -o "$DIR/obj-libcsv.o" "$s/libcsv.c" -I"$s"
    rm -f "$PREFIX/lib/libcsv.a"
    $AR rcs "$PREFIX/lib/libcsv.a" "$DIR/obj-libcsv.o"
    cp "$s/csv.h" "$PREFIX/include/"
    licence libcsv "$s/COPYING.LESSER" "$s/debian/copyright"
}

b_cjson() { # one file, built with its symbols not exported from the .exe
    s=$(srcdir cjson)
    $CC -O2 -DCJSON_HIDE_SYMBOLS -c -o "$DIR/obj-cjson.o" "$s/cJSON.c"
    rm -f "$PREFIX/lib/libcjson.a"
    $AR rcs "$PREFIX/lib/libcjson.a" "$DIR/obj-cjson.o"
    mkdir -p "$PREFIX/include/cjson"
    cp "$s/cJSON.h" "$PREFIX/include/cjson/"
    licence cjson "$s/LICENSE" "$s/debian/copyright"
}

b_expat() {
    s=$(srcdir expat)
    cmake_configure expat "$s/expat" -DEXPAT_SHARED_LIBS=OFF \
        -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
        -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF \
        -DEXPAT_BUILD_PKGCONFIG=OFF
    # Debian's security patches test `XML_DTD == 1`, as its autotools
    # build defines it; 2.5.0's CMake template defines it empty.
    sed -i 's/^#define XML_DTD *$/#define XML_DTD 1/' \
        "$DIR/obj/expat/expat_config.h"
    grep -q '^#define XML_DTD 1$' "$DIR/obj/expat/expat_config.h"
    cmake_install expat
    licence expat "$s/expat/COPYING" "$s/debian/copyright"
}

b_libzip() { # no encryption, bzip2 or xz: perfeval reads plain .xlsx/.docx
    s=$(srcdir libzip)
    cmake_build libzip "$s" -DBUILD_SHARED_LIBS=OFF \
        -DENABLE_COMMONCRYPTO=OFF -DENABLE_GNUTLS=OFF -DENABLE_MBEDTLS=OFF \
        -DENABLE_OPENSSL=OFF -DENABLE_WINDOWS_CRYPTO=OFF -DENABLE_BZIP2=OFF \
        -DENABLE_LZMA=OFF -DBUILD_TOOLS=OFF -DBUILD_REGRESS=OFF \
        -DBUILD_EXAMPLES=OFF -DBUILD_DOC=OFF \
        -DZLIB_INCLUDE_DIR=/usr/$HOST/include -DZLIB_LIBRARY=/usr/$HOST/lib/libz.a
    licence libzip "$s/LICENSE" "$s/debian/copyright"
}

b_libxlsxwriter() {
    # Its CMakeLists asks for a C++ compiler it never uses: the sources
    # it would build (src/, minizip, tmpfileplus, md5) compiled here.
    s=$(srcdir libxlsxwriter)
    o=$DIR/obj/libxlsxwriter
    rm -rf "$o"
    mkdir -p "$o"
    for f in "$s"/src/*.c "$s"/third_party/minizip/ioapi.c \
        "$s"/third_party/minizip/zip.c \
        "$s"/third_party/tmpfileplus/tmpfileplus.c "$s"/third_party/md5/md5.c; do
        $CC -O2 -DNOCRYPT -DNOUNCRYPT -I"$s/include" -I/usr/$HOST/include \
            -c -o "$o/$(basename "$f" .c).o" "$f"
    done
    rm -f "$PREFIX/lib/libxlsxwriter.a"
    $AR rcs "$PREFIX/lib/libxlsxwriter.a" "$o"/*.o
    cp -r "$s/include/xlsxwriter.h" "$s/include/xlsxwriter" "$PREFIX/include/"
    licence libxlsxwriter "$s/License.txt" "$s/debian/copyright"
}

b_iconv() { # the shim freexl is built against (see win/iconv.c)
    $CC -O2 -std=c11 -Wall -Wextra -c -o "$DIR/obj-iconv.o" \
        -I"$TOP/win" "$TOP/win/iconv.c"
    rm -f "$PREFIX/lib/libiconv.a"
    $AR rcs "$PREFIX/lib/libiconv.a" "$DIR/obj-iconv.o"
    cp "$TOP/win/iconv.h" "$TOP/win/localcharset.h" "$PREFIX/include/"
}

b_freexl() {
    s=$(srcdir freexl)
    rm -rf "$DIR/obj/freexl"
    mkdir -p "$DIR/obj/freexl"
    (cd "$DIR/obj/freexl" &&
        "$s/configure" --host=$HOST --prefix="$PREFIX" --disable-shared \
            --enable-static CC=$CC AR=$AR RANLIB=$RANLIB \
            CPPFLAGS="-I$PREFIX/include" LDFLAGS="-L$PREFIX/lib" \
            CFLAGS=-O2 &&
        make -j"$JOBS" && make install)
    licence freexl "$s/COPYING" "$s/debian/copyright"
}

b_cmocka() { # for the unit tests only; not in perfeval.exe
    s=$(srcdir cmocka)
    cmake_build cmocka "$s" -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF \
        -DUNIT_TESTING=OFF -DPICKY_DEVELOPER=OFF
    licence cmocka "$s/COPYING" "$s/debian/copyright"
}

fetch_sources
toolchain
for lib in runtime zlib libcsv cjson expat libzip libxlsxwriter iconv freexl cmocka; do
    built $lib && continue
    say "building $lib (log: $LOGS/$lib.log)"
    start=$(date +%s)
    # a subshell of its own, so that set -e stops the step at its first
    # failure (it does not inside a tested command)
    set +e
    (
        set -e
        b_$lib
    ) >"$LOGS/$lib.log" 2>&1
    rc=$?
    set -e
    if [ $rc != 0 ]; then
        tail -n 20 "$LOGS/$lib.log" >&2
        die "$lib failed (see $LOGS/$lib.log)"
    fi
    echo "$lib $(($(date +%s) - start))s" >>"$LOGS/times"
    done_ $lib
done
