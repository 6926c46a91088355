#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Conformance: Microsoft's own Node client for Azure DevOps (azure-devops-node-api, pinned in
# package-lock.json, installed by install.sh) drives the simulator through the location service:
# connect(), projects, teams, repositories, one commit, a batch, a range, a work item update with
# validateOnly, service endpoint types, and the refusals for a Code (Read) PAT, a revoked PAT and an
# expired one, each checked for status and message. Runs under tests/e2e/sim-run (CTest e2e.conformance).
. "$TESTS_DIR/e2e/lib.sh"

: "${GITZEN_CONFORMANCE_MODULES:?set by CTest: the node_modules that tests/conformance/install.sh filled}"
[ -f "$GITZEN_CONFORMANCE_MODULES/azure-devops-node-api/package.json" ] ||
    die "azure-devops-node-api is not installed in $GITZEN_CONFORMANCE_MODULES (run tests/conformance/install.sh)"
say "azure-devops-node-api $(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$GITZEN_CONFORMANCE_MODULES/azure-devops-node-api/package.json" | head -n 1)"

R="$T/repos"
mapfile -t WEB < <(make_repo "$R/contoso/web.git" 3)
make_repo "$R/contoso/empty.git" 0
[ "${#WEB[@]}" -eq 3 ] || die "making the repository failed"
ALICE_ID=4f2c1a8e-9b3d-4e6f-a1c2-5d7e8f9a0b1c
P_ALL=$(new_pat)
P_READ=$(new_pat)
P_REVOKED=$(new_pat)
P_EXPIRED=$(new_pat)

scenario_write <<EOF_SCENARIO
{
  "orgs": {
    "contoso": {
      "users": {"alice": {"id": "$ALICE_ID", "display": "Alice Example", "unique": "alice@contoso.com"}},
      "projects": {
        "Web": {"repos": {"web": {"path": "$R/contoso/web.git"}}},
        "Empty": {"repos": {"empty": {"path": "$R/contoso/empty.git"}}}
      },
      "workitems": {"1": {"project": "Web", "fields": {"System.Title": "First item", "System.State": "New"}}}
    }
  },
  "pats": [
    {"token": "$P_ALL", "org": "contoso", "user": "alice",
     "scopes": ["vso.code_write", "vso.work_write", "vso.project", "vso.serviceendpoint_query", "vso.identity"]},
    {"token": "$P_READ", "org": "contoso", "user": "alice", "scopes": ["vso.code"]},
    {"token": "$P_REVOKED", "org": "contoso", "user": "alice", "scopes": "full", "revoked": true},
    {"token": "$P_EXPIRED", "org": "contoso", "user": "alice", "scopes": "full", "expires": "2020-01-01T00:00:00Z"}
  ],
  "faults": []
}
EOF_SCENARIO
(umask 077 && cat >"$T/conf.json" <<EOF_CONF
{"alice": "$ALICE_ID", "web": ["${WEB[0]}", "${WEB[1]}", "${WEB[2]}"],
 "pat": {"all": "$P_ALL", "codeRead": "$P_READ", "revoked": "$P_REVOKED", "expired": "$P_EXPIRED"}}
EOF_CONF
)
sim_start

# The client trusts the run's CA as git does (GIT_SSL_CAINFO).
run client env NODE_EXTRA_CA_CERTS="$GIT_SSL_CAINFO" CONF_JSON="$T/conf.json" SIM_LOG="$SIM_LOG" \
    node "$TESTS_DIR/conformance/conformance.js"
cat "$RUN_OUT"
[ "$RUN_RC" -eq 0 ] || die "the client and the simulator disagree: $(cat "$RUN_ERR")"
[ ! -s "$RUN_ERR" ] || die "the client wrote to stderr: $(cat "$RUN_ERR")"
ok "azure-devops-node-api and the simulator agree ($(grep -c '^ok - ' "$RUN_OUT") checks)"
for p in "$P_ALL" "$P_READ" "$P_REVOKED" "$P_EXPIRED"; do
    no_leak "$p" "$SIM_LOG" "$T/sim.out" "$T/sim.err" "$RUN_OUT" "$RUN_ERR"
done
