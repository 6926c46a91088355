#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The simulator itself, checked with plain curl and real git: each answer the product relies on
# (docs/azure-devops.md) comes back with its status, headers and body.
. "$(dirname "$0")/lib.sh"

command -v curl >/dev/null || die "curl is needed for the simulator self-test"

R="$T/repos"
mapfile -t WEB < <(make_repo "$R/contoso/web.git" 3)
mapfile -t API < <(make_repo "$R/fabrikam/api.git" 2)
make_repo "$R/contoso/empty.git" 0
mapfile -t NW < <(make_repo "$R/northwind/shop.git" 2)
say "contoso/Web/web has ${#WEB[@]} commits: ${WEB[*]}"

ALICE_ID=$(new_guid)
WEB_ID=$(new_guid)
BOB_ID=$(new_guid)
P_ALL=$(new_pat)        # every scope the product needs, plus code_write
P_CODE=$(new_pat)       # vso.code only
P_NOPROJ=$(new_pat)     # everything but vso.project
P_EXPIRED=$(new_pat)
P_REVOKED=$(new_pat)
P_FAB=$(new_pat84)      # fabrikam's, 84-character form
P_READS=$(new_pat)      # the read-only levels that must NOT satisfy the probes
P_LATER=$(new_pat)      # valid until revoked mid-test
P_HELD=$(new_pat)       # connectionData held by a fault keyed on this PAT
P_NW_CODE=$(new_pat)    # northwind: the switched organisation
P_NW_WRITE=$(new_pat)
P_NW_READS=$(new_pat)
P_TS=$(new_pat)         # tailspin: range queries refused with a 404

scenario_write <<EOF
{
  "orgs": {
    "contoso": {
      "id": "$(new_guid)", "state": "active",
      "users": {"alice": {"id": "$ALICE_ID", "display": "Alice Example", "unique": "alice@contoso.com"}},
      "projects": {"Web": {"id": "$(new_guid)", "repos": {
          "web": {"id": "$WEB_ID", "path": "$R/contoso/web.git"},
          "empty": {"id": "$(new_guid)", "path": "$R/contoso/empty.git"}}}}
    },
    "fabrikam": {
      "id": "$(new_guid)",
      "users": {"bob": {"id": "$BOB_ID", "display": "Bob", "unique": "bob@fabrikam.com"}},
      "projects": {"Api": {"id": "$(new_guid)", "repos": {"api": {"id": "$(new_guid)", "path": "$R/fabrikam/api.git"}}}}
    },
    "sleepy": {"id": "$(new_guid)", "state": "stopped", "users": {}, "projects": {}},
    "northwind": {
      "push_refused_at": "receive-pack", "endpointproxy_checks": "project-first", "commit_range": "refuse-400",
      "users": {"nina": {"unique": "nina@northwind.example"}},
      "projects": {"Shop": {"repos": {"shop": {"path": "$R/northwind/shop.git"}}}}
    },
    "tailspin": {
      "commit_range": "refuse-404",
      "users": {"tom": {}},
      "projects": {"Toys": {"repos": {"toys": {"path": "$R/northwind/shop.git"}}}}
    }
  },
  "pats": [
    {"token": "$P_ALL", "org": "contoso", "user": "alice",
     "scopes": ["vso.work_write", "vso.code_write", "vso.identity", "vso.project", "vso.serviceendpoint_query"]},
    {"token": "$P_CODE", "org": "contoso", "user": "alice", "scopes": ["vso.code"]},
    {"token": "$P_NOPROJ", "org": "contoso", "user": "alice",
     "scopes": ["vso.work_write", "vso.code", "vso.identity", "vso.serviceendpoint_query"]},
    {"token": "$P_EXPIRED", "org": "contoso", "user": "alice", "scopes": "full", "expires": "2020-01-01T00:00:00Z"},
    {"token": "$P_REVOKED", "org": "contoso", "user": "alice", "scopes": "full", "revoked": true},
    {"token": "$P_FAB", "org": "fabrikam", "user": "bob", "scopes": "full", "expires": "2099-01-01T00:00:00Z"},
    {"token": "$P_READS", "org": "contoso", "user": "alice", "scopes": ["vso.work", "vso.serviceendpoint"]},
    {"token": "$P_LATER", "org": "contoso", "user": "alice", "scopes": ["vso.code"]},
    {"token": "$P_HELD", "org": "contoso", "user": "alice", "scopes": ["vso.code"]},
    {"token": "$P_NW_CODE", "org": "northwind", "user": "nina", "scopes": ["vso.code"]},
    {"token": "$P_NW_WRITE", "org": "northwind", "user": "nina", "scopes": ["vso.code_write"]},
    {"token": "$P_NW_READS", "org": "northwind", "user": "nina", "scopes": ["vso.work"]},
    {"token": "$P_TS", "org": "tailspin", "user": "tom", "scopes": ["vso.code"]}
  ],
  "faults": [
    {"pat": "$P_HELD", "path_prefix": "/contoso/_apis/connectionData", "delay_ms": 1500, "times": 2},
    {"host": "dev.azure.com", "path_prefix": "/contoso/_apis/teams", "method": "GET",
     "status": 429, "retry_after": 1, "times": 1}
  ]
}
EOF
sim_start

