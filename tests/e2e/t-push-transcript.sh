#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole story of issue 10, as a new user lives it, printed as a transcript (the gitzen lines
# are shown as the user sees them; PATs only by digest): add with the guide's Code (Read) PAT →
# clone → push refused with the gitzen line → fetch works → rotate to a Read & write PAT → push
# works → the PAT is revoked → fetch fails with the gitzen line, and the next fetch does not send it.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
GUIDE='"vso.work_write", "vso.code", "vso.identity", "vso.project", "vso.serviceendpoint_query"'
sim_start
git_helper_config
show() { sed 's/^/    | /' "$1"; }

say "\$ git gitzen add contoso   (the guide's PAT: Code — Read)"
PAT_R=$(new_pat)
scenario_edit "s.pats.push({token: '$PAT_R', org: 'contoso', user: 'alice', scopes: [$GUIDE]})"
printf '%s\n' "$PAT_R" >"$T/pat-r.in"
run add git gitzen add contoso --pat-stdin <"$T/pat-r.in"
show "$RUN_OUT"
assert_eq 0 "$RUN_RC" "add exit status"
assert_contains "$(cat "$RUN_OUT")" "ok: all 5 scopes present" "add's report"
assert_contains "$(cat "$RUN_OUT")" "absent    Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen
            to push, use a PAT with it" "add's report: the push row and why"

say "\$ git clone $URL_C"
run clone git clone -q "$URL_C" "$T/web"
assert_eq 0 "$RUN_RC" "clone (stderr: $(cat "$RUN_ERR"))"

say "\$ git push   (a local commit)"
echo "mine" >"$T/web/mine.txt"
git -C "$T/web" add mine.txt
git -C "$T/web" -c user.name=Alice -c user.email=alice@contoso.com commit -qm "my change"
run push1 git -C "$T/web" push origin HEAD:main
show "$RUN_ERR"
[ "$RUN_RC" -ne 0 ] || die "the push with a Code (Read) PAT succeeded"
ok "push refused (exit $RUN_RC)"
assert_eq 1 "$(grep -c '^gitzen:' "$RUN_ERR")" "gitzen lines"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "Code (Read & write)" "the gitzen line"

say "\$ git fetch   (right after: works, nothing to repair)"
server_commit "$REPOS/contoso/web.git" "a colleague's change" >/dev/null
run fetch1 git -C "$T/web" fetch origin
show "$RUN_ERR"
assert_eq 0 "$RUN_RC" "fetch after the refused push"

say "\$ git gitzen add contoso   (rotation: a PAT with Code — Read & write)"
PAT_W=$(new_pat)
scenario_edit "s.pats.push({token: '$PAT_W', org: 'contoso', user: 'alice', scopes: ['vso.code_write', 'vso.work_write', 'vso.identity', 'vso.project', 'vso.serviceendpoint_query']})"
printf '%s\n' "$PAT_W" >"$T/pat-w.in"
run rotate git gitzen add contoso --pat-stdin <"$T/pat-w.in"
show "$RUN_OUT"
assert_eq 0 "$RUN_RC" "rotation exit status"
assert_contains "$(cat "$RUN_OUT")" "present   Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen" "rotation's report: the push row and why"

say "\$ git pull --rebase && git push"
run pull git -C "$T/web" -c user.name=Alice -c user.email=alice@contoso.com pull -q --rebase origin main
assert_eq 0 "$RUN_RC" "pull --rebase (stderr: $(cat "$RUN_ERR"))"
run push2 git -C "$T/web" push origin HEAD:main
show "$RUN_ERR"
assert_eq 0 "$RUN_RC" "push with the Read & write PAT"
assert_eq "$(git -C "$T/web" rev-parse HEAD)" "$(git -C "$REPOS/contoso/web.git" rev-parse main)" "server's main"

say "Azure DevOps revokes the PAT; \$ git fetch"
scenario_edit "s.pats.find((p) => p.token === '$PAT_W').revoked = true"
server_commit "$REPOS/contoso/web.git" "after the revocation" >/dev/null
run fetch2 git -C "$T/web" fetch origin
show "$RUN_ERR"
[ "$RUN_RC" -ne 0 ] || die "the fetch with a revoked PAT succeeded"
ok "fetch with the revoked PAT fails (exit $RUN_RC)"
assert_eq 1 "$(grep -c '^gitzen:' "$RUN_ERR")" "gitzen lines"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "rejected the PAT for contoso" "the gitzen line"

say "\$ git fetch   (again: the revoked PAT is not sent)"
m=$(sim_mark)
run fetch3 git -C "$T/web" fetch origin
show "$RUN_ERR"
[ "$RUN_RC" -ne 0 ] || die "the second fetch succeeded"
assert_eq 0 "$(sim_log_count "r.pat_sha === '$(pat_sha "$PAT_W")'" "$m")" "requests carrying the revoked PAT"
assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "git gitzen add contoso" "the gitzen line"

say "\$ git gitzen list"
run list git gitzen list
show "$RUN_OUT"
assert_contains "$(cat "$RUN_OUT")" "rejected — create a new PAT and run \`git gitzen add contoso\`" "list"

for p in "$PAT_R" "$PAT_W"; do
    no_leak "$p" "$T"/out/* "$SIM_LOG" "$T/sim.err"
done
