#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# erase's re-check gets no answer in time (the simulator holds connectionData for this PAT past
# the 10 s bound): the helper returns within the bound (the companion is killed), the PAT is
# marked rejected, and the line points at `git gitzen validate contoso`, which re-checks it when
# Azure DevOps answers again, clears the mark and says so.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
GUIDE='"vso.work_write", "vso.code", "vso.identity", "vso.project", "vso.serviceendpoint_query"'
PAT_R=$(new_pat)
scenario_edit "s.pats.push({token: '$PAT_R', org: 'contoso', user: 'alice', scopes: [$GUIDE]})"
sim_start
git_helper_config
printf '%s\n' "$PAT_R" >"$T/pat.in"
run add git gitzen add contoso --pat-stdin <"$T/pat.in"
assert_eq 0 "$RUN_RC" "add"
run clone git clone -q "$URL_C" "$T/web"
assert_eq 0 "$RUN_RC" "clone"

say "connectionData for this PAT is held 30 s; a push is refused (Code Read) and Git erases"
scenario_edit "s.faults = [{pat: '$PAT_R', path_prefix: '/contoso/_apis/connectionData', delay_ms: 30000}]"
echo mine >"$T/web/mine.txt"
git -C "$T/web" add mine.txt
git -C "$T/web" -c user.name=Alice -c user.email=alice@contoso.com commit -qm mine
t0=$(date +%s%N)
run push git -C "$T/web" push origin HEAD:main
t1=$(date +%s%N)
ms=$(((t1 - t0) / 1000000))
[ "$RUN_RC" -ne 0 ] || die "the push succeeded"
ok "push refused (exit $RUN_RC) after $ms ms"
[ "$ms" -ge 9500 ] || die "the push returned after $ms ms: the re-check was not waited for"
[ "$ms" -lt 12500 ] || die "the push took $ms ms: the re-check was not bounded to 10 s"
ok "the helper's erase returned within the bound ($ms ms for the whole push; bound 10 s)"
assert_eq 1 "$(grep -c '^gitzen:' "$RUN_ERR")" "gitzen lines"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "did not answer the re-check within 10 s" "the gitzen line"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "git gitzen validate contoso" "the gitzen line"
rej=$(node -e 'const e=JSON.parse(require("fs").readFileSync(process.argv[1])); console.log(e.rejected > 0 ? "marked" : "not marked", e.recheck)' "$(store_file contoso)")
assert_eq "marked no-answer" "$rej" "the entry after the erase"

say "Azure DevOps answers again: validate re-checks it and says it cleared the mark"
scenario_edit "s.faults = []"
run validate git gitzen validate contoso
assert_eq 0 "$RUN_RC" "validate exit status"
assert_contains "$(cat "$RUN_OUT")" "contoso: the rejected mark is cleared" "validate's report"
run get git credential-gitzen get <<<"$(printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n')"
assert_serves "$RUN_OUT" "$PAT_R" "get after validate"
run validate2 git gitzen validate contoso
assert_not_contains "$(cat "$RUN_OUT")" "mark is cleared" "a second validate's report"
no_leak "$PAT_R" "$T"/out/*.err "$T"/out/validate*.out "$SIM_LOG" "$T/sim.err"
