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
# The tests are independent (each has its own namespace, simulator and HOME): two at a time,
# each one's output kept apart and shown only when it fails.
rc=0
tests=("$src"/tests/e2e/t-helper-*.sh)
n=${#tests[@]}
printf '%s\n' "${tests[@]}" | xargs -P 2 -I{} sh -c '
  t=$1 out=$2/out.$(basename "$1")
  if GITZEN_BIN="$2/bin" bash "$3/tests/e2e/sim-run" "$t" >"$out" 2>&1; then
    echo "== $(basename "$t") under valgrind: passed"
  else
    echo "== $(basename "$t") under valgrind: FAILED"; tail -n 30 "$out"; exit 1
  fi' _ {} "$work" "$src" || rc=1
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
