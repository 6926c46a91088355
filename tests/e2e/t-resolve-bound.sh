#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# git gitzen resolve bounds its remote lookups (issue 13 item 7): one REST request per distinct
# short SHA or repository, from text a customer wrote, is capped per run (default 100, Git's
# gitzen.maxRemoteLookups); the references past it are unchecked with ONE warning saying why and
# how to raise the bound. Full SHAs stay batched 100 per request under the bound.
. "$(dirname "$0")/lib.sh"
need_bin git-gitzen
world_two_orgs
mapfile -t BIG_SHAS < <(make_repo "$REPOS/contoso/big.git" 250)
scenario_edit "s.orgs.contoso.projects.Web.repos.big = {id: '$(new_guid)', path: '$REPOS/contoso/big.git'};"
sim_start
git_helper_config
printf '%s\n' "$PAT_C" >"$T/p"; git gitzen add contoso --pat-stdin <"$T/p" >/dev/null
rm -f "$T/p"
cd "$T" # outside any repository: every reference is qualified

commits() { sim_log_count '/^commit/.test(r.endpoint)' "$1"; }

# 150 distinct short SHAs no repository has, then full SHAs in 60 repositories that do not exist
node -e '
  const c = require("crypto"), seen = new Set();
  while (seen.size < 150) seen.add(c.randomBytes(4).toString("hex"));
  for (const s of seen) console.log(`gz#contoso/Web/web@${s}`);
  for (let i = 0; i < 60; i++) console.log(`gz#contoso/Web/r${i}@${c.randomBytes(20).toString("hex")}`);
' >"$T/flood.txt"

say "210 lookups needed, the default bound of 100"
mark=$(sim_mark)
run flood git gitzen resolve --json "$T/flood.txt"
assert_eq 1 "$RUN_RC" "exit status"
assert_eq 100 "$(commits "$mark")" "commit requests made"
n() { node -e 'const j=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log(j.refs.filter(r=>r.status===process.argv[2]&&(process.argv[3]===undefined||(r.message||"").includes(process.argv[3]))).length)' "$RUN_OUT" "$@"; }
assert_eq 100 "$(n not_found)" "references looked up (not found)"
assert_eq 110 "$(n unchecked 'not looked up: more than gitzen.maxRemoteLookups (100) remote lookups in this run')" "references past the bound"
assert_eq 1 "$(grep -c 'maxRemoteLookups' "$RUN_ERR")" "warnings about the bound"
assert_contains "$(cat "$RUN_ERR")" "warning: 110 references not looked up (unchecked): more than 100 remote lookups needed (gitzen.maxRemoteLookups bounds the requests one text makes with your PAT); raise it with: git config gitzen.maxRemoteLookups <n>"
assert_eq 101 "$(wc -l <"$RUN_ERR")" "stderr lines (100 not found, one for the bound)"
ok "100 requests, not 210; the 110 references past them unchecked, with one warning"

say "gitzen.maxRemoteLookups 300: everything is looked up, nothing warned about the bound"
git config --global gitzen.maxRemoteLookups 300
mark=$(sim_mark)
run raised git gitzen resolve --json "$T/flood.txt"
assert_eq 1 "$RUN_RC" "exit status"
assert_eq 210 "$(commits "$mark")" "commit requests made"
assert_eq 210 "$(n not_found)" "references looked up"
assert_not_contains "$(cat "$RUN_ERR")" "maxRemoteLookups" "stderr"
ok "raised bound: 210 requests, every reference looked up"

say "under a bound of 2, 250 full SHAs of one repository still go 100 per request"
for s in "${BIG_SHAS[@]}"; do printf 'gz#contoso/Web/big@%s\n' "$s"; done >"$T/big.txt"
git config --global gitzen.maxRemoteLookups 2
mark=$(sim_mark)
run batched git gitzen resolve --json "$T/big.txt"
assert_eq 1 "$RUN_RC" "exit status"
assert_eq 2 "$(sim_log_count 'r.endpoint === "commitsbatch"' "$mark")" "commitsbatch requests"
assert_eq 2 "$(commits "$mark")" "commit requests in all"
assert_eq 200 "$(n resolved)" "resolved"
assert_eq 50 "$(n unchecked 'not looked up')" "past the bound"
assert_contains "$(cat "$RUN_ERR")" "warning: 50 references not looked up (unchecked): more than 2 remote lookups needed"
assert_eq 1 "$(wc -l <"$RUN_ERR")" "stderr lines"
ok "2 batches of 100 resolved 200 SHAs; 50 unchecked, one warning"

say "the repository's own configuration counts; 0 makes no request at all, not even the PAT's check"
git clone -q "$URL_C" "$T/web"
git -C "$T/web" config gitzen.maxRemoteLookups 0
# validated two days ago: without the bound, resolve would check the PAT's Code (Read) scope first
node -e '
    const fs = require("fs"), f = process.argv[1], e = JSON.parse(fs.readFileSync(f, "utf8"));
    e.validated = Math.floor(Date.now() / 1000) - 2 * 86400; fs.writeFileSync(f, JSON.stringify(e));
' "$(store_file contoso)"
mark=$(sim_mark)
run zero git gitzen resolve --repo "$T/web" --json "$T/big.txt"
assert_eq 1 "$RUN_RC" "exit status"
assert_eq "$mark" "$(sim_mark)" "requests made with a bound of 0"
assert_eq 250 "$(n unchecked 'not looked up: more than gitzen.maxRemoteLookups (0)')" "unchecked"
assert_eq 1 "$(wc -l <"$RUN_ERR")" "stderr lines"
ok "gitzen.maxRemoteLookups 0 in the repository: nothing asked of Azure DevOps"

say "a bound that is not a number from 0 to 100000: exit 2, one line, nothing asked"
git config --global --unset-all gitzen.maxRemoteLookups
for bad in abc -1 100001 ""; do
    cp "$HOME/.gitconfig" "$T/gitconfig.saved"
    printf '[gitzen]\n\tmaxRemoteLookups = %s\n' "$bad" >>"$HOME/.gitconfig"
    assert_eq "$bad" "$(git config --global gitzen.maxRemoteLookups)" "the bound as Git reads it"
    mark=$(sim_mark)
    run "bad$bad" git gitzen resolve "$T/big.txt"
    assert_eq 2 "$RUN_RC" "exit status with gitzen.maxRemoteLookups=$bad"
    assert_eq "error: gitzen.maxRemoteLookups must be a number from 0 to 100000" "$(cat "$RUN_ERR")" "stderr"
    assert_empty_file "$RUN_OUT" "stdout"
    assert_eq "$mark" "$(sim_mark)" "requests made"
    mv "$T/gitconfig.saved" "$HOME/.gitconfig"
done
ok "bad bounds refused before any request"
no_leak "$PAT_C" "$T"/out/*
