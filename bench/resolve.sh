#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: `git gitzen resolve` of 10,000 gz# references against a local repository of
# 100,000 commits, next to `git cat-file --batch-check` on the same list, interleaved in one run.
# Usage: bench/resolve.sh [BUILD_DIR] [RUNS] [COMMITS] [REFS]   (prints figures; never fails on them)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-7}
ncommits=${3:-100000}
nrefs=${4:-10000}
bin=$(cd "$build/bin" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/interleave" "$here/interleave.c"
export HOME="$tmp/home" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"

repo="$tmp/repo"
git init -q -b main "$repo"
# $ncommits commits, each changing one small file, written with fast-import
awk -v n="$ncommits" 'BEGIN {
  for (i = 1; i <= n; i++) {
    printf "blob\nmark :%d\ndata %d\n%s\n", i, length("line " i) + 1, "line " i
    printf "commit refs/heads/main\ncommitter Bench <bench@example.com> %d +0000\n", 1700000000 + i
    msg = "Commit " i
    printf "data %d\n%s\nM 100644 :%d file%d.txt\n\n", length(msg), msg, i, i % 1000
  }
}' | git -C "$repo" fast-import --quiet
git -C "$repo" gc -q 2>/dev/null || true
git -C "$repo" rev-list main | shuf -n "$nrefs" --random-source=<(yes) | cut -c1-12 >"$tmp/prefixes"
sed 's/^/gz#/' "$tmp/prefixes" >"$tmp/ticket.txt"
echo "commits: $(git -C "$repo" rev-list --count main); references: $(wc -l <"$tmp/prefixes") (12-digit prefixes)"

# both must find every one
found=$("$bin/git-gitzen" resolve --json --repo "$repo" "$tmp/ticket.txt" | grep -o '"status":"resolved"' | wc -l)
[ "$found" -eq "$nrefs" ] || { echo "gitzen resolved $found of $nrefs" >&2; exit 1; }
missing=$(git -C "$repo" cat-file --batch-check <"$tmp/prefixes" | grep -c missing || true)
[ "$missing" -eq 0 ] || { echo "cat-file missed $missing" >&2; exit 1; }

echo "git $(git --version | cut -d' ' -f3); $runs runs each"
"$tmp/interleave" "$runs" \
  "git gitzen resolve --json" /dev/null "$bin/git-gitzen" resolve --json --repo "$repo" "$tmp/ticket.txt" --- \
  "git cat-file --batch-check" "$tmp/prefixes" git -C "$repo" cat-file --batch-check
