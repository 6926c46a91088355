#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build-deb.sh BUILD_DIR OUT_DIR — the package of BUILD_DIR (cpack -G DEB with its
# CPackConfig.cmake) into OUT_DIR, emptied first: OUT_DIR/gitzen_*.deb, for package.lintian and
# package.version (CTest fixture gitzen_deb).
set -euo pipefail
build=$1 out=$2
[ -f "$build/CPackConfig.cmake" ] || { echo "FAIL: no $build/CPackConfig.cmake (configure first)" >&2; exit 1; }
cpack=$(sed -n 's/^CMAKE_CPACK_COMMAND:[A-Z]*=//p' "$build/CMakeCache.txt")
rm -rf "$out"
mkdir -p "$out"
if ! "${cpack:-cpack}" -G DEB --config "$build/CPackConfig.cmake" -B "$out" >"$out/cpack.log" 2>&1; then
    tail -n 30 "$out/cpack.log" >&2
    echo "FAIL: cpack -G DEB failed" >&2
    exit 1
fi
debs=("$out"/*.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    echo "FAIL: cpack made no single .deb in $out" >&2
    exit 1
fi
echo "ok - cpack -G DEB: $(basename "${debs[0]}") ($(stat -c %s "${debs[0]}") bytes)"
