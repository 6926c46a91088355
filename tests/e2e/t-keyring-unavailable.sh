#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Issue 12: the companion with the keyring (add, validate, doctor, the repair of a lost item), and a
# keyring that is locked, stopped in the middle or hangs: get serves nothing and says so in one
# line; store, erase and remove change nothing (the store's checksum and the keyring's items are
# the same before and after); after a restart with the keyring unlocked, get serves again.
. "$(dirname "$0")/lib.sh"
need_bin git-credential-gitzen
need_bin git-gitzen

world_two_orgs
sim_start
git_helper_config
keyring_start
REQ="$T/get-c.req"
printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\n' >"$REQ"
cred() { printf 'protocol=https\nhost=dev.azure.com\npath=contoso/Web/_git/web\nusername=alice\npassword=%s\n' "$1"; }
printf '%s\n' "$PAT_C" >"$T/pat"

say "add: validated, stored in the keyring (auto)"
run add git gitzen add contoso --pat-stdin <"$T/pat"
assert_eq 0 "$RUN_RC" "add's exit status ($(cat "$RUN_ERR"))"
keyring_secret_is contoso "$PAT_C" || die "add did not put the PAT in the keyring"
ok "the keyring holds the PAT"
grep -qF "$PAT_C" "$(store_file contoso)" && die "the PAT is in the entry file"
ok "the entry file does not hold it"
assert_contains "$(git gitzen list --json)" '"store":"secretservice"' "list --json"

say "validate reads the PAT from the keyring"
m=$(sim_mark)
run val git gitzen validate contoso
assert_eq 0 "$RUN_RC" "validate's exit status ($(cat "$RUN_ERR"))"
[ "$(sim_log_count "r.pat_sha === '$(pat_sha "$PAT_C")'" "$m")" -gt 0 ] || die "validate sent no request with the keyring's PAT"
ok "validate used the keyring's PAT"

say "doctor: the store and the item"
run doc git gitzen doctor
assert_contains "$(cat "$RUN_OUT")" "secret store: gitzen.secretStore is auto; the keyring answers" "doctor"
assert_contains "$(cat "$RUN_OUT")" 'contoso: the PAT is in the keyring (item "gitzen PAT for contoso (Azure DevOps)")' "doctor"

say "the item deleted behind gitzen's back: doctor and get say how to repair it; add repairs it"
timeout 5 secret-tool clear application gitzen org contoso
run doc2 git gitzen doctor
assert_contains "$(cat "$RUN_OUT")" "contoso: the entry says its PAT is in the keyring, but the keyring has no gitzen item for contoso: Git gets no PAT; add it again: git gitzen add contoso" "doctor"
run get0 git-credential-gitzen get <"$REQ"
assert_empty_file "$RUN_OUT" "get's stdout (item gone)"
assert_contains "$(cat "$RUN_ERR")" "run: git gitzen add contoso" "get's line"
run add2 git gitzen add contoso --pat-stdin <"$T/pat"
assert_eq 0 "$RUN_RC" "add's exit status ($(cat "$RUN_ERR"))"
run get1 git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get after the repair"

# nothing_changed WHAT: the store and the keyring are as they were (SUM, ITEMS)
nothing_changed() {
    assert_eq "$SUM" "$(store_sum)" "the store after $1"
    assert_eq "$ITEMS" "$(keyring_items contoso)" "gitzen items after $1"
}
# refused_all HOW: get, store of a new PAT, erase and remove with the keyring unusable
refused_all() {
    SUM=$(store_sum)
    ITEMS=1
    run g timeout 20 git-credential-gitzen get <"$REQ"
    assert_empty_file "$RUN_OUT" "get's stdout ($1)"
    assert_eq 1 "$(wc -l <"$RUN_ERR")" "get's stderr lines ($1)"
    assert_contains "$(cat "$RUN_ERR")" "$2" "get's line ($1)"
    cred "$(new_pat)" >"$T/new.req"
    run s timeout 20 git-credential-gitzen store <"$T/new.req"
    assert_eq 1 "$(wc -l <"$RUN_ERR")" "store's stderr lines ($1)"
    cred "$PAT_C" >"$T/old.req"
    run e timeout 20 git-credential-gitzen erase <"$T/old.req"
    assert_eq 1 "$(wc -l <"$RUN_ERR")" "erase's stderr lines ($1)"
    run r timeout 20 git gitzen remove contoso
    assert_eq 2 "$RUN_RC" "remove's exit status ($1)"
    assert_contains "$(cat "$RUN_ERR")" "nothing was removed" "remove's message ($1)"
    no_leak "$PAT_C" "$T"/out/*.err
}

say "the keyring locked (Secret Service Lock on the login collection)"
timeout 5 gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
    --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null
refused_all "locked" "gitzen: the keyring is locked; unlock it, or set gitzen.secretStore to file"
ITEMS=0 # a locked collection shows no items to secret-tool: the daemon is restarted to look
keyring_stop
keyring_start
ITEMS=1
nothing_changed "the locked keyring"
run get2 git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get once unlocked"

say "the keyring daemon stopped in the middle (by its PID)"
keyring_stop
refused_all "stopped" "no Secret Service answers"
keyring_start
nothing_changed "the stopped keyring"
run get3 git-credential-gitzen get <"$REQ"
assert_serves "$RUN_OUT" "$PAT_C" "get after a restart and unlock"

say "the keyring hangs (SIGSTOP): get gives up and says so"
SUM=$(store_sum)
keyring_freeze
run g4 timeout 20 git-credential-gitzen get <"$REQ"
keyring_thaw
assert_eq 0 "$RUN_RC" "get's exit status (frozen; 124 would be timeout's)"
assert_empty_file "$RUN_OUT" "get's stdout (frozen)"
assert_contains "$(cat "$RUN_ERR")" "the keyring did not answer in time; nothing was changed" "get's line (frozen)"
nothing_changed "the frozen keyring"

say "auto, the keyring answers but is locked with nobody to unlock it: a new PAT goes to the file"
timeout 5 gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
    --method org.freedesktop.Secret.Service.Lock "['/org/freedesktop/secrets/collection/login']" >/dev/null
printf 'protocol=https\nhost=dev.azure.com\npath=fabrikam/Api/_git/api\nusername=bob\npassword=%s\n' "$PAT_F" >"$T/f.req"
run sf git-credential-gitzen store <"$T/f.req"
assert_empty_file "$RUN_ERR" "store's stderr (auto, locked)"
grep -qF "$PAT_F" "$(store_file fabrikam)" || die "the new PAT is not in the file"
ok "the new PAT is in fabrikam's entry file"