# req NAME [curl args...] URL: response in $T/out/NAME.{body,hdr}; prints the status code.
req() {
    local name=$1
    shift
    curl -sS --cacert "$GIT_SSL_CAINFO" -o "$T/out/$name.body" -D "$T/out/$name.hdr" \
        -w '%{http_code}' "$@"
}
# hdr NAME HEADER: the value(s) of a response header, one a line, CR removed
hdr() {
    grep -i "^$2:" "$T/out/$1.hdr" | sed 's/^[^:]*: *//' | tr -d '\r' || true
}
body() { cat "$T/out/$1.body"; }
auth() { printf 'Authorization: Basic %s' "$(printf '%s:%s' "${2:-}" "$1" | base64 -w0)"; }
SUP='X-TFS-FedAuthRedirect: Suppress'
DEV=https://dev.azure.com

say "connectionData with a valid PAT"
st=$(req cd "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 200 "$st" "connectionData status"
assert_eq "application/json; charset=utf-8; api-version=7.1-preview.1" "$(hdr cd content-type)" "content type"
assert_eq "$ALICE_ID:alice@contoso.com" "$(hdr cd x-vss-userdata)" "X-VSS-UserData"
assert_eq "$ALICE_ID|Alice Example|hosted" \
    "$(node -e 'const j=JSON.parse(require("fs").readFileSync(0));console.log([j.authenticatedUser.id,j.authenticatedUser.providerDisplayName,j.deploymentType].join("|"))' <"$T/out/cd.body")" \
    "authenticatedUser"

say "connectionData: a non-preview version is a 400; no version on GET is answered"
st=$(req cd71 "$DEV/contoso/_apis/connectionData?api-version=7.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 400 "$st" "connectionData api-version=7.1"
assert_contains "$(body cd71)" "is under preview. The -preview flag must be supplied" "body"
assert_eq "$ALICE_ID:alice@contoso.com" "$(hdr cd71 x-vss-userdata)" "X-VSS-UserData on the 400"
st=$(req cdnov "$DEV/contoso/_apis/connectionData" -H "$(auth "$P_ALL" anyone)" -H "$SUP")
assert_eq 200 "$st" "connectionData without api-version"
st=$(req cd99 "$DEV/contoso/_apis/connectionData?api-version=9.0-preview.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 400 "$st" "api-version newer than the service"

say "429 fault (times 1) with Retry-After, then 200"
st=$(req teams429 "$DEV/contoso/_apis/teams?\$top=1&api-version=7.1-preview.3" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 429 "$st" "first teams call"
assert_eq 1 "$(hdr teams429 retry-after)" "Retry-After"
assert_contains "$(body teams429)" "TF400733" "429 body"
st=$(req teams "$DEV/contoso/_apis/teams?\$top=1&api-version=7.1-preview.3" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 200 "$st" "second teams call"
assert_contains "$(body teams)" '"count":1' "teams body"
st=$(req teams71 "$DEV/contoso/_apis/teams?\$top=1&api-version=7.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 400 "$st" "teams with a non-preview version"

say "a missing scope: 401 with an empty body and only Basic"
st=$(req teamsno "$DEV/contoso/_apis/teams?\$top=1&api-version=7.1-preview.3" -H "$(auth "$P_NOPROJ")" -H "$SUP")
assert_eq 401 "$st" "teams without vso.project"
assert_eq 0 "$(stat -c %s "$T/out/teamsno.body")" "body length"
assert_eq 'Basic realm="https://dev.azure.com/"' "$(hdr teamsno www-authenticate)" "WWW-Authenticate"
assert_eq "" "$(hdr teamsno x-vss-userdata)" "X-VSS-UserData"

say "no X-TFS-FedAuthRedirect: Suppress: 302 to a sign-in page served as 203 HTML"
st=$(req anon302 "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1")
assert_eq 302 "$st" "anonymous without Suppress"
loc=$(hdr anon302 location)
assert_contains "$loc" "https://vssps.dev.azure.com/_signin?" "Location"
st=$(req signin "$loc")
assert_eq 203 "$st" "sign-in page"
assert_contains "$(hdr signin content-type)" "text/html" "sign-in content type"
st=$(req bad302 "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth garbage)")
assert_eq 302 "$st" "garbage PAT without Suppress"

say "no credentials with Suppress: 401 Bearer + Basic, TF400813"
st=$(req anon "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$SUP")
assert_eq 401 "$st" "anonymous"
wa=$(hdr anon www-authenticate)
assert_contains "$wa" "Bearer authorization_uri=" "WWW-Authenticate"
assert_contains "$wa" 'Basic realm="https://dev.azure.com/"' "WWW-Authenticate"
assert_contains "$(body anon)" "TF400813: Resource not available for anonymous access" "body"
assert_contains "$(body anon)" '"typeKey":"UnauthorizedRequestException","errorCode":0,"eventId":3000' "body"
assert_eq "application/json; charset=utf-8" "$(hdr anon content-type)" "error content type"

say "expired PAT"
st=$(req exp "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_EXPIRED")" -H "$SUP")
assert_eq 401 "$st" "expired"
assert_contains "$(body exp)" '"message":"Access Denied: The Personal Access Token used has expired."' "body"
assert_contains "$(body exp)" '"typeKey":"AccessCheckException"' "body"
assert_eq "Access%20Denied%3A%20The%20Personal%20Access%20Token%20used%20has%20expired." \
    "$(hdr exp x-tfs-serviceerror)" "X-TFS-ServiceError"

say "revoked and unknown PATs"
st=$(req rev "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_REVOKED")" -H "$SUP")
assert_eq 401 "$st" "revoked"
assert_contains "$(body rev)" "TF400813" "body"
st=$(req unk "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$(new_pat)")" -H "$SUP")
assert_eq 401 "$st" "unknown PAT"
st=$(req later1 "$DEV/contoso/_apis/git/repositories?api-version=7.1" -H "$(auth "$P_LATER")" -H "$SUP")
assert_eq 200 "$st" "P_LATER before the revocation"
scenario_edit 's.pats.find((p) => p.token === "'"$P_LATER"'").revoked = true'
st=$(req later2 "$DEV/contoso/_apis/git/repositories?api-version=7.1" -H "$(auth "$P_LATER")" -H "$SUP")
assert_eq 401 "$st" "P_LATER after the scenario revoked it"

say "a PAT of another organisation"
st=$(req other "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_FAB")" -H "$SUP")
assert_eq 401 "$st" "fabrikam PAT on contoso"
assert_contains "$(body other)" "TF400813: The user '" "body"
assert_contains "$(body other)" "is not authorized to access this resource." "body"
st=$(req fab "$DEV/FABRIKAM/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_FAB")" -H "$SUP")
assert_eq 200 "$st" "fabrikam PAT on FABRIKAM (case-insensitive org)"

say "unknown organisation, unknown route, unknown host"
st=$(req noorg "$DEV/nosuchorg/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 404 "$st" "unknown organisation"
st=$(req noroute "$DEV/contoso/_apis/nothing/here?api-version=7.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 404 "$st" "unknown route"
assert_contains "$(hdr noroute content-type)" "text/plain" "unknown route content type"
st=$(req nohost --http1.1 -H "Host: elsewhere.example" "$DEV/contoso/_apis/connectionData")
assert_eq 404 "$st" "unknown host"
st=$(req norouteanon "$DEV/contoso/_apis/nothing/here?api-version=7.1" -H "$SUP")
assert_eq 401 "$st" "unknown route without credentials (the credential is checked first)"

say "location service: OPTIONS /{org}/_apis[/{area}] and GET _apis/ResourceAreas on the three hosts"
st=$(req locall -X OPTIONS "$DEV/contoso/_apis" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "OPTIONS /contoso/_apis"
st=$(req locgit -X OPTIONS "$DEV/contoso/_apis/Git" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "OPTIONS /contoso/_apis/Git"
st=$(req locnone -X OPTIONS "$DEV/contoso/_apis/nosucharea" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "OPTIONS of an unknown area"
st=$(req locvssps -X OPTIONS "https://vssps.dev.azure.com/contoso/_apis" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "OPTIONS on vssps.dev.azure.com"
st=$(req locvs -X OPTIONS "https://contoso.visualstudio.com/_apis/Location" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "OPTIONS on contoso.visualstudio.com"
st=$(req locanon -X OPTIONS "$DEV/contoso/_apis" -H "$SUP")
assert_eq 401 "$st" "OPTIONS without credentials"
st=$(req ra "$DEV/contoso/_apis/ResourceAreas?api-version=7.1-preview.1" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "ResourceAreas on dev.azure.com"
st=$(req ravs "https://contoso.visualstudio.com/_apis/ResourceAreas/4E080C62-FA21-4FBC-8FEF-2A10A2B38049" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "ResourceAreas/{git} on contoso.visualstudio.com"
st=$(req ravssps "https://vssps.dev.azure.com/contoso/_apis/ResourceAreas?api-version=7.1-preview.1" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 200 "$st" "ResourceAreas on vssps.dev.azure.com"
st=$(req ra71 "$DEV/contoso/_apis/ResourceAreas?api-version=7.1" -H "$(auth "$P_CODE")" -H "$SUP")
assert_eq 400 "$st" "ResourceAreas (preview only) with plain 7.1"
assert_eq "$(cat <<'EXPECTED'
all: 11 entries, areas Location,core,git,serviceendpoint,wit; vssps 0
shape: id,area,resourceName,routeTemplate,resourceVersion,minVersion,maxVersion,releasedVersion
git: commits 2 7.1|commitsBatch 2 7.1|pushes 3 7.1|repositories 2 7.1
commits: c2570c3b-5b3f-41b8-98bf-5407bfde8d58 {project}/_apis/{area}/repositories/{repositoryId}/{resource}/{commitId}
unknown area: 0
vssps: ConnectionData,Identities,ResourceAreas
visualstudio.com Location: ConnectionData,ResourceAreas
areas: IMS https://vssps.dev.azure.com/contoso/|core https://dev.azure.com/contoso/|git https://dev.azure.com/contoso/|serviceendpoint https://dev.azure.com/contoso/|wit https://dev.azure.com/contoso/
git on visualstudio.com: git https://contoso.visualstudio.com/
vssps areas: 5
EXPECTED
)" "$(node -e '
    const fs = require("fs");
    const b = (n) => JSON.parse(fs.readFileSync(process.argv[1] + "/" + n + ".body", "utf8"));
    const all = b("locall").value;
    const names = (v) => v.map((l) => l.resourceName).sort().join(",");
    console.log(`all: ${all.length} entries, areas ${[...new Set(all.map((l) => l.area))].sort().join(",")}; vssps ${all.filter((l) => l.resourceName === "Identities").length}`);
    console.log("shape: " + Object.keys(all[0]).join(","));
    console.log("git: " + b("locgit").value.map((l) => `${l.resourceName} ${l.resourceVersion} ${l.releasedVersion}`).sort().join("|"));
    const c = b("locgit").value.find((l) => l.resourceName === "commits");
    console.log(`commits: ${c.id} ${c.routeTemplate}`);
    console.log("unknown area: " + b("locnone").count);
    console.log("vssps: " + names(b("locvssps").value));
    console.log("visualstudio.com Location: " + names(b("locvs").value));
    console.log("areas: " + b("ra").value.map((a) => `${a.name} ${a.locationUrl}`).sort().join("|"));
    const g = b("ravs");
    console.log(`git on visualstudio.com: ${g.name} ${g.locationUrl}`);
    console.log("vssps areas: " + b("ravssps").count);
' "$T/out")" "the location entries and resource areas"


say "stopped organisation: 503, BOM, bare application/json"
st=$(req stop "$DEV/sleepy/_apis/connectionData?api-version=7.1-preview.1" -H "$(auth "$P_ALL")" -H "$SUP")
assert_eq 503 "$st" "stopped org"
assert_eq "efbbbf" "$(head -c 3 "$T/out/stop.body" | od -An -tx1 | tr -d ' \n')" "first bytes"
assert_eq "application/json" "$(hdr stop content-type)" "content type"
assert_contains "$(hdr stop x-tfs-serviceerror)" "TF24668" "X-TFS-ServiceError"

say "api-version missing on POST/PATCH: 400"
st=$(req nover -X PATCH "$DEV/contoso/_apis/wit/workitems/2147483647?validateOnly=true" -H "$(auth "$P_ALL")" -H "$SUP" \
    -H 'Content-Type: application/json-patch+json' --data '[]')
assert_eq 400 "$st" "PATCH without api-version"
assert_contains "$(body nover)" "No api-version was supplied" "body"

say "scope probes"
probe() { # name pat method url [data] -> status
    local name=$1 pat=$2 method=$3 url=$4
    shift 4
    req "$name" -X "$method" "$url" -H "$(auth "$pat")" -H "$SUP" "$@"
}
ZERO=00000000-0000-0000-0000-000000000000
assert_eq 404 "$(probe code "$P_ALL" GET "$DEV/contoso/_apis/git/repositories/$ZERO?api-version=7.1")" "code probe, scope present"
assert_contains "$(body code)" "TF401019" "body"
assert_contains "$(body code)" "GitRepositoryNotFoundException" "body"
assert_eq 401 "$(probe code2 "$P_READS" GET "$DEV/contoso/_apis/git/repositories/$ZERO?api-version=7.1")" "code probe, no code scope"
assert_eq 200 "$(probe ident "$P_ALL" GET "https://vssps.dev.azure.com/contoso/_apis/identities?identityIds=$ALICE_ID&queryMembership=None&api-version=7.1")" "identity probe"
assert_contains "$(body ident)" "$ALICE_ID" "identities body"
assert_eq 401 "$(probe ident2 "$P_CODE" GET "https://vssps.dev.azure.com/contoso/_apis/identities?identityIds=$ALICE_ID&api-version=7.1")" "identity probe without vso.identity"
assert_eq 404 "$(probe wi "$P_ALL" PATCH "$DEV/contoso/_apis/wit/workitems/2147483647?validateOnly=true&api-version=7.1" \
    -H 'Content-Type: application/json-patch+json' --data '[]')" "work item probe, work_write"
assert_contains "$(body wi)" "TF401232" "body"
assert_eq 401 "$(probe wi2 "$P_READS" PATCH "$DEV/contoso/_apis/wit/workitems/2147483647?validateOnly=true&api-version=7.1" \
    -H 'Content-Type: application/json-patch+json' --data '[]')" "work item probe, vso.work only"
assert_eq 400 "$(probe ep "$P_ALL" POST "$DEV/contoso/Web/_apis/serviceendpoint/endpointproxy?api-version=7.1" \
    -H 'Content-Type: application/json' --data '{}')" "endpointproxy, serviceendpoint_query"
assert_eq 401 "$(probe ep2 "$P_READS" POST "$DEV/contoso/Web/_apis/serviceendpoint/endpointproxy?api-version=7.1" \
    -H 'Content-Type: application/json' --data '{}')" "endpointproxy, serviceendpoint (read) only"
assert_eq 200 "$(probe eptypes "$P_READS" GET "$DEV/contoso/_apis/serviceendpoint/types?api-version=7.1")" "serviceendpoint types, read"
assert_eq 200 "$(probe projs "$P_CODE" GET "$DEV/contoso/_apis/projects?api-version=7.1")" "projects with vso.code"
assert_eq 200 "$(probe projs1 "$P_READS" GET "$DEV/contoso/_apis/projects?\$top=1&api-version=7.1")" "projects \$top=1 with vso.work only"
assert_contains "$(body projs1)" '"count":1,' "one project listed"
assert_contains "$(body projs1)" '"name":"Web"' "the project"
assert_eq 404 "$(probe push6 "$P_ALL" POST "$DEV/contoso/_apis/git/repositories/$ZERO/pushes?api-version=7.1" \
    -H 'Content-Type: application/json' --data '{}')" "probe 6 (pushes), vso.code_write"
assert_contains "$(body push6)" "TF401019" "body"
assert_eq 401 "$(probe push6r "$P_CODE" POST "$DEV/contoso/_apis/git/repositories/$ZERO/pushes?api-version=7.1" \
    -H 'Content-Type: application/json' --data '{}')" "probe 6 (pushes), vso.code only"
assert_eq 0 "$(stat -c %s "$T/out/push6r.body")" "probe 6 refusal: body length"

say "endpointproxy on an unknown project: scope first (default) or project first (northwind)"
EPZ="_apis/serviceendpoint/endpointproxy?api-version=7.1"
assert_eq 401 "$(probe epz1 "$P_READS" POST "$DEV/contoso/$ZERO/$EPZ" -H 'Content-Type: application/json' --data '{}')" \
    "contoso, no vso.serviceendpoint_query"
assert_eq 404 "$(probe epz2 "$P_ALL" POST "$DEV/contoso/$ZERO/$EPZ" -H 'Content-Type: application/json' --data '{}')" \
    "contoso, vso.serviceendpoint_query"
assert_contains "$(body epz2)" "TF200016" "body"
assert_eq 404 "$(probe epz3 "$P_NW_READS" POST "$DEV/northwind/$ZERO/$EPZ" -H 'Content-Type: application/json' --data '{}')" \
    "northwind (project-first), no vso.serviceendpoint_query"
assert_contains "$(body epz3)" "TF200016" "body"
assert_eq 401 "$(probe epz4 "$P_NW_READS" POST "$DEV/northwind/Shop/$EPZ" -H 'Content-Type: application/json' --data '{}')" \
    "northwind, a real project, no vso.serviceendpoint_query"
assert_eq 404 "$(probe noproj "$P_ALL" GET "$DEV/contoso/Nope/_apis/git/repositories?api-version=7.1")" "unknown project"
assert_contains "$(body noproj)" "TF200016" "body"
assert_eq 200 "$(probe repos "$P_ALL" GET "$DEV/contoso/Web/_apis/git/repositories?api-version=7.1")" "repositories of Web"
assert_eq "refs/heads/main|" "$(node -e 'const j=JSON.parse(require("fs").readFileSync(0));const m={};for(const r of j.value)m[r.name]=r.defaultBranch||"";console.log(m.web+"|"+m.empty)' <"$T/out/repos.body")" \
    "defaultBranch (absent for the empty repository)"

say "strict where the service is: api-version 7.2 (preview), names need a project, no .git, full range bounds"
assert_eq 400 "$(probe v72 "$P_CODE" GET "$DEV/contoso/Web/_apis/git/repositories?api-version=7.2")" "repositories with plain 7.2"
assert_contains "$(body v72)" '"typeKey":"VssInvalidPreviewVersionException"' "body"
assert_eq 200 "$(probe v72p "$P_CODE" GET "$DEV/contoso/Web/_apis/git/repositories?api-version=7.2-preview.2")" "repositories with 7.2-preview.2"
assert_eq 404 "$(probe noprojname "$P_CODE" GET "$DEV/contoso/_apis/git/repositories/web?api-version=7.1")" "a repository by name without its project"
assert_contains "$(body noprojname)" "TF401019" "body"
assert_eq 200 "$(probe noprojid "$P_CODE" GET "$DEV/contoso/_apis/git/repositories/$WEB_ID?api-version=7.1")" "a repository by id without its project"
assert_eq 400 "$(probe shortfrom "$P_CODE" GET "$DEV/contoso/Web/_apis/git/repositories/web/commits?searchCriteria.fromCommitId=${WEB[0]:0:7}&api-version=7.1")" \
    "a range with a short fromCommitId"

say "commits"
CB="$DEV/contoso/Web/_apis/git/repositories/web"
assert_eq 200 "$(probe c1 "$P_CODE" GET "$CB/commits/${WEB[1]}?api-version=7.1")" "one commit"
assert_eq "${WEB[1]}|${WEB[0]}|Alice Example|Commit 2 of web" \
    "$(node -e 'const j=JSON.parse(require("fs").readFileSync(0));console.log([j.commitId,j.parents.join(","),j.author.name,j.comment.split("\n")[0]].join("|"))' <"$T/out/c1.body")" \
    "commit fields"
assert_eq 400 "$(probe cshort "$P_CODE" GET "$CB/commits/${WEB[1]:0:7}?api-version=7.1")" "short SHA"
assert_eq 404 "$(probe cunk "$P_CODE" GET "$CB/commits/$(printf 'f%.0s' {1..40})?api-version=7.1")" "unknown SHA"
assert_eq 404 "$(probe cnorepo "$P_CODE" GET "$DEV/contoso/Web/_apis/git/repositories/nope/commits/${WEB[1]}?api-version=7.1")" "unknown repository"
assert_eq 401 "$(probe cnoscope "$P_READS" GET "$CB/commits/${WEB[1]}?api-version=7.1")" "commit without vso.code"
assert_eq 200 "$(probe batch "$P_CODE" POST "$CB/commitsbatch?api-version=7.1" -H 'Content-Type: application/json' \
    --data "{\"ids\":[\"${WEB[0]}\",\"$(printf '0%.0s' {1..40})\",\"${WEB[2]}\",\"${API[0]}\"]}")" "commitsbatch"
assert_eq "2|${WEB[0]},${WEB[2]}|Commit 1 of web|true|false" \
    "$(node -e 'const j=JSON.parse(require("fs").readFileSync(0));const v=j.value;console.log([j.count,v.map(c=>c.commitId).join(","),v[0].comment,v[0].commentTruncated,"parents" in v[0]].join("|"))' <"$T/out/batch.body")" \
    "commitsbatch returns only the known ids, first lines, no parents"
p=${WEB[2]:0:7}
assert_eq 200 "$(probe range "$P_CODE" GET "$CB/commits?searchCriteria.fromCommitId=${p}$(printf '0%.0s' {1..33})&searchCriteria.toCommitId=${p}$(printf 'f%.0s' {1..33})&searchCriteria.\$top=2&api-version=7.1")" "commit range search"
assert_eq "1|${WEB[2]}" "$(node -e 'const j=JSON.parse(require("fs").readFileSync(0));console.log(j.count+"|"+j.value.map(c=>c.commitId).join(","))' <"$T/out/range.body")" \
    "range search resolves the prefix"

say "range queries refused by the scenario: 400 (northwind), 404 naming neither project nor repository (tailspin)"
RQ="commits?searchCriteria.fromCommitId=${NW[1]:0:7}$(printf '0%.0s' {1..33})&searchCriteria.toCommitId=${NW[1]:0:7}$(printf 'f%.0s' {1..33})&searchCriteria.\$top=2&api-version=7.1"
assert_eq 400 "$(probe rq400 "$P_NW_CODE" GET "$DEV/northwind/Shop/_apis/git/repositories/shop/$RQ")" "northwind range query"
assert_contains "$(body rq400)" '"typeKey":"ArgumentException"' "body"
assert_eq 404 "$(probe rq404 "$P_TS" GET "$DEV/tailspin/Toys/_apis/git/repositories/toys/$RQ")" "tailspin range query"
assert_contains "$(body rq404)" '"typeKey":"GitUnresolvableToCommitException"' "body"
assert_not_contains "$(body rq404)" "TF200016" "body"
assert_not_contains "$(body rq404)" "TF401019" "body"
assert_eq 200 "$(probe rq1 "$P_TS" GET "$DEV/tailspin/Toys/_apis/git/repositories/toys/commits/${NW[1]}?api-version=7.1")" \
    "tailspin: a full SHA still resolves"

say "connectionData held for one PAT by the simulator's own timer (1.5 s)"
m=$(sim_mark)
run held curl -sS --cacert "$GIT_SSL_CAINFO" -o /dev/null --max-time 0.5 -H "$(auth "$P_HELD")" -H "$SUP" \
    "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1"
assert_eq 28 "$RUN_RC" "curl gave up after 0.5 s (timeout)"
assert_eq 200 "$(probe heldok "$P_HELD" GET "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1")" \
    "held connectionData answered"
assert_eq 200 "$(probe notheld "$P_CODE" GET "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1")" \
    "another PAT is not held"
assert_eq 1 "$(sim_log_count 'r.endpoint === "connectionData" && r.status === 200 && r.t1 - r.t0 >= 1500 && r.pat_sha === "'"$(pat_sha "$P_HELD")"'"' "$m")" \
    "one held answer of at least 1.5 s in the log (the other client had gone)"

say "413 for a request body over 1 MiB"
head -c $((1024 * 1024 + 10)) /dev/zero | tr '\0' 'a' >"$T/big"
assert_eq 413 "$(probe big "$P_CODE" POST "$CB/commitsbatch?api-version=7.1" -H 'Content-Type: application/json' --data-binary "@$T/big")" "big body"

say "visualstudio.com"
assert_eq 200 "$(probe vs "$P_ALL" GET "https://contoso.visualstudio.com/_apis/connectionData?api-version=7.1-preview.1")" "connectionData on contoso.visualstudio.com"

say "HTTP/2: two requests multiplexed on one connection"
m=$(sim_mark)
curl -sS --cacert "$GIT_SSL_CAINFO" --no-progress-meter --http2 --parallel -H "$(auth "$P_ALL")" -H "$SUP" \
    -o /dev/null "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1&n=1" \
    -o /dev/null "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1&n=2"
assert_eq 2 "$(sim_log_count 'r.http === "2" && r.endpoint === "connectionData"' "$m")" "requests over HTTP/2"
assert_eq 1 "$(sim_log_values 'r.endpoint === "connectionData"' conn "$m" | wc -l)" "distinct connections"
m=$(sim_mark)
curl -sS --cacert "$GIT_SSL_CAINFO" --http1.1 -H "$(auth "$P_ALL")" -H "$SUP" -o /dev/null -o /dev/null \
    "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1&n=3" \
    "$DEV/contoso/_apis/connectionData?api-version=7.1-preview.1&n=4"
assert_eq 2 "$(sim_log_count 'r.http === "1.1"' "$m")" "requests over HTTP/1.1 when asked"

say "git: clone with vso.code; push needs vso.code_write"
run clone-anon git clone -q "$DEV/contoso/Web/_git/web" "$T/anon"
assert_eq 128 "$RUN_RC" "clone without credentials fails"
assert_eq 1 "$(sim_log_count 'r.endpoint === "git-info-refs" && r.status === 401 && r.user === null')" "anonymous info/refs got 401"
run clone-code git clone -q "https://alice:$P_CODE@dev.azure.com/contoso/Web/_git/web" "$T/web"
assert_eq 0 "$RUN_RC" "clone with vso.code (stderr: $(cat "$RUN_ERR"))"
assert_eq "${WEB[2]}" "$(git -C "$T/web" rev-parse HEAD)" "cloned HEAD"
echo change >>"$T/web/file.txt"
git -C "$T/web" -c user.name=Alice -c user.email=alice@contoso.com commit -qam "Pushed change"
new=$(git -C "$T/web" rev-parse HEAD)
run push-code git -C "$T/web" push -q origin main
assert_eq 128 "$RUN_RC" "push with vso.code only is rejected"
assert_eq "${WEB[2]}" "$(git -C "$R/contoso/web.git" rev-parse main)" "server main unchanged"
run push-write git -C "$T/web" push -q "https://alice:$P_ALL@dev.azure.com/contoso/Web/_git/web" main
assert_eq 0 "$RUN_RC" "push with vso.code_write (stderr: $(cat "$RUN_ERR"))"
assert_eq "$new" "$(git -C "$R/contoso/web.git" rev-parse main)" "server main after the push"
assert_eq 200 "$(probe cnew "$P_CODE" GET "$CB/commits/$new?api-version=7.1")" "the pushed commit through REST"
run clone-short git clone -q "https://x:$P_FAB@dev.azure.com/fabrikam/_git/api" "$T/api1"
assert_eq 0 "$RUN_RC" "clone of /fabrikam/_git/api (project Api) (stderr: $(cat "$RUN_ERR"))"
run clone-short2 git clone -q "https://x:$P_ALL@dev.azure.com/contoso/_git/empty" "$T/empty1"
assert_eq 128 "$RUN_RC" "/{org}/_git/{repo} needs a project named like the repository"
run clone-dotgit git clone -q "https://x:$P_ALL@dev.azure.com/contoso/Web/_git/web.git" "$T/web-dotgit"
assert_eq 128 "$RUN_RC" "a .git suffix names another repository"
assert_contains "$(cat "$RUN_ERR")" "not found" "git's message"
run clone-vs git clone -q "https://x:$P_FAB@fabrikam.visualstudio.com/DefaultCollection/Api/_git/api" "$T/api2"
assert_eq 0 "$RUN_RC" "clone from fabrikam.visualstudio.com (stderr: $(cat "$RUN_ERR"))"
run clone-other git clone -q "https://x:$P_FAB@dev.azure.com/contoso/Web/_git/web" "$T/nope"
assert_eq 128 "$RUN_RC" "clone of contoso with fabrikam's PAT fails"
assert_contains "$(cat "$RUN_ERR")" "Authentication failed" "git's message"
assert_eq 'Basic realm="https://dev.azure.com/"' \
    "$(curl -sS --cacert "$GIT_SSL_CAINFO" -o /dev/null -D - "$DEV/contoso/Web/_git/web/info/refs?service=git-upload-pack" | grep -i '^www-authenticate:' | sed 's/^[^:]*: *//' | tr -d '\r')" \
    "git routes: only Basic, no 302"

say "git: a read-only push refused at POST git-receive-pack (northwind), Read & write pushes"
m=$(sim_mark)
run nw-clone git clone -q "https://nina:$P_NW_CODE@dev.azure.com/northwind/Shop/_git/shop" "$T/shop"
assert_eq 0 "$RUN_RC" "clone with vso.code (stderr: $(cat "$RUN_ERR"))"
echo change >>"$T/shop/file.txt"
git -C "$T/shop" -c user.name=Nina -c user.email=nina@northwind.example commit -qam "Nina's change"
nwnew=$(git -C "$T/shop" rev-parse HEAD)
run nw-push-code git -C "$T/shop" push -q origin main
assert_eq 1 "$RUN_RC" "push with vso.code only is rejected"
assert_contains "$(cat "$RUN_ERR")" "HTTP 401" "git's message"
assert_eq "${NW[1]}" "$(git -C "$R/northwind/shop.git" rev-parse main)" "server main unchanged"
run nw-push-write git -C "$T/shop" push -q "https://nina:$P_NW_WRITE@dev.azure.com/northwind/Shop/_git/shop" main
assert_eq 0 "$RUN_RC" "push with vso.code_write (stderr: $(cat "$RUN_ERR"))"
assert_eq "$nwnew" "$(git -C "$R/northwind/shop.git" rev-parse main)" "server main after the push"
assert_eq "git-info-refs 200 git-receive-pack|git-receive-pack 401 git-receive-pack|git-info-refs 200 git-receive-pack|git-receive-pack 200 git-receive-pack" \
    "$(node -e '
        const fs = require("fs");
        const m = Number(process.argv[2]);
        const v = fs.readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).slice(m).map(JSON.parse)
            .filter((r) => r.org === "northwind" && r.user !== null && (r.endpoint === "git-receive-pack" || /service=git-receive-pack/.test(r.query)))
            .map((r) => r.endpoint + " " + r.status + " git-receive-pack");
        console.log(v.join("|"));' "$SIM_LOG" "$m")" \
    "northwind: info/refs answered with vso.code, the POST refused with 401"
assert_eq 1 "$(sim_log_count 'r.org === "contoso" && r.user !== null && r.endpoint === "git-info-refs" && r.status === 401 && /service=git-receive-pack/.test(r.query)')" \
    "contoso (default): the read-only push refused at info/refs"

say "the log"
assert_eq "$(pat_sha "$P_CODE")" "$(sim_log_values 'r.endpoint === "git-upload-pack" && r.status === 200 && r.org === "contoso"' pat_sha)" \
    "pat_sha of the contoso clone"
for p in "$P_ALL" "$P_CODE" "$P_NOPROJ" "$P_EXPIRED" "$P_REVOKED" "$P_FAB" "$P_READS" "$P_LATER" "$P_HELD" \
    "$P_NW_CODE" "$P_NW_WRITE" "$P_NW_READS" "$P_TS"; do
    no_leak "$p" "$SIM_LOG" "$T/sim.out" "$T/sim.err"
done
[ "$(sim_count connectionData contoso)" -ge 10 ] || die "sim_count connectionData contoso too low"
ok "sim_count connectionData contoso = $(sim_count connectionData contoso)"
