#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# An expired PAT (Azure DevOps says so; no expiry was known locally): the fetch fails, erase's
# re-check hears "has expired", gitzen says expired at once and marks it expired (not rejected);
# `get` then serves nothing with the expired hint, and `git gitzen list` says expired.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
sim_start
git_helper_config
printf '%s\n' "$PAT_C" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add"
run clone git clone -q "$URL_C" "$T/web"
assert_eq 0 "$RUN_RC" "clone (stderr: $(cat "$RUN_ERR"))"

say "the PAT expires (Azure DevOps answers 'has expired')"
scenario_edit "s.pats.find((p) => p.org === 'contoso').expires = '2020-01-01T00:00:00Z'"
m=$(sim_mark)
run fetch1 git -C "$T/web" fetch origin
[ "$RUN_RC" -ne 0 ] || die "the fetch with an expired PAT succeeded"
ok "fetch with the expired PAT fails (exit $RUN_RC)"
assert_eq 1 "$(grep -c '^gitzen:' "$RUN_ERR")" "gitzen lines"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "Azure DevOps says the PAT for contoso has expired" "the gitzen line"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "marked expired" "the gitzen line"
assert_eq 1 "$(sim_log_count "r.endpoint === 'connectionData' && r.status === 401" "$m")" "re-checks (connectionData, 401 expired)"

say "get serves nothing and says expired; list says expired"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$T/get.req"
run get git credential-gitzen get <"$T/get.req"
assert_empty_file "$RUN_OUT" "get stdout"
assert_eq 1 "$(wc -l <"$RUN_ERR" | tr -d ' ')" "lines on get's stderr"
assert_contains "$(cat "$RUN_ERR")" "has expired" "get stderr"
run list git gitzen list --json
assert_eq expired "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0].status)' "$RUN_OUT")" "list --json status"
run list-h git gitzen list
assert_contains "$(cat "$RUN_OUT")" "expired — create a new PAT" "list"
m=$(sim_mark)
run fetch2 git -C "$T/web" fetch origin
[ "$RUN_RC" -ne 0 ] || die "the second fetch succeeded"
assert_eq 0 "$(sim_log_count "r.pat_sha === '$(pat_sha "$PAT_C")'" "$m")" "requests carrying the expired PAT in the next fetch"
no_leak "$PAT_C" "$T"/out/* "$SIM_LOG" "$T/sim.err"
