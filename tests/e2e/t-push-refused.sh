#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/contract.md, "erase": a push with the guide's Code (Read) PAT fails with one gitzen
# line naming Code (Read & write); the fetch right after it works, with nothing to repair — also
# after several refused pushes in a row. Azure DevOps may refuse such a push at
# GET info/refs?service=git-receive-pack or at POST git-receive-pack (docs/azure-devops.md: inferred
# either way): both are covered (the simulator's push_refused_at). Then a PAT with
# Code (Read & write), stored with `git gitzen add`, pushes.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
GUIDE='"vso.work_write", "vso.code", "vso.identity", "vso.project", "vso.serviceendpoint_query"'
sim_start
git_helper_config

n=0
for at in info-refs receive-pack; do
    n=$((n + 1))
    say "the simulator refuses a read-only push at ${at}"
    scenario_edit "s.push_refused_at = '$at'"
    PAT_R=$(new_pat)
    scenario_edit "s.pats.push({token: '$PAT_R', org: 'contoso', user: 'alice', scopes: [$GUIDE]})"
    printf '%s\n' "$PAT_R" >"$T/pat-r.in"
    run add-$n git gitzen add contoso --pat-stdin <"$T/pat-r.in"
    assert_eq 0 "$RUN_RC" "add of the guide's PAT (Code Read), exit status"
    assert_contains "$(cat "$RUN_OUT")" "absent    Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen
            to push, use a PAT with it" "add's report: the push row and why"
    run list-$n git gitzen list --json
    assert_eq "ok false" "$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0]; console.log(o.status+" "+o.push)' "$RUN_OUT")" "list --json status and push"

    rm -rf "$T/web"
    run clone-$n git clone -q "$URL_C" "$T/web"
    assert_eq 0 "$RUN_RC" "clone with the Code (Read) PAT (stderr: $(cat "$RUN_ERR"))"
    sr=$(pat_sha "$PAT_R")
    run status-$n git gitzen status --json --repo "$T/web"
    assert_eq "ok false" "$(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1])).remotes[0]; console.log(r.status+" "+r.push)' "$RUN_OUT")" "status --json: status and push of origin"

    for k in 1 2 3; do
        echo "change $k at $at" >>"$T/web/local.txt"
        git -C "$T/web" add local.txt
        git -C "$T/web" -c user.name=Alice -c user.email=alice@contoso.com commit -qm "change $k"
        m=$(sim_mark)
        run push-$n-$k git -C "$T/web" push origin HEAD:main
        [ "$RUN_RC" -ne 0 ] || die "push $k with a Code (Read) PAT succeeded"
        ok "push $k with the Code (Read) PAT is refused (exit $RUN_RC)"
        sim_log_counts "$m" \
            "r.pat_sha === '$sr' && r.status === 401 && r.endpoint === '$([ "$at" = info-refs ] && echo git-info-refs || echo git-receive-pack)'" \
            "r.pat_sha === '$sr' && r.endpoint === 'connectionData'"
        refused=${SIM_COUNTS[0]} rc_n=${SIM_COUNTS[1]}
        assert_eq 1 "$refused" "requests refused at $at in push $k"
        lines=$(grep -c '^gitzen:' "$RUN_ERR" || true)
        assert_eq 1 "$lines" "gitzen lines in push $k's stderr"
        assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "a push needs Code (Read & write), which this PAT lacks" "push $k's gitzen line"
        assert_contains "$(grep '^gitzen:' "$RUN_ERR")" "git gitzen add contoso" "push $k's gitzen line"
        if [ "$k" -eq 1 ]; then
            assert_eq 1 "$rc_n" "re-checks (connectionData) in push $k"
        else
            # a re-check a few seconds old is reused (GZ_RECHECK_REUSE_S)
            [ "$rc_n" -le 1 ] || die "push $k re-checked the PAT $rc_n times"
            ok "push $k: $rc_n re-check(s) (a result a few seconds old may be reused)"
        fi
    done

    say "the fetch right after works, with nothing to repair"
    server_commit "$REPOS/contoso/web.git" "someone else's change ($at)" >/dev/null
    m=$(sim_mark)
    run fetch-$n git -C "$T/web" fetch origin
    assert_eq 0 "$RUN_RC" "fetch after 3 refused pushes (stderr: $(cat "$RUN_ERR"))"
    assert_eq "$sr" "$(sim_log_values 'r.pat_sha !== null' pat_sha "$m")" "PATs sent in that fetch"
    assert_eq "" "$(grep '^gitzen:' "$RUN_ERR" || true)" "gitzen lines in the fetch's stderr"
    run list2-$n git gitzen list --json
    assert_eq "ok" "$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0].status)' "$RUN_OUT")" "list --json status after the refused pushes"
done

say "rotation to a PAT with Code (Read & write): the push goes through"
PAT_W=$(new_pat84)
scenario_edit "s.pats.push({token: '$PAT_W', org: 'contoso', user: 'alice', scopes: ['vso.code_write', 'vso.work_write', 'vso.identity', 'vso.project', 'vso.serviceendpoint_query']})"
printf '%s\n' "$PAT_W" >"$T/pat-w.in"
run add-w git gitzen add contoso --pat-stdin <"$T/pat-w.in"
assert_eq 0 "$RUN_RC" "add of the Read & write PAT"
assert_contains "$(cat "$RUN_OUT")" "present   Code — Read & write (to push)        vso.code_write
            only needed to push; not required by Git-Zen" "add's report: the push row and why"
run pull-w git -C "$T/web" -c user.name=Alice -c user.email=alice@contoso.com pull -q --rebase origin main
assert_eq 0 "$RUN_RC" "pull --rebase (stderr: $(cat "$RUN_ERR"))"
run push-w git -C "$T/web" push origin HEAD:main
assert_eq 0 "$RUN_RC" "push with the Read & write PAT (stderr: $(cat "$RUN_ERR"))"
assert_eq "$(git -C "$T/web" rev-parse HEAD)" "$(git -C "$REPOS/contoso/web.git" rev-parse main)" "the server's main after the push"
run list-w git gitzen list --json
assert_eq "ok true" "$(node -e 'const o=JSON.parse(require("fs").readFileSync(process.argv[1])).orgs[0]; console.log(o.status+" "+o.push)' "$RUN_OUT")" "list --json status and push"

for p in "$PAT_R" "$PAT_W"; do
    no_leak "$p" "$T"/out/* "$SIM_LOG" "$T/sim.err"
done
