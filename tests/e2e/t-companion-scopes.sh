# SPDX-License-Identifier: MIT
# git gitzen add / validate: each scope named exactly, read-only variants, full access,
# rejected, expired, unknown organisation, and the request pattern (2 round trips, concurrent).
. "$TESTS_DIR/e2e/lib.sh"
need_bin git-gitzen
world_two_orgs
ALL='"vso.work_write","vso.code","vso.identity","vso.project","vso.serviceendpoint_query"'
# add_pat TOKEN SCOPES-JSON [EXTRA-PAT-FIELDS]: a PAT of alice@contoso known to the simulator
add_pat() {
    scenario_edit "s.pats.push(Object.assign({token: '$1', org: 'contoso', user: 'alice', scopes: $2}, ${3:-{\}}))"
}
sim_start
ALL_OUT=()

check_add() { # NAME PAT EXPECTED-RC [add args]: add, then validate --json what is stored
    local name=$1 pat=$2 erc=$3
    shift 3
    printf '%s\n' "$pat" >"$T/pat.in"
    run "$name" git gitzen add contoso --pat-stdin "$@" <"$T/pat.in"
    ALL_OUT+=("$RUN_OUT" "$RUN_ERR")
    assert_eq "$erc" "$RUN_RC" "$name: exit status of add"
    if [ -e "$HOME/.config/gitzen/contoso.json" ]; then
        run "$name-json" git gitzen validate contoso --json
        ALL_OUT+=("$RUN_OUT" "$RUN_ERR")
    fi
}

say "all five scopes, exactly: ok, stored"
P=$(new_pat); add_pat "$P" "[$ALL]"
check_add five "$P" 0
assert_contains "$(cat "$T/out/five.out")" "ok: all 5 scopes present"
assert_contains "$(cat "$T/out/five.out")" "Code — Read"
assert_contains "$(cat "$T/out/five.out")" "Service Connections — Read & query"
assert_contains "$(cat "$T/out/five.out")" "Stored the PAT for contoso."
v=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));const o=j.orgs[0];console.log(o.status+" "+JSON.stringify(o.missing)+" "+o.user+" "+o.scopes.filter(s=>s.present===true).length)' "$T/out/five-json.out")
assert_eq "ok [] alice@contoso.com 5" "$v" "validate --json of a complete PAT"
ok "five scopes: present, stored, validate --json agrees"

say "each scope removed in turn names exactly that scope, and nothing is stored"
# why Git-Zen needs each scope: the line under its row, present or missing
declare -A WHY=(
    [vso.work_write]="to create work items from tickets and sync fields and comments"
    [vso.code]="to find the commits a ticket names (gz# references)"
    [vso.identity]="to resolve assignee names on the work items it creates"
    [vso.project]="to list projects, teams, area and iteration paths in the sidebar"
    [vso.serviceendpoint_query]="to set up and query the service hooks that bring updates in"
    [vso.code_write]="only needed to push; not required by Git-Zen"
)
git gitzen remove contoso >/dev/null
for sid in vso.work_write vso.code vso.identity vso.project vso.serviceendpoint_query; do
    P=$(new_pat)
    add_pat "$P" "[$ALL].filter((x) => x !== '$sid')" # all five but $sid, in the one scenario edit
    check_add "minus-$sid" "$P" 1
    out=$(cat "$T/out/minus-$sid.out")
    assert_contains "$out" "missing 1 scope" "add without $sid"
    assert_contains "$out" "Nothing was stored" "add without $sid"
    line=$(grep -wF "$sid" "$T/out/minus-$sid.out")
    assert_contains "$line" "MISSING" "the row of $sid"
    assert_eq 1 "$(grep -c MISSING "$T/out/minus-$sid.out")" "number of MISSING rows without $sid"
    for s in "${!WHY[@]}"; do
        assert_eq "            ${WHY[$s]}" "$(grep -A1 -E "  $s\$" "$T/out/minus-$sid.out" | sed -n 2p)" \
            "the reason under the row of $s (without $sid)"
    done
    [ ! -e "$HOME/.config/gitzen/contoso.json" ] || die "a PAT missing $sid was stored without --force"
    ok "without $sid: exactly $sid is named missing, exit 1, nothing stored"
