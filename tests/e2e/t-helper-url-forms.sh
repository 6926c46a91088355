#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/contract.md, "Remotes served": the organisation comes from the first path segment (with
# useHttpPath), else from the user name of https://{org}@dev.azure.com/..., else from the host label
# of {org}.visualstudio.com; dev.azure.com in any letter case, optionally with :443.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen

world_two_orgs
sim_start
git_helper_config
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$PAT_C" >"$T/seed-c.req"
run seed-c git credential-gitzen store <"$T/seed-c.req"
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/Api/_git/api\nusername=bob\npassword=%s\n' "$PAT_F" >"$T/seed-f.req"
run seed-f git credential-gitzen store <"$T/seed-f.req"
[ -f "$(store_file contoso)" ] && [ -f "$(store_file fabrikam)" ] || die "seeding the store failed"
ok "both PATs seeded"

n=0
clone_ok() { # URL EXPECTED-HEAD WHAT
    n=$((n + 1))
    local m
    m=$(sim_mark)
    run "clone$n" git clone -q "$1" "$T/c$n"
    assert_eq 0 "$RUN_RC" "$3: clone $1 (stderr: $(cat "$RUN_ERR"))"
    assert_eq "$2" "$(git -C "$T/c$n" rev-parse HEAD)" "$3: HEAD"
    [ "$(sim_log_count 'r.pat_sha !== null && r.status === 200' "$m")" -ge 2 ] ||
        die "$3: the simulator served no authenticated request"
}
clone_fails() { # URL WHAT
    n=$((n + 1))
    run "clone$n" git clone -q "$1" "$T/c$n"
    [ "$RUN_RC" -ne 0 ] || die "$2: clone $1 succeeded but must fail"
    assert_contains "$(cat "$RUN_ERR")" "terminal prompts disabled" "$2: git found no credential"
}

say "with credential.useHttpPath=true"
clone_ok "$URL_C" "${WEB_SHAS[2]}" "path form"
clone_ok "https://contoso@dev.azure.com/contoso/Web/_git/web" "${WEB_SHAS[2]}" "org@ and path form"
clone_ok "https://dev.azure.com/contoso/_git/web" "${WEB_SHAS[2]}" "/{org}/_git/{repo} form"
clone_ok "https://DEV.Azure.COM/contoso/Web/_git/web" "${WEB_SHAS[2]}" "host in other letter case"
clone_ok "https://dev.azure.com:443/contoso/Web/_git/web" "${WEB_SHAS[2]}" "host with :443"
clone_ok "https://dev.azure.com/CONTOSO/Web/_git/web" "${WEB_SHAS[2]}" "organisation in capitals"
clone_ok "https://fabrikam.visualstudio.com/Api/_git/api" "${API_SHAS[1]}" "{org}.visualstudio.com form"
clone_ok "https://fabrikam.visualstudio.com/DefaultCollection/Api/_git/api" "${API_SHAS[1]}" "visualstudio.com/DefaultCollection form"

say "WITHOUT credential.useHttpPath (git drops the path before asking the helper)"
git config --global --unset-all 'credential.https://dev.azure.com.useHttpPath'
git config --global --unset-all 'credential.https://*.visualstudio.com.useHttpPath'
clone_ok "https://contoso@dev.azure.com/contoso/Web/_git/web" "${WEB_SHAS[2]}" "org@ form without useHttpPath"
clone_ok "https://fabrikam@dev.azure.com/fabrikam/Api/_git/api" "${API_SHAS[1]}" "org@ form, fabrikam"
clone_ok "https://fabrikam.visualstudio.com/Api/_git/api" "${API_SHAS[1]}" "visualstudio.com without useHttpPath"
say "control: without the path and without org@ the helper cannot know the organisation"
clone_fails "$URL_C" "no path, no org@: no credential"
assert_eq 0 "$(sim_log_count "r.pat_sha === '$(pat_sha "$PAT_F")' && r.org === 'contoso'")" "fabrikam's PAT never sent to contoso"

sc=$(pat_sha "$PAT_C")
sf=$(pat_sha "$PAT_F")
assert_eq "$sc" "$(sim_log_values 'r.org === "contoso" && r.pat_sha !== null' pat_sha)" "PATs sent to contoso"
assert_eq "$sf" "$(sim_log_values 'r.org === "fabrikam" && r.pat_sha !== null' pat_sha)" "PATs sent to fabrikam"
no_leak "$PAT_C" "$T"/out/* "$SIM_LOG"
no_leak "$PAT_F" "$T"/out/* "$SIM_LOG"
