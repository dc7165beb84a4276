#!/bin/sh
# Install the Debian packages perfeval needs to build and test, only those
# that are missing.  Run as root (or it uses sudo when that exists).
# --windows: also what `make windows` and `make check-windows` need (the
# mingw-w64 cross compiler, Debian's source tools, cmake, wine).
set -eu
WINDOWS_PKGS="gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 mingw-w64-x86-64-dev libz-mingw-w64-dev dpkg-dev cmake wine wine64"
EXTRA=""
[ "${1:-}" = --windows ] && EXTRA=$WINDOWS_PKGS
PKGS="$EXTRA make gcc libc6-dev gettext jq python3-jsonschema python3-pytest python3-pip python3-setuptools libcjson-dev libcsv-dev libcmocka-dev libxlsxwriter-dev libzip-dev libexpat1-dev libfreexl-dev libgsf-1-dev pkg-config python3 valgrind unzip time clang libclang-rt-14-dev clang-format"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing" >&2
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
