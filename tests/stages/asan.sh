#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI stage: the whole CTest suite (unit and end-to-end) again, built with AddressSanitizer and
# UndefinedBehaviorSanitizer. Reports from processes whose exit status nobody reads (Git ignores
# its helpers' status) are caught through the sanitizers' log files: any report fails the stage.
#   tests/stages/asan.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
logs="$build/sanitizer-logs"
cmake -S "$src" -B "$build" -DGITZEN_SANITIZE=ON -DGITZEN_WERROR=ON -DGITZEN_CI_STAGES=OFF \
      -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$build" -j2 >/dev/null
rm -rf "$logs"; mkdir -p "$logs"
export ASAN_OPTIONS="log_path=$logs/asan:detect_leaks=1:abort_on_error=0:strict_string_checks=1"
export LSAN_OPTIONS="suppressions=$src/tests/stages/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="log_path=$logs/ubsan:print_stacktrace=1:halt_on_error=1"
rc=0
# twice as many tests as cores, as scripts/test runs the suite: the tests mostly wait
# (in the build directory: ctest --test-dir needs CMake 3.20)
(cd "$build" && ctest -j"$(( $(nproc) * 2 ))" --output-on-failure) || rc=$?
reports=$(grep -lE 'ERROR: |runtime error:' "$logs"/* 2>/dev/null || true)
if [ -n "$reports" ]; then
  echo "asan stage: sanitizer reports in $(echo "$reports" | wc -l) processes:" >&2
  for f in $(echo "$reports" | head -n 3); do head -n 40 "$f" >&2; done
  rc=1
fi
echo "asan stage: $(ls "$logs" | wc -l) sanitizer log files, $(echo -n "$reports" | grep -c . || true) with reports"
exit "$rc"
