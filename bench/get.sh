#!/usr/bin/env bash
# Benchmark: `git-credential-gitzen get` with 1,000 organisations stored, next to
# `git credential-store get` with a 1,000-line credentials file, interleaved in one run.
# Usage: bench/get.sh [BUILD_DIR] [RUNS]     (not a test: it prints figures, it never fails on them)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
runs=${2:-500}
bin=$(cd "$build/bin" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/interleave" "$here/interleave.c"
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

echo "git $(git --version | cut -d' ' -f3); $runs runs each; $(nproc) CPUs"
"$tmp/interleave" "$runs" \
  "git-credential-gitzen get" "$tmp/req-gitzen" "$bin/git-credential-gitzen" get --- \
  "git credential-store get" "$tmp/req-store" git credential-store --file "$tmp/git-credentials" get