done

say "read-only variants do not satisfy read & write / read & query; higher levels satisfy lower"
P=$(new_pat); add_pat "$P" '["vso.work","vso.code_write","vso.identity_manage","vso.project_write","vso.serviceendpoint"]'
check_add readonly "$P" 1
out=$(cat "$T/out/readonly.out")
grep -wF "vso.work_write" "$T/out/readonly.out" | grep -q MISSING || die "vso.work must not satisfy Work Items Read & write"
grep -wF "vso.serviceendpoint_query" "$T/out/readonly.out" | grep -q MISSING || die "vso.serviceendpoint must not satisfy Read & query"
grep -wF "vso.code" "$T/out/readonly.out" | grep -q present || die "vso.code_write must satisfy Code Read"
grep -wF "vso.identity" "$T/out/readonly.out" | grep -q present || die "vso.identity_manage must satisfy Identity Read"
grep -wF "vso.project" "$T/out/readonly.out" | grep -q present || die "vso.project_write must satisfy Project Read"
assert_eq "  MISSING   Service Connections — Read & query   vso.serviceendpoint_query
            ${WHY[vso.serviceendpoint_query]}
            (the PAT has only Read; Git-Zen needs Read & query)" \
    "$(grep -A2 -E '  vso.serviceendpoint_query$' "$T/out/readonly.out")" "the read-only Service Connections row"
ok "vso.work and vso.serviceendpoint are named missing; code_write, identity_manage, project_write count"

say "--force stores a PAT with missing scopes, and list shows which"
check_add forced "$P" 0 --force
run list-forced git gitzen list --json
v=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));const o=j.orgs[0];console.log(o.status+" "+o.missing.join(","))' "$RUN_OUT")
assert_eq "missing-scopes vso.work_write,vso.serviceendpoint_query" "$v" "list --json after --force"
ok "forced PAT stored, list names its missing scopes"

say "full access passes everything"
P=$(new_pat84); add_pat "$P" '"full"'
check_add full "$P" 0
assert_contains "$(cat "$T/out/full.out")" "new PAT for contoso; the previous one"
ok "full access: ok, and the rotation kept the previous PAT in the history"
hist=$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(j.history.length+" "+j.history[0].status)' "$HOME/.config/gitzen/contoso.json")
assert_eq "1 missing_scopes" "$hist" "history after rotation"

say "rejected: unknown PAT, revoked PAT, PAT of another organisation"
P=$(new_pat)
check_add unknown "$P" 1
assert_contains "$(cat "$T/out/unknown.out")" "rejected"
P=$(new_pat); add_pat "$P" "[$ALL]" "{revoked: true}"
check_add revoked "$P" 1
printf '%s\n' "$PAT_F" >"$T/pat.in"
run otherorg git gitzen add contoso --pat-stdin <"$T/pat.in"
ALL_OUT+=("$RUN_OUT" "$RUN_ERR")
assert_eq 1 "$RUN_RC" "add with fabrikam's PAT for contoso"
assert_contains "$(cat "$RUN_OUT")" "rejected"
assert_contains "$(cat "$RUN_OUT")" "Nothing was stored"
ok "unknown, revoked and other-organisation PATs: rejected, exit 1, not stored"

say "expired is told apart from rejected"
P=$(new_pat); add_pat "$P" "[$ALL]" "{expires: '2020-01-01T00:00:00Z'}"
check_add expired "$P" 1
assert_contains "$(cat "$T/out/expired.out")" "expired: Azure DevOps says the PAT has expired"
assert_not_contains "$(cat "$T/out/expired.out")" "rejected"
ok "expired PAT: 'expired', not 'rejected'"

