#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CI stage: the helper's end-to-end tests with git-credential-gitzen run under valgrind
# (memcheck: no invalid access, no definite leak). Git ignores a helper's exit status, so each
# run writes a log and any non-empty log fails the stage.
#   tests/stages/valgrind.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/logs"
cat >"$work/bin/git-credential-gitzen" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=0 --leak-check=full --errors-for-leak-kinds=definite \\
  --show-leak-kinds=definite --log-file="$work/logs/vg.%p" "$build/bin/git-credential-gitzen" "\$@"
WRAP
chmod +x "$work/bin/git-credential-gitzen"
ln -s "$build/bin/git-gitzen" "$work/bin/git-gitzen"
rc=0 n=0
for t in "$src"/tests/e2e/t-helper-*.sh; do
  n=$((n + 1))
  echo "== $(basename "$t") under valgrind"
  GITZEN_BIN="$work/bin" bash "$src/tests/e2e/sim-run" "$t" >"$work/out" 2>&1 || {
    rc=1; tail -n 30 "$work/out"; }
done
runs=$(ls "$work/logs" | wc -l)
# valgrind's own notes ("--PID-- WARNING: unhandled syscall", e.g. pidfd_open, which the code
# falls back from) are not memcheck reports: those are the "==PID==" lines
bad=0
for f in $(find "$work/logs" -type f -size +0); do
  if grep -q -v -E '^--[0-9]+-- ' "$f"; then bad=$((bad + 1)); fi
done
echo "valgrind: $n tests, $runs helper runs under memcheck, $bad with reports"
if [ "$bad" -ne 0 ]; then
  grep -l -v -E '^--[0-9]+-- ' $(find "$work/logs" -type f -size +0) | head -n 3 | xargs cat
  rc=1
fi
[ "$runs" -gt 0 ] || { echo "valgrind: the helper never ran under valgrind" >&2; rc=1; }
exit "$rc"
