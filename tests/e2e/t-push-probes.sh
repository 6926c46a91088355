#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The validation's probes where Azure DevOps is only inferred (issue 14 item 4; docs/azure-devops.md,
# probes 5 and 6): the Service Connections probe posts to a real project of the organisation,
# listed ($top=1) in the first round trip next to connectionData, so a service that resolves the
# project before the scope ("project-first") still tells the scope apart; the zero project only
# when the organisation has none; a project list that gets no answer leaves that scope unchecked
# (exit 3), never present. The push probe (Code Read & write) is information only.
. "$(dirname "$0")/lib.sh"
need_bin git-gitzen

world_two_orgs
scenario_edit "s.orgs.empty = {id: '$(new_guid)', users: {carol: {id: '$(new_guid)', display: 'Carol', unique: 'carol@empty.example'}}, projects: {}}"
FIVE='"vso.work_write", "vso.code", "vso.identity", "vso.project", "vso.serviceendpoint_query"'
FOUR='"vso.work_write", "vso.code", "vso.identity", "vso.project"'
sim_start
WEB_ID=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs.contoso.projects.Web.id)' "$SIM_SCENARIO")

# check ORG SCOPES-JSON USER: add (--force) a new PAT with those scopes; RES is "status se push" of
# validate --json, VRC its exit status, M the mark before its requests
check() {
    local org=$1 scopes=$2 user=$3 p
    p=$(new_pat)
    scenario_edit "s.pats.push({token: '$p', org: '$org', user: '$user', scopes: [$scopes]})"
    printf '%s\n' "$p" >"$T/pat.in"
    git gitzen add "$org" --pat-stdin --force <"$T/pat.in" >"$T/out/add.out" 2>&1 || true
    M=$(sim_mark)
    run validate git gitzen validate "$org" --json
    VRC=$RUN_RC
    RES=$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0];
      const se=o.scopes.find(s=>s.id==="vso.serviceendpoint_query");
      console.log(o.status+" "+se.present+" "+o.push)' "$RUN_OUT") || die "validate --json: $(cat "$RUN_OUT" "$RUN_ERR" "$T/out/add.out")"
}

for mode in scope-first project-first; do
    say "endpointproxy checks $mode; contoso has projects: the probe posts to one of them"
    scenario_edit "s.endpointproxy_checks = '$mode'"
    check contoso "$FIVE" alice
    assert_eq "ok true false" "$RES" "$mode: five scopes (Code Read): status, Service Connections, push"
    sim_log_counts "$M" "r.endpoint === 'projects' && r.query.includes('\$top=1')" \
        "r.endpoint === 'endpointproxy' && r.path.toLowerCase() === '/contoso/$WEB_ID/_apis/serviceendpoint/endpointproxy'.toLowerCase()"
    assert_eq 1 "${SIM_COUNTS[0]}" "$mode: project lists (\$top=1)"
    assert_eq 1 "${SIM_COUNTS[1]}" "$mode: endpointproxy posts to the Web project"
    assert_eq 0 "$VRC" "$mode: validate exit status"
    check contoso "$FOUR" alice
    assert_eq "missing_scopes false false" "$RES" "$mode: without Service Connections (Read & query)"
    assert_eq 1 "$VRC" "$mode: validate exit status"
done

say "the organisation has no project: the zero GUID is used"
scenario_edit "s.endpointproxy_checks = 'scope-first'"
check empty "$FIVE" carol
    assert_eq "ok true false" "$RES" "empty org: five scopes"
assert_eq 1 "$(sim_log_count "r.endpoint === 'endpointproxy' && r.path === '/empty/00000000-0000-0000-0000-000000000000/_apis/serviceendpoint/endpointproxy'" "$M")" "empty org: endpointproxy posts to the zero project"
check empty "$FOUR" carol
    assert_eq "missing_scopes false false" "$RES" "empty org: without Service Connections"

say "the project list gets no answer: Service Connections is unchecked, never present; exit 3"
scenario_edit "s.faults = [{host: 'dev.azure.com', path_prefix: '/contoso/_apis/projects', status: 503}]"
check contoso "$FIVE" alice
    assert_eq "unreachable null false" "$RES" "no project list: status, Service Connections, push"
assert_eq 3 "$VRC" "validate exit status without a project list"
assert_contains "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0].message)' "$RUN_OUT")" "Service Connections" "the message names the unchecked scope"
scenario_edit "s.faults = []"

say "push probe: Code (Read & write) and full access can push; information only"
check contoso '"vso.work_write", "vso.code_write", "vso.identity", "vso.project", "vso.serviceendpoint_query"' alice
    assert_eq "ok true true" "$RES" "Code (Read & write)"
assert_eq 1 "$(sim_log_count "r.endpoint === 'pushes' && r.method === 'POST' && r.status === 404" "$M")" "push probes answered 404 (scope there)"
check contoso '"full"' alice
    assert_eq "ok true true" "$RES" "full access"
check contoso '"vso.code"' alice
    assert_eq "missing_scopes false false" "$RES" "Code (Read) only"
assert_eq 1 "$(sim_log_count "r.endpoint === 'pushes' && r.status === 401" "$M")" "push probes refused (401)"
run human git gitzen validate contoso
assert_contains "$(cat "$RUN_OUT")" "absent    Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen
            to push, use a PAT with it" "the human report's push row and why"
assert_not_contains "$(grep 'Read & write (to push)' "$RUN_OUT")" "MISSING" "the push row"
run list git gitzen list --json
assert_eq false "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs.find(o=>o.org==="contoso").push)' "$RUN_OUT")" "list --json push"

say "the push probe's outage does not fail the validation: push is null"
scenario_edit "s.faults = [{host: 'dev.azure.com', path_prefix: '/contoso/_apis/git/repositories/00000000-0000-0000-0000-000000000000/pushes', status: 503}]"
check contoso "$FIVE" alice
    assert_eq "ok true null" "$RES" "push probe unanswered"
assert_eq 0 "$VRC" "validate exit status with the push probe unanswered"
scenario_edit "s.faults = []"
