# SPDX-License-Identifier: MIT
# Edge cases found in review: a gateway's HTML error page is an outage, not a rejection; the same
# PAT accepted again clears a rejected/expired result everywhere; validate --json stays valid JSON
# when an organisation fails; erase for an unknown organisation leaves no file behind.
. "$TESTS_DIR/e2e/lib.sh"
need_bin git-gitzen
world_two_orgs
sim_start
printf '%s\n' "$PAT_C" >"$T/pat_c"
git gitzen add contoso --pat-stdin <"$T/pat_c" >/dev/null
REQ="$T/req"; printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$REQ"

say "502 with an HTML page on connectionData: unreachable (exit 3), the PAT still served"
scenario_edit 's.faults = [{host: "dev.azure.com", path_prefix: "/contoso/_apis/connectionData", status: 502, content_type: "text/html", body: "<html><body>Bad gateway</body></html>"}]'
run gw git gitzen validate contoso --json
assert_eq 3 "$RUN_RC" "validate behind a failing gateway"
assert_contains "$(cat "$RUN_OUT")" '"status":"unreachable"'
run get1 git credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get after a gateway error"
scenario_edit 's.faults = []'
ok "an HTML error page is an outage, not a rejection"

say "validate --json is valid JSON when one organisation is not stored"
run two git gitzen validate nosuch contoso --json
assert_eq 2 "$RUN_RC" "validate of an unknown and a known organisation"
node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));if(j.orgs.length!==1||j.orgs[0].org!=="contoso")throw new Error("unexpected orgs")' "$RUN_OUT" ||
    die "validate --json printed invalid JSON: $(cat "$RUN_OUT")"
ok "JSON stays valid; exit 2 for the local error"

say "a 'rejected' result from validate is cleared when Git uses the same PAT successfully"
scenario_edit "s.pats.find(p => p.token === '$PAT_C').revoked = true"
git gitzen validate contoso >/dev/null || true
assert_contains "$(git gitzen list --json)" '"status":"rejected"'
scenario_edit "s.pats.find(p => p.token === '$PAT_C').revoked = false"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT_C" >"$T/store"
run store git credential-gitzen store <"$T/store"
rm -f "$T/store"
run get2 git credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get after the same PAT worked again"
run list git gitzen list --json
assert_not_contains "$(cat "$RUN_OUT")" '"status":"rejected"' "list after the same PAT worked again"
ok "get and list agree: the PAT works again"

say "erase for an organisation with nothing stored writes nothing"
printf 'protocol=https\nhost=dev.azure.com\npath=nosuchorg/p/_git/r\npassword=%s\n' "$(new_pat)" >"$T/erase"
before=$(ls -A "$HOME/.config/gitzen" | sort)
run erase git credential-gitzen erase <"$T/erase"
assert_eq "$before" "$(ls -A "$HOME/.config/gitzen" | sort)" "state directory after erase for an unknown organisation"
ok "no lock or entry file created"
rm -f "$T/pat_c"
no_leak "$PAT_C" "$T"/out/*.err "$T"/out/list.out "$T"/out/two.out "$T"/out/gw.out
