#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmark: what Git's `erase` costs now that the helper has Azure DevOps re-check the PAT before
# it condemns it (the companion, one connectionData request), against the simulator: an erase that
# re-checks (the PAT still works: a push refused for scope), one that reuses a re-check a few
# seconds old (a second failing Git process), one for a password that is not the stored PAT (no
# re-check), and `get` for scale — interleaved, one run of each in turn.
# Usage: bench/erase.sh [BUILD_DIR] [RUNS]   (root: runs inside tests/e2e/sim-run's private
# network namespace; not a test: it prints figures, it never fails on them)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -z "${T:-}" ]; then
    build=${1:-$here/../build}
    GITZEN_BIN=$(cd "$build/bin" && pwd)
    export GITZEN_BIN
    exec bash "$here/../tests/e2e/sim-run" "$here/erase.sh" "${2:-40}"
fi
runs=${1:-40}
. "$TESTS_DIR/e2e/lib.sh"
world_two_orgs
GUIDE='"vso.work_write", "vso.code", "vso.identity", "vso.project", "vso.serviceendpoint_query"'
PAT_R=$(new_pat)
scenario_edit "s.pats.push({token: '$PAT_R', org: 'contoso', user: 'alice', scopes: [$GUIDE]})"
sim_start
printf '%s\n' "$PAT_R" | git gitzen add contoso --pat-stdin >/dev/null 2>&1
cp "$(store_file contoso)" "$T/entry.saved"
req() { printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$1"; }
req "$PAT_R" >"$T/erase.req"
req "$(new_pat)" >"$T/erase-other.req"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"
helper=$(command -v git-credential-gitzen)

# one timed run: LABEL-FILE STDIN ACTION; microseconds appended to LABEL-FILE
timed() {
    local t0 t1
    t0=$EPOCHREALTIME
    "$helper" "$3" <"$2" >/dev/null 2>"$T/bench.err"
    t1=$EPOCHREALTIME
    echo $(( (${t1/./} - ${t0/./}) )) >>"$T/$1"
}
for i in $(seq 1 "$runs"); do
    cp "$T/entry.saved" "$(store_file contoso)"   # no recent re-check: the next erase asks
    timed recheck "$T/erase.req" erase
    grep -q "still works" "$T/bench.err" || die "the erase did not re-check: $(cat "$T/bench.err")"
    timed reuse "$T/erase.req" erase               # within GZ_RECHECK_REUSE_S of the one before
    timed other "$T/erase-other.req" erase
    timed get "$T/get.req" get
done
stats() {
    sort -n "$T/$1" | awk -v label="$2" '{ v[NR] = $1; s += $1 } END {
        printf "%-44s median %8.1f ms   p10 %8.1f   p90 %8.1f   mean %8.1f   (%d runs)\n", label,
            v[int((NR + 1) / 2)] / 1000, v[int(NR * 0.1) + 1] / 1000, v[int(NR * 0.9)] / 1000, s / NR / 1000, NR }'
}
echo "git $(git --version | cut -d' ' -f3); $runs runs each, interleaved; $(nproc) CPUs; simulator on 127.0.0.1 (TLS, HTTP/2)"
stats recheck "erase, re-check (PAT works: push refused)"
stats reuse "erase, re-check a few seconds old reused"
stats other "erase, not the stored PAT (no re-check)"
stats get "get (for scale)"
echo "connectionData requests made by the re-checks: $(sim_count connectionData contoso) (1 by add, $runs expected from the bench)"
