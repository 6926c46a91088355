#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI stage: every libFuzzer target (clang, ASan + UBSan) for a bounded time over its committed
# seed corpus; any finding fails. GITZEN_FUZZ_SECONDS (default 20) per target.
#   tests/stages/fuzz.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
CC=clang cmake -S "$src" -B "$build" -DGITZEN_FUZZ=ON -DGITZEN_TESTS=ON -DGITZEN_CI_STAGES=OFF \
  -DGITZEN_FUZZ_SECONDS="${GITZEN_FUZZ_SECONDS:-20}" >/dev/null
cmake --build "$build" -j2 >/dev/null
# two targets at a time: each is one process, and the machine has (at least) two cores
# (in the build directory: ctest --test-dir needs CMake 3.20)
(cd "$build" && ctest -L fuzz -j2 --output-on-failure)
