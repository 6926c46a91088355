#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# docs/contract.md, "get": `git fetch` from two organisations, with the right PAT each,
# and no prompt.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen

world_two_orgs
sim_start
git_helper_config
say "git config: $(git config --global --get-regexp '^credential\.' | tr '\n' ';')"

say "seed contoso's PAT through 'git credential approve', fabrikam's through the helper's store"
run approve-c git credential approve <<EOF_REQ
url=$URL_C
username=alice
password=$PAT_C

EOF_REQ
assert_eq 0 "$RUN_RC" "git credential approve"
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/Api/_git/api\nusername=bob\npassword=%s\n' "$PAT_F" >"$T/store-f.req"
run store-f git credential-gitzen store <"$T/store-f.req"
assert_empty_file "$RUN_OUT" "store stdout"
assert_empty_file "$RUN_ERR" "store stderr"
assert_file_mode 600 "$(store_file contoso)"
assert_file_mode 600 "$(store_file fabrikam)"
assert_file_mode 700 "$(store_dir)"

say "clone both, no prompt (GIT_TERMINAL_PROMPT=0)"
run clone-c git clone -q "$URL_C" "$T/web"
assert_eq 0 "$RUN_RC" "clone contoso (stderr: $(cat "$RUN_ERR"))"
run clone-f git clone -q "$URL_F" "$T/api"
assert_eq 0 "$RUN_RC" "clone fabrikam (stderr: $(cat "$RUN_ERR"))"
assert_eq "${WEB_SHAS[2]}" "$(git -C "$T/web" rev-parse HEAD)" "contoso HEAD"
assert_eq "${API_SHAS[1]}" "$(git -C "$T/api" rev-parse HEAD)" "fabrikam HEAD"

say "new commits on both servers; fetch both"
c_new=$(server_commit "$REPOS/contoso/web.git" "contoso change")
f_new=$(server_commit "$REPOS/fabrikam/api.git" "fabrikam change")
run fetch-c git -C "$T/web" fetch -q origin
assert_eq 0 "$RUN_RC" "fetch contoso (stderr: $(cat "$RUN_ERR"))"
run fetch-f git -C "$T/api" fetch -q origin
assert_eq 0 "$RUN_RC" "fetch fabrikam (stderr: $(cat "$RUN_ERR"))"
assert_eq "$c_new" "$(git -C "$T/web" rev-parse origin/main)" "contoso origin/main"
assert_eq "$f_new" "$(git -C "$T/api" rev-parse origin/main)" "fabrikam origin/main"
for f in "$T"/out/clone-*.err "$T"/out/fetch-*.err; do
    assert_not_contains "$(cat "$f")" "terminal prompts disabled" "$(basename "$f")"
done

say "the simulator saw each organisation's own PAT, and never the other's"
sc=$(pat_sha "$PAT_C")
sf=$(pat_sha "$PAT_F")
assert_eq "$sc" "$(sim_log_values 'r.org === "contoso" && r.pat_sha !== null' pat_sha)" "PATs sent to contoso"
assert_eq "$sf" "$(sim_log_values 'r.org === "fabrikam" && r.pat_sha !== null' pat_sha)" "PATs sent to fabrikam"
sim_log_counts 0 "r.org === 'contoso' && r.pat_sha === '$sf'" "r.org === 'fabrikam' && r.pat_sha === '$sc'" \
    'r.pat_sha !== null && r.status === 401' \
    "r.org === 'contoso' && r.pat_sha === '$sc' && r.endpoint === 'git-upload-pack' && r.status === 200" \
    "r.org === 'fabrikam' && r.pat_sha === '$sf' && r.endpoint === 'git-upload-pack' && r.status === 200"
assert_eq 0 "${SIM_COUNTS[0]}" "requests to contoso with fabrikam's PAT"
assert_eq 0 "${SIM_COUNTS[1]}" "requests to fabrikam with contoso's PAT"
assert_eq 0 "${SIM_COUNTS[2]}" "requests with a PAT that were refused"
[ "${SIM_COUNTS[3]}" -ge 2 ] ||
    die "expected at least 2 successful upload-pack requests to contoso"
ok "contoso's clone and fetch were served with contoso's PAT"
[ "${SIM_COUNTS[4]}" -ge 2 ] ||
    die "expected at least 2 successful upload-pack requests to fabrikam"
ok "fabrikam's clone and fetch were served with fabrikam's PAT"

no_leak "$PAT_C" "$T"/out/* "$SIM_LOG"
no_leak "$PAT_F" "$T"/out/* "$SIM_LOG"
