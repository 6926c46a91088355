#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: `git-credential-gitzen get` with 1,000 organisations stored, next to
# `git credential-store get` with a 1,000-line credentials file and next to a no-op C process that
# reads the same stdin (bench/noop.c: the floor of any helper), interleaved in one run; and the
# helper with 1 and with 10,000 organisations, to show `get` does not grow with the store.
# Usage: bench/get.sh [BUILD_DIR] [RUNS]     (not a test: it prints figures, it never fails on them)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-500}
bin=$(cd "$build/bin" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/interleave" "$here/interleave.c"
cc -O2 -o "$tmp/noop" "$here/noop.c"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config"
mkdir -p "$HOME"
umask 077

pat() { head -c 4000 /dev/urandom | tr -dc 'a-z2-7' | head -c 52; }
: >"$tmp/store-input"
for i in $(seq 1 1000); do
  p=$(pat)
  printf 'protocol=https\nhost=dev.azure.com\npath=org%04d/p/_git/r\nusername=u\npassword=%s\n' "$i" "$p" |
    "$bin/git-credential-gitzen" store
  printf 'https://u:%s@dev.azure.com/org%04d\n' "$p" "$i" >>"$tmp/git-credentials"
done
ls "$XDG_CONFIG_HOME/gitzen" | grep -c '\.json$' | sed 's/^/gitzen organisations stored: /'
wc -l <"$tmp/git-credentials" | sed 's/^/credential-store lines: /'

# Ask for an organisation in the middle of both stores.
printf 'protocol=https\nhost=dev.azure.com\npath=org0500/p/_git/r\n' >"$tmp/req-gitzen"
printf 'protocol=https\nhost=dev.azure.com\npath=org0500\n' >"$tmp/req-store"
"$bin/git-credential-gitzen" get <"$tmp/req-gitzen" | grep -q '^password=' || { echo "gitzen get failed" >&2; exit 1; }
git -c credential.useHttpPath=true credential-store --file "$tmp/git-credentials" get <"$tmp/req-store" |
  grep -q '^password=' || { echo "credential-store get failed" >&2; exit 1; }

# Stores of 1 and of 10,000 organisations, next to the 1,000 above
mkdir -p "$tmp/one/gitzen" "$tmp/many/gitzen"
chmod 700 "$tmp/one" "$tmp/many" "$tmp/one/gitzen" "$tmp/many/gitzen"
cp "$XDG_CONFIG_HOME/gitzen/org0500.json" "$tmp/one/gitzen/"
for f in "$XDG_CONFIG_HOME"/gitzen/org*.json; do
  b=$(basename "$f" .json)
  for k in 0 1 2 3 4 5 6 7 8 9; do
    sed "s/\"$b\"/\"$b$k\"/" "$f" >"$tmp/many/gitzen/$b$k.json"
  done
done
cp "$XDG_CONFIG_HOME/gitzen/org0500.json" "$tmp/many/gitzen/"
chmod 600 "$tmp"/one/gitzen/* "$tmp"/many/gitzen/*
echo "gitzen stores for the growth check: 1 and $(ls "$tmp/many/gitzen" | grep -c '\.json$') organisations"

echo "git $(git --version | cut -d' ' -f3); $runs runs each; $(nproc) CPUs"
"$tmp/interleave" "$runs" \
  "gitzen get (1 org)" "$tmp/req-gitzen" "XDG_CONFIG_HOME=$tmp/one" "$bin/git-credential-gitzen" get --- \
  "gitzen get (10,001 orgs)" "$tmp/req-gitzen" "XDG_CONFIG_HOME=$tmp/many" "$bin/git-credential-gitzen" get --- \
  "gitzen get (1,000 orgs)" "$tmp/req-gitzen" "$bin/git-credential-gitzen" get --- \
  "no-op C process (reads stdin)" "$tmp/req-gitzen" "$tmp/noop" --- \
  "credential-store get (1,000 lines)" "$tmp/req-store" git credential-store --file "$tmp/git-credentials" get
