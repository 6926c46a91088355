# SPDX-License-Identifier: MIT
# contrib/hooks: commit-msg and pre-push warn about unresolvable gz# references, and refuse only
# with gitzen.strictRefs=true.
. "$TESTS_DIR/e2e/lib.sh"
need_bin git-gitzen
world_two_orgs
sim_start
git_helper_config
printf '%s\n' "$PAT_C" >"$T/p"; git gitzen add contoso --pat-stdin <"$T/p" >/dev/null; rm -f "$T/p"
git clone -q "$URL_C" "$T/web"
cd "$T/web"
git config user.name Dev; git config user.email dev@contoso.com
for h in commit-msg pre-push; do
    cp "$TESTS_DIR/../contrib/hooks/$h.sample" ".git/hooks/$h"
    chmod +x ".git/hooks/$h"
done

say "commit-msg"
echo a >>file.txt; git add file.txt
run c1 git commit -q -m "Fix, see gz#${WEB_SHAS[0]:0:8}"
assert_eq 0 "$RUN_RC" "commit with a resolvable reference"
assert_eq "" "$(cat "$RUN_ERR")" "hook output for a resolvable reference"
echo b >>file.txt; git add file.txt
run c2 git commit -q -m "Fix, see gz#deadbee0"
assert_eq 0 "$RUN_RC" "commit with an unresolvable reference (not strict)"
assert_contains "$(cat "$RUN_ERR")" "warning: gz#deadbee0: no such commit"
assert_eq "Fix, see gz#deadbee0" "$(git log -1 --format=%s)" "the commit was made"
git config gitzen.strictRefs true
echo c >>file.txt; git add file.txt
run c3 git commit -q -m "Fix, see gz#deadbee1"
assert_eq 1 "$RUN_RC" "commit with an unresolvable reference (strict)"
assert_contains "$(cat "$RUN_ERR")" "commit refused"
assert_eq "Fix, see gz#deadbee0" "$(git log -1 --format=%s)" "no commit was made"
run c4 git commit -q -m "Fix, see gz#${WEB_SHAS[1]:0:8}
# a comment line with gz#deadbee2 is not part of the message"
assert_eq 0 "$RUN_RC" "strict commit with a resolvable reference (and one in a comment)"
ok "commit-msg: warns, refuses only when strict, ignores comment lines"

say "pre-push"
git config gitzen.strictRefs false
mark=$(sim_mark)
run p1 git push -q origin HEAD:main
assert_eq 0 "$RUN_RC" "push (not strict) of a commit whose message names gz#deadbee0"
assert_contains "$(cat "$RUN_ERR")" "warning: gz#deadbee0: no such commit"
assert_eq 1 "$(sim_log_count 'r.endpoint === "git-receive-pack"' "$mark")" "receive-pack requests"
git config gitzen.strictRefs true
echo d >>file.txt; git add file.txt
git commit -q --no-verify -m "Another, gz#deadbee3"
mark=$(sim_mark)
run p2 git push -q origin HEAD:main
assert_eq 1 "$RUN_RC" "push (strict) of an unresolvable reference"
assert_contains "$(cat "$RUN_ERR")" "push refused"
assert_not_contains "$(cat "$RUN_ERR")" "gz#deadbee0" "commits already on the server are not checked again"
assert_eq 0 "$(sim_log_count 'r.endpoint === "git-receive-pack"' "$mark")" "receive-pack requests after a refusal"
run p3 git push -q origin HEAD:refs/heads/topic --no-verify
assert_eq 0 "$RUN_RC" "push --no-verify"
ok "pre-push: checks only the commits being pushed; refuses only when strict"
no_leak "$PAT_C" "$T"/out/*
