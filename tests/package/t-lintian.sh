#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# t-lintian.sh DIR — Debian's lintian on the package in DIR (package.deb's): prints everything
# lintian says, and fails on any error (E:) or warning (W:), listing them. Information (I:) and
# pedantic (P:) lines are shown, not counted.
set -euo pipefail
dir=$1
debs=("$dir"/*.deb)
if [ "${#debs[@]}" -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    echo "FAIL: no single .deb in $dir (package.deb makes it)" >&2
    exit 1
fi
deb=${debs[0]}
command -v lintian >/dev/null 2>&1 ||
    { echo "FAIL: lintian is not installed (scripts/deps installs it)" >&2; exit 1; }
out=$(mktemp "${TMPDIR:-/tmp}/gitzen-lintian.XXXXXX")
trap 'rm -f "$out"' EXIT
rc=0
lintian --no-cfg --display-info "$deb" >"$out" 2>&1 || rc=$?
echo "# $(lintian --version): $(basename "$deb"), exit $rc"
sed 's/^/#   /' "$out"
bad=$(grep -E '^[EW]: ' "$out" || true)
if [ -n "$bad" ]; then
    echo "FAIL: lintian reports $(grep -c . <<<"$bad") errors or warnings:" >&2
    printf '%s\n' "$bad" >&2
    exit 1
fi
# lintian itself failing (not a tag) is a failure too
if [ "$rc" -ne 0 ]; then
    echo "FAIL: lintian exited $rc without an E: or W: tag" >&2
    exit 1
fi
echo "ok - lintian: no errors, no warnings ($(grep -c '^[IP]: ' "$out" || true) informational tags)"
