# SPDX-License-Identifier: MIT
# git gitzen against a struggling service: 429 then 200, 503 that does not end, a stopped
# organisation, redirects and HTML, nothing listening; rotation, --expires, list and remove.
. "$TESTS_DIR/e2e/lib.sh"
need_bin git-gitzen
world_two_orgs
sim_start
printf '%s\n' "$PAT_C" >"$T/pat_c"
printf '%s\n' "$PAT_F" >"$T/pat_f"

say "429 with Retry-After on a probe: a visible wait, then the retry succeeds"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/_apis/teams", status: 429, retry_after: 1, times: 1}]'
mark=$(sim_mark)
run rl git gitzen add contoso --pat-stdin <"$T/pat_c"
assert_eq 0 "$RUN_RC" "add through one 429"
assert_contains "$(cat "$RUN_ERR")" "rate-limiting requests (HTTP 429); waiting 1 s"
sim_log_counts "$mark" 'r.endpoint === "teams"' 'r.endpoint === "teams" && r.status === 429'
assert_eq 2 "${SIM_COUNTS[0]}" "teams requests (the 429 and its retry)"
assert_eq 1 "${SIM_COUNTS[1]}" "429 answers"
ok "429: waited as told, retried once, PAT stored"

say "503 that does not end: bounded retries, exit 3 naming what could not be checked"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/_apis/git/", status: 503}]'
mark=$(sim_mark)
run unavail git gitzen validate contoso
assert_eq 3 "$RUN_RC" "validate while Code probes get 503"
assert_contains "$(cat "$RUN_OUT")" "could not check Code (Read): Azure DevOps answered HTTP 503"
assert_eq 3 "$(sim_log_count 'r.endpoint === "repo"' "$mark")" "Code probe attempts"
run list-after-503 git gitzen list --json
assert_contains "$(cat "$RUN_OUT")" '"status":"ok"' "an unreachable check keeps the last result"
ok "503: 3 attempts, exit 3, Code (Read) named, the stored result kept"

say "stopped organisation (503 with BOM on connectionData)"
scenario_edit 's.faults = []; s.orgs.contoso.state = "stopped"'
run stopped git gitzen validate contoso --json
assert_eq 3 "$RUN_RC" "validate of a stopped organisation"
assert_contains "$(cat "$RUN_OUT")" '"status":"unreachable"'
scenario_edit 's.orgs.contoso.state = "active"'
ok "stopped organisation: unreachable, exit 3"

say "a redirect or an HTML sign-in page is a rejection and is never followed"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/_apis/connectionData", status: 302, redirect: "https://evil.example/login"}]'
mark=$(sim_mark)
run redirect git gitzen validate contoso
assert_eq 1 "$RUN_RC" "validate answered by a redirect"
assert_contains "$(cat "$RUN_OUT")" "sign-in page"
sim_log_counts "$mark" 'r.endpoint === "connectionData"' 'r.endpoint !== "connectionData" && r.endpoint !== "projects"'
assert_eq 1 "${SIM_COUNTS[0]}" "connectionData requests (the redirect)"
assert_eq 0 "${SIM_COUNTS[1]}" "requests after a redirect (never followed; only the project list sent with it)"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/_apis/connectionData", status: 203, content_type: "text/html; charset=utf-8", body: "<html><body>Sign in</body></html>"}]'
run html git gitzen validate contoso
assert_eq 1 "$RUN_RC" "validate answered with HTML"
assert_contains "$(cat "$RUN_OUT")" "rejected"
scenario_edit 's.faults = []'
ok "302 and 203/HTML: rejected, nothing followed"

say "rejected by validate: the helper stops serving it; a new PAT (rotation) fixes it"
git gitzen validate contoso >/dev/null
scenario_edit "s.pats.find(p => p.token === '$PAT_C').revoked = true"
run revoked git gitzen validate contoso
assert_eq 1 "$RUN_RC" "validate of a revoked PAT"
run list-rejected git gitzen list
assert_contains "$(cat "$RUN_OUT")" "rejected — create a new PAT and run \`git gitzen add contoso\`"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/req"
run get-rejected git credential-gitzen get <"$T/req"
assert_eq "" "$(cat "$RUN_OUT")" "get for a rejected PAT"
assert_contains "$(cat "$RUN_ERR")" "git gitzen add contoso"
NEW=$(new_pat)
scenario_edit "s.pats.push({token: '$NEW', org: 'contoso', user: 'alice', scopes: 'full'})"
printf '%s\n' "$NEW" >"$T/pat_new"
run rotate git gitzen add contoso --pat-stdin --expires 2099-12-31 <"$T/pat_new"
assert_eq 0 "$RUN_RC" "add of the new PAT"
assert_contains "$(cat "$RUN_OUT")" "the previous one (added"
run get-new git credential-gitzen get <"$T/req"
grep -qxF "password=$NEW" "$RUN_OUT" || die "get does not serve the new PAT"
# (--expires 2099-12-31: the end of that day in UTC, 23:59:59)
assert_contains "$(grep -v '^password=' "$RUN_OUT")" "password_expiry_utc=4102444799"
rm -f "$RUN_OUT"   # get's answer is the one place a PAT may appear
hist=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(j.history.length, j.history[0].status, j.rejected)' "$HOME/.config/gitzen/contoso.json")
assert_eq "1 rejected 0" "$hist" "history and rejected mark after rotation"
ok "rotation: history kept, rejected mark cleared, expiry recorded and served"

say "--expires: bad dates are refused; a PAT expiring soon is listed as expiring"
run baddate git gitzen add contoso --pat-stdin --expires 2026-02-31 <"$T/pat_new"
assert_eq 2 "$RUN_RC" "--expires 2026-02-31"
run pastdate git gitzen add contoso --pat-stdin --expires 2020-01-01 <"$T/pat_new"
assert_eq 2 "$RUN_RC" "--expires in the past"
soon=$(date -u -d '+3 days' +%Y-%m-%d)
run soon git gitzen add fabrikam --pat-stdin --expires "$soon" <"$T/pat_f"
assert_eq 0 "$RUN_RC" "add fabrikam expiring in 3 days"
run list git gitzen list --json
v=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(j.orgs.map(o=>o.org+":"+o.status+":"+o.expires).join(" "))' "$RUN_OUT")
assert_eq "contoso:ok:2099-12-31 fabrikam:expiring:$soon" "$v" "list --json"
ok "dates checked; expiring PAT listed as expiring"

say "nothing listening: exit 3, the stored PAT untouched"
sum=$(store_sum)
sim_stop
run down git gitzen validate --all
assert_eq 3 "$RUN_RC" "validate with the service down"
assert_contains "$(cat "$RUN_OUT")" "could not reach dev.azure.com"
assert_eq "$sum" "$(store_sum)" "store after a failed validation"
ok "service down: exit 3 after bounded retries, store unchanged"

say "remove"
run rm git gitzen remove fabrikam
assert_eq 0 "$RUN_RC" "remove fabrikam"
run rm2 git gitzen remove fabrikam
assert_eq 2 "$RUN_RC" "remove fabrikam again"
run rmbad git gitzen remove ../etc
assert_eq 2 "$RUN_RC" "remove ../etc"
ok "remove: done once, then a clear error; bad names refused"

for p in "$PAT_C" "$PAT_F" "$NEW"; do no_leak "$p" "$T"/out/*; done
