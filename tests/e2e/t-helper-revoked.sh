#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/contract.md, "erase": a revoked PAT — the fetch fails once, Git calls `erase`, which
# has Azure DevOps re-check the PAT (connectionData, through the companion) before marking it, and
# says at once that it was rejected; the next fetch does not reuse it (the `git gitzen list` half of that row belongs to the companion's
# tests); a new PAT given through Git (`git credential approve`) replaces it.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen

world_two_orgs
sim_start
git_helper_config
GET_REQ="$T/get-c.req"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$GET_REQ"

run approve git credential approve <<EOF_REQ
url=$URL_C
username=alice
password=$PAT_C

EOF_REQ
run clone git clone -q "$URL_C" "$T/web"
assert_eq 0 "$RUN_RC" "clone with the PAT (stderr: $(cat "$RUN_ERR"))"
sc=$(pat_sha "$PAT_C")

say "Azure DevOps revokes the PAT"
scenario_edit "s.pats.find((p) => p.org === 'contoso').revoked = true"
server_commit "$REPOS/contoso/web.git" "after the revocation" >/dev/null

m=$(sim_mark)
run fetch1 git -C "$T/web" fetch origin
[ "$RUN_RC" -ne 0 ] || die "the fetch with a revoked PAT succeeded"
ok "the fetch with the revoked PAT fails (exit $RUN_RC)"
assert_contains "$(cat "$RUN_ERR")" "Authentication failed" "git's stderr"
assert_eq 1 "$(sim_log_count "r.pat_sha === '$sc' && r.endpoint !== 'connectionData'" "$m")" "Git requests that carried the revoked PAT in that fetch"
assert_eq 1 "$(sim_log_count "r.pat_sha === '$sc' && r.endpoint === 'connectionData' && r.status === 401" "$m")" "re-checks of the PAT by erase (connectionData, refused)"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "Azure DevOps rejected the PAT for contoso" "the gitzen line of the failed fetch"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "marked rejected" "the gitzen line of the failed fetch"
assert_eq 1 "$(grep -c '^gitzen:' "$RUN_ERR")" "gitzen lines in that fetch's stderr"

say "the helper has marked it rejected: get serves nothing and says what to do"
run get1 git credential-gitzen get <"$GET_REQ"
assert_empty_file "$RUN_OUT" "get stdout"
assert_eq 0 "$RUN_RC" "get exit status"
assert_contains "$(cat "$RUN_ERR")" "git gitzen add contoso" "get stderr"
assert_eq 1 "$(wc -l <"$RUN_ERR" | tr -d ' ')" "lines of the hint"
[ -f "$(store_file contoso)" ] || die "erase deleted the store file (it must only mark the PAT rejected)"
ok "the store file is kept"

say "the next fetch does not send the revoked PAT again"
m=$(sim_mark)
run fetch2 git -C "$T/web" fetch origin
[ "$RUN_RC" -ne 0 ] || die "the second fetch succeeded"
ok "the second fetch fails (exit $RUN_RC)"
assert_eq 0 "$(sim_log_count "r.pat_sha === '$sc'" "$m")" "requests that carried the revoked PAT"
[ "$(sim_log_count 'r.org === "contoso"' "$m")" -ge 1 ] || die "the second fetch made no request at all"
ok "the second fetch asked the server without a credential"

say "a new PAT through Git's own prompt path (git credential approve) replaces it"
PAT_C2=$(new_pat)
scenario_edit "s.pats.push({token: '$PAT_C2', org: 'contoso', user: 'alice', scopes: ['vso.code']})"
run approve2 git credential approve <<EOF_REQ
url=$URL_C
username=alice
password=$PAT_C2

EOF_REQ
assert_eq 0 "$RUN_RC" "git credential approve"
run get2 git credential-gitzen get <"$GET_REQ"
assert_serves "$RUN_OUT" "$PAT_C2" "get after approve"
m=$(sim_mark)
run fetch3 git -C "$T/web" fetch origin
assert_eq 0 "$RUN_RC" "fetch with the new PAT (stderr: $(cat "$RUN_ERR"))"
assert_eq "$(pat_sha "$PAT_C2")" "$(sim_log_values 'r.pat_sha !== null' pat_sha "$m")" "PATs sent in that fetch"

say "storing the same (new) PAT again changes nothing"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT_C2" >"$T/store-new.req"
run store-same git credential-gitzen store <"$T/store-new.req"
run get3 git credential-gitzen get <"$GET_REQ"
assert_serves "$RUN_OUT" "$PAT_C2" "get after storing the same PAT again"

for p in "$PAT_C" "$PAT_C2"; do
    no_leak "$p" "$T"/out/*.err "$SIM_LOG" "$T/sim.err"
done
