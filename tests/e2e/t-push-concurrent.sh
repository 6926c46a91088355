#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Two failing fetches at once with a revoked PAT: both Git processes call erase, but the store's
# lock serialises their re-checks: one asks Azure DevOps, the later one reuses its result (a few
# seconds old). Exactly one re-check, the PAT marked rejected once, and each fetch says so.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
sim_start
git_helper_config
printf '%s\n' "$PAT_C" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add"
run clone1 git clone -q "$URL_C" "$T/web1"
assert_eq 0 "$RUN_RC" "clone 1"
run clone2 git clone -q "$URL_C" "$T/web2"
assert_eq 0 "$RUN_RC" "clone 2"
sc=$(pat_sha "$PAT_C")

say "the PAT is revoked; its re-check (connectionData) is held 3 s, so both erases overlap"
scenario_edit "s.pats.find((p) => p.org === 'contoso').revoked = true; s.faults = [{pat: '$PAT_C', path_prefix: '/contoso/_apis/connectionData', delay_ms: 3000}]"
m=$(sim_mark)
git -C "$T/web1" fetch origin >"$T/out/f1.out" 2>"$T/out/f1.err" &
p1=$!
git -C "$T/web2" fetch origin >"$T/out/f2.out" 2>"$T/out/f2.err" &
p2=$!
rc1=0; wait "$p1" || rc1=$?
rc2=0; wait "$p2" || rc2=$?
[ "$rc1" -ne 0 ] && [ "$rc2" -ne 0 ] || die "a fetch with the revoked PAT succeeded ($rc1, $rc2)"
ok "both fetches fail ($rc1, $rc2)"
assert_eq 1 "$(sim_log_count "r.endpoint === 'connectionData'" "$m")" "re-checks sent to Azure DevOps for the two erases"
for f in f1 f2; do
    assert_eq 1 "$(grep -c '^gitzen:' "$T/out/$f.err")" "gitzen lines of fetch $f"
    assert_contains "$(grep '^gitzen:' "$T/out/$f.err")" "PAT for contoso" "fetch $f's gitzen line"
    assert_contains "$(grep '^gitzen:' "$T/out/$f.err")" "rejected" "fetch $f's gitzen line"
done
rej=$(node -e 'const e=JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(e.rejected > 0 ? "marked" : "not marked", e.recheck)' "$(store_file contoso)")
assert_eq "marked rejected" "$rej" "the entry after both erases"
run list git gitzen list --json
assert_eq rejected "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0].status)' "$RUN_OUT")" "list --json status"
no_leak "$PAT_C" "$T"/out/* "$SIM_LOG" "$T/sim.err"