say "unknown organisation"
printf '%s\n' "$P" >"$T/pat.in"
run noorg git gitzen add nosuchorg --pat-stdin <"$T/pat.in"
ALL_OUT+=("$RUN_OUT" "$RUN_ERR")
assert_eq 1 "$RUN_RC" "add for an unknown organisation"
assert_contains "$(cat "$RUN_OUT")" "there is no organisation 'nosuchorg' on dev.azure.com"
ok "unknown organisation named, exit 1"

say "a PAT that does not look like one is refused before any request"
mark=$(sim_mark)
printf 'not a pat at all\n' >"$T/pat.in"
run shape git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 2 "$RUN_RC" "add with a malformed PAT"
assert_contains "$(cat "$RUN_ERR")" "the value has white space inside"
assert_eq 0 "$(sim_log_count 'true' "$mark")" "requests made for a malformed PAT"
ok "malformed PAT: exit 2, no request"

say "request pattern: connectionData and one project listed together, then all probes together on one connection"
git gitzen remove contoso >/dev/null
P=$(new_pat); add_pat "$P" "[$ALL]"
# Each request is held 400 ms by the simulator: run one after another, a request would end before
# the next one starts; run together, every request of a round starts before the first one ends.
scenario_edit 'const pid = Object.values(s.orgs.contoso.projects)[0].id; s.faults = ["/contoso/_apis/connectionData", "/contoso/_apis/projects", "/contoso/_apis/wit", "/contoso/_apis/git", "/contoso/_apis/teams", "/contoso/" + pid + "/_apis/serviceendpoint", "/contoso/_apis/serviceendpoint"].map(p => ({host: "dev.azure.com", path_prefix: p, delay_ms: 400}))'
mark=$(sim_mark)
check_add pattern "$P" 0
node -e '
  const fs = require("fs");
  const all = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse).slice(Number(process.argv[2]));
  const adds = [];
  const first = (r) => r.endpoint === "connectionData" || r.endpoint === "projects";
  for (const r of all) {
    if (first(r) && (!adds.length || !first(adds[adds.length - 1].at(-1)))) adds.push([r]);
    else adds[adds.length - 1].push(r);
  }
  const a = adds[0];   /* the add; the second group is validate --json */
  const round1 = a.filter(first), probes = a.filter((r) => !first(r));
  if (round1.length !== 2) throw new Error("expected connectionData and one project list first, got " + round1.map(r => r.endpoint));
  if (Math.max(...round1.map(r => r.t0)) > Math.min(...round1.map(r => r.t1))) throw new Error("connectionData and the project list ran one after another");
  if (probes.length < 6) throw new Error("expected at least 6 probes, got " + probes.length);
  const end1 = Math.max(...round1.map(r => r.t1));
  for (const p of probes) if (p.t0 < end1) throw new Error("a probe started before the first round trip answered");
  const dev = probes.filter(p => p.host === "dev.azure.com");
  const firstEnd = Math.min(...dev.map(p => p.t1)), lastStart = Math.max(...dev.map(p => p.t0));
  if (lastStart > firstEnd) throw new Error("probes ran one after another, not together: last start " + lastStart + " > first end " + firstEnd);
  const conns = new Set(dev.map(p => p.conn).concat(round1.map(r => r.conn)));
  if (conns.size !== 1) throw new Error("dev.azure.com requests used " + conns.size + " connections");
  console.log("ok - connectionData and the project list together, then " + probes.length + " probes (each held 400 ms); all " + dev.length + " dev.azure.com probes in flight together on one connection (" + (a[0].http === "2" ? "HTTP/2" : "HTTP/1.1") + "); 2 sequential round trips");
' "$SIM_LOG" "$mark"
scenario_edit 's.faults = []'

say "no command printed a PAT"
for p in $(node -e 'JSON.parse(require("fs").readFileSync(process.argv[1])).pats.forEach(p=>console.log(p.token))' "$SIM_SCENARIO"); do
    no_leak "$p" "${ALL_OUT[@]}" "$T"/out/* "$SIM_LOG" >/dev/null
done
ok "no PAT in any output of add, validate, list, remove (checked ${#ALL_OUT[@]} files + the simulator log)"
