#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A PAT Azure DevOps says has expired, with no expiry known locally (issue 16, survivor 1):
# `git gitzen validate` hears "has expired" from connectionData and records status "expired";
# from then on `get` answers nothing on stdout and one line on stderr — the expired hint — and
# Git is given no password to try. A new PAT (add) is served again.
. "$(dirname "$0")/lib.sh"
. "$TESTS_DIR/e2e/transcript.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
sim_start
SECRETS=("$PAT_C" "$PAT_F")
printf '%s\n' "$PAT_C" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add (stderr: $(cat "$RUN_ERR"))"
[ "$(node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(j.expires||0)' "$(store_file contoso)")" = 0 ] ||
    die "the entry has a local expiry; this test needs none"
ok "no expiry known locally"

say "control: before Azure DevOps says expired, get serves the PAT"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"
run get0 git credential-gitzen get <"$T/get.req"
assert_serves "$RUN_OUT" "$PAT_C" "get before"

say "Azure DevOps now answers 'has expired'; validate records it"
scenario_edit "s.pats.find((p) => p.org === 'contoso').expires = '2020-01-01T00:00:00Z'"
m=$(sim_mark)
run validate git gitzen validate contoso --json
assert_eq expired "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0].status)' "$RUN_OUT")" "validate --json status"
assert_eq 1 "$(sim_log_count "r.endpoint === 'connectionData' && r.status === 401" "$m")" "connectionData answered 401 (has expired)"
assert_eq expired "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).status)' "$(store_file contoso)")" "status in the store"

say "get answers nothing and says why, on one line"
check 0 git credential-gitzen get <<EOF
protocol=https
host=dev.azure.com
path=contoso/Web/_git/web
--
--
gitzen: Azure DevOps says the PAT for contoso has expired; create a new PAT and run: git gitzen add contoso
EOF
ok "get: no password, the expired hint"

say "the same through Git: git credential fill gets no password from gitzen"
git_helper_config
run fill git credential fill <"$T/get.req"
[ "$RUN_RC" -ne 0 ] || die "git credential fill succeeded with the expired PAT: $(sed 's/^password=.*/password=<redacted>/' "$RUN_OUT")"
ok "git credential fill fails (exit $RUN_RC)"
assert_not_contains "$(cat "$RUN_OUT")" "password=" "fill stdout"
assert_contains "$(cat "$RUN_ERR")" "has expired" "fill stderr"

say "a new PAT is served again"
PAT_N=$(new_pat)
SECRETS+=("$PAT_N")
scenario_edit "s.pats.push({token: '$PAT_N', org: 'contoso', user: 'alice', scopes: ['vso.code_write', 'vso.work_write', 'vso.identity', 'vso.project', 'vso.serviceendpoint_query']})"
printf '%s\n' "$PAT_N" >"$T/patn.in"
run add2 git gitzen add contoso --pat-stdin <"$T/patn.in"
assert_eq 0 "$RUN_RC" "add the new PAT"
run get2 git credential-gitzen get <"$T/get.req"
assert_serves "$RUN_OUT" "$PAT_N" "get after add"
assert_empty_file "$RUN_ERR" "get stderr after add"
no_leak "$PAT_C" "$T"/out/*.err "$SIM_LOG" "$T/sim.err"
no_leak "$PAT_N" "$T"/out/*.err "$SIM_LOG" "$T/sim.err"
