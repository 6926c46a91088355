# SPDX-License-Identifier: MIT
# One status rule (issue 11 item 6): validate of a PAT past its recorded expiry says expired
# (exit 1) as list does; validate --json carries "expires" and list's "state"; a PAT that
# expires within 7 days is "ok" for Azure DevOps and "expiring" in both. Transcripts.
. "$TESTS_DIR/e2e/lib.sh"
. "$TESTS_DIR/e2e/transcript.sh"
need_bin git-gitzen
world_two_orgs
git gitzen configure >/dev/null
sim_start
SECRETS=("$PAT_C" "$PAT_F")
SOON=$(date -u -d '+3 days' +%F)
TODAY=$(date -u +%F)
REPORT="contoso: PAT of alice@contoso.com
  present   Work Items — Read & write            vso.work_write
            to create work items from tickets and sync fields and comments
  present   Code — Read                          vso.code
            to find the commits a ticket names (gz# references)
  present   Identity — Read                      vso.identity
            to resolve assignee names on the work items it creates
  present   Project and Team — Read              vso.project
            to list projects, teams, area and iteration paths in the sidebar
  present   Service Connections — Read & query   vso.serviceendpoint_query
            to set up and query the service hooks that bring updates in
  present   Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen"

say "add: the report, in 80 columns, the scopes once"
check 0 git gitzen add contoso --pat-stdin --expires "$SOON" <<EOF
$PAT_C
--
$REPORT
ok: all 5 scopes present
Stored the PAT for contoso.
--
Checking the PAT with Azure DevOps (contoso)...
EOF

say "expiring in 3 days: ok for Azure DevOps, expiring by the one rule, in list and validate --json"
check 0 git gitzen validate contoso <<EOF
--
$REPORT
ok: all 5 scopes present
--
EOF
git gitzen validate contoso --json >"$T/v.json"
v=$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0];console.log([o.status,o.expires,o.state].join(" "))' "$T/v.json")
assert_eq "ok $SOON expiring" "$v" "validate --json: status, expires, state"
git gitzen list --json >"$T/l.json"
v=$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0];console.log([o.status,o.expires].join(" "))' "$T/l.json")
assert_eq "expiring $SOON" "$v" "list --json: status, expires"

say "past its recorded expiry: validate says expired, exit 1, as list does"
node -e 'const fs=require("fs");const f=process.argv[1];const j=JSON.parse(fs.readFileSync(f));j.expires=Math.floor(Date.now()/1000)-86400*2;fs.writeFileSync(f,JSON.stringify(j))' "$(store_file contoso)"
PAST=$(date -u -d '-2 days' +%F)
check 1 git gitzen validate contoso <<EOF
--
contoso: PAT of alice@contoso.com
expired: the PAT expired on $PAST (its recorded expiry)
fix: create a new PAT with the five scopes and run: git gitzen add contoso
--
EOF
git gitzen validate contoso --json >"$T/v2.json" || true
v=$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0];console.log([o.status,o.expires,o.state].join(" "))' "$T/v2.json")
assert_eq "expired $PAST expired" "$v" "validate --json of an expired PAT"
check 0 git gitzen list <<EOF
--
ORG                USER                   STATUS         EXPIRES    VALIDATED
contoso            alice@contoso.com      expired        $PAST $TODAY
  expired — create a new PAT and run \`git gitzen add contoso\`
--
EOF

say "list names missing scopes as the dialog does"
P=$(new_pat)
SECRETS+=("$P")
scenario_edit "s.pats.push({token: '$P', org: 'fabrikam', user: 'bob', scopes: ['vso.code', 'vso.work_write', 'vso.project']})"
check 0 git gitzen add fabrikam --pat-stdin --force <<EOF
$P
--
fabrikam: PAT of bob@fabrikam.com
  present   Work Items — Read & write            vso.work_write
            to create work items from tickets and sync fields and comments
  present   Code — Read                          vso.code
            to find the commits a ticket names (gz# references)
  MISSING   Identity — Read                      vso.identity
            to resolve assignee names on the work items it creates
  present   Project and Team — Read              vso.project
            to list projects, teams, area and iteration paths in the sidebar
  MISSING   Service Connections — Read & query   vso.serviceendpoint_query
            to set up and query the service hooks that bring updates in
  absent    Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen
            to push, use a PAT with it
missing 2 scopes: Identity — Read, Service Connections — Read & query
fix: in Azure DevOps (User settings > Personal access tokens) edit the PAT or
     create a new one with Identity — Read, Service Connections — Read & query,
     then run: git gitzen add fabrikam
Stored the PAT for fabrikam.
--
Checking the PAT with Azure DevOps (fabrikam)...
EOF
check 0 git gitzen list <<EOF
--
ORG                USER                   STATUS         EXPIRES    VALIDATED
contoso            alice@contoso.com      expired        $PAST $TODAY
  expired — create a new PAT and run \`git gitzen add contoso\`
fabrikam           bob@fabrikam.com       missing-scopes -          $TODAY
  missing-scopes — lacks Identity (Read), Service Connections (Read & query):
    add them to the PAT in Azure DevOps (User settings > Personal access tokens)
    or create one with them, then run \`git gitzen add fabrikam\`
--
EOF
