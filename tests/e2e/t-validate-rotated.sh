#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A validation whose PAT was replaced while it ran records nothing (issue 16, survivor 7): the old
# PAT's connectionData is slow (held by the simulator) and says it was revoked; during the wait the
# PAT is rotated; afterwards the entry holds the new PAT, unvalidated and not marked.
. "$(dirname "$0")/lib.sh"
need_bin git-gitzen
need_bin git-credential-gitzen

world_two_orgs
sim_start
printf '%s\n' "$PAT_C" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add"

say "the old PAT is revoked and its connectionData held 4 s; validate starts"
scenario_edit "s.pats.find((p) => p.token === '$PAT_C').revoked = true; s.faults = [{pat: '$PAT_C', path_prefix: '/contoso/_apis/connectionData', delay_ms: 4000}]"
git-gitzen validate contoso >"$T/out/validate.out" 2>"$T/out/validate.err" &
vpid=$!
# validate reads the entry before it connects: once it has a socket, it holds the old PAT
waited=0
until ls -l "/proc/$vpid/fd" 2>/dev/null | grep -q 'socket:'; do
    kill -0 "$vpid" 2>/dev/null || die "validate ended before it connected: $(cat "$T/out/validate.err")"
    waited=$((waited + 1))
    [ "$waited" -lt 400 ] || die "validate did not connect within 20 s"
    sleep 0.05
done
ok "validate is waiting for Azure DevOps with the old PAT"

say "meanwhile the PAT is rotated"
PAT_N=$(new_pat)
printf '%s\n' "$PAT_N" >"$T/new.in"
run rotate git gitzen add contoso --pat-stdin --no-validate <"$T/new.in"
assert_eq 0 "$RUN_RC" "rotation (--no-validate)"
kill -0 "$vpid" 2>/dev/null || die "validate ended before the rotation: the test proves nothing"
ok "the rotation happened while validate waited"
vrc=0; wait "$vpid" || vrc=$?
assert_eq 1 "$vrc" "validate's exit status (the old PAT: rejected)"
assert_contains "$(cat "$T/out/validate.out")" "rejected" "validate's report"

say "the entry holds the new PAT, unvalidated and not marked"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"
run get git credential-gitzen get <"$T/get.req"
assert_serves "$RUN_OUT" "$PAT_N" "get after the rotation"
assert_empty_file "$RUN_ERR" "get's stderr"
run list git gitzen list --json
assert_eq "unvalidated null" "$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0]; console.log(o.status+" "+o.validated)' "$RUN_OUT")" "list --json status and validated"
assert_eq "0 0" "$(node -e 'const e=JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(e.rejected+" "+e.validated)' "$(store_file contoso)")" "the entry's rejected and validated times"
no_leak "$PAT_C" "$T"/out/*.err "$T/out/validate.out" "$SIM_LOG"
no_leak "$PAT_N" "$T"/out/*.err "$T/out/validate.out" "$SIM_LOG"
